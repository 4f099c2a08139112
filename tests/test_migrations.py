# Written by notebooks/06_tests.ipynb: edit the notebook, not this file.
"""The migration helpers: create, stamp, upgrade, and apply from many processes at once."""
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy
from alembic import command

from project.database import metadata
from project.migrations import (
    apply_migrations,
    create_database,
    current_revision,
    get_alembic_config,
    head_revision,
    stamp_database,
    sync_engine,
    upgrade_database,
)

ROOT = Path(__file__).resolve().parents[1]
MODEL_TABLES = {"artists", "albums", "tracks"}


@pytest.fixture
def db_url(tmp_path) -> str:
    """The URL of a database file that does not exist yet."""
    return f"sqlite+aiosqlite:///{tmp_path / 'music.db'}"


def tables(db_url: str) -> set[str]:
    engine = sync_engine(db_url)
    try:
        return set(sqlalchemy.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_create_database_makes_the_tables_and_stamps_head(db_url):
    create_database(db_url)
    assert tables(db_url) == MODEL_TABLES | {"alembic_version"}
    assert current_revision(db_url) == head_revision()


def test_stamp_database_records_the_revision_and_runs_nothing(db_url):
    engine = sync_engine(db_url)
    with engine.begin() as connection:
        metadata.create_all(connection)
    engine.dispose()
    assert current_revision(db_url) is None
    stamp_database(db_url)
    assert current_revision(db_url) == head_revision()
    assert tables(db_url) == MODEL_TABLES | {"alembic_version"}


def test_upgrade_database_runs_the_migrations(db_url):
    upgrade_database(db_url)
    assert tables(db_url) == MODEL_TABLES | {"alembic_version"}
    assert current_revision(db_url) == head_revision()


def test_apply_migrations_creates_and_stamps_a_new_database(db_url):
    apply_migrations(db_url)
    assert current_revision(db_url) == head_revision()
    apply_migrations(db_url)  # a second start finds it at head and changes nothing
    assert current_revision(db_url) == head_revision()


@pytest.mark.parametrize("older", ["base", "0001"])
def test_apply_migrations_upgrades_a_database_at_an_older_revision(db_url, older):
    upgrade_database(db_url)
    command.downgrade(get_alembic_config(db_url), older)
    assert current_revision(db_url) == (None if older == "base" else older)
    apply_migrations(db_url)
    assert current_revision(db_url) == head_revision()
    assert tables(db_url) == MODEL_TABLES | {"alembic_version"}


def test_apply_migrations_refuses_tables_that_alembic_does_not_know(db_url):
    engine = sync_engine(db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE artists (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with pytest.raises(RuntimeError, match="no alembic_version"):
        apply_migrations(db_url)


def test_a_failed_creation_leaves_nothing_half_written(db_url, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(command, "stamp", fail)  # fails after create_all, in the same transaction
    with pytest.raises(OSError):
        apply_migrations(db_url)
    assert tables(db_url) == set()


def test_many_concurrent_callers_all_end_at_head(db_url):
    script = (
        "from tests.slow_start import slow_down_schema_creation, SLOWER_THAN_SQLITE_TIMEOUT\n"
        "slow_down_schema_creation(SLOWER_THAN_SQLITE_TIMEOUT)\n"
        "from project.migrations import apply_migrations\n"
        f"apply_migrations({db_url!r})\n"
    )
    callers = [
        subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(8)
    ]
    outputs = [caller.communicate(timeout=120) for caller in callers]
    assert [caller.returncode for caller in callers] == [0] * 8, [err.decode() for _, err in outputs]
    # Exactly one of them created the schema; the other seven waited, then found it at head.
    assert sum(out.count(b"migrating") for out, _ in outputs) == 1
    assert current_revision(db_url) == head_revision()


def test_the_models_match_the_migrations(db_url):
    upgrade_database(db_url)
    command.check(get_alembic_config(db_url))  # raises if autogenerate would find a change


def test_the_alembic_command_line_works_from_the_repository_root(db_url):
    env = {"PATH": str(Path(sys.executable).parent), "DATABASE_URL": db_url}
    for args in (["upgrade", "head"], ["check"], ["current"]):
        result = subprocess.run(
            [sys.executable, "-m", "alembic", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    assert head_revision() in result.stdout
    assert current_revision(db_url) == head_revision()

