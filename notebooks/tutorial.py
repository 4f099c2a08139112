"""The tutorial's own machinery: not part of the package you build.

Every chapter starts with::

    from tutorial import start
    start("03_startup.ipynb")

which rebuilds, in a fresh temporary folder, the files that the chapters before
it write (read from their ``%%writefile`` cells, not by running them), moves
there and imports ``project`` from there. So a chapter sees the package exactly
as the story has built it so far, runs on its own, and never changes the
repository. From a terminal at the repository root::

    python notebooks/tutorial.py check    # where the repository differs from what the chapters write
    python notebooks/tutorial.py export   # write what the chapters build into the repository
    python notebooks/tutorial.py export --force   # even over changes made to the files by hand
    python notebooks/tutorial.py export --to ../my-app   # the package alone, in a folder of its own
    python notebooks/tutorial.py nav      # rewrite every chapter's navigation links
"""
from __future__ import annotations

import argparse
import atexit
import contextlib
import difflib
import hashlib
import inspect
import json
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib.machinery import PathFinder
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent
ROOT = NOTEBOOKS.parent
CONTENTS = "00_contents.ipynb"
# What the chapters write lives here; everything else in the repository is the tutorial's.
PACKAGE_FOLDERS = ("project", "tests")
TUTORIAL_ONLY = ("tests/tutorial/",)
# The reader's answers to the exercises: written by %%writefile cells, never part of the package.
EXERCISES = "exercises/"
CHECKS = NOTEBOOKS / "checks"
SOLUTIONS = NOTEBOOKS / "solutions"
EXPORT_HINT = (
    "The notebooks are the source of project/ and tests/. To change the package within the "
    "tutorial, change the %%writefile cell named above (a file's first line names every chapter "
    "that writes it; a new file needs a cell of its own, starting with such a line), then run "
    "`python notebooks/tutorial.py export`. To make the package your own instead, take it out "
    "of the tutorial: `python notebooks/tutorial.py export --to ../my-app` writes it alone into a "
    "folder of its own (chapter 9, 'Make it your own'); or delete the tutorial's own parts, "
    "notebooks/ and tests/tutorial/ together."
)


# ---------------------------------------------------------------- reading the chapters
def chapters() -> list[Path]:
    """Every chapter, in the order of the story (the contents page is not one)."""
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if p.name != CONTENTS)


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def writefile_cells(notebook: Path) -> list[tuple[str, bool, str]]:
    """The notebook's %%writefile cells, in order: (path, append?, content)."""
    return [(path, append, body) for _, path, append, body in writefile_cells_with_ids(notebook)]


def writefile_cells_with_ids(notebook: Path) -> list[tuple[str, str, bool, str]]:
    """The same, each with its cell's id (as the notebook's JSON and its diffs show it)."""
    found = []
    for number, cell in enumerate(cells(notebook)):
        text = source(cell)
        if cell["cell_type"] != "code" or not text.startswith("%%writefile"):
            continue
        magic, _, body = text.partition("\n")
        *flags, path = magic.split()[1:]
        if not body.endswith("\n"):  # IPython ends the cell's text with a newline
            body += "\n"
        found.append((cell.get("id", str(number)), path, "-a" in flags or "--append" in flags, body))
    return found


def written_files(before: str | None = None) -> dict[str, dict]:
    """What the chapters write, replayed in order: {path: {"content", "parts"}}, the parts being
    the cells that make the file as it ends up (the last that writes it whole, and those that
    append to it after that one).

    `before` names a chapter: only the chapters before it count, so the result is
    the package as the story has built it when that chapter begins. The answers to
    the exercises (files under exercises/) are the reader's, not the package's.
    """
    files: dict[str, dict] = {}
    for notebook in chapters():
        if before is not None and notebook.name >= before:
            break
        for cell_id, path, append, body in writefile_cells_with_ids(notebook):
            if path.startswith(EXERCISES):
                continue
            part = Part(notebook.name, cell_id, path, append, body)
            if append:
                if path not in files:
                    raise ValueError(f"{notebook.name} appends to {path}, which no earlier cell writes")
                files[path]["content"] += body
                files[path]["parts"].append(part)
            else:
                files[path] = {"content": body, "parts": [part]}
    return files


@dataclass
class Part:
    """One %%writefile cell's share of a file: `body`, from the cell whose id is `cell` in `notebook`."""
    notebook: str
    cell: str
    path: str
    append: bool
    body: str

    def __str__(self) -> str:
        magic = "%%writefile -a" if self.append else "%%writefile"
        first = next((line for line in self.body.splitlines() if line.strip() and "Written by notebooks/" not in line), "")
        return f"cell {self.cell} of {self.notebook} (`{magic} {self.path}`, beginning `{first.strip()[:50]}`)"


def write_files(files: dict[str, dict], folder: Path) -> None:
    for path, file in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file["content"], encoding="utf-8")


# ---------------------------------------------------------------- in a chapter
WORK: Path | None = None


