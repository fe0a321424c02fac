"""docs/_ext/course_matplotlib.py and course_settings.py: a build that runs no example imports
neither matplotlib nor joblib (sphinx-gallery's configuration step imported both)."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

from sphinx_gallery import gen_gallery

REPO = Path(__file__).resolve().parents[2]

CONF = """
import json, os, sys
sys.path.insert(0, {ext!r})
extensions = ["sphinx_gallery.gen_gallery", *{extensions!r}]
sphinx_gallery_conf = {{"examples_dirs": "examples", "gallery_dirs": "gallery"}}
sphinx_gallery_conf["parallel"] = {jobs!r}
course_gallery_jobs = "2"  # for course_settings


def probe(app, exc):
    seen = {{name: name in sys.modules for name in ("matplotlib", "joblib")}}
    seen["MPLBACKEND"] = os.environ.get("MPLBACKEND")
    (app.srcdir / "probe.json").write_text(json.dumps(seen))


def setup(app):
    app.connect("build-finished", probe)
"""
EXAMPLE = '''"""
A figure
========
"""
import matplotlib
import matplotlib.pyplot as plt

print("backend:", matplotlib.get_backend())
plt.plot([1, 2, 3])
'''


def build(tmp_path: Path, extensions: list[str], *options: str, jobs: int | bool = False) -> dict:
    """Build a one-example gallery with ``extensions`` (and sphinx-gallery's ``parallel`` set to
    ``jobs``) in a new process; what its ``build-finished`` saw."""
    source = tmp_path / "docs"
    (source / "examples").mkdir(parents=True, exist_ok=True)
    (source / "examples" / "README.txt").write_text("Examples\n========\n")
    (source / "examples" / "plot_a.py").write_text(EXAMPLE)
    conf = CONF.format(ext=str(REPO / "docs" / "_ext"), extensions=extensions, jobs=jobs)
    (source / "conf.py").write_text(conf)
    (source / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   gallery/index\n")
    environ = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    command = [sys.executable, "-m", "sphinx", "-q", *options, str(source), str(tmp_path / "html")]
    result = subprocess.run(command, capture_output=True, text=True, env=environ)
    assert result.returncode == 0, result.stderr
    return json.loads((source / "probe.json").read_text())


NO_EXAMPLE = ("-D", "plot_gallery=0")


def test_a_build_that_runs_no_example_does_not_import_matplotlib(tmp_path) -> None:
    assert build(tmp_path / "without", [], *NO_EXAMPLE)["matplotlib"]  # sphinx-gallery imports it
    seen = build(tmp_path / "with", ["course_matplotlib"], *NO_EXAMPLE)
    assert not seen["matplotlib"] and seen["MPLBACKEND"] == "agg"


def test_a_build_that_runs_no_example_does_not_import_joblib(tmp_path) -> None:
    assert build(tmp_path / "without", [], *NO_EXAMPLE, jobs=2)["joblib"]  # sphinx-gallery's check
    assert not build(tmp_path / "with", ["course_settings", "course_stale"], *NO_EXAMPLE)["joblib"]


def test_an_example_still_draws_with_agg(tmp_path) -> None:
    """A regression check: sphinx-gallery's reset before the example chooses agg too."""
    assert build(tmp_path, ["course_matplotlib", "course_settings", "course_stale"])["matplotlib"]
    page = (tmp_path / "docs" / "gallery" / "plot_a.rst").read_text()
    assert "backend: agg" in page
    assert (tmp_path / "docs" / "gallery" / "images" / "sphx_glr_plot_a_001.png").is_file()


def test_sphinx_gallery_still_imports_matplotlib_by_that_name() -> None:
    """The configuration step calls ``_import_matplotlib``, the name this extension replaces."""
    assert hasattr(gen_gallery, "_import_matplotlib")
    assert "_import_matplotlib()" in inspect.getsource(gen_gallery._fill_gallery_conf_defaults)
