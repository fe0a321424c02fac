"""Every built page in headless Chromium: no errors, no broken image or link, nothing from outside.

One browser tab visits all pages once (``visits``); the tests below each check one aspect of what
it saw, so a failure names the pages and the problem. The theme test clicks furo's toggle.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitepages import html_pages, parse

#: Runs in the page after it loaded: makes lazy images load, waits for them, lists broken ones.
BROKEN_IMAGES_JS = """async () => {
    const images = [...document.images];
    images.forEach(image => { image.loading = "eager"; });
    await Promise.all(images.map(image => image.decode().catch(() => null)));
    const broken = images.filter(i => !(i.complete && i.naturalWidth > 0));
    return {count: images.length, broken: broken.map(i => i.currentSrc || i.src)};
}"""


@dataclass
class Visit:
    """What the browser saw on one page."""

    errors: list[str] = field(default_factory=list)  # console errors, exceptions, failed loads
    outside: list[str] = field(default_factory=list)  # requests to another host (blocked)
    images: int = 0  # number of <img> on the page
    broken_images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # resolved href of every <a>


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the site, relative to its root (``auto_examples/index.html``, ...)."""
    return [path.relative_to(site).as_posix() for path in html_pages(site)]


@pytest.fixture(scope="module")
def visits(browser, server: str, site: Path) -> dict[str, Visit]:
    """Open every page once in one tab; requests that would leave 127.0.0.1 are blocked."""
    pages = site_pages(site)
    assert len(pages) >= 10, f"only {len(pages)} pages in {site}"
    host = urlsplit(server).netloc
    context = browser.new_context()
    tab = context.new_page()
    visit = Visit()

    def route(request_route) -> None:
        if urlsplit(request_route.request.url).netloc in (host, ""):  # data: URLs have no host
            request_route.continue_()
        else:
            visit.outside.append(request_route.request.url)
            request_route.abort()

    def response(answer) -> None:
        if answer.status >= 400:
            visit.errors.append(f"HTTP {answer.status}: {answer.url}")

    context.route("**/*", route)
    tab.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: visit.errors.append(f"exception: {error}"))
    tab.on("requestfailed", lambda r: visit.errors.append(f"failed: {r.url} ({r.failure})"))
    tab.on("response", response)
    seen: dict[str, Visit] = {}
    for page in pages:
        visit = Visit()
        tab.goto(server + page, wait_until="load")
        tab.wait_for_load_state("networkidle")
        images = tab.evaluate(BROKEN_IMAGES_JS)
        visit.images, visit.broken_images = images["count"], images["broken"]
        visit.links = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        seen[page] = visit
    context.close()
    return seen


def check(problems: dict[str, list[str]], what: str) -> None:
    """Fail with one line per page that has problems."""
    pages = {page: items for page, items in problems.items() if items}
    assert not pages, f"{what}:\n" + "\n".join(f"{page}: {items}" for page, items in pages.items())


def test_every_page_was_visited(visits: dict[str, Visit], site: Path) -> None:
    assert sorted(visits) == site_pages(site)
    for page in ("index.html", "auto_examples/01_exercises/plot_spiral_classification.html"):
        assert page in visits


def test_no_console_or_script_errors(visits: dict[str, Visit]) -> None:
    check({page: visit.errors for page, visit in visits.items()}, "errors in the browser:")


def test_nothing_is_loaded_from_outside(visits: dict[str, Visit]) -> None:
    """The pages work offline: every request of every page goes to the site's own server."""
    check({page: visit.outside for page, visit in visits.items()}, "requests to other hosts:")


def test_every_image_loaded(visits: dict[str, Visit]) -> None:
    check(
        {page: visit.broken_images for page, visit in visits.items()}, "images that did not load:"
    )
    images = sum(visit.images for visit in visits.values())
    assert images >= 20, f"only {images} images on the whole site"


@functools.cache
def anchors(path: Path) -> frozenset[str]:
    """The ids and names a link's ``#fragment`` can point at in an HTML file."""
    page = parse(path)
    return frozenset(
        value for _, attrs in page.tags for key in ("id", "name") if (value := attrs.get(key))
    )


def broken_links(site: Path, server: str, links: list[str]) -> list[str]:
    """Links into the site whose file, or ``#anchor`` in it, does not exist."""
    origin = urlsplit(server).netloc
    broken = []
    for link in links:
        url = urlsplit(link)
        if url.scheme not in ("http", "https") or url.netloc != origin:
            continue  # another site, mailto:, javascript:
        target = site / unquote(url.path).lstrip("/")
        if target.is_dir():
            target /= "index.html"
        if not target.is_file():
            broken.append(link)
        elif url.fragment and target.suffix == ".html":
            if unquote(url.fragment) not in anchors(target):
                broken.append(link)
    return broken


def test_every_internal_link_resolves(visits: dict[str, Visit], site: Path, server: str) -> None:
    """Every ``<a href>`` into the site names an existing file, and an existing ``#anchor``."""
    check(
        {page: broken_links(site, server, visit.links) for page, visit in visits.items()},
        "broken links:",
    )
    internal = sum(server in link for visit in visits.values() for link in visit.links)
    assert internal > 10 * len(visits), f"only {internal} internal links found"


def test_broken_links_are_detected(site: Path, server: str) -> None:
    """The link check itself: a missing file and a missing anchor are both reported."""
    good = server + "index.html"
    bad = [server + "no-such-page.html", server + "index.html#no-such-anchor"]
    assert broken_links(site, server, [good, "https://example.org/x", *bad]) == bad


def background(tab) -> str:
    return tab.evaluate("getComputedStyle(document.body).backgroundColor")


def test_theme_toggle_cycles_light_dark_auto(new_context, server: str) -> None:
    """furo's toggle button: auto -> dark -> light -> auto (system light), remembered on reload."""
    context = new_context(color_scheme="light")
    tab = context.new_page()
    tab.goto(server + "index.html")
    assert tab.evaluate("document.body.dataset.theme") == "auto"
    colours = {"auto": background(tab)}
    for expected in ("dark", "light", "auto"):
        tab.locator("button.theme-toggle:visible").first.click()
        tab.wait_for_function(f"document.body.dataset.theme === '{expected}'", timeout=5_000)
        tab.wait_for_timeout(300)  # let a colour transition finish, if the theme has one
        colours[expected] = background(tab)
    assert colours["dark"] != colours["light"], f"the dark theme changed no colour: {colours}"
    assert colours["auto"] == colours["light"], f"auto with a light system: {colours}"
    assert luminance(colours["dark"]) < luminance(colours["light"]), colours

    tab.locator("button.theme-toggle:visible").first.click()  # to dark, then reload
    tab.reload()
    assert tab.evaluate("document.body.dataset.theme") == "dark"
    assert background(tab) == colours["dark"]


def luminance(css_colour: str) -> float:
    """Rough brightness of an ``rgb(r, g, b)`` / ``rgba(...)`` colour, 0 (black) to 255."""
    red, green, blue = (float(x) for x in re.findall(r"[\d.]+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
