"""What it costs to give every test a database of its own, measured: four ways (the 2022
recipe, a template copy, ours, and no database at all, the floor), the same requests not
isolated, and, for the README, the least a fixture can do (`LEAST`).

Each way is a real pytest run of N tests that each send one request through the app,
written to a throwaway folder and run in a fresh interpreter on the package in `package`
(the repository's, or a chapter's own folder). Every test's time (set-up, call and
tear-down, the way a suite pays them) and the moment it ended come back as a `Run`.
`python benchmarks/run.py` uses this module for the figures of record (README, chapters 5, 10 and 11);
chapter 10 uses it live, with fewer tests, and draws them.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Every run's conftest: the package's own fixtures, and a clock around each test.
CONFTEST = '''
import json, os, time
import pytest
from tests.conftest import anyio_backend, client, db, started_app  # noqa: F401
try:  # with TEST_DATABASE_URL, a database of its own on that server (chapter 11)
    from tests.conftest import _this_process_database  # noqa: F401
except ImportError:
    pass

N = int(os.environ["BENCH_N"])
_start, _durations, _ends = time.perf_counter(), [], []

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = time.perf_counter()
    yield
    if item.name != "test_the_session_ends_here":
        _durations.append(time.perf_counter() - started)
        _ends.append(time.perf_counter() - _start)

def pytest_sessionfinish(session):
    with open(os.environ["BENCH_RESULTS"], "w") as f:
        json.dump({"durations": _durations, "ends": _ends}, f)
'''

TEST = '''
@pytest.mark.anyio
@pytest.mark.parametrize("n", range(N))
async def test_one_request(client, n):
    response = await client.post("/artists", json={{"name": {name}}})
    assert response.status_code == {status}


def test_the_session_ends_here():
    """Not counted: the session's fixtures are torn down after the last test, and that is not a
    cost of any one test."""
'''

CONNECT_PER_TEST = '''
    await database.connect()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await database.disconnect()
'''

RECIPE_2022 = '''
import httpx, pytest, sqlalchemy
from alembic import command
from conftest import N
from project.app import app
from project.database import database, metadata
from project.migrations import get_alembic_config, sync_url
from tests.conftest import TEST_DATABASE_URL

@pytest.fixture
async def client():  # a database built from scratch for every test
    engine = sqlalchemy.create_engine(sync_url(TEST_DATABASE_URL))
    metadata.drop_all(engine)
    metadata.create_all(engine)
    command.stamp(get_alembic_config(TEST_DATABASE_URL), "head")
    engine.dispose()
''' + CONNECT_PER_TEST + TEST.format(name='f"Artist {n}"', status=201)

TEMPLATE_COPY = '''
import shutil
import httpx, pytest
from conftest import N
from project.app import app
from project.database import database
from project.migrations import apply_migrations, sync_url
from tests.conftest import TEST_DATABASE_URL

@pytest.fixture(scope="session")
def template(tmp_path_factory):  # migrated once
    path = tmp_path_factory.mktemp("template") / "music.db"
    apply_migrations(f"sqlite+aiosqlite:///{path}")
    return path

@pytest.fixture
async def client(template):  # a copy of the migrated file for every test
    shutil.copyfile(template, sync_url(TEST_DATABASE_URL).database)
''' + CONNECT_PER_TEST + TEST.format(name='f"Artist {n}"', status=201)

TEMPLATE_COPY_POSTGRESQL = '''
import httpx, pytest, sqlalchemy
from conftest import N
from project.app import app
from project.database import database
from project.migrations import apply_migrations
from tests.conftest import TEST_DATABASE_URL, database_on_the_server, drop_database, on_the_server

OWN = sqlalchemy.make_url(TEST_DATABASE_URL).database

@pytest.fixture(scope="session")
def template():  # migrated once
    with database_on_the_server(f"{OWN}_template") as url:
        apply_migrations(url)
        yield f"{OWN}_template"

@pytest.fixture
async def client(template):  # a new database from the template for every test
    drop_database(OWN)
    on_the_server(f'CREATE DATABASE "{OWN}" TEMPLATE "{template}"')
''' + CONNECT_PER_TEST + TEST.format(name='f"Artist {n}"', status=201)

OURS = '''
import pytest
from conftest import N
''' + TEST.format(name='f"Artist {n}"', status=201)  # the `client` of tests/conftest.py

NO_ISOLATION = '''
import httpx, pytest
from conftest import N

@pytest.fixture
async def client(started_app):  # the same app and client, each request committed to one shared database
    transport = httpx.ASGITransport(app=started_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
''' + TEST.format(name='f"Artist {n}"', status=201)  # the same request as ours, nothing undone

NO_DATABASE = '''
import httpx, pytest
from conftest import N

@pytest.fixture
async def client(started_app):  # the same app and client: no transaction, no query
    transport = httpx.ASGITransport(app=started_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
''' + TEST.format(name='""', status=422)  # refused by validation, before any query

# Not a way this tutorial uses: what is left of a test's cost when the fixture does the least
# it can. One connection for the whole session, and for each test a BEGIN and a ROLLBACK sent
# to it straight (on SQLite, one call each to the driver's thread): no test takes a connection
# from the pool or gives it back. ormar offers no public way to say "this connection is already
# in a transaction": the fixture sets its private depth by hand, which a release may change
# without notice (then a `database.transaction()` inside a request would take a second
# connection: on SQLite it waits for the test's own lock, on PostgreSQL it commits).
LEAST = '''
import httpx, pytest
from ormar.databases.transaction import _transaction_depth  # private: not for your tests
from conftest import N
from project.database import database
from tests.conftest import each_request_on_its_own

@pytest.fixture(scope="session")
async def connection(started_app):  # one connection, kept for the session
    async with database.engine.connect() as connection:
        yield connection
        artists = await connection.exec_driver_sql("SELECT count(*) FROM artists")
        assert artists.scalar() == 0, "a test's artist outlived its test"

@pytest.fixture
async def client(started_app, connection):
    if database.engine.dialect.name == "sqlite":  # autocommit: the driver's own BEGIN
        driver = (await connection.get_raw_connection()).driver_connection
        await driver.execute_fetchall("BEGIN")
        rollback = driver.rollback
    else:
        rollback = (await connection.begin()).rollback
    database.set_transaction_connection(connection)
    depth = _transaction_depth.set(1)
    transport = httpx.ASGITransport(app=each_request_on_its_own(started_app))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
    finally:
        await rollback()
        _transaction_depth.reset(depth)
        database.set_transaction_connection(None)
''' + TEST.format(name='f"Artist {n}"', status=201)

# name: (label, test module)
VARIANTS = {
    "recipe_2022": ("2022 recipe: create_all + stamp per test", RECIPE_2022),
    "template_copy": ("a copy of a migrated file per test", TEMPLATE_COPY),
    "ours": ("ours: app once, each test rolled back", OURS),
    "no_isolation": ("not isolated: one database shared, nothing undone", NO_ISOLATION),
    "no_database": ("no database (the floor)", NO_DATABASE),
}

# Measured by run.py beside them, for the README; not drawn in the chapters.
NOT_USED = {
    "least": ("the least a fixture can do, not used: ormar's private state", LEAST),
}

# On PostgreSQL (TEST_DATABASE_URL names a server): the same, but the template is a database
# the server copies (CREATE DATABASE ... TEMPLATE).
POSTGRESQL_VARIANTS = VARIANTS | {
    "template_copy": ("a database copied from a migrated template per test", TEMPLATE_COPY_POSTGRESQL),
}

# How the charts name them, and colour them.
SHORT = {"recipe_2022": "2022 recipe", "template_copy": "template copy", "ours": "ours",
         "no_isolation": "not isolated", "no_database": "no database"}
COLOURS = {"recipe_2022": "tab:red", "template_copy": "tab:orange", "ours": "tab:green",
           "no_isolation": "tab:blue", "no_database": "tab:gray"}


@dataclass
class Run:
    durations: list[float]  # seconds, each test's set-up, call and tear-down
    ends: list[float]  # seconds from the start of the session to the end of each test

    @property
    def ms_per_test(self) -> float:
        """The median test: blind to the first test's session set-up, and to the odd pause."""
        return statistics.median(self.durations) * 1000


