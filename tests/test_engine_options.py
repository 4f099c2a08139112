# Written by notebooks/10_performance.ipynb: edit the notebook, not this file.
"""The engine's options: one statement per query, and transactions as they were."""
import pytest
import sqlalchemy

from project.database import database
from project.models import Artist

pytestmark = pytest.mark.anyio


@pytest.fixture
async def statements(started_app):
    """Every statement SQLite runs on the app's connections during the test."""
    if database.engine.dialect.name != "sqlite":  # the suite on PostgreSQL (chapter 11)
        pytest.skip("engine_options() changes SQLite's connections only: the run on SQLite checks them")
    seen: list[str] = []

    def trace(dbapi_connection, connection_record, proxy):
        dbapi_connection.run_async(lambda connection: connection.set_trace_callback(seen.append))

    sqlalchemy.event.listen(database.engine.sync_engine, "checkout", trace)
    yield seen
    sqlalchemy.event.remove(database.engine.sync_engine, "checkout", trace)
    await database.engine.dispose()  # no connection keeps the trace


async def test_a_query_outside_a_transaction_is_one_statement(statements):
    assert await Artist.objects.get_or_none(id=1) is None
    assert [s.split()[0] for s in statements] == ["SELECT"]


async def test_a_transaction_commits_or_rolls_back_as_a_whole(statements):
    with pytest.raises(RuntimeError):
        async with database.transaction():
            await Artist.objects.create(name="Rolled back")
            raise RuntimeError("any error inside the block")
    async with database.transaction():
        await Artist.objects.create(name="Kept")
    try:
        assert [artist.name for artist in await Artist.objects.all()] == ["Kept"]
        words = [s.split()[0] for s in statements]
        words = [word for word in words if word in ("BEGIN", "INSERT", "COMMIT", "ROLLBACK")]  # no PRAGMA
        assert words == ["BEGIN", "INSERT", "ROLLBACK", "BEGIN", "INSERT", "COMMIT"]
    finally:
        await Artist.objects.delete(each=True)