def start(chapter: str) -> None:
    """Build the package as the chapters before `chapter` wrote it, in a fresh
    temporary folder; work there, on a throwaway database."""
    global WORK
    if not (NOTEBOOKS / chapter).exists():
        raise ValueError(f"start() takes this notebook's own file name; there is no notebooks/{chapter}")
    WORK = Path(tempfile.mkdtemp(prefix=f"music-{chapter.split('_')[0]}-"))
    atexit.register(shutil.rmtree, WORK, ignore_errors=True)
    files = written_files(before=chapter)
    write_files(files, WORK)
    (WORK / EXERCISES).mkdir()  # where the exercises' %%writefile cells put the reader's answers
    os.chdir(WORK)
    # `project` and `tests` come from here, never from the repository: forget any
    # imported before (a second run of this cell), and put this folder first.
    for name in [m for m in sys.modules if m.split(".")[0] in PACKAGE_FOLDERS]:
        del sys.modules[name]
    sys.path[:] = [str(WORK)] + [p for p in sys.path if p not in ("", str(WORK))]
    only_from_this_folder(WORK)
    if "forkserver" in multiprocessing.get_all_start_methods():
        _forks()  # the server of run_pytest's processes starts now, and imports the libraries as you read on
    os.environ["PYTHONPATH"] = pythonpath(WORK)  # for the commands this chapter runs
    # The app reads DATABASE_URL once, when project is first imported: a throwaway file.
    os.environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{WORK / 'music.db'}"
    # The chapters' tests run on SQLite, whatever the run around them tests on; a chapter
    # that wants the database server asks for it (postgresql_server()).
    global SERVER_URL
    SERVER_URL = os.environ.pop("TEST_DATABASE_URL", SERVER_URL)
    print(f"Working in {WORK}")
    if files:
        print("with the files that earlier chapters wrote:")
        for path in sorted(files):
            print("   ", path)
    else:
        print("an empty folder: this chapter writes the first files.")


# ---------------------------------------------------------------- a PostgreSQL server
SERVER_URL: str | None = None  # TEST_DATABASE_URL, as the run gave it


def postgresql_server() -> str | None:
    """A PostgreSQL database for the chapter, as an async URL on a server where it may create
    databases of its own: TEST_DATABASE_URL's, if the run gave one; otherwise a throwaway server
    started here, as the current user, in a temporary folder, stopped when the kernel exits;
    otherwise None, having said how to get one."""
    if SERVER_URL and SERVER_URL.startswith("postgresql"):
        print("PostgreSQL: the server TEST_DATABASE_URL names")
        return SERVER_URL
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if os.geteuid() == 0 or not (found or shutil.which("initdb")):
        print("No PostgreSQL server here, so this chapter stops at this point, without an error.\n"
              "To run it: install PostgreSQL (Debian and Ubuntu: apt-get install postgresql; as a normal user,\n"
              "this chapter then starts a throwaway server of its own), or give it a server where it may\n"
              "create databases: TEST_DATABASE_URL=postgresql+asyncpg://USER:PASSWORD@HOST/DBNAME")
        return None
    bin_dir = found[-1].parent if found else Path(shutil.which("initdb")).parent
    data = Path(tempfile.mkdtemp(prefix="music-postgresql-"))
    port = _free_port()
    subprocess.run([bin_dir / "initdb", "-D", data / "data", "-U", "music", "-A", "trust", "--no-sync"],
                   check=True, capture_output=True)
    subprocess.run([bin_dir / "pg_ctl", "-D", data / "data", "-l", data / "log", "-w", "start", "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"], check=True, capture_output=True)

    def stop() -> None:
        subprocess.run([bin_dir / "pg_ctl", "-D", data / "data", "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(data, ignore_errors=True)

    atexit.register(stop)
    print(f"PostgreSQL: a throwaway server on port {port}, stopped when this notebook's kernel exits")
    return f"postgresql+asyncpg://music@127.0.0.1:{port}/postgres"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- only what came before
class ChapterImports:
    """An import hook: `project` and `tests` come from the chapter's folder, or not at all.

    `-e .` (requirements.txt) installs the package in editable mode, whose finder would
    otherwise fill in a module missing from the chapter's folder from the repository's
    finished package: a chapter leaning, unseen, on a file that only a later chapter writes.
    """

    def __init__(self, folder: str):
        self.folder = os.path.realpath(folder)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] not in PACKAGE_FOLDERS:
            return None
        spec = PathFinder.find_spec(fullname, [self.folder] if path is None else path)
        places = [spec.origin] if spec is not None and spec.origin else []
        places += list(spec.submodule_search_locations or []) if spec is not None else []
        inside = [os.path.realpath(p).startswith(self.folder + os.sep) for p in places]
        if not inside or not all(inside):
            raise ModuleNotFoundError(
                f"No module named {fullname!r} in {self.folder}: no chapter up to this one writes it",
                name=fullname,
            )
        return spec


# Every process a chapter starts (pytest, alembic, python -c) imports this first, from a
# folder of its own at the end of PYTHONPATH: the same rule there as in the kernel.
SITECUSTOMIZE = """\
\"\"\"Put there by notebooks/tutorial.py: `project` and `tests` only from the chapter's folder.\"\"\"
import os
import sys
from importlib.machinery import PathFinder

PACKAGE_FOLDERS = {folders!r}

{hook}

sys.meta_path.insert(0, ChapterImports({folder!r}))
"""
IMPORTS: Path | None = None  # the folder of that sitecustomize.py


def only_from_this_folder(folder: Path) -> None:
    """Import `project` and `tests` only from `folder`, in this kernel and in the commands it runs."""
    global IMPORTS
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != ChapterImports.__name__]
    sys.meta_path.insert(0, ChapterImports(str(folder)))
    IMPORTS = Path(tempfile.mkdtemp(prefix=f"{folder.name}-imports-"))
    atexit.register(shutil.rmtree, IMPORTS, ignore_errors=True)
    (IMPORTS / "sitecustomize.py").write_text(SITECUSTOMIZE.format(
        folders=PACKAGE_FOLDERS, hook=inspect.getsource(ChapterImports), folder=str(folder)
    ), encoding="utf-8")


