"""Throughput under load on PostgreSQL: python benchmarks/load_postgresql.py [REQUESTS] [--save]

Needs TEST_DATABASE_URL=postgresql+asyncpg://USER:PASSWORD@HOST/DBNAME, a server where it may
create a database. REQUESTS (default 3000) POST /tracks, 64 at a time, against 4 uvicorn worker
processes (4 instances of the app, each with its own pool) on a fresh PostgreSQL database, and,
measured the same way just after, on a fresh SQLite file (benchmarks/load.py's 4 workers, WAL).
Prints requests per second and what the requests got; with --save, records them under
"load_postgresql" in benchmarks/results.json, which the README shows. Loopback only.
"""
import asyncio
import os
import sys
import uuid
from pathlib import Path

import sqlalchemy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# First: it reads TEST_DATABASE_URL, and must choose the database before anything imports the app.
from tests.conftest import database_on_the_server  # noqa: E402  isort: skip
from benchmarks.load import AT_A_TIME, VARIANTS, measure  # noqa: E402
from benchmarks.results import machine, save  # noqa: E402


def main(args: list[str]) -> None:
    server_url = os.environ.get("TEST_DATABASE_URL", "")
    if not server_url.startswith("postgresql"):
        raise SystemExit("set TEST_DATABASE_URL=postgresql+asyncpg://USER:PASSWORD@HOST/DBNAME (a server "
                         "where this may create a database)")
    numbers = [int(arg) for arg in args if arg != "--save"]
    requests = numbers[0] if numbers else 3000
    name = f"{sqlalchemy.make_url(server_url).database}_load_{uuid.uuid4().hex[:8]}"
    with database_on_the_server(name) as database_url:
        figures = {"postgresql_4_workers": asyncio.run(
            measure("project.app:app", 4, "", requests, database_url=database_url))}
    _, app, workers, suffix = VARIANTS["wal_4_workers"]
    figures["sqlite_4_workers"] = asyncio.run(measure(app, workers, suffix, requests))
    for variant, figure in figures.items():
        print(f"{variant:<24} {figure['requests_per_second']:6.1f} requests/s  {figure['answers']}")
    if "--save" in args:
        save(load_postgresql={"requests": requests, "at_a_time": AT_A_TIME, "machine": machine(), **figures})


if __name__ == "__main__":
    main(sys.argv[1:])
