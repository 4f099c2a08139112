"""Binder: repo2docker builds our Python, our requirements and our package, and the notebooks run."""
import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.tutorial.conftest import ROOT, not_in_git_yet, outside_environment, tutorial

BADGE = re.compile(r"\(https://mybinder\.org/v2/gh/[^/]+/[^/]+/HEAD\?urlpath=lab/tree/([^)\s]+)\)")


# The repository's own modules, and the drivers SQLAlchemy loads for a URL (no file imports them).
OURS = {"project", "tests", "benchmarks", "tutorial", "conftest", "checks", "site_build"}
DRIVERS = ["aiosqlite", "asyncpg", "psycopg2"]


def third_party_modules() -> list[str]:
    """Every module outside the standard library that the chapters' cells or the repository's
    Python files import. A cell that is not Python (a `%%writefile` of an .ini, say) is skipped:
    what a chapter writes in Python is in those files too."""
    folders = ("project", "tests", "benchmarks", "notebooks", "site_build")
    texts = [path.read_text(encoding="utf-8") for folder in folders for path in (ROOT / folder).rglob("*.py")]
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines(keepends=True)
                texts.append("".join(line for line in lines if not line.lstrip().startswith(("%", "!"))))
    modules = set(DRIVERS)
    for text in texts:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules.add(node.module.split(".")[0])
    return sorted(modules - set(sys.stdlib_module_names) - OURS)


def test_binder_uses_the_python_we_test_with():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


def test_binder_requirements_are_the_root_requirements_which_install_the_package():
    binder = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert [line for line in binder if line and not line.startswith("#")] == ["-r ../requirements.txt"]
    root = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in root  # repo2docker runs pip from the repository root: this installs `project`


def test_the_readme_badge_opens_jupyterlab_on_the_contents():
    readme = (ROOT / "README.md").read_text()
    [path] = BADGE.findall(readme)
    assert path == "notebooks/00_contents.ipynb"
    assert (ROOT / path).exists()


def test_repo2docker_builds_our_python_requirements_and_package(repo_copy):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "repo2docker"), "--no-build", "--debug", "."],
        cwd=repo_copy, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    dockerfile = result.stdout + result.stderr
    assert "Building conda environment for python=3.11" in dockerfile
    copy_repository = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    # The install runs after the whole repository is copied in, so `-e .` finds the package.
    assert copy_repository < install


def test_a_fresh_environment_from_the_binder_files_alone_installs_a_working_tutorial(repo_copy, tmp_path):
    """Binder's install, in a fresh environment from the binder files alone: the package, the
    tutorial's machinery and every module anything imports are there, and a chapter runs in it.
    (Every chapter runs in every test run, and cannot use a file that only a later chapter
    writes: tutorial.start() refuses it, as tests/tutorial/test_notebooks.py shows. With every
    import checked, one chapter here is enough to prove the install.)"""
    venv = tmp_path / "binder-venv"
    # With a current pip, as Binder's image has: Python 3.11's venv brings pip 23, which takes
    # twice as long (37 s against 18 s here) to install the same files.
    subprocess.run([sys.executable, "-m", "venv", "--upgrade-deps", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    env = outside_environment()
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on Binder: a module compiled once is cached

    # --no-compile: byte-compiling every module up front is 11 s of the install and checks nothing
    # checked here; the modules the checks import compile as they first load.
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-compile", "-r", "binder/requirements.txt"],
        cwd=repo_copy, env=env, capture_output=True, text=True, timeout=1200,
    )
    assert install.returncode == 0, install.stderr[-5000:]
    check = subprocess.run([python, "-c", "import project, os; print(os.path.dirname(project.__file__))"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert check.stdout.strip() == str(repo_copy / "project"), check.stderr
    in_step = subprocess.run([python, "notebooks/tutorial.py", "check"], cwd=repo_copy, env=env,
                             capture_output=True, text=True)
    assert in_step.returncode == 0, in_step.stdout + in_step.stderr + not_in_git_yet()
    # Everything any chapter, test or benchmark imports is installed: a package that only this
    # machine's environment has fails here, whichever chapter needs it.
    modules = third_party_modules()
    import_each = "import importlib, sys\nfor name in sys.argv[1:]: importlib.import_module(name)"
    imports = subprocess.run([python, "-c", import_each, *modules], cwd=tmp_path, env=env,
                             capture_output=True, text=True)
    missing = (imports.stderr.strip().splitlines() or ["?"])[-1]
    assert imports.returncode == 0, f"add what is missing to requirements.txt, pinned: {missing}"

    # The first chapter, with the finished package removed: the kernel, nbmake, the
    # chapter's machinery and its exercise's check all work in this environment.
    for path in tutorial.written_files():
        (repo_copy / path).unlink()
    chapter = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbmake", "notebooks/01_models.ipynb"],
        cwd=repo_copy, env=env, capture_output=True, text=True, timeout=600,
    )
    assert chapter.returncode == 0, chapter.stdout[-5000:] + chapter.stderr[-2000:]
    assert "1 passed" in chapter.stdout
