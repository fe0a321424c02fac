"""docs/_ext/course_images.py: the figures of the examples that ran are compressed (losslessly)
beside the build, and keep their modification time."""

from __future__ import annotations

import os
import shutil
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


def slow_compression(monkeypatch, seen: list[str], page: Path | None = None, seconds: float = 5):
    """``compress`` stand-in: waits until ``page`` is written (at most ``seconds``), notes
    whether it was, then writes ``b"compressed"``; optipng counts as installed."""

    def compress(image: Path, before=None) -> None:
        deadline = time.monotonic() + seconds
        while page is not None and not page.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        seen.append(f"{image.name}: page {'written' if page and page.exists() else 'not written'}")
        image.write_bytes(b"compressed")

    monkeypatch.setattr(course_images, "compress", compress)
    monkeypatch.setattr(course_images.shutil, "which", lambda name: "/usr/bin/optipng")


def test_the_site_is_written_while_figures_compress_and_gets_them_compressed(
    tmp_path, monkeypatch
) -> None:
    """The HTML builder waits for optipng only before it copies the images: the pages are
    written meanwhile (the compression here finishes once the page exists), and the copy in the
    site is the compressed one."""
    build_main = pytest.importorskip("sphinx.cmd.build").build_main
    app, images = gallery(tmp_path)
    made = tmp_path / "made"  # the figures, made by the "examples" during the build
    images.rename(made)
    conf = app.config.sphinx_gallery_conf
    (tmp_path / "docs" / "conf.py").write_text(
        f'import os\nextensions = ["course_images"]\nsphinx_gallery_conf = {conf!r}\n\n'
        f"def run_examples(app):\n    os.rename({str(made)!r}, {str(images)!r})\n\n"
        "def setup(app):\n"
        '    app.add_config_value("sphinx_gallery_conf", {}, "")\n'
        '    app.connect("builder-inited", run_examples, priority=500)  # as sphinx-gallery\n',
        encoding="utf-8",
    )
    (tmp_path / "docs" / "index.rst").write_text(
        "Home\n====\n\n.. image:: auto_examples/01_x/images/sphx_glr_plot_a_001.png\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    seen: list[str] = []
    slow_compression(monkeypatch, seen, page=out / "index.html")
    assert build_main(["-W", "-q", "-b", "html", str(tmp_path / "docs"), str(out)]) == 0
    assert sorted(seen) == [
        "sphx_glr_plot_a_001.png: page written",
        "sphx_glr_plot_a_thumb.png: page written",
    ]
    assert (out / "_images" / "sphx_glr_plot_a_001.png").read_bytes() == b"compressed"


def test_only_sphinxs_html_builders_copy_the_images_after_html_collect_pages() -> None:
    from sphinx.builders import dirhtml, epub3, html, latex, singlehtml

    def copies_last(builder: type) -> bool:
        return course_images.copies_images_last(object.__new__(builder))

    assert copies_last(html.StandaloneHTMLBuilder) and copies_last(dirhtml.DirectoryHTMLBuilder)
    assert copies_last(epub3.Epub3Builder)
    assert not copies_last(singlehtml.SingleFileHTMLBuilder)
    assert not copies_last(latex.LaTeXBuilder)


def test_a_failed_build_drops_the_compressions_not_started_and_finishes_the_running_one(
    tmp_path, monkeypatch
) -> None:
    app, images = gallery(tmp_path)
    for number in range(2, 6):
        shutil.copy(images / "sphx_glr_plot_a_001.png", images / f"sphx_glr_plot_a_00{number}.png")
    seen: list[str] = []
    slow_compression(monkeypatch, seen, page=tmp_path / "never", seconds=0.3)
    monkeypatch.setattr(course_images.os, "cpu_count", lambda: 1)  # one at a time
    course_images.start(app)
    course_images.wait_at_the_end(app, RuntimeError("the build failed"))
    assert seen == ["sphx_glr_plot_a_thumb.png: page not written"]  # finished, not cut short
    assert (images / "thumb" / "sphx_glr_plot_a_thumb.png").read_bytes() == b"compressed"
    assert (images / "sphx_glr_plot_a_001.png").read_bytes() != b"compressed"
    assert app.course_compressing == {}
