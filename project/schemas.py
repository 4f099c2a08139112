# Written by notebooks/03_app.ipynb: edit the notebook, not this file.
"""What the API accepts (…In) and returns (…Out): the contract, apart from the tables."""
from pydantic import BaseModel, ConfigDict, Field

from project.models import FIRST_YEAR, LAST_YEAR, NAME_LENGTH, TITLE_LENGTH


class Body(BaseModel):
    # An unknown field is a typo in the client: say so rather than ignore it.
    model_config = ConfigDict(extra="forbid")


class ArtistIn(Body):
    name: str = Field(min_length=1, max_length=NAME_LENGTH)


class AlbumIn(Body):
    title: str = Field(min_length=1, max_length=TITLE_LENGTH)
    year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    artist_id: int


class TrackIn(Body):
    title: str = Field(min_length=1, max_length=TITLE_LENGTH)
    number: int = Field(ge=1)
    album_id: int


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