def guarded(folder: Path) -> bool:
    """Whether commands run in `folder` import only what the chapters so far wrote: in the
    chapter's own folder, yes."""
    return IMPORTS is not None and WORK is not None and Path(folder) == WORK


def pythonpath(folder: Path) -> str:
    """PYTHONPATH for a command run in `folder`: the folder, and in the chapter's own folder,
    the import hook that keeps out what later chapters write."""
    return os.pathsep.join([str(folder), *([str(IMPORTS)] if guarded(folder) else [])])


def check(exercise: str, answer: str | Path | None = None, folder: Path | None = None) -> None:
    """Check the answer to an exercise ("07-1") and say, in plain words, what is still wrong.

    A wrong answer is reported, never raised: the check cell never fails. `answer`
    (another file) and `folder` (another working folder) are for the tutorial's own tests.
    """
    problems = check_problems(exercise, answer, folder)
    if problems:
        print(f"Exercise {exercise}: not yet. What is still wrong:")
        for problem in problems:
            print("  -", problem.replace("\n", "\n    "))
        print(f"(Stuck? The worked solution is notebooks/solutions/{solution(exercise).relative_to(SOLUTIONS)}.)")
    else:
        print(f"Exercise {exercise}: right. Well done.")


def check_module(exercise: str) -> Path:
    module = CHECKS / f"check_{exercise.replace('-', '_')}.py"
    if not module.exists():
        raise ValueError(f"there is no exercise {exercise!r} (no {module.relative_to(ROOT)})")
    return module


def answer_path(exercise: str) -> str:
    """The file the reader writes the answer in, as the check module names it (ANSWER = ...)."""
    match = re.search(r'^ANSWER = "([^"]+)"', check_module(exercise).read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1)


def solution(exercise: str) -> Path:
    """The worked solution: notebooks/solutions/<chapter>/<the answer file's name>."""
    chapter = next(p.stem for p in chapters() if p.name.startswith(exercise.split("-")[0] + "_"))
    return SOLUTIONS / chapter / Path(answer_path(exercise)).name


def check_problems(exercise: str, answer: str | Path | None = None, folder: Path | None = None) -> list[str]:
    """Run the exercise's hidden check tests (notebooks/checks/check_NN_N.py) in a new
    process, in the working folder, against the answer; return what they found wrong."""
    folder = Path(folder or WORK or Path.cwd()).resolve()
    module = check_module(exercise)
    answer = Path(answer) if answer is not None else folder / answer_path(exercise)
    if not answer.is_absolute():
        answer = folder / answer
    if not answer.exists():
        return [f"there is no {answer_path(exercise)} yet: run the cell that writes it"]
    # The check runs as a module of tests/ (so it has the chapter's fixtures), for its run only.
    (folder / "tests").mkdir(exist_ok=True)
    copy = folder / "tests" / f"exercise_{module.name}"  # not test_*.py: `pytest tests` never collects it
    shutil.copy(module, copy)
    shared = folder / "tests" / "exercise_checking.py"  # what the checks share
    shutil.copy(CHECKS / "checking.py", shared)
    report = folder / f".{module.stem}.xml"
    # On the chapter's SQLite, whatever server this process's own tests may use.
    env = {name: value for name, value in os.environ.items() if name != "TEST_DATABASE_URL"}
    env |= {"PYTHONPATH": pythonpath(folder), "EXERCISE_ANSWER": str(answer)}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{folder / '.check.db'}"
    ini = folder / "pytest.ini" if (folder / "pytest.ini").exists() else CHECKS / "pytest.ini"
    args = ["-q", *QUICK_PYTEST, *NO_FUZZER, "-p", "no:randomly",
            "-c", str(ini), "--rootdir", str(folder), f"--junitxml={report}", str(copy)]
    try:
        returncode, output = pytest_process(args, folder, env)
        problems = _failures(report) if report.exists() else []
    finally:
        copy.unlink(missing_ok=True)
        shared.unlink(missing_ok=True)
        report.unlink(missing_ok=True)
        (folder / ".check.db").unlink(missing_ok=True)
    if returncode != 0 and not problems:
        problems = ["the check could not run:\n" + output.strip()[-2000:]]
    return problems


