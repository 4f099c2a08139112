# Written by notebooks/02_migrations.ipynb: edit the notebook, not this file.
"""What the tests share: where the repository is, and what a database holds."""
import sqlite3
from pathlib import Path

import sqlalchemy

from project.migrations import sync_connection

ROOT = Path(__file__).resolve().parents[1]


def tables(db_url: str) -> set[str]:
    """The names of the database's tables."""
    with sync_connection(db_url) as connection:
        return set(sqlalchemy.inspect(connection).get_table_names())


def query(db_url: str, sql: str) -> list[tuple]:
    """The rows of one SQL query, through the standard library's sqlite3 (no ormar, no Alembic)."""
    connection = sqlite3.connect(sqlalchemy.make_url(db_url).database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()
