# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""/albums: an album belongs to an artist, and is read with it."""
from typing import Annotated

from fastapi import APIRouter, Depends, status

from project.models import Album, Artist
from project.routes.lookups import get_or_404, get_parent, refuse_if_children, update_or_404
from project.routes.pages import NEXT_PAGE, Page, ParentFilter
from project.schemas import AlbumIn, AlbumOut, PathId, errors

router = APIRouter(prefix="/albums", tags=["albums"], responses=errors(503))


@router.get("", responses=NEXT_PAGE)
async def list_albums(page: Annotated[Page, Depends()], artist_id: ParentFilter = None) -> list[AlbumOut]:
    """A page of albums (of one artist with `?artist_id=`), in id order; the next page's URL
    is in the `Link` header."""
    albums = Album.objects.select_related("artist")
    if artist_id is not None:
        albums = albums.filter(artist=artist_id)
    return await page.rows(albums)


@router.post("", status_code=status.HTTP_201_CREATED, responses=errors(400, 409, 413))
async def create_album(body: AlbumIn) -> AlbumOut:
    artist = await get_parent(Artist, "artist_id", body.artist_id)
    return await Album.objects.create(**body.model_dump(exclude={"artist_id"}), artist=artist)


@router.get("/{album_id}", responses=errors(404))
async def read_album(album_id: PathId) -> AlbumOut:
    return await get_or_404(Album, album_id, "artist")


@router.put("/{album_id}", responses=errors(400, 404, 409, 413))
async def update_album(album_id: PathId, body: AlbumIn) -> AlbumOut:
    album = await get_or_404(Album, album_id)
    artist = await get_parent(Artist, "artist_id", body.artist_id)
    return await update_or_404(album, **body.model_dump(exclude={"artist_id"}), artist=artist)


@router.delete("/{album_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404, 409))
async def delete_album(album_id: PathId) -> None:
    album = await get_or_404(Album, album_id)
    await refuse_if_children(album, "tracks")
    await album.delete()
