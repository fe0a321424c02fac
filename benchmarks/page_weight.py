"""A page's weight as a reader's browser fetches it: every request, raw and gzip-compressed bytes.

Serves a built site with Python's ``http.server`` on 127.0.0.1 (a ``file://`` page makes other
requests than a served one: no fonts or scripts loaded through ``fetch``, for instance), opens the
page in headless Chromium through Playwright, scrolls it to the end so that lazily loaded images
are fetched too, and records every request the browser made. Each file is compressed with gzip at
level 6, as a static web server compresses text before sending it.

Uses the system's ``/usr/bin/chromium`` (Playwright is never asked to download a browser)::

    python benchmarks/page_weight.py docs/_build/html \
        auto_examples/01_exercises/plot_spiral_classification.html
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
GZIP_LEVEL = 6
#: Scroll the page a screen at a time, waiting this many milliseconds at each step.
SCROLL_PAUSE_MS = 50


@dataclass(frozen=True)
class Fetched:
    """One request of the page: its URL, Playwright's resource type and its size in bytes."""

    url: str
    kind: str  # "document", "stylesheet", "script", "font", "image", "fetch", ...
    raw: int
    gzipped: int


@dataclass(frozen=True)
class Weight:
    """Everything the browser fetched for a page, and the requests that failed."""

    fetched: list[Fetched]
    failed: list[str]

    @property
    def raw(self) -> int:
        return sum(item.raw for item in self.fetched)

    @property
    def gzipped(self) -> int:
        return sum(item.gzipped for item in self.fetched)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that does not log every request to stderr."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve the folder ``root`` on a free local port; yield its base URL."""
    if not root.is_dir():
        raise FileNotFoundError(f"site folder {root} does not exist: build the site first")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


SCROLL_TO_END = f"""async () => {{
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {{
        window.scrollTo(0, y);
        await new Promise((done) => setTimeout(done, {SCROLL_PAUSE_MS}));
    }}
}}"""


def measure(site: Path, page: str, width: int = 1280, height: int = 900) -> Weight:
    """Open ``page`` (a path inside the built ``site``) like a reader and weigh what it fetches.

    A fresh browser profile (empty cache), a ``width`` x ``height`` window at a device pixel
    ratio of 1 (a 2x screen may pick other images from a ``srcset``). Requests to other hosts
    are aborted (nothing leaves the machine) and returned as failed.
    """
    from playwright.sync_api import sync_playwright  # only needed here

    if not (site / page).is_file():
        raise FileNotFoundError(f"{site / page} does not exist: build the site first")
    fetched: list[Fetched] = []
    failed: list[str] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            # offline, as the site must be: a request to another host is aborted and listed
            context.route(lambda url: not url.startswith(base), lambda route: route.abort())
            tab = context.new_page()
            finished = []
            tab.on("requestfinished", lambda request: finished.append(request))
            tab.on("requestfailed", lambda request: failed.append(request.url))
            tab.goto(base + page, wait_until="networkidle")
            tab.evaluate(SCROLL_TO_END)
            tab.wait_for_load_state("networkidle")
            for request in finished:
                if urlsplit(request.url).scheme not in ("http", "https"):
                    continue  # data: URLs are bytes of the file that contains them
                # the bytes a static host sends for this URL: the file itself (the browser may
                # have dropped a body it no longer needs, e.g. after an in-page navigation)
                path = site / unquote(urlsplit(request.url).path).lstrip("/")
                if path.is_dir():
                    path = path / "index.html"
                body = path.read_bytes() if path.is_file() else b""
                fetched.append(
                    Fetched(
                        url=request.url.removeprefix(base),
                        kind=request.resource_type,
                        raw=len(body),
                        gzipped=len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)),
                    )
                )
        finally:
            browser.close()
    return Weight(fetched=fetched, failed=failed)


def report(weight: Weight, largest: int = 8) -> None:
    """Print the totals, the bytes per resource type and the ``largest`` files."""
    print(
        f"  {len(weight.fetched)} requests, {weight.raw / 1e3:,.0f} kB raw, "
        f"{weight.gzipped / 1e3:,.0f} kB gzip-compressed (level {GZIP_LEVEL})"
    )
    print(f"    {'type':<11} {'requests':>12} {'raw kB':>8} {'gzip kB':>8}")
    kinds: dict[str, list[Fetched]] = {}
    for item in weight.fetched:
        kinds.setdefault(item.kind, []).append(item)
    for kind, items in sorted(kinds.items(), key=lambda pair: -sum(i.raw for i in pair[1])):
        raw, packed = sum(i.raw for i in items), sum(i.gzipped for i in items)
        print(f"    {kind:<11} {len(items):12d} {raw / 1e3:8,.0f} {packed / 1e3:8,.0f}")
    print("  largest files (raw / gzip kB):")
    for item in sorted(weight.fetched, key=lambda i: -i.raw)[:largest]:
        print(f"    {item.raw / 1e3:8,.0f} {item.gzipped / 1e3:8,.0f}  {item.url}")
    for url in weight.failed:
        print(f"  not fetched (failed, or another host: blocked), not counted: {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. docs/_build/html")
    parser.add_argument("page", help="the page's path inside the site")
    args = parser.parse_args()
    report(measure(args.site, args.page))


if __name__ == "__main__":
    main()
