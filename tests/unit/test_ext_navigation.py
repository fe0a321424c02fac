"""docs/_ext/course_navigation.py: every page is written again when the navigation changes."""

from __future__ import annotations

from pathlib import Path

import pytest

build_main = pytest.importorskip("sphinx.cmd.build").build_main

REPO = Path(__file__).resolve().parents[2]
CONF = f"""
import os, sys
sys.path.insert(0, {str(REPO / "docs" / "_ext")!r})


def stop(*args):
    raise KeyboardInterrupt


def setup(app):
    if os.environ.get("PROBE_STOP"):  # a build stopped before it writes any page
        app.connect("write-started", stop)
"""
EXTENSION = 'extensions = ["course_navigation"]\n'
INDEX = "Home\n====\n\n.. toctree::{options}\n\n   one\n   two\n\n.. toctree::\n\n   three\n"


def make_site(root: Path, extension: bool = True, options: str = "") -> Path:
    """A home page whose first toctree lists ``one`` and ``two``, its second ``three``."""
    source = root / "docs"
    source.mkdir()
    (source / "conf.py").write_text(CONF + (EXTENSION if extension else ""))
    (source / "index.rst").write_text(INDEX.format(options=options))
    for name in ("one", "two", "three"):
        (source / f"{name}.rst").write_text(f"Page {name}\n==========\n\nText.\n")
    return source


def build(source: Path, builder: str = "html") -> Path:
    """Build the site; page ``one`` as written (its sidebar lists every page)."""
    out = source.parent / builder
    assert build_main(["-W", "-q", "-b", builder, str(source), str(out)]) == 0
    return out / "one.html"


@pytest.mark.parametrize("extension", [True, False])
def test_a_new_title_reaches_the_sidebar_of_every_page(tmp_path: Path, extension: bool) -> None:
    source = make_site(tmp_path, extension)
    page = build(source)
    (source / "two.rst").write_text("Page two, renamed\n=================\n\nText.\n")
    build(source)
    # Sphinx alone leaves page one with the old title in its sidebar (and its "next" link)
    assert ("Page two, renamed" in page.read_text(encoding="utf-8")) is extension


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        (lambda s: (s / "two.rst").write_text("Page two\n========\n\nNew\n===\n"), ">New<"),
        (lambda s: (s / "index.rst").write_text(INDEX.format(options="\n   :numbered:")), "2. "),
        (
            lambda s: (s / "index.rst").write_text(
                INDEX.format(options="").replace("one\n   two", "two\n   one")
            ),
            "",
        ),
    ],
    ids=["a second top-level section", "numbered", "another order"],
)
def test_what_the_sidebar_shows_reaches_every_page(tmp_path: Path, edit, shown: str) -> None:
    source = make_site(tmp_path)
    page = build(source).with_name("three.html")  # neither edited nor in the edited toctree
    edit(source)
    build(source)
    clean = build_main(["-q", "-E", "-b", "html", str(source), str(tmp_path / "clean")])
    assert clean == 0
    assert shown in page.read_text(encoding="utf-8")
    assert page.read_text(encoding="utf-8") == (tmp_path / "clean" / "three.html").read_text()


def test_a_new_page_after_a_build_that_stopped_reaches_every_page(tmp_path, monkeypatch):
    source = make_site(tmp_path)
    page = build(source)
    (source / "four.rst").write_text("Page four\n=========\n")
    (source / "index.rst").write_text(INDEX.format(options="").replace("two\n", "two\n   four\n"))
    monkeypatch.setenv("PROBE_STOP", "1")
    with pytest.raises(AssertionError):  # stopped after the environment was saved
        build(source)
    monkeypatch.delenv("PROBE_STOP")
    build(source)
    assert "Page four" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("options", ["", "\n   :numbered:"], ids=["plain", "numbered"])
def test_an_edit_that_changes_no_title_writes_no_other_page(tmp_path: Path, options) -> None:
    source = make_site(tmp_path, options=options)
    page = build(source)
    written = page.stat().st_mtime_ns
    for text in ("Other text.", "More text."):
        (source / "two.rst").write_text(f"Page two\n==========\n\n{text}\n")
        build(source)
        assert page.stat().st_mtime_ns == written


def test_other_builders_build(tmp_path: Path) -> None:
    source = make_site(tmp_path)
    build(source, "text")
    (source / "two.rst").write_text("Page two, renamed\n=================\n\nText.\n")
    build(source, "text")
