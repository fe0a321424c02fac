"""The site in a real browser: Chinese search lists the right pages, pages load without errors."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from sitepages import SPIRAL_PAGE, TENSOR_PAGE, html_pages


def open_page(page, url: str, theme: str = "light"):
    """Open ``url`` in pytest-playwright's fresh ``page``; returns it and the errors it collects."""
    page.context.add_init_script(f"localStorage.setItem('theme', '{theme}')")  # furo's theme
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status}: {response.url}") if response.status >= 400 else None
        ),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, errors


@pytest.mark.parametrize(
    ("word", "expected"),
    [("螺旋", SPIRAL_PAGE), ("张量", TENSOR_PAGE)],
)
def test_search_lists_the_right_pages(page, server: str, word: str, expected: str) -> None:
    page, errors = open_page(page, f"{server}search.html?q={quote(word)}")
    # searchtools.js writes the summary line once the search has finished
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.innerText.length > 0",
        timeout=20_000,
    )
    links = page.eval_on_selector_all(
        "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert not errors, f"search page errors: {errors}"
    assert any(link.split("?")[0].endswith(expected) for link in links), f"{word} -> {links}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_tensor_page_renders_maths_and_images(page, server: str, theme: str) -> None:
    page, errors = open_page(page, server + TENSOR_PAGE, theme)
    page.wait_for_selector("article math", timeout=20_000)  # the :math: roles, as MathML
    assert page.evaluate("document.body.dataset.theme") == theme
    broken = page.eval_on_selector_all(
        "img", "images => images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert not broken, f"images that did not load: {broken}"
    assert not errors, f"page errors: {errors}"


#: Each formula's box once every <details> is open: width, height, font size, whether it is a
#: display formula with a display-style fraction (not \\tfrac, not in a script), its TeX.
MATH_BOXES_JS = """() => {
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
    return [...document.querySelectorAll("article math")].map((m) => {
        const box = m.getBoundingClientRect();
        const fraction = m.getAttribute("display") === "block" && [...m.querySelectorAll("mfrac")]
            .some((f) => !f.closest('mstyle[displaystyle="false"], msub, msup, msubsup'));
        return [box.width, box.height, parseFloat(getComputedStyle(m).fontSize), fraction,
                m.getAttribute("alttext")];
    });
}"""


def test_every_formula_is_laid_out_as_mathml(page, server: str, site: Path) -> None:
    """docs/_ext/course_mathml.py: the browser lays out each <math> itself; no MathJax loads.

    A browser without MathML would show the tokens as plain inline text, one line high: a display
    fraction taller than 1.6 times the font size shows that the formula was laid out as maths.
    """
    pages = [p for p in html_pages(site) if "<math" in p.read_text(encoding="utf-8")]
    assert len(pages) >= 10, pages
    problems, fractions = [], 0
    for path in pages:
        name = path.relative_to(site).as_posix()
        page.goto(server + name)
        scripts = page.eval_on_selector_all("script[src]", "s => s.map((e) => e.src)")
        mathjax = [src for src in scripts if "mathjax" in src.lower()]
        if mathjax or page.evaluate("!!window.MathJax"):
            problems.append(f"{name}: loads MathJax")
        boxes = page.evaluate(MATH_BOXES_JS)
        if not boxes:
            problems.append(f"{name}: no <math> in the article")
        for width, height, size, fraction, tex in boxes:
            if width <= 0 or height <= 0:
                problems.append(f"{name}: {tex!r} has no size ({width} x {height})")
            elif fraction:
                fractions += 1
                if height < 1.6 * size:
                    problems.append(f"{name}: {tex!r} is {height:.0f} px high, not a fraction")
    assert fractions >= 5, f"only {fractions} display fractions measured"
    assert not problems, "\n".join(problems)


def test_a_wide_formula_scrolls_and_is_reachable_by_keyboard(page, server: str) -> None:
    """On a narrow screen a display formula wider than the column scrolls inside its own block
    (the page does not), and course-a11y.js makes that block focusable; one that fits is not."""
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(server + "theory/index.html")
    page.wait_for_load_state("networkidle")
    blocks = page.eval_on_selector_all(
        "article div.math",
        """blocks => blocks.map((b) => [b.scrollWidth > b.clientWidth + 1,
                                        b.getAttribute("tabindex")])""",
    )
    assert any(wide for wide, _ in blocks), "no formula is wider than a 400 px screen"
    assert all(tabindex == "0" for wide, tabindex in blocks if wide), blocks
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
