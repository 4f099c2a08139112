"""Requests per second: python benchmarks/throughput.py [SECONDS] [--save]

Real uvicorn servers on loopback, on a fresh SQLite file: the app, and next to it
benchmarks/bare_app.py, FastAPI routes that answer the same JSON without a database. Each
runs with 1 worker and with 4; each server gets SECONDS (default 5) of reads
(`GET /tracks/{id}`, one stored track) and as long of writes (`POST /tracks`), from
CONNECTIONS keep-alive connections at once, and the answers are counted. The client is a
few lines of asyncio (no HTTP library) so that it costs the machine little: on 2 cores it
still shares them with the servers, which the figures include. With --save, the figures go
under "throughput" in benchmarks/results.json, which the README and chapter 10 show.
"""
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.results import machine, save  # noqa: E402

APPS = {"app": "project.app:app", "bare": "benchmarks.bare_app:app"}
LABELS = {"app": "the app (ormar, SQLite)", "bare": "bare FastAPI route, no database"}
CONNECTIONS = 16
TRACK = {"title": "Sinnerman", "number": 5}


@contextmanager
def serve(app: str, workers: int, package: Path = ROOT):
    """`uvicorn APP --workers N` on a fresh database and a free port; yields its URL.
    `project` comes from `package` (a chapter passes its own folder)."""
    with tempfile.TemporaryDirectory() as folder, socket_port() as port:
        pythonpath = [str(package), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(pythonpath),
               "DATABASE_URL": f"sqlite+aiosqlite:///{folder}/music.db"}
        command = [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--workers", str(workers),
                   "--no-access-log", "--timeout-worker-healthcheck", "60", "--timeout-keep-alive", "60"]
        with open(Path(folder) / "server.log", "w") as log:
            server = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=log, start_new_session=True)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@contextmanager
def socket_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield port


def first_track(url: str, timeout: float = 60) -> dict:
    """Wait until the server answers, store a track (with its album and artist), return it."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=url, timeout=30) as client:  # one client: each new one loads certificates, 25 ms
        while True:
            try:
                artist = client.post("/artists", json={"name": "Nina Simone"})
                album_id = artist.json()["id"] if artist.status_code == 201 else 1  # the bare app has none
                if artist.status_code == 201:
                    album = client.post("/albums", json={"title": "Pastel Blues", "year": 1965, "artist_id": album_id})
                    album_id = album.json()["id"]
                track = client.post("/tracks", json=TRACK | {"album_id": album_id})
                assert track.status_code == 201, track.text
                return track.json()
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


def request_bytes(method: str, path: str, body: dict | None = None) -> bytes:
    content = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(content)}\r\n"
    return (head + ("Content-Type: application/json\r\n" if body is not None else "") + "\r\n").encode() + content


async def hammer(url: str, request: bytes, seconds: float, connections: int = CONNECTIONS) -> tuple[float, Counter]:
    """Send `request` over and over on `connections` keep-alive connections for `seconds`;
    return answers per second (counting those that came back in time) and their statuses."""
    host, port = url.removeprefix("http://").split(":")
    statuses: Counter = Counter()
    deadline = time.perf_counter() + seconds

    async def one_connection() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while time.perf_counter() < deadline:
                writer.write(request)
                status = int((await reader.readline()).split()[1])
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                if time.perf_counter() < deadline:
                    statuses[status] += 1
        finally:
            writer.close()

    await asyncio.gather(*(one_connection() for _ in range(connections)))
    return sum(statuses.values()) / seconds, statuses


def measure(seconds: float = 5, workers: tuple[int, ...] = (1, 4), package: Path = ROOT) -> dict:
    """Reads and writes per second for the app and the bare route, with each number of workers."""
    figures: dict = {}
    for name, app in APPS.items():
        for n in workers:
            with serve(app, n, package) as url:
                track = first_track(url)
                time.sleep(2 if n > 1 else 0.2)  # let every worker finish starting
                read = request_bytes("GET", f"/tracks/{track['id']}")
                write = request_bytes("POST", "/tracks", TRACK | {"album_id": track["album"]["id"]})
                asyncio.run(hammer(url, read, min(1, seconds / 4)))  # warm up
                cell = {}
                for kind, request, expect in [("reads", read, 200), ("writes", write, 201)]:
                    rate, statuses = asyncio.run(hammer(url, request, seconds))
                    assert set(statuses) == {expect}, f"{name}, {n} workers, {kind}: {dict(statuses)}"
                    cell[kind] = round(rate)
                figures.setdefault(name, {})[f"{n}_worker{'s' if n > 1 else ''}"] = cell
    return figures


def table(figures: dict) -> str:
    """The figures as a Markdown table (requests per second)."""
    columns = list(next(iter(figures.values())))
    head = " | ".join(f"{kind}/s, {column.replace('_', ' ')}" for column in columns for kind in ("reads", "writes"))
    lines = [f"| server | {head} |", "|---|" + "---|" * 2 * len(columns)]
    for name, cells in figures.items():
        values = " | ".join(f"{cells[column][kind]:,}" for column in columns for kind in ("reads", "writes"))
        lines.append(f"| {LABELS[name]} | {values} |")
    return "\n".join(lines)


def main(args: list[str]) -> None:
    numbers = [float(arg) for arg in args if arg != "--save"]
    seconds = numbers[0] if numbers else 5
    figures = measure(seconds)
    print(table(figures))
    if "--save" in args:
        save(throughput={"seconds": seconds, "connections": CONNECTIONS, "machine": machine(), **figures})


if __name__ == "__main__":
    main(sys.argv[1:])
