# Written by notebooks/04_app.ipynb and 08_schema_changes.ipynb: edit them, not this file.
"""What the API accepts (…In) and returns (…Out): the contract, apart from the tables."""
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from project.models import FIRST_YEAR, LAST_TRACK_NUMBER, LAST_YEAR, NAME_LENGTH, TITLE_LENGTH

# Ids are positive and at most 2**53 - 1, the largest integer every JSON client
# reads exactly: a larger one in a URL or a body is a 422, rather than an id that
# a client rounds, or an overflow deep in the driver.
MAX_ID = 2**53 - 1
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def a_number(value):
    if isinstance(value, (bool, str)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def Whole(ge: int, le: int):
    """A whole number from `ge` to `le`, sent as a JSON number: `true` or "7" is a 422, where
    pydantic would otherwise take them for 1 and 7 (7.0 is 7: JSON Schema's integers include it)."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(a_number)]


RowId = Whole(ge=1, le=MAX_ID)


def without_nul(text: str) -> str:
    if "\x00" in text:
        raise PydanticCustomError("string_nul", "Text should not contain the NUL character (\\u0000)")
    return text


def Text(max_length: int):
    """A name or a title: 1 to `max_length` characters, none of them NUL, which PostgreSQL
    cannot store: a 422 on every database, rather than a 500 on one. The published schema
    says so too (a pattern), so a client, or a fuzzer, knows it."""
    return Annotated[
        str,
        Field(min_length=1, max_length=max_length, json_schema_extra={"pattern": r"^[^\x00]*$"}),
        AfterValidator(without_nul),
    ]


class Body(BaseModel):
    # An unknown field is a typo in the client: say so rather than ignore it.
    model_config = ConfigDict(extra="forbid")


class ArtistIn(Body):
    name: Text(NAME_LENGTH)


class AlbumIn(Body):
    title: Text(TITLE_LENGTH)
    year: Whole(ge=FIRST_YEAR, le=LAST_YEAR) | None = None
    artist_id: RowId


class TrackIn(Body):
    title: Text(TITLE_LENGTH)
    number: Whole(ge=1, le=LAST_TRACK_NUMBER)
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
    503: "The database is busy (locked past the busy timeout, every connection in use): send it again "
         "(see Retry-After); or the connection to it was lost, and a write may have been applied: look first",
}


def errors(*statuses: int) -> dict[int, dict]:
    """A route's `responses=`: the errors it can answer, each with its description and body."""
    return {status: {"model": ErrorOut, "description": ERRORS[status]} for status in statuses}
