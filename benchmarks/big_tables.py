"""A big library: python benchmarks/big_tables.py [TRACKS] [ROUNDS] [--save]

Builds a database at revision 0001 holding TRACKS tracks (200,000 unless told; ten per
album, ten albums per artist, each album's tracks added at different times, as a library
grows), then times its upgrade to head, each revision on its own: 0002 numbers every
track, 0003 indexes the foreign keys. Then serves it with a real uvicorn process and
times list requests: the first page of tracks, the largest page, one album's tracks, the
last page. Each figure is the best of ROUNDS (3) (the upgrade: the best round's, each
revision's part of it): on a shared machine noise only adds.
With --save, the figures go to benchmarks/results.json ("big_tables"), which the README
and chapter 8 show.
"""
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TRACKS_PER_ALBUM, ALBUMS_PER_ARTIST = 10, 10

from benchmarks.results import machine, save  # noqa: E402
from project.migrations import current_revision, revisions, upgrade_database  # noqa: E402
from project.routes.pages import MAX_LIMIT  # noqa: E402
from tests.servers import Server  # noqa: E402


def build_at_0001(folder: Path, tracks: int) -> str:
    """A database at 0001 holding `tracks` tracks, written in one transaction."""
    path = folder / "big.db"
    path.unlink(missing_ok=True)
    db_url = f"sqlite+aiosqlite:///{path}"
    upgrade_database(db_url, "0001")
    albums = tracks // TRACKS_PER_ALBUM
    artists = albums // ALBUMS_PER_ARTIST
    connection = sqlite3.connect(path)
    with connection:  # one transaction: committed at the end
        connection.executemany("INSERT INTO artists (id, name) VALUES (?, ?)",
                               ((i, f"Artist {i}") for i in range(1, artists + 1)))
        connection.executemany("INSERT INTO albums (id, title, artist_id) VALUES (?, ?, ?)",
                               ((i, f"Album {i}", (i - 1) // ALBUMS_PER_ARTIST + 1) for i in range(1, albums + 1)))
        # Track i goes to album i mod albums: an album's tracks are spread over the table.
        connection.executemany("INSERT INTO tracks (id, title, album_id) VALUES (?, ?, ?)",
                               ((i, f"Track {i}", i % albums + 1) for i in range(1, tracks + 1)))
    connection.close()
    return db_url


def time_upgrade(db_url: str) -> dict[str, float]:
    """Seconds each revision after 0001 takes to apply, and the total."""
    seconds = {}
    for revision in revisions()[1:]:
        started = time.perf_counter()
        upgrade_database(db_url, revision)
        seconds[revision] = time.perf_counter() - started
    seconds["total"] = sum(seconds.values())
    return seconds


def check_upgraded(db_url: str, tracks: int) -> None:
    path = db_url.split("///", 1)[1]
    connection = sqlite3.connect(path)
    try:
        numbered = connection.execute("SELECT count(*), max(number) FROM tracks WHERE number IS NOT NULL").fetchone()
        indexes = {row[1] for row in connection.execute("SELECT type, name FROM sqlite_master WHERE type = 'index'")}
    finally:
        connection.close()
    assert numbered == (tracks, TRACKS_PER_ALBUM), numbered
    assert {"ix_albums_artist_id", "ix_tracks_album_id"} <= indexes, indexes


def time_requests(server: Server, paths: dict[str, str], n: int = 20) -> dict[str, dict]:
    """Median milliseconds of `n` requests to each path, and the size of its body."""
    timings = {}
    with httpx.Client(base_url=server.url, timeout=120) as client:
        for name, path in paths.items():
            durations, size = [], 0
            for _ in range(n):
                started = time.perf_counter()
                response = client.get(path)
                durations.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text
                size = len(response.content)
            timings[name] = {"ms": statistics.median(durations) * 1000, "bytes": size}
    return timings


def main(args: list[str]) -> None:
    save_them = "--save" in args
    numbers = [int(arg) for arg in args if arg != "--save"]
    tracks = numbers[0] if numbers else 200_000
    rounds = numbers[1] if len(numbers) > 1 else 3
    albums = tracks // TRACKS_PER_ALBUM
    paths = {
        "first_page": "/tracks",
        "largest_page": f"/tracks?limit={MAX_LIMIT}",
        "one_album": f"/tracks?album_id={albums // 2}",
        "last_page": f"/tracks?after={tracks - 100}",
    }
    upgrade = {}
    requests = {name: {"ms": float("inf"), "bytes": 0} for name in paths}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for _ in range(rounds):
            started = time.perf_counter()
            db_url = build_at_0001(folder, tracks)
            built = time.perf_counter() - started
            seconds = time_upgrade(db_url)
            check_upgraded(db_url, tracks)
            if seconds["total"] < upgrade.get("total", float("inf")):
                upgrade = seconds
            print(f"built at 0001 in {built:.1f} s; upgraded to {current_revision(db_url)} in "
                  + ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items()))
            with Server(db_url, log=folder / "server.log") as server:
                assert server.wait_until_serving().status_code == 200
                for name, timing in time_requests(server, paths).items():
                    if timing["ms"] < requests[name]["ms"]:
                        requests[name] = timing
    print(f"{tracks} tracks at 0001, upgraded to head: {upgrade['total']:.2f} s (best of {rounds})")
    for name, path in paths.items():
        print(f"GET {path:<28} {requests[name]['ms']:7.1f} ms  {requests[name]['bytes']:>8} bytes")
    if save_them:
        save(big_tables={
            "tracks": tracks, "albums": albums, "artists": albums // ALBUMS_PER_ARTIST,
            "rounds": rounds, "machine": machine(),
            "upgrade_s": {k: round(v, 2) for k, v in upgrade.items()},
            "requests": {name: {"path": paths[name], "ms": round(r["ms"], 1), "bytes": r["bytes"]}
                         for name, r in requests.items()},
        })


if __name__ == "__main__":
    main(sys.argv[1:])
