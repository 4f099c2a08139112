# Written by notebooks/06_factories.ipynb and 08_schema_changes.ipynb: edit them, not this file.
"""factory-boy factories for the ormar models.

`build()` makes unsaved instances, no database needed. `create()` returns a
coroutine: `await ArtistFactory.create()` saves the row (and its parents).
"""
import inspect

import factory

from project.models import LAST_TRACK_NUMBER, Album, Artist, Track


class OrmarFactory(factory.Factory):
    """A factory whose `create()` saves through ormar, which is async."""

    class Meta:  # factory-boy's options, not ormar's
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        async def create():
            # A SubFactory's create() is itself a coroutine: save the parent first.
            for name, value in kwargs.items():
                if inspect.isawaitable(value):
                    kwargs[name] = await value
            return await model_class.objects.create(*args, **kwargs)

        return create()


class ArtistFactory(OrmarFactory):
    class Meta:
        model = Artist

    # A sequence: every artist gets a different name; the database picks the id.
    name = factory.Sequence(lambda n: f"Artist {n}")


class AlbumFactory(OrmarFactory):
    class Meta:
        model = Album

    title = factory.Sequence(lambda n: f"Album {n}")
    year = factory.Sequence(lambda n: 1950 + n % 75)
    artist = factory.SubFactory(ArtistFactory)


class TrackFactory(OrmarFactory):
    class Meta:
        model = Track

    title = factory.Sequence(lambda n: f"Track {n}")
    number = factory.Sequence(lambda n: n % LAST_TRACK_NUMBER + 1)
    album = factory.SubFactory(AlbumFactory)
