"""Every practice notebook runs in a Jupyter kernel: with its solutions put back, every check
passes; as shipped (errors allowed), the kernel survives and every check says "not done yet".

The notebooks come from a small build of only the examples that have solution markers (the real
configuration and extensions, see ``buildtools.small_site``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from buildtools import REPO, Build, run_notebook, small_site, sphinx_build

nbformat = pytest.importorskip("nbformat", reason="nox -s build_checks installs nbclient")
pytest.importorskip("nbclient", reason="nox -s build_checks installs nbclient")

sys.path.insert(0, str(REPO / "docs" / "_ext"))
import course_colab  # noqa: E402
import course_practice  # noqa: E402

MARKED = sorted(
    path
    for path in REPO.glob("examples/*/plot_*.py")
    if course_practice.solution_regions(path.read_text(encoding="utf-8"))
)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    examples = {path.name: path.read_text(encoding="utf-8") for path in MARKED}
    tree = small_site(tmp_path_factory.mktemp("practice"), examples)
    # the small site lacks the pages the examples link to: only those references may dangle
    result = sphinx_build(tree, "-D", "suppress_warnings=ref.ref,ref.doc")
    assert result.returncode == 0, result.summary()
    return result


def tagged(cell, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def text_of(cell) -> str:
    return "".join(
        output.get("text", "") + "".join(output.get("data", {}).get("text/plain", ""))
        for output in cell.get("outputs", [])
    )


def notebooks(build: Build, example: Path) -> tuple[Path, Path]:
    folder = build.gallery / "checks"
    practice = folder / f"{example.stem}{course_practice.SUFFIX}.ipynb"
    full = folder / f"{example.stem}.ipynb"
    assert practice.is_file() and full.is_file(), f"no practice notebook for {example.name}"
    return practice, full


@pytest.mark.parametrize("example", MARKED, ids=lambda p: p.name)
def test_as_shipped_every_check_says_not_done(build: Build, example: Path) -> None:
    practice, _ = notebooks(build, example)
    notebook = nbformat.read(practice, as_version=4)
    install = course_colab.install_cell_source(None).rstrip("\n")
    assert notebook.cells[0].source == install, "the install cell comes first"
    run_notebook(notebook, build, practice, allow_errors=True)
    exercises = [cell for cell in notebook.cells if tagged(cell, course_practice.EXERCISE_TAG)]
    checks = [cell for cell in notebook.cells if tagged(cell, course_practice.CHECK_TAG)]
    assert exercises and len(checks) == len(exercises)
    for cell in exercises:  # the stub raises its Chinese message (a function's stub: when called)
        assert course_practice.STUB_MESSAGE in cell.source, cell.source
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if any(line.startswith("raise ") for line in cell.source.splitlines()):  # top level
            assert errors and errors[0].ename == "NotImplementedError", cell.source
            assert "请在这里写你的代码" in errors[0].evalue
        else:
            assert not errors, cell.source
    for cell in checks:  # the checker answers, it does not raise
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        assert text_of(cell).startswith("还没有完成"), (cell.source, text_of(cell))


@pytest.mark.parametrize("example", MARKED, ids=lambda p: p.name)
def test_with_solutions_put_back_every_check_passes(build: Build, example: Path) -> None:
    practice, full = notebooks(build, example)
    notebook = nbformat.read(practice, as_version=4)
    original = nbformat.read(full, as_version=4).cells
    cells = [c for c in notebook.cells if not tagged(c, course_practice.HELPERS_TAG)]
    assert len(cells) == len(original), "practice and full notebook differ in their cells"
    for cell, solved in zip(cells, original, strict=True):
        if tagged(cell, course_practice.EXERCISE_TAG):
            cell.source = solved.source  # the solution (the full notebook has no markers)
    run_notebook(notebook, build, practice)  # raises on any error
    checks = [cell for cell in notebook.cells if tagged(cell, course_practice.CHECK_TAG)]
    assert checks
    for cell in checks:
        assert text_of(cell).startswith("正确："), (cell.source, text_of(cell))
