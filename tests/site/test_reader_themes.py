"""Figures on furo's light and dark themes, and the interface text the browser renders.

Headless Chromium opens every example page and gallery index in both themes (furo reads the
theme from ``localStorage``) and reads the pixels of each figure through a canvas: a figure must
have a transparent margin (no light box around it on a dark page, no dark box on a light one)
and must not be mostly bright; nothing between a figure and the page may paint a background
that clashes with the theme. Text that scripts write (search results, the copy button's tooltip)
is checked in the rendered page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from sitepages import ENGLISH_PHRASES, SPIRAL_PAGE, TENSOR_PAGE

CJK = re.compile(r"[\u4e00-\u9fff]")

#: Runs in the page: pixel statistics of every figure, and the backgrounds behind it.
FIGURES_JS = """async () => {
    const luminance = (r, g, b) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const images = [...document.querySelectorAll("article img")].filter(
        i => /sphx_glr_|^data:image\\//.test(i.getAttribute("src") || ""));
    const result = [];
    for (const image of images) {
        image.loading = "eager";
        await image.decode().catch(() => null);
        const canvas = document.createElement("canvas");
        const [w, h] = [image.naturalWidth, image.naturalHeight];
        if (!w || !h) { result.push({src: image.src.slice(0, 80), broken: true}); continue; }
        canvas.width = w; canvas.height = h;
        const context = canvas.getContext("2d");
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, w, h).data;
        let margin = 0, opaqueMargin = 0, bright = 0;
        for (let y = 0; y < h; y++) {
            for (let x = 0; x < w; x++) {
                const i = 4 * (y * w + x);
                const alpha = data[i + 3];
                if (alpha > 200 && luminance(data[i], data[i + 1], data[i + 2]) > 200) bright++;
                if (x < 3 || y < 3 || x >= w - 3 || y >= h - 3) {
                    margin++;
                    if (alpha > 25) opaqueMargin++;
                }
            }
        }
        const backgrounds = [];
        for (let e = image; e && e.tagName !== "ARTICLE"; e = e.parentElement) {
            const colour = getComputedStyle(e).backgroundColor;
            const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number);
            if (a > 0.1) backgrounds.push({tag: e.tagName, luminance: luminance(r, g, b)});
        }
        result.push({
            src: (image.getAttribute("src") || "").slice(0, 80),
            opaqueMargin: opaqueMargin / margin,
            bright: bright / (w * h),
            backgrounds,
        });
    }
    return result;
}"""


def figure_pages(site: Path) -> list[str]:
    """Example pages and the gallery indexes (thumbnails), relative to the site."""
    pages = sorted((site / "auto_examples").rglob("*.html"))
    return [p.relative_to(site).as_posix() for p in pages if "sg_execution_times" not in p.name]


def open_in_theme(tab, url: str, theme: str):
    """Open ``url`` in the page ``tab`` with furo's ``theme``; returns ``tab``."""
    tab.context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    assert tab.evaluate("document.body.dataset.theme") == theme
    return tab


@pytest.fixture(scope="module")
def figures(browser, server: str, site: Path) -> dict[tuple[str, str], list[dict]]:
    """Figure statistics of every page with figures, in both themes."""
    seen = {}
    for theme in ("light", "dark"):
        for page in figure_pages(site):
            context = browser.new_context()
            tab = open_in_theme(context.new_page(), server + page, theme)
            seen[theme, page] = tab.evaluate(FIGURES_JS)
            context.close()
    return seen


def test_figures_were_measured(figures: dict) -> None:
    for theme in ("light", "dark"):
        counts = {page: len(stats) for (t, page), stats in figures.items() if t == theme}
        assert counts.get(SPIRAL_PAGE, 0) >= 3, counts
        assert sum(counts.values()) >= 30, counts
        broken = [
            (page, s["src"]) for (t, page), ss in figures.items() for s in ss if "broken" in s
        ]
        assert not broken, f"figures that did not load: {broken}"


def allowed_margin(src: str) -> float:
    """Share of a figure's outer pixels that may be opaque.

    A figure's background is transparent, so its margin is (at most a few marks). A thumbnail
    is the figure cut to fit 400x280, so its axes may touch the edge; a box around it would
    still make the whole margin opaque.
    """
    return 0.5 if "_thumb." in src else 0.05


