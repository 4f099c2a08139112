"""Notebooks and package in sync, notebooks stored clean, links valid."""
import json
import re
from pathlib import Path

import pytest

from tests.tutorial.conftest import readme_command

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHAPTERS = [nb for nb in NOTEBOOKS if nb.name != "00_contents.ipynb"]

# Files of project/ and tests/ that no %%writefile cell writes, and why.
NOT_WRITTEN = {
    "tests/tutorial/": "tests of the notebooks themselves, not taught by them",
    "project/migrations/versions/0001_": "the first release's revision; chapter 2 autogenerates its like",
}


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text())["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def written_files() -> dict[str, tuple[str, str]]:
    """What running every %%writefile cell produces: {path: (notebook name, content)}."""
    files: dict[str, tuple[str, str]] = {}
    for notebook in NOTEBOOKS:
        for cell in cells(notebook):
            text = source(cell)
            if cell["cell_type"] != "code" or not text.startswith("%%writefile"):
                continue
            magic, _, body = text.partition("\n")
            *flags, path = magic.split()[1:]
            if not body.endswith("\n"):  # IPython adds a final newline where there is none
                body += "\n"
            if "-a" in flags:
                assert files[path][0] == notebook.name, f"{path} appended to from another notebook"
                files[path] = (notebook.name, files[path][1] + body)
            else:
                assert path not in files, f"{path} is written by {files[path][0]} and {notebook.name}"
                files[path] = (notebook.name, body)
    return files


def test_every_written_file_is_the_committed_file():
    written = written_files()
    assert written, "no %%writefile cells found"
    for path, (notebook, content) in written.items():
        committed = ROOT / path
        assert committed.exists(), f"{notebook} writes {path}, which is not in the repository"
        assert committed.read_text() == content, f"{path} differs from what {notebook} writes"


def test_every_module_is_written_by_a_notebook():
    written = set(written_files())
    package_files = {
        str(p.relative_to(ROOT))
        for folder in ("project", "tests")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in {".py", ".mako"} and "__pycache__" not in p.parts
    }
    missing = {p for p in package_files - written if not p.startswith(tuple(NOT_WRITTEN))}
    assert not missing, f"not written by any notebook: {sorted(missing)}"


def test_each_written_file_names_its_notebook_on_its_first_line():
    for path, (notebook, content) in written_files().items():
        first_line = content.split("\n", 1)[0]
        assert first_line.startswith("#"), f"{path} does not begin with a comment"
        assert f"notebooks/{notebook}" in first_line, f"{path} does not name {notebook}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_stored_stripped(notebook):
    data = json.loads(notebook.read_text())
    assert set(data["metadata"]) <= {"kernelspec", "language_info"}
    for cell in data["cells"]:
        assert set(cell["metadata"]) <= {"tags"}, cell["metadata"]
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.name)
def test_each_chapter_first_points_the_app_at_a_throwaway_database(notebook):
    # The app reads DATABASE_URL when first imported: a chapter that imported project
    # (or tests) before this would work on the developer's database, or on a test worker's.
    first_code = next(source(c) for c in cells(notebook) if c["cell_type"] == "code")
    assert "tempfile.mkdtemp" in first_code
    assert 'os.environ["DATABASE_URL"] = ' in first_code
    assert "import project" not in first_code and "from project" not in first_code


def relative_links(text: str) -> list[str]:
    links = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'(?:src|href)="([^"]+)"', text)
    return [link.split("#")[0] for link in links if not re.match(r"[a-z]+:", link) and link.split("#")[0]]


def documents() -> list[tuple[Path, str]]:
    docs = [(ROOT / "README.md", (ROOT / "README.md").read_text())]
    for notebook in NOTEBOOKS:
        docs += [(notebook, source(c)) for c in cells(notebook) if c["cell_type"] == "markdown"]
    return docs


def test_every_relative_link_points_at_something_that_exists():
    checked = 0
    for document, text in documents():
        for link in relative_links(text):
            assert (document.parent / link).exists(), f"{document.name} links to missing {link}"
            checked += 1
    assert checked > len(NOTEBOOKS) * 2


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.name)
def test_navigation_at_top_and_bottom_leads_to_the_neighbours(notebook):
    i = NOTEBOOKS.index(notebook)
    expected = [NOTEBOOKS[i - 1].name, "00_contents.ipynb"]
    if i + 1 < len(NOTEBOOKS):
        expected.append(NOTEBOOKS[i + 1].name)
    notebook_cells = cells(notebook)
    for cell in (notebook_cells[0], notebook_cells[-1]):
        assert relative_links(source(cell)) == expected


def test_the_contents_links_every_chapter():
    text = "".join(source(c) for c in cells(ROOT / "notebooks" / "00_contents.ipynb"))
    for chapter in CHAPTERS:
        assert f"]({chapter.name})" in text, f"the contents do not link {chapter.name}"


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert readme_command("test") in ci_lines
