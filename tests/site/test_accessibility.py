"""An axe-core audit of every page: no serious or critical violation, in both of furo's themes.

axe-core comes bundled in ``axe-playwright-python`` (nothing is fetched at test time) and runs in
pytest-playwright's Chromium after each page has loaded, scripts included. Besides every serious
or critical finding, two moderate rules that the site once broke are enforced too: landmarks
have unique names (furo's two ``<aside>``) and every page has an ``<h1>`` (the search page).
The light theme gets every rule; the dark theme only the rules a colour scheme can change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from sitepages import html_pages

#: Impacts that fail the audit.
FAILING_IMPACTS = {"serious", "critical"}
#: Rules that fail the audit whatever their impact.
FAILING_RULES = {"landmark-unique", "page-has-heading-one"}


#: axe-core rules whose outcome depends on the colours, run again in the dark theme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def audit(tab, rules: list[str] | None = None) -> list[str]:
    """axe-core's violations on the page open in ``tab`` that fail the audit, one line each."""
    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = Axe().run(tab, options=options).response
    return [
        f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): "
        f"{violation['help']}: {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results["violations"]
        if violation["impact"] in FAILING_IMPACTS or violation["id"] in FAILING_RULES
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_page_passes_the_audit(page, server: str, site: Path, theme: str) -> None:
    page.context.add_init_script(f"localStorage.setItem('theme', '{theme}')")  # furo's theme
    pages = [path.relative_to(site).as_posix() for path in html_pages(site)]
    assert len(pages) >= 10, pages
    problems = {}
    for name in pages:
        page.goto(server + name)
        page.wait_for_load_state("networkidle")
        if found := audit(page, None if theme == "light" else COLOUR_RULES):
            problems[name] = found
    count = sum(len(found) for found in problems.values())
    assert not problems, f"{count} accessibility problems on {len(problems)} pages:\n" + "\n".join(
        f"{name}:\n    " + "\n    ".join(found) for name, found in problems.items()
    )


def test_the_audit_finds_problems(page) -> None:
    """The audit itself, offline: a nameless link, a page without <h1>, two unnamed asides."""
    page.set_content(
        '<html lang="zh-CN"><head><title>x</title></head><body><main>'
        '<a href="a.html"><span style="display:none">甲</span></a>'
        "<aside>一</aside><aside>二</aside></main></body></html>"
    )
    rules = {line.split(" ")[0] for line in audit(page)}
    assert {"link-name", "page-has-heading-one", "landmark-unique"} <= rules, rules


#: For each code or output block: does it scroll, and its tabindex.
SCROLLS_JS = """blocks => blocks.map(b => [
    b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1,
    b.getAttribute("tabindex"),
])"""


def test_scrolling_blocks_are_reachable_by_keyboard(page, server: str) -> None:
    """course-a11y.js: a <pre> that scrolls sideways gets tabindex=0; one that fits does not."""
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(server + "auto_examples/01_exercises/plot_tensor_basics.html")
    page.wait_for_load_state("networkidle")
    blocks = page.eval_on_selector_all("article pre", SCROLLS_JS)
    assert any(scrolls for scrolls, _ in blocks), "no block scrolls in a 400 px window"
    assert all((tabindex == "0") == scrolls for scrolls, tabindex in blocks), blocks
