# Written by notebooks/06_tests.ipynb: edit the notebook, not this file.
"""/tracks: a track belongs to an album and is read with its album and artist."""
import pytest

from tests.factories import TrackFactory
from tests.helpers import create_album, create_track

pytestmark = pytest.mark.anyio


async def test_create_returns_the_track_with_album_and_artist(client):
    album = await create_album(client)
    body = {"title": "Sinnerman", "number": 10, "album_id": album["id"]}
    response = await client.post("/tracks", json=body)
    assert response.status_code == 201
    track = response.json()
    assert track == {"id": track["id"], "title": "Sinnerman", "number": 10, "album": album}


async def test_read_includes_album_and_artist(client):
    track = await TrackFactory.create()
    response = await client.get(f"/tracks/{track.id}")
    assert response.status_code == 200
    assert response.json() == {
        "id": track.id,
        "title": track.title,
        "number": track.number,
        "album": {
            "id": track.album.id,
            "title": track.album.title,
            "year": track.album.year,
            "artist": {"id": track.album.artist.id, "name": track.album.artist.name},
        },
    }


async def test_list(client):
    tracks = await TrackFactory.create(), await TrackFactory.create()
    response = await client.get("/tracks")
    assert response.status_code == 200
    assert [t["id"] for t in response.json()] == [track.id for track in tracks]
    assert response.json()[1]["album"]["artist"]["name"] == tracks[1].album.artist.name


async def test_update(client):
    track = await create_track(client)
    other_album = await create_album(client)
    response = await client.put(
        f"/tracks/{track['id']}", json={"title": "Renamed", "number": 2, "album_id": other_album["id"]}
    )
    assert response.status_code == 200
    assert response.json() == {"id": track["id"], "title": "Renamed", "number": 2, "album": other_album}


async def test_create_for_a_missing_album_is_refused(client):
    response = await client.post("/tracks", json={"title": "Orphan", "number": 1, "album_id": 424_242})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "album_id"]
    assert error["msg"] == "Album 424242 does not exist"
    assert (await client.get("/tracks")).json() == []


async def test_delete(client):
    track = await create_track(client)
    assert (await client.delete(f"/tracks/{track['id']}")).status_code == 204
    assert (await client.get(f"/tracks/{track['id']}")).status_code == 404
    assert (await client.get(f"/albums/{track['album']['id']}")).status_code == 200
