"""Times each benchmark test: setup, call and teardown, the way a test suite pays them."""
import json
import os
import time

import pytest

# The test suite's own fixtures (and its throwaway database), so that (b) measures them.
from tests.conftest import anyio_backend, client, db, started_app  # noqa: F401

N = int(os.environ.get("BENCH_N", "200"))
_durations: list[float] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = time.perf_counter()
    yield
    _durations.append(time.perf_counter() - started)


def pytest_sessionfinish(session):
    if "BENCH_RESULTS" in os.environ:
        with open(os.environ["BENCH_RESULTS"], "w") as f:
            json.dump(_durations, f)
