"""Sphinx extension: "在 Colab 中运行" for every example, from one setting.

Set ``COURSE_REPO=owner/name`` (the GitHub repository of the course) when building the site that
is published on that repository's ``gh-pages`` branch (GitHub Pages). Then

- every notebook starts with a cell that installs ``spiral_tut`` from ``COURSE_BRANCH`` of the
  repository (``main`` by default) when it is missing, so it runs in a fresh Colab (this module
  sets sphinx-gallery's ``first_notebook_cell``; ``course_stale`` re-runs the examples when that
  cell changes, so every notebook and ``.zip`` gets it);
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

import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from course_settings import SettingError, gallery_dirs

#: A GitHub ``owner/name``: the owner letters, digits and inner single hyphens (at most 39);
#: the name letters, digits, ``-``, ``_`` and ``.`` (at most 100), not ``.``/``..`` nor ``*.git``.
REPO = re.compile(
    r"(?!.*--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?/[A-Za-z0-9_.][A-Za-z0-9._-]{0,99}"
)
#: A branch name git accepts (``git check-ref-format --branch``), restricted to URL-safe letters.
BRANCH = re.compile(
    r"(?![-.])(?!.*(?:\.\.|//|/\.|\.lock/|@\{))[A-Za-z0-9._/-]{1,200}(?<![./])(?<!\.lock)"
)
#: Folder of the built site that holds a copy of every notebook.
NOTEBOOKS_DIR = "notebooks"


def parse_repo(value: str | None) -> str | None:
    """Check a GitHub repository setting; empty or None means "not configured".

    >>> parse_repo(" course/week1 ")
    'course/week1'
    >>> parse_repo("") is None
    True
    >>> parse_repo("a/.git")
    Traceback (most recent call last):
    ...
    ValueError: COURSE_REPO must look like 'owner/name' (a GitHub repository), got 'a/.git'
    """
    if value is None or not value.strip():
        return None
    repo = value.strip()
    name = repo.partition("/")[2]
    if not REPO.fullmatch(repo) or name in {".", ".."} or name.lower().endswith(".git"):
        raise ValueError(
            f"COURSE_REPO must look like 'owner/name' (a GitHub repository), got {value!r}"
        )
    return repo


def check_branch(name: str, value: str) -> str:
    """A git branch name fit for a URL, or ValueError naming the setting.

    >>> check_branch("COURSE_BRANCH", "release/2026.1")
    'release/2026.1'
    >>> check_branch("COURSE_BRANCH", "x.lock")
    Traceback (most recent call last):
    ...
    ValueError: COURSE_BRANCH must be a git branch name, got 'x.lock'
    """
    if not isinstance(value, str) or not BRANCH.fullmatch(value) or value.startswith("/"):
        raise ValueError(f"{name} must be a git branch name, got {value!r}")
    return value


def notebook_path(docname: str, gallery: str) -> str | None:
    """Where the built site keeps the notebook of a page of the gallery folder ``gallery``.

    None if the page is not an example.

    >>> notebook_path("auto_examples/01_exercises/plot_spiral_classification", "auto_examples")
    'notebooks/01_exercises/plot_spiral_classification.ipynb'
    >>> notebook_path("auto_examples/01_exercises/index", "auto_examples") is None
    True
    """
    path = PurePosixPath(docname)
    if path.parts[:1] != (gallery,) or not path.name.startswith("plot_"):
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
    paths = (notebook_path(docname, gallery) for gallery in gallery_dirs(config))
    path = next((path for path in paths if path is not None), None)
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


def copy_notebooks(app, exc) -> None:
    """Put every notebook at ``notebooks/<gallery>/<name>.ipynb`` in the site (Colab's path)."""
    if exc is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, NOTEBOOKS_DIR)
    for name in gallery_dirs(app.config):
        gallery = Path(app.srcdir, name)
        for path in sorted(gallery.rglob("*.ipynb")):
            if path.name.startswith("plot_"):
                destination = target / path.relative_to(gallery)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)


def check_settings(app, config) -> None:
    """``config-inited``, before sphinx-gallery: check the settings, set the first cell.

    A malformed repository or branch stops the build with one line naming the variable.
    """

    try:
        repo = parse_repo(config.course_repo)
        branch = check_branch("COURSE_BRANCH", config.course_branch)
        check_branch("COURSE_PAGES_BRANCH", config.course_pages_branch)
    except ValueError as error:
        raise SettingError(str(error)) from None
    config.sphinx_gallery_conf["first_notebook_cell"] = install_cell_source(repo, branch)


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
    app.connect("config-inited", check_settings, priority=5)  # sphinx-gallery's is at 10
    app.connect("build-finished", copy_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
