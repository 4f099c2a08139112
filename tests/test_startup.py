# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""Real uvicorn processes: the app migrates before it serves, also when eight start at once."""
import signal
import time

from project.migrations import current_revision, head_revision
from tests.slow_start import SLOWER_THAN_SQLITE_TIMEOUT


def test_the_first_request_already_finds_the_schema_at_head(servers):
    server = servers()
    response = server.wait_until_serving()
    assert response.status_code == 200, f"{response.text}\n{server.log_text()}"
    assert response.json() == []
    assert current_revision(server.db_url) == head_revision()


def test_without_database_url_it_serves_music_db_in_the_working_folder(servers, tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    server = servers(db_url=None, cwd=folder)
    assert server.wait_until_serving().status_code == 200
    assert server.request("POST", "/artists", expect=201, json={"name": "Nina Simone"}).json()["id"] == 1
    assert current_revision(f"sqlite+aiosqlite:///{folder / 'music.db'}") == head_revision()
    # (and, while it serves, SQLite's write-ahead log beside it: chapter 3)
    found = {p.name for p in folder.iterdir()} - {"music.db-wal", "music.db-shm"}
    assert sorted(found) == ["music.db", "music.db.lock"]


def test_eight_instances_on_a_fresh_database_never_serve_before_head(servers):
    began = time.monotonic()
    started = [servers(delay=SLOWER_THAN_SQLITE_TIMEOUT) for _ in range(8)]

    for server in started:
        response = server.wait_until_serving()
        assert response.status_code == 200, f"{response.text}\n{server.log_text()}"
        assert response.json() == []
    assert time.monotonic() - began >= SLOWER_THAN_SQLITE_TIMEOUT  # the slow migration really ran

    for server in started:
        server.request("POST", "/artists", expect=201, json={"name": f"via {server.port}"})
    for server in started:
        assert len(server.request("GET", "/artists", expect=200).json()) == 8

    outputs = [server.stop(signal.SIGINT) for server in started]
    assert sum(out.count(b"migrating") for out in outputs) == 1  # one migrated, seven waited
    assert current_revision(started[0].db_url) == head_revision()
