"""The chapters and the package in step, chapters that only use what came before, notebooks stored clean."""
import ast
import json
import re
import subprocess
import sys

import pytest

from tests.tutorial.conftest import ROOT, outside_environment, readme_command, tutorial

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHAPTERS = tutorial.chapters()


def code_cells(notebook) -> list[str]:
    return [tutorial.source(c) for c in tutorial.cells(notebook) if c["cell_type"] == "code"]


def test_the_committed_package_is_exactly_what_the_chapters_write():
    problems = tutorial.differences()
    assert not problems, "\n".join(problems) + "\n\n" + tutorial.EXPORT_HINT


def a_copy_of_the_package(tmp_path, monkeypatch):
    """What the chapters write, in tmp_path, which the tutorial's commands take for the repository."""
    for path, file in tutorial.written_files().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(file["content"])
    (tmp_path / "requirements.txt").write_text((ROOT / "requirements.txt").read_text())
    monkeypatch.setattr(tutorial, "ROOT", tmp_path)
    return tmp_path


def test_the_checks_say_what_to_do_when_a_file_is_changed_by_hand(tmp_path, monkeypatch):
    # A reader's own file, and changes to one of the chapters' files: each names the cell to change.
    root = a_copy_of_the_package(tmp_path, monkeypatch)
    (root / "project" / "alembic" / "versions" / "0005_album_genre.py").write_text("revision = '0005'\n")
    models = root / "project" / "models.py"
    written = models.read_text()
    models.write_text(written + "# mine\n")
    [changed, new] = tutorial.differences()
    assert changed.startswith("project/models.py: differs from what the chapters write, first at line ")
    assert "of 11_production.ipynb (`%%writefile -a project/models.py`" in changed  # the last cell: it appends
    assert changed.endswith("\n    + # mine")
    assert new == "project/alembic/versions/0005_album_genre.py: not written by any chapter"
    # A change inside the Artist class: the cell that writes the class, not the last one.
    models.write_text(written.replace("class Artist(ormar.Model):\n", "class Artist(ormar.Model):\n    # mine\n"))
    [changed, _] = tutorial.differences()
    assert "of 08_schema_changes.ipynb (`%%writefile project/models.py`" in changed
    assert "python notebooks/tutorial.py export" in tutorial.EXPORT_HINT
    assert "export --to" in tutorial.EXPORT_HINT and "notebooks/ and tests/tutorial/" in tutorial.EXPORT_HINT


def test_export_does_not_undo_a_change_made_to_a_file_by_hand(tmp_path, monkeypatch):
    root = a_copy_of_the_package(tmp_path, monkeypatch)
    models = root / "project" / "models.py"
    written = models.read_text()
    models.write_text(written + "# mine\n")  # neither what export wrote nor what git holds: by hand
    with pytest.raises(tutorial.EditedByHand, match=r"project/models.py was changed by hand(.|\n)*\+ # mine"):
        tutorial.export(root)
    assert models.read_text().endswith("# mine\n")  # nothing written
    assert tutorial.export(root, force=True) == ["project/models.py"]
    assert models.read_text() == written
    # A chapter changed since (as when a reader edits a cell): the file is what export last
    # wrote, so export writes the new one, however recently the notebooks were saved.
    chapters_now = tutorial.written_files()
    chapters_now["project/models.py"]["content"] += "# a cell changed\n"
    monkeypatch.setattr(tutorial, "written_files", lambda before=None: chapters_now)
    assert tutorial.export(root) == ["project/models.py"]
    models.write_text(models.read_text() + "# mine again\n")
    with pytest.raises(tutorial.EditedByHand):
        tutorial.export(root)
    # A folder of your own: export writes over none of your changes there either.
    mine = tmp_path / "mine"
    tutorial.export(to=mine)
    assert tutorial.export(to=mine) == []  # in step: nothing to write
    (mine / "project" / "models.py").write_text("# my own models\n")
    (mine / "requirements.txt").write_text("my-own-library==1.0\n")
    with pytest.raises(tutorial.EditedByHand, match="(?s)project/models.py was changed by hand.*requirements.txt was"):
        tutorial.export(to=mine)


def test_each_file_names_on_its_first_line_every_chapter_that_writes_it():
    writers: dict[str, set[str]] = {}
    for notebook in CHAPTERS:
        for path, _, _ in tutorial.writefile_cells(notebook):
            writers.setdefault(path, set()).add(notebook.name)
    for path, file in tutorial.written_files().items():
        first_line = file["content"].split("\n", 1)[0]
        assert first_line.lstrip("#").startswith(" Written by notebooks/"), (
            f"{path}: its first line must name the chapters that write it, as every other file's does: "
            f"start its %%writefile cell with '# Written by notebooks/{file['parts'][0].notebook}: edit the "
            f"notebook, not this file.' (it starts with {first_line!r})"
        )
        for notebook in writers[path]:
            assert notebook in first_line, f"{path} does not name {notebook} on its first line"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.name)
