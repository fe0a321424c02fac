"""Editing spiral_tut re-runs the examples on the next build; no edit, no re-run.

sphinx-gallery re-runs an example only when the example's own file changed. The site's
configuration also re-runs them when the package's sources changed (``docs/conf.py``,
``rerun_if_package_changed``). Each example here appends its name to a run log when it runs,
and the probe example prints a constant of the package copy that this test edits between builds.
"""

from __future__ import annotations

import re
from pathlib import Path

from buildtools import small_site, sphinx_build

EXAMPLE = '''"""
{title}
{underline}

Records that it ran; {what}.
"""

from spiral_tut import data

with open({runs!r}, "a") as runs:
    runs.write("{name}\\n")
{code}
'''


def example(name: str, runs: Path, what: str, code: str) -> str:
    title = name.capitalize()
    underline = "=" * len(title)
    return EXAMPLE.format(
        title=title, underline=underline, runs=str(runs), name=name, what=what, code=code
    )


def set_probe(tree: Path, value: str) -> None:
    module = tree / "spiral_tut" / "data.py"
    text = module.read_text(encoding="utf-8").split("\nBUILD_PROBE = ")[0]
    module.write_text(f"{text}\nBUILD_PROBE = {value!r}\n", encoding="utf-8")


def test_editing_the_package_reruns_the_examples(tmp_path: Path) -> None:
    runs = tmp_path / "runs.txt"  # one line per example run, appended by the examples
    probe = example(
        "probe", runs, "prints a constant of the package", 'print("probe value:", data.BUILD_PROBE)'
    )
    other = example("other", runs, "prints nothing from the package", 'print("other ran")')
    tree = small_site(tmp_path / "tree", {"plot_probe.py": probe, "plot_other.py": other})
    page = tree / "docs/_build/html/auto_examples/checks/plot_probe.html"

    def build_and_list_runs() -> tuple[list[str], str]:
        runs.write_text("")
        build = sphinx_build(tree)
        assert build.returncode == 0, build.summary()
        return sorted(runs.read_text().split()), build.log

    set_probe(tree, "first")
    ran, _ = build_and_list_runs()
    assert ran == ["other", "probe"]
    assert "probe value: first" in page.read_text("utf-8")

    # Control: nothing changed, so nothing runs again (else the last step would prove nothing).
    ran, log = build_and_list_runs()
    assert ran == [], "examples re-ran although nothing changed"
    assert "re-running" not in log

    set_probe(tree, "second")
    ran, log = build_and_list_runs()
    assert ran == ["other", "probe"], "not every example re-ran after the package changed"
    assert re.search(r"spiral_tut\b.*\bre-running", log), log  # the log says why
    assert "probe value: second" in page.read_text("utf-8"), "the page shows stale output"
    assert "probe value: first" not in page.read_text("utf-8")
