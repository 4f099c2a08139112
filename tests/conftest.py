# Written by notebooks/04_fixtures.ipynb: edit the notebook, not this file.
"""Every test gets a database of its own, at head, that no other test can see.

How it stays cheap: each pytest process (each xdist worker) migrates one
throwaway SQLite file and starts the app once. Each test then runs inside a
transaction that is rolled back when it ends, so whatever it wrote is gone
before the next test starts. Since nothing is ever committed to that file,
SQLite may keep its rollback journal in memory and skip waiting for the disk.
"""
import atexit
import os
import shutil
import tempfile

# Point the app at a throwaway file *before* anything imports project: the
# app reads DATABASE_URL once, at import, and must never see a real database.
_TEST_DIR = tempfile.mkdtemp(prefix="music-tests-")
atexit.register(shutil.rmtree, _TEST_DIR, ignore_errors=True)
TEST_DATABASE_URL = f"sqlite+aiosqlite:///{_TEST_DIR}/test.db"
os.environ["DATABASE_URL"] = TEST_DATABASE_URL

import httpx  # noqa: E402
import pytest  # noqa: E402
import sqlalchemy  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

from project.app import app  # noqa: E402
from project.database import database  # noqa: E402

if database.url != TEST_DATABASE_URL:
    raise pytest.UsageError(
        f"project was imported before the tests chose their database ({database.url}); "
        "run the tests in a fresh interpreter (python -m pytest)"
    )


@pytest.fixture(scope="session")
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="session")
async def started_app():
    """The app, started once per pytest process: its lifespan migrates the test database."""
    async with LifespanManager(app) as manager:
        sqlalchemy.event.listen(database.engine.sync_engine, "connect", _throwaway_database_pragmas)
        yield manager.app


def _throwaway_database_pragmas(dbapi_connection, connection_record):
    # Nothing a test writes is ever committed, and the file is thrown away at the
    # end: keep SQLite's rollback journal in memory, and never wait for the disk.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=MEMORY")
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


@pytest.fixture
async def db(started_app):
    """A transaction around the test, rolled back at its end: nothing it writes survives.

    ormar keeps the transaction's connection in a context variable; the test, its
    other fixtures and every request it sends through ASGITransport run in this
    context, so they all use this one connection.
    """
    async with database.transaction(force_rollback=True):
        yield database


@pytest.fixture
async def client(started_app, db):
    """An HTTP client that calls the app in-process, inside the test's transaction."""
    transport = httpx.ASGITransport(app=started_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
