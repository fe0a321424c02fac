"""docs/_ext/course_offline.py: MathJax copied into the site, no CDN on computation-times pages."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from course_offline import MATHJAX_FILES, copy_mathjax, strip_cdn_assets

#: The head of a computation-times page as sphinx-gallery 0.22 writes it.
TIMES_PAGE = """
:orphan:

.. _sphx_glr_sg_execution_times:

Computation times
=================
**00:01.000** total execution time for 1 file **from all galleries**:

.. container::

  .. raw:: html

    <script src="https://code.jquery.com/jquery-3.7.0.js"></script>
    <link href="https://cdn.datatables.net/1.13.6/css/dataTables.bootstrap5.min.css" />

  .. list-table::
   :header-rows: 1

   * - Example
     - Time
"""


def test_the_cdn_block_goes_and_the_table_stays() -> None:
    source = [TIMES_PAGE]
    strip_cdn_assets(None, "sg_execution_times", source)
    assert "://" not in source[0]
    assert "  .. list-table::\n   :header-rows: 1" in source[0]
    assert "Computation times" in source[0]


def test_other_pages_are_left_alone() -> None:
    source = [TIMES_PAGE]
    strip_cdn_assets(None, "auto_examples/index", source)
    assert source == [TIMES_PAGE]


def test_mathjax_files_are_copied_into_the_site(tmp_path: Path) -> None:
    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    copy_mathjax(app, None)
    mathjax = tmp_path / "_static" / "mathjax"
    assert (mathjax / "tex-chtml.js").stat().st_size > 100_000
    assert any((mathjax / "output/chtml/fonts/woff-v2").glob("*.woff"))
    assert len(MATHJAX_FILES) == 3


@pytest.mark.parametrize("app_state", ["failed", "latex"])
def test_nothing_is_copied_after_a_failure_or_for_other_builders(
    tmp_path: Path, app_state: str
) -> None:
    builder = SimpleNamespace(format="latex" if app_state == "latex" else "html")
    app = SimpleNamespace(outdir=str(tmp_path), builder=builder)
    copy_mathjax(app, RuntimeError("build failed") if app_state == "failed" else None)
    assert not (tmp_path / "_static").exists()
