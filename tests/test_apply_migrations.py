# Written by notebooks/03_startup.ipynb: edit the notebook, not this file.
"""apply_migrations, which the app calls at start-up: alone, many at once, killed halfway,
waiting for another, and on a database it cannot write."""
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy
from alembic import command

from project.database import metadata
from project.migrations import (apply_migrations, current_revision, downgrade_database, head_revision,
                                migration_lock, revisions, sync_connection, upgrade_database)
from project.settings import StartupError
from tests.slow_start import SHORT_TIMEOUT, SLOWER_THAN_SHORT_TIMEOUT
from tests.support import ROOT, tables

AT_HEAD = set(metadata.tables) | {"alembic_version"}


def test_a_new_database_is_created_at_head(db_url):
    apply_migrations(db_url)
    assert tables(db_url) == AT_HEAD
    assert current_revision(db_url) == head_revision()
    apply_migrations(db_url)  # a second start finds it at head and changes nothing
    assert current_revision(db_url) == head_revision()


@pytest.mark.parametrize("older", ["base", *revisions()[:-1]])
def test_a_database_at_an_older_revision_is_upgraded(db_url, older):
    upgrade_database(db_url)
    downgrade_database(db_url, older)
    apply_migrations(db_url)
    assert current_revision(db_url) == head_revision()
    assert tables(db_url) == AT_HEAD


def test_tables_that_alembic_does_not_know_are_refused(db_url):
    with sync_connection(db_url) as connection:
        connection.exec_driver_sql("CREATE TABLE artists (id INTEGER PRIMARY KEY)")
    with pytest.raises(StartupError, match="no revision in alembic_version"):
        apply_migrations(db_url)
    upgrade_database(db_url, "base")  # an alembic_version with no revision in it
    with pytest.raises(StartupError, match="no revision in alembic_version"):
        apply_migrations(db_url)


def test_a_revision_this_code_does_not_have_is_refused(db_url):
    upgrade_database(db_url)
    with sync_connection(db_url) as connection:  # as a newer release would leave it
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(StartupError, match="is at revision 0099, which this code does not have"):
        apply_migrations(db_url)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    (tmp_path / "notes.db").write_text("not a database\n")
    with pytest.raises(StartupError, match="notes.db is not an SQLite database"):
        apply_migrations(f"sqlite+aiosqlite:///{tmp_path / 'notes.db'}")
    assert (tmp_path / "notes.db").read_text() == "not a database\n"


def test_a_lock_that_cannot_be_created_is_refused(tmp_path):
    name = "x" * 250 + ".db"  # a name the file system takes, but not its lock's, five characters longer
    with pytest.raises(StartupError, match=r"cannot create the migration lock .*\(File name too long\)"):
        apply_migrations(f"sqlite+aiosqlite:///{tmp_path / name}")


