"""Check of exercise 05-1: a fixture that gives a test an artist with two albums, in its own database."""
import pytest

from project.models import Album, Artist
from tests.exercise_checking import load_answer

ANSWER = "exercises/fixtures.py"
pytestmark = pytest.mark.anyio

answer, PROBLEM = load_answer(ANSWER, "artist_with_albums", "artist_with_albums fixture")
if answer is not None:
    artist_with_albums = answer.artist_with_albums  # the reader's fixture, for the tests below
else:

    @pytest.fixture
    def artist_with_albums():
        return None


async def check_the_rows(artist_with_albums, run: str):
    assert PROBLEM is None, PROBLEM
    artist = artist_with_albums
    assert isinstance(artist, Artist) and artist.id is not None, (
        f"the fixture gave the test {artist!r}: it should give the saved Artist"
    )
    artists = await Artist.objects.count()
    assert artists == 1, (
        f"the {run} test that uses the fixture finds {artists} artists in the database, not just its own: "
        "the fixture's rows outlive the test. Ask for the db fixture, so they are rolled back with it"
    )
    albums = await Album.objects.filter(artist__id=artist.id).count()
    assert albums == 2, f"the fixture's artist has {albums} album(s) in the database; it should have two"


# started_app first: the app (and its connection) is up before the reader's fixture runs, whatever it asks for.
async def test_the_first_test_gets_an_artist_with_two_albums(started_app, artist_with_albums, db):
    await check_the_rows(artist_with_albums, "first")


async def test_the_second_test_gets_its_own(started_app, artist_with_albums, db):
    await check_the_rows(artist_with_albums, "second")
