"""Sphinx extension: the "[源代码]" pages of ``spiral_tut`` without importing it (nor torch).

``sphinx.ext.viewcode`` imports every module it shows, on every build, only to find its file:
for ``spiral_tut`` that means importing torch, over a second, even when no page changed. This
answers viewcode's ``viewcode-find-source`` with the module's file read from disk (the package's
folder comes from :func:`importlib.util.find_spec` of its top-level name, which runs nothing).
Modules that are not plain files under a package folder are left to viewcode.

viewcode would then write every module page on every build (it compares a page's time with its
module's file only for modules it found by importing them): a quarter of a second of a one-page
rebuild. A module page is kept when it is newer than its module's file, no document that links
to it (in this build or the last) was read again, and the build does not rewrite every page (as
Sphinx does when a setting or a template changed). That is Sphinx's own rule for its pages: a
page whose source did not change keeps its sidebar when another page's title changes.
"""

from __future__ import annotations

import importlib.util
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


def linking_documents(env) -> dict[str, set[str]]:
    """For each module viewcode shows, the documents whose objects link to its page."""
    modules = getattr(env, "_viewcode_modules", {})
    return {name: set(entry[2].values()) for name, entry in modules.items() if entry}


def page_times(app) -> dict[str, int | None]:
    """Each document's page: its modification time (ns), or None where there is none yet."""
    times = {}
    for docname in app.env.found_docs:
        try:
            times[docname] = app.builder.get_output_path(docname).stat().st_mtime_ns
        except OSError:
            times[docname] = None
    return times


def note_links(app) -> None:
    """``builder-inited``: which documents linked to which module page in the last build."""
    app.course_viewcode = {"linked": linking_documents(app.env), "read": set()}


def note_read(app, env, docname: str) -> None:
    """``env-purge-doc``: ``docname`` is read again or was removed."""
    app.course_viewcode["read"].add(docname)


def note_reading(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: these documents are read (again)."""
    app.course_viewcode["read"].update(docnames)


def note_pages(app, builder) -> None:
    """``write-started``: the pages' times before Sphinx writes any (it may do so in other
    processes, so the pages themselves tell which it wrote)."""
    app.course_viewcode["pages"] = page_times(app)


def every_page_written(app) -> bool:
    """Whether this build wrote every document's page again (a setting or a template changed)."""
    seen = app.course_viewcode
    if "every page" not in seen:
        before, after = seen.get("pages", {}), page_times(app)
        seen["every page"] = all(after[doc] != before.get(doc) for doc in after)
    return seen["every page"]


def should_generate_module_page(app, modname: str) -> bool:
    """viewcode's test, answered here for the modules :func:`find_source` found: whether the
    page of ``modname`` must be written again (see the module's docstring)."""
    path = module_file(modname)
    seen = getattr(app, "course_viewcode", None)
    if path is None or seen is None:
        return VIEWCODE_SHOULD_GENERATE(app, modname)
    page = Path(app.outdir, "_modules", *modname.split(".")).with_suffix(app.builder.out_suffix)
    if not page.is_file() or page.stat().st_mtime_ns < path.stat().st_mtime_ns:
        return True
    linked = seen["linked"].get(modname, set()) | linking_documents(app.env).get(modname, set())
    return bool(linked & seen["read"]) or every_page_written(app)


def setup(app) -> dict[str, object]:
    app.setup_extension("sphinx.ext.viewcode")
    app.connect("viewcode-find-source", find_source)
    app.connect("builder-inited", note_links)
    app.connect("env-purge-doc", note_read)
    app.connect("env-before-read-docs", note_reading)
    app.connect("write-started", note_pages)
    viewcode.should_generate_module_page = should_generate_module_page
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
