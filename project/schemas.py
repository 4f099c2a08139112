# Written by notebooks/04_app.ipynb and 08_schema_changes.ipynb: edit them, not this file.
"""What the API accepts (…In) and returns (…Out): the contract, apart from the tables."""
from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from project.models import FIRST_YEAR, LAST_TRACK_NUMBER, LAST_YEAR, NAME_LENGTH, TITLE_LENGTH

# Ids are positive and fit in the 64-bit integers databases store: a larger one
# in a URL or a body is a 422, rather than an overflow deep in the driver.
MAX_ID = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


class Body(BaseModel):
    # An unknown field is a typo in the client: say so rather than ignore it.
    model_config = ConfigDict(extra="forbid")


class ArtistIn(Body):
    name: str = Field(min_length=1, max_length=NAME_LENGTH)


class AlbumIn(Body):
    title: str = Field(min_length=1, max_length=TITLE_LENGTH)
    year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    artist_id: RowId


class TrackIn(Body):
    title: str = Field(min_length=1, max_length=TITLE_LENGTH)
    number: int = Field(ge=1, le=LAST_TRACK_NUMBER)
    album_id: RowId


class ArtistOut(BaseModel):
    id: int
    name: str


class AlbumOut(BaseModel):
    id: int
    title: str
    year: int | None
    artist: ArtistOut


class TrackOut(BaseModel):
    id: int
    title: str
    number: int
    album: AlbumOut
