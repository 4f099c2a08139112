# Written by notebooks/05_fixtures.ipynb: edit the notebook, not this file.
"""Whatever DATABASE_URL says, running the tests neither creates nor changes that database."""
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from project.migrations import apply_migrations
from tests.support import ROOT


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in `folder`, by name, with a hash of its content."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def run_tests_with(database_url: str) -> None:
    # A fresh interpreter, as a developer would run it, without this run's pytest settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["DATABASE_URL"] = database_url
    # No plugin for notebooks or for chapter 7's fuzzer: seconds of start-up, for tests that need neither.
    quick = ["-p", "no:cacheprovider", "-p", "no:nbmake", "-p", "no:schemathesis", "-p", "no:hypothesispytest"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *quick, "tests/test_isolation.py"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("exists", [True, False], ids=["existing", "missing"])
def test_the_suite_leaves_the_configured_database_alone(tmp_path, exists):
    real = tmp_path / "production.db"
    if exists:
        apply_migrations(f"sqlite+aiosqlite:///{real}")
        with sqlite3.connect(real) as connection:
            connection.execute("INSERT INTO artists (name) VALUES ('precious')")
        connection.close()
    before = snapshot(tmp_path)

    run_tests_with(f"sqlite+aiosqlite:///{real}")

    assert snapshot(tmp_path) == before
