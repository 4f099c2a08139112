# Written by notebooks/01_models.ipynb, 08_schema_changes.ipynb and 11_production.ipynb: edit them, not this file.
"""The music library's tables: an artist has albums, an album has tracks."""
import ormar

from project.database import base_ormar_config

NAME_LENGTH = 100
TITLE_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 1000, 9999
LAST_TRACK_NUMBER = 9999


class Artist(ormar.Model):
    ormar_config = base_ormar_config.copy(tablename="artists")

    id: int = ormar.Integer(primary_key=True)
    name: str = ormar.String(max_length=NAME_LENGTH, min_length=1)


class Album(ormar.Model):
    ormar_config = base_ormar_config.copy(tablename="albums")

    id: int = ormar.Integer(primary_key=True)
    title: str = ormar.String(max_length=TITLE_LENGTH, min_length=1)
    year: int | None = ormar.Integer(nullable=True, minimum=FIRST_YEAR, maximum=LAST_YEAR)
    # RESTRICT: the database itself refuses to delete an artist that still has albums.
    # index: an artist's albums are found without reading every album.
    artist: Artist = ormar.ForeignKey(
        Artist,
        name="artist_id",
        nullable=False,
        ondelete=ormar.ReferentialAction.RESTRICT,
        related_name="albums",
        index=True,
    )


class Track(ormar.Model):
    ormar_config = base_ormar_config.copy(tablename="tracks")

    id: int = ormar.Integer(primary_key=True)
    title: str = ormar.String(max_length=TITLE_LENGTH, min_length=1)
    number: int = ormar.Integer(minimum=1, maximum=LAST_TRACK_NUMBER)  # its position on the album
    album: Album = ormar.ForeignKey(
        Album,
        name="album_id",
        nullable=False,
        ondelete=ormar.ReferentialAction.RESTRICT,
        related_name="tracks",
        index=True,
    )


# PostgreSQL's INTEGER holds 32 bits, and ids go up to 2**53 - 1: there, ids and the foreign
# keys to them are BIGINT (revision 0004). SQLite's INTEGER already holds 64 bits.
import sqlalchemy  # noqa: E402

for _column in (Artist.ormar_config.table.c.id, Album.ormar_config.table.c.id, Album.ormar_config.table.c.artist_id,
                Track.ormar_config.table.c.id, Track.ormar_config.table.c.album_id):
    _column.type = _column.type.with_variant(sqlalchemy.BigInteger(), "postgresql")
