"""Check of exercise 07-1: GET /artists/{id}/albums, mounted on the app from the answer's `router`."""
import pytest

from project.app import app
from tests.exercise_checking import load_answer
from tests.helpers import create_album, create_artist

ANSWER = "exercises/artist_albums.py"
pytestmark = pytest.mark.anyio

answer, PROBLEM = load_answer(ANSWER, "router", "`router`")
try:
    if answer is not None:
        app.include_router(answer.router)
except Exception as error:
    PROBLEM = f"{ANSWER}'s `router` cannot be mounted on the app: {type(error).__name__}: {error}"


async def get(client, url: str, status: int):
    assert PROBLEM is None, PROBLEM
    response = await client.get(url)
    assert response.status_code == status, (
        f"GET {url} answered {response.status_code} ({response.text[:200]}); it should answer {status}"
    )
    return response.json()


async def test_an_artists_albums_in_id_order_each_with_its_artist(client):
    artist, other = await create_artist(client), await create_artist(client)
    first = await create_album(client, artist["id"])
    await create_album(client, other["id"])
    second = await create_album(client, artist["id"])
    url = f"/artists/{artist['id']}/albums"
    albums = await get(client, url, 200)
    assert albums == [first, second], (
        f"GET {url} answered {albums}; it should list this artist's two albums only, "
        f"in id order, each as GET /albums/{{id}} shows it: {[first, second]}"
    )


async def test_an_artist_with_no_albums_has_an_empty_list(client):
    artist = await create_artist(client)
    await create_album(client)
    albums = await get(client, f"/artists/{artist['id']}/albums", 200)
    assert albums == [], f"GET /artists/{artist['id']}/albums answered {albums}; an artist with no albums has []"


async def test_an_unknown_artist_is_a_404(client):
    body = await get(client, "/artists/999999/albums", 404)
    assert body == {"detail": "Artist 999999 not found"}, (
        f"GET /artists/999999/albums answered {body}; say it as the other routes do: "
        '{"detail": "Artist 999999 not found"} (get_or_404 does)'
    )


async def test_an_id_that_cannot_exist_is_a_422(client):
    await get(client, "/artists/0/albums", 422)
