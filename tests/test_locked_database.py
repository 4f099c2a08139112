# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""A write locked out past the busy timeout is a 503 with Retry-After; other database errors stay 500s."""
import sqlite3
from contextlib import contextmanager

import pytest
import sqlalchemy

from tests.support import query

pytestmark = pytest.mark.slow  # each test starts uvicorn


@contextmanager
def write_lock(db_url: str):
    """Hold SQLite's strongest lock on the database, from a connection of our own."""
    connection = sqlite3.connect(sqlalchemy.make_url(db_url).database, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def test_a_write_locked_out_too_long_is_a_503_and_writes_nothing(servers, db_url):
    server = servers(db_url=f"{db_url}?timeout=0.2")
    server.wait_until_serving()
    with write_lock(db_url):
        response = server.request("POST", "/artists", expect=503, json={"name": "Nina Simone"})
        assert response.headers["Retry-After"] == "1"
        assert response.json() == {"detail": "the database is busy: try again shortly"}
        assert server.request("GET", "/artists", expect=200).json() == []  # readers never wait
    assert query(db_url, "SELECT name FROM artists") == []
    server.request("POST", "/artists", expect=201, json={"name": "Nina Simone"})


def test_any_other_database_error_is_still_a_500(servers):
    server = servers()
    server.wait_until_serving()
    connection = sqlite3.connect(sqlalchemy.make_url(server.db_url).database)
    connection.execute("DROP TABLE tracks")
    connection.close()
    response = server.request("GET", "/tracks", expect=500)
    assert "Retry-After" not in response.headers
    assert "no such table: tracks" in server.log_text()
