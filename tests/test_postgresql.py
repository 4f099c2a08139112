# Written by notebooks/11_production.ipynb: edit the notebook, not this file.
"""The app on PostgreSQL: its settings, its migration lock, its revisions on a populated
database. Tests that need a server get a new, empty database on it (pg_url), except the two that
end the app's connections, which use the app's own; the checks of bad settings need no server."""
import asyncio
import re
import socket
import threading

import httpx
import pytest
import sqlalchemy
from alembic import command

from project.migrations import (apply_migrations, current_revision, downgrade_database, get_alembic_config,
                                head_revision, migration_lock, revisions, sync_connection, upgrade_database)
from project import migrations
from project.database import database
from project.settings import StartupError
from tests.support import tables
from tests.test_apply_migrations import AT_HEAD, migrating, next_line

BAD_URLS = {
    "sync driver": ("postgresql://app:secret@127.0.0.1/music", "the app needs postgresql+asyncpg://app:***@"),
    "postgres://": ("postgres://app:secret@127.0.0.1/music", "the app needs postgresql+asyncpg://app:***@"),
    "password in the query": ("postgres://app@127.0.0.1/music?password=secret", "/music?password=***"),
    "no server, password in the query": ("postgresql+asyncpg://app@127.0.0.1:9/music?password=secret",
                                         "cannot connect to the database"),
    "no database": ("postgresql+asyncpg://app:secret@127.0.0.1", "names no database"),
    "sslmode": ("postgresql+asyncpg://app:secret@127.0.0.1/music?sslmode=require", "write ?ssl=require"),
    "no server": ("postgresql+asyncpg://app:secret@127.0.0.1:9/music", "cannot connect to the database"),
}


@pytest.mark.parametrize("url, says", BAD_URLS.values(), ids=BAD_URLS)
def test_a_postgresql_url_the_app_cannot_use_stops_it_in_one_line(url, says):
    with pytest.raises(StartupError) as error:
        apply_migrations(url)
    message = str(error.value)
    assert says in message and "\n" not in message, message
    assert "secret" not in message


def test_a_server_that_never_answers_stops_start_up_in_one_line(monkeypatch):
    monkeypatch.setattr(migrations, "CONNECT_TIMEOUT", 2)  # seconds: the least libpq takes
    errors = []

    def start(url):  # in a thread of its own: a start-up that waits for ever fails the test, not hangs it
        try:
            apply_migrations(url)
        except BaseException as error:  # noqa: B036 (whatever it is, the test shows it)
            errors.append(error)

    with socket.socket() as silent:  # the system takes its connections; it never answers one
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"postgresql+asyncpg://app:secret@127.0.0.1:{silent.getsockname()[1]}/music"
        starting = threading.Thread(target=start, args=(url,), daemon=True)
        starting.start()
        starting.join(10)
    assert not starting.is_alive(), "start-up still waits for a server that never answers"
    assert isinstance(errors[0], StartupError), errors
    assert re.fullmatch(r"cannot connect to the database .*: timeout expired", str(errors[0])), errors


@pytest.mark.slow
def test_the_app_serves_on_postgresql_from_its_first_request(servers, pg_url):
    server = servers(db_url=pg_url)
    assert server.wait_until_serving().json() == []
    assert current_revision(pg_url) == head_revision()
    assert server.request("POST", "/artists", expect=201, json={"name": "Nina Simone"}).json()["id"] == 1


def test_ssl_in_the_url_reaches_both_drivers(pg_url):
    url = f"{pg_url}?ssl=prefer"  # TLS if the server offers it: asyncpg's spelling, and libpq's
    apply_migrations(url)
    assert current_revision(url) == head_revision()


@pytest.mark.slow
def test_an_instance_killed_mid_migration_leaves_no_half_schema(pg_url):
    crashed = migrating(pg_url, delay=600)
    try:
        assert next_line(crashed) == b"ready\n"
        assert next_line(crashed) == b"migrating\n"  # it holds the lock, mid-transaction
    finally:
        crashed.kill()  # SIGKILL, as a crash would (and, should the test fail, no process left)
    crashed.communicate()
    assert tables(pg_url) == set()  # its transaction died with its connection
    apply_migrations(pg_url)  # and so did its lock: this one gets it at once
    assert tables(pg_url) == AT_HEAD and current_revision(pg_url) == head_revision()


