"""Check of exercise 06-1: a helper that makes an album with its tracks, through the factories."""
import pytest

from project.models import Album, Artist, Track
from tests.exercise_checking import answer_function

ANSWER = "exercises/album_with_tracks.py"
pytestmark = pytest.mark.anyio


def answer():
    return answer_function(ANSWER, "album_with_tracks")


async def test_ten_tracks_on_one_saved_album(db):
    album = await answer()()
    assert isinstance(album, Album) and album.id is not None, (
        f"album_with_tracks() returned {album!r}: it should return the saved Album"
    )
    counts = await Artist.objects.count(), await Album.objects.count(), await Track.objects.count()
    assert counts[1] == 1, f"album_with_tracks() saved {counts[1]} albums: the tracks should all be on one album"
    assert counts[2] == 10, f"album_with_tracks() saved {counts[2]} tracks; by default it should save ten"
    on_it = await Track.objects.filter(album__id=album.id).count()
    assert on_it == 10, f"{on_it} of the ten tracks are on the album it returned: all ten should be"
    assert counts[0] == 1, f"album_with_tracks() saved {counts[0]} artists: one album needs one artist"


async def test_how_many_tracks_and_the_albums_fields_are_the_callers(db):
    album = await answer()(3, title="Pastel Blues")
    count = await Track.objects.filter(album__id=album.id).count()
    assert count == 3, f"album_with_tracks(3) gave the album {count} tracks, not 3"
    assert album.title == "Pastel Blues", (
        f'album_with_tracks(3, title="Pastel Blues") made an album titled {album.title!r}: '
        "pass the other arguments on to AlbumFactory"
    )
