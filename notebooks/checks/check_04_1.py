"""Check of exercise 04-1: GET /search?q=..., mounted on the app from the answer's `router`."""
import httpx
import pytest
from asgi_lifespan import LifespanManager

from project.app import app
from project.models import Album, Artist, Track
from tests.exercise_checking import load_answer

ANSWER = "exercises/search.py"
pytestmark = pytest.mark.anyio

answer, PROBLEM = load_answer(ANSWER, "router", "`router`")
try:
    if answer is not None:
        app.include_router(answer.router)
except Exception as error:
    PROBLEM = f"{ANSWER}'s `router` cannot be mounted on the app: {type(error).__name__}: {error}"


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def client():
    """The app on the check's own database, with three artists and their albums."""
    assert PROBLEM is None, PROBLEM
    async with LifespanManager(app) as lifespan:
        transport = httpx.ASGITransport(app=lifespan.app, raise_app_exceptions=False)  # a bug is a 500
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            for name, title in [("Nina Simone", "Pastel Blues"), ("Miles Davis", "Kind of Blue"),
                                ("Nina Hagen", "Nunsexmonkrock")]:
                artist = (await client.post("/artists", json={"name": name})).json()
                await client.post("/albums", json={"title": title, "artist_id": artist["id"]})
            yield client
            for model in (Track, Album, Artist):
                await model.objects.delete(each=True)


async def search(client, url: str, status: int = 200):
    response = await client.get(url)
    assert response.status_code == status, (
        f"GET {url} answered {response.status_code} ({response.text[:200]}); it should answer {status}"
    )
    body = response.json()
    if status == 200:
        assert isinstance(body, dict) and set(body) == {"artists", "albums"}, (
            f"GET {url} answered {body}; it should answer {{\"artists\": [...], \"albums\": [...]}}"
        )
    return body


async def test_albums_whose_title_contains_the_words_in_any_case(client):
    found = await search(client, "/search?q=blue")
    titles = [album["title"] for album in found["albums"]]
    assert titles == ["Pastel Blues", "Kind of Blue"], (
        f"GET /search?q=blue found the albums {titles}; it should find ['Pastel Blues', 'Kind of Blue'] "
        "(the title contains the words, in any case; in id order)"
    )
    assert found["albums"][0]["artist"] == found["albums"][0]["artist"] | {"name": "Nina Simone"}, (
        f"GET /search?q=blue shows the album as {found['albums'][0]}: with its artist, as GET /albums/{{id}} does"
    )
    assert found["artists"] == [], f"GET /search?q=blue found the artists {found['artists']}; none is called blue"


async def test_artists_whose_name_contains_the_words_in_any_case(client):
    found = await search(client, "/search?q=NINA")
    names = [artist["name"] for artist in found["artists"]]
    assert names == ["Nina Simone", "Nina Hagen"], (
        f"GET /search?q=NINA found the artists {names}; it should find ['Nina Simone', 'Nina Hagen'], in id order"
    )
    assert set(found["artists"][0]) == {"id", "name"}, f"an artist found shows as {found['artists'][0]}: id and name"
    assert found["albums"] == [], f"GET /search?q=NINA found the albums {found['albums']}; no title holds 'nina'"


async def test_nothing_found_is_two_empty_lists(client):
    found = await search(client, "/search?q=zzz")
    assert found == {"artists": [], "albums": []}, f"GET /search?q=zzz answered {found}; nothing matches"


async def test_a_missing_or_one_letter_query_is_a_422(client):
    await search(client, "/search", 422)
    await search(client, "/search?q=n", 422)
