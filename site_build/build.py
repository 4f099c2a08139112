"""Build the tutorial as a static site: every notebook executed fresh, exported by nbconvert.

`python -m site_build [OUTPUT]` (default build/site). See README.md, "Read it as a website".
"""
from __future__ import annotations

import argparse
import base64
import concurrent.futures
import hashlib
import html
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CONTENTS = "00_contents.ipynb"  # the home page, index.html
TEMPLATES = Path(__file__).resolve().parent / "templates"
CACHE = ROOT / "build" / "cache"

# The release JupyterLab 4.6 draws the same diagrams with, fetched from npm and checked
# against the integrity npm's registry publishes for it.
MERMAID_VERSION = "11.16.1"
MERMAID_INTEGRITY = "sha512-TQsq6u22fAn3rek5VOubrhKPo1g5hwC3FXUN9hiyupTckcYiGuuKGkNQrKYwGJkXUxZdojwRG46gsSCFZMDp4g=="
MERMAID_JS = f"static/mermaid-{MERMAID_VERSION}.min.js"  # in the site, relative to every page

# Left in every site this builds, so a rebuild may replace the folder and nothing else.
MARKER = ".built-by-site_build"

BADGE = re.compile(r"https://mybinder\.org/v2/gh/(?P<org>[^/\s]+)/(?P<repo>[^/\s]+)/HEAD\?urlpath=lab/tree/")
# A link in markdown, [text](url), or in HTML within it, href="url" (as tests/tutorial reads them)
LINK = re.compile(r'(\]\(|(?:src|href)=")([^)\s"]+)(\)|")')
MERMAID_SOURCE = re.compile(r'(<pre class="mermaid">\n)(.*?)(\n</pre>)', re.DOTALL)
EXTERNAL_LOAD = re.compile(r'<(?:script|link|img|iframe)\s[^>]*?(?:src|href)="(?:https?:)?//[^"]*"')


class BuildFailed(Exception):
    """The site cannot be built; the message says which notebook and cell, or what is missing."""


def page_name(notebook: str) -> str:
    return "index.html" if notebook == CONTENTS else Path(notebook).with_suffix(".html").name


def repository_urls() -> tuple[str, str]:
    """Binder's and GitHub's addresses, from the README's Binder badge (its ORG/REPO is the one source)."""
    match = BADGE.search((ROOT / "README.md").read_text())
    if not match:
        raise BuildFailed("README.md has no Binder badge (https://mybinder.org/v2/gh/ORG/REPO/HEAD?urlpath=lab/tree/...)")
    return match.group(0), f"https://github.com/{match['org']}/{match['repo']}/blob/HEAD/"


# Mermaid ------------------------------------------------------------------------------

def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def mermaid_js(cache: Path) -> bytes:
    """mermaid's classic build (one file, no imports), from a tarball that `npm pack` fetched once."""
    tarball = cache / f"mermaid-{MERMAID_VERSION}.tgz"
    if not tarball.exists() or _integrity(tarball.read_bytes()) != MERMAID_INTEGRITY:
        npm = shutil.which("npm")
        if npm is None:
            raise BuildFailed(f"npm is needed once, to fetch mermaid {MERMAID_VERSION} into {cache} "
                              "(Debian and Ubuntu: apt-get install npm)")
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as download:
            result = subprocess.run(
                [npm, "pack", f"mermaid@{MERMAID_VERSION}", "--pack-destination", download],
                cwd=download, capture_output=True, text=True,
            )
            fetched = Path(download) / tarball.name
            if result.returncode != 0 or not fetched.exists():
                raise BuildFailed(f"npm pack mermaid@{MERMAID_VERSION} failed:\n{result.stderr}")
            if _integrity(fetched.read_bytes()) != MERMAID_INTEGRITY:
                raise BuildFailed(f"mermaid-{MERMAID_VERSION}.tgz from npm does not match its pinned integrity")
            fetched.replace(tarball)  # atomic: a cached tarball is always whole
    with tarfile.open(tarball) as archive:
        return archive.extractfile("package/dist/mermaid.min.js").read()


# Executing ----------------------------------------------------------------------------

def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= 60 else line[:57] + "..."


