# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""The FastAPI application: migrate, connect, then serve."""
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from project.database import database
from project.migrations import apply_migrations
from project.routes import albums, artists, tracks
from project.settings import StartupError


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


class StartupErrorsInOneLine:
    """A StartupError stops the server with its message, one line, rather than a traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            return await self.app(scope, receive, send)
        failed: list[Message] = []

        async def send_or_hold(message: Message) -> None:
            if message["type"] == "lifespan.startup.failed":
                failed.append(message)  # sent below, once we know which error it was
            else:
                await send(message)

        try:
            await self.app(scope, receive, send_or_hold)
        except StartupError as error:
            await send({"type": "lifespan.startup.failed", "message": f"cannot start: {error}"})
        except BaseException:
            for message in failed:
                await send(message)
            raise


app = FastAPI(title="Music library", lifespan=lifespan)
app.add_middleware(StartupErrorsInOneLine)
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
