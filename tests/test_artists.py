# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""/artists: every route, and what it refuses."""
import pytest

from tests.factories import AlbumFactory, ArtistFactory
from tests.helpers import create_artist

pytestmark = pytest.mark.anyio


async def test_create_then_read(client):
    created = await create_artist(client, name="Nina Simone")
    assert created == {"id": created["id"], "name": "Nina Simone"}
    response = await client.get(f"/artists/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


async def test_list_in_id_order(client):
    first, second = await ArtistFactory.create(), await ArtistFactory.create()
    response = await client.get("/artists")
    assert response.status_code == 200
    assert response.json() == [
        {"id": first.id, "name": first.name},
        {"id": second.id, "name": second.name},
    ]


async def test_update(client):
    artist = await create_artist(client)
    response = await client.put(f"/artists/{artist['id']}", json={"name": "Renamed"})
    assert response.status_code == 200
    assert response.json() == {"id": artist["id"], "name": "Renamed"}
    assert (await client.get(f"/artists/{artist['id']}")).json()["name"] == "Renamed"


async def test_delete(client):
    artist = await create_artist(client)
    response = await client.delete(f"/artists/{artist['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(f"/artists/{artist['id']}")).status_code == 404


async def test_delete_refused_while_albums_remain(client):
    album = await AlbumFactory.create()
    response = await client.delete(f"/artists/{album.artist.id}")
    assert response.status_code == 409
    assert "still has albums (1)" in response.json()["detail"]
    # Nothing was deleted: the artist and the album are both still there.
    assert (await client.get(f"/artists/{album.artist.id}")).status_code == 200
    assert (await client.get(f"/albums/{album.id}")).status_code == 200