def _failures(report: Path) -> list[str]:
    """The failure messages of a JUnit XML report: each assertion's own words, once."""
    import xml.etree.ElementTree as ElementTree

    problems: list[str] = []
    for case in ElementTree.parse(report).iter("testcase"):
        for outcome in [*case.iter("failure"), *case.iter("error")]:
            message = outcome.get("message", "")
            if message.startswith("AssertionError: "):
                message = message.removeprefix("AssertionError: ").split("\nassert ")[0]
            elif outcome.tag == "error" or not message:
                message = "the answer could not be run: " + (message or (outcome.text or "").strip().splitlines()[-1])
            if message.strip() not in problems:
                problems.append(message.strip())
    return problems


def finish() -> None:
    """Leave the temporary folder and delete it."""
    if WORK is not None:
        os.chdir(NOTEBOOKS)
        shutil.rmtree(WORK, ignore_errors=True)
        if IMPORTS is not None:
            shutil.rmtree(IMPORTS, ignore_errors=True)
        print(f"Deleted {WORK}, this chapter's folder, and went back to notebooks/: the repository is unchanged.")


# The pytest runs in a chapter run the chapter's tests, never notebooks: without nbmake's
# plugin, which costs each run seconds of start-up (nbformat's schema validation imports a
# URI grammar that is compiled afresh in every process).
QUICK_PYTEST = ("-p", "no:cacheprovider", "-p", "no:nbmake")
# Nor, unless the fuzzer's tests may be among those it runs, the plugins of schemathesis and of
# hypothesis (which imports all of hypothesis: 2 s of each run's start-up).
NO_FUZZER = ("-p", "no:schemathesis", "-p", "no:hypothesispytest")
FUZZER_TESTS = "test_contract.py"


def quick_pytest(args: tuple[str, ...]) -> tuple[str, ...]:
    """QUICK_PYTEST for a run of `args`: without schemathesis when every path named is a test
    file of tests/ other than the fuzzer's."""
    paths = [arg for arg in args if arg.startswith("tests")]
    if paths and all(path.endswith(".py") and not path.endswith(FUZZER_TESTS) for path in paths):
        return (*QUICK_PYTEST, *NO_FUZZER)
    return QUICK_PYTEST


# ---------------------------------------------------------------- pytest in a new process, quickly
# A new interpreter spends about 2 s importing pytest, its plugins and the libraries the tests
# use before it runs a test. So each run is forked from a process that imported them once
# (multiprocessing's forkserver: one per kernel, started by start()); the fork then
# imports `project` and `tests` from its folder, afresh, as a new interpreter would. (A library
# upgraded while the kernel runs is seen once the kernel restarts.)
PRELOADED = ("pytest", "xdist", "pytest_randomly", "faker", "factory", "numpy", "anyio", "httpx", "asgi_lifespan",
             "sqlalchemy.ext.asyncio", "sqlalchemy.dialects.sqlite.aiosqlite", "sqlalchemy.dialects.postgresql.asyncpg",
             "pydantic", "fastapi", "ormar", "alembic.command", "alembic.autogenerate", "alembic.config", "uvicorn",
             # and what each run would import next: pytest's own plugins and theirs, the drivers,
             # what FastAPI imports as routes are declared
             "_pytest.debugging", "_pytest.faulthandler", "_pytest.junitxml", "_pytest.skipping",
             "_pytest.threadexception", "_pytest.unittest", "_pytest.unraisableexception", "_pytest.warnings",
             "xdist.looponfail", "execnet", "filelock", "platformdirs", "faker.contrib.pytest.plugin",
             "anyio.pytest_plugin", "anyio._backends._asyncio", "aiosqlite", "sqlite3", "pydantic.v1")
WARM_UP = "TUTORIAL_FORK_SERVER"  # set for the server as it starts: it then runs _warm_up()


def _warm_up() -> None:
    """In the fork server, once: do what every run would otherwise do again, then leave what
    is in memory by now out of the runs' garbage collections (pytest runs two as it ends,
    which would each walk every object of every library imported: 0.1 s a run)."""
    import gc
    import importlib

    import faker

    for name in PRELOADED:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    inspect.getsource(_warm_up)  # FastAPI reads each route's source: compiles tokenize's patterns
    faker.Faker()  # loads its providers
    gc.freeze()


def pytest_process(args: list[str], folder: Path, env: dict[str, str],
                   show: Callable[[str], None] | None = None) -> tuple[int, str]:
    """Run pytest with `args` in a new process, in `folder`, with `env` as its environment:
    its exit code, and what it printed (passed to `show` as it comes, if given). Its imports
    follow env's PYTHONPATH, and in the chapter's folder the rule that keeps out what later
    chapters write, as in a new interpreter."""
    folder = Path(folder).resolve()
    if "forkserver" not in multiprocessing.get_all_start_methods():  # (Windows)
        result = subprocess.run([sys.executable, "-m", "pytest", *args], capture_output=True, text=True,
                                cwd=folder, env=env)
        printed = result.stdout + result.stderr
        if show:
            show(printed)
        return result.returncode, printed
    descriptor, output = tempfile.mkstemp(prefix="pytest-", suffix=".txt")
    os.close(descriptor)
    try:
        process = _forks().Process(target=_pytest_in_fork, args=(args, str(folder), env, WORK, IMPORTS, output))
        process.start()
        with open(output, encoding="utf-8", errors="replace") as report:

            def take() -> str:
                """What the run printed since the last look, shown if asked."""
                text = report.read()
                if show and text:
                    show(text)
                return text

            printed = []
            try:
                while process.is_alive():  # pytest writes each test's dot as it ends: show them so
                    process.join(0.2)
                    printed.append(take())
            except BaseException:  # the kernel interrupted: stop the run too
                process.kill()
                process.join()
                raise
            printed.append(take())
        return process.exitcode, "".join(printed)
    finally:
        os.unlink(output)


