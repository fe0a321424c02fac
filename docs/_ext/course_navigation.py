"""Sphinx extension: when the site's navigation changes, every page is written again.

furo's sidebar is the whole site's table of contents (every page and its top-level sections, as
the toctrees arrange them), and each page links to the previous and the next page by title.
Sphinx writes again only the pages whose source changed (and those whose toctree did): after a
page is added, removed, moved in a toctree or given another title, every other page would keep
the old sidebar until a clean build. Here a digest of that table of contents (as furo asks
Sphinx for it) and of every page's title is kept in Sphinx's cache folder by each build that
ends well; when this build's differs, or there is none (the last build stopped or failed),
every page is written again (``env-get-updated``, after Sphinx has numbered the sections of
numbered toctrees). An edit that changes no title nor toctree writes only what Sphinx would
write.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The digest of the navigation of the last build that ended well (in Sphinx's cache folder).
WRITTEN = "course-navigation.txt"


def navigation(app) -> str:
    """A digest of the site's table of contents as furo's sidebar shows it, and of every page's
    title (the previous and next links)."""
    env = app.env
    # Sphinx keeps the root page's doctree in a cached property of the environment: read it
    # afresh, and drop it after, so that it is not saved with the environment
    env.__dict__.pop("master_doctree", None)
    toctree = global_toctree_for_doc(
        env,
        env.config.root_doc,
        app.builder,
        tags=app.builder.tags,
        collapse=False,
        titles_only=True,
        maxdepth=-1,
    )
    env.__dict__.pop("master_doctree", None)
    digest = hashlib.sha256(toctree.pformat().encode() if toctree is not None else b"")
    for docname in sorted(env.found_docs):
        title = env.titles.get(docname)
        digest.update(f"\0{docname}\0{title.pformat() if title is not None else ''}".encode())
    return digest.hexdigest()


def write_every_page_if_changed(app, env) -> list[str]:
    """``env-get-updated`` (HTML builders): every page, if the navigation is not the one the
    last good build wrote. Its record is deleted until this build ends well."""
    if app.builder.format != "html":
        return []
    record = Path(app.doctreedir, WRITTEN)
    try:
        before = record.read_text(encoding="utf-8")
    except OSError:
        before = None  # a first build writes every page anyway
    record.unlink(missing_ok=True)
    app.course_navigation = navigation(app)
    if before == app.course_navigation:
        return []
    logger.info("[course] the navigation may have changed: writing every page")
    return sorted(env.found_docs)


def finish(app, exc: Exception | None) -> None:
    """``build-finished``: a build that ended well records its navigation."""
    if exc is None and hasattr(app, "course_navigation") and Path(app.doctreedir).is_dir():
        Path(app.doctreedir, WRITTEN).write_text(app.course_navigation, encoding="utf-8")


def setup(app) -> dict[str, object]:
    # after Sphinx's own handler, which numbers the sections (default priority 500)
    app.connect("env-get-updated", write_every_page_if_changed, priority=900)
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
