# Written by notebooks/03_startup.ipynb, 04_app.ipynb and 11_production.ipynb: edit them, not this file.
"""The settings the app starts with, checked before anything is created."""
import math
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import sqlalchemy
from sqlalchemy.exc import ArgumentError

EXAMPLE_URL = "sqlite+aiosqlite:///music.db"
DEFAULT_MIGRATION_LOCK_TIMEOUT = 600.0
MAX_MIGRATION_LOCK_TIMEOUT = 7 * 24 * 3600.0  # a week: a migration longer than that is run by hand


class StartupError(Exception):
    """The app cannot start: the message says why, and what to do, in one line."""


def printable(url: sqlalchemy.URL) -> str:
    """The URL as a message may show it: no password, neither in its place nor as ?password=."""
    if "password" in url.query:
        url = url.update_query_dict({"password": "***"})
    return url.render_as_string().replace("=%2A%2A%2A", "=***")


def check_database_url(db_url: str) -> sqlalchemy.URL:
    """The database URL, parsed; a StartupError if the app cannot work on it.

    It only reads the URL and looks at folders: it creates nothing.
    """
    try:
        url = sqlalchemy.make_url(db_url)
    except ArgumentError:
        raise StartupError(f"DATABASE_URL is not a database URL: write one like {EXAMPLE_URL}") from None
    shown = printable(url) if url.password or "password" in url.query else db_url  # never a password in a log
    check = DIALECT_CHECKS.get(url.get_backend_name())
    if check is None:
        raise StartupError(
            f"DATABASE_URL={shown}: {url.get_backend_name()} databases are not supported yet: "
            f"the app runs on {' and '.join(SUPPORTED)}, e.g. {EXAMPLE_URL}"
        )
    check(url, shown)
    return url


def sqlite_file(url: sqlalchemy.URL) -> Path | None:
    """The file an SQLite URL names, or None for a database in memory.

    With `?uri=true` the name is an SQLite URI (`file:music.db?mode=ro`), not a path.
    """
    name = url.database or ""
    if url.query.get("uri") == "true" and name.startswith("file:"):
        uri = urlsplit(name)
        if url.query.get("mode") == "memory" or "mode=memory" in uri.query:
            return None
        name = unquote(uri.path)
    return None if name in ("", ":memory:") else Path(name)


def _check_sqlite(url: sqlalchemy.URL, shown: str) -> None:
    if url.get_driver_name() != "aiosqlite":
        fixed = "sqlite+aiosqlite:" + shown.split(":", 1)[1]
        raise StartupError(f"DATABASE_URL={shown} names a synchronous driver: the app needs {fixed}")
    file = sqlite_file(url)
    if file is None:
        raise StartupError(
            f"DATABASE_URL={shown} is a database in memory, lost with each connection: "
            f"name a file, e.g. {EXAMPLE_URL}"
        )
    if file.is_dir():
        raise StartupError(f"DATABASE_URL={shown} names the folder {file}: name a file in it")
    if not file.parent.is_dir():
        raise StartupError(
            f"DATABASE_URL={shown}: the folder {file.parent} does not exist: create it, or correct DATABASE_URL"
        )
    timeout = url.query.get("timeout", "30")
    try:
        seconds = float(timeout)  # a tuple, for a timeout given twice, is no number either
    except (TypeError, ValueError):
        seconds = math.nan
    if not 0 <= seconds < math.inf:
        raise StartupError(
            f"DATABASE_URL={shown}: timeout={timeout!r} is not a number of seconds: "
            "write one (e.g. ?timeout=60), or leave it out for the default"
        )


# One check per kind of database: PostgreSQL gets its own when the app supports it.
DIALECT_CHECKS = {"sqlite": _check_sqlite}
SUPPORTED = ["SQLite"]  # the kinds of database the message above lists


def migration_lock_timeout() -> float:
    """MIGRATION_LOCK_TIMEOUT: how many seconds an instance waits for another's migration lock."""
    value = os.environ.get("MIGRATION_LOCK_TIMEOUT", "")
    if not value:
        return DEFAULT_MIGRATION_LOCK_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= MAX_MIGRATION_LOCK_TIMEOUT:
        raise StartupError(
            f"MIGRATION_LOCK_TIMEOUT={value!r} is not a number of seconds above 0 and up to a week "
            f"({MAX_MIGRATION_LOCK_TIMEOUT:g}): set it to one (e.g. 120), or unset it for the default, "
            f"{DEFAULT_MIGRATION_LOCK_TIMEOUT:g}"
        )
    return seconds


def whole_number_setting(name: str, default: int, unit: str, example: int) -> int:
    """The environment variable `name`, a whole number of `unit` above 0; `default` when unset."""
    value = os.environ.get(name, "")
    if not value:
        return default
    if not (value.isdecimal() and int(value) > 0):
        raise StartupError(
            f"{name}={value!r} is not a whole number of {unit} above 0: set it to one "
            f"(e.g. {example}), or unset it for the default, {default}"
        )
    return int(value)


DEFAULT_MAX_BODY_BYTES = 256 * 1024


def max_body_bytes() -> int:
    """MAX_BODY_BYTES: the largest request body the app reads, in bytes."""
    return whole_number_setting("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, "bytes", example=1048576)


def _check_postgresql(url: sqlalchemy.URL, shown: str) -> None:
    if url.get_driver_name() != "asyncpg":
        fixed = "postgresql+asyncpg:" + shown.split(":", 1)[1]
        raise StartupError(f"DATABASE_URL={shown} names a synchronous driver: the app needs {fixed}")
    if not url.database:
        raise StartupError(f"DATABASE_URL={shown} names no database: end it with /DBNAME")
    if "sslmode" in url.query:
        raise StartupError(
            f"DATABASE_URL={shown}: asyncpg does not take ?sslmode=: write ?ssl={url.query['sslmode']} instead"
        )
    database_pool_size()


def _check_postgres_scheme(url: sqlalchemy.URL, shown: str) -> None:
    """postgres://, as some hosts write it: SQLAlchemy reads no such scheme any more."""
    fixed = "postgresql+asyncpg:" + shown.split(":", 1)[1]
    raise StartupError(f"DATABASE_URL={shown}: the app needs {fixed}")


DIALECT_CHECKS["postgresql"] = _check_postgresql
DIALECT_CHECKS["postgres"] = _check_postgres_scheme
SUPPORTED.append("PostgreSQL (postgresql+asyncpg://)")

DEFAULT_DATABASE_POOL_SIZE = 5


def database_pool_size() -> int:
    """DATABASE_POOL_SIZE: how many connections each instance keeps to PostgreSQL, at most."""
    return whole_number_setting("DATABASE_POOL_SIZE", DEFAULT_DATABASE_POOL_SIZE, "connections", example=10)
