# Written by notebooks/01_models.ipynb: edit the notebook, not this file.
"""Which database the application uses, and the ormar configuration shared by every model."""
import os
from urllib.parse import parse_qs, urlsplit

import ormar
import sqlalchemy

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///music.db"

# The async URL the app talks to, e.g. sqlite+aiosqlite:///music.db (an async driver:
# aiosqlite). Read once, at import time.
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
    transaction in, so no query pays to switch to it and back. ormar still opens its
    transactions on SQLite with an explicit BEGIN, which this mode needs."""
    return {"isolation_level": "AUTOCOMMIT"} if db_url.startswith("sqlite") else {}


metadata = sqlalchemy.MetaData()
database = ormar.DatabaseConnection(
    DATABASE_URL, connect_args=connect_args(DATABASE_URL), **engine_options(DATABASE_URL)
)
base_ormar_config = ormar.OrmarConfig(database=database, metadata=metadata)
