"""Sphinx extension: join lines of Chinese prose without inserting a space.

reStructuredText keeps the line breaks of a wrapped paragraph, and browsers show each one as a
space. Between two Chinese characters that space is wrong (“这块内存 之前”), and so is one beside
full-width punctuation (“uint8、 int8”). This transform removes a line break whose neighbours are
CJK characters on both sides, or full-width punctuation on either side, also where the neighbour
is the first or last character of inline markup (``**粗体**``, a link); a plain space between
Chinese text and such markup goes too (“见 理论笔记 和” becomes “见理论笔记和”). Code,
literals, maths and raw HTML are left untouched; a break between a Chinese character and a Latin
letter, a digit or inline code stays a space, as Chinese technical writing puts one there. Search
indexing sees the joined text too.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

#: Full-width punctuation: CJK symbols, fullwidth forms, Chinese quotation marks, dashes, ellipses.
PUNCTUATION = "\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
#: CJK ideographs and punctuation.
CJK = "\u2e80-\u9fff\uf900-\ufaff" + PUNCTUATION
BREAK = r"[ \t]*\n[ \t]*"
#: Text that starts (ends) with spaces between two CJK characters, the outer one from markup.
LEADING_CJK = re.compile(rf"[{CJK}][ \t\n]+[{CJK}]")
TRAILING_CJK = re.compile(rf"[{CJK}][ \t\n]+[{CJK}]$")
PUNCTUATION_MARK = re.compile(rf"[{PUNCTUATION}]")
LINE_BREAK = re.compile(
    rf"(?<=[{CJK}]){BREAK}(?=[{CJK}])|(?<=[{PUNCTUATION}]){BREAK}|{BREAK}(?=[{PUNCTUATION}])"
)
VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.math, nodes.comment)


def join_cjk_lines(text: str) -> str:
    """Remove line breaks between two CJK characters or beside full-width punctuation.

    >>> join_cjk_lines("这块内存\\n之前留下的 bytes\\nand words")
    '这块内存之前留下的 bytes\\nand words'
    >>> join_cjk_lines("uint8、\\nint8 和\\nfloat32")
    'uint8、int8 和\\nfloat32'
    """
    return LINE_BREAK.sub("", text)


class JoinCJKLines(SphinxTransform):
    """Apply :func:`join_cjk_lines` to every prose text node of a document."""

    default_priority = 700

    def apply(self) -> None:
        join_lines_in(self.document)


def join_lines_in(document: nodes.Node) -> None:
    """Apply :func:`join_cjk_lines` to every prose text node below ``document``."""
    for node in list(document.findall(nodes.Text)):
        if any(isinstance(parent, VERBATIM) for parent in _ancestors(node)):
            continue
        text = str(node)
        before, after = _neighbour(node, -1), _neighbour(node, 1)
        # join with one character of context from the inline markup on either side
        joined = join_cjk_lines(before + text + after)[len(before) : -len(after) or None]
        # no space between Chinese text and a Chinese link or bold word (“见 理论笔记 和”)
        if LEADING_CJK.match(before + joined) or PUNCTUATION_MARK.fullmatch(before):
            joined = joined.lstrip(" \t\n")
        if TRAILING_CJK.search(joined + after) or PUNCTUATION_MARK.fullmatch(after):
            joined = joined.rstrip(" \t\n")
        if joined != text:
            node.parent.replace(node, nodes.Text(joined))


def _neighbour(node: nodes.Text, step: int) -> str:
    """The character next to ``node`` in its paragraph (-1: before it, 1: after it), or ''.

    Only a sibling of inline markup counts (``**粗体**``, a link, a reference), not code or
    maths, so a break beside ``code`` stays a space.
    """
    index = node.parent.index(node) + step
    if not 0 <= index < len(node.parent):
        return ""
    sibling = node.parent[index]
    if isinstance(sibling, VERBATIM) or any(isinstance(n, VERBATIM) for n in sibling.findall()):
        return ""
    text = sibling.astext()
    return (text[-1:] if step < 0 else text[:1]) if text else ""


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def setup(app: Sphinx) -> dict[str, object]:
    app.add_transform(JoinCJKLines)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
