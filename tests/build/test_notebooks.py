"""Every downloadable notebook runs top to bottom in a Jupyter kernel, as a student would run it.

The notebooks come from one of the clean builds of ``conftest.builds``: the very files a reader
downloads, with the install cell the site puts first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from buildtools import REPO, Build, run_notebook

nbformat = pytest.importorskip("nbformat", reason="nox -s build_checks installs nbclient")
pytest.importorskip("nbclient", reason="nox -s build_checks installs nbclient")

EXAMPLES = sorted(path.relative_to(REPO / "examples") for path in REPO.glob("examples/*/plot_*.py"))


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_notebook_runs_top_to_bottom(builds: tuple[Build, Build], example: Path) -> None:
    build = builds[1]
    assert build.returncode == 0, build.summary()
    path = build.gallery / example.with_suffix(".ipynb")
    assert path.is_file(), f"no notebook for {example}"
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) >= 2, f"{path.name} has almost no code"
    run_notebook(notebook, build, path)
    errors = [
        output
        for cell in code
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, errors
