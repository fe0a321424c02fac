"""The practice notebooks ("练习版") in the built site, and what the solution pages show.

- no page and no full download shows a solution marker (``### BEGIN SOLUTION``);
- every example with markers offers its practice notebook on its page and in ``notebooks/``;
- the practice notebooks contain no solution code, and start with the install cell;
- the overview page 练习 lists every exercise with a link to the page that explains it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from sitepages import parse

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "docs" / "_ext"))
import course_practice  # noqa: E402

MARKED = sorted(
    path
    for path in REPO.glob("examples/*/plot_*.py")
    if course_practice.solution_regions(path.read_text(encoding="utf-8"))
)


def code_of(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def solution_only_lines(code: str) -> set[str]:
    """Lines that occur inside the solution regions and nowhere else in the example."""
    lines = code.splitlines()
    inside = {
        number
        for begin, end, _ in course_practice.solution_regions(code)
        for number in range(begin + 1, end)
    }
    outside = {line.strip() for n, line in enumerate(lines) if n not in inside}
    return {lines[n].strip() for n in inside if lines[n].strip() not in outside | {""}}


def test_some_example_has_a_practice_version() -> None:
    assert MARKED


def test_no_solution_marker_anywhere(site: Path) -> None:
    shown = [*site.rglob("*.html"), *site.rglob("*.py"), *site.rglob("*.ipynb")]
    leaking = [
        str(path.relative_to(site))
        for path in shown
        if "BEGIN SOLUTION" in path.read_text(encoding="utf-8")
        or "END SOLUTION" in path.read_text(encoding="utf-8")
    ]
    assert not leaking, leaking


def first_cell(notebook: Path) -> tuple[str, str]:
    cell = json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]
    return cell["cell_type"], "".join(cell["source"])  # a string or a list of lines


@pytest.mark.parametrize("example", MARKED, ids=lambda p: p.name)
def test_practice_notebooks_hold_no_solution(site: Path, example: Path) -> None:
    name = f"{example.stem}{course_practice.SUFFIX}.ipynb"
    copies = [*site.glob(f"_downloads/*/{name}"), *site.glob(f"notebooks/*/{name}")]
    assert len(copies) == 2, f"{name}: expected a download and a copy in notebooks/, got {copies}"
    full = site / "notebooks" / example.parent.name / f"{example.stem}.ipynb"
    secret = solution_only_lines(example.read_text(encoding="utf-8"))
    assert secret, "the solutions have lines of their own"
    for copy in copies:
        code = code_of(copy)
        assert first_cell(copy) == first_cell(full), f"{copy.name}: not the install cell first"
        shown = {line.strip() for cell in code for line in cell.splitlines()}
        found = sorted(secret & shown)  # whole lines: relu_losses.append(...) is not a leak
        assert not found, f"{copy.relative_to(site)} shows solution code: {found}"
        assert sum(cell.count(course_practice.STUB_MESSAGE) for cell in code) == len(
            course_practice.solution_regions(example.read_text(encoding="utf-8"))
        )


@pytest.mark.parametrize("example", MARKED, ids=lambda p: p.name)
def test_exercise_page_links_its_practice_notebook(site: Path, example: Path) -> None:
    page = site / "auto_examples" / example.parent.name / f"{example.stem}.html"
    links = [a.get("href", "") for a in parse(page).attributes("a")]
    name = f"{example.stem}{course_practice.SUFFIX}.ipynb"
    assert any(link.endswith(name) for link in links), f"{page.name} has no 练习版 link"
    assert "练习版" in "".join(parse(page).prose)


def test_overview_lists_every_exercise(site: Path) -> None:
    # the checks defined in the package's source (the site's test environment has no torch)
    source = (REPO / "spiral_tut" / "exercises.py").read_text(encoding="utf-8")
    checks = re.findall(r"^def (check_\w+)\(", source, flags=re.M)
    assert len(checks) >= 13, checks
    page = parse(site / "practice.html")
    text = "".join(page.prose) + "".join(page.inline_code)
    links = [a.get("href", "") for a in page.attributes("a")]
    for check in checks:
        assert check in text, f"the overview does not list {check}"
    for example in (
        "plot_tensor_basics",
        "plot_spiral_classification",
        "plot_3_backprop",
        "plot_q5_softmax",
    ):
        assert any(f"{example}.html" in link for link in links), example
    for example in MARKED:
        name = f"{example.stem}{course_practice.SUFFIX}.ipynb"
        assert any(link.endswith(name) for link in links), f"overview does not link {name}"
