"""The homework answers and the theory notes: each page is linked, illustrated and measured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitepages import parse

HOMEWORK = "auto_examples/03_homework"
THEORY = "auto_examples/02_theory"

#: Each answer/notes page, the overview that must link to it, and text its executed output
#: must contain: the measurement the page's argument rests on.
PAGES = {
    f"{HOMEWORK}/plot_q1_alexnet_vs_lenet.html": (
        "questions/index.html",
        ["multiply-adds", "FlopCounterMode"],
    ),
    f"{HOMEWORK}/plot_q2_activation_functions.html": (
        "questions/index.html",
        ["max |difference| of outputs", "identity"],
    ),
    f"{HOMEWORK}/plot_q3_vanishing_gradients.html": ("questions/index.html", ["layer 1 /"]),
    f"{HOMEWORK}/plot_q4_wide_vs_deep.html": ("questions/index.html", ["test acc", "params"]),
    f"{HOMEWORK}/plot_q5_softmax.html": ("questions/index.html", ["nan", "autograd gradient"]),
    f"{HOMEWORK}/plot_q6_sgd_vs_adam.html": ("questions/index.html", ["SGD", "Adam"]),
    f"{THEORY}/plot_1_perceptron.html": ("theory/index.html", ["mistakes"]),
    f"{THEORY}/plot_2_mlp_xor.html": ("theory/index.html", ["accuracy on XOR"]),
    f"{THEORY}/plot_3_backprop.html": ("theory/index.html", ["float32 diff", "float64 diff"]),
    f"{THEORY}/plot_4_autoencoder.html": ("theory/index.html", ["reconstruction error"]),
    f"{THEORY}/plot_5_rbm.html": ("theory/index.html", ["recon_error"]),
    f"{THEORY}/plot_6_pretraining.html": ("theory/index.html", ["fold only", "test acc"]),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_is_linked_from_its_overview(site: Path, page: str) -> None:
    overview = site / PAGES[page][0]
    links = {
        (overview.parent / attrs.get("href", "").split("#")[0]).resolve()
        for attrs in parse(overview).attributes("a")
    }
    assert (site / page).resolve() in links, f"{PAGES[page][0]} does not link to {page}"


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_a_figure_made_by_the_build(site: Path, page: str) -> None:
    figures = [
        attrs["src"]
        for attrs in parse(site / page).attributes("img")
        if "sphx-glr" in attrs.get("class", "") and not attrs.get("src", "").startswith("data:")
    ]
    assert figures, f"{page} embeds no figure of its own"
    for src in figures:
        assert ((site / page).parent / src).is_file(), f"{page}: missing image {src}"


@pytest.mark.parametrize("page", PAGES)
def test_page_prints_its_measurements(site: Path, page: str) -> None:
    output = parse(site / page).output_text
    missing = [text for text in PAGES[page][1] if text not in output]
    assert not missing, f"{page}: not in the executed output: {missing}"
    assert re.search(r"\d\.\d", output), f"{page} prints no measured number"


@pytest.mark.parametrize("page", PAGES)
def test_page_invites_the_reader_to_try(site: Path, page: str) -> None:
    prose = "".join(parse(site / page).prose)
    assert "动手试试" in prose, f"{page} has no 动手试试 section"


@pytest.mark.parametrize("overview", ["questions/index.html", "theory/index.html"])
def test_overview_formulas_are_typeset(site: Path, overview: str) -> None:
    html = (site / overview).read_text(encoding="utf-8")
    assert 'class="math' in html, f"{overview} has no formula"
    assert "<math" in html, f"{overview}: its formulas are not MathML"


def test_all_six_questions_are_listed(site: Path) -> None:
    prose = "".join(parse(site / "questions/index.html").prose)
    for question in ("AlexNet", "激活函数", "梯度消失", "更宽", "Softmax", "Adam"):
        assert question in prose, f"question about {question} missing from the overview"
