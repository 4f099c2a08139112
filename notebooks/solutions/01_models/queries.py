"""Exercise 01-1, a worked solution: an artist's track titles, in one query."""
from project.models import Track


async def track_titles_by(artist_name: str) -> list[str]:
    # From the track to its album, to the album's artist, to the artist's name: one join,
    # written for us. An exact match: "Nina Simone Tribute Band" is someone else.
    tracks = await Track.objects.filter(album__artist__name=artist_name).order_by("title").all()
    return [track.title for track in tracks]
