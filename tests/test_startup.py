# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""Real uvicorn processes: the app migrates before it serves, also when eight start at once,
and when it cannot start, it says why in one line."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy

from project.migrations import apply_migrations, current_revision, head_revision, migration_lock, sync_connection
from tests.servers import all_at_once, free_port
from tests.slow_start import SHORT_TIMEOUT, SLOWER_THAN_SHORT_TIMEOUT
from tests.support import ROOT

pytestmark = pytest.mark.slow  # each test starts uvicorn


def test_the_first_request_already_finds_the_schema_at_head(servers):
    server = servers()
    assert server.wait_until_serving().json() == []
    assert current_revision(server.db_url) == head_revision()


def test_without_database_url_it_serves_music_db_in_the_working_folder(servers, tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    server = servers(db_url=None, cwd=folder)
    server.wait_until_serving()
    assert server.request("POST", "/artists", expect=201, json={"name": "Nina Simone"}).json()["id"] == 1
    assert current_revision(f"sqlite+aiosqlite:///{folder / 'music.db'}") == head_revision()
    # (and, while it serves, SQLite's write-ahead log beside it: chapter 3)
    found = {p.name for p in folder.iterdir()} - {"music.db-wal", "music.db-shm"}
    assert sorted(found) == ["music.db", "music.db.lock"]


def test_eight_instances_on_a_fresh_database_never_serve_before_head(servers, db_url, tmp_path):
    # Chapter 3's short timeout, and a migration slower than it.
    started = all_at_once(servers, 8, tmp_path / "go", db_url=db_url + SHORT_TIMEOUT, delay=SLOWER_THAN_SHORT_TIMEOUT)
    assert_they_took_turns(started, SLOWER_THAN_SHORT_TIMEOUT)


def assert_they_took_turns(started: list, slow: float) -> None:
    """Servers started at once on a fresh database (all_at_once), each one's schema creation
    slowed by `slow` seconds: none served before head, one migrated, the others waited for it."""
    began = time.monotonic()
    for server in started:
        assert server.wait_until_serving().json() == []
    assert time.monotonic() - began >= slow  # the slow migration really ran

    for server in started:
        server.request("POST", "/artists", expect=201, json={"name": f"via {server.port}"})
    for server in started:
        assert len(server.request("GET", "/artists", expect=200).json()) == len(started)

    outputs = [server.stop() for server in started]  # what each printed
    assert sum(out.count(b"migrating") for out in outputs) == 1  # one migrated...
    waited = sum("waiting for the migration lock" in s.log.read_text() for s in started)
    assert waited == len(started) - 1  # ...the others waited
    assert current_revision(started[0].db_url) == head_revision()


def test_a_request_that_fails_shows_the_server_log(servers):
    server = servers()
    server.wait_until_serving()
    with sync_connection(server.db_url) as connection:
        for table in ("tracks", "albums", "artists"):
            connection.exec_driver_sql(f"DROP TABLE {table}")
    server.request("GET", "/artists", expect=500)
    deadline = time.monotonic() + 30
    while "no such table: artists" not in server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)  # the server logs its error just after it answers
    with pytest.raises(AssertionError) as failure:
        server.request("GET", "/artists", expect=200)
    assert "server log, last lines:" in str(failure.value)
    assert "no such table: artists" in str(failure.value)


def uvicorn_that_cannot_start(cwd: Path, **env: str) -> list[str]:
    """Run `uvicorn project.app:app` in `cwd`, as typed in a terminal: it must stop, and not
    with 0. Its error lines (uvicorn's log), which must hold no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "project.app:app", "--port", str(free_port())],
        cwd=cwd, env=os.environ | {"PYTHONPATH": str(ROOT)} | env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("ERROR")]


BAD_SETTINGS = {
    "sync driver": ({"DATABASE_URL": "sqlite:///music.db"}, "the app needs sqlite+aiosqlite:///music.db"),
    "in memory": ({"DATABASE_URL": "sqlite+aiosqlite:///:memory:"}, "is a database in memory"),
    "missing folder": ({"DATABASE_URL": "sqlite+aiosqlite:///data/music.db"}, "the folder data does not exist"),
    "MySQL": ({"DATABASE_URL": "mysql+aiomysql://app:secret@db/music"}, "not supported yet"),
    "lock timeout": ({"MIGRATION_LOCK_TIMEOUT": "ten"}, "MIGRATION_LOCK_TIMEOUT='ten' is not a number"),
}


@pytest.mark.parametrize("env, says", BAD_SETTINGS.values(), ids=BAD_SETTINGS)
def test_a_bad_setting_stops_uvicorn_with_one_clear_line_and_writes_nothing(tmp_path, env, says):
    errors = uvicorn_that_cannot_start(tmp_path, **{"DATABASE_URL": "sqlite+aiosqlite:///music.db"} | env)
    assert errors[0].startswith("ERROR:    cannot start: ") and says in errors[0], errors
    assert errors[1:] == ["ERROR:    Application startup failed. Exiting."]
    assert list(tmp_path.iterdir()) == []


def test_a_lock_held_too_long_stops_uvicorn_with_one_clear_line(db_url, tmp_path):
    with migration_lock(db_url):  # another instance, migrating
        errors = uvicorn_that_cannot_start(tmp_path, DATABASE_URL=db_url, MIGRATION_LOCK_TIMEOUT="0.5")
    assert errors[0].startswith("ERROR:    cannot start: gave up waiting for the migration lock"), errors
    assert errors[1:] == ["ERROR:    Application startup failed. Exiting."]


def test_a_read_only_database_stops_uvicorn_with_one_clear_line(db_url, tmp_path):
    apply_migrations(db_url)
    file = sqlalchemy.make_url(db_url).database
    errors = uvicorn_that_cannot_start(tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///file:{file}?mode=ro&uri=true")
    assert errors[0].startswith(f"ERROR:    cannot start: the database {file} is read-only here"), errors
    assert errors[1:] == ["ERROR:    Application startup failed. Exiting."]
