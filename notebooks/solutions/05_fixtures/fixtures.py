"""Exercise 05-1, a worked solution: an artist with two albums, for the test alone."""
import pytest

from project.models import Album, Artist


@pytest.fixture
async def artist_with_albums(db) -> Artist:
    # `db` first: the rows are written inside the test's transaction, and rolled back with it.
    artist = await Artist.objects.create(name="Nina Simone")
    for title in ["Pastel Blues", "Wild Is the Wind"]:
        await Album.objects.create(title=title, artist=artist)
    return artist
