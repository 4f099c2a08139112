# Written by notebooks/06_tests.ipynb: edit the notebook, not this file.
"""Real uvicorn processes: start-up migration is safe with many instances and after a crash."""
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from project.migrations import current_revision, head_revision
from tests.slow_start import SLOWER_THAN_SQLITE_TIMEOUT

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """uvicorn serving project.app, its schema creation slowed by `delay` seconds.

    With `db_url=None`, plain `uvicorn project.app:app` without DATABASE_URL, in `cwd`.
    """

    db_url: str | None
    delay: float
    log: Path
    cwd: Path = ROOT

    def __post_init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        if self.db_url is None:
            command = ["uvicorn", "project.app:app", "--port", str(self.port)]
        else:
            env["DATABASE_URL"] = self.db_url
            command = ["tests.slow_start", str(self.port), str(self.delay)]
        with self.log.open("w") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", *command],
                cwd=self.cwd, env=env, stdout=subprocess.PIPE, stderr=stderr,
            )

    def first_response(self, timeout: float = 60) -> httpx.Response:
        """The response to the first request whose connection the server accepts."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return httpx.get(f"{self.url}/artists", timeout=30)
            except httpx.ConnectError:  # not listening yet: migrating, or waiting for the lock
                if self.process.poll() is not None:
                    pytest.fail(f"the server exited during start-up:\n{self.log.read_text()}")
                time.sleep(0.05)
        pytest.fail(f"nothing listened on {self.url} within {timeout} s")

    def get(self, path: str):
        """The JSON of a successful GET."""
        response = httpx.get(f"{self.url}{path}")
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: dict):
        """The JSON of a successful POST."""
        response = httpx.post(f"{self.url}{path}", json=body)
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture
def start(tmp_path):
    """Start servers on one fresh database file; they are all killed at the end."""
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'music.db'}"
    servers: list[Server] = []

    def start_server(delay: float, **options) -> Server:
        options.setdefault("db_url", db_url)
        servers.append(Server(delay=delay, log=tmp_path / f"server-{len(servers)}.log", **options))
        return servers[-1]

    yield start_server
    for server in servers:
        server.process.kill()
        server.process.wait()
        server.process.stdout.close()


def test_eight_instances_on_a_fresh_database_never_serve_before_head(start):
    began = time.monotonic()
    servers = [start(delay=SLOWER_THAN_SQLITE_TIMEOUT) for _ in range(8)]

    for server in servers:
        response = server.first_response()
        assert response.status_code == 200, response.text
        assert response.json() == []
    assert time.monotonic() - began >= SLOWER_THAN_SQLITE_TIMEOUT  # the slow migration really ran

    for server in servers:
        server.post("/artists", {"name": f"via {server.port}"})
    for server in servers:
        assert len(server.get("/artists")) == 8

    for server in servers:
        server.process.send_signal(signal.SIGINT)
    outputs = [server.process.communicate(timeout=30)[0] for server in servers]
    assert sum(out.count(b"migrating") for out in outputs) == 1  # one migrated, seven waited
    assert current_revision(servers[0].db_url) == head_revision()


def test_an_instance_killed_mid_migration_does_not_block_the_next_start(start, tmp_path):
    crashed = start(delay=600)
    assert crashed.process.stdout.readline() == b"migrating\n"  # it holds the lock, mid-transaction
    crashed.process.send_signal(signal.SIGKILL)
    crashed.process.wait()

    # The lock file stays, but the lock died with its process; the half-done
    # migration was never committed, so the database holds no half schema.
    assert (tmp_path / "music.db.lock").exists()
    assert current_revision(crashed.db_url) is None

    response = start(delay=0).first_response(timeout=30)
    assert response.status_code == 200, response.text
    assert current_revision(crashed.db_url) == head_revision()



def test_without_database_url_it_serves_music_db_in_the_working_folder(start, tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    server = start(delay=0, db_url=None, cwd=folder)
    assert server.first_response().status_code == 200
    assert server.post("/artists", {"name": "Nina Simone"})["id"] == 1
    assert current_revision(f"sqlite+aiosqlite:///{folder / 'music.db'}") == head_revision()
    assert sorted(p.name for p in folder.iterdir()) == ["music.db", "music.db.lock"]
