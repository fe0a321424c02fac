"""Sphinx extension: the site loads nothing from the network in a reader's browser.

sphinx-gallery's computation-times pages (``sg_execution_times``) load DataTables, jQuery and
Bootstrap from CDNs; that block is dropped when Sphinx reads the page. The table stays (sorted by
run time, plain furo style). (Maths needs no script at all: ``course_mathml`` writes MathML.)
"""

from __future__ import annotations

import re

from sphinx.util import logging

logger = logging.getLogger(__name__)

CDN_BLOCK = re.compile(r"^  \.\. raw:: html\n.*?(?=^  \.\. list-table::)", re.M | re.S)


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
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
