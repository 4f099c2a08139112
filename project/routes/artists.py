# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""/artists: list, create, read, update, delete."""
from fastapi import APIRouter, status

from project.models import Artist
from project.routes.lookups import get_or_404, refuse_if_children
from project.schemas import ArtistIn, ArtistOut, PathId, errors

router = APIRouter(prefix="/artists", tags=["artists"])


@router.get("")
async def list_artists() -> list[ArtistOut]:
    return await Artist.objects.order_by("id").all()


@router.post("", status_code=status.HTTP_201_CREATED, responses=errors(400, 413))
async def create_artist(body: ArtistIn) -> ArtistOut:
    return await Artist.objects.create(**body.model_dump())


@router.get("/{artist_id}", responses=errors(404))
async def read_artist(artist_id: PathId) -> ArtistOut:
    return await get_or_404(Artist, artist_id)


@router.put("/{artist_id}", responses=errors(400, 404, 413))
async def update_artist(artist_id: PathId, body: ArtistIn) -> ArtistOut:
    artist = await get_or_404(Artist, artist_id)
    return await artist.update(**body.model_dump())


@router.delete("/{artist_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404, 409))
async def delete_artist(artist_id: PathId) -> None:
    artist = await get_or_404(Artist, artist_id)
    await refuse_if_children(artist, "albums")
    await artist.delete()
