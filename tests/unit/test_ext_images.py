"""docs/_ext/course_images.py: the figures of the examples that ran are compressed (losslessly)
beside the build, and keep their modification time."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import course_images
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

needs_optipng = pytest.mark.skipif(shutil.which("optipng") is None, reason="optipng not installed")


def gallery(tmp_path: Path) -> tuple[SimpleNamespace, Path]:
    """A fake app whose example ``examples/01_x/plot_a.py`` ran and made a figure, a thumbnail."""
    images = tmp_path / "docs" / "auto_examples" / "01_x" / "images"
    (images / "thumb").mkdir(parents=True)
    figure, axes = plt.subplots()
    axes.plot(np.sin(np.linspace(0, 6, 50)))
    for path in (images / "sphx_glr_plot_a_001.png", images / "thumb/sphx_glr_plot_a_thumb.png"):
        figure.savefig(path)
    figure.savefig(images / "sphx_glr_plot_b_001.png")  # an example that did not run
    conf = {
        "examples_dirs": "../examples",
        "gallery_dirs": "auto_examples",
        "passing_examples": [str(tmp_path / "docs" / ".." / "examples" / "01_x" / "plot_a.py")],
    }
    config = SimpleNamespace(sphinx_gallery_conf=conf, course_compress_images=True)
    return SimpleNamespace(srcdir=str(tmp_path / "docs"), config=config), images


def test_the_figures_of_an_example_are_found(tmp_path) -> None:
    app, images = gallery(tmp_path)
    pairs = course_images.example_pairs(app)
    found = course_images.figures_of(tmp_path / "examples/01_x/plot_a.py", pairs)
    assert found == [images / "sphx_glr_plot_a_001.png", images / "thumb/sphx_glr_plot_a_thumb.png"]


@needs_optipng
def test_only_the_new_figures_shrink_with_the_same_pixels_and_time(tmp_path) -> None:
    app, images = gallery(tmp_path)
    paths = sorted(images.rglob("*.png"))
    before = {
        p: (p.stat().st_size, p.stat().st_mtime_ns, np.asarray(Image.open(p).convert("RGBA")))
        for p in paths
    }
    course_images.start(app)
    course_images.wait(app)
    for path in paths:
        size, modified, pixels = before[path]
        if "plot_a" in path.name:
            assert path.stat().st_size < size
        else:
            assert path.stat().st_size == size
        assert path.stat().st_mtime_ns == modified
        assert np.array_equal(np.asarray(Image.open(path).convert("RGBA")), pixels)


@needs_optipng
def test_a_failed_compression_is_a_warning_naming_the_file(tmp_path, monkeypatch) -> None:
    app, images = gallery(tmp_path)
    (images / "sphx_glr_plot_a_001.png").write_bytes(b"not a png")
    warnings = []
    monkeypatch.setattr(course_images.logger, "warning", warnings.append)
    course_images.start(app)
    course_images.wait(app)
    assert len(warnings) == 1 and "sphx_glr_plot_a_001.png" in warnings[0]


def test_nothing_happens_without_optipng_or_when_turned_off(tmp_path, monkeypatch) -> None:
    app, images = gallery(tmp_path)
    app.config.course_compress_images = False
    course_images.start(app)
    assert app.course_compressing == {}
    app.config.course_compress_images = True
    monkeypatch.setattr(course_images.shutil, "which", lambda name: None)
    course_images.start(app)
    assert app.course_compressing == {}


@needs_optipng
def test_a_figure_made_again_with_the_same_bytes_keeps_its_old_time(tmp_path) -> None:
    app, images = gallery(tmp_path)
    thumb = images / "thumb/sphx_glr_plot_a_thumb.png"
    made = thumb.read_bytes()
    course_images.start(app)  # the first build: compressed
    course_images.wait(app)
    old = thumb.stat().st_mtime_ns
    course_images.remember(app)  # the next build, before sphinx-gallery
    compressed = thumb.read_bytes()
    thumb.write_bytes(made)  # sphinx-gallery made it again, not compressed
    os.utime(thumb, ns=(old + 10**9, old + 10**9))
    course_images.start(app)
    course_images.wait(app)
    assert thumb.read_bytes() == compressed and thumb.stat().st_mtime_ns == old


def test_the_image_is_there_whole_all_the_time_it_is_compressed(tmp_path, monkeypatch) -> None:
    """Sphinx may look at an image while it is compressed: optipng never writes over it."""
    _, images = gallery(tmp_path)
    image = images / "sphx_glr_plot_a_001.png"
    made = image.read_bytes()

    def optipng(command: list[str], **kwargs) -> None:
        output = Path(command[command.index("-out") + 1])
        assert command[-1] == str(image) and output != image
        assert image.read_bytes() == made  # untouched while the smaller copy is written
        output.write_bytes(b"smaller")

    monkeypatch.setattr(course_images.subprocess, "run", optipng)
    course_images.compress(image)
    assert image.read_bytes() == b"smaller" and sorted(images.glob("*.optipng")) == []


def slow_compression(monkeypatch, seen: list[str]) -> None:
    """``compress`` stand-in that takes 0.5 s, notes the image and writes ``b"compressed"``;
    optipng counts as installed."""

    def compress(image: Path, before=None) -> None:
        time.sleep(0.5)
        seen.append(image.name)
        image.write_bytes(b"compressed")

    monkeypatch.setattr(course_images, "compress", compress)
    pretend_optipng_is_installed(monkeypatch)


def pretend_optipng_is_installed(monkeypatch) -> None:
    which = shutil.which
    installed = {"optipng": "/usr/bin/optipng"}
    monkeypatch.setattr(
        course_images.shutil, "which", lambda name: installed.get(name) or which(name)
    )


SITE_CONF = """
import os
from sphinx_gallery.directives import ImageSg, imagesg_addnode

