# Written by notebooks/03_startup.ipynb: edit the notebook, not this file.
"""Bad settings fail at start-up with one clear line, before anything is written; good ones work."""
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from project.migrations import apply_migrations, current_revision, head_revision
from project.settings import StartupError
from tests.support import ROOT

BAD_URLS = {
    "sync driver": ("sqlite:///music.db", "names a synchronous driver: the app needs sqlite+aiosqlite:///music.db"),
    "in memory": ("sqlite+aiosqlite:///:memory:", "is a database in memory"),
    "no path": ("sqlite+aiosqlite://", "is a database in memory"),
    "memory URI": ("sqlite+aiosqlite:///file:music?mode=memory&uri=true", "is a database in memory"),
    "missing folder": ("sqlite+aiosqlite:///data/music.db", "the folder data does not exist: create it"),
    "a folder": ("sqlite+aiosqlite:///.", "names the folder ."),
    "timeout not a number": ("sqlite+aiosqlite:///music.db?timeout=soon", "timeout='soon' is not a number of seconds"),
    "MySQL": ("mysql+aiomysql://app:secret@db.example/music", "mysql databases are not supported yet"),
    "not a URL": ("music.db", "is not a database URL"),
}


@pytest.mark.parametrize("url, says", BAD_URLS.values(), ids=BAD_URLS)
def test_a_bad_database_url_fails_before_anything_is_written(tmp_path, monkeypatch, url, says):
    monkeypatch.chdir(tmp_path)  # where a relative path lands
    with pytest.raises(StartupError, match=re.escape(says)) as error:
        apply_migrations(url)
    assert "secret" not in str(error.value)  # a password never reaches a log
    assert list(tmp_path.iterdir()) == []


GOOD_URLS = {
    "relative": ("sqlite+aiosqlite:///music.db", "music.db"),
    "in a folder": ("sqlite+aiosqlite:///data/music.db", "data/music.db"),
    "absolute": ("sqlite+aiosqlite:///{tmp_path}/music.db", "music.db"),
    "query string": ("sqlite+aiosqlite:///music.db?timeout=30", "music.db"),
    "URI filename": ("sqlite+aiosqlite:///file:data/music.db?uri=true", "data/music.db"),
}


@pytest.mark.parametrize("url, file", GOOD_URLS.values(), ids=GOOD_URLS)
def test_a_good_database_url_is_migrated_where_it_says(tmp_path, monkeypatch, url, file):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    url = url.format(tmp_path=tmp_path)
    apply_migrations(url)
    assert current_revision(url) == head_revision()
    written = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
    assert written == [file, f"{file}.lock"]


@pytest.mark.parametrize("value", ["ten", "0", "-5", "inf", "604801", "1e308"])
def test_a_bad_migration_lock_timeout_fails_before_anything_is_written(db_url, tmp_path, monkeypatch, value):
    monkeypatch.setenv("MIGRATION_LOCK_TIMEOUT", value)
    with pytest.raises(StartupError, match="MIGRATION_LOCK_TIMEOUT=.* is not a number of seconds above 0 and up to a week"):
        apply_migrations(db_url)
    assert list(tmp_path.iterdir()) == []


def alembic(*args: str, db_url: str) -> subprocess.CompletedProcess:
    """The `alembic` command, as typed in a terminal at the repository root."""
    return subprocess.run(
        [Path(sys.executable).parent / "alembic", *args], cwd=ROOT, env=os.environ | {"DATABASE_URL": db_url},
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.slow
def test_the_alembic_command_refuses_a_bad_database_url_in_one_line(tmp_path):
    result = alembic("upgrade", "head", db_url=f"sqlite:///{tmp_path / 'music.db'}")
    assert result.returncode != 0
    assert result.stderr.splitlines()[-1].endswith(f"the app needs sqlite+aiosqlite:///{tmp_path / 'music.db'}")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_alembic_current_check_and_history_never_create_a_database(tmp_path):
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'music.db'}"
    with ThreadPoolExecutor() as pool:  # the three at once: each spends a second starting
        current, check, history = pool.map(lambda command: alembic(command, db_url=db_url),
                                           ["current", "check", "history"])
    for result in (current, check):
        assert result.returncode != 0
        assert result.stderr.splitlines()[-1].endswith(f"there is no database at {tmp_path / 'music.db'}: "
                                                        "`alembic upgrade head` (or the app) creates it")
    assert history.returncode == 0
    assert list(tmp_path.iterdir()) == []
