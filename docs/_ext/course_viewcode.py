"""Sphinx extension: the "[源代码]" pages of ``spiral_tut`` without importing it (nor torch).

``sphinx.ext.viewcode`` imports every module it shows, on every build, only to find its file:
for ``spiral_tut`` that means importing torch, over a second, even when no page changed. This
answers viewcode's ``viewcode-find-source`` with the module's file read from disk (the package's
folder comes from :func:`importlib.util.find_spec` of its top-level name, which runs nothing).
viewcode then writes the module pages on every build (it cannot compare a file's time without
importing it), which takes a fraction of that second. Modules that are not plain files under a
package folder are left to viewcode.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sphinx.pycode import ModuleAnalyzer


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


def setup(app) -> dict[str, object]:
    app.setup_extension("sphinx.ext.viewcode")
    app.connect("viewcode-find-source", find_source)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
