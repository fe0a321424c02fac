"""docs/_ext/course_mathml.py: maths as MathML at build time; a formula it cannot convert fails."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

docutils_nodes = pytest.importorskip("docutils.nodes")
build_main = pytest.importorskip("sphinx.cmd.build").build_main
course_mathml = pytest.importorskip("course_mathml")
tex_to_mathml = course_mathml.tex_to_mathml


def tokens(mathml: str) -> list[tuple[str, str]]:
    """(tag, text) of every element with text, in order."""
    return [(e.tag, e.text) for e in ET.fromstring(mathml).iter() if e.text]


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\mathbf x", ("mi", "𝐱")),  # MathML Core ignores mathvariant="bold"
        (r"\mathbb R", ("mi", "ℝ")),
        (r"\mathcal N", ("mi", "𝒩")),
        (r"\boldsymbol\delta", ("mi", "𝜹")),
        (r"\mathbf 1", ("mn", "𝟏")),
        (r"a \sim b", ("mo", "∼")),  # latex2mathml: <mi>~</mi>
        (r"\arg\max_k z_k", ("mi", "arg")),  # latex2mathml: <mi>\arg</mi>
        (r"\big\| x \big\|", ("mo", "‖")),  # latex2mathml: <mo>\|</mo>
        (r"\operatorname{ReLU}(z)", ("mi", "ReLU")),  # no operator spaces: "ReLU(z)"
        (r"T \to \infty", ("mi", "∞")),  # latex2mathml: <mo>, spaced as an operator
        (r"\partial \ell / \partial w", ("mi", "∂")),  # an ordinary symbol, as in TeX
        (r"x_1, \dots, x_d", ("mi", "…")),  # no operator spaces: "x₁, …, x_d"
    ],
)
def test_tex_the_browser_would_render_wrongly_is_corrected(tex: str, expected) -> None:
    assert expected in tokens(tex_to_mathml(tex, display=False))


def test_braces_bars_and_max_are_sized_and_spaced_as_in_tex() -> None:
    brace = ET.fromstring(tex_to_mathml(r"\underbrace{a + b}_{c}", display=True))
    inner = next(e for e in brace.iter("munder") if e[1].text == "⏟")
    assert inner.get("accentunder") == "true" and inner[1].get("stretchy") == "true"
    norm = ET.fromstring(tex_to_mathml(r"\big\| x \big\|^2", display=False))
    power = next(norm.iter("msup"))
    assert power[0].tag == "mrow" and power[0][0].get("stretchy") == "true"  # not shrunk
    assert all(bar.get("symmetric") == "true" for bar in norm.iter("mo") if bar.text == "‖")
    maximum = next(e for e in ET.fromstring(tex_to_mathml(r"\max_j z_j", display=True)).iter("mo"))
    assert (maximum.get("lspace"), maximum.get("rspace")) == ("0", "0.1667em")


def test_every_variant_and_capital_greek() -> None:
    root = ET.fromstring(tex_to_mathml(r"\mathbf{W_1} + \Delta + \mathrm{Var}", display=False))
    assert not [e for e in root.iter() if e.get("mathvariant") not in (None, "normal")]
    delta = next(e for e in root.iter("mi") if e.text == "Δ")
    assert delta.get("mathvariant") == "normal"  # upright, as TeX sets capital Greek


def test_limits_go_below_in_display_maths_only_through_movablelimits() -> None:
    root = ET.fromstring(tex_to_mathml(r"\min_{\theta} L", display=True))
    under = root.find(".//munder")
    assert under is not None and under[0].text == "min"
    assert under[0].get("movablelimits") == "true"  # a subscript again in text


def test_a_prime_sits_beside_its_letter_and_an_arrow_stretches_over_its_label() -> None:
    root = ET.fromstring(tex_to_mathml(r"f'(x) \xrightarrow{\text{tanh}} y", display=True))
    assert root.find(".//msup") is None
    assert root.find(".//mpadded") is None
    arrow = root.find(".//mover/mo")
    assert arrow is not None and arrow.text == "→" and arrow.get("stretchy") == "true"
    assert root.find(".//mover/mrow/mrow/mtext").text == "tanh"


def test_unary_signs_and_scripts_have_no_operator_spaces() -> None:
    root = ET.fromstring(tex_to_mathml(r"\{-1, +1\} - W_{l-1}", display=False))
    signs = [e for e in root.iter("mo") if e.text in {"−", "+"}]
    assert [e.get("lspace") for e in signs] == ["0", "0", None, "0"]  # binary "−" keeps its


def test_display_maths_and_alttext() -> None:
    mathml = tex_to_mathml("x < y\n  + \\text{编码器}", display=True)
    root = ET.fromstring(mathml)
    assert root.tag == "math" and root.get("display") == "block"
    assert root.get("alttext") == r"x < y + \text{编码器}"  # the TeX, whitespace collapsed
    assert ("mtext", "编码器") in tokens(mathml)
    assert root.get("xmlns") is None  # HTML needs none
    assert tex_to_mathml("x", display=False).startswith('<math alttext="x">')


@pytest.mark.parametrize(
    ("tex", "reason"),
    [
        (r"\foo x", r"unknown command \foo"),  # latex2mathml would leave <mi>\foo</mi>
        (r"\frac{1}", "an argument is missing"),  # it would write <mfrac> with one child
        ("{a", "unbalanced braces"),  # it would write nothing wrong to see
        ("a}", "unbalanced braces"),
        ("a & b", "stray '&'"),
        (r"a \\ b", "breaks no lines"),
        ("x^", "latex2mathml"),  # its own exception
        (r"\left( x", "latex2mathml"),
    ],
)
def test_what_it_cannot_convert_is_an_error(tex: str, reason: str) -> None:
    with pytest.raises(ValueError) as error:
        tex_to_mathml(tex, display=False)
    assert reason in str(error.value)


def test_punctuation_stays_on_the_formula_s_line() -> None:
    nodes = docutils_nodes
    paragraph = nodes.paragraph()
    paragraph += [
        nodes.Text("甲（"),
        nodes.math("", "a"),
        nodes.Text("、"),
        nodes.math("", "b"),
        nodes.Text("）。乙 "),
        nodes.math("", "c"),
        nodes.Text(" 丙"),
    ]
    document = nodes.document(None, None)
    document += paragraph
    course_mathml.keep_punctuation(None, document, "page")
    held = [n.astext() for n in paragraph.findall(nodes.inline)]
    assert held == ["（a、", "b）。"]
    assert paragraph.astext() == "甲（a、b）。乙 c 丙"  # the text itself is unchanged


CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = ["course_mathml"]
html_math_renderer = "mathml"
"""

