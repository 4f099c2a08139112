"""Exercise 07-2, a worked solution: a refused delete changes nothing."""
import pytest

from tests.helpers import create_album, create_artist

pytestmark = pytest.mark.anyio


async def test_a_refused_delete_changes_nothing(client):
    artist = await create_artist(client)
    albums = [await create_album(client, artist["id"]) for _ in range(2)]
    before = (await client.get("/albums")).json()

    response = await client.delete(f"/artists/{artist['id']}")

    assert response.status_code == 409
    # Everything is still there, exactly as it was: the artist, and every album.
    assert (await client.get(f"/artists/{artist['id']}")).json() == artist
    assert (await client.get("/albums")).json() == before == albums
