"""docs/_ext/course_viewcode.py: viewcode gets spiral_tut's source without importing it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
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


build_main = pytest.importorskip("sphinx.cmd.build").build_main

CONF = """
import os, sys
sys.path[:0] = [{ext!r}, {here!r}]
extensions = ["sphinx.ext.autodoc", "course_viewcode"]


def stop(*args):
    raise KeyboardInterrupt


def setup(app):
    if os.environ.get("PROBE_STOP") == "before pages":  # before any page is written
        app.connect("write-started", stop)
    if os.environ.get("PROBE_STOP") == "after module pages":  # at the search page, written next
        app.connect("html-page-context", lambda app, name, *rest: name == "search" and stop())
"""
TOOLS = 'def first():\n    """One."""\n\n\ndef second():\n    """Two."""\n'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small site: ``probe_viewcode_pkg.tools`` documented on ``api``, and an unrelated page."""
    package = tmp_path / "probe_viewcode_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tools.py").write_text(TOOLS)
    source = tmp_path / "docs"
    source.mkdir()
    conf = CONF.format(ext=str(REPO / "docs" / "_ext"), here=str(tmp_path))
    (source / "conf.py").write_text(conf)
    (source / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   api\n   notes\n")
    document(source, "first")
    (source / "notes.rst").write_text("Notes\n=====\n\nText.\n")
    return tmp_path


def document(source: Path, *functions: str) -> None:
    """The ``api`` page documents ``functions`` of ``probe_viewcode_pkg.tools``."""
    text = "API\n===\n\n" + "".join(
        f".. autofunction:: probe_viewcode_pkg.tools.{name}\n\n" for name in functions
    )
    (source / "api.rst").write_text(text)


def build_site(site: Path, *options: str, builder: str = "html") -> tuple[int, str]:
    """Build ``site`` as a new process would (the module imported and analysed afresh); its
    module page's modification time (ns) and text."""
    for name in [name for name in sys.modules if name.startswith("probe_viewcode_pkg")]:
        del sys.modules[name]
    ModuleAnalyzer.cache.clear()
    out = site / builder
    status = build_main(["-W", "-q", "-b", builder, *options, str(site / "docs"), str(out)])
    assert status == 0
    page = site / "html" / "_modules" / "probe_viewcode_pkg" / "tools.html"
    return page.stat().st_mtime_ns, page.read_text(encoding="utf-8")


def test_a_module_page_is_written_again_only_when_what_it_shows_changed(site) -> None:
    written, page = build_site(site)
    assert page.count("[docs]") == 1
    (site / "docs" / "notes.rst").write_text("Notes\n=====\n\nOther text.\n")
    assert build_site(site)[0] == written  # a page that does not link to it: kept
    api = site / "docs" / "api.rst"
    api.write_text(api.read_text() + "More.\n")
    assert build_site(site)[0] == written  # the page that links to it, the same links: kept

    document(site / "docs", "first", "second")
    written, page = build_site(site)  # one more link to it
    assert page.count("[docs]") == 2
    document(site / "docs", "first")
    assert build_site(site)[1].count("[docs]") == 1  # one link less

    (site / "probe_viewcode_pkg" / "tools.py").write_text(TOOLS.replace("Two", "Deux"))
    assert "Deux" in build_site(site)[1]  # its module changed
    written, _ = build_site(site)
    assert build_site(site, "-D", "html_title=Another")[0] > written  # every page written again


@pytest.mark.parametrize("when", ["before pages", "after module pages"])
def test_after_a_build_that_stopped_the_module_pages_are_written_again(site, monkeypatch, when):
    build_site(site)
    document(site / "docs", "first", "second")
    monkeypatch.setenv("PROBE_STOP", when)
    with pytest.raises(AssertionError):  # the build fails after its environment was saved
        build_site(site)
    monkeypatch.delenv("PROBE_STOP")
    if when == "after module pages":  # that build wrote the module page with two links
        document(site / "docs", "first")  # and this one is back to what the last good one had
    assert build_site(site)[1].count("[docs]") == (2 if when == "before pages" else 1)


def test_other_builders_build(site) -> None:
    build_site(site)
    build_site(site, builder="text")  # no module pages there: nothing to compare


def test_viewcode_still_asks_by_that_name() -> None:
    import inspect

    from sphinx.ext import viewcode

    assert "should_generate_module_page(app, modname)" in inspect.getsource(viewcode.collect_pages)
