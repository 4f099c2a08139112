# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""/albums: an album belongs to an artist and is read with it."""
import pytest

from project.models import Artist
from project.routes import albums
from tests.factories import AlbumFactory, TrackFactory
from tests.helpers import album_body, create_album, create_artist, fields_of

pytestmark = pytest.mark.anyio


async def test_create_returns_the_album_with_its_artist(client):
    artist = await create_artist(client)
    body = album_body(artist["id"], title="Pastel Blues")
    response = await client.post("/albums", json=body)
    assert response.status_code == 201
    album = response.json()
    assert album == {"id": album["id"], **fields_of(body), "artist": artist}


async def test_read_includes_the_artist(client):
    album = await AlbumFactory.create()
    response = await client.get(f"/albums/{album.id}")
    assert response.status_code == 200
    assert response.json()["artist"] == {"id": album.artist.id, "name": album.artist.name}


async def test_list(client):
    created = [await AlbumFactory.create() for _ in range(3)]
    response = await client.get("/albums")
    assert response.status_code == 200
    assert [(a["id"], a["artist"]["id"]) for a in response.json()] == [(a.id, a.artist.id) for a in created]


async def test_update_can_move_the_album_to_another_artist(client):
    album = await create_album(client)
    other = await create_artist(client)
    body = album_body(other["id"], title="New title")
    response = await client.put(f"/albums/{album['id']}", json=body)
    assert response.status_code == 200
    assert response.json() == {"id": album["id"], **fields_of(body), "artist": other}


async def test_create_for_a_missing_artist_is_refused(client):
    response = await client.post("/albums", json=album_body(999_999))
    assert response.status_code == 409
    assert response.json() == {"detail": "artist_id refers to Artist 999999, which does not exist"}
    assert (await client.get("/albums")).json() == []


async def test_an_artist_deleted_meanwhile_is_a_409_not_a_500(client, monkeypatch):
    # Between the check that the artist exists and the insert, another request deletes it.
    async def artist_deleted_after_the_check(*args):
        return Artist(id=999_999, name="gone")

    monkeypatch.setattr(albums, "get_parent", artist_deleted_after_the_check)
    response = await client.post("/albums", json=album_body(999_999))
    assert response.status_code == 409
    detail = response.json()["detail"]  # the database's own words, which differ from one kind to another
    assert detail.startswith("the database refused the change: ") and "foreign key" in detail.lower()
    assert (await client.get("/albums")).json() == []


async def test_update_to_a_missing_artist_changes_nothing(client):
    album = await create_album(client)
    response = await client.put(f"/albums/{album['id']}", json=album_body(999_999))
    assert response.status_code == 409
    assert (await client.get(f"/albums/{album['id']}")).json() == album


async def test_delete(client):
    album = await create_album(client)
    assert (await client.delete(f"/albums/{album['id']}")).status_code == 204
    assert (await client.get(f"/albums/{album['id']}")).status_code == 404
    # The artist stays: deleting a child never touches its parent.
    assert (await client.get(f"/artists/{album['artist']['id']}")).status_code == 200


async def test_delete_refused_while_tracks_remain(client):
    track = await TrackFactory.create()
    response = await client.delete(f"/albums/{track.album.id}")
    assert response.status_code == 409
    assert "still has tracks (1)" in response.json()["detail"]
    assert (await client.get(f"/tracks/{track.id}")).status_code == 200
