"""The yardstick of benchmarks/throughput.py: FastAPI routes answering what the app answers,
with no database. `GET /tracks/{id}` returns the JSON of a stored track; `POST /tracks`
validates its body with the app's own schema and returns it as a created track."""
from fastapi import FastAPI, status

from project.schemas import PathId, TrackIn, TrackOut

app = FastAPI()
ARTIST = {"id": 1, "name": "Nina Simone"}
ALBUM = {"id": 1, "title": "Pastel Blues", "year": 1965, "artist": ARTIST}
created = 0


@app.get("/tracks/{track_id}")
async def read_track(track_id: PathId) -> TrackOut:
    return TrackOut.model_validate({"id": track_id, "title": "Sinnerman", "number": 5, "album": ALBUM})


@app.post("/tracks", status_code=status.HTTP_201_CREATED)
async def create_track(body: TrackIn) -> TrackOut:
    global created
    created += 1
    return TrackOut.model_validate(body.model_dump(exclude={"album_id"}) | {"id": created, "album": ALBUM})