def test_a_failure_halfway_leaves_nothing_behind(db_url, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(command, "stamp", fail)  # fails after create_all, in the same transaction
    with pytest.raises(OSError):
        apply_migrations(db_url)
    assert tables(db_url) == set()


@pytest.mark.parametrize("existing", [False, True], ids=["new", "rollback-journal"])
def test_the_database_is_left_in_wal_mode(db_url, existing):
    if existing:  # made before this chapter: at head, in SQLite's default mode
        upgrade_database(db_url)
        assert journal_mode(db_url) == "delete"
    apply_migrations(db_url)
    assert journal_mode(db_url) == "wal"


def journal_mode(db_url: str) -> str:
    with sync_connection(db_url) as connection:
        return connection.exec_driver_sql("PRAGMA journal_mode").scalar()


def migrating(db_url: str, delay: float, go: Path | None = None) -> subprocess.Popen:
    """A process that applies migrations to `db_url`, its schema creation slowed by `delay`;
    once imported, it says "ready" and, given a file `go`, waits for it (slow_start.ready)."""
    wait = f"ready({str(go)!r})" if go else "ready()"
    code = (
        "from tests.slow_start import ready, slow_down_schema_creation\n"
        "from project.migrations import apply_migrations\n"
        f"slow_down_schema_creation({delay})\n"
        f"{wait}\n"
        f"apply_migrations({db_url!r})\n"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            bufsize=0)  # unbuffered: select() sees the pipe, not lines Python read ahead


def next_line(process: subprocess.Popen, timeout: float = 60) -> bytes:
    """The next line that a process from migrating() prints; b"nothing" if it prints none within
    `timeout` s, so that a process stuck as it starts fails the test rather than hangs it."""
    said = select.select([process.stdout], [], [], timeout)[0]
    line = process.stdout.readline() if said else b"nothing"
    assert line, f"the process exited: {last_error(process.stderr.read())}"
    return line


def last_error(stderr: bytes) -> str:
    lines = [line for line in stderr.decode().splitlines() if "Error" in line]
    return lines[-1] if lines else stderr.decode()[-200:]


@pytest.mark.slow
def test_eight_processes_at_once_all_end_at_head_and_one_migrates(db_url, tmp_path):
    db_url, go = db_url + SHORT_TIMEOUT, tmp_path / "go"
    callers = [migrating(db_url, SLOWER_THAN_SHORT_TIMEOUT, go=go) for _ in range(8)]
    assert [next_line(caller) for caller in callers] == [b"ready\n"] * 8
    go.touch()  # all eight at once
    outputs = [caller.communicate(timeout=120) for caller in callers]
    errors = [last_error(err) for caller, (_, err) in zip(callers, outputs) if caller.returncode]
    assert not errors, f"{len(errors)} of 8 failed, the first with: {errors[0]}"
    assert sum(out.count(b"migrating") for out, _ in outputs) == 1  # the other seven waited...
    assert sum(b"waiting for the migration lock" in err for _, err in outputs) == 7  # ...and said so
    assert current_revision(db_url) == head_revision()


@pytest.mark.slow
def test_a_process_killed_mid_migration_leaves_nothing_behind(db_url):
    crashed = migrating(db_url, delay=600)
    try:
        assert next_line(crashed) == b"ready\n"
        assert next_line(crashed) == b"migrating\n"  # it holds the lock, mid-transaction
    finally:
        crashed.kill()  # SIGKILL, as a crash would (and, should the test fail, no process left)
    crashed.communicate()
    assert tables(db_url) == set()  # the half-done migration was never committed
    apply_migrations(db_url)  # and the lock died with its holder: this one gets it at once
    assert current_revision(db_url) == head_revision()


@pytest.mark.slow
def test_a_process_that_waits_for_the_lock_says_so_and_gives_up_after_the_timeout(db_url):
    code = f"from project.migrations import apply_migrations; apply_migrations({db_url!r})"
    with migration_lock(db_url):  # another instance, migrating
        waiting = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=os.environ | {"MIGRATION_LOCK_TIMEOUT": "0.5"},
            capture_output=True, text=True, timeout=60,
        )
    log = waiting.stderr.splitlines()
    assert waiting.returncode != 0
    assert log[0].startswith("waiting for the migration lock"), waiting.stderr
    assert log[-1].startswith("project.settings.StartupError: gave up waiting for the migration lock")
    assert "after 0.5 s" in log[-1] and "MIGRATION_LOCK_TIMEOUT" in log[-1]
    assert tables(db_url) == set()  # it never got as far as migrating


@pytest.fixture
def read_only():
    """Make files or folders read-only for one test (as root: immutable, which stops root too)."""
    undo = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            mode = path.stat().st_mode
            path.chmod(mode & ~0o222)
            undo.append(lambda: path.chmod(mode))
        elif subprocess.run(["chattr", "+i", path], capture_output=True).returncode == 0:
            undo.append(lambda: subprocess.run(["chattr", "-i", path], check=True))
        else:
            pytest.skip("as root, only chattr +i makes a file read-only, and it is not allowed here")

    yield make
    for step in reversed(undo):
        step()


@pytest.mark.parametrize("what", ["file", "folder", "URL with mode=ro"])
def test_a_database_it_cannot_write_is_refused_at_start_up(db_url, tmp_path, read_only, what):
    apply_migrations(db_url)  # it started once, in good times, and left its lock file
    file = Path(sqlalchemy.make_url(db_url).database)
    if what == "file":
        read_only(file)
    elif what == "folder":  # SQLite cannot write its journal beside the file
        read_only(tmp_path)
    else:
        db_url = f"sqlite+aiosqlite:///file:{file}?mode=ro&uri=true"
    with pytest.raises(StartupError, match=f"the database {file} is read-only here"):
        apply_migrations(db_url)
