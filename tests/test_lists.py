# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""Lists: pages in id order, each linking to the next; filters by parent; bad query values."""
import httpx
import pytest

from project.models import Artist
from project.routes.pages import DEFAULT_LIMIT, MAX_LIMIT
from project.schemas import MAX_ID
from tests.factories import AlbumFactory, ArtistFactory, TrackFactory
from tests.helpers import create_album, create_artist, create_track

pytestmark = pytest.mark.anyio

FACTORIES = {"artists": ArtistFactory, "albums": AlbumFactory, "tracks": TrackFactory}


async def pages(client: httpx.AsyncClient, url: str, **params) -> list[list[int]]:
    """The ids on each page of a list, following each page's `Link` to the next."""
    response = await client.get(url, params=params)
    found = []
    for _ in range(100):  # a link that loops would otherwise never end
        assert response.status_code == 200, response.text
        found.append([row["id"] for row in response.json()])
        if "next" not in response.links:
            return found
        response = await client.get(response.links["next"]["url"])
    raise AssertionError(f"more than 100 pages: {found[:3]}...")


@pytest.mark.parametrize("resource", FACTORIES)
async def test_pages_follow_one_another_in_id_order(client, resource):
    ids = [(await FACTORIES[resource].create()).id for _ in range(5)]
    assert await pages(client, f"/{resource}", limit=2) == [ids[:2], ids[2:4], ids[4:]]
    assert await pages(client, f"/{resource}", limit=5) == [ids]  # full, and the last


async def test_the_default_page_size_and_the_maximum(client):
    await Artist.objects.bulk_create([Artist(name=f"Artist {n}") for n in range(DEFAULT_LIMIT + 1)])
    response = await client.get("/artists")
    assert len(response.json()) == DEFAULT_LIMIT and "next" in response.links
    response = await client.get("/artists", params={"limit": MAX_LIMIT})
    assert len(response.json()) == DEFAULT_LIMIT + 1 and "next" not in response.links


async def test_a_row_deleted_between_pages_makes_the_client_miss_nothing(client):
    ids = [(await ArtistFactory.create()).id for _ in range(5)]
    first = await client.get("/artists", params={"limit": 2})
    assert (await client.delete(f"/artists/{ids[0]}")).status_code == 204
    second = await client.get(first.links["next"]["url"])
    assert [artist["id"] for artist in second.json()] == ids[2:4]


async def test_albums_of_one_artist(client):
    artist = await create_artist(client)
    first = await create_album(client, artist["id"])
    await create_album(client)  # another artist's, between the two
    second = await create_album(client, artist["id"])
    assert await pages(client, "/albums", artist_id=artist["id"], limit=1) == [[first["id"]], [second["id"]]]


async def test_tracks_of_one_album(client):
    album = await create_album(client)
    first = await create_track(client, album["id"])
    await create_track(client)  # another album's, between the two
    second = await create_track(client, album["id"])
    assert await pages(client, "/tracks", album_id=album["id"], limit=1) == [[first["id"]], [second["id"]]]


@pytest.mark.parametrize(("resource", "parent"), [("albums", "artist_id"), ("tracks", "album_id")])
async def test_an_unknown_parent_is_an_empty_list(client, resource, parent):
    await FACTORIES[resource].create()
    response = await client.get(f"/{resource}", params={parent: 987654})
    assert (response.status_code, response.json(), response.links) == (200, [], {})


@pytest.mark.parametrize(
    ("url", "name", "value", "error"),
    [
        ("/artists", "limit", 0, "greater_than_equal"),
        ("/artists", "limit", MAX_LIMIT + 1, "less_than_equal"),
        ("/albums", "limit", "ten", "int_parsing"),
        ("/tracks", "after", -1, "greater_than_equal"),
        ("/tracks", "after", MAX_ID + 1, "less_than_equal"),
        ("/albums", "artist_id", "abc", "int_parsing"),
        ("/albums", "artist_id", MAX_ID + 1, "less_than_equal"),
        ("/tracks", "album_id", 0, "greater_than_equal"),
        ("/tracks", "album_id", 1.5, "int_parsing"),
    ],
)
async def test_bad_query_values_are_422(client, url, name, value, error):
    response = await client.get(url, params={name: value})
    assert response.status_code == 422, response.text
    [detail] = response.json()["detail"]
    assert (detail["loc"], detail["type"]) == (["query", name], error)
async def test_every_list_documents_its_link_header(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    for resource in FACTORIES:
        assert "Link" in paths[f"/{resource}"]["get"]["responses"]["200"].get("headers", {}), resource
