# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""/tracks: a track belongs to an album and is read with its album and artist."""
import pytest

from tests.factories import TrackFactory
from tests.helpers import create_album, create_track, fields_of, track_body

pytestmark = pytest.mark.anyio


async def test_create_returns_the_track_with_album_and_artist(client):
    album = await create_album(client)
    body = track_body(album["id"], title="Sinnerman")
    response = await client.post("/tracks", json=body)
    assert response.status_code == 201
    track = response.json()
    assert track == {"id": track["id"], **fields_of(body), "album": album}


async def test_read_is_what_create_returned(client):
    track = await create_track(client)
    response = await client.get(f"/tracks/{track['id']}")
    assert response.status_code == 200
    assert response.json() == track
    assert set(track["album"]["artist"]) == {"id", "name"}


async def test_list(client):
    tracks = await TrackFactory.create(), await TrackFactory.create()
    response = await client.get("/tracks")
    assert response.status_code == 200
    assert [t["id"] for t in response.json()] == [track.id for track in tracks]
    assert response.json()[1]["album"]["artist"]["name"] == tracks[1].album.artist.name


async def test_update(client):
    track = await create_track(client)
    other_album = await create_album(client)
    body = track_body(other_album["id"], title="Renamed")
    response = await client.put(f"/tracks/{track['id']}", json=body)
    assert response.status_code == 200
    assert response.json() == {"id": track["id"], **fields_of(body), "album": other_album}


async def test_create_for_a_missing_album_is_refused(client):
    response = await client.post("/tracks", json=track_body(424_242))
    assert response.status_code == 409
    assert response.json() == {"detail": "album_id refers to Album 424242, which does not exist"}
    assert (await client.get("/tracks")).json() == []


async def test_delete(client):
    track = await create_track(client)
    assert (await client.delete(f"/tracks/{track['id']}")).status_code == 204
    assert (await client.get(f"/tracks/{track['id']}")).status_code == 404
    assert (await client.get(f"/albums/{track['album']['id']}")).status_code == 200
