"""docs/_ext/course_navigation.py: every page is written again when the navigation changes."""

from __future__ import annotations

from pathlib import Path

import pytest

build_main = pytest.importorskip("sphinx.cmd.build").build_main

REPO = Path(__file__).resolve().parents[2]
CONF = f"import sys\nsys.path.insert(0, {str(REPO / 'docs' / '_ext')!r})\n"
EXTENSION = 'extensions = ["course_navigation"]\n'


def make_site(root: Path, extension: bool = True) -> Path:
    """A home page whose toctree lists ``one`` and ``two``."""
    source = root / "docs"
    source.mkdir()
    (source / "conf.py").write_text(CONF + (EXTENSION if extension else ""))
    (source / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   one\n   two\n")
    (source / "one.rst").write_text("Page one\n========\n\nText.\n")
    (source / "two.rst").write_text("Page two\n========\n\nText.\n")
    return source


def build(source: Path) -> Path:
    """Build the site; page ``one`` as written (its sidebar lists every page)."""
    out = source.parent / "html"
    assert build_main(["-W", "-q", "-b", "html", str(source), str(out)]) == 0
    return out / "one.html"


@pytest.mark.parametrize("extension", [True, False])
def test_a_new_title_reaches_the_sidebar_of_every_page(tmp_path: Path, extension: bool) -> None:
    source = make_site(tmp_path, extension)
    page = build(source)
    (source / "two.rst").write_text("Page two, renamed\n=================\n\nText.\n")
    build(source)
    # Sphinx alone leaves page one with the old title in its sidebar
    assert ("Page two, renamed" in page.read_text(encoding="utf-8")) is extension


def test_a_new_page_reaches_the_sidebar_of_every_page(tmp_path: Path) -> None:
    source = make_site(tmp_path)
    page = build(source)
    (source / "three.rst").write_text("Page three\n==========\n")
    (source / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   one\n   two\n   three\n")
    build(source)
    assert "Page three" in page.read_text(encoding="utf-8")


def test_an_edit_that_changes_no_title_writes_no_other_page(tmp_path: Path) -> None:
    source = make_site(tmp_path)
    page = build(source)
    written = page.stat().st_mtime_ns
    (source / "two.rst").write_text("Page two\n========\n\nOther text.\n")
    build(source)
    assert page.stat().st_mtime_ns == written