def execute(path: str, timeout: int) -> tuple[str, float]:
    """Run one notebook from a clean state, in its own folder; return it with its outputs (as
    JSON) and the seconds it took. Runs in a worker process, one notebook at a time.

    What the kernel and the programs it starts print outside the cells goes to a log, shown
    only if the notebook fails. Raises BuildFailed naming the notebook and the cell."""
    notebook = nbformat.read(path, as_version=4)
    name = Path(path).relative_to(ROOT) if Path(path).is_relative_to(ROOT) else Path(path)
    current: dict[str, int] = {}

    def starting(cell, cell_index, **_):
        current["index"] = cell_index

    client = ExecutePreprocessor(timeout=timeout, on_cell_start=starting)
    started = time.monotonic()
    with tempfile.TemporaryFile() as log:
        sys.stdout.flush(), sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(log.fileno(), 1), os.dup2(log.fileno(), 2)  # the kernel inherits these
        try:
            client.preprocess(notebook, {"metadata": {"path": str(Path(path).parent)}})
        except Exception as error:  # a cell's error, a timeout, a dead kernel: all end the build
            log.seek(0)
            printed = log.read().decode(errors="replace").strip().splitlines()[-20:]
            where = "its kernel did not start"
            if "index" in current:
                index = current["index"]
                where = (f"cell {index + 1} of {len(notebook.cells)} failed "
                         f"(it begins: {_first_line(notebook.cells[index].source)})")
            raise BuildFailed(
                f"{name}, {where}\n{type(error).__name__}: {error}"
                + ("\n(printed outside the cells, last lines:)\n" + "\n".join(printed) if printed else "")
            ) from None
        finally:
            sys.stdout.flush(), sys.stderr.flush()
            os.dup2(saved[0], 1), os.dup2(saved[1], 2)
            os.close(saved[0]), os.close(saved[1])
    return nbformat.writes(notebook), time.monotonic() - started


def execute_all(paths: list[Path], jobs: int, timeout: int) -> dict[str, nbformat.NotebookNode]:
    """Every notebook, `jobs` at a time, each in a fresh kernel. All run even if one fails,
    so one build reports every broken notebook."""
    executed, failures = {}, []
    # spawn: each worker starts clean rather than inheriting this process's state
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(execute, str(path), timeout): path for path in paths}
        for future in concurrent.futures.as_completed(futures):
            path = futures[future]
            try:
                text, seconds = future.result()
            except BuildFailed as failure:
                print(f"  FAILED {path.name}", flush=True)
                failures.append(str(failure))
                continue
            executed[path.name] = nbformat.reads(text, as_version=4)
            print(f"  ran {path.name} in {seconds:.0f} s", flush=True)
    if failures:
        raise BuildFailed("\n\n".join(failures))
    return executed


def load_executed(folder: Path, paths: list[Path]) -> dict[str, nbformat.NotebookNode]:
    """The notebooks as another run executed them (the test run's nbmake saves them: see
    notebooks/conftest.py), each checked to be the repository's notebook, cell for cell."""
    executed = {}
    for path in paths:
        ran = folder / path.name
        if not ran.exists():
            raise BuildFailed(f"{folder} holds no executed copy of notebooks/{path.name}")
        notebook = nbformat.read(ran, as_version=4)
        ours = nbformat.read(path, as_version=4)
        if [(c.cell_type, c.source) for c in notebook.cells] != [(c.cell_type, c.source) for c in ours.cells]:
            raise BuildFailed(f"{ran} is not notebooks/{path.name} as it is now: run it again")
        code = [c for c in notebook.cells if c.cell_type == "code"]
        if code and any(c.execution_count is None for c in code):
            raise BuildFailed(f"{ran} was not run to its end")
        executed[path.name] = notebook
    return executed


# Rendering ----------------------------------------------------------------------------

def title(notebook: nbformat.NotebookNode) -> str | None:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+?)\s*$", cell.source, re.MULTILINE)
            if match:
                return match.group(1)
    return None


def rewrite_links(markdown: str, notebook: str, notebooks: set[str], source: str) -> str:
    """In a markdown cell: links to notebooks lead to their pages, links to other files of
    the repository to their source; a link to something that does not exist fails the build."""
    def rewrite(match: re.Match) -> str:
        url = match.group(2)
        if url.startswith(("#", "/")) or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            return match.group(0)
        path, hash_, fragment = url.partition("#")
        target = (NOTEBOOKS / path).resolve()
        if target.parent == NOTEBOOKS and target.name in notebooks:
            new = page_name(target.name) + hash_ + fragment
        elif target.is_relative_to(ROOT) and target.exists():
            new = source + target.relative_to(ROOT).as_posix() + hash_ + fragment
        else:
            raise BuildFailed(f"notebooks/{notebook} links to {url}, which does not exist")
        return match.group(1) + new + match.group(3)

    return LINK.sub(rewrite, markdown)


