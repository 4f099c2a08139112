"""Check of exercise 02-1: a revision written by hand, an index on tracks.title, up and down."""
import pytest
import sqlalchemy

from project.migrations import current_revision, downgrade_database, sync_connection, upgrade_database
from tests.exercise_checking import revision_in_place

ANSWER = "exercises/0002_track_title_index.py"


@pytest.fixture(autouse=True, scope="module")
def revision():
    yield from revision_in_place("0002_exercise_check.py")


def indexes(db_url: str) -> dict[str, list[str]]:
    """The tracks table's indexes: {name: columns}."""
    with sync_connection(db_url) as connection:
        return {i["name"]: i["column_names"] for i in sqlalchemy.inspect(connection).get_indexes("tracks")}


def migrate(step, db_url: str, revision: str) -> None:
    try:
        step(db_url, revision)
    except Exception as error:
        message = str(error).split("\n")[0]
        raise AssertionError(f"{step.__name__}(db_url, {revision!r}) failed: {type(error).__name__}: {message}") from None


def test_the_upgrade_adds_the_index(db_url):
    migrate(upgrade_database, db_url, "0002")
    assert current_revision(db_url) == "0002", (
        f"after the upgrade the database is at {current_revision(db_url)}: "
        "the revision's id must be '0002', and its down_revision '0001'"
    )
    found = indexes(db_url)
    assert found.get("ix_tracks_title") == ["title"], (
        f"at 0002 the tracks table has the indexes {found}; it should have ix_tracks_title, on title"
    )


def test_the_downgrade_removes_it_and_the_upgrade_runs_again(db_url):
    migrate(upgrade_database, db_url, "0002")
    migrate(downgrade_database, db_url, "0001")
    found = indexes(db_url)
    assert found == {}, f"after downgrading to 0001 the tracks table still has the indexes {found}"
    migrate(upgrade_database, db_url, "0002")
    assert "ix_tracks_title" in indexes(db_url), "upgrading again after the downgrade gives no index"