_SERVER_PATH = tuple(sys.path)  # in the server, which imports this module as it starts: a new interpreter's


_FORKS_LOCK = threading.Lock()  # (an exercise check starts its runs from several threads)


def _forks():
    """multiprocessing's forkserver context, its server running, importing PRELOADED (and this module)."""
    forks = multiprocessing.get_context("forkserver")
    with _FORKS_LOCK:
        forks.set_forkserver_preload([__name__])  # which, in the server, imports PRELOADED (_warm_up)
        chapter_path = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = str(NOTEBOOKS)  # the server's own, if it starts now: where it finds this module
        os.environ[WARM_UP] = "1"
        try:
            multiprocessing.forkserver.ensure_running()
        finally:
            del os.environ[WARM_UP]
            if chapter_path is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = chapter_path
        _stop_forks_when_the_kernel_stops()
    return forks


def _stop_forks_when_the_kernel_stops() -> None:
    """In a Jupyter kernel: when it shuts down or restarts, stop the fork server and
    multiprocessing's resource tracker before the kernel stops its child processes itself.
    Left to the kernel, they hold every shutdown up by 2.6 s (nbmake waits for it after each
    chapter): the tracker ignores SIGTERM, and the stopped server stays a zombie no one reaps."""
    ipython = sys.modules.get("IPython")  # (not imported: not in a kernel)
    kernel = getattr(ipython.get_ipython(), "kernel", None) if ipython else None
    if kernel is None or getattr(kernel.do_shutdown, "stops_forks", False):
        return
    shut_down = kernel.do_shutdown

    def do_shutdown(restart):
        for run in multiprocessing.active_children():  # a run still going (the tracker waits for it)
            run.kill()
            run.join()
        for process in (multiprocessing.forkserver._forkserver, multiprocessing.resource_tracker._resource_tracker):
            with contextlib.suppress(Exception):  # a shutdown goes on, whatever happens here
                process._stop()  # closes the pipe it waits on, and waits for it to exit
        return shut_down(restart)

    do_shutdown.stops_forks = True
    kernel.do_shutdown = do_shutdown


def _pytest_in_fork(args: list[str], folder: str, env: dict[str, str], work: Path | None, imports: Path | None,
                    output: str) -> None:
    """In the forked process: become what a new interpreter in `folder` would be, run pytest.
    It knows the chapter's folder as the kernel does (`work`, `imports`), so that the runs it
    starts in turn (an exercise check's) keep the same import rule."""
    global WORK, IMPORTS
    WORK, IMPORTS = work, imports
    with open(output, "w") as file:
        os.dup2(file.fileno(), 1)
        os.dup2(file.fileno(), 2)
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(folder)
    # The path of a new interpreter started in `folder`: the server's own, as it was when it
    # started (multiprocessing has since given this process the caller's), with `folder` and
    # env's PYTHONPATH in place of the server's.
    standard = [p for p in _SERVER_PATH if p not in ("", str(NOTEBOOKS))]
    sys.path[:] = list(dict.fromkeys([folder, *env.get("PYTHONPATH", "").split(os.pathsep), *standard]))
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != ChapterImports.__name__]
    if guarded(folder):
        sys.meta_path.insert(0, ChapterImports(folder))
    import pytest

    # pytest would rewrite the asserts of its plugins' own modules, imported here already: no matter.
    args = ["-W", "ignore::pytest.PytestAssertRewriteWarning", *args]
    try:
        code = int(pytest.main(args))
    finally:
        atexit._run_exitfuncs()  # what the tests registered (a forked process would skip them)
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(code)


