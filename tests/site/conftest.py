"""Fixtures for the checks of the built site (``nox -s docs`` first, then ``nox -s site``).

These tests read ``docs/_build/html``. When it is missing they FAIL (never skip): a green run
must mean the site was built and checked.

The browser tests use pytest-playwright's fixtures (``page``, ``new_context``, ``browser``) with
Debian's Chromium; ``nox -s site`` passes ``--tracing retain-on-failure``, so a failing test leaves
a Playwright trace in ``test-results/`` (``playwright show-trace <file>``). Fixtures that visit
many pages once for a whole module (``visits``, ``figures``) open their own context from the
session's ``browser``, since pytest-playwright's contexts live for one test only.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitepages import serve

SITE = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def site() -> Path:
    """The built HTML site; fails every test when it has not been built."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site in {SITE}: run `nox -s docs` first", pytrace=False)
    return SITE


@pytest.fixture(scope="session")
def search_index(site: Path) -> dict:
    """The JSON inside ``searchindex.js`` (``Search.setIndex({...})``)."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    match = re.fullmatch(r"\s*Search\.setIndex\((.*)\)\s*;?\s*", text, re.S)
    assert match, "searchindex.js is not a Search.setIndex(...) call"
    return json.loads(match.group(1))


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The site over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # keep pytest's output clean
    with serve(handler) as url:
        yield url + "/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's browser is Debian's Chromium (Playwright downloads no browser)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}
