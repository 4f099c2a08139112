# Written by notebooks/05_fixtures.ipynb: edit the notebook, not this file.
"""The per-test database: at head, and nothing a test writes reaches another test."""
import pytest

from project.database import database
from project.migrations import current_revision, head_revision
from project.models import Artist

pytestmark = pytest.mark.anyio


async def test_the_test_database_is_migrated_to_head(started_app):
    assert current_revision(database.url) == head_revision()


# If the rollback leaked, whichever of these runs second in a process (pytest-randomly
# shuffles them) would find the other's rows, as would any that runs after another test
# that writes artists: under `pytest -n`, each worker process is a process of its own.
@pytest.mark.parametrize("n", [1, 2, 3])
async def test_each_test_starts_empty(db, n):
    assert await Artist.objects.count() == 0
    for i in range(n):
        await Artist.objects.create(name=f"Artist {i}")
    assert await Artist.objects.count() == n


async def test_requests_and_ormar_share_the_test_transaction(client):
    artist = await Artist.objects.create(name="Nina Simone")
    response = await client.get(f"/artists/{artist.id}")
    assert response.status_code == 200
    assert response.json() == {"id": artist.id, "name": "Nina Simone"}


async def test_rows_written_by_the_app_are_rolled_back_too(client):
    for name in ["a", "b"]:
        assert (await client.post("/artists", json={"name": name})).status_code == 201
    assert len((await client.get("/artists")).json()) == 2
