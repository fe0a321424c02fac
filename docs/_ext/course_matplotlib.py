"""Sphinx extension: sphinx-gallery no longer imports matplotlib with its configuration.

sphinx-gallery imports ``matplotlib.pyplot`` while it reads its configuration (0.4 s), so that
the 'agg' backend is chosen before anything else imports pyplot. Most builds that run no example
(a prose edit, say) never need matplotlib. Here that step only chooses the backend: it sets the
``MPLBACKEND`` environment variable to ``agg`` (for the rest of the build, so the examples'
workers and anything they start see it too, as they saw sphinx-gallery's choice before), which
matplotlib reads when it is imported; or it calls ``matplotlib.use("agg")`` if matplotlib is
imported already. matplotlib is still imported where it is used: by sphinx-gallery's reset
before each example (which chooses 'agg' too), and by autodoc when it reads the API pages
(``spiral_tut.plotting`` imports pyplot).

This relies on sphinx-gallery's configuration step calling ``gen_gallery._import_matplotlib`` by
that name (sphinx-gallery 0.22.1, checked by the unit tests); the stand-in stays for the rest of
the process.
"""

from __future__ import annotations

import os
import sys

from sphinx_gallery import gen_gallery


def choose_agg() -> None:
    """Stand-in for ``_import_matplotlib`` in sphinx-gallery's configuration step."""
    os.environ["MPLBACKEND"] = "agg"
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        matplotlib.use("agg")


def setup(app) -> dict[str, object]:
    gen_gallery._import_matplotlib = choose_agg
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
