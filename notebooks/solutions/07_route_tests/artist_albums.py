"""Exercise 07-1, a worked solution: GET /artists/{id}/albums."""
from fastapi import APIRouter

from project.models import Album, Artist
from project.routes.lookups import get_or_404
from project.schemas import AlbumOut, PathId

router = APIRouter()


@router.get("/artists/{artist_id}/albums")
async def list_artist_albums(artist_id: PathId) -> list[AlbumOut]:
    artist = await get_or_404(Artist, artist_id)  # an unknown artist is a 404, not an empty list
    return await Album.objects.select_related("artist").filter(artist__id=artist.id).order_by("id").all()
