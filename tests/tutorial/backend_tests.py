"""A pytest plugin for test_both_databases.py: of the package's tests, only those whose outcome
can depend on TEST_DATABASE_URL. That setting chooses the database of the app the tests start
(the `started_app` fixture, behind `db` and `client`), and of the suite that
test_no_real_database.py runs. Every other test brings its own database (a SQLite file, or a URL
it was given), so the run around test_both_databases.py ran it exactly as a run on SQLite would."""

RUNS_THE_SUITE = "test_no_real_database.py"


def depends_on_the_database(item) -> bool:
    return "started_app" in getattr(item, "fixturenames", ()) or item.path.name == RUNS_THE_SUITE


def pytest_collection_modifyitems(config, items):
    kept = [item for item in items if depends_on_the_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
