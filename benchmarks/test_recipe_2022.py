"""(a) The 2022 recipe: a database built from scratch for every test (create_all + stamp)."""
import httpx
import pytest
import sqlalchemy
from alembic import command

from benchmarks.conftest import N
from project.database import database, metadata
from project.migrations import get_alembic_config, sync_url
from tests.conftest import TEST_DATABASE_URL


@pytest.fixture
async def client():
    from project.app import app

    path = sync_url(TEST_DATABASE_URL).database
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    metadata.drop_all(engine)
    metadata.create_all(engine)
    command.stamp(get_alembic_config(TEST_DATABASE_URL), "head")
    engine.dispose()
    await database.connect()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await database.disconnect()


@pytest.mark.anyio
@pytest.mark.parametrize("n", range(N))
async def test_one_request(client, n):
    response = await client.post("/artists", json={"name": f"Artist {n}"})
    assert response.status_code == 201
