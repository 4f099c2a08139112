# Written by notebooks/07_schema_changes.ipynb: edit the notebook, not this file.
"""Migrations stay honest: one head, every step up and down, and no data lost on the way."""
import sqlite3

import sqlalchemy
from alembic import command
from alembic.script import ScriptDirectory

from project.migrations import (
    MIGRATIONS_DIR,
    apply_migrations,
    current_revision,
    get_alembic_config,
    head_revision,
    sync_engine,
    upgrade_database,
)
from tests.test_migrations import db_url  # noqa: F401  (fixture: a database file that does not exist yet)
from tests.test_startup import start  # noqa: F401  (fixture: real uvicorn servers on tmp_path/music.db)


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def schema(db_url: str) -> dict:
    """Every table's columns (type, nullable) and foreign keys: what a migration changes."""
    engine = sync_engine(db_url)
    inspector = sqlalchemy.inspect(engine)
    try:
        return {
            table: (
                {c["name"]: (str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)},
                inspector.get_foreign_keys(table),
            )
            for table in inspector.get_table_names()
            if table != "alembic_version"
        }
    finally:
        engine.dispose()


def downgrade(db_url: str, revision: str) -> None:
    command.downgrade(get_alembic_config(db_url), revision)


def query(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(sql).fetchall()
    connection.close()
    return rows


def fill_at_0001(path) -> None:
    """Rows as the first release stored them: two artists, two albums, three tracks."""
    with sqlite3.connect(path) as connection:
        connection.executescript("""
            INSERT INTO artists (id, name) VALUES (1, 'Nina Simone'), (2, 'Miles Davis');
            INSERT INTO albums (id, title, artist_id) VALUES (1, 'Pastel Blues', 1), (2, 'Kind of Blue', 2);
            INSERT INTO tracks (id, title, album_id) VALUES
                (1, 'Be My Husband', 1), (2, 'So What', 2), (3, 'Sinnerman', 1);
        """)
    connection.close()


def test_there_is_exactly_one_head():
    assert len(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()) == 1
    assert revisions()[0] == "0001" and revisions()[-1] == head_revision()


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
        assert after != before, f"{revision} changes nothing"
        downgrade(db_url, below)
        assert schema(db_url) == before, f"downgrading {revision} does not restore {below}"
        upgrade_database(db_url, revision)
        assert schema(db_url) == after, f"{revision} upgrades differently the second time"
        below = revision


def test_upgrading_a_populated_database_loses_no_row_and_no_value(db_url):
    upgrade_database(db_url, "0001")
    path = sqlalchemy.make_url(db_url).database
    fill_at_0001(path)

    apply_migrations(db_url)  # what the app does when it starts

    assert current_revision(db_url) == head_revision()
    assert query(path, "SELECT id, name FROM artists ORDER BY id") == [(1, "Nina Simone"), (2, "Miles Davis")]
    assert query(path, "SELECT id, title, artist_id, year FROM albums ORDER BY id") == [
        (1, "Pastel Blues", 1, None),
        (2, "Kind of Blue", 2, None),
    ]
    # Each album's tracks are numbered in the order they were added.
    assert query(path, "SELECT id, title, album_id, number FROM tracks ORDER BY id") == [
        (1, "Be My Husband", 1, 1),
        (2, "So What", 2, 1),
        (3, "Sinnerman", 1, 2),
    ]
    assert query(path, "PRAGMA foreign_key_check") == []
    assert query(path, "PRAGMA integrity_check") == [("ok",)]


def test_downgrading_a_populated_database_keeps_the_rows_it_can(db_url):
    upgrade_database(db_url, "0001")
    path = sqlalchemy.make_url(db_url).database
    fill_at_0001(path)
    upgrade_database(db_url)
    downgrade(db_url, "0001")
    assert query(path, "SELECT count(*) FROM artists") == [(2,)]
    assert query(path, "SELECT id, title, album_id FROM tracks ORDER BY id") == [
        (1, "Be My Husband", 1), (2, "So What", 2), (3, "Sinnerman", 1),
    ]
    assert query(path, "PRAGMA foreign_key_check") == []


def test_the_app_started_on_a_database_at_0001_upgrades_it_before_serving(start, tmp_path):
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'music.db'}"  # where `start` serves from
    upgrade_database(db_url, "0001")
    fill_at_0001(tmp_path / "music.db")

    server = start(delay=0)
    response = server.first_response()

    assert response.status_code == 200, response.text
    assert [artist["name"] for artist in response.json()] == ["Nina Simone", "Miles Davis"]
    track = server.get("/tracks/3")
    assert (track["title"], track["number"], track["album"]["year"]) == ("Sinnerman", 2, None)
    assert current_revision(db_url) == head_revision()
