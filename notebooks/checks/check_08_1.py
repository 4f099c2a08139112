"""Check of exercise 08-1: a revision that makes album titles unique per artist, on a database
where an artist already has two albums of the same title."""
import pytest
import sqlalchemy

from project.migrations import current_revision, downgrade_database, sync_connection, upgrade_database
from tests.exercise_checking import revision_in_place
from tests.support import query

ANSWER = "exercises/0004_unique_album_titles.py"


@pytest.fixture(autouse=True, scope="module")
def revision():
    yield from revision_in_place("0004_exercise_check.py")


def upgrade(db_url: str, situation: str) -> None:
    try:
        upgrade_database(db_url, "0004")
    except Exception as error:
        message = str(error).split("\n")[0]
        raise AssertionError(f"upgrading {situation} to 0004 failed: {type(error).__name__}: {message}") from None


def insert_twice(db_url: str) -> str | None:
    """Insert two albums of the same title by one artist; the database's refusal, if any."""
    try:
        with sync_connection(db_url) as connection:
            connection.exec_driver_sql("INSERT INTO artists (id, name) VALUES (90, 'Twice')")
            connection.exec_driver_sql("INSERT INTO albums (title, artist_id) VALUES ('Same', 90), ('Same', 90)")
    except sqlalchemy.exc.IntegrityError as error:
        return str(error.orig)
    return None


def test_an_empty_database_refuses_a_second_album_of_the_same_title(db_url):
    upgrade(db_url, "an empty database")
    assert current_revision(db_url) == "0004", (
        f"after the upgrade the database is at {current_revision(db_url)}: "
        "the revision's id must be '0004', and its down_revision '0003'"
    )
    assert insert_twice(db_url) is not None, "at 0004, one artist can still have two albums titled 'Same'"
    downgrade_database(db_url, "0003")
    assert insert_twice(db_url) is None, "after downgrading to 0003, two albums titled 'Same' are still refused"


def fill_at_0003(db_url: str) -> None:
    """Nina Simone's 'Pastel Blues' entered twice (each with a track), and an album of the
    same title by another artist, which the constraint allows."""
    upgrade_database(db_url, "0003")
    with sync_connection(db_url) as connection:
        for sql in [
            "INSERT INTO artists (id, name) VALUES (1, 'Nina Simone'), (2, 'Someone Else')",
            "INSERT INTO albums (id, title, artist_id) VALUES (1, 'Pastel Blues', 1),"
            " (2, 'Pastel Blues', 2), (3, 'Pastel Blues', 1), (4, 'Wild Is the Wind', 1)",
            "INSERT INTO tracks (id, title, number, album_id) VALUES (1, 'Sinnerman', 1, 1), (2, 'Be My Husband', 1, 3)",
        ]:
            connection.exec_driver_sql(sql)


def test_a_populated_database_upgrades_and_keeps_every_row(db_url):
    fill_at_0003(db_url)
    upgrade(db_url, "a database where Nina Simone has two albums titled 'Pastel Blues'")
    albums = query(db_url, "SELECT id, artist_id, title FROM albums ORDER BY id")
    assert [(id, artist) for id, artist, _ in albums] == [(1, 1), (2, 2), (3, 1), (4, 1)], (
        f"after the upgrade the albums are {albums}: no album may be lost or moved (ids 1 to 4 had artists 1, 2, 1, 1)"
    )
    assert query(db_url, "SELECT id, album_id FROM tracks ORDER BY id") == [(1, 1), (2, 3)], (
        "after the upgrade the tracks are not on the albums they were on"
    )
    titles = {id: title for id, _, title in albums}
    assert titles[1] == "Pastel Blues" and titles[2] == "Pastel Blues" and titles[4] == "Wild Is the Wind", (
        f"after the upgrade the titles are {titles}: only the duplicate (album 3) should change; "
        "the oldest keeps its title, and another artist's album of the same title is no duplicate"
    )
    assert "Pastel Blues" in titles[3] and titles[3] != "Pastel Blues", (
        f"album 3 is now titled {titles[3]!r}: keep the title recognisable, e.g. 'Pastel Blues (2)'"
    )
    assert insert_twice(db_url) is not None, "at 0004, one artist can still have two albums titled 'Same'"
