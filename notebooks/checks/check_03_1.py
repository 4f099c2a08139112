"""Check of exercise 03-1: a test that proves a database already at head keeps its rows.

The reader's test runs three times: on apply_migrations as it is (it must pass), and on two
versions broken on purpose (it must fail on each). This module is also the pytest plugin
(-p) that breaks apply_migrations: EXERCISE_BREAK says how.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ANSWER = "exercises/test_at_head.py"
BREAKS = {
    "rows_lost": "apply_migrations, on a database at head, drops every table and creates them again, empty",
    "revision_lost": "apply_migrations, on a database at head, keeps the rows but stamps the database back to base",
}


def pytest_sessionstart(session):
    """Break apply_migrations as EXERCISE_BREAK says, before the reader's test imports it."""
    mode = os.environ.get("EXERCISE_BREAK")
    if not mode:
        return
    from project import migrations
    from project.database import metadata

    real = migrations.apply_migrations

    def broken(db_url: str) -> None:
        if migrations.current_revision(db_url) != migrations.head_revision():
            return real(db_url)  # a new or older database: as it should be
        if mode == "rows_lost":
            with migrations.sync_connection(db_url) as connection:
                metadata.drop_all(connection)
                connection.exec_driver_sql("DROP TABLE alembic_version")
            migrations.create_database(db_url)
        else:
            migrations.stamp_database(db_url, "base")

    migrations.apply_migrations = broken


def run_answer(copy: Path, mode: str | None) -> subprocess.Popen:
    env = os.environ.copy()
    env.pop("EXERCISE_BREAK", None)
    if mode:
        env["EXERCISE_BREAK"] = mode
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:nbmake", "-p", "no:randomly",
         "-p", "tests.exercise_check_03_1", "--tb=line", "-c", "pytest.ini", str(copy)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )


@pytest.fixture(scope="module")
def runs() -> dict:
    """The reader's test run on apply_migrations as it is and on each broken one, all at once."""
    # As a module of tests/, so the test gets the chapter's fixtures (db_url).
    copy = Path("tests") / "exercise_answer_03_1.py"
    shutil.copy(os.environ["EXERCISE_ANSWER"], copy)
    try:
        started = {mode: run_answer(copy, mode) for mode in [None, *BREAKS]}
        outputs = {mode: process.communicate()[0] for mode, process in started.items()}
        return {mode: (started[mode].returncode, output) for mode, output in outputs.items()}
    finally:
        copy.unlink()


def last_lines(output: str) -> str:
    return "\n".join(output.strip().splitlines()[-6:])


def test_the_test_passes_on_apply_migrations_as_it_is(runs):
    returncode, output = runs[None]
    assert returncode != 5, f"{ANSWER} holds no test function (its name must start with test_)"
    assert returncode == 0, (
        f"your test fails on apply_migrations as it is, where a database at head keeps its rows:\n"
        f"{last_lines(output)}"
    )


def test_the_test_fails_when_the_rows_are_lost(runs):
    assert runs["rows_lost"][0] != 0, (
        f"your test still passes when {BREAKS['rows_lost']}: "
        "insert rows before the second apply_migrations, and check they are all still there after it"
    )


def test_the_test_fails_when_the_revision_is_lost(runs):
    assert runs["revision_lost"][0] != 0, (
        f"your test still passes when {BREAKS['revision_lost']}: "
        "check that the database is still at head_revision() after the second apply_migrations"
    )
