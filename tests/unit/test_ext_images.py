"""docs/_ext/course_images.py: the figures of the examples that ran are compressed (losslessly)
beside the build, and keep their modification time."""

from __future__ import annotations

import os
import shutil
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
    course_images.wait(app, None)
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
    course_images.wait(app, None)
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
    course_images.wait(app, None)
    old = thumb.stat().st_mtime_ns
    course_images.remember(app)  # the next build, before sphinx-gallery
    compressed = thumb.read_bytes()
    thumb.write_bytes(made)  # sphinx-gallery made it again, not compressed
    os.utime(thumb, ns=(old + 10**9, old + 10**9))
    course_images.start(app)
    course_images.wait(app, None)
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
