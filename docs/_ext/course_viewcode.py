"""Sphinx extension: the "[源代码]" pages of ``spiral_tut`` without importing it (nor torch).

``sphinx.ext.viewcode`` imports every module it shows, on every build, only to find its file:
for ``spiral_tut`` that means importing torch, over a second, even when no page changed. This
answers viewcode's ``viewcode-find-source`` with the module's file read from disk (the package's
folder comes from :func:`importlib.util.find_spec` of its top-level name, which runs nothing).
Modules that are not plain files under a package folder are left to viewcode.

viewcode would then write every module page on every build (it compares a page's time with its
module's file only for modules it found by importing them): a quarter of a second of a one-page
rebuild. Here a module page is written again only when what viewcode puts on it changed (its
code, where its objects are, which page documents each: a digest kept in Sphinx's cache folder
by the last build that ended well), when the page is missing, or when the build writes every
document's page again (a setting, a template, or with ``course_navigation`` a title or a
toctree changed: the module pages have the same sidebar).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.ext import viewcode
from sphinx.pycode import ModuleAnalyzer

#: viewcode's own test, which :func:`should_generate_module_page` stands in front of.
VIEWCODE_SHOULD_GENERATE = viewcode.should_generate_module_page


def module_file(modname: str) -> Path | None:
    """The source file of ``modname`` (``package.module``), found without importing anything.

    >>> module_file("json.decoder").name, module_file("json").name
    ('decoder.py', '__init__.py')
    >>> module_file("no_such_package.module") is None
    True
    """
    top, *rest = modname.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    if not rest:
        return Path(spec.origin)
    if not spec.submodule_search_locations:
        return None
    folder = Path(spec.submodule_search_locations[0], *rest)
    for path in (folder.with_suffix(".py"), folder / "__init__.py"):
        if path.is_file():
            return path
    return None


def find_source(app, modname: str) -> tuple[str, dict] | None:
    """``viewcode-find-source``: the module's code and the places of its classes and functions."""
    path = module_file(modname)
    if path is None:
        return None
    analyzer = ModuleAnalyzer.for_file(path, modname)
    analyzer.find_tags()
    return analyzer.code, analyzer.tags


#: What each module page showed, in the last build that ended well (in Sphinx's cache folder).
WRITTEN = "course-viewcode.json"


@dataclass
class ModulePages:
    """What this build knows of the module pages."""

    written: dict[str, str]  # module -> digest of its page, as the last good build wrote it
    now: dict[str, str] = field(default_factory=dict)  # the same, for this build
    pages_before: dict[str, int | None] = field(default_factory=dict)  # documents' page times
    every_page: bool | None = None  # whether this build wrote every document's page


def page_digest(modname: str, entry: tuple, modules: dict) -> str:
    """A digest of what viewcode puts on the page of ``modname``: its code, where its objects
    are, which page documents each, and the other modules shown (links to the parents)."""
    code, tags, used, refname = entry
    shown = [modname, code, sorted(tags.items()), sorted(used.items()), refname, sorted(modules)]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


def page_times(app) -> dict[str, int | None]:
    """Each document's page: its modification time (ns), or None where there is none yet."""
    times = {}
    for docname in app.env.found_docs:
        try:
            times[docname] = app.builder.get_output_path(docname).stat().st_mtime_ns
        except OSError:
            times[docname] = None
    return times


def start(app) -> None:
    """``builder-inited`` (HTML builders): what the last good build wrote. The record is then
    deleted, so after a build that stops or fails every module page is written again."""
    if not viewcode.is_supported_builder(type(app.builder), app.config.viewcode_enable_epub):
        return
    record = Path(app.doctreedir, WRITTEN)
    try:
        written = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = {}
    record.unlink(missing_ok=True)
    app.course_viewcode = ModulePages(written if isinstance(written, dict) else {})


def note_pages(app, builder) -> None:
    """``write-started``: the pages' times before Sphinx writes any (it may write them in other
    processes, so the pages themselves tell which it wrote)."""
    if hasattr(app, "course_viewcode"):
        app.course_viewcode.pages_before = page_times(app)


def every_page_written(app, pages: ModulePages) -> bool:
    """Whether this build wrote every document's page again: Sphinx does when a setting or a
    template changed, ``course_navigation`` when a title or a toctree did."""
    if pages.every_page is None:
        after = page_times(app)
        pages.every_page = all(after[doc] != pages.pages_before.get(doc) for doc in after)
    return pages.every_page


def should_generate_module_page(app, modname: str) -> bool:
    """viewcode's test (it replaces viewcode's own), answered here for the modules
    :func:`find_source` found: whether the page of ``modname`` must be written again."""
    pages = getattr(app, "course_viewcode", None)
    modules = getattr(app.env, "_viewcode_modules", {})
    if pages is None or not modules.get(modname) or module_file(modname) is None:
        return VIEWCODE_SHOULD_GENERATE(app, modname)  # another app, or not found here
    digest = pages.now[modname] = page_digest(modname, modules[modname], modules)
    page = app.builder.get_output_path(f"{viewcode.OUTPUT_DIRNAME}/{modname.replace('.', '/')}")
    if not page.is_file() or pages.written.get(modname) != digest:
        return True
    return every_page_written(app, pages)


def finish(app, exc: Exception | None) -> None:
    """``build-finished``: a build that ended well records what its module pages show."""
    pages = getattr(app, "course_viewcode", None)
    if exc is None and pages is not None and Path(app.doctreedir).is_dir():
        Path(app.doctreedir, WRITTEN).write_text(json.dumps(pages.now), encoding="utf-8")


def setup(app) -> dict[str, object]:
    app.setup_extension("sphinx.ext.viewcode")
    app.connect("viewcode-find-source", find_source)
    app.connect("builder-inited", start)
    app.connect("write-started", note_pages)
    app.connect("build-finished", finish)
    # viewcode calls this by its module's name; another app without this extension gets
    # viewcode's own answer (see the function)
    viewcode.should_generate_module_page = should_generate_module_page
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
