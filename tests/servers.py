# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""Real uvicorn servers, for tests and for trying the app: on a free port, always stopped."""
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.support import ROOT


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`uvicorn project.app:app` in a process of its own, on 127.0.0.1.

    `db_url` becomes its DATABASE_URL (None: none, so the app's default, music.db in
    `cwd`); `delay` slows its schema creation and `go` holds it back until that file
    exists (tests/slow_start.py); `workers` > 1 runs that many worker processes (`uvicorn
    --workers`). Stop it with stop(), or use it in a `with` block.
    """

    def __init__(self, db_url: str | None, log: Path, delay: float = 0, go: Path | None = None,
                 cwd: Path = ROOT, workers: int = 1):
        self.db_url, self.log, self.go, self.port = db_url, log, go, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # One HTTP client for all its requests: a new one costs 25 ms of processor time (it loads
        # the system's certificates), which polling a starting server would spend every 50 ms.
        self.client = httpx.Client(base_url=self.url, timeout=30)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["PYTHONPATH"] = str(ROOT)  # `project` and `tests` from here, whatever `cwd` is
        if db_url is None:
            assert delay == 0 and go is None, "a slow start needs a db_url"
            command = ["uvicorn", "project.app:app", "--port", str(self.port)]
        else:
            env["DATABASE_URL"] = db_url
            command = ["tests.slow_start", str(self.port), str(delay), *([str(go)] if go else [])]
        if workers > 1:  # each worker imports the app afresh, so: plain uvicorn, no slow start
            assert delay == 0 and go is None, "only a single process can start slowly"
            # On a busy test machine, a starved worker is not hung (health check) and a starved
            # client may be slow to send its next request (keep-alive). No access log.
            command = ["uvicorn", "project.app:app", "--port", str(self.port), "--workers", str(workers),
                       "--timeout-worker-healthcheck", "60", "--timeout-keep-alive", "60", "--no-access-log"]
        with log.open("w") as output:
            self.process = subprocess.Popen(  # a session of its own: stop() stops its workers too
                [sys.executable, "-m", *command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=output,
                start_new_session=True,
            )

    def wait_until_ready(self, timeout: float = 60) -> None:
        """Wait for a server given `go` to say it is ready; fail, with its log, if it does not."""
        assert self.go is not None, "only a server given go says ready"
        said = select.select([self.process.stdout], [], [], timeout)[0]  # something, or the timeout
        line = self.process.stdout.readline() if said else b"nothing"  # (a server that died: b"")
        assert line == b"ready\n", f"{line!r} instead of ready, within {timeout} s\n{self.log_text()}"

    def wait_until_serving(self, timeout: float = 60, expect: int = 200) -> httpx.Response:
        """The response to the first request the server accepts (GET /artists); fail, with
        the server's log, unless its status is `expect`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self.check(self.client.get("/artists"), expect)
            except httpx.ConnectError:  # not listening yet: migrating, or waiting for the lock
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited during start-up:\n{self.log_text()}") from None
                time.sleep(0.05)
        raise RuntimeError(f"nothing answered on {self.url} within {timeout} s:\n{self.log_text()}")

    def request(self, method: str, path: str, expect: int, **kwargs) -> httpx.Response:
        """Send a request; fail, with the server's log, unless the status is `expect`."""
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.TransportError as error:  # no answer at all: did the server die?
            raise AssertionError(f"{method} {path}: {error!r}\n{self.log_text()}") from None
        return self.check(response, expect)

    def check(self, response: httpx.Response, expect: int) -> httpx.Response:
        asked = f"{response.request.method} {response.request.url.path}"
        assert response.status_code == expect, (
            f"{asked}: {response.status_code} instead of {expect}, {response.text}\n{self.log_text()}"
        )
        return response

    def log_text(self, lines: int = 12) -> str:
        """The end of the server's log, where its last error is; and that error's own line
        first, should the SQL a database error quotes push it out of those lines. (A server logs
        an error just after it answers 500: wait until the log stops growing, for up to 2 s.)"""
        size, deadline = -1, time.monotonic() + 2
        while size != self.log.stat().st_size and time.monotonic() < deadline:
            size = self.log.stat().st_size
            time.sleep(0.2)
        text = self.log.read_text().splitlines()
        errors = [line for line in text if re.match(r"[A-Za-z_][\w.]*(Error|Exception)\b", line)]
        error = f"server log, its last error:\n{errors[-1]}\n" if errors and errors[-1] not in text[-lines:] else ""
        return error + "server log, last lines:\n" + "\n".join(text[-lines:])

    def stop(self, sig: int = signal.SIGKILL) -> bytes:
        """Stop the server (SIGKILL unless told; SIGINT lets it shut down cleanly); return what it printed."""
        self.client.close()
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)  # the server, and its workers if it has any
        output, _ = self.process.communicate(timeout=30)
        return output

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def all_at_once(start: Callable[..., Server], count: int, go: Path, **options) -> list[Server]:
    """`count` servers from `start` (the `servers` fixture), with `options`: each waits for
    the file `go`, which appears once all of them are ready, so that they start together."""
    started = [start(go=go, **options) for _ in range(count)]
    for server in started:
        server.wait_until_ready()
    go.touch()
    return started
