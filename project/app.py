# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""The FastAPI application: migrate, connect, then serve."""
import json
import math
from contextlib import asynccontextmanager
from itertools import islice

import anyio
from fastapi import FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from project.database import database
from project.migrations import apply_migrations
from project.routes import albums, artists, tracks
from project.settings import StartupError, max_body_bytes


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


try:
    MAX_BODY_BYTES = max_body_bytes()
except StartupError as error:
    raise SystemExit(f"cannot start: {error}") from None


class LimitBodySize:
    """A 413 for a request body larger than `max_bytes`, before anything parses it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        announced = Headers(scope=scope).get("content-length", "")
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            if announced.isdecimal() and int(announced) > self.max_bytes:
                raise self.too_large()  # refused before a byte of it is read
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise self.too_large()  # a chunked body: no more of it is read
            return message

        await self.app(scope, receive_within_limit, send)

    def too_large(self) -> HTTPException:
        detail = f"the request body is larger than {self.max_bytes} bytes"
        return HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail)


SHORT = 50  # characters of a text that an error echoes
FEW = 5  # items of a list or an object that an error echoes
MAX_ERRORS = 20  # errors that a 422 lists


def echo(value, nested: bool = False):
    """A short copy of something the client sent, which JSON can always encode."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "backslashreplace")
    if isinstance(value, str):
        value = value.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate: \ud800
        return value if len(value) <= SHORT else value[:SHORT] + "…"
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 10**SHORT else echo(str(value))
    if isinstance(value, float):
        return value if math.isfinite(value) else json.dumps(value)  # "NaN", "Infinity", "-Infinity"
    if isinstance(value, (dict, list, tuple)) and nested:
        return "…"
    if isinstance(value, dict):
        shown = {echo(str(key)): echo(item, nested=True) for key, item in islice(value.items(), FEW)}
        return shown | ({"…": f"{len(value) - FEW} more"} if len(value) > FEW else {})
    if isinstance(value, (list, tuple)):
        return [echo(item, nested=True) for item in value[:FEW]] + (["…"] if len(value) > FEW else [])
    return echo(str(value))  # anything else (an exception in `ctx`, say): its text


app = FastAPI(title="Music library", lifespan=lifespan)
app.add_middleware(StartupErrorsInOneLine)
app.add_middleware(LimitBodySize, max_bytes=MAX_BODY_BYTES)
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


RETRY_AFTER_SECONDS = 1  # locks and connections are held for milliseconds: soon is soon enough


def unavailable(detail: str, retry: bool = True) -> JSONResponse:
    """503: not the request's fault; with Retry-After when sending it again is safe."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if retry else {}
    return JSONResponse(status_code=status.HTTP_503_SERVICE_UNAVAILABLE, content={"detail": detail}, headers=headers)


def is_lock_timeout(error: DBAPIError) -> bool:
    """SQLite's SQLITE_BUSY or SQLITE_LOCKED (or an extended code of either): another
    connection held the lock for longer than our busy timeout."""
    return getattr(error.orig, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


READS = {"GET", "HEAD", "OPTIONS"}  # safe to send again whatever happened


@app.exception_handler(DBAPIError)
async def database_unavailable(request: Request, exc: DBAPIError) -> JSONResponse:
    """Locked past the busy timeout, or the connection lost: 503; any other error: 500."""
    if is_lock_timeout(exc):
        return unavailable("the database is busy: try again shortly")
    if exc.connection_invalidated and request.method in READS:
        return unavailable("the connection to the database was lost: try again shortly")
    if exc.connection_invalidated:  # no Retry-After: a blind retry could apply the write twice
        return unavailable("the connection to the database was lost during the request, which may or may not "
                           "have been applied: look before you send it again", retry=False)
    raise exc


@app.exception_handler(PoolTimeoutError)
async def no_connection_free(request: Request, exc: PoolTimeoutError) -> JSONResponse:
    """Every connection of the pool stayed in use past the pool's timeout: 503, try again."""
    return unavailable("every connection to the database is in use: try again shortly")


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422, echoing a short copy of the input, which JSON can always encode."""
    errors = exc.errors()
    detail = [
        {"type": e["type"], "loc": [echo(part) for part in e["loc"]], "msg": e["msg"], "input": echo(e.get("input"))}
        | ({"ctx": echo(e["ctx"])} if "ctx" in e else {})
        for e in errors[:MAX_ERRORS]
    ]
    if len(errors) > MAX_ERRORS:
        more = len(errors) - MAX_ERRORS
        detail.append({"type": "too_many_errors", "loc": [], "msg": f"{more} more errors not shown", "input": None})
    return JSONResponse(status_code=status.HTTP_422_UNPROCESSABLE_CONTENT, content={"detail": detail})
