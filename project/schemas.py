# Written by notebooks/04_app.ipynb and 08_schema_changes.ipynb: edit them, not this file.
"""What the API accepts (…In) and returns (…Out): the contract, apart from the tables."""
from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from project.models import FIRST_YEAR, LAST_TRACK_NUMBER, LAST_YEAR, NAME_LENGTH, TITLE_LENGTH

# Ids are positive and at most 2**53 - 1, the largest integer every JSON client
# reads exactly: a larger one in a URL or a body is a 422, rather than an id that
# a client rounds, or an overflow deep in the driver.
MAX_ID = 2**53 - 1
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


class ErrorOut(BaseModel):
    """The body of every error but a 422 (whose `detail` lists what was wrong)."""

    detail: str


ERRORS = {
    400: "The body is not JSON that can be read (not UTF-8, a number too long, nested too deep)",
    404: "No row has that id",
    409: "It conflicts with what the database holds (a parent that does not exist, children left)",
    413: "The body is larger than the server accepts (MAX_BODY_BYTES)",
    503: "The database stayed locked longer than the busy timeout: send it again (see Retry-After)",
}


def errors(*statuses: int) -> dict[int, dict]:
    """A route's `responses=`: the errors it can answer, each with its description and body."""
    return {status: {"model": ErrorOut, "description": ERRORS[status]} for status in statuses}