def test_figures_have_a_transparent_margin(figures: dict) -> None:
    """No figure sits in a box of its own colour: its outer 3 pixels are transparent."""
    boxed = {
        (page, s["src"]): round(s["opaqueMargin"], 3)
        for (theme, page), stats in figures.items()
        for s in stats
        if theme == "dark" and s["opaqueMargin"] > allowed_margin(s["src"])
    }
    assert not boxed, f"figures with an opaque margin (a box on one of the themes): {boxed}"


def test_no_figure_is_mostly_bright(figures: dict) -> None:
    """On the dark theme a figure may have bright marks, not a bright area of half its size."""
    glare = {
        (page, s["src"]): round(s["bright"], 3)
        for (theme, page), stats in figures.items()
        for s in stats
        if theme == "dark" and s["bright"] > 0.5
    }
    assert not glare, f"figures mostly bright on the dark theme: {glare}"


@pytest.mark.parametrize(
    ("theme", "clash"), [("dark", lambda y: y > 110), ("light", lambda y: y < 145)]
)
def test_nothing_behind_a_figure_clashes_with_the_theme(figures: dict, theme: str, clash) -> None:
    """Containers between a figure and the page are transparent or in the theme's shade."""
    problems = {
        (page, s["src"]): s["backgrounds"]
        for (t, page), stats in figures.items()
        for s in stats
        if t == theme and any(clash(b["luminance"]) for b in s["backgrounds"])
    }
    assert not problems, f"backgrounds that clash with the {theme} theme: {problems}"


# -- Text rendered by scripts ---------------------------------------------------------------------


#: Runs in the page: the text of every CSS ``content`` (``::before``/``::after``) with a word.
CSS_LABELS_JS = """() => [...document.querySelectorAll("body *")].flatMap(
    e => ["::before", "::after"].map(p => getComputedStyle(e, p).content)
).filter(c => /^".*[A-Za-z]{2,}/.test(c))"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_rendered_pages_show_no_english_labels(new_context, server: str, theme: str) -> None:
    """The text the browser renders, by scripts and by stylesheets too, on typical pages."""
    for page in ("index.html", SPIRAL_PAGE, "sg_execution_times.html", "genindex.html"):
        tab = open_in_theme(new_context().new_page(), server + page, theme)
        text = tab.inner_text("body")
        found = [phrase for phrase in ENGLISH_PHRASES if phrase in text]
        assert not found, f"{page} ({theme}) shows {found}"
        assert not tab.evaluate(CSS_LABELS_JS), f"{page}: English labels from CSS"


def test_output_blocks_are_labelled_in_chinese(page, server: str) -> None:
    """sphinx-gallery's stylesheet labels printed output "Out:"; course.css says 输出."""
    tab = open_in_theme(page, server + SPIRAL_PAGE, "light")
    labels = tab.eval_on_selector_all(
        ".sphx-glr-script-out",
        "blocks => blocks.map(b => getComputedStyle(b, '::before').content)",
    )
    assert labels and set(labels) == {'"输出："'}, set(labels)


def test_search_results_are_announced_in_chinese(page, server: str) -> None:
    tab = open_in_theme(page, f"{server}search.html?q={quote('螺旋')}", "light")
    tab.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.innerText.length > 0",
        timeout=20_000,
    )
    heading = tab.inner_text("#search-results h2")
    summary = tab.inner_text("#search-results .search-summary")
    assert CJK.search(heading) and CJK.search(summary), (heading, summary)
    assert not re.search(r"[A-Za-z]{4,}", heading + summary), (heading, summary)


def test_copy_button_tooltip_is_chinese(page, server: str) -> None:
    tab = open_in_theme(page, server + TENSOR_PAGE, "light")
    tooltips = tab.eval_on_selector_all(
        "button.copybtn", "buttons => buttons.map(b => b.getAttribute('data-tooltip'))"
    )
    assert tooltips and all(CJK.search(t or "") for t in tooltips), set(tooltips)
