"""Check of exercise 01-1: an artist's track titles, in one query that walks the relations."""
import pytest
import sqlalchemy

from project.database import database, metadata
from project.models import Album, Artist, Track
from tests.exercise_checking import answer_function

ANSWER = "exercises/queries.py"
pytestmark = pytest.mark.anyio


def answer():
    return answer_function(ANSWER, "track_titles_by")


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def library():
    """Two artists whose names look alike, and an album named after one of them."""
    engine = sqlalchemy.create_engine(str(database.url).replace("+aiosqlite", ""))
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()
    async with database:
        nina = await Artist.objects.create(name="Nina Simone")
        tribute = await Artist.objects.create(name="Nina Simone Tribute Band")
        for title, artist, tracks in [
            ("Wild Is the Wind", nina, ["Lilac Wine", "Four Women"]),
            ("Pastel Blues", nina, ["Sinnerman", "Be My Husband"]),
            ("Nina Simone", tribute, ["Ain't Got No"]),
        ]:
            album = await Album.objects.create(title=title, artist=artist)
            for track in tracks:
                await Track.objects.create(title=track, album=album)
        yield


async def test_the_titles_of_one_artists_tracks_in_alphabetical_order(library):
    titles = await answer()("Nina Simone")
    expected = ["Be My Husband", "Four Women", "Lilac Wine", "Sinnerman"]
    assert isinstance(titles, list) and all(isinstance(t, str) for t in titles), (
        f'track_titles_by("Nina Simone") returned {titles!r}: it should return a list of titles (str)'
    )
    extra, missing = sorted(set(titles) - set(expected)), sorted(set(expected) - set(titles))
    assert not extra, (
        f'track_titles_by("Nina Simone") also returned {extra}, by the Nina Simone Tribute Band: '
        "match the artist's name exactly, and walk from the track to its album's artist"
    )
    assert not missing, f'track_titles_by("Nina Simone") left out {missing}, which are hers'
    assert len(titles) == len(expected), f'track_titles_by("Nina Simone") returned {titles!r}: each title once'
    assert titles == expected, f'track_titles_by("Nina Simone") returned {titles!r}: put them in alphabetical order'


async def test_an_unknown_artist_has_no_tracks(library):
    titles = await answer()("Nobody")
    assert titles == [], f'track_titles_by("Nobody") returned {titles!r}; an unknown artist has no tracks: []'
