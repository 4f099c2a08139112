"""The GitHub workflows a fork gets: valid, and running what the README and .ci/run run."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.tutorial.conftest import ROOT, readme_command

WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    # PyYAML reads a bare `on:` key as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True)
    return data


def run_lines(job: dict) -> list[str]:
    return [line for step in job["steps"] for line in step.get("run", "").splitlines()]


def step(job: dict, uses: str) -> dict:
    [found] = [s for s in job["steps"] if s.get("uses", "").startswith(uses + "@")]
    return found


def test_actionlint_finds_nothing_to_fix():
    # actionlint checks what a schema cannot: expressions and their types, references to
    # steps, jobs and outputs, runner labels, and the shell in `run:` steps.
    result = subprocess.run(
        [str(Path(sys.executable).parent / "actionlint"), "-no-color", *map(str, sorted(WORKFLOWS.glob("*.yml")))],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflows_are_valid_github_workflows():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["site.yml", "test.yml"]
    # The JSON schema GitHub workflows are checked against (SchemaStore's, shipped in the package).
    result = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         *map(str, files)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["test.yml", "site.yml"])
def test_every_step_output_and_job_a_workflow_refers_to_exists(name):
    jobs = workflow(name)["jobs"]
    for job_name, job in jobs.items():
        needs = job.get("needs", [])
        assert set([needs] if isinstance(needs, str) else needs) <= set(jobs) - {job_name}
        ids = {s["id"] for s in job["steps"] if "id" in s}
        text = yaml.safe_dump(job)
        for referred in re.findall(r"steps\.([\w-]+)\.", text):
            assert referred in ids, f"{name}: job {job_name} refers to a step {referred!r} it does not have"


def test_the_test_workflow_runs_exactly_the_readme_test_command_as_ci_does():
    data = workflow("test.yml")
    assert set(data["on"]) == {"push", "pull_request"}
    [job] = data["jobs"].values()
    command = readme_command("test")
    assert command in run_lines(job)
    assert command in (ROOT / ".ci" / "run").read_text().splitlines()


@pytest.mark.parametrize("name", ["test.yml", "site.yml"])
def test_the_workflows_install_the_way_ci_does(name):
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    install = [line for line in ci if line.startswith(("python3 -m venv", ".venv/bin/pip"))]
    assert ".venv/bin/pip install --quiet -r requirements.txt" in install
    for job in workflow(name)["jobs"].values():
        if any(s.get("uses", "").startswith("actions/setup-python@") for s in job["steps"]):
            lines = run_lines(job)
            assert [line for line in lines if line in install] == install, f"{name} installs otherwise"
            assert step(job, "actions/setup-python")["with"]["cache"] == "pip"


@pytest.mark.parametrize("name", ["test.yml", "site.yml"])
def test_the_workflows_use_the_python_binder_names(name, tmp_path):
    for job in workflow(name)["jobs"].values():
        if not any(s.get("uses", "").startswith("actions/setup-python@") for s in job["steps"]):
            continue
        wanted = step(job, "actions/setup-python")["with"]["python-version"]
        [source] = re.findall(r"^\$\{\{ steps\.([\w-]+)\.outputs\.version \}\}$", wanted)
        [version_step] = [s for s in job["steps"] if s.get("id") == source]
        # Run that step as the runner would, and read what it outputs.
        output = tmp_path / "github_output"
        output.touch()
        subprocess.run(["bash", "-e", "-c", version_step["run"]], cwd=ROOT, check=True,
                       env=os.environ | {"GITHUB_OUTPUT": str(output)})
        runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
        assert output.read_text() == f"version={runtime.removeprefix('python-')}\n"
        assert re.fullmatch(r"\d+\.\d+", runtime.removeprefix("python-"))


def test_the_site_workflow_publishes_the_readme_site_command_from_main():
    data = workflow("site.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert data["permissions"] == {"contents": "read"}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]

    command = readme_command("site")
    assert command in run_lines(build)
    output = command.split()[-1]
    assert step(build, "actions/upload-pages-artifact")["with"]["path"] == output
    step(build, "actions/configure-pages")

    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert step(deploy, "actions/deploy-pages")["id"] in deploy["environment"]["url"]
