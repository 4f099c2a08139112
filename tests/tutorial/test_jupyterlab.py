"""The tutorial in a real JupyterLab, driven through headless Chromium as a reader would."""
import json
import os
import re
import secrets
import subprocess
import sys
import time

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from tests.servers import free_port
from tests.tutorial.conftest import CHROMIUM_FLAGS, ROOT, chromium, outside_environment

ARTIFACTS = ROOT / "artifacts"  # screenshots, ignored by git
# The reader's settings, kept in the test's own folder: no autosave (nothing is written back
# to the notebooks), every cell in the page (no virtual scrolling), no news or update checks.
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False, "fetchNews": "false",
    },
}


@pytest.fixture
def jupyterlab(repo_copy, tmp_path):
    """A JupyterLab server on localhost, with a token, serving a copy of the repository."""
    for name, value in SETTINGS.items():
        path = tmp_path / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    token, port = secrets.token_hex(16), free_port()
    env = outside_environment() | {
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={repo_copy}",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    http = httpx.Client(base_url=url)  # one client for every poll: each new one loads certificates, 25 ms
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if http.get("/api/status", params={"token": token}).status_code == 200:
                    break
            except httpx.ConnectError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "jupyterlab.log").read_text()
            time.sleep(0.2)
        # Without the token (nor the cookie the poll above was given), nothing is served.
        assert httpx.get(f"{url}/api/contents").status_code == 403
        yield url, token
    finally:
        http.close()
        server.terminate()
        server.wait(timeout=30)
        log.close()


def current_tab(page):
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")


def test_the_tutorial_opens_runs_and_navigates_in_jupyterlab(jupyterlab, repo_copy):
    url, token = jupyterlab
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/lab/tree/notebooks/00_contents.ipynb?token={token}")

        # The contents: its title, its chapters table and its Mermaid diagram, rendered.
        notebook = page.locator(".jp-NotebookPanel:visible")
        expect(notebook.locator("h1", has_text="Build and test a FastAPI app")).to_be_visible(timeout=90_000)
        expect(notebook.get_by_role("heading", name="Chapters", exact=True)).to_be_visible()
        diagram = notebook.locator(".jp-RenderedMermaid:not(.jp-mod-warning)").first
        expect(diagram.locator("svg, img").first).to_be_visible(timeout=30_000)

        # Its navigation link opens chapter 1 in JupyterLab.
        notebook.locator("a", has_text="1. Models >").first.click()
        expect(current_tab(page)).to_have_text("01_models.ipynb", timeout=30_000)
        chapter = page.locator(".jp-NotebookPanel:visible")
        expect(chapter.locator("h1", has_text="1. Models")).to_be_visible()

        # Run All through the menu, and wait until every code cell has run. Run All before the
        # page has connected to the new kernel runs nothing: then ask again, as a reader would.
        expect(page.locator(".jp-StatusBar-Widget", has_text="Python 3 (ipykernel) | Idle")).to_be_visible(timeout=90_000)
        prompts = chapter.locator(".jp-CodeCell .jp-InputArea-prompt")
        count = prompts.count()
        assert count > 5
        for _ in range(3):
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
            try:
                expect(prompts.first).not_to_have_text("[ ]:", timeout=30_000)
                break
            except AssertionError:
                continue
        try:
            for k in range(count):
                expect(prompts.nth(k)).to_have_text(re.compile(r"^\[\d+\]:$"), timeout=120_000)
        except AssertionError:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / "jupyterlab-run-all-failed.png")
            raise
        expect(chapter.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_be_attached()

        # No cell shows an error, and the cells show what the chapter says they show.
        errors = chapter.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.all_inner_texts()
        expect(chapter.locator(".jp-OutputArea-output", has_text="'name': 'Nina Simone'")).to_have_count(1)
        for heading in ["The package", "The models", "What the models refuse", "Recap"]:
            expect(chapter.get_by_role("heading", name=heading, exact=True)).to_be_visible()

        ARTIFACTS.mkdir(exist_ok=True)
        chapter.locator("h2", has_text="What the models refuse").scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "jupyterlab-chapter-1.png")

        # The chapter's own links lead on, and back to the contents.
        chapter.locator("a", has_text="2. Migrations >").first.click()
        expect(current_tab(page)).to_have_text("02_migrations.ipynb", timeout=30_000)
        page.locator(".jp-NotebookPanel:visible a", has_text="Contents").first.click()
        expect(current_tab(page)).to_have_text("00_contents.ipynb", timeout=30_000)
        browser.close()

    # Nothing was saved back: the copy's notebooks are as committed.
    assert (repo_copy / "notebooks" / "01_models.ipynb").read_bytes() == (ROOT / "notebooks" / "01_models.ipynb").read_bytes()
