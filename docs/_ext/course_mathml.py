"""Sphinx extension: maths rendered at build time as MathML, with no JavaScript in the page.

Every ``:math:`` role and ``.. math::`` block is converted by ``latex2mathml`` when the page is
written and lands in the HTML as ``<math>`` (``display="block"`` for a block), which Chromium,
Firefox and Safari render natively (MathML Core). ``alttext`` keeps the TeX source. The search
index is built from the doctree, which holds the TeX, never the MathML.

latex2mathml writes a few things MathML Core does not render, and sets a few things otherwise
than TeX; :func:`polish` corrects them in the element tree:

* ``mathvariant="bold"`` (``\\mathbf``), ``bold-italic`` (``\\boldsymbol``), ``double-struck``
  (``\\mathbb``) and ``script`` (``\\mathcal``): browsers other than Firefox ignore them, so the
  letters become Unicode's mathematical alphanumeric symbols (``\\mathbf x`` -> 𝐱); capital Greek
  is upright, as in TeX;
* ``\\sim`` came out as a tilde identifier; ``\\infty``, ``\\partial`` and ``\\dots`` as
  operators (with operator spaces: "∂ℓ/ ∂w"); ``\\arg`` and ``\\big\\|`` as their TeX names;
* ``\\big\\|`` bars: both the same size, also with a power (``\\big\\|^2`` shrank the bar);
  ``\\underbrace``: the brace stretches under its whole base;
* ``\\max_k`` is a limit below in display maths (``munder``), a subscript in text; a function's
  name (``\\operatorname{sign}``, ``\\max``, ``\\log``) has no operator spaces around it
  (``f(x)``, not ``f (x)``) but a thin space before and after a letter or number (``\\log p``);
* ``\\xrightarrow{f}``: the arrow stretches under its label;
* a prime sits beside its letter (``f′``), not in a superscript; a sign after an opening bracket,
  a relation or a comma is unary (``{−1, +1}``); ``/``, ``.``, ``|`` and ``‖`` have no spaces
  around them; operators in sub- and superscripts neither (TeX's script style).

A formula latex2mathml cannot convert (an exception, a command it does not know and leaves as
TeX, a fraction or script with a missing argument, an unbalanced brace, a stray ``&``) is a
warning naming the page, the line and the formula, so the strict build fails; the page shows
the TeX in a ``<code class="math-error">``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

#: The name ``html_math_renderer`` selects in ``conf.py``.
RENDERER = "mathml"

#: Token text latex2mathml 3.81 leaves as TeX or gets wrong, and what it stands for.
TEXT_FIXES = {"\\arg": "arg", "\\|": "‖", "\\Vert": "‖", "\\lVert": "‖", "\\rVert": "‖"}


def _alphabet(upper: int, lower: int, exceptions: dict[str, str] | None = None) -> dict[str, str]:
    table = {chr(65 + i): chr(upper + i) for i in range(26)}
    table |= {chr(97 + i): chr(lower + i) for i in range(26)}
    return table | (exceptions or {})


def _greek(upper: int, lower: int) -> dict[str, str]:
    """Α..Ω (U+0391..U+03A9; U+03A2 is unassigned, its slot is ϴ) and α..ω."""
    table = {chr(0x391 + i): chr(upper + i) for i in range(25) if i != 0x11}
    return table | {chr(0x3B1 + i): chr(lower + i) for i in range(25)}


def _digits(zero: int) -> dict[str, str]:
    return {chr(48 + i): chr(zero + i) for i in range(10)}


#: ``mathvariant`` -> the Unicode letters (Mathematical Alphanumeric Symbols) it stands for.
VARIANTS: dict[str, dict[str, str]] = {
    "bold": _alphabet(0x1D400, 0x1D41A) | _greek(0x1D6A8, 0x1D6C2) | _digits(0x1D7CE),
    "bold-italic": _alphabet(0x1D468, 0x1D482) | _greek(0x1D71C, 0x1D736) | _digits(0x1D7CE),
    "double-struck": _alphabet(
        0x1D538,
        0x1D552,
        {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"},
    )
    | _digits(0x1D7D8),
    "script": _alphabet(
        0x1D49C,
        0x1D4B6,
        {"B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ"}
        | {"e": "ℯ", "g": "ℊ", "o": "ℴ"},
    ),
}
CAPITAL_GREEK = {chr(0x391 + i) for i in range(25) if i != 0x11}

#: Punctuation a line may not start with (after a formula) or end with (before one).
NO_BREAK_BEFORE = "。，、；：！？）」』》〉】”’….,;:!?)"
NO_BREAK_AFTER = "（「『《〈【“‘("

MATH_TAG = re.compile(r"^<math [^>]*>|</math>$")
#: Children each MathML element needs (a missing argument in TeX leaves one out).
ARITY = {
    "mfrac": 2,
    "msub": 2,
    "msup": 2,
    "mover": 2,
    "munder": 2,
    "mroot": 2,
    "msubsup": 3,
    "munderover": 3,
}
SCRIPTED = {"msub", "msup", "msubsup", "munder", "mover", "munderover", "mroot"}
#: A script's base with its limits: ``\\max_k`` below in display maths.
LIMITS = {"msub": "munder", "msubsup": "munderover"}
#: After these operators a + or − is a sign, not a binary operator.
OPENING = set("([{⟨=<>≤≥≈∼∈→←↦,;:∣")
SIGNS = {"+", "−", "±", "∓"}
#: Characters TeX sets without spaces around them (``a/b``, ``|x|``, a full stop).
ORDINARY = {".", "/", "|", "‖"}
PRIMES = {"′", "″", "‴"}


def styled(text: str, variant: str) -> str | None:
    """``text`` in Unicode's letters for ``mathvariant`` (None: a variant browsers render).

    >>> styled("x", "bold"), styled("R", "double-struck"), styled("δ", "bold-italic")
    ('𝐱', 'ℝ', '𝜹')
    >>> styled("d", "normal") is None  # MathML Core renders it
    True
    """
    table = VARIANTS.get(variant)
    return None if table is None else "".join(table.get(char, char) for char in text)


def check(root: ET.Element) -> None:
    """Raise ``ValueError`` if latex2mathml's output shows that it did not understand the TeX.

    >>> check(ET.fromstring("<math><mi>\\\\foo</mi></math>"))
    Traceback (most recent call last):
    ...
    ValueError: unknown command \\foo
    """
    for element in root.iter():
        if element.text and "\\" in element.text:
            raise ValueError(f"unknown command {element.text.strip()}")
        if element.tag in ARITY and len(element) != ARITY[element.tag]:
            parts = f"{len(element)} of its {ARITY[element.tag]} parts"
            raise ValueError(f"<{element.tag}> has {parts}: an argument is missing")
        if element.tag == "mspace" and element.get("linebreak"):
            raise ValueError(r"MathML Core breaks no lines at \\: one formula per paragraph")


def function_name(element: ET.Element) -> bool:
    """Whether ``element`` names a function, set upright (``\\log``, ``\\operatorname{f}``)."""
    text = element.text or ""
    return element.tag == "mi" and len(text) > 1 and text.isalpha()


def polish(root: ET.Element) -> None:
    """Correct latex2mathml's tree in place for MathML Core and TeX's conventions (see above)."""
    for element in root.iter():
        text = element.text or ""
        if text in TEXT_FIXES:
            element.text = text = TEXT_FIXES[text]
        if element.tag == "mi" and text == "~":  # \sim
            element.tag, element.text = "mo", "∼"
        if element.tag == "mo" and text in {"∞", "∂", "…", "⋯"}:  # symbols, not operators
            element.tag = "mi"
            if text == "∂":
                element.set("mathvariant", "normal")
        if element.tag == "mo" and text in {"⏟", "⏞"}:  # \underbrace: as wide as its base
            element.set("stretchy", "true")
        variant = element.get("mathvariant")
        if element.tag in {"mi", "mn"} and variant and (letters := styled(text, variant)):
            element.text = letters
            del element.attrib["mathvariant"]
        elif element.tag == "mi" and text in CAPITAL_GREEK and not variant:
            element.set("mathvariant", "normal")
    for parent in list(root.iter()):
        children = list(parent)
        for index, child in enumerate(children):
            text = child.text or ""
            if child.tag == "mo" and len(text) > 1 and text.isalpha():  # \max, \operatorname
                if index == 0 and parent.tag in LIMITS:
                    parent.tag = LIMITS[parent.tag]
                    child.attrib.update(movablelimits="true", lspace="0", rspace="0.1667em")
                elif index > 0 or parent.tag not in SCRIPTED:
                    child.tag = "mi"
            if parent.tag == "msup" and index == 1 and text in PRIMES:
                child.tag = "mo"
                child.attrib.update(lspace="0", rspace="0")
            if child.tag == "mo" and text in ORDINARY:
                child.attrib.update(lspace="0", rspace="0")
            if child.tag == "mo" and text in SIGNS and not child.attrib:
                before = children[index - 1] if index else None
                if before is None or (before.tag == "mo" and (before.text or "") in OPENING):
                    child.attrib.update(lspace="0", rspace="0")
            if parent.tag in SCRIPTED and index > 0:
                for operator in child.iter("mo"):
                    operator.attrib.setdefault("lspace", "0")
                    operator.attrib.setdefault("rspace", "0")
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if child.tag == "mo" and child.get("minsize"):  # \big\|: both bars the same size
                child.attrib.update(stretchy="true", symmetric="true")
                if parent.tag in SCRIPTED and index == 0:  # \big\|^2: not shrunk as a base
                    wrapper = ET.Element("mrow")
                    wrapper.append(child)
                    parent[0] = wrapper
            if child.tag == "munder" and len(child) == 2 and child[1].text in {"⏟"}:
                child.set("accentunder", "true")
            if child.tag == "mover" and len(child) == 2 and child[1].text in {"⏞"}:
                child.set("accent", "true")
    for script in list(root.iter("msup")):  # f′: the prime beside its letter, not raised
        if len(script) == 2 and (script[1].text or "") in PRIMES:
            script.tag = "mrow"
    for over in list(root.iter("mover")):  # \xrightarrow{f}: an arrow as wide as its label
        if len(over) == 2 and over[0].tag == "mstyle" and over[1].tag == "mpadded":
            arrow, label = over[0][0], [c for c in over[1] if c.tag != "mspace"]
            arrow.set("stretchy", "true")
            over[:] = [arrow, ET.Element("mrow")]
            over[1][:] = [ET.Element("mspace", width="0.4em"), *label]
            over[1].append(ET.Element("mspace", width="0.4em"))
    for parent in list(root.iter()):  # \log p, 16 \log 2: thin spaces, none before "("
        if parent.tag in SCRIPTED:
            continue
        children = list(parent)
        for index in reversed(range(len(children))):
            if not function_name(children[index]):
                continue
            after = children[index + 1] if index + 1 < len(children) else None
            if after is not None and after.tag not in {"mo", "mspace", "mtext"}:
                parent.insert(index + 1, ET.Element("mspace", width="0.1667em"))
            before = children[index - 1] if index else None
            if before is not None and before.tag not in {"mo", "mspace", "mtext"}:
                parent.insert(index, ET.Element("mspace", width="0.1667em"))


def braces_balance(tex: str) -> bool:
    """Whether every ``{`` of ``tex`` is closed, in order (``\\{`` and ``\\}`` are characters).

    >>> braces_balance(r"\\frac{1}{2} \\{ x"), braces_balance("{a"), braces_balance("a}{")
    (True, False, False)
    """
    depth = 0
    for brace in re.findall(r"\\.|[{}]", tex):
        if brace in "{}":
            depth += 1 if brace == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def tex_to_mathml(tex: str, *, display: bool) -> str:
    """One formula's ``<math>`` element, ``alttext`` its TeX; ``ValueError`` if it cannot.

    >>> print(tex_to_mathml(r"\\mathbf x \\sim \\mathcal N", display=False))
    <math alttext="\\mathbf x \\sim \\mathcal N"><mrow><mi>𝐱</mi><mo>∼</mo><mi>𝒩</mi></mrow></math>
    """
    if not braces_balance(tex):
        raise ValueError("unbalanced braces")
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises its own error classes, and some built-ins
        message = str(exc) or type(exc).__name__
        raise ValueError(f"latex2mathml: {message}") from None
    try:
        root = ET.fromstring(f"<math>{MATH_TAG.sub('', mathml)}</math>")
    except ET.ParseError as exc:  # a bare "&": an alignment outside an environment it supports
        raise ValueError(f"malformed output ({exc}), a stray '&'?") from None
    polish(root)
    check(root)
    if display:
        root.set("display", "block")
    root.set("alttext", " ".join(tex.split()))
    return ET.tostring(root, encoding="unicode")


def render(self, node: nodes.Element, *, display: bool) -> str:
    """The MathML of ``node``; a warning with its location and TeX if it cannot be converted."""
    tex = node.astext()
    parts = [p for p in re.split(r"\n\s*\n", tex) if p.strip()] if display else [tex]
    try:
        return "".join(tex_to_mathml(part, display=display) for part in parts)
    except ValueError as exc:
        logger.warning(
            f"[course] cannot render this formula as MathML ({exc}): {tex}",
            location=node,
            type="course",
            subtype="mathml",
        )
        return f'<code class="math-error">{self.encode(tex)}</code>'


def visit_math(self, node: nodes.math) -> None:
    """An inline formula: ``<span class="math">`` around its ``<math>``."""
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(render(self, node, display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    """A formula on its own lines: a ``<div class="math">`` (its number, if it has one)."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(render(self, node, display=True) + "</div>\n")
    raise nodes.SkipNode


def keep_punctuation(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: an inline formula and the punctuation touching it stay on one line.

    A browser may break a line after a ``<math>`` element even before "。" or "，"; an
    ``inline`` with the class ``math-nobreak`` (``white-space: nowrap`` in course.css) holds the
    formula with the closing punctuation after it and the opening punctuation before it.
    """
    for math in list(doctree.findall(nodes.math)):
        parent = math.parent
        index = parent.index(math)
        after = parent[index + 1] if index + 1 < len(parent) else None
        before = parent[index - 1] if index else None
        tail = str(after) if isinstance(after, nodes.Text) else ""
        head = str(before) if isinstance(before, nodes.Text) else ""
        closing = len(tail) - len(tail.lstrip(NO_BREAK_BEFORE))
        opening = len(head) - len(head.rstrip(NO_BREAK_AFTER))
        if not closing and not opening:
            continue
        wrapper = nodes.inline(classes=["math-nobreak"])
        if opening:
            wrapper += nodes.Text(head[-opening:])
        wrapper += math
        if closing:
            wrapper += nodes.Text(tail[:closing])
        new = [nodes.Text(head[:-opening])] if opening and head[:-opening] else []
        new += [wrapper] + ([nodes.Text(tail[closing:])] if closing and tail[closing:] else [])
        start = index - 1 if opening else index
        stop = index + 2 if closing else index + 1
        parent[start:stop] = new


def setup(app) -> dict[str, object]:
    app.add_html_math_renderer(
        RENDERER, inline_renderers=(visit_math, None), block_renderers=(visit_displaymath, None)
    )
    app.connect("doctree-resolved", keep_punctuation)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