def test_each_chapter_starts_from_what_the_chapters_before_it_wrote(notebook):
    # The first code cell builds the earlier chapters' files in a temporary folder and works
    # there, on a throwaway database, before anything imports project.
    expected = f'from tutorial import start\n\nstart("{notebook.name}")'
    assert code_cells(notebook)[0] == expected, f"the first code cell of {notebook.name} must be:\n{expected}"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.name)
def test_no_chapter_imports_a_module_that_only_a_later_chapter_writes(notebook):
    available = set(tutorial.written_files(before=notebook.name))
    available |= {path for path, _, _ in tutorial.writefile_cells(notebook)}
    for code in code_cells(notebook):
        if code.startswith("%%"):
            continue
        for node in ast.walk(ast.parse(code)):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                if name.split(".")[0] in ("project", "tests"):
                    module = name.replace(".", "/")
                    assert {f"{module}.py", f"{module}/__init__.py"} & available, (
                        f"{notebook.name} imports {name}, which no chapter up to it writes"
                    )


def stored(notebook) -> str:
    """The notebook as git would commit it (its staged version): one a reader saved from
    JupyterLab, outputs and all, but did not `git add`, is theirs to keep as it is."""
    staged = subprocess.run(["git", "show", f":notebooks/{notebook.name}"], cwd=ROOT, capture_output=True)
    return staged.stdout.decode("utf-8") if staged.returncode == 0 else notebook.read_text(encoding="utf-8")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_stored_stripped(notebook):
    strip = (
        f"{notebook.name} is staged with outputs or metadata: store it without them, "
        f"`jupyter nbconvert --clear-output --ClearMetadataPreprocessor.enabled=True --inplace notebooks/{notebook.name}`, "
        "then `git add` it again"
    )
    data = json.loads(stored(notebook))
    assert set(data["metadata"]) <= {"kernelspec", "language_info"}, strip
    for cell in data["cells"]:
        assert set(cell["metadata"]) <= {"tags"}, strip
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, strip


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short_enough_to_read_at_a_glance(notebook):
    for code in code_cells(notebook):
        assert len(code.splitlines()) <= 40, (
            f"{notebook.name}: a cell of {len(code.splitlines())} lines, more than a reader takes in at once: "
            "split it (a module can be written in pieces with %%writefile -a)"
        )


def test_the_navigation_links_are_what_the_script_writes():
    stale = tutorial.update_navigation(write=False)
    assert not stale, f"navigation out of date in {stale}: run `python notebooks/tutorial.py nav`"


def relative_links(text: str) -> list[str]:
    links = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'(?:src|href)="([^"]+)"', text)
    return [link.split("#")[0] for link in links if not re.match(r"[a-z]+:", link) and link.split("#")[0]]


def test_every_relative_link_points_at_something_that_exists():
    documents = [(ROOT / "README.md", (ROOT / "README.md").read_text())]
    for notebook in NOTEBOOKS:
        documents += [(notebook, tutorial.source(c)) for c in tutorial.cells(notebook) if c["cell_type"] == "markdown"]
    checked = 0
    for document, text in documents:
        for link in relative_links(text):
            assert (document.parent / link).exists(), f"{document.name} links to missing {link}"
            checked += 1
    assert checked > len(NOTEBOOKS) * 2


def test_the_contents_links_every_chapter():
    text = "".join(tutorial.source(c) for c in tutorial.cells(ROOT / "notebooks" / "00_contents.ipynb"))
    for chapter in CHAPTERS:
        assert f"]({chapter.name})" in text, f"the contents do not link {chapter.name}"


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert readme_command("test") in ci_lines


def test_the_readme_shows_the_benchmark_figures_of_record():
    # One source: benchmarks/results.json, which `python benchmarks/run.py --save` writes.
    assert tutorial.benchmark_table() in (ROOT / "README.md").read_text()
    assert tutorial.benchmark_table("postgresql") in (ROOT / "README.md").read_text()
    assert tutorial.big_tables_summary() in (ROOT / "README.md").read_text()
    assert tutorial.throughput_table() in (ROOT / "README.md").read_text()
    assert tutorial.load_table() in (ROOT / "README.md").read_text()
    assert tutorial.load_table("postgresql") in (ROOT / "README.md").read_text()