def variants(server: str | None = None) -> dict[str, tuple[str, str]]:
    """Every run `run()` knows, by name: (label, test module), on SQLite or on the PostgreSQL `server`."""
    return (POSTGRESQL_VARIANTS if server else VARIANTS) | NOT_USED


def run(name: str, n: int, package: Path = ROOT, server: str | None = None, pytest=None) -> Run:
    """Run variant `name` as a pytest run of `n` tests on the package in `package`: on a
    throwaway SQLite file, or on a database of its own on the PostgreSQL `server`. A new
    interpreter runs pytest, unless `pytest(args, folder, env)` is given to run it and return
    its exit code and output (a chapter passes the one that forks its runs: the same run,
    started in a fraction of the time)."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        shutil.copy(Path(package) / "pytest.ini", folder)
        (folder / "conftest.py").write_text(CONFTEST)
        (folder / f"test_{name}.py").write_text(variants(server)[name][1])
        results = folder / "results.json"
        pythonpath = [str(package), *filter(None, [os.environ.get("PYTHONPATH")])]
        # Only the plugin the tests need (anyio's): loading every installed one (the fuzzer's,
        # the browser's...) would cost seconds that no test pays for.
        env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
        env |= {"BENCH_N": str(n), "BENCH_RESULTS": str(results),
                "PYTHONPATH": os.pathsep.join(pythonpath), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        if server:
            env["TEST_DATABASE_URL"] = server
        args = ["-q", "-p", "anyio", "-p", "no:cacheprovider"]
        if pytest is None:
            done = subprocess.run([sys.executable, "-m", "pytest", *args], cwd=folder, env=env,
                                  capture_output=True, text=True)
            code, output = done.returncode, done.stdout + done.stderr
        else:
            code, output = pytest(args, folder, env)
        if code != 0:
            raise RuntimeError(f"{name}: pytest failed\n{output[-5000:]}")
        run = Run(**json.loads(results.read_text()))
    assert len(run.durations) == n
    return run


def run_all(n: int, rounds: int = 1, package: Path = ROOT, names=tuple(VARIANTS),
            server: str | None = None, pytest=None) -> dict[str, Run]:
    """Each variant `rounds` times, taking turns; each keeps its best round (on a shared
    machine the noise only ever adds time, so the best is the closest to the real cost)."""
    best: dict[str, Run] = {}
    for _ in range(rounds):
        for name in names:
            result = run(name, n, package, server, pytest)
            if name not in best or result.ms_per_test < best[name].ms_per_test:
                best[name] = result
    return best


def above(ms: dict[str, float], base: str) -> dict[str, float]:
    """Each variant's ms per test above variant `base` ("no_database", the floor, or "no_isolation");
    `base` and the floor themselves are left out."""
    return {name: value - ms[base] for name, value in ms.items() if name not in (base, "no_database")}


def above_the_floor(ms: dict[str, float]) -> dict[str, float]:
    """Each variant's ms per test above the floor, what a test of this app costs with no database."""
    return above(ms, "no_database")


