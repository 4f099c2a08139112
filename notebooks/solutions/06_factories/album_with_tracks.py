"""Exercise 06-1, a worked solution: an album with its tracks, for tests that need a full one."""
from project.models import Album
from tests.factories import AlbumFactory, TrackFactory


async def album_with_tracks(count: int = 10, **fields) -> Album:
    """A saved album (with `fields`, and a new artist unless given) and `count` tracks on it."""
    album = await AlbumFactory.create(**fields)
    for _ in range(count):
        # album=album: without it, each track's SubFactory would make an album of its own.
        await TrackFactory.create(album=album)
    return album
