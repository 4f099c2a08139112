# Written by notebooks/08_schema_changes.ipynb: edit the notebook, not this file.
"""Migrations stay honest: one head, every step up and down, and no data lost on the way."""
import pytest
import sqlalchemy
from alembic.script import ScriptDirectory

from project.migrations import (
    ALEMBIC_DIR,
    apply_migrations,
    current_revision,
    downgrade_database,
    head_revision,
    revisions,
    sync_connection,
    upgrade_database,
)
from tests.support import query


def schema(db_url: str) -> dict:
    """Every table's columns (type, nullable), foreign keys and indexes: what a migration changes."""
    with sync_connection(db_url) as connection:
        inspector = sqlalchemy.inspect(connection)
        return {
            table: (
                {c["name"]: (str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)},
                inspector.get_foreign_keys(table),
                {i["name"]: (i["column_names"], i["unique"]) for i in inspector.get_indexes(table)},
            )
            for table in inspector.get_table_names()
            if table != "alembic_version"
        }


def for_sqlite(revision: str) -> bool:
    """Whether a revision changes SQLite at all: one for other kinds of database only says so
    in its module (e.g. `dialects = ("postgresql",)`)."""
    module = ScriptDirectory(str(ALEMBIC_DIR)).get_revision(revision).module
    return "sqlite" in getattr(module, "dialects", ("sqlite",))


def fill_at_0001(db_url: str) -> None:
    """Rows as the first release stored them: two artists, two albums, three tracks."""
    with sync_connection(db_url) as connection:
        connection.exec_driver_sql("INSERT INTO artists (id, name) VALUES (1, 'Nina Simone'), (2, 'Miles Davis')")
        connection.exec_driver_sql(
            "INSERT INTO albums (id, title, artist_id) VALUES (1, 'Pastel Blues', 1), (2, 'Kind of Blue', 2)"
        )
        connection.exec_driver_sql(
            "INSERT INTO tracks (id, title, album_id)"
            " VALUES (1, 'Be My Husband', 1), (2, 'So What', 2), (3, 'Sinnerman', 1)"
        )


def test_there_is_exactly_one_head():
    assert len(ScriptDirectory(str(ALEMBIC_DIR)).get_heads()) == 1


def test_an_empty_database_upgrades_one_revision_at_a_time(db_url):
    for revision in revisions():
        upgrade_database(db_url, revision)
        assert current_revision(db_url) == revision


def test_every_revision_downgrades_and_upgrades_again(db_url):
    below = "base"
    for revision in revisions():
        before = schema(db_url)
        upgrade_database(db_url, revision)
        after = schema(db_url)
        assert after != before or not for_sqlite(revision), f"{revision} changes nothing"
        downgrade_database(db_url, below)
        assert schema(db_url) == before, f"downgrading {revision} does not restore {below}"
        upgrade_database(db_url, revision)
        assert schema(db_url) == after, f"{revision} upgrades differently the second time"
        below = revision


def test_upgrading_a_populated_database_loses_no_row_and_no_value(db_url):
    upgrade_database(db_url, "0001")
    fill_at_0001(db_url)

    apply_migrations(db_url)  # what the app does when it starts

    assert current_revision(db_url) == head_revision()
    assert query(db_url, "SELECT id, name FROM artists ORDER BY id") == [(1, "Nina Simone"), (2, "Miles Davis")]
    assert query(db_url, "SELECT id, title, artist_id, year FROM albums ORDER BY id") == [
        (1, "Pastel Blues", 1, None),
        (2, "Kind of Blue", 2, None),
    ]
    # Each album's tracks are numbered in the order they were added.
    assert query(db_url, "SELECT id, title, album_id, number FROM tracks ORDER BY id") == [
        (1, "Be My Husband", 1, 1),
        (2, "So What", 2, 1),
        (3, "Sinnerman", 1, 2),
    ]
    assert query(db_url, "PRAGMA foreign_key_check") == []
    assert query(db_url, "PRAGMA integrity_check") == [("ok",)]


def test_downgrading_a_populated_database_keeps_the_rows_it_can(db_url):
    upgrade_database(db_url, "0001")
    fill_at_0001(db_url)
    upgrade_database(db_url)
    downgrade_database(db_url, "0001")
    assert query(db_url, "SELECT count(*) FROM artists") == [(2,)]
    assert query(db_url, "SELECT id, title, album_id FROM tracks ORDER BY id") == [
        (1, "Be My Husband", 1), (2, "So What", 2), (3, "Sinnerman", 1),
    ]
    assert query(db_url, "PRAGMA foreign_key_check") == []


@pytest.mark.slow
def test_the_app_started_on_a_database_at_0001_upgrades_it_before_serving(servers):
    server = servers()
    upgrade_database(server.db_url, "0001")
    fill_at_0001(server.db_url)

    response = server.wait_until_serving()

    assert response.status_code == 200, response.text
    assert [artist["name"] for artist in response.json()] == ["Nina Simone", "Miles Davis"]
    track = server.request("GET", "/tracks/3", expect=200).json()
    assert (track["title"], track["number"], track["album"]["year"]) == ("Sinnerman", 2, None)
    assert current_revision(server.db_url) == head_revision()


def test_at_head_a_parents_children_are_found_through_an_index(db_url):
    upgrade_database(db_url)
    for table, column in [("albums", "artist_id"), ("tracks", "album_id")]:
        [(*_, plan)] = query(db_url, f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = 1")
        assert "USING INDEX" in plan, f"{table} WHERE {column} = ...: {plan}"
