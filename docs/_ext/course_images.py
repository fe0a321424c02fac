"""Sphinx extension: the figures of the examples that ran are compressed with optipng beside the
build, not in its way.

sphinx-gallery can run optipng itself (``compress_images``), but it does so in the example's
process, after each figure, so the example's worker waits for it (about 8-10 s of a cold build).
Here the figures and thumbnails of the examples that ran in this build are compressed in
background threads while Sphinx reads the pages (on the cores the examples no longer use); the
build waits at once for the thumbnails of examples that ran before (they are small, and they
decide whether the gallery's index pages count as changed) and for the rest before it writes the
site (``env-updated``): sphinx-gallery's ``image-sg`` copies a figure into the site as it writes
the page. A build that fails before then waits too (``build-finished``): no optipng outlives the
build (``docs/build.py`` ends its process at once, and an optipng left running would write a
temporary file that nothing removes).

optipng is lossless, and a compressed figure keeps the modification time sphinx-gallery gave it, or
the one it had before the build if its bytes are the same as then: Sphinx takes a page as changed
when an image it shows (a thumbnail on the gallery's index) is newer than the page. Without
optipng (a fresh machine) nothing happens: the build passes, with larger images.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import shutil
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from course_stale import example_pairs, gallery_copy
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: One trial: zlib level 9, memory 8, default strategy, no PNG filter. optipng's default (-o2)
#: tries 8 and keeps the smallest; on this site's 44 figures that one almost always wins, and
#: the single trial gives files 0.2 % larger in a quarter of the time (5 instead of 20 CPU-s).
OPTIPNG = ("optipng", "-quiet", "-zc9", "-zm8", "-zs0", "-f0")


def figures_of(example: Path, pairs: list[tuple[Path, Path]]) -> list[Path]:
    """The figures and the thumbnail that sphinx-gallery made for the example file ``example``.

    >>> figures_of(Path("/src/examples/a/plot_x.py"), [(Path("/src/examples"), Path("/nowhere"))])
    []
    """
    copy = gallery_copy(example, pairs)
    if copy is None:
        return []
    images = copy.parent / "images"
    found = sorted(images.glob(f"sphx_glr_{example.stem}_[0-9][0-9][0-9].png"))
    return found + sorted(images.glob(f"thumb/sphx_glr_{example.stem}_thumb.png"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compress(image: Path, before: tuple[str, int] | None = None) -> None:
    """Compress ``image`` with optipng (lossless), keeping its modification time; or the time it
    had ``before`` the build (digest, time) if it ends up with the same bytes as then.

    optipng writes a new file that then replaces the image in one step: compressing in place,
    optipng moves the image away for a moment, and Sphinx, reading a page that shows it
    meanwhile, would find no image."""
    modified = image.stat().st_mtime_ns
    smaller = image.with_name(f"{image.name}.optipng")
    try:
        subprocess.run(
            [*OPTIPNG, "-clobber", "-out", str(smaller), str(image)],
            check=True,
            capture_output=True,
        )
        if before is not None and digest(smaller) == before[0]:
            modified = before[1]  # the same picture as before the example ran again
        os.utime(smaller, ns=(modified, modified))
        os.replace(smaller, image)
    finally:
        smaller.unlink(missing_ok=True)


def remember(app) -> None:
    """``builder-inited``, before sphinx-gallery: each figure's digest and modification time."""
    images = [path for _, gallery in example_pairs(app) for path in gallery.rglob("sphx_glr_*.png")]
    app.course_images_before = {path: (digest(path), path.stat().st_mtime_ns) for path in images}


def start(app) -> None:
    """``builder-inited``, after sphinx-gallery: compress the new figures in the background."""
    app.course_compressing = {}
    if not app.config.course_compress_images or shutil.which("optipng") is None:
        return
    pairs = example_pairs(app)
    passing = app.config.sphinx_gallery_conf.get("passing_examples", [])
    images = [image for example in passing for image in figures_of(Path(example), pairs)]
    if images:
        pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        before = getattr(app, "course_images_before", {})
        images.sort(key=lambda image: image.parent.name != "thumb")  # thumbnails first
        app.course_compressing = {
            image: pool.submit(compress, image, before.get(image)) for image in images
        }
        pool.shutdown(wait=False)
        # a thumbnail that existed before the build, before Sphinx looks at what changed: if it
        # gets its old time back, the gallery's index pages are not read again
        for image, future in app.course_compressing.items():
            if image.parent.name == "thumb" and image in before:
                future.exception()


def wait(app, env=None) -> list[str]:
    """``env-updated``, before the site is written (and ``build-finished``): every compression
    has finished."""
    futures: dict[Path, Future] = getattr(app, "course_compressing", {})
    app.course_compressing = {}
    concurrent.futures.wait(futures.values())  # all of them, before a warning may raise
    for image, future in futures.items():
        if error := future.exception():
            detail = getattr(error, "stderr", b"") or str(error).encode()
            logger.warning(f"[course] optipng failed on {image}: {detail.decode().strip()}")
    return []


def setup(app) -> dict[str, object]:
    app.add_config_value("course_compress_images", True, "", types=frozenset({bool}))
    app.connect("builder-inited", remember, priority=450)  # before the gallery
    app.connect("builder-inited", start, priority=900)  # after the gallery and its downloads
    app.connect("env-updated", wait)
    app.connect("build-finished", lambda app, exc: wait(app))  # also after a failure
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
