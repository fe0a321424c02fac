"""Sphinx extension: when the site's navigation changes, every page is written again.

furo's sidebar lists every page by its title, as the toctrees arrange them, and each page links
to the previous and the next page by title. Sphinx writes again only the pages whose source
changed (and those whose toctree did): after a page is added, removed, moved in a toctree or
given another title, every other page would keep the old sidebar until a clean build. This
keeps a digest of what the navigation shows (each page's title, each toctree's entries and
options) in the environment; when it differs from the last build's, every page is written
again (``env-updated``). An edit that changes no title nor toctree writes what it wrote before.
"""

from __future__ import annotations

import hashlib

from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The options of a toctree that change what the sidebar shows.
TOCTREE_OPTIONS = ("entries", "caption", "hidden", "includehidden", "maxdepth", "titlesonly")


def navigation(env) -> str:
    """A digest of every page's title and every toctree's entries and options."""
    digest = hashlib.sha256()
    for docname in sorted(env.found_docs):
        title = env.titles.get(docname)
        parts = [docname, title.pformat() if title is not None else ""]
        toc = env.tocs.get(docname)
        for toctree in toc.findall(addnodes.toctree) if toc is not None else ():
            parts.append(repr([toctree.get(option) for option in TOCTREE_OPTIONS]))
        digest.update("\0".join(parts).encode() + b"\n")
    return digest.hexdigest()


def write_every_page_if_changed(app, env) -> list[str]:
    """``env-updated``: every page, if the navigation is not the last build's."""
    now, before = navigation(env), getattr(env, "course_navigation", None)
    env.course_navigation = now
    if before is None or before == now:
        return []  # a first build writes every page anyway
    logger.info("[course] the navigation changed (a title or a toctree): writing every page")
    return sorted(env.found_docs)


def setup(app) -> dict[str, object]:
    app.connect("env-updated", write_every_page_if_changed)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
