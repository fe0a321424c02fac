"""docs/_ext/course_viewcode.py: viewcode gets spiral_tut's source without importing it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from course_viewcode import find_source, module_file
from sphinx.pycode import ModuleAnalyzer

REPO = Path(__file__).resolve().parents[2]


def test_the_same_code_and_tags_as_viewcode_finds_by_importing() -> None:
    for name in ("spiral_tut.training", "spiral_tut.exercises", "spiral_tut"):
        imported = ModuleAnalyzer.for_module(name)
        imported.find_tags()
        assert find_source(None, name) == (imported.code, imported.tags)


def test_finding_the_source_imports_neither_the_package_nor_torch() -> None:
    code = (
        "import sys; from course_viewcode import find_source\n"
        "code, tags = find_source(None, 'spiral_tut.training')\n"
        "assert 'fit' in tags, tags\n"
        "print(sorted(m for m in ('torch', 'spiral_tut') if m in sys.modules))\n"
    )
    path = f"{REPO / 'docs' / '_ext'}:{REPO}"
    result = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": path}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_what_is_not_a_plain_source_file_is_left_to_viewcode() -> None:
    assert module_file("sys") is None  # built in
    assert module_file("spiral_tut.no_such_module") is None
    assert find_source(None, "spiral_tut.no_such_module") is None