def escape_diagrams(page: str) -> str:
    """nbconvert writes a diagram's source into the page without escaping it, so the browser
    takes a label's `<br/>` for a line break of its own and Mermaid never sees it: escape it."""
    return MERMAID_SOURCE.sub(lambda m: m[1] + html.escape(html.unescape(m[2]), quote=False) + m[3], page)


def render(executed: dict[str, nbformat.NotebookNode]) -> dict[str, str]:
    """{page file name: HTML} for every notebook."""
    binder, source = repository_urls()
    exporter = HTMLExporter(template_name="site", extra_template_basedirs=[str(TEMPLATES)])
    # A run_pytest cell prints its report as it comes, in several pieces: one block on the page.
    exporter.register_preprocessor(CoalesceStreamsPreprocessor, enabled=True)
    exporter.mermaid_js_url = MERMAID_JS
    exporter.mermaid_layout_elk_js_url = ""  # the diagrams use no ELK layout
    site_title = title(executed[CONTENTS]) or "Contents"
    pages = {}
    for name, notebook in executed.items():
        notebook.metadata["title"] = title(notebook) or Path(name).stem
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = rewrite_links(cell.source, name, set(executed), source)
        resources = {"site": {
            "home": page_name(CONTENTS),
            "title": site_title,
            "binder": binder + f"notebooks/{name}",
            "source": source + f"notebooks/{name}",
        }}
        page, _ = exporter.from_notebook_node(notebook, resources=resources)
        page = escape_diagrams(page)
        if "site-build:mermaid" in page:
            raise BuildFailed("nbconvert's Mermaid template changed: site_build/templates/site/index.html.j2 "
                              "no longer replaces its module import")
        loads = EXTERNAL_LOAD.findall(page)
        if loads:
            raise BuildFailed(f"the page of {name} would load from the network: {loads}")
        pages[page_name(name)] = page
    return pages


# The build ----------------------------------------------------------------------------

def build(output: Path, jobs: int, timeout: int, cache: Path, executed: Path | None = None) -> None:
    output = output.resolve()
    if output.exists() and any(output.iterdir()) and not (output / MARKER).exists():
        raise BuildFailed(f"{output} is not empty and not a site built before: choose another folder")
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if not (NOTEBOOKS / CONTENTS).exists():
        raise BuildFailed(f"notebooks/{CONTENTS}, the home page, is missing")
    mermaid = mermaid_js(cache)

    if executed is None:
        print(f"Running {len(paths)} notebooks, {jobs} at a time", flush=True)
        pages = render(execute_all(paths, jobs, timeout))
    else:
        print(f"Rendering {len(paths)} notebooks as run in {executed}", flush=True)
        pages = render(load_executed(executed, paths))

    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=output.parent))
    try:
        staging.chmod(0o755)  # mkdtemp's folder is private; a site is for everyone to read
        for name, page in pages.items():
            (staging / name).write_text(page, encoding="utf-8")
        (staging / MERMAID_JS).parent.mkdir(parents=True)
        (staging / MERMAID_JS).write_bytes(mermaid)
        (staging / MARKER).write_text("This folder is rebuilt by `python -m site_build`.\n")
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Built {len(pages)} pages into {output}: open {output / 'index.html'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_build", description=__doc__.split("\n")[0])
    parser.add_argument("output", nargs="?", type=Path, default=ROOT / "build" / "site",
                        help="folder to build the site in (default: build/site)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="notebooks run at once (default: one per CPU)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may take (default: 600)")
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="where the fetched mermaid package is kept (default: build/cache)")
    parser.add_argument("--executed", type=Path, default=None, metavar="FOLDER",
                        help="render the notebooks as already run into FOLDER (by the test run), "
                             "instead of running them")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        build(args.output, max(1, args.jobs), args.timeout, args.cache, args.executed)
    except BuildFailed as failure:
        print(f"Site build failed:\n{failure}", file=sys.stderr)
        return 1
    print(f"({time.monotonic() - started:.0f} s)")
    return 0
