# Written by notebooks/06_factories.ipynb: edit the notebook, not this file.
"""The factories build linked, unique instances, and save them through ormar."""
import pytest

from project.models import Album, Artist, Track
from tests.factories import AlbumFactory, ArtistFactory, TrackFactory


def test_build_needs_no_database():
    track = TrackFactory.build()
    assert isinstance(track.album.artist, Artist)
    assert track.id is None and track.album.id is None


def test_values_are_unique():
    names = {ArtistFactory.build().name for _ in range(50)}
    assert len(names) == 50


def test_nested_attributes_can_be_overridden():
    track = TrackFactory.build(title="Feeling Good", album__artist__name="Nina Simone")
    assert track.title == "Feeling Good"
    assert track.album.artist.name == "Nina Simone"


@pytest.mark.anyio
async def test_create_saves_the_whole_chain(db):
    track = await TrackFactory.create()
    saved = await Track.objects.select_related("album__artist").get(id=track.id)
    assert saved.album.id == track.album.id
    assert saved.album.artist.name == track.album.artist.name
    assert await Album.objects.count() == 1 and await Artist.objects.count() == 1


@pytest.mark.anyio
async def test_create_batch_gets_ids_from_the_database(db):
    artists = [await artist for artist in ArtistFactory.create_batch(3)]
    assert len({artist.id for artist in artists}) == 3
    albums = [await album for album in AlbumFactory.create_batch(3, artist=artists[0])]
    assert await artists[0].albums.count() == 3 and len({album.id for album in albums}) == 3
