"""Sphinx extension: "在 Colab 中运行" for every example, from one setting.

Set ``COURSE_REPO=owner/name`` (the GitHub repository of the course) when building the site that
is published on that repository's ``gh-pages`` branch (GitHub Pages). Then

- every notebook starts with a cell that installs ``spiral_tut`` from ``COURSE_BRANCH`` of the
  repository (``main`` by default) when it is missing, so it runs in a fresh Colab;
- the built site keeps a copy of every notebook at a stable path,
  ``notebooks/<gallery>/<name>.ipynb`` (beside ``index.html``), which Colab opens from the
  published branch;
- every example page links to
  ``https://colab.research.google.com/github/<owner>/<name>/blob/gh-pages/notebooks/...``.

Unset, the pages show no Colab link and the notebook's first cell only says how to install the
package locally. The ``.py`` downloads never change: they run as they are.

The functions without ``app`` are pure and stdlib-only, so the tests import them directly.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import quote

#: A GitHub ``owner/name``: letters, digits, ``-``, ``_`` and ``.`` (no ``..``).
REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")
#: Folder of the built site that holds a copy of every notebook.
NOTEBOOKS_DIR = "notebooks"
#: Metadata tag of the install cell, so a later build finds and replaces it.
INSTALL_TAG = "course-install"
#: The gallery's output folder (``gallery_dirs`` in conf.py).
GALLERY_DIR = "auto_examples"


def parse_repo(value: str | None) -> str | None:
    """Check a GitHub repository setting; empty or None means "not configured".

    >>> parse_repo(" course/week1 ")
    'course/week1'
    >>> parse_repo("") is None
    True
    """
    if value is None or not value.strip():
        return None
    repo = value.strip()
    if not REPO.fullmatch(repo) or ".." in repo:
        raise ValueError(
            f"COURSE_REPO must look like 'owner/name' (a GitHub repository), got {value!r}"
        )
    return repo


def check_branch(name: str, value: str) -> str:
    """A git branch name fit for a URL, or ValueError naming the setting."""
    if not value or not re.fullmatch(r"[A-Za-z0-9._/-]+", value) or ".." in value:
        raise ValueError(f"{name} must be a git branch name, got {value!r}")
    return value


def notebook_path(docname: str) -> str | None:
    """Where the built site keeps the notebook of a gallery page, or None if it is none.

    >>> notebook_path("auto_examples/01_exercises/plot_spiral_classification")
    'notebooks/01_exercises/plot_spiral_classification.ipynb'
    >>> notebook_path("auto_examples/01_exercises/index") is None
    True
    """
    path = PurePosixPath(docname)
    if path.parts[:1] != (GALLERY_DIR,) or not path.name.startswith("plot_"):
        return None
    return str(PurePosixPath(NOTEBOOKS_DIR, *path.parts[1:]).with_suffix(".ipynb"))


def colab_url(repo: str, branch: str, path: str) -> str:
    """Colab's address of a notebook in a GitHub repository.

    >>> colab_url("course/week1", "gh-pages", "notebooks/01_exercises/plot_x.ipynb")
    'https://colab.research.google.com/github/course/week1/blob/gh-pages/notebooks/01_exercises/plot_x.ipynb'
    """
    repo = parse_repo(repo)
    if repo is None:
        raise ValueError("repo must be 'owner/name', got an empty value")
    branch = check_branch("branch", branch)
    if not path.endswith(".ipynb") or path.startswith("/"):
        raise ValueError(f"path must be a relative path of an .ipynb file, got {path!r}")
    return f"https://colab.research.google.com/github/{repo}/blob/{quote(branch)}/{quote(path)}"


def colab_url_for_doc(config, docname: str) -> str | None:
    """The Colab link of a gallery page under the site's settings; None when there is none."""
    repo = parse_repo(config.course_repo)
    path = notebook_path(docname)
    if repo is None or path is None:
        return None
    return colab_url(repo, config.course_pages_branch, path)


def install_requirement(repo: str, branch: str) -> str:
    """pip's requirement for ``spiral_tut`` from a branch of the course repository.

    >>> install_requirement("course/week1", "main")
    'spiral-tut @ git+https://github.com/course/week1@main'
    """
    return f"spiral-tut @ git+https://github.com/{repo}@{check_branch('branch', branch)}"