extensions = ["course_images"]
sphinx_gallery_conf = {conf!r}


def run_examples(app):
    os.rename({made!r}, {images!r})


def fail(*args):
    raise RuntimeError("a build that fails before it reads a page")


def setup(app):
    if os.environ.get("PROBE_FAIL"):
        app.connect("env-before-read-docs", fail)
    app.add_config_value("sphinx_gallery_conf", {{}}, "")
    app.connect("builder-inited", run_examples, priority=500)  # as sphinx-gallery does
    app.add_directive("image-sg", ImageSg)
    imagesg_addnode(app)
"""
PAGE = """Home
====

.. image-sg:: /auto_examples/01_x/images/sphx_glr_plot_a_001.png
   :srcset: /auto_examples/01_x/images/sphx_glr_plot_a_001.png

.. image:: auto_examples/01_x/images/sphx_glr_plot_a_002.png
"""


def make_site(tmp_path: Path) -> tuple[Path, Path]:
    """A site whose page shows figure 001 with ``image-sg`` and 002 with ``image``; the
    example "runs" during the build (the figures appear at ``builder-inited``)."""
    app, images = gallery(tmp_path)
    shutil.copy(images / "sphx_glr_plot_a_001.png", images / "sphx_glr_plot_a_002.png")
    made = tmp_path / "made"
    images.rename(made)
    conf = app.config.sphinx_gallery_conf
    site = tmp_path / "docs"
    text = SITE_CONF.format(conf=conf, made=str(made), images=str(images))
    (site / "conf.py").write_text(text, encoding="utf-8")
    (site / "index.rst").write_text(PAGE, encoding="utf-8")
    return site, images


def test_the_site_gets_the_compressed_figures(tmp_path, monkeypatch) -> None:
    """sphinx-gallery's ``image-sg`` copies a figure into the site as it writes the page, Sphinx
    copies the others (``image``) at the end: both copies are the compressed figures."""
    build_main = pytest.importorskip("sphinx.cmd.build").build_main
    site, images = make_site(tmp_path)
    seen: list[str] = []
    slow_compression(monkeypatch, seen)
    out = tmp_path / "html"
    assert build_main(["-W", "-q", "-b", "html", str(site), str(out)]) == 0
    assert len(seen) == 3  # the two figures and the thumbnail
    for name in ("sphx_glr_plot_a_001.png", "sphx_glr_plot_a_002.png"):
        assert (out / "_images" / name).read_bytes() == b"compressed", name


def test_a_build_that_fails_still_finishes_every_compression(tmp_path, monkeypatch) -> None:
    """No compression outlives the build (its process may end at once, leaving optipng to write
    a temporary file that nothing removes)."""
    build_main = pytest.importorskip("sphinx.cmd.build").build_main
    site, images = make_site(tmp_path)
    seen: list[str] = []
    slow_compression(monkeypatch, seen)
    monkeypatch.setattr(course_images.os, "cpu_count", lambda: 1)  # one after the other
    monkeypatch.setenv("PROBE_FAIL", "1")
    assert build_main(["-q", "-b", "html", str(site), str(tmp_path / "html")]) != 0
    assert len(seen) == 3
    for image in sorted(images.rglob("sphx_glr_plot_a_*.png")):
        assert image.read_bytes() == b"compressed", image.name


def test_a_warning_that_raises_comes_after_every_compression_has_finished(tmp_path, monkeypatch):
    """With ``--exception-on-warning`` the first failed optipng raises: the others have all
    finished by then, and none is waited for again."""
    app, images = gallery(tmp_path)
    seen: list[str] = []

    def compress(image: Path, before=None) -> None:
        if image.parent.name == "thumb":  # the first in the queue
            raise subprocess.CalledProcessError(1, "optipng", stderr=b"not a PNG")
        time.sleep(0.3)
        seen.append(image.name)

    def warning(message: str) -> None:
        raise RuntimeError(message)

    monkeypatch.setattr(course_images, "compress", compress)
    monkeypatch.setattr(course_images.logger, "warning", warning)
    monkeypatch.setattr(course_images.os, "cpu_count", lambda: 2)
    pretend_optipng_is_installed(monkeypatch)
    course_images.start(app)
    with pytest.raises(RuntimeError, match="sphx_glr_plot_a_thumb.png: not a PNG"):
        course_images.wait(app)
    assert seen == ["sphx_glr_plot_a_001.png"] and app.course_compressing == {}
