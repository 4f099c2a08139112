# Written by notebooks/02_migrations.ipynb: edit the notebook, not this file.
"""The migration helpers and the `alembic` command, on a database file of each test's own."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy
from alembic import command

from project.database import metadata
from project.migrations import (
    current_revision,
    downgrade_database,
    get_alembic_config,
    head_revision,
    sync_url,
    upgrade_database,
)
from tests.support import ROOT, tables

MODEL_TABLES = set(metadata.tables)


def test_the_models_match_the_migrations(db_url):
    upgrade_database(db_url)
    # What `alembic check` runs: fails if autogenerate would write a new revision.
    command.check(get_alembic_config(db_url))


def test_upgrade_database_creates_every_table_and_records_head(db_url):
    upgrade_database(db_url)
    assert tables(db_url) == MODEL_TABLES | {"alembic_version"}
    assert current_revision(db_url) == head_revision()


def test_downgrade_database_to_base_removes_every_table(db_url):
    upgrade_database(db_url)
    downgrade_database(db_url, "base")
    assert tables(db_url) == {"alembic_version"}
    assert current_revision(db_url) is None


@pytest.mark.slow
def test_the_alembic_command_migrates_the_database_in_database_url(db_url):
    alembic = Path(sys.executable).parent / "alembic"  # the command you type in a terminal
    results = []
    for args in (["upgrade", "head"], ["check"], ["current"], ["downgrade", "base"]):
        result = subprocess.run(
            [alembic, *args], cwd=ROOT, env=os.environ | {"DATABASE_URL": db_url}, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        results.append(result)
    upgrade, _, current, downgrade = results
    assert f"{head_revision()} (head)" in current.stdout
    assert tables(db_url) == {"alembic_version"}  # up and back down: they ran on DATABASE_URL's database
    # Each says what it runs (alembic.ini's logging section, which env.py applies).
    assert "Running upgrade  -> 0001" in upgrade.stderr
    assert "Running downgrade 0001 -> " in downgrade.stderr


def test_env_py_runs_on_an_engine_as_alembic_s_cookbook_hands_it_one(db_url, tmp_path):
    engine = sqlalchemy.create_engine(sync_url(db_url))
    config = get_alembic_config(f"sqlite+aiosqlite:///{tmp_path / 'elsewhere.db'}")
    config.attributes["connection"] = engine
    try:
        command.upgrade(config, "head")
    finally:
        engine.dispose()
    assert current_revision(db_url) == head_revision()
    assert not (tmp_path / "elsewhere.db").exists()
