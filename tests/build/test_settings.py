"""A bad build setting stops sphinx-build at once with one line naming the variable.

Not a traceback, not Sphinx's crash report asking to file a Sphinx bug, and not a silent
fallback. Each build stops while reading the configuration, so these take seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from buildtools import copy_sources, sphinx_build

BAD = [
    ("SPHINX_GALLERY_JOBS", value) for value in ["abc", "", "1.5", "0", "-1", "100"]
] + [
    ("COURSE_REPO", value) for value in ["a/.", "a/.git", "-a/b", "a//b", "a/" + "x" * 120]
] + [
    ("COURSE_BRANCH", value) for value in ["-x", "a//b", "x.lock", "a..b", "x" * 300]
] + [("COURSE_EXAMPLE_TIME_LIMIT", value) for value in ["3m", "0"]]  # fmt: skip


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sources(tmp_path_factory.mktemp("settings"))


@pytest.mark.parametrize(("variable", "value"), BAD, ids=lambda v: repr(v)[:24])
def test_a_bad_setting_is_one_line_naming_it(tree: Path, variable: str, value: str) -> None:
    build = sphinx_build(tree, "-D", "plot_gallery=0", env={variable: value}, timeout=300)
    assert build.returncode == 1, build.log
    lines = [line for line in build.log.splitlines() if line.strip()]
    assert lines[-1].startswith(f"Configuration error: {variable} must"), build.log
    assert repr(value) in lines[-1]
    assert "Traceback" not in build.log and "report this error" not in build.log, build.log
