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
