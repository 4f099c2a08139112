"""(b) Ours: the app started once, each test inside a transaction rolled back at its end."""
import pytest

from benchmarks.conftest import N


@pytest.mark.anyio
@pytest.mark.parametrize("n", range(N))
async def test_one_request(client, n):  # the `client` fixture of tests/conftest.py
    response = await client.post("/artists", json={"name": f"Artist {n}"})
    assert response.status_code == 201
