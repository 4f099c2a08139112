# Written by notebooks/02_migrations.ipynb, 03_startup.ipynb and 11_production.ipynb: edit them, not this file.
"""Create, stamp, upgrade and downgrade a database with Alembic, and migrate at start-up."""
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import project.models  # noqa: F401  (registers the tables on metadata)
from project.database import metadata

ALEMBIC_DIR = Path(__file__).parent / "alembic"

# Alembic runs on the plain synchronous driver of the app's database, which may spell a
# parameter of the URL otherwise (asyncpg's `ssl` is `sslmode` to psycopg2: chapter 11).
SYNC_DRIVERS = {"sqlite+aiosqlite": "sqlite", "postgresql+asyncpg": "postgresql+psycopg2"}
SYNC_PARAMETERS = {"postgresql+asyncpg": {"ssl": "sslmode"}}


def sync_url(db_url: str) -> sqlalchemy.URL:
    """The synchronous twin of an async database URL (sqlite+aiosqlite -> sqlite)."""
    url = sqlalchemy.make_url(db_url)
    names = SYNC_PARAMETERS.get(url.drivername, {})
    return url.set(
        drivername=SYNC_DRIVERS.get(url.drivername, url.drivername),
        query={names.get(name, name): value for name, value in url.query.items()},
    )


@contextmanager
def sync_connection(db_url: str) -> Iterator[sqlalchemy.Connection]:
    """A synchronous connection in one transaction: committed if the block ends
    normally, rolled back if it raises. On SQLite too, DDL included."""
    engine = sqlalchemy.create_engine(sync_url(db_url))
    if engine.dialect.name == "sqlite":
        sqlalchemy.event.listen(engine, "connect", _no_implicit_transactions)
        sqlalchemy.event.listen(engine, "begin", _begin)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _no_implicit_transactions(dbapi_connection, connection_record) -> None:
    # sqlite3 would commit before each CREATE or ALTER: we say when transactions begin.
    dbapi_connection.isolation_level = None


def _begin(connection: sqlalchemy.Connection) -> None:
    # IMMEDIATE: take the write lock now, rather than fail halfway if another writer has it.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def get_alembic_config(db_url: str) -> Config:
    """An Alembic configuration for our migrations, pointed at `db_url`."""
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    # ConfigParser treats % as interpolation: escape it (e.g. in passwords).
    config.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    return config


@contextmanager
def alembic_on(db_url: str) -> Iterator[Config]:
    """An Alembic configuration whose commands run on one connection, in one transaction."""
    with sync_connection(db_url) as connection:
        config = get_alembic_config(db_url)
        config.attributes["connection"] = connection
        yield config


def upgrade_database(db_url: str, revision: str = "head") -> None:
    """Run the migrations that take the database up to `revision`."""
    with alembic_on(db_url) as config:
        command.upgrade(config, revision)


def downgrade_database(db_url: str, revision: str) -> None:
    """Run the migrations that take the database down to `revision` ("base": no tables)."""
    with alembic_on(db_url) as config:
        command.downgrade(config, revision)


def stamp_database(db_url: str, revision: str = "head") -> None:
    """Record `revision` as the database's schema version without running migrations."""
    with alembic_on(db_url) as config:
        command.stamp(config, revision)


def create_database(db_url: str) -> None:
    """Create every table from the models and mark the database as being at head."""
    with alembic_on(db_url) as config:
        metadata.create_all(config.attributes["connection"])
        command.stamp(config, "head")


