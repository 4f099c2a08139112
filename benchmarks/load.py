"""Throughput under load: python benchmarks/load.py [REQUESTS] [--save]

REQUESTS (default 3000) POST /tracks, 64 at a time, on a fresh SQLite file, against real
uvicorn servers: 1 worker and 4 workers as the app is, and, to compare, 4 workers on a file
left in SQLite's default mode (rollback journal) with Python's default 5 s busy timeout, as
the app ran before the write-ahead log. Prints requests per second and what the requests
got; with --save, records them under "load" in benchmarks/results.json, which the README shows.
"""
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import create_album  # noqa: E402
from tests.load import post_tracks  # noqa: E402
from benchmarks.results import machine, save  # noqa: E402
from tests.servers import free_port  # noqa: E402

AT_A_TIME = 64
VARIANTS = {  # name in results.json: (label, app, workers, what DATABASE_URL adds)
    "wal_1_worker": ("WAL, 30 s busy timeout, 1 worker", "project.app:app", 1, ""),
    "wal_4_workers": ("WAL, 30 s busy timeout, 4 workers", "project.app:app", 4, ""),
    "rollback_4_workers": ("rollback journal, 5 s busy timeout, 4 workers",
                           "benchmarks.rollback_journal_app:app", 4, "?timeout=5"),
}


async def measure(app: str, workers: int, url_suffix: str, requests: int, database_url: str | None = None) -> dict:
    """Requests per second on a fresh SQLite file in a temporary folder (or on `database_url`)."""
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT),
               "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{folder}/music.db{url_suffix}"}
        command = [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--workers", str(workers),
                   "--no-access-log", "--timeout-worker-healthcheck", "60"]
        with open(Path(folder) / "server.log", "w") as log:
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(base_url=url, timeout=60) as client:
                while True:
                    try:
                        album = await create_album(client)
                        break
                    except httpx.ConnectError:
                        await asyncio.sleep(0.1)
            await asyncio.sleep(2)  # let every worker finish starting
            started = time.perf_counter()
            answers, _ = await post_tracks(url, album["id"], requests, AT_A_TIME)
            seconds = time.perf_counter() - started
        finally:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return {"requests_per_second": round(requests / seconds, 1), "seconds": round(seconds, 1),
            "answers": {str(status): count for status, count in sorted(answers.items(), key=str)}}


def main(args: list[str]) -> None:
    numbers = [int(arg) for arg in args if arg != "--save"]
    requests = numbers[0] if numbers else 3000
    figures = {}
    for name, (label, app, workers, url_suffix) in VARIANTS.items():
        figures[name] = asyncio.run(measure(app, workers, url_suffix, requests))
        print(f"{label:<48} {figures[name]['requests_per_second']:6.1f} requests/s  {figures[name]['answers']}")
    if "--save" in args:
        save(load={"requests": requests, "at_a_time": AT_A_TIME, "machine": machine(), **figures})


if __name__ == "__main__":
    main(sys.argv[1:])
