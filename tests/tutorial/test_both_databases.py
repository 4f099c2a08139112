"""The package's tests on both databases. The run around this test tests on PostgreSQL when
TEST_DATABASE_URL names a server (as in CI), and this test runs again on SQLite those whose
outcome can depend on it (backend_tests.py: the others bring their own database, and ran as they
would on SQLite already); without a server, the run is on SQLite, and this test is skipped (in
CI, where there must be one, it fails)."""
import os

import pytest

from tests.tutorial.conftest import ROOT, outside_environment, tutorial

# The package's tests but those of PostgreSQL itself, which ran in the run around this one.
PACKAGE_TESTS = ["tests", "--ignore=tests/tutorial", "--ignore=tests/test_postgresql.py",
                 "--ignore=tests/test_instances.py"]


def test_the_package_tests_pass_on_sqlite_as_on_postgresql():
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        message = ("this run tests on SQLite only: give it a PostgreSQL server, "
                   "TEST_DATABASE_URL=postgresql+asyncpg://USER:PASSWORD@HOST/DBNAME, to test on both")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = {k: v for k, v in outside_environment().items() if k != "TEST_DATABASE_URL"}
    # A new pytest process, forked as the chapters' runs are (tutorial.pytest_process), on one
    # process: two xdist workers would cost more to start than they save.
    returncode, output = tutorial.pytest_process(
        ["-q", *tutorial.QUICK_PYTEST, "-p", "tests.tutorial.backend_tests", *PACKAGE_TESTS], ROOT, env)
    assert returncode == 0, output[-7000:]
    assert " passed" in output and " skipped" not in output, output[-2000:]


def collected(*options: str) -> set[str]:
    returncode, output = tutorial.pytest_process(
        ["--co", "-q", *tutorial.QUICK_PYTEST, *tutorial.NO_FUZZER, *options, *PACKAGE_TESTS], ROOT,
        outside_environment())
    assert returncode == 0, output[-5000:]
    return {line.split("::", 1)[1] for line in output.splitlines() if "::" in line}


def test_the_second_run_leaves_out_only_tests_that_bring_their_own_database():
    every = collected()
    kept = collected("-p", "tests.tutorial.backend_tests")
    left_out = every - kept
    assert kept < every
    assert "test_four_workers_create_3000_tracks_64_at_a_time_without_an_error" in left_out  # a file of its own
    assert "test_a_query_outside_a_transaction_is_one_statement" in kept  # the app's database
    assert "test_the_suite_leaves_the_configured_database_alone[missing]" in kept  # the suite's
