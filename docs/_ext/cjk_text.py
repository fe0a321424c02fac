"""Sphinx extension: join lines of Chinese prose without inserting a space.

reStructuredText keeps the line breaks of a wrapped paragraph, and browsers show each one as a
space. Between two Chinese characters that space is wrong (“这块内存 之前”), so this transform
removes a line break whose neighbours on both sides are CJK characters or CJK punctuation. Code,
literals, maths and raw HTML are left untouched; a break next to a Latin letter or digit stays a
space, as Chinese typesetting puts one there anyway. Search indexing sees the joined text too.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

#: CJK ideographs and punctuation, fullwidth forms, Chinese quotation marks, dashes and ellipses.
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
LINE_BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*(?=[{CJK}])")
VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.math, nodes.comment)


def join_cjk_lines(text: str) -> str:
    """Remove line breaks between two CJK characters.

    >>> join_cjk_lines("这块内存\\n之前留下的 bytes\\nand words")
    '这块内存之前留下的 bytes\\nand words'
    """
    return LINE_BREAK.sub("", text)


class JoinCJKLines(SphinxTransform):
    """Apply :func:`join_cjk_lines` to every prose text node of a document."""

    default_priority = 700

    def apply(self) -> None:
        for node in list(self.document.findall(nodes.Text)):
            if any(isinstance(parent, VERBATIM) for parent in _ancestors(node)):
                continue
            joined = join_cjk_lines(str(node))
            if joined != str(node):
                node.parent.replace(node, nodes.Text(joined))


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def setup(app: Sphinx) -> dict[str, object]:
    app.add_transform(JoinCJKLines)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
