"""The tutorial as a website: built from freshly run notebooks, and read offline in headless Chromium."""
import json
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from playwright.sync_api import expect, sync_playwright

from site_build.build import CACHE, CONTENTS, MERMAID_VERSION, BuildFailed, build, execute, load_executed, page_name
from tests.tutorial.conftest import (
    CHROMIUM_FLAGS, ROOT, chromium, executed_notebooks_folder, notebooks_run_here, outside_environment, readme_command,
)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BADGE = re.compile(r"\((https://mybinder\.org/v2/gh/[^/]+/[^/]+/HEAD\?urlpath=lab/tree/)[^)\s]+\)")


def markdown(notebook: Path) -> str:
    return "\n".join("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
                     if c["cell_type"] == "markdown")


def repository_state() -> tuple[str, str]:
    """What git sees changed, and the databases it would ignore (as .ci/run checks)."""
    def status(*args):
        return subprocess.run(["git", "status", "--porcelain", *args], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    return status(), status("--ignored", "--", "*.db", "*.db.lock", "*.db-journal")


class Page(HTMLParser):
    """The addresses a page loads (scripts, styles, images) and links to, and its element ids."""

    def __init__(self, text: str):
        super().__init__()
        self.loads, self.links, self.ids = [], [], set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag in {"script", "img", "iframe"} and attrs.get("src"):
            self.loads.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])


def is_external(url: str) -> bool:
    """Whether the browser would fetch it from elsewhere (a data: address is in the page itself)."""
    return bool(urlsplit(url).scheme not in {"", "data"} or url.startswith("//"))


def executed_in_this_run(session) -> Path | None:
    """When this run's nbmake executes every notebook, the folder it keeps them in, once all
    are there (notebooks/conftest.py); otherwise None, and the build runs them itself."""
    if notebooks_run_here(session) != {p.resolve() for p in NOTEBOOKS}:
        return None
    folder = executed_notebooks_folder()
    deadline = time.monotonic() + 1800
    while True:
        failed = sorted(p.stem for p in folder.glob("*.failed"))
        if failed:
            pytest.fail(f"{', '.join(failed)} failed under nbmake in this run (see that test): no site without it")
        if all((folder / nb.name).exists() for nb in NOTEBOOKS):
            return folder
        assert time.monotonic() < deadline, f"this run's nbmake did not execute every notebook into {folder}"
        time.sleep(1)


