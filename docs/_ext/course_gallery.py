"""sphinx-gallery hooks of the course site, importable by name from the gallery's worker processes.

``conf.py`` refers to these by their dotted names (``"course_gallery.reset_example"``), so that
the configuration stays picklable and parallel workers can import them.
"""

from __future__ import annotations

import os

#: Examples shown first in their folder, in the course's order; all others follow by file name.
COURSE_ORDER = ("plot_tensor_basics.py", "plot_spiral_classification.py")


def reset_example(gallery_conf: dict, fname: str | None) -> None:
    """Run before every example: figures readable on light and dark pages, one torch thread.

    sphinx-gallery's own ``"matplotlib"`` reset runs first and restores matplotlib's defaults;
    this then applies the transparent theme (mid-grey text, no background) as the baseline, so an
    example that forgets ``spiral_tut.set_default(..., theme="transparent")`` still reads well in
    furo's dark mode. One intra-op thread per example keeps printed numbers identical from build
    to build and lets several examples run side by side without oversubscribing the CPU.
    """
    import torch

    from spiral_tut import set_default

    set_default(figsize=(6.4, 4.8), theme="transparent")
    torch.set_num_threads(1)


class CourseOrder:
    """Sort key for ``within_subsection_order``: the course's order, then by file name."""

    def __init__(self, src_dir: str) -> None:
        self.src_dir = src_dir

    def __call__(self, filename: str) -> tuple[int, str]:
        name = os.path.basename(filename)
        rank = COURSE_ORDER.index(name) if name in COURSE_ORDER else len(COURSE_ORDER)
        return rank, name
