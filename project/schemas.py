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
    """A number sent as a JSON number: `true` or "7" is a 422, where pydantic would otherwise take
    them for 1 and 7 (7.0 is 7: JSON Schema's integers include it)."""
    if isinstance(value, (bool, str)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def without_nul(text: str) -> str:
    """No NUL character, which PostgreSQL cannot store: a 422 on every database, not a 500 on one."""
    if "\x00" in text:
        raise PydanticCustomError("string_nul", "Text should not contain the NUL character (\\u0000)")
    return text


# Each rule said once, and added to a field's type with Annotated. The NUL rule is in the
# published schema too (a pattern), so that a client, or a fuzzer, knows it.
JsonNumber = BeforeValidator(a_number)
NoNul = AfterValidator(without_nul)
NO_NUL = {"pattern": r"^[^\x00]*$"}

RowId = Annotated[int, Field(ge=1, le=MAX_ID), JsonNumber]
Name = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH, json_schema_extra=NO_NUL), NoNul]
Title = Annotated[str, Field(min_length=1, max_length=TITLE_LENGTH, json_schema_extra=NO_NUL), NoNul]


class Body(BaseModel):
    # An unknown field is a typo in the client: say so rather than ignore it.
    model_config = ConfigDict(extra="forbid")


class ArtistIn(Body):
    name: Name


class AlbumIn(Body):
    title: Title
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR), JsonNumber] | None = None
    artist_id: RowId


class TrackIn(Body):
    title: Title
    number: Annotated[int, Field(ge=1, le=LAST_TRACK_NUMBER), JsonNumber]
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