@pytest.mark.last  # it waits for the notebooks this run executes: every one is handed out before it
def test_the_site_is_built_fresh_and_reads_offline_in_a_browser(tmp_path, request):
    if shutil.which("npm") is None and not (CACHE / f"mermaid-{MERMAID_VERSION}.tgz").exists():
        message = "building the site needs npm, to fetch mermaid once: apt-get install npm"
        pytest.fail(message) if "CI" in outside_environment() else pytest.skip(message)
    browser_path = chromium()
    site = tmp_path / "site"
    before = repository_state()
    # The README's command runs every notebook afresh. When this test run's nbmake runs them
    # all, the pages show the outputs of that very run instead: each notebook runs once.
    command = [sys.executable, "-m", "site_build", str(site)]
    assert readme_command("site").endswith(" ".join(command[1:3]) + " build/site")
    try:
        executed = executed_in_this_run(request.session)
        if executed is not None:
            command += ["--executed", str(executed)]
        started = time.monotonic()
        result = subprocess.run(command, cwd=ROOT, env=outside_environment(), capture_output=True, text=True,
                                timeout=1800)
    finally:
        shutil.rmtree(executed_notebooks_folder(), ignore_errors=True)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    print(f"site built in {seconds:.0f} s\n{result.stdout}")
    assert repository_state() == before, "building the site changed the repository"

    # Every notebook has its page, the contents being the home page.
    pages = {nb: site / page_name(nb.name) for nb in NOTEBOOKS}
    assert pages[ROOT / "notebooks" / CONTENTS] == site / "index.html"
    assert sorted(p.name for p in site.glob("*.html")) == sorted(p.name for p in pages.values())

    # Nothing comes from the network, and every link inside the site leads to a file (and the
    # anchor, if any) that is there. Each page opens its own notebook on Binder.
    [binder] = BADGE.findall((ROOT / "README.md").read_text())
    parsed = {path: Page(path.read_text()) for path in pages.values()}
    for notebook, path in pages.items():
        page = parsed[path]
        assert not [u for u in page.loads if is_external(u)], f"{path.name} loads from the network"
        assert f"{binder}notebooks/{notebook.name}" in page.links
        assert any(link.endswith(f"/notebooks/{notebook.name}") for link in page.links)  # the source
        for url in page.loads + page.links:
            if is_external(url) or url.startswith("data:"):
                continue  # the page loads nothing from outside (above); links out are not ours to check
            target = (path.parent / unquote(urlsplit(url).path)).resolve() if urlsplit(url).path else path
            assert target.is_file(), f"{path.name} links to missing {url}"
            fragment = urlsplit(url).fragment
            if fragment and target in parsed:
                assert unquote(fragment) in parsed[target].ids, f"{path.name} links to missing {url}"

    requests, blocked = [], []

    def only_local(route):
        url = route.request.url
        if url.startswith("file:") or urlsplit(url).hostname in {"localhost", "127.0.0.1"}:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        context.route("**/*", only_local)
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        for notebook, path in pages.items():
            page.goto(path.as_uri())
            title = re.search(r"^#\s+(.+?)\s*$", markdown(notebook), re.MULTILINE).group(1)
            expect(page.locator("h1").first).to_contain_text(title)

            # Its Mermaid diagrams reach Mermaid as written, and are drawn (an SVG image in
            # each diagram's container).
            sources = re.findall(r"^```mermaid\n(.*?)^```", markdown(notebook), re.MULTILINE | re.DOTALL)
            diagrams = len(sources)
            expect(page.locator(".jp-Mermaid")).to_have_count(diagrams)
            assert [s.strip() for s in page.locator(".jp-Mermaid pre.mermaid").all_text_contents()] == \
                [s.strip() for s in sources]
            rendered = page.locator(".jp-RenderedMermaid:not(.jp-mod-warning) img[src^='data:image/svg+xml']")
            expect(rendered).to_have_count(diagrams, timeout=30_000)
            for k in range(diagrams):
                assert rendered.nth(k).evaluate("img => img.complete && img.naturalWidth > 0"), notebook.name

            # Its code is highlighted (the highlighting styles are in the page), and its outputs
            # are there, none of them an error.
            keyword = page.locator(".jp-InputArea .highlight .kn, .jp-InputArea .highlight .k").first
            plain = page.locator(".jp-InputArea .highlight pre").first
            assert keyword.evaluate("e => getComputedStyle(e).color") != plain.evaluate("e => getComputedStyle(e).color")
            if notebook.name != CONTENTS:
                assert page.locator(".jp-OutputArea-output").count() > 0, f"{notebook.name} shows no output"
            stderr = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            assert stderr.count() == 0, f"{notebook.name}: {stderr.all_inner_texts()}"

        # The chapters' own navigation leads on, and back to the contents.
        page.goto(pages[ROOT / "notebooks" / "01_models.ipynb"].as_uri())
        page.locator("a", has_text="2. Migrations >").first.click()
        expect(page).to_have_url(re.compile(r"/02_migrations\.html$"))
        page.locator("main a", has_text="Contents").last.click()
        expect(page).to_have_url(re.compile(r"/index\.html$"))
        browser.close()

    assert not blocked, f"the site asked the network for {blocked}"
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert not errors, errors


def write_notebook(path: Path, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_a_failing_cell_fails_the_build_naming_its_notebook_and_cell(tmp_path):
    notebook = write_notebook(tmp_path / "broken.ipynb", "x = 1", "raise ValueError('no such album')", "x")
    with pytest.raises(BuildFailed) as failure:
        execute(str(notebook), timeout=60)
    message = re.sub(r"\x1b\[[0-9;]*m", "", str(failure.value))  # without the traceback's colours
    assert f"{notebook}, cell 2 of 3 failed (it begins: raise ValueError('no such album'))" in message
    assert "ValueError: no such album" in message


def test_a_cell_that_runs_too_long_fails_the_build(tmp_path):
    notebook = write_notebook(tmp_path / "slow.ipynb", "import time", "time.sleep(60)")
    with pytest.raises(BuildFailed, match=r"cell 2 of 2 failed \(it begins: time.sleep\(60\)\)\nCellTimeoutError"):
        execute(str(notebook), timeout=2)


def test_the_build_does_not_overwrite_a_folder_it_did_not_build(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BuildFailed, match="not empty"):
        build(tmp_path, jobs=1, timeout=60, cache=CACHE)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_pages_are_built_only_from_the_notebooks_as_they_are_now(tmp_path):
    chapter = ROOT / "notebooks" / "01_models.ipynb"
    with pytest.raises(BuildFailed, match="holds no executed copy of notebooks/01_models.ipynb"):
        load_executed(tmp_path, [chapter])
    notebook = nbformat.read(chapter, as_version=4)
    notebook.cells[-2].source += "\n# changed since"
    nbformat.write(notebook, tmp_path / chapter.name)
    with pytest.raises(BuildFailed, match="is not notebooks/01_models.ipynb as it is now"):
        load_executed(tmp_path, [chapter])
    nbformat.write(nbformat.read(chapter, as_version=4), tmp_path / chapter.name)  # as stored: never run
    with pytest.raises(BuildFailed, match="was not run to its end"):
        load_executed(tmp_path, [chapter])
