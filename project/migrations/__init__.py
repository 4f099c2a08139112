# Written by notebooks/02_migrations.ipynb: edit the notebook, not this file.
"""Create, stamp and upgrade a database with Alembic, safely from many processes at once."""
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock

import project.models  # noqa: F401  (registers the tables on metadata)
from project.database import metadata

MIGRATIONS_DIR = Path(__file__).parent

# Alembic and create_all run on a plain synchronous driver of the same database.
SYNC_DRIVERS = {"sqlite+aiosqlite": "sqlite", "postgresql+asyncpg": "postgresql+psycopg2"}


def sync_url(db_url: str) -> sqlalchemy.URL:
    """The synchronous form of an async database URL (sqlite+aiosqlite -> sqlite)."""
    url = sqlalchemy.make_url(db_url)
    return url.set(drivername=SYNC_DRIVERS.get(url.drivername, url.drivername))


def sync_engine(db_url: str) -> sqlalchemy.Engine:
    """A synchronous engine in which a transaction really wraps DDL, on SQLite too.

    Python's sqlite3 module opens a transaction only before INSERT, UPDATE or
    DELETE: each CREATE or ALTER takes effect on its own, so a migration killed
    halfway would leave half a schema behind. Here SQLite gets an explicit BEGIN
    instead: a migration commits whole or not at all. Foreign keys stay off on
    these connections, as batch migrations need (they copy tables).
    """
    engine = sqlalchemy.create_engine(sync_url(db_url))
    if engine.dialect.name == "sqlite":

        @sqlalchemy.event.listens_for(engine, "connect")
        def _no_implicit_commits(dbapi_connection, connection_record):
            dbapi_connection.isolation_level = None

        @sqlalchemy.event.listens_for(engine, "begin")
        def _begin(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def get_alembic_config(db_url: str) -> Config:
    """An Alembic configuration for our migrations, pointed at `db_url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats % as interpolation: escape it (e.g. in passwords).
    config.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    return config


@contextmanager
def _alembic_on(db_url: str):
    """One transaction, and an Alembic config whose commands run inside it."""
    engine = sync_engine(db_url)
    try:
        with engine.begin() as connection:
            config = get_alembic_config(db_url)
            config.attributes["connection"] = connection
            yield config, connection
    finally:
        engine.dispose()


def create_database(db_url: str) -> None:
    """Create every table from the models and mark the database as being at head."""
    with _alembic_on(db_url) as (config, connection):
        metadata.create_all(connection)
        command.stamp(config, "head")


def stamp_database(db_url: str, revision: str = "head") -> None:
    """Record `revision` as the database's schema version without running migrations."""
    with _alembic_on(db_url) as (config, _):
        command.stamp(config, revision)


def upgrade_database(db_url: str, revision: str = "head") -> None:
    """Run the migrations that take the database up to `revision`."""
    with _alembic_on(db_url) as (config, _):
        command.upgrade(config, revision)


def current_revision(db_url: str) -> str | None:
    """The revision the database is at, or None if Alembic has never touched it."""
    with _alembic_on(db_url) as (_, connection):
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision in project/migrations/versions: where every database should be."""
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


@contextmanager
def migration_lock(db_url: str):
    """Hold an inter-process lock for the duration of a migration.

    For SQLite, an OS file lock next to the database file: the others wait for it,
    and the operating system releases it when its holder exits or is killed, so a
    crash never leaves a stale lock behind.
    """
    url = sync_url(db_url)
    if url.get_backend_name() != "sqlite":
        raise NotImplementedError(f"no migration lock for {url.get_backend_name()} yet")
    with FileLock(f"{url.database}.lock"):
        yield


def apply_migrations(db_url: str) -> None:
    """Bring the database to head: create and stamp a new one, upgrade an existing one.

    Safe to call from many processes at once: each waits for the lock, then finds
    the database either new (and creates it) or already versioned (and upgrades it,
    which does nothing at head). Nobody returns before the schema is at head.
    """
    with migration_lock(db_url):
        engine = sync_engine(db_url)
        try:
            tables = set(sqlalchemy.inspect(engine).get_table_names())
        finally:
            engine.dispose()
        if "alembic_version" in tables:
            upgrade_database(db_url)
        elif not tables:
            create_database(db_url)
        else:
            raise RuntimeError(
                f"{db_url} has tables {sorted(tables)} but no alembic_version: "
                "if its schema matches a revision, stamp it with stamp_database first"
            )
