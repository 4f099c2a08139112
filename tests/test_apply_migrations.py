# Written by notebooks/03_startup.ipynb: edit the notebook, not this file.
"""apply_migrations, which the app calls at start-up: alone, many at once, and killed halfway."""
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from project.database import metadata
from project.migrations import (
    apply_migrations,
    current_revision,
    downgrade_database,
    head_revision,
    revisions,
    sync_connection,
    upgrade_database,
)
from tests.slow_start import SLOWER_THAN_SQLITE_TIMEOUT
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
    with pytest.raises(RuntimeError, match="no alembic_version"):
        apply_migrations(db_url)


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


def migrating(db_url: str, delay: float, start: Path | None = None) -> subprocess.Popen:
    """A process that applies migrations to `db_url`, its schema creation slowed by `delay`.

    It prints "ready" once imported, then, given `start`, waits for that file to exist:
    processes started one after the other then all begin migrating at the same moment.
    """
    code = (
        f"from tests.slow_start import slow_down_schema_creation; slow_down_schema_creation({delay})\n"
        "from project.migrations import apply_migrations\n"
        "import pathlib, time\n"
        "print('ready', flush=True)\n"
        f"while {start is not None} and not pathlib.Path({str(start)!r}).exists():\n"
        "    time.sleep(0.01)\n"
        f"apply_migrations({db_url!r})\n"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def last_error(stderr: bytes) -> str:
    lines = [line for line in stderr.decode().splitlines() if "Error" in line]
    return lines[-1] if lines else stderr.decode()[-200:]


def test_eight_processes_at_once_all_end_at_head_and_one_migrates(db_url, tmp_path):
    go = tmp_path / "go"
    callers = [migrating(db_url, SLOWER_THAN_SQLITE_TIMEOUT, start=go) for _ in range(8)]
    assert [caller.stdout.readline() for caller in callers] == [b"ready\n"] * 8
    go.touch()  # all eight at once
    outputs = [caller.communicate(timeout=120) for caller in callers]
    errors = [last_error(err) for caller, (_, err) in zip(callers, outputs) if caller.returncode]
    assert not errors, f"{len(errors)} of 8 failed, the first with: {errors[0]}"
    assert sum(out.count(b"migrating") for out, _ in outputs) == 1  # the other seven waited
    assert current_revision(db_url) == head_revision()


def test_a_process_killed_mid_migration_leaves_nothing_behind(db_url):
    crashed = migrating(db_url, delay=600)
    assert crashed.stdout.readline() == b"ready\n"
    assert crashed.stdout.readline() == b"migrating\n"  # it holds the lock, mid-transaction
    crashed.send_signal(signal.SIGKILL)
    crashed.communicate()
    assert tables(db_url) == set()  # the half-done migration was never committed
    apply_migrations(db_url)  # and the lock died with its holder: this one gets it at once
    assert current_revision(db_url) == head_revision()
