"""Check of exercise 03-1: a test that proves a database already at head keeps its rows.

The reader's test runs three times: on apply_migrations as it is (it must pass), and on two
versions broken on purpose (it must fail on each). This module is also the pytest plugin
(-p) that breaks apply_migrations: EXERCISE_BREAK says how.
"""
import os

import pytest

from tests.exercise_checking import passes_as_it_is, run_answer_test

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


@pytest.fixture(scope="module")
def runs() -> dict:
    """The reader's test run on apply_migrations as it is and on each broken one, all at once."""
    return run_answer_test("03_1", BREAKS)


def test_the_test_passes_on_apply_migrations_as_it_is(runs):
    passes_as_it_is(runs, ANSWER, "apply_migrations as it is, where a database at head keeps its rows")


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
