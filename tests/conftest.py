# Written by notebooks/02_migrations.ipynb, 04_app.ipynb, 05_fixtures.ipynb and 11_production.ipynb: edit them, not this file.
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

import sqlalchemy

# Point the app at a throwaway file *before* anything imports project: the
# app reads DATABASE_URL once, at import, and must never see a real database.
_TEST_DIR = tempfile.mkdtemp(prefix="music-tests-")
atexit.register(shutil.rmtree, _TEST_DIR, ignore_errors=True)
TEST_DATABASE_URL = f"sqlite+aiosqlite:///{_TEST_DIR}/test.db"
# Or, when TEST_DATABASE_URL names a database on a server (chapter 11), a database of this
# process's own beside it, named after it: chapter 11's fixtures create and drop it.
SERVER_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
if SERVER_DATABASE_URL:
    _server = sqlalchemy.make_url(SERVER_DATABASE_URL)
    _own = _server.set(database=f"{_server.database}_test_{os.getpid()}")
    TEST_DATABASE_URL = _own.render_as_string(hide_password=False)
os.environ["DATABASE_URL"] = TEST_DATABASE_URL

import httpx  # noqa: E402
import pytest  # noqa: E402
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
        if database.engine.dialect.name == "sqlite":
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
    transport = httpx.ASGITransport(app=each_request_on_its_own(started_app))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


class _Refused(Exception):
    """Raised to roll a refused request's savepoint back."""


def each_request_on_its_own(app):
    """The app, each request in a savepoint of the test's transaction: one that the database
    may have refused (a 409, a 5xx) is rolled back to where it began, as its own transaction
    would be, and the test goes on. (PostgreSQL needs it: there a failed statement spoils the
    whole transaction it is in, until a rollback.)"""
    if database.engine.dialect.name != "postgresql":
        return app

    async def call(scope, receive, send):
        statuses = []

        async def send_and_note(message):
            if message["type"] == "http.response.start":
                statuses.append(message["status"])
            await send(message)

        try:
            async with database.transaction():
                await app(scope, receive, send_and_note)
                if not statuses or statuses[0] == 409 or statuses[0] >= 500:
                    raise _Refused
        except _Refused:
            pass

    return call
import contextlib  # noqa: E402  (chapter 11: a database server, named by TEST_DATABASE_URL)
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from project.migrations import sync_url  # noqa: E402


def on_the_server(statement: str) -> None:
    """Run one statement on TEST_DATABASE_URL's database, outside any transaction (as
    CREATE DATABASE and DROP DATABASE must run)."""
    engine = sqlalchemy.create_engine(sync_url(SERVER_DATABASE_URL), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def drop_database(name: str) -> None:
    """DROP DATABASE, even with sessions still on it: FORCE ends those of our own role. One it
    may not end (the server's own autovacuum, say) ends by itself in a moment: try again."""
    for attempt in range(50):
        try:
            return on_the_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except sqlalchemy.exc.DBAPIError:
            if attempt == 49:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def database_on_the_server(name: str) -> Iterator[str]:
    """A new, empty database `name` beside TEST_DATABASE_URL's, dropped at the end whatever happened."""
    drop_database(name)
    on_the_server(f'CREATE DATABASE "{name}"')
    try:
        yield sqlalchemy.make_url(SERVER_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(name)


@pytest.fixture(scope="session", autouse=True)
def _this_process_database():
    """With TEST_DATABASE_URL: this process's database, created before the app starts."""
    if not SERVER_DATABASE_URL:
        yield
        return
    with database_on_the_server(sqlalchemy.make_url(TEST_DATABASE_URL).database):
        yield


def needs_a_postgresql_server() -> None:
    """Skip the test without a PostgreSQL server; in CI, where there must be one, fail it."""
    if not (SERVER_DATABASE_URL or "").startswith("postgresql"):
        message = "needs a PostgreSQL server: TEST_DATABASE_URL=postgresql+asyncpg://USER:PASSWORD@HOST/DBNAME"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database of the test's own, dropped at its end."""
    needs_a_postgresql_server()
    name = f"{sqlalchemy.make_url(SERVER_DATABASE_URL).database}_{uuid.uuid4().hex[:12]}"
    with database_on_the_server(name) as url:
        yield url


@pytest.fixture
def app_on_postgresql(started_app):
    """The app, started on this process's own database on the server."""
    needs_a_postgresql_server()
    return started_app
