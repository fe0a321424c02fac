"""docs/_ext/course_offline.py: no CDN on the computation-times pages."""

from __future__ import annotations

from course_offline import strip_cdn_assets

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
