"""How a run under `-n` (pytest-xdist) shares its tests between workers: longest first, so
that the quick ones fill in around them, and a few at a time, so that no worker is handed a
long run of slow tests while another idles. This file only orders tests; each folder's
conftest.py has their fixtures."""
import pytest

# Started first, in this order (by the start of their ids). A renamed test is only sorted
# with the rest: nothing else depends on this list.
LONGEST_FIRST = (
    "tests/tutorial/test_binder.py::test_a_fresh_environment",  # a pip install, mostly waiting
    "tests/tutorial/test_both_databases.py::",  # the package's tests again, on SQLite
    "notebooks/",  # each chapter
    "tests/tutorial/test_jupyterlab.py::",
    "tests/test_workers.py::",  # 3000 requests to four uvicorn workers
    "tests/test_startup.py::test_eight_instances",  # eight uvicorns, each
    "tests/test_instances.py::test_eight_instances",  # with a slowed migration
    "tests/test_apply_migrations.py::test_eight_processes",
    "tests/test_migrations.py::test_the_alembic_command",
    "tests/tutorial/test_exercises.py::",
)


def pytest_configure(config):
    config.addinivalue_line("markers", "last: handed out after every other test (it waits for them)")


def pytest_collection_modifyitems(session, config, items):
    """Longest first, tests marked `last` last. The sort is stable: within each group, the order
    is pytest-randomly's (it shuffles before this hook), and so is everyone else's."""
    def rank(item) -> int:
        if item.get_closest_marker("last"):
            return len(LONGEST_FIRST) + 1
        return next((k for k, start in enumerate(LONGEST_FIRST) if item.nodeid.startswith(start)), len(LONGEST_FIRST))

    items.sort(key=rank)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Each worker holds two tests at a time and gets the next as one ends, in the order
    above. xdist's default hands each worker a long run of tests at the start: that run held
    every chapter, which one worker then ran one after another while the other idled."""
    if config.getvalue("dist") == "load" and config.getvalue("maxschedchunk") is None:
        from xdist.scheduler import LoadScheduling

        config.option.maxschedchunk = 1
        return LoadScheduling(config, log)
    return None
