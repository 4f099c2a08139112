"""One read by id, taken apart: python benchmarks/lookup.py [LOOKUPS]

On a fresh SQLite file with one track, prints what `GET /tracks/{id}` asks of the database:
the statements SQLite runs for one lookup of a track with its album and artist, and how many
calls the lookup makes to aiosqlite's thread (and an INSERT, alone and in a test's
transaction); the median time of that lookup through ormar, and of the same SQL sent
straight through aiosqlite; then what one call that does no work costs, with the two
threads free to run on any processor (as they do) and held on one. Run it in the folder of
the package to measure (a chapter runs it in its own folder).
"""
import asyncio
import atexit
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import textwrap
import time

FOLDER = tempfile.mkdtemp(prefix="lookup-")
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{FOLDER}/music.db"
sys.path.insert(0, os.getcwd())

import aiosqlite  # noqa: E402
import sqlalchemy  # noqa: E402

from project.database import DATABASE_URL, database  # noqa: E402
from project.migrations import apply_migrations, sync_url  # noqa: E402
from project.models import Album, Artist, Track  # noqa: E402

statements: list[str] = []
crossings = 0


def trace(dbapi_connection, record, proxy) -> None:
    """On every connection ormar takes from the pool: note each statement SQLite runs, and
    each call the driver sends to its thread (aiosqlite has one thread per connection)."""
    driver = dbapi_connection.driver_connection
    if not isinstance(driver._tx, Counted):  # aiosqlite's queue of calls for its thread
        dbapi_connection.run_async(lambda connection: connection.set_trace_callback(statements.append))
        driver._tx = Counted(driver._tx)


class Counted:
    """Passes calls on to aiosqlite's queue, counting them."""

    def __init__(self, queue) -> None:
        self.queue = queue

    def put_nowait(self, item) -> None:
        global crossings
        crossings += 1
        self.queue.put_nowait(item)


def median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


async def crossing_ms(path: str, calls: int) -> float:
    """The median time of one call to aiosqlite's thread that does no work (a commit with no
    transaction open, which SQLite skips): the thread woken, then the event loop woken back."""
    async with aiosqlite.connect(path) as connection:
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            await connection.commit()
            times.append(time.perf_counter() - started)
    return median_ms(times)


@contextlib.contextmanager
def on_one_processor():
    """This thread, and the threads it starts meanwhile (aiosqlite's), held on one processor;
    False where the system cannot (not Linux) or has only one."""
    everywhere = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    if len(everywhere) < 2:
        yield False
        return
    os.sched_setaffinity(0, {min(everywhere)})
    try:
        yield True
    finally:
        os.sched_setaffinity(0, everywhere)


async def main(lookups: int) -> None:
    apply_migrations(DATABASE_URL)
    await database.connect()
    artist = await Artist.objects.create(name="Nina Simone")
    album = await Album.objects.create(title="Pastel Blues", artist=artist)
    track = await Track.objects.create(title="Sinnerman", number=5, album=album)
    sqlalchemy.event.listen(database.engine.sync_engine, "checkout", trace)
    query = Track.objects.select_related("album__artist")
    await query.get(id=track.id)  # warm up: the pool's connection, the SQL compiled once
    statements.clear()
    global crossings
    crossings = 0
    await query.get(id=track.id)
    per_lookup = crossings
    print(f"one lookup: {per_lookup} calls to the driver's thread; "
          f"SQLite ran {len(statements)} statement(s):")
    for statement in statements:
        print(textwrap.indent(textwrap.fill(" ".join(statement.split()), 92), "    "))
    sql = statements[0]
    crossings = 0
    async with database.transaction(force_rollback=True):  # as a test in chapter 5's `db` fixture
        await Artist.objects.create(name="Rolled back")
    in_a_test = crossings
    crossings = 0
    await Artist.objects.create(name="Kept")  # the same INSERT with no transaction around it
    print(f"one INSERT: {crossings} calls to the driver's thread; in a test's transaction rolled back "
          f"(chapter 5): {in_a_test}")
    sqlalchemy.event.remove(database.engine.sync_engine, "checkout", trace)
    times = []
    for _ in range(lookups):
        started = time.perf_counter()
        await query.get(id=track.id)
        times.append(time.perf_counter() - started)
    await database.disconnect()
    async with aiosqlite.connect(sync_url(DATABASE_URL).database) as connection:
        raw = []
        for _ in range(lookups):
            started = time.perf_counter()
            async with connection.execute(sql) as cursor:
                await cursor.fetchall()
            raw.append(time.perf_counter() - started)
    lookup_ms = median_ms(times)
    print(f"median of {lookups}: through ormar {lookup_ms:.2f} ms, "
          f"the same SQL through aiosqlite {median_ms(raw):.2f} ms")
    path = sync_url(DATABASE_URL).database
    free = await crossing_ms(path, lookups)
    print(f"one call to the driver's thread that does no work: {free:.3f} ms (median of {lookups}), "
          "the threads where the system put them,")
    with on_one_processor() as held:
        if held:
            print(f"    {await crossing_ms(path, lookups):.3f} ms with both threads held on one processor")
    print(f"so the lookup's {per_lookup} calls cost about {per_lookup} x {free:.3f} = {per_lookup * free:.2f} ms "
          f"of its {lookup_ms:.2f} ms")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
