# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""Request bodies and rows made through the API, as a client would, with the factories' values."""
import httpx
from pydantic import BaseModel

from project.schemas import AlbumIn, ArtistIn, TrackIn
from tests.factories import AlbumFactory, ArtistFactory, TrackFactory


def body(schema: type[BaseModel], instance, **parent_ids: int) -> dict:
    """The body `schema` takes: each of its fields from the unsaved factory instance's
    attribute of the same name, and the parents' ids as given."""
    return {name: getattr(instance, name) for name in schema.model_fields if name not in parent_ids} | parent_ids


def artist_body(**fields) -> dict:
    return body(ArtistIn, ArtistFactory.build(**fields))


def album_body(artist_id: int, **fields) -> dict:
    return body(AlbumIn, AlbumFactory.build(**fields), artist_id=artist_id)


def track_body(album_id: int, **fields) -> dict:
    return body(TrackIn, TrackFactory.build(**fields), album_id=album_id)


def fields_of(body: dict) -> dict:
    """What a response echoes of a request body: every field but the parents' ids."""
    return {name: value for name, value in body.items() if not name.endswith("_id")}


async def post(client: httpx.AsyncClient, url: str, body: dict) -> dict:
    """POST `body` and return the created resource; fail loudly on anything but 201."""
    response = await client.post(url, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def create_artist(client: httpx.AsyncClient, **fields) -> dict:
    return await post(client, "/artists", artist_body(**fields))


async def create_album(client: httpx.AsyncClient, artist_id: int | None = None, **fields) -> dict:
    """An album of `artist_id`, or of a new artist."""
    if artist_id is None:
        artist_id = (await create_artist(client))["id"]
    return await post(client, "/albums", album_body(artist_id, **fields))


async def create_track(client: httpx.AsyncClient, album_id: int | None = None, **fields) -> dict:
    """A track of `album_id`, or of a new album by a new artist."""
    if album_id is None:
        album_id = (await create_album(client))["id"]
    return await post(client, "/tracks", track_body(album_id, **fields))


CREATE = {"artists": create_artist, "albums": create_album, "tracks": create_track}


async def valid_body(client: httpx.AsyncClient, resource: str) -> dict:
    """A body POST or PUT /<resource> accepts, with fresh parents where it needs them."""
    if resource == "artists":
        return artist_body()
    if resource == "albums":
        return album_body((await create_artist(client))["id"])
    return track_body((await create_album(client))["id"])
