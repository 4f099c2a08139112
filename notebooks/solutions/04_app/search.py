"""Exercise 04-1, a worked solution: GET /search?q=..."""
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from project.models import Album, Artist
from project.schemas import AlbumOut, ArtistOut

router = APIRouter()


class SearchResults(BaseModel):
    artists: list[ArtistOut]
    albums: list[AlbumOut]


@router.get("/search")
async def search(q: Annotated[str, Query(min_length=2, max_length=200)]) -> SearchResults:
    # __icontains: "contains, in any case" (SQL's LIKE, which SQLite compares without case).
    artists = await Artist.objects.filter(name__icontains=q).order_by("id").all()
    albums = await Album.objects.select_related("artist").filter(title__icontains=q).order_by("id").all()
    return {"artists": artists, "albums": albums}
