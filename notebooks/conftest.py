"""pytest in notebooks/ runs the chapters (nbmake), not the exercises' files: the worked
solutions (a test module among them) run only through their checks, in a chapter's folder.

When the same run also builds the website (tests/tutorial/test_site.py), each notebook as
nbmake executed it is kept for the site's pages, so no notebook runs twice in one run."""
import os

import nbformat
import nbmake.pytest_items
import pytest

from tests.tutorial.conftest import executed_notebooks_folder, site_test_runs_here

collect_ignore = ["solutions", "checks"]


class KeepingRun(nbmake.pytest_items.NotebookRun):
    """nbmake's run of one notebook, which also saves the executed notebook into `keep`."""

    keep = None

    def execute(self):
        result = super().execute()
        if self.keep is not None and result.error is None:
            self.keep.mkdir(parents=True, exist_ok=True)
            partial = self.keep / f".{self.filename.name}.{os.getpid()}"
            nbformat.write(result.nb, partial)
            partial.replace(self.keep / self.filename.name)  # whole, or not there at all
        return result


nbmake.pytest_items.NotebookRun = KeepingRun


def pytest_runtest_setup(item):
    if getattr(item, "nbmake", False):
        KeepingRun.keep = executed_notebooks_folder() if site_test_runs_here(item.session) else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if getattr(item, "nbmake", False) and report.failed and KeepingRun.keep is not None:
        KeepingRun.keep.mkdir(parents=True, exist_ok=True)
        (KeepingRun.keep / f"{os.path.basename(item.filename)}.failed").touch()
    return report