def run(*args: str) -> None:
    """Run a command in the working folder with this kernel's Python (`run("-m", "alembic", "current")`),
    show it and what it printed, and fail the cell if it fails (a `!command` cell would not)."""
    print("$ python", shlex.join(args))
    result = subprocess.run([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(result.stdout.rstrip())  # (its log lines and its output, in the order it wrote them)
    if result.returncode != 0:
        raise RuntimeError(f"`python {' '.join(args)}` failed with exit code {result.returncode}")


# What a run that did not pass says, by pytest's exit code.
STOPPED = {
    1: "some tests failed: read the report above",
    4: "pytest could not run what it was asked to: read its message above (a path is relative to "
       "the chapter's folder, the working directory)",
    5: "no test ran: none was found where it was asked to look, or -k left none",
    None: "pytest stopped before the end (exit code {}): read the report above",
}


def run_pytest(*args: str, fails: str | None = None, folder: Path | None = None) -> None:
    """Run pytest in a new process, in the working folder (or `folder`), and show its report.

    With `fails`, the run is expected to fail, and that test to be among the
    failures: a red run the chapter means to show. Otherwise every test must pass.
    """
    folder = Path(folder or Path.cwd())
    env = os.environ | {"COLUMNS": "120", "PYTHONPATH": pythonpath(folder)}  # summary lines wide enough to read
    command = ["-q", "--no-header", *quick_pytest(args), "--tb=short", *args]
    returncode, output = pytest_process(command, folder, env, show=lambda text: print(text, end="", flush=True))
    report = re.sub(r"\x1b\[[0-9;]*m", "", output)  # without its colours
    summary = re.findall(r"^(?:FAILED|ERROR) .*", report, re.MULTILINE)  # one line per failure
    if fails is None and returncode != 0:
        # The summary goes into the error too: a report that fails under nbmake shows the error only.
        raise RuntimeError("\n".join([STOPPED.get(returncode, STOPPED[None]).format(returncode), *summary]))
    if fails is not None:
        failed = [line.split()[1] for line in summary]
        if returncode == 0 or not any(fails in name for name in failed):
            raise RuntimeError(f"this run was meant to show {fails} failing, and it did not: read the report above")


@contextlib.contextmanager
def broken(path: str, old: str, new: str):
    """Break a file on purpose (replace `old` by `new`) for the length of a `with` block."""
    target = Path(path)
    text = target.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise ValueError(
            f"this cell breaks {path} on purpose by replacing {old!r}, which is not in it (once): "
            "if you changed that file, adapt the cell to your change, or skip it"
        )
    print(diff(text, text.replace(old, new), path, "broken on purpose"))
    target.write_text(text.replace(old, new), encoding="utf-8")
    try:
        yield
    finally:
        target.write_text(text, encoding="utf-8")


def edit(path: str, old: str, new: str) -> None:
    """Change a file as an editor would: replace `old` (found once) by `new`, and show the change."""
    target = Path(path)
    text = target.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise ValueError(f"{old!r} is not in {path} (once): adapt this cell to the file as it is")
    target.write_text(text.replace(old, new), encoding="utf-8")
    print(diff(text, text.replace(old, new), f"{path} (before)", f"{path} (after)"))


def diff(before: str, after: str, name: str = "before", after_name: str = "after") -> str:
    """A unified diff of two texts."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), name, after_name, n=2
    )
    return "".join(lines).rstrip()


def changes(path: str, chapter: str) -> str:
    """How `chapter` changes `path`: its content before the chapter, against now."""
    before = written_files(before=chapter).get(path, {"content": ""})["content"]
    return diff(before, Path(path).read_text(encoding="utf-8"), f"{path} (before)", f"{path} (now)")


def figures_of_record() -> dict:
    """benchmarks/results.json, which the benchmarks write with --save."""
    return json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))


def benchmark_table(on: str = "sqlite") -> str:
    """The figures of benchmarks/results.json as a Markdown table: the README shows the same.
    `on="postgresql"`: the same ways, measured on a PostgreSQL server."""
    results = figures_of_record()
    if on == "postgresql":
        results = results["postgresql"]
    ms = results["ms_per_test"]
    floor = ms["no_database"]
    template = ("a database copied from a migrated template (`CREATE DATABASE ... TEMPLATE`)"
                if on == "postgresql" else "a copy of a migrated template file")
    rows = [
        ("(a) the 2022 recipe: `create_all` + Alembic stamp for every test", ms["recipe_2022"]),
        (f"(b) {template} for every test", ms["template_copy"]),
        ("(c) ours: app started once per process, each test in a transaction rolled back", ms["ours"]),
    ]
    shared, least = ms["no_isolation"], ms["least"]
    lines = ["| per-test database | ms per test | above the floor | above (e) |", "|---|---|---|---|"]
    lines += [f"| {label} | {value:.1f} | {value - floor:.2f} | {value - shared:.2f} |" for label, value in rows]
    lines.append(f"| (d) the floor: the same app and client, no database | {floor:.1f} | | |")
    lines.append(f"| (e) not isolated: the same requests, each committed to one database all tests share "
                 f"| {shared:.1f} | {shared - floor:.2f} | |")
    lines.append("| (f) the least a fixture can do, not used here: one connection kept for the session, "
                 "`BEGIN` and `ROLLBACK` sent to it straight, ormar's private transaction depth set by hand "
                 f"| {least:.1f} | {least - floor:.2f} | {least - shared:.2f} |")
    recipe = ms["recipe_2022"] - floor
    ratio, at_best = recipe / (ms["ours"] - floor), recipe / (least - floor)
    isolating = (ms["recipe_2022"] - shared) / (ms["ours"] - shared)
    return "\n".join(lines) + (
        f"\n\nAbove the floor, the 2022 recipe costs {ratio:.0f} times as much as ours, and {at_best:.0f} times as much\n"
        f"as (f). Above (e), the same requests with no isolation at all, it costs {isolating:.0f} times as much as\n"
        f"ours ({results['tests']} tests per way, best of {results['rounds']} rounds, {results['machine']})."
    )


def benchmark(name: str):
    """The module benchmarks/NAME.py, the tutorial's measuring tools (not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"benchmarks.{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def throughput_table() -> str:
    """The requests per second of benchmarks/results.json (benchmarks/throughput.py) as a
    Markdown table: the README shows the same."""
    throughput = benchmark("throughput")
    results = figures_of_record()["throughput"]
    figures = {name: results[name] for name in throughput.APPS}
    return throughput.table(figures) + (
        f"\n\nRequests answered per second: {results['seconds']:g} s of each, "
        f"{results['connections']} connections at once, {results['machine']} shared by servers and client."
    )


def load_table(on: str = "sqlite") -> str:
    """The requests per second under load of benchmarks/results.json (benchmarks/load.py, or
    with `on="postgresql"` benchmarks/load_postgresql.py) as a Markdown table: the README shows the same."""
    results = figures_of_record()
    return benchmark("results").load_table(results["load_postgresql" if on == "postgresql" else "load"])


def big_tables_summary() -> str:
    """The big-library figures of benchmarks/results.json (benchmarks/big_tables.py) as a
    Markdown table: the README shows the same."""
    results = figures_of_record()["big_tables"]
    upgrade, requests = results["upgrade_s"], results["requests"]
    lines = [
        f"| a database at `0001` with {results['tracks']:,} tracks ({results['albums']:,} albums, "
        f"{results['artists']:,} artists) | time | body |",
        "|---|---|---|",
        f"| upgrade to head: `0002` numbers every track ({upgrade['0002']:.2f} s), `0003` indexes "
        f"the foreign keys ({upgrade['0003']:.2f} s) | {upgrade['total']:.1f} s | |",
    ]
    labels = {"first_page": "the first page", "largest_page": "the largest page",
              "one_album": "one album's tracks", "last_page": "the last page"}
    for name, label in labels.items():
        request = requests[name]
        lines.append(f"| `GET {request['path']}`: {label} | {request['ms']:.0f} ms | {request['bytes'] / 1000:.0f} kB |")
    return "\n".join(lines) + (
        f"\n\nBest of {results['rounds']} rounds, {results['machine']}; requests to a real uvicorn process, "
        "median of 20."
    )

# ---------------------------------------------------------------- the repository
def differences() -> list[str]:
    """Where the repository's package differs from what the chapters write, each with what to do."""
    files = written_files()
    problems = []
    for path, file in sorted(files.items()):
        committed = ROOT / path
        text = committed.read_text(encoding="utf-8") if committed.exists() else None
        if text is None:
            problems.append(f"{path}: written by {file['parts'][-1].notebook}, missing from the repository")
        elif text != file["content"]:
            problems.append(f"{path}: differs from what the chapters write, "
                            f"{first_difference(file['parts'], file['content'], text)}")
    for folder in PACKAGE_FOLDERS:
        for p in sorted((ROOT / folder).rglob("*")):
            path = p.relative_to(ROOT).as_posix()
            if p.is_file() and p.suffix in {".py", ".mako", ".ini"} and "__pycache__" not in p.parts \
                    and not path.startswith(TUTORIAL_ONLY) and path not in files:
                problems.append(f"{path}: not written by any chapter")
    return problems


def first_difference(parts: list[Part], expected: str, actual: str) -> str:
    """Where `actual` first differs from `expected`, what the cells `parts` write (or that less
    its first line, which export leaves out of a folder of your own): the line, the cell that
    writes it, and the lines themselves."""
    wanted = expected.splitlines(keepends=True)
    skipped = sum(len(part.body.splitlines(keepends=True)) for part in parts) - len(wanted) if parts else 0
    lines = actual.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, wanted, lines, autojunk=False)
    tag, i1, i2, j1, j2 = next(op for op in matcher.get_opcodes() if op[0] != "equal")
    line = skipped + (i1 - 1 if tag == "insert" and i1 > 0 else i1)  # lines added: the cell before them
    end, part = 0, None
    for part in parts:
        end += len(part.body.splitlines(keepends=True))
        if line < end:
            break
    shown = [f"- {text}" for text in wanted[i1:i2][:5]] + [f"+ {text}" for text in lines[j1:j2][:5]]
    where = f", in the lines that {part} writes" if part else ""
    return f"first at line {j1 + 1}{where}:\n" + "".join(
        f"    {text.rstrip(chr(10))}\n" if text.endswith("\n") else f"    {text}  (no newline at the end)\n" for text in shown
    ).rstrip("\n")


class EditedByHand(Exception):
    """export() would undo changes made to the files themselves."""


EXPORTED = ".tutorial-export.json"  # what export last wrote into the repository (git ignores it)


def export(to: Path = ROOT, through: str | None = None, force: bool = False) -> list[str]:
    """Write what the chapters build into the repository (or, without the lines that
    say which chapter wrote each file, into a folder of your own); return the paths written.
    `through` names a chapter: the package as the story has built it by that chapter's end.

    It never undoes a change made to a file by hand: in the repository, a file that is neither
    what export last wrote there nor, before any export, what the last commit holds; in a folder
    of your own, any file that is not what it would write. Then it writes nothing and raises
    EditedByHand, saying where (`force` writes anyway)."""
    next_chapter = next((nb.name for nb in chapters() if through is not None and nb.name > through), None)
    files = written_files(before=next_chapter)
    last_export = json.loads((to / EXPORTED).read_text()) if to == ROOT and (to / EXPORTED).exists() else {}
    writes, edited = {}, []
    contents = {path: file["content"] for path, file in files.items()}
    if to != ROOT:  # without the first lines that name the chapters; and the app's own requirements
        contents = {path: content.split("\n", 1)[1] if re.match(r"#+ Written by notebooks/", content) else content
                    for path, content in contents.items()} | {"requirements.txt": package_requirements()}
    for path, content in contents.items():
        target = to / path
        found = target.read_text(encoding="utf-8") if target.exists() else None
        if found == content:
            continue
        writes[path] = (target, content)
        if found is not None and not _ours(to, path, found, last_export):
            parts = files[path]["parts"] if path in files else []  # requirements.txt: no cell writes it
            edited.append(f"{path} was changed by hand: export would undo that, "
                          f"{first_difference(parts, content, found)}")
    if edited and not force:
        raise EditedByHand("\n".join(edited) + "\n\nNothing was written. To keep a change, make it in the "
                           "%%writefile cell named above, then export again; to discard it, export with --force.")
    for target, content in writes.values():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    if to == ROOT:
        (to / EXPORTED).write_text(json.dumps({path: _digest(content) for path, content in contents.items()},
                                              indent=1, sort_keys=True) + "\n")
    return list(writes)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ours(to: Path, path: str, text: str, last_export: dict[str, str]) -> bool:
    """Whether `text`, found at `path` in `to`, is what export or git put there: what export last
    wrote, or, for a file no export wrote yet, what the last commit holds."""
    if to != ROOT:
        return False
    if path in last_export:
        return _digest(text) == last_export[path]
    shown = subprocess.run(["git", "show", f"HEAD:{path}"], cwd=ROOT, capture_output=True)
    return shown.returncode == 0 and shown.stdout == text.encode("utf-8")


def package_requirements() -> str:
    """The pinned requirements of the app and its tests: those sections of requirements.txt."""
    keep, lines = False, []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            keep = line in ("# The application", "# Testing it")
        if keep:
            lines.append(line)
    return "\n".join(lines).strip() + "\n"


def title(notebook: Path) -> str:
    """A chapter's title: its first level-1 heading."""
    for cell in cells(notebook):
        match = re.search(r"^# (.+)$", source(cell), re.MULTILINE)
        if cell["cell_type"] == "markdown" and match:
            return match.group(1).strip()
    raise ValueError(f"{notebook.name} has no level-1 heading")


def navigation(notebook: Path) -> str:
    """The links at the top and bottom of a chapter: previous, contents, next."""
    order = [NOTEBOOKS / CONTENTS, *chapters()]
    i = order.index(notebook)
    links = []
    if i > 1:  # chapter 1's previous page is the contents, linked next anyway
        previous = order[i - 1]
        links.append(f"[< {title(previous)}]({previous.name})")
    links.append(f"[Contents]({CONTENTS})")
    if i + 1 < len(order):
        links.append(f"[{title(order[i + 1])} >]({order[i + 1].name})")
    return " | ".join(links)


def update_navigation(write: bool = True) -> list[str]:
    """Make every notebook's first and last cells its navigation links; return the notebooks changed."""
    changed = []
    for notebook in [NOTEBOOKS / CONTENTS, *chapters()]:
        data = json.loads(notebook.read_text(encoding="utf-8"))
        nav = navigation(notebook)
        ends = [data["cells"][0], data["cells"][-1]]
        if all(c["cell_type"] == "markdown" and source(c) == nav for c in ends):
            continue
        changed.append(notebook.name)
        for cell in ends:
            if cell["cell_type"] != "markdown" or not source(cell).startswith("["):
                raise ValueError(f"{notebook.name}: the first and last cells must be navigation links")
            cell["source"] = nav
        if write:
            notebook.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python notebooks/tutorial.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("check", help="where the repository differs from what the chapters write")
    exporting = commands.add_parser("export", help="write what the chapters build into the repository")
    exporting.add_argument("--to", type=Path, metavar="FOLDER", help="the package alone, into a folder of your own")
    exporting.add_argument("--force", action="store_true", help="even over changes made to the files by hand")
    commands.add_parser("nav", help="rewrite every chapter's navigation links")
    args = parser.parse_args(argv or ["check"])
    if args.command == "check":
        problems = differences()
        for problem in problems:
            print(problem)
        if problems:
            print("\n" + EXPORT_HINT)
        else:
            print("project/ and tests/ are exactly what the chapters write.")
        return 1 if problems else 0
    if args.command == "export":
        to = args.to.resolve() if args.to else ROOT
        try:
            changed = export(to, force=args.force)
        except EditedByHand as error:
            print(error)
            return 1
        print("\n".join(f"wrote {path}" for path in changed) or "nothing to write: already in step")
        if to == ROOT:
            for problem in differences():
                print(problem, "(left as it is)")
        return 0
    print("\n".join(update_navigation()) or "navigation already up to date")
    return 0


if os.environ.pop(WARM_UP, None):  # this process is the fork server, starting: _forks()
    _warm_up()

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
