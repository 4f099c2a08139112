"""Check of exercise 07-2: a test that proves a refused delete (409) changes nothing.

The reader's test runs three times: on the app as it is (it must pass), and on two apps
broken on purpose (it must fail on each). This module is also the pytest plugin
(-p) that breaks the app: EXERCISE_BREAK says how.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ANSWER = "exercises/test_refused_delete.py"
BREAKS = {
    "albums_deleted": "the delete answers 409 but has already deleted the artist's albums",
    "not_refused": "the delete is not refused at all: it deletes the albums and the artist, and answers 204",
}


def pytest_sessionstart(session):
    """Break DELETE /artists/{id} as EXERCISE_BREAK says (project is imported by now)."""
    mode = os.environ.get("EXERCISE_BREAK")
    if not mode:
        return
    from fastapi import HTTPException

    from project.routes import artists

    async def delete_children_first(row, children):
        for child in await getattr(row, children).all():
            await child.delete()
        if mode == "albums_deleted":
            raise HTTPException(409, f"{type(row).__name__} {row.id} still has {children}")

    artists.refuse_if_children = delete_children_first


def run_answer(copy: Path, mode: str | None) -> subprocess.Popen:
    env = os.environ.copy()
    env.pop("EXERCISE_BREAK", None)
    if mode:
        env["EXERCISE_BREAK"] = mode
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:nbmake", "-p", "no:randomly",
         "-p", "tests.exercise_check_07_2", "--tb=line", "-c", "pytest.ini", str(copy)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )


@pytest.fixture(scope="module")
def runs() -> dict:
    """The reader's test run on the app as it is and on each broken app, all at once."""
    # As a module of tests/, so the test gets the chapter's fixtures (client, db).
    copy = Path("tests") / "exercise_answer_07_2.py"
    shutil.copy(os.environ["EXERCISE_ANSWER"], copy)
    try:
        started = {mode: run_answer(copy, mode) for mode in [None, *BREAKS]}
        outputs = {mode: process.communicate()[0] for mode, process in started.items()}
        return {mode: (started[mode].returncode, output) for mode, output in outputs.items()}
    finally:
        copy.unlink()


def last_lines(output: str) -> str:
    return "\n".join(output.strip().splitlines()[-6:])


def test_the_test_passes_on_the_app_as_it_is(runs):
    returncode, output = runs[None]
    assert returncode != 5, f"{ANSWER} holds no test function (its name must start with test_)"
    assert returncode == 0, (
        f"your test fails on the app as it is, where a refused delete changes nothing:\n{last_lines(output)}"
    )


def test_the_test_fails_when_the_refused_delete_removed_the_albums(runs):
    assert runs["albums_deleted"][0] != 0, (
        f"your test still passes when {BREAKS['albums_deleted']}: check that the albums are all still there"
    )


def test_the_test_fails_when_the_delete_is_not_refused(runs):
    assert runs["not_refused"][0] != 0, (
        f"your test still passes when {BREAKS['not_refused']}: check the status code and the artist"
    )