def current_revision(db_url: str) -> str | None:
    """The revision the database is at, or None if Alembic has never touched it."""
    with sync_connection(db_url) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision in project/alembic/versions: where every database should be."""
    return ScriptDirectory(str(ALEMBIC_DIR)).get_current_head()


def revisions() -> list[str]:
    """Every revision in project/alembic/versions, oldest first."""
    script = ScriptDirectory(str(ALEMBIC_DIR))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


import logging  # noqa: E402  (the rest is start-up: its imports stand here)

from filelock import FileLock, Timeout  # noqa: E402

from project.settings import (StartupError, check_database_url, migration_lock_timeout,  # noqa: E402
                              printable, sqlite_file)

logger = logging.getLogger(__name__)


def migration_lock(db_url: str, timeout: float | None = None):
    """Hold an inter-process lock while migrating, the one for this kind of database: the
    others wait for it, up to `timeout` seconds (default: MIGRATION_LOCK_TIMEOUT)."""
    url = sync_url(db_url)
    lock = MIGRATION_LOCKS.get(url.get_backend_name())
    if lock is None:
        raise NotImplementedError(f"no migration lock for {url.get_backend_name()} yet")
    return lock(url, migration_lock_timeout() if timeout is None else timeout)


@contextmanager
def file_lock(url: sqlalchemy.URL, timeout: float) -> Iterator[None]:
    """SQLite's: an OS file lock next to the database file. The operating system releases
    it when its holder exits or is killed, so a crash never leaves a stale lock behind. An
    instance that has to wait says so in the log, and gives up after `timeout` seconds."""
    lock = FileLock(f"{sqlite_file(url)}.lock")
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            logger.warning("waiting for the migration lock %s: another instance is migrating", lock.lock_file)
            lock.acquire(timeout=timeout)
    except Timeout:
        raise StartupError(
            f"gave up waiting for the migration lock {lock.lock_file} after {timeout:g} s: another instance "
            "is still migrating, or is stuck: let it finish or stop it, or raise MIGRATION_LOCK_TIMEOUT"
        ) from None
    except PermissionError as error:
        raise StartupError(f"no write access to create the migration lock {lock.lock_file} "
                           f"({error.strerror}): the app needs it in the database's folder") from None
    except OSError as error:  # a file system mounted read-only, a name too long...
        raise StartupError(f"cannot create the migration lock {lock.lock_file} ({error.strerror}): "
                           "the app needs it in the database's folder") from None
    try:
        yield
    finally:
        lock.release()


# One lock per kind of database, as settings.py has one check per kind.
MIGRATION_LOCKS = {"sqlite": file_lock}


def check_writable(db_url: str) -> None:
    """A StartupError now if the database can be read but not written: rather than
    an app that serves reads and answers every write with a 500."""
    try:
        with sync_connection(db_url) as connection, connection.begin_nested() as savepoint:
            connection.exec_driver_sql("CREATE TABLE write_check (id INTEGER)")  # a real write...
            savepoint.rollback()  # ...taken back
    except sqlalchemy.exc.DatabaseError as error:
        name = getattr(error.orig, "sqlite_errorname", "")
        if name == "SQLITE_NOTADB":
            raise StartupError(
                f"{sqlite_file(sync_url(db_url))} is not an SQLite database ({error.orig}): "
                "correct DATABASE_URL, or move that file away"
            ) from None
        if not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
            raise
        raise StartupError(
            f"the database {sqlite_file(sync_url(db_url))} is read-only here ({error.orig}): the app "
            "needs write access to the file and to its folder, where SQLite writes its journal"
        ) from None


def apply_migrations(db_url: str) -> None:
    """Bring the database to head: create and stamp a new one, upgrade an existing one.

    Safe to call from many processes at once: each waits for the lock, then finds
    the database either new (and creates it) or already versioned (and upgrades it,
    which does nothing at head). Nobody returns before the schema is at head. A bad
    setting, or a database it cannot write, is a StartupError before anything changes.
    """
    url = check_database_url(db_url)
    shown = printable(url)  # never a password in a message
    with migration_lock(db_url):
        check_writable(db_url)
        with sync_connection(db_url) as connection:
            found = set(sqlalchemy.inspect(connection).get_table_names())
            at = MigrationContext.configure(connection).get_current_revision() if "alembic_version" in found else None
        if at is not None and at not in revisions():
            raise StartupError(
                f"{shown} is at revision {at}, which this code does not have: a newer release migrated "
                "it. Run that release, or downgrade the database with it first"
            )
        if at is not None or found == {"alembic_version"}:
            upgrade_database(db_url)
        elif not found:
            create_database(db_url)
        else:
            raise StartupError(
                f"{shown} has tables {sorted(found - {'alembic_version'})} but no revision in alembic_version: "
                "if its schema matches a revision, stamp it with stamp_database first"
            )
        use_write_ahead_log(db_url)  # before anyone serves: see below


def use_write_ahead_log(db_url: str) -> None:
    """Put an SQLite database in WAL mode, for good (the file remembers it): readers
    then never wait for a writer, and writers take turns."""
    url = sync_url(db_url)
    if url.get_backend_name() != "sqlite":
        return
    engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode=WAL").scalar()
    finally:
        engine.dispose()
    if mode != "wal":
        raise StartupError(
            f"{printable(url)} cannot use a write-ahead log (SQLite says journal_mode={mode}): "
            "the app needs an SQLite file on a local disk"
        )


ADVISORY_LOCK_KEY = 4_224_242  # any number, as long as every instance of the app takes the same
CONNECT_TIMEOUT = 10  # seconds: a server that has not answered by then is not going to


@contextmanager
def advisory_lock(url: sqlalchemy.URL, timeout: float) -> Iterator[None]:
    """PostgreSQL's: an advisory lock, held by a connection of its own, which the server
    releases when that connection ends, killed or not."""
    engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sqlalchemy.NullPool,
                                      connect_args={"connect_timeout": CONNECT_TIMEOUT})
    key = {"key": ADVISORY_LOCK_KEY}
    try:
        try:
            connection = engine.connect()
        except sqlalchemy.exc.OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0]
            raise StartupError(f"cannot connect to the database {printable(url)}: {reason}") from None
        with connection:
            if not connection.execute(sqlalchemy.text("SELECT pg_try_advisory_lock(:key)"), key).scalar():
                logger.warning("waiting for the migration lock (advisory lock %s): another instance is migrating",
                               ADVISORY_LOCK_KEY)
                _wait_for_advisory_lock(connection, timeout)
            try:
                yield
            finally:
                connection.execute(sqlalchemy.text("SELECT pg_advisory_unlock(:key)"), key)
    finally:
        engine.dispose()


def _wait_for_advisory_lock(connection: sqlalchemy.Connection, timeout: float) -> None:
    connection.exec_driver_sql(f"SET lock_timeout = {max(1, round(timeout * 1000))}")  # milliseconds
    try:
        connection.execute(sqlalchemy.text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    except sqlalchemy.exc.OperationalError as error:
        if getattr(error.orig, "pgcode", None) != "55P03":  # lock_not_available
            raise
        raise StartupError(
            f"gave up waiting for the migration lock (advisory lock {ADVISORY_LOCK_KEY}) after {timeout:g} s: "
            "another instance is still migrating, or is stuck: let it finish or stop it, or raise "
            "MIGRATION_LOCK_TIMEOUT"
        ) from None
    connection.exec_driver_sql("SET lock_timeout = 0")


MIGRATION_LOCKS["postgresql"] = advisory_lock
