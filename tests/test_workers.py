# Written by notebooks/10_performance.ipynb: edit the notebook, not this file.
"""Four uvicorn workers on one SQLite file: 3000 POST /tracks, 64 at a time, and not one 5xx."""
import httpx
import pytest

from tests.helpers import create_album
from tests.load import post_tracks
from tests.support import query

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


async def test_four_workers_create_3000_tracks_64_at_a_time_without_an_error(servers):
    server = servers(workers=4)
    server.wait_until_serving()
    async with httpx.AsyncClient(base_url=server.url) as client:
        album = await create_album(client)

    answers, created = await post_tracks(server.url, album["id"], requests=3000, at_a_time=64, stop_on_error=True)

    assert answers == {201: 3000}, f"{answers}\n{server.log_text()}"
    stored = [id for (id,) in query(server.db_url, "SELECT id FROM tracks")]
    assert sorted(stored) == sorted(created) and len(set(created)) == 3000
