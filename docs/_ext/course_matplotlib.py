"""Sphinx extension: matplotlib is imported when an example runs, not by every build.

sphinx-gallery imports ``matplotlib.pyplot`` while it reads its configuration (0.4 s), so that
the 'agg' backend is chosen before anything else imports pyplot. A build that runs no example (a
prose edit, say) never needs matplotlib. Here that step only chooses the backend: the
``MPLBACKEND`` environment variable, which matplotlib reads when it is imported, in this process
or in an example's worker; or ``matplotlib.use("agg")`` if it is imported already. Before each
example, sphinx-gallery's reset of matplotlib imports it and chooses 'agg', as before.

This relies on sphinx-gallery's configuration step calling ``gen_gallery._import_matplotlib`` by
that name (sphinx-gallery 0.22.1, checked by the unit tests).
"""

from __future__ import annotations

import os
import sys

from sphinx_gallery import gen_gallery


def choose_agg() -> None:
    """Stand-in for ``_import_matplotlib`` in sphinx-gallery's configuration step."""
    os.environ["MPLBACKEND"] = "agg"
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].use("agg")


def setup(app) -> dict[str, object]:
    gen_gallery._import_matplotlib = choose_agg
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