def install_cell_source(repo: str | None, branch: str = "main") -> str:
    """The code of the notebooks' first cell.

    With a repository: install ``spiral_tut`` from it when it is not installed yet (a fresh
    Colab); plain Python, no IPython magic. Without: say how to install it locally.
    """
    repo = parse_repo(repo)
    if repo is None:
        return (
            "# 本笔记本使用课程的 spiral_tut 包。没有安装时，先在课程仓库的根目录运行：\n"
            "#     python -m pip install -e .\n"
            "import spiral_tut  # noqa: F401\n"
        )
    requirement = install_requirement(repo, branch)
    return (
        "# 本笔记本使用课程的 spiral_tut 包；在 Colab 或新的 Jupyter 环境中，这个单元格先安装它。\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        f'REQUIREMENT = "{requirement}"\n'
        'if importlib.util.find_spec("spiral_tut") is None:\n'
        '    pip = [sys.executable, "-m", "pip", "install", "--quiet", REQUIREMENT]\n'
        "    subprocess.run(pip, check=True)\n"
        "    importlib.invalidate_caches()\n"
    )


def with_install_cell(notebook: dict, source: str) -> dict:
    """The notebook with ``source`` as its first cell (replacing an earlier install cell).

    >>> nb = with_install_cell({"cells": []}, "print(1)\\n")
    >>> nb = with_install_cell(nb, "print(2)\\n")
    >>> [c["source"] for c in nb["cells"]]
    [['print(2)\\n']]
    """
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": [INSTALL_TAG]},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }
    cells = [
        c for c in notebook["cells"] if INSTALL_TAG not in c.get("metadata", {}).get("tags", [])
    ]
    return {**notebook, "cells": [cell, *cells]}


def write_notebook(path: Path, notebook: dict) -> None:
    """Write a notebook, and its copy in the example's ``.zip`` download if there is one."""
    text = json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")
    archive = path.with_suffix(".zip")
    if archive.is_file():
        with zipfile.ZipFile(archive) as old:
            entries = [(info, old.read(info)) for info in old.infolist()]
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
            for info, data in entries:
                new.writestr(info, text if info.filename == path.name else data)


def add_install_cells(app) -> None:
    """After sphinx-gallery wrote the notebooks: make the install cell their first cell.

    Done on every build, not through sphinx-gallery's ``first_notebook_cell``: sphinx-gallery
    rewrites a notebook only when its example runs again, so a changed setting would not reach
    the notebooks of unchanged examples.
    """
    source = install_cell_source(app.config.course_repo, app.config.course_branch)
    for path in sorted(Path(app.srcdir, GALLERY_DIR).rglob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        updated = with_install_cell(notebook, source)
        if updated != notebook:
            write_notebook(path, updated)


def copy_notebooks(app, exc) -> None:
    """Put every notebook at ``notebooks/<gallery>/<name>.ipynb`` in the site (Colab's path)."""
    if exc is not None or app.builder.format != "html":
        return
    gallery = Path(app.srcdir, GALLERY_DIR)
    target = Path(app.outdir, NOTEBOOKS_DIR)
    for path in sorted(gallery.rglob("*.ipynb")):
        if path.name.startswith("plot_"):
            destination = target / path.relative_to(gallery)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def check_settings(app, config) -> None:
    """Fail early, with the setting's name, on a malformed repository or branch."""
    parse_repo(config.course_repo)
    check_branch("COURSE_BRANCH", config.course_branch)
    check_branch("COURSE_PAGES_BRANCH", config.course_pages_branch)


def site_prefix(repo: str | None) -> str:
    """The URL path the published site lives under (for absolute links on the 404 page).

    GitHub Pages serves a project site at ``https://owner.github.io/name/`` and a user site
    (repository ``owner/owner.github.io``) at the root; unconfigured, the site is at the root.

    >>> site_prefix("course/week1"), site_prefix("course/course.github.io"), site_prefix(None)
    ('/week1/', '/', '/')
    """
    repo = parse_repo(repo)
    if repo is None:
        return "/"
    owner, name = repo.split("/")
    return "/" if name.lower() == f"{owner.lower()}.github.io" else f"/{name}/"


def setup(app) -> dict[str, object]:
    app.add_config_value("course_repo", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("course_branch", "main", "", types=frozenset({str}))
    app.add_config_value("course_pages_branch", "gh-pages", "env", types=frozenset({str}))
    app.connect("config-inited", check_settings)
    app.connect("builder-inited", add_install_cells, priority=950)  # after sphinx-gallery
    app.connect("build-finished", copy_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
