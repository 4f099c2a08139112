"""What the exercise checks share. `tutorial.check()` copies this module into the working
folder's tests/ as `tests.exercise_checking`, beside the check it runs, for that run only."""
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType


def load_answer(answer: str, needs: str, what: str | None = None) -> tuple[ModuleType | None, str | None]:
    """The reader's answer (the file EXERCISE_ANSWER names), run as a module: (module, None),
    or (None, a problem in plain words) if it does not run or lacks the name `needs` (`what`)."""
    spec = importlib.util.spec_from_file_location("answer", os.environ["EXERCISE_ANSWER"])
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        return None, f"{answer} does not run: {type(error).__name__}: {error}"
    if not hasattr(module, needs):
        return None, f"{answer} defines no {what or needs}"
    return module, None


def answer_function(answer: str, name: str):
    """The function `name` of the reader's answer; an AssertionError that says why if there is none."""
    module, problem = load_answer(answer, name, f"{name} function")
    assert problem is None, problem
    return getattr(module, name)


def revision_in_place(file_name: str) -> Iterator[None]:
    """For a fixture: the answer, a revision, in the versions folder for the length of the check."""
    from project.migrations import ALEMBIC_DIR

    target = ALEMBIC_DIR / "versions" / file_name
    shutil.copy(os.environ["EXERCISE_ANSWER"], target)
    yield
    target.unlink()
    shutil.rmtree(target.parent / "__pycache__", ignore_errors=True)


# ----------------------------------------------------------- checks of a test the reader wrote
def run_answer_test(check: str, modes: Iterable[str]) -> dict[str | None, tuple[int, str]]:
    """Run the reader's test on the code as it is (mode None) and broken in each of `modes`,
    all at once: {mode: (pytest's exit code, its output)}.

    The check module `tests.exercise_check_<check>` is the pytest plugin that breaks the code as
    EXERCISE_BREAK says. The test runs as a module of tests/, so it gets the chapter's fixtures.
    """
    copy = Path("tests") / f"exercise_answer_{check}.py"  # check: "03_1" for check_03_1
    shutil.copy(os.environ["EXERCISE_ANSWER"], copy)
    try:
        modes = [None, *modes]
        with ThreadPoolExecutor(len(modes)) as runs:
            return dict(zip(modes, runs.map(lambda mode: _run(copy, check, mode), modes)))
    finally:
        copy.unlink()


def _run(copy: Path, check: str, mode: str | None) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "EXERCISE_BREAK"} | ({"EXERCISE_BREAK": mode} if mode else {})
    quick = ["-p", "no:cacheprovider", "-p", "no:nbmake", "-p", "no:schemathesis", "-p", "no:hypothesispytest",
             "-p", "no:randomly"]
    args = ["-q", *quick, "-p", f"tests.exercise_check_{check}", "--tb=line", "-c", "pytest.ini", str(copy)]
    try:  # forked from the chapter's pytest server (tutorial.py): no new interpreter to start
        from tutorial import pytest_process
    except ImportError:
        result = subprocess.run([sys.executable, "-m", "pytest", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=env)
        return result.returncode, result.stdout
    return pytest_process(args, Path.cwd(), env)


def last_lines(output: str) -> str:
    return "\n".join(output.strip().splitlines()[-6:])


def passes_as_it_is(runs: dict, answer: str, where: str) -> None:
    """The reader's test must pass on the code as it is."""
    returncode, output = runs[None]
    assert returncode != 5, f"{answer} holds no test function (its name must start with test_)"
    assert returncode == 0, f"your test fails on {where}:\n{last_lines(output)}"
