# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""The FastAPI application: migrate, connect, then serve."""
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from project.database import database
from project.migrations import apply_migrations
from project.routes import albums, artists, tracks


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Alembic is synchronous and may wait for another instance's lock: run it in a
    # worker thread so the event loop stays free. Uvicorn accepts no connection
    # before this returns, so no request ever meets an old schema.
    await anyio.to_thread.run_sync(apply_migrations, database.url)
    await database.connect()
    try:
        yield
    finally:
        await database.disconnect()


app = FastAPI(title="Music library", lifespan=lifespan)
app.include_router(artists.router)
app.include_router(albums.router)
app.include_router(tracks.router)


@app.exception_handler(IntegrityError)
async def integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
    """The database refused a write (e.g. a parent deleted meanwhile): 409, not 500."""
    return JSONResponse(
        status_code=status.HTTP_409_CONFLICT,
        content={"detail": f"the database refused the change: {exc.orig}"},
    )


from sqlalchemy.exc import OperationalError  # noqa: E402  (used by the handler below only)

RETRY_AFTER_SECONDS = 1  # a lock is held for milliseconds: soon is soon enough


def is_lock_timeout(error: OperationalError) -> bool:
    """SQLite's SQLITE_BUSY or SQLITE_LOCKED (or an extended code of either): another
    connection held the lock for longer than our busy timeout."""
    return getattr(error.orig, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


@app.exception_handler(OperationalError)
async def database_busy(request: Request, exc: OperationalError) -> JSONResponse:
    """The database stayed locked past the busy timeout: 503, try again; any other error: 500."""
    if not is_lock_timeout(exc):
        raise exc
    return JSONResponse(
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        content={"detail": "the database is busy: try again shortly"},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
