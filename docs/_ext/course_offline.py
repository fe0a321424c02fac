"""Sphinx extension: the site loads nothing from the network in a reader's browser.

* MathJax 3 is served from the site itself: the few files the pages load (the script, its fonts,
  the TeX extensions) are copied from the ``django-static-mathjax`` wheel, which is only a carrier
  of MathJax's files (Django is neither needed nor installed). ``conf.py`` points
  ``mathjax_path`` at the copy.
* sphinx-gallery's computation-times pages (``sg_execution_times``) load DataTables, jQuery and
  Bootstrap from CDNs; that block is dropped when Sphinx reads the page. The table stays (sorted
  by run time, plain furo style).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: What the pages load from MathJax's ``es5`` folder (``mathjax_path`` is the first).
MATHJAX_FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")
#: Where the copy goes, under the site's ``_static``.
MATHJAX_DIR = "mathjax"

CDN_BLOCK = re.compile(r"^  \.\. raw:: html\n.*?(?=^  \.\. list-table::)", re.M | re.S)


def mathjax_source() -> Path:
    """MathJax's ``es5`` folder inside the installed ``django-static-mathjax``."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or spec.origin is None:
        raise RuntimeError("MathJax's files come from django-static-mathjax: it is not installed")
    return Path(spec.origin).parent / "static" / "mathjax" / "es5"


def copy_mathjax(app, exc: Exception | None) -> None:
    """``build-finished``: copy the MathJax files the pages load into ``_static/mathjax``."""
    if exc is not None or app.builder.format != "html":
        return
    source, target = mathjax_source(), Path(app.outdir, "_static", MATHJAX_DIR)
    for name in MATHJAX_FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, dirs_exist_ok=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target / name)


def strip_cdn_block(text: str) -> str:
    """The reST of a computation-times page without its ``raw:: html`` block of CDN assets.

    >>> page = ".. list-table::\\n"
    >>> strip_cdn_block("  .. raw:: html\\n\\n    <script src='https://x'></script>\\n\\n  " + page)
    '  .. list-table::\\n'
    """
    return CDN_BLOCK.sub("", text)


def strip_cdn_assets(app, docname: str, source: list[str]) -> None:
    """``source-read``: drop the CDN block of ``sg_execution_times`` pages; warn if URLs remain."""
    if docname.rsplit("/", 1)[-1] != "sg_execution_times":
        return
    source[0] = strip_cdn_block(source[0])
    if "://" in source[0]:
        logger.warning(f"[course] {docname}: external URLs left in the computation-times page")


def setup(app) -> dict[str, object]:
    app.connect("source-read", strip_cdn_assets)
    app.connect("build-finished", copy_mathjax)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
