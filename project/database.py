# Written by notebooks/01_models.ipynb and 11_production.ipynb: edit them, not this file.
"""Which database the application uses, and the ormar configuration shared by every model."""
import os
from urllib.parse import parse_qs, urlsplit

import ormar
import sqlalchemy

from project.settings import StartupError, database_pool_size

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///music.db"

# The async URL the app talks to, e.g. sqlite+aiosqlite:///music.db (an async driver:
# aiosqlite), or postgresql+asyncpg://USER:PASSWORD@HOST/DBNAME. Read once, at import time.
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)

# SQLite: seconds a connection waits for another's write before "database is locked",
# unless the URL gives its own (sqlite+aiosqlite:///music.db?timeout=60).
BUSY_TIMEOUT = 30.0


def connect_args(db_url: str) -> dict:
    """What the driver's connect() gets: SQLite's busy timeout, unless the URL sets one."""
    if not db_url.startswith("sqlite") or "timeout" in parse_qs(urlsplit(db_url).query):
        return {}
    return {"timeout": BUSY_TIMEOUT}


def engine_options(db_url: str) -> dict:
    """SQLite: connections start in AUTOCOMMIT, the mode ormar runs each query outside a
    transaction in, so no query pays to switch to it and back (chapter 10). PostgreSQL:
    DATABASE_POOL_SIZE connections per instance, and never more, each checked as the pool
    hands it out (pool_pre_ping)."""
    if db_url.startswith("sqlite"):
        return {"isolation_level": "AUTOCOMMIT"}
    if not db_url.startswith("postgresql"):
        return {}
    try:
        return {"pool_size": database_pool_size(), "max_overflow": 0, "pool_pre_ping": True}
    except StartupError:
        return {}  # start-up refuses the setting, in one line, before anything connects


metadata = sqlalchemy.MetaData()
database = ormar.DatabaseConnection(
    DATABASE_URL, connect_args=connect_args(DATABASE_URL), **engine_options(DATABASE_URL)
)
base_ormar_config = ormar.OrmarConfig(database=database, metadata=metadata)