GOOD = r"""
Page
====

Inline :math:`\mathbf x \in \mathbb R^2`，as text。

.. math::
   :label: loss

   \ell = \frac{1}{N} \sum_i (y_i - \hat y_i)^2

   \nabla \ell = 0

Equation :eq:`loss`.
"""

BAD = r"""
Page
====

Fine :math:`x`.

Broken :math:`\frac{1}` here.
"""


def build(tmp_path: Path, page: str, capsys) -> tuple[int, str, Path]:
    """A strict build (``-W --keep-going``) of a one-page project: exit status, stderr, HTML."""
    source = tmp_path / "src"
    source.mkdir()
    ext = Path(course_mathml.__file__).parent
    (source / "conf.py").write_text(CONF.format(ext=str(ext)), encoding="utf-8")
    (source / "index.rst").write_text(page, encoding="utf-8")
    out = tmp_path / "html"
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(source), str(out)])
    return status, capsys.readouterr().err, out


def test_a_page_with_maths_builds_without_javascript(tmp_path: Path, capsys) -> None:
    status, errors, out = build(tmp_path, GOOD, capsys)
    assert status == 0, errors
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<span class="math-nobreak">' in page  # the formula keeps its "，"
    assert '<math alttext="\\mathbf x \\in \\mathbb R^2">' in page and "𝐱" in page
    block = page.split('<div class="math notranslate"', 1)[1].split("</div>", 1)[0]
    assert block.count('<math display="block"') == 2  # one per paragraph of the block
    assert '<span class="eqno">(1)' in block and 'id="equation-loss"' in block
    assert "mathjax" not in page.lower()
    assert not list(out.rglob("*mathjax*"))
    index = (out / "searchindex.js").read_text(encoding="utf-8")
    assert "mrow" not in index and "<math" not in index


def test_a_formula_it_cannot_convert_fails_the_strict_build(tmp_path: Path, capsys) -> None:
    status, errors, out = build(tmp_path, BAD, capsys)
    assert status != 0
    assert "index.rst:7" in errors  # the page and the line
    assert r"\frac{1}" in errors and "an argument is missing" in errors
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<code class="math-error">\\frac{1}</code>' in page