def draw(runs: dict[str, Run], on_postgresql: bool = False):
    """Two charts: ms per test above the floor, and the suite's time against its number of tests
    (`on_postgresql`: runs of run_all(server=...), said in the title)."""
    import matplotlib.pyplot as plt

    ms = {name: result.ms_per_test for name, result in runs.items()}
    figure, (bars, growth) = plt.subplots(1, 2, figsize=(11, 4))
    over_floor = above_the_floor(ms)
    bars.barh([SHORT[name] for name in over_floor], list(over_floor.values()),
              color=[COLOURS[name] for name in over_floor])
    bars.invert_yaxis()
    bars.margins(x=0.15)  # room for the figures at the ends of the bars
    bars.set_xlabel("ms per test above the floor")
    for y, value in enumerate(over_floor.values()):
        bars.annotate(f" {value:.1f}", (value, y), va="center")
    where = "on PostgreSQL" if on_postgresql else "on SQLite"
    bars.set_title(f"What one test's own database costs, {where}\n(floor: {ms['no_database']:.1f} ms)")
    for name, result in runs.items():
        growth.plot(range(1, len(result.ends) + 1), result.ends, label=SHORT[name], color=COLOURS[name])
    growth.set_xlabel("tests run")
    growth.set_ylabel("seconds since the session started")
    growth.set_title("How the suite's time grows")
    growth.legend(loc="upper left")
    figure.tight_layout()
    return figure


def postgresql_url() -> str | None:
    """The PostgreSQL server to measure on too, if TEST_DATABASE_URL names one (a role that
    may create databases: each run makes its own beside TEST_DATABASE_URL's and drops it)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None
