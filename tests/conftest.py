# Written by notebooks/02_migrations.ipynb, 04_app.ipynb and 05_fixtures.ipynb: edit them, not this file.
"""Fixtures every test module can use, without importing them.

A test that asks for `client` (or `db`) gets a database of its own, at head, that no
other test can see. How it stays cheap: each pytest process (each xdist worker)
migrates one throwaway SQLite file and starts the app once. Each test then runs inside
a transaction that is rolled back when it ends, so whatever it wrote is gone before
the next test starts.
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
from tests.servers import Server  # noqa: E402

if database.url != TEST_DATABASE_URL:
    raise pytest.UsageError(
        f"project was imported before the tests chose their database ({database.url}); "
        "run the tests in a fresh interpreter (python -m pytest)"
    )


@pytest.fixture
def db_url(tmp_path) -> str:
    """The URL of a database file that does not exist yet, in the test's own folder."""
    return f"sqlite+aiosqlite:///{tmp_path / 'music.db'}"


@pytest.fixture
def servers(tmp_path):
    """Start real uvicorn servers on one fresh database file, tmp_path/music.db; all stop at the end."""
    started: list[Server] = []

    def start(delay: float = 0, **options) -> Server:
        options.setdefault("db_url", f"sqlite+aiosqlite:///{tmp_path / 'music.db'}")
        started.append(Server(log=tmp_path / f"server-{len(started)}.log", delay=delay, **options))
        return started[-1]

    yield start
    for server in started:
        server.stop()


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
