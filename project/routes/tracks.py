# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""/tracks: a track belongs to an album, and is read with its album and artist."""
from typing import Annotated

from fastapi import APIRouter, Depends, status

from project.models import Album, Track
from project.routes.lookups import get_or_404, get_parent, update_or_404
from project.routes.pages import NEXT_PAGE, Page, ParentFilter
from project.schemas import PathId, TrackIn, TrackOut, errors

router = APIRouter(prefix="/tracks", tags=["tracks"], responses=errors(503))


@router.get("", responses=NEXT_PAGE)
async def list_tracks(page: Annotated[Page, Depends()], album_id: ParentFilter = None) -> list[TrackOut]:
    """A page of tracks (of one album with `?album_id=`), in id order; the next page's URL
    is in the `Link` header."""
    tracks = Track.objects.select_related("album__artist")
    if album_id is not None:
        tracks = tracks.filter(album=album_id)
    return await page.rows(tracks)


@router.post("", status_code=status.HTTP_201_CREATED, responses=errors(400, 409, 413))
async def create_track(body: TrackIn) -> TrackOut:
    album = await get_parent(Album, "album_id", body.album_id, "artist")
    return await Track.objects.create(**body.model_dump(exclude={"album_id"}), album=album)


@router.get("/{track_id}", responses=errors(404))
async def read_track(track_id: PathId) -> TrackOut:
    return await get_or_404(Track, track_id, "album__artist")


@router.put("/{track_id}", responses=errors(400, 404, 409, 413))
async def update_track(track_id: PathId, body: TrackIn) -> TrackOut:
    track = await get_or_404(Track, track_id)
    album = await get_parent(Album, "album_id", body.album_id, "artist")
    return await update_or_404(track, **body.model_dump(exclude={"album_id"}), album=album)


@router.delete("/{track_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_track(track_id: PathId) -> None:
    track = await get_or_404(Track, track_id)
    await track.delete()
