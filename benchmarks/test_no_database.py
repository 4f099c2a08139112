"""(c) The floor: the same app and client, and a request that never reaches the database."""
import httpx
import pytest

from benchmarks.conftest import N


@pytest.fixture
async def client(started_app):
    transport = httpx.ASGITransport(app=started_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.mark.anyio
@pytest.mark.parametrize("n", range(N))
async def test_one_request(client, n):
    response = await client.post("/artists", json={"name": ""})  # refused by validation
    assert response.status_code == 422
