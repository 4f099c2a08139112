# Written by notebooks/06_tests.ipynb: edit the notebook, not this file.
"""Create rows through the API, as a client would, with the factories' values."""
import httpx

from tests.factories import AlbumFactory, ArtistFactory, TrackFactory


async def post(client: httpx.AsyncClient, url: str, body: dict) -> dict:
    """POST `body` and return the created resource; fail loudly on anything but 201."""
    response = await client.post(url, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def create_artist(client: httpx.AsyncClient, **fields) -> dict:
    artist = ArtistFactory.build(**fields)
    return await post(client, "/artists", {"name": artist.name})


async def create_album(client: httpx.AsyncClient, artist_id: int | None = None, **fields) -> dict:
    """An album of `artist_id`, or of a new artist."""
    if artist_id is None:
        artist_id = (await create_artist(client))["id"]
    album = AlbumFactory.build(**fields)
    return await post(client, "/albums", {"title": album.title, "year": album.year, "artist_id": artist_id})


async def create_track(client: httpx.AsyncClient, album_id: int | None = None, **fields) -> dict:
    """A track of `album_id`, or of a new album by a new artist."""
    if album_id is None:
        album_id = (await create_album(client))["id"]
    track = TrackFactory.build(**fields)
    return await post(client, "/tracks", {"title": track.title, "number": track.number, "album_id": album_id})
