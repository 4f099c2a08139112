"""Check of exercise 07-2: a test that proves a refused delete (409) changes nothing.

The reader's test runs three times: on the app as it is (it must pass), and on two apps
broken on purpose (it must fail on each). This module is also the pytest plugin
(-p) that breaks the app: EXERCISE_BREAK says how.
"""
import os

import pytest

from tests.exercise_checking import passes_as_it_is, run_answer_test

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


@pytest.fixture(scope="module")
def runs() -> dict:
    """The reader's test run on the app as it is and on each broken app, all at once."""
    return run_answer_test("07_2", BREAKS)


def test_the_test_passes_on_the_app_as_it_is(runs):
    passes_as_it_is(runs, ANSWER, "the app as it is, where a refused delete changes nothing")


def test_the_test_fails_when_the_refused_delete_removed_the_albums(runs):
    assert runs["albums_deleted"][0] != 0, (
        f"your test still passes when {BREAKS['albums_deleted']}: check that the albums are all still there"
    )


def test_the_test_fails_when_the_delete_is_not_refused(runs):
    assert runs["not_refused"][0] != 0, (
        f"your test still passes when {BREAKS['not_refused']}: check the status code and the artist"
    )
