"""The site in a real browser: Chinese search lists the right pages, pages load without errors."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sitepages import SPIRAL_PAGE, TENSOR_PAGE


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
    page.wait_for_selector("mjx-container", timeout=20_000)  # MathJax typeset the :math: roles
    assert page.evaluate("document.body.dataset.theme") == theme
    broken = page.eval_on_selector_all(
        "img", "images => images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert not broken, f"images that did not load: {broken}"
    assert not errors, f"page errors: {errors}"