def test_an_instance_that_waits_too_long_gives_up_in_one_line(pg_url, monkeypatch):
    monkeypatch.setenv("MIGRATION_LOCK_TIMEOUT", "0.5")
    with migration_lock(pg_url):  # another instance, migrating
        with pytest.raises(StartupError, match=r"gave up waiting for the migration lock .* after 0.5 s"):
            apply_migrations(pg_url)
    assert tables(pg_url) == set()


def test_tables_alembic_does_not_know_are_refused_without_the_password(pg_url):
    with sync_connection(pg_url) as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER)")
    with pytest.raises(StartupError, match="no revision in alembic_version") as error:
        apply_migrations(pg_url)
    assert str(error.value).startswith(f"{sqlalchemy.make_url(pg_url).render_as_string()} has tables")  # ***


def test_a_bad_pool_size_stops_start_up_in_one_line(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_SIZE", "many")
    with pytest.raises(StartupError, match=r"^DATABASE_POOL_SIZE='many' is not a whole number of connections"):
        apply_migrations("postgresql+asyncpg://app:secret@127.0.0.1/music")


def end_the_apps_connections(but: int = 0) -> None:
    """pg_terminate_backend on every connection to the app's database but this one and `but`."""
    with sync_connection(database.url) as connection:
        connection.execute(sqlalchemy.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid NOT IN (pg_backend_pid(), :but)"), {"but": but})


def app_client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.mark.anyio
async def test_a_connection_the_server_ended_never_reaches_a_request(app_on_postgresql):
    async with app_client(app_on_postgresql) as client:
        assert (await client.get("/artists")).status_code == 200  # a connection, back in the pool
        end_the_apps_connections()
        assert (await client.get("/artists")).status_code == 200  # checked, and replaced


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "body", "retry_after"), [("GET", None, "1"), ("POST", {"name": "Nina"}, None)])
async def test_a_connection_lost_during_a_request_is_a_503(app_on_postgresql, method, body, retry_after):
    async with app_client(app_on_postgresql) as client:
        with sync_connection(database.url) as holder:
            holder.exec_driver_sql("LOCK TABLE artists")  # until this block ends: the request waits
            request = asyncio.create_task(client.request(method, "/artists", json=body))
            await a_request_waits_for_a_lock()
            end_the_apps_connections(but=holder.exec_driver_sql("SELECT pg_backend_pid()").scalar())
            response = await request
        assert response.status_code == 503, response.text
        assert response.headers.get("Retry-After") == retry_after
        assert (await client.get("/artists")).json() == []


async def a_request_waits_for_a_lock() -> None:
    for _ in range(100):
        with sync_connection(database.url) as connection:
            if connection.exec_driver_sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                          "AND wait_event_type = 'Lock'").scalar():
                return
        await asyncio.sleep(0.05)
    raise AssertionError("no request waits for the lock")


def test_the_models_match_the_migrations(pg_url):
    upgrade_database(pg_url)
    command.check(get_alembic_config(pg_url))  # `alembic check`, as chapter 2's test on SQLite


def test_every_revision_downgrades_and_upgrades_again(pg_url):
    upgrade_database(pg_url)
    for revision in reversed(["base", *revisions()[:-1]]):
        downgrade_database(pg_url, revision)
        assert current_revision(pg_url) == (None if revision == "base" else revision)
    upgrade_database(pg_url)
    assert tables(pg_url) == AT_HEAD


def test_a_populated_database_at_0001_upgrades_to_head_every_track_numbered(pg_url):
    upgrade_database(pg_url, "0001")
    with sync_connection(pg_url) as connection:
        connection.exec_driver_sql("INSERT INTO artists (name) VALUES ('Nina Simone')")
        connection.exec_driver_sql("INSERT INTO albums (title, artist_id) VALUES ('Pastel Blues', 1), ('Baltimore', 1)")
        for album_id in (1, 2, 1, 2, 1):
            connection.exec_driver_sql(f"INSERT INTO tracks (title, album_id) VALUES ('a song', {album_id})")
    upgrade_database(pg_url)
    with sync_connection(pg_url) as connection:
        numbers = connection.exec_driver_sql("SELECT album_id, number FROM tracks ORDER BY id").fetchall()
        assert numbers == [(1, 1), (2, 1), (1, 2), (2, 2), (1, 3)]
        connection.exec_driver_sql(f"INSERT INTO artists (id, name) VALUES ({2**53 - 1}, 'the largest id')")
