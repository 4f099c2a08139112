# Written by notebooks/12_instances.ipynb: edit the notebook, not this file.
"""Several instances of the app against one PostgreSQL server, as real uvicorn processes:
eight started at once on a fresh database, and one under load within its pool. Each test gets
a new, empty database on the server (pg_url)."""
import threading

import httpx
import pytest
import sqlalchemy

from project.migrations import sync_url
from tests.helpers import create_album
from tests.load import post_tracks
from tests.servers import all_at_once
from tests.test_startup import assert_they_took_turns

SLOW = 1.0  # seconds the schema creation of the instance first to the lock takes: the others wait


@pytest.mark.slow
def test_eight_instances_on_a_fresh_database_never_serve_before_head(servers, pg_url, tmp_path):
    started = all_at_once(servers, 8, tmp_path / "go", db_url=pg_url, delay=SLOW)
    assert_they_took_turns(started, SLOW)  # chapter 4's checks, here on the server


def count_clients(url: str, seen: list[int], stop: threading.Event) -> None:
    """Every few milliseconds until `stop` is set, append how many clients the database has
    besides this one."""
    engine = sqlalchemy.create_engine(sync_url(url), isolation_level="AUTOCOMMIT")  # fresh figures
    with engine.connect() as connection:
        while not stop.wait(0.005):
            seen.append(connection.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            ).scalar())
    engine.dispose()


@pytest.mark.slow
@pytest.mark.anyio
async def test_an_instance_keeps_at_most_database_pool_size_connections(servers, pg_url, monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_SIZE", "2")
    server = servers(db_url=pg_url)
    server.wait_until_serving()
    async with httpx.AsyncClient(base_url=server.url) as client:
        album = await create_album(client)
    seen, stop = [], threading.Event()
    watcher = threading.Thread(target=count_clients, args=(pg_url, seen, stop))
    watcher.start()
    try:
        answers, _ = await post_tracks(server.url, album["id"], requests=300, at_a_time=64)
    finally:
        stop.set()
        watcher.join()
    assert answers == {201: 300}
    assert len(seen) > 10 and max(seen) <= 2, f"connections seen during the load: {sorted(set(seen))}"