FORWARD_REFERENCE = """
import importlib.util, sys
sys.path.insert(0, "notebooks")
from pathlib import Path
from tutorial import run, run_pytest, start
# The editable install (-e .) finds the finished package's modules from anywhere...
assert importlib.util.find_spec("project.app").origin == "{root}/project/app.py"
start("03_startup.ipynb")
# ...but in chapter 3, what chapters 1 and 2 wrote comes from the chapter's own folder,
import project.models, project.alembic
assert project.models.__file__.startswith(start.__globals__["WORK"].as_posix())
# and what only later chapters write is not there, in the kernel
for name in ("project.app", "project.routes", "tests.servers"):
    try:
        __import__(name)
    except ModuleNotFoundError as error:
        print("refused:", error)
    else:
        raise SystemExit(name + " was imported from " + sys.modules[name].__file__)
# nor in the commands the chapter runs,
try:
    run("-c", "import project.app")
except RuntimeError:
    print("refused in a command too")
# nor in its pytest runs.
Path("tests/test_later.py").write_text("def test_later():\\n    import project.app\\n")
try:
    run_pytest("tests/test_later.py")
except RuntimeError as error:
    print("refused in pytest too:", str(error).splitlines()[-1])
# nor in the runs of a reader's test that an exercise check makes (forked in turn).
from tutorial import check_problems
Path("exercises").mkdir(exist_ok=True)
Path("exercises/test_at_head.py").write_text("def test_at_head():\\n    import project.app\\n")
problems = check_problems("03-1")
print("refused in a check's runs too:" if "No module named 'project.app' in /" in problems[0] else "NOT refused:",
      problems[0].replace("\\n", " | "))
"""


def test_a_chapter_cannot_use_a_module_that_only_a_later_chapter_writes():
    # The repository holds the finished package, installed in editable mode: a chapter that
    # leaned on a later chapter's file would pass unnoticed, were it not refused.
    result = subprocess.run([sys.executable, "-c", FORWARD_REFERENCE.format(root=ROOT)], cwd=ROOT,
                            env=outside_environment(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    refused = [line for line in result.stdout.splitlines() if line.startswith("refused")]
    assert len(refused) == 6, result.stdout
    assert "No module named 'project.app' in " in refused[0] and "no chapter up to this one writes it" in refused[0]
    command = result.stdout.split(refused[2])[1]  # what the command printed, then the last line
    assert "ModuleNotFoundError: No module named 'project.app' in " in command, result.stdout
    assert "test_later - ModuleNotFoundError: No module named 'project.app' in /" in refused[4], result.stdout


def test_a_run_is_forked_from_a_server_that_did_the_common_work_once(tmp_path):
    # Each run would otherwise import pytest's plugins, load Faker's providers, and, as it
    # ends, walk every object of every library in two garbage collections.
    (tmp_path / "test_warm.py").write_text(
        "import gc, sys\n\n\n"
        "def test_warm():\n"
        "    assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()\n"
        "    assert 'faker.providers.person.en_US' in sys.modules  # (this test makes no Faker)\n"
    )
    tutorial.run_pytest("test_warm.py", folder=tmp_path)


STOP_A_KERNEL = """
import multiprocessing.forkserver, multiprocessing.resource_tracker, os
from tutorial import start, run_pytest
start("01_models.ipynb")
run_pytest("--version")
pids = [multiprocessing.forkserver._forkserver._forkserver_pid, multiprocessing.resource_tracker._resource_tracker._pid]
get_ipython().kernel.do_shutdown(False)
print("still there:", [pid for pid in pids if os.path.exists(f"/proc/{pid}")], "of", len(pids))
"""


def test_a_kernel_that_shuts_down_stops_the_fork_server_and_its_resource_tracker_first():
    # Left to the kernel, which signals its child processes and waits for them to go, they would
    # hold up each shutdown (nbmake's after each chapter) by seconds: the tracker ignores SIGTERM.
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"), env=outside_environment())
    try:
        printed = []
        client.execute_interactive(STOP_A_KERNEL, timeout=120, output_hook=lambda message: printed.append(
            message["content"].get("text", "")))
    finally:
        client.stop_channels()
        manager.shutdown_kernel()  # (not now=True: the kernel's exit removes the chapter's folder)
    assert "still there: [] of 2" in "".join(printed), "".join(printed)


def test_a_failing_run_names_its_failures_in_the_error_nbmake_reports(tmp_path):
    # nbmake shows a failed cell's error, not what the cell printed before it.
    (tmp_path / "test_mine.py").write_text("def test_passes():\n    pass\n\n\ndef test_breaks():\n    assert 1 == 2\n")
    with pytest.raises(RuntimeError) as failure:
        tutorial.run_pytest("test_mine.py", "-p", "no:randomly", folder=tmp_path)
    assert str(failure.value).splitlines() == [
        "some tests failed: read the report above",
        "FAILED test_mine.py::test_breaks - assert 1 == 2",
    ]
    with pytest.raises(RuntimeError, match="^pytest could not run what it was asked to: read its message"):
        tutorial.run_pytest("test_absent.py", folder=tmp_path)
