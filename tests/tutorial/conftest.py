"""What the tutorial tests share: the repository, its machinery, a copy of it to run things in, and the browser."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "notebooks"))
import tutorial  # noqa: E402  (notebooks/tutorial.py: how the chapters build the package)

# Headless Chromium as the browser tests launch it: no sandbox (root in CI), no GPU, and none
# of its own background traffic, so the only requests are the page's.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium() -> str:
    """Debian's Chromium (apt-get install chromium), which .ci/run installs."""
    found = shutil.which("chromium")
    if found is None:
        message = "the browser tests need Chromium: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def readme_command(name: str) -> str:
    """The command the README gives on the line after `<!-- NAME-command -->` (in a bash block)."""
    readme = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {name}-command -->\s*```bash\n(.+?)\n```", readme)
    assert match, f"the README marks its {name} command with <!-- {name}-command -->"
    return match.group(1)


def copy_repository(destination: Path) -> Path:
    """Copy the files git tracks, as they are in the working tree (what a clone would hold)."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split("\0")
    for name in filter(None, tracked):
        if not (ROOT / name).is_file():  # deleted, not yet committed
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return destination


def not_in_git_yet() -> str:
    """What to do about new files that git does not hold yet, which a copy (a clone, Binder) lacks."""
    new = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, text=True).stdout.split()
    if not new:
        return ""
    return ("\n\nA clone, and Binder, hold only what git holds, and these files are not in it yet: "
            f"`git add` them ({', '.join(new)})")


def outside_environment() -> dict[str, str]:
    """This process's environment, less what the test run set for itself (pytest's
    variables, the tests' DATABASE_URL, this venv): for a process that stands alone."""
    ours = ("PYTEST_", "DATABASE_URL", "VIRTUAL_ENV")
    return {k: v for k, v in os.environ.items() if not k.startswith(ours)}


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    """A copy of the repository in a temporary folder, so running things there leaves ours alone."""
    return copy_repository(tmp_path / "repo")


# The site test builds its pages from the notebooks as this run's nbmake executed them
# (notebooks/conftest.py saves them here), rather than running every notebook a second time.
SITE_TEST = "tests/tutorial/test_site.py::test_the_site_is_built_fresh_and_reads_offline_in_a_browser"


def executed_notebooks_folder() -> Path:
    """Where this test run keeps the executed notebooks: one folder per run, shared by its
    xdist workers."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    return Path(tempfile.gettempdir()) / f"tutorial-executed-{run}"


def notebooks_run_here(session) -> set[Path]:
    """The notebooks that nbmake runs in this session."""
    return {Path(item.filename).resolve() for item in session.items if getattr(item, "nbmake", False)}


def site_test_runs_here(session) -> bool:
    return any(item.nodeid == SITE_TEST for item in session.items)
