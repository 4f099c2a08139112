"""The package's tests on both databases. The run around this test tests on PostgreSQL when
TEST_DATABASE_URL names a server (as in CI), and this test runs them again on SQLite; without a
server, the run is on SQLite, and this test is skipped (in CI, where there must be one, it fails)."""
import os
import subprocess
import sys

import pytest

from tests.tutorial.conftest import ROOT, outside_environment


def test_the_package_tests_pass_on_sqlite_as_on_postgresql():
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        message = ("this run tests on SQLite only: give it a PostgreSQL server, "
                   "TEST_DATABASE_URL=postgresql+asyncpg://USER:PASSWORD@HOST/DBNAME, to test on both")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = {k: v for k, v in outside_environment().items() if k != "TEST_DATABASE_URL"}
    result = subprocess.run(  # (the tests of PostgreSQL itself ran in the run around this one)
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "tests",
         "--ignore=tests/tutorial", "--ignore=tests/test_postgresql.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout, result.stdout[-2000:]
