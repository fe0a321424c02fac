"""docs/build.py on a real (small) site: a second build with nothing changed does not start
Sphinx, and any edit, or a failed build before, makes it build again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from buildtools import small_site

FIRST = '"""\nFirst\n=====\n"""\n\nprint("value", 1)\n'
SECOND = '"""\nSecond\n======\n"""\n\nprint("second")\n'


def frontend(tree: Path, *options: str) -> subprocess.CompletedProcess:
    """``python docs/build.py`` in ``tree``, as ``nox -s docs`` runs it."""
    path = os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "docs/build.py", *options],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def outputs(tree: Path) -> dict[str, int]:
    html = tree / "docs" / "_build" / "html"
    return {str(path): path.stat().st_mtime_ns for path in html.rglob("*") if path.is_file()}


def test_nothing_changed_means_no_sphinx_and_an_edit_means_a_build(tmp_path: Path) -> None:
    tree = small_site(tmp_path, {"plot_first.py": FIRST, "plot_second.py": SECOND})
    first = frontend(tree)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "build succeeded" in first.stdout + first.stderr
    before = outputs(tree)

    again = frontend(tree)
    assert again.returncode == 0
    assert "up to date" in again.stdout
    assert "Running Sphinx" not in again.stdout + again.stderr
    assert outputs(tree) == before  # nothing was written

    example = tree / "examples" / "checks" / "plot_first.py"
    example.write_text(FIRST.replace('"value", 1', '"value", 2'), encoding="utf-8")
    edited = frontend(tree)
    assert edited.returncode == 0 and "up to date" not in edited.stdout
    page = tree / "docs" / "_build" / "html" / "auto_examples" / "checks" / "plot_first.html"
    assert "value 2" in page.read_text(encoding="utf-8")


def test_after_a_failed_build_the_next_one_runs_sphinx_again(tmp_path: Path) -> None:
    tree = small_site(tmp_path, {"plot_first.py": FIRST})
    assert frontend(tree).returncode == 0
    example = tree / "examples" / "checks" / "plot_first.py"
    example.write_text(FIRST + "raise RuntimeError('broken on purpose')\n", encoding="utf-8")
    for _ in range(2):  # the same broken sources: it fails both times, never "up to date"
        broken = frontend(tree)
        assert broken.returncode != 0
        assert "up to date" not in broken.stdout
        assert "broken on purpose" in broken.stdout + broken.stderr
