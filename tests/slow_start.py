# Written by notebooks/03_startup.ipynb and 04_app.ipynb: edit them, not this file.
"""Make schema creation slow, to test what other instances do meanwhile.

Once the first table exists (inside the still-open migration transaction) it
prints "migrating" and sleeps, as a long migration would.
"""
import time

import sqlalchemy

from project.models import Artist

# Python's sqlite3 gives up on a locked database after 5 s (its default timeout): a
# slower migration shows whether the other instances really wait rather than time out.
SLOWER_THAN_SQLITE_TIMEOUT = 7.0


def slow_down_schema_creation(delay: float) -> None:
    def pause(*args, **kwargs):
        print("migrating", flush=True)
        time.sleep(delay)

    sqlalchemy.event.listen(Artist.ormar_config.table, "after_create", pause)


if __name__ == "__main__":  # python -m tests.slow_start PORT DELAY: serve the app, slowly
    import sys

    import uvicorn

    port, delay = int(sys.argv[1]), float(sys.argv[2])
    slow_down_schema_creation(delay)
    uvicorn.run("project.app:app", host="127.0.0.1", port=port, log_level="warning")
