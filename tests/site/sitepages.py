"""Reading the built site's HTML: the exercise pages and a small parser (stdlib only)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

#: The two exercise pages of the gallery.
TENSOR_PAGE = "auto_examples/01_exercises/plot_tensor_basics.html"
SPIRAL_PAGE = "auto_examples/01_exercises/plot_spiral_classification.html"


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
#: Text inside these is not prose: code blocks, inline code, scripts, styles.
NOT_PROSE = {"pre", "code", "script", "style", "textarea"}


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: tags with attributes, and text by kind."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.outputs: list[str] = []  # text of each executed-output block (sphx-glr-script-out)
        self.prose: list[str] = []  # text outside code, scripts and styles
        self.inline_code: list[str] = []  # text of <code> outside <pre>
        self._open: list[tuple[str, bool]] = []  # open tags: (name, starts an output block)
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag in VOID_TAGS:
            return
        output = "sphx-glr-script-out" in attributes.get("class", "").split()
        if output and not self._in_output():
            self.outputs.append("")
        self._open.append((tag, output))

    def handle_endtag(self, tag: str) -> None:
        names = [name for name, _ in self._open]
        if tag in names:  # close it and anything left open inside it
            del self._open[len(names) - 1 - names[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        names = {name for name, _ in self._open}
        if self._in_output():
            self.outputs[-1] += data
        if not names & NOT_PROSE:
            self.prose.append(data)
        elif "code" in names and "pre" not in names:
            self.inline_code.append(data)

    def _in_output(self) -> bool:
        return any(output for _, output in self._open)

    def attributes(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def output_text(self) -> str:
        return "\n".join(self.outputs)


@functools.cache
def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


@contextlib.contextmanager
def serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with ``handler`` on 127.0.0.1 (a free port); yield the base URL, no final slash."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()
