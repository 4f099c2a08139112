# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""/artists: list, create, read, update, delete."""
from typing import Annotated

from fastapi import APIRouter, Depends, status

from project.models import Artist
from project.routes.lookups import get_or_404, refuse_if_children, update_or_404
from project.routes.pages import NEXT_PAGE, Page
from project.schemas import ArtistIn, ArtistOut, PathId, errors

router = APIRouter(prefix="/artists", tags=["artists"], responses=errors(503))


@router.get("", responses=NEXT_PAGE)
async def list_artists(page: Annotated[Page, Depends()]) -> list[ArtistOut]:
    """A page of artists, in id order; the next page's URL is in the `Link` header."""
    return await page.rows(Artist.objects)


@router.post("", status_code=status.HTTP_201_CREATED, responses=errors(400, 413))
async def create_artist(body: ArtistIn) -> ArtistOut:
    return await Artist.objects.create(**body.model_dump())


@router.get("/{artist_id}", responses=errors(404))
async def read_artist(artist_id: PathId) -> ArtistOut:
    return await get_or_404(Artist, artist_id)


@router.put("/{artist_id}", responses=errors(400, 404, 413))
async def update_artist(artist_id: PathId, body: ArtistIn) -> ArtistOut:
    artist = await get_or_404(Artist, artist_id)
    return await update_or_404(artist, **body.model_dump())


@router.delete("/{artist_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404, 409))
async def delete_artist(artist_id: PathId) -> None:
    artist = await get_or_404(Artist, artist_id)
    await refuse_if_children(artist, "albums")
    await artist.delete()
