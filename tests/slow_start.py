# Written by notebooks/03_startup.ipynb and 04_app.ipynb: edit them, not this file.
"""Make schema creation slow, to test what other instances do meanwhile, and hold
processes back until a file exists, so that they race for real.

Once the first table exists (inside the still-open migration transaction) it
prints "migrating" and sleeps, as a long migration would.
"""
import time
from pathlib import Path

import sqlalchemy

from project.models import Artist

# Python's sqlite3 gives up on a locked database after its busy timeout: 5 s, unless the URL
# sets it. Tests of racing instances set 0.5 s, and a slower migration shows whether the
# other instances really wait rather than time out.
SHORT_TIMEOUT = "?timeout=0.5"
SLOWER_THAN_SHORT_TIMEOUT = 1.0


def slow_down_schema_creation(delay: float) -> None:
    def pause(*args, **kwargs):
        print("migrating", flush=True)
        time.sleep(delay)

    sqlalchemy.event.listen(Artist.ormar_config.table, "after_create", pause)


def ready(go: str | None = None) -> None:
    """Print "ready" (call it once everything is imported); given a file `go`, wait until
    it exists: processes started one after another then all go on at the same moment. (No
    `go` within a minute: the test that started it has failed, so exit.)"""
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while go is not None and not Path(go).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{go} never appeared")
        time.sleep(0.01)


if __name__ == "__main__":  # python -m tests.slow_start PORT DELAY [GO]: serve the app, slowly
    import sys

    import uvicorn

    from project.app import app

    port, delay = int(sys.argv[1]), float(sys.argv[2])
    slow_down_schema_creation(delay)
    if len(sys.argv) > 3:
        ready(sys.argv[3])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
