"""The site needs no network: no page or stylesheet refers to a resource on another host.

``test_pages.py`` checks ``<script src>``, ``<img src>`` and ``<link href>``; this file checks the
other ways a page pulls something in: ``srcset``, media and frames, inline styles, and every
``url(...)`` / ``@import`` in the stylesheets the site ships (fonts, background images). The
browser test (``test_every_page.py``) also blocks and reports any request that leaves the site.
Plain ``<a href>`` links to other sites are fine: a reader follows them on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitepages import Page

#: A URL on another host: ``http://``, ``https://`` or protocol-relative ``//``.
OUTSIDE = re.compile(r"^\s*(https?:)?//", re.I)
#: ``url(...)`` and ``@import "..."`` in CSS, with the URL captured.
CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""", re.I)
#: Attributes that load something, by tag; ``script``/``img`` src and ``link`` are in test_pages.
LOADING_ATTRIBUTES = {
    "source": ("src", "srcset"),
    "img": ("srcset",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (``"a.png, b.png 2x"`` -> ``["a.png", "b.png"]``)."""
    return [part.split()[0] for part in value.split(",") if part.strip()]


def css_urls(css: str) -> list[str]:
    """Every URL a piece of CSS loads.

    >>> css_urls('@import "x.css"; a { background: url( "//cdn.example/y.png" ) }')
    ['//cdn.example/y.png', 'x.css']
    """
    found = [url or imported for url, imported in CSS_URL.findall(css)]
    return sorted(found)


def outside_urls_in_html(html: str) -> list[str]:
    """URLs on other hosts that an HTML page loads through srcset, media, frames or styles."""
    page = Page(html)
    urls: list[str] = []
    for tag, attributes in page.tags:
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            value = attributes.get(name, "")
            urls += srcset_urls(value) if name == "srcset" else [value]
        urls += css_urls(attributes.get("style", ""))
    for block in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S | re.I):
        urls += css_urls(block)
    return [url for url in urls if OUTSIDE.match(url)]


def test_pages_load_nothing_from_outside(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10, f"only {len(pages)} pages in {site}"
    problems = {}
    for path in pages:
        urls = outside_urls_in_html(path.read_text(encoding="utf-8"))
        if urls:
            problems[path.relative_to(site).as_posix()] = urls
    assert not problems, f"pages that load from other hosts: {problems}"


def test_stylesheets_load_nothing_from_outside(site: Path) -> None:
    """Fonts, images and imports in the shipped CSS (furo, sphinx-gallery, ours)."""
    stylesheets = sorted((site / "_static").rglob("*.css"))
    assert len(stylesheets) >= 5, f"only {len(stylesheets)} stylesheets in _static"
    problems = {}
    for path in stylesheets:
        urls = [u for u in css_urls(path.read_text(encoding="utf-8")) if OUTSIDE.match(u)]
        if urls:
            problems[path.relative_to(site).as_posix()] = urls
    assert not problems, f"stylesheets that load from other hosts: {problems}"


def test_the_checks_find_outside_urls() -> None:
    """The detectors themselves, on a page that does everything this file forbids."""
    html = """<html><head><style>@import url(https://fonts.example/f.css);</style></head><body>
    <img src="a.png" srcset="a.png 1x, https://cdn.example/a2.png 2x">
    <picture><source srcset="//cdn.example/b.webp"></picture>
    <iframe src="https://video.example/embed"></iframe>
    <video poster="http://img.example/p.jpg" src="local.mp4"></video>
    <div style="background: url('https://img.example/bg.png')"></div>
    <a href="https://example.org/">a link is fine</a></body></html>"""
    assert sorted(outside_urls_in_html(html)) == [
        "//cdn.example/b.webp",
        "http://img.example/p.jpg",
        "https://cdn.example/a2.png",
        "https://fonts.example/f.css",
        "https://img.example/bg.png",
        "https://video.example/embed",
    ]
    assert outside_urls_in_html('<img srcset="x.png 1x, _images/x@2x.png 2x">') == []
