"""Sphinx configuration of the week-1 course site.

furo theme in Chinese, every example in ``examples/`` executed by sphinx-gallery, API pages from
``spiral_tut``'s docstrings, maths rendered by a MathJax copy served from the site itself and
Chinese full-text search (jieba with a dictionary of course terms). Nothing is fetched from the
network, neither while building nor by the pages in a reader's browser.

Build strictly with ``nox -s docs``, which runs
``sphinx-build -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import sys
import warnings
from pathlib import Path

import sphinx
from sphinx.util import logging as sphinx_logging

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))  # our extension and the hooks gallery workers import

# One OpenMP thread per process, set before anything imports torch: examples are small, several
# may run side by side, and no thread pool is left in the Sphinx process to deadlock its forks.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

logger = sphinx_logging.getLogger("course")

# -- Project -------------------------------------------------------------------------------------

project = "第 1 周：深度学习基础"
author = "深度学习课程"
copyright = "深度学习课程"
language = "zh_CN"
html_title = project
html_last_updated_fmt = None

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    "notfound.extension",  # 404.html
    "cjk_text",  # docs/_ext: no stray spaces where Chinese prose wraps
    "course_i18n",  # docs/_ext: furo's and sphinx-gallery's labels in Chinese
    "course_colab",  # docs/_ext: "在 Colab 中运行" and the notebooks' install cell
    "course_a11y",  # docs/_ext: accessible names, keyboard access to scrolling blocks
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints"]
templates_path = ["_templates"]  # page.html: furo's hard-coded labels in Chinese
locale_dirs = ["locale"]  # locale/zh_CN/LC_MESSAGES/sphinx.po: furo's other labels

# -- HTML ----------------------------------------------------------------------------------------

html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_favicon = "_static/favicon.svg"
html_logo = "_static/favicon.svg"
html_show_sphinx = False  # the footer credits Sphinx and Furo in Chinese (locale/.../sphinx.po)
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {"navigation_with_keys": True}

# -- Colab links and the 404 page: one setting, the course's GitHub repository -------------------
# COURSE_REPO=owner/name nox -s docs builds the site to publish on that repository's gh-pages
# branch (GitHub Pages): every example links to "在 Colab 中运行", its notebook installs
# spiral_tut from COURSE_BRANCH, and the 404 page links under /name/. Unset: no Colab links.
# See docs/_ext/course_colab.py and README.md.

import course_colab  # noqa: E402  (docs/_ext)

course_repo = os.environ.get("COURSE_REPO") or None
course_branch = os.environ.get("COURSE_BRANCH") or "main"
course_pages_branch = os.environ.get("COURSE_PAGES_BRANCH") or "gh-pages"

notfound_urls_prefix = course_colab.site_prefix(course_repo)
notfound_context = {
    "title": "找不到页面",
    "body": (
        "<h1>找不到页面</h1>\n"
        "<p>这个地址上没有页面：链接可能写错了，或者页面已经改名。</p>\n"
        f'<p>回到<a href="{notfound_urls_prefix}index.html">首页</a>，'
        "或者用左侧的搜索框查找。</p>"
    ),
}

# -- autodoc -------------------------------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = True
napoleon_numpy_docstring = True

# -- sphinx-copybutton: copy code without prompts or output ---------------------------------------

copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_exclude = ".linenos, .gp, .go"

# -- Maths: MathJax 3 from the django-static-mathjax wheel, served from _static/mathjax ------------
# (the package is only a carrier of MathJax's files; Django is neither needed nor installed)

MATHJAX_SOURCE = Path(importlib.util.find_spec("mathjax").origin).parent / "static/mathjax/es5"
MATHJAX_FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")
mathjax_path = "mathjax/tex-chtml.js"


def copy_mathjax(app, exc) -> None:
    """Copy the few MathJax files the pages load (script, fonts, TeX extensions) into _static."""
    if exc is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, "_static", "mathjax")
    for name in MATHJAX_FILES:
        source = MATHJAX_SOURCE / name
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)


# -- Chinese search: jieba, quiet, with the course's terms -----------------------------------------

with warnings.catch_warnings():  # an old jieba imports the deprecated pkg_resources
    warnings.simplefilter("ignore")
    import jieba
    from sphinx.search.zh import SearchChinese

jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict ..." chatter in the build log
html_search_language = "zh"
html_search_options = {"dict": str(DOCS / "search_dict.txt")}


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search, with the JavaScript stemmer it ships named correctly.

    Chinese search stems Latin words with the English stemmer, but Sphinx 9.0 ends
    ``language_data.js`` with ``window.Stemmer = ChineseStemmer``, a name that is never defined:
    the search page stops with a ReferenceError and finds nothing (sphinx-doc/sphinx#14229, fixed
    in Sphinx 9.1, which needs Python >= 3.12). The stemmer's class is named after
    ``language_name``, so name the language after the stemmer.
    """

    language_name = "English"


# -- sphinx-gallery ------------------------------------------------------------------------------

#: Examples run side by side in this many processes (SPHINX_GALLERY_JOBS=1: one after another).
GALLERY_JOBS = int(os.environ.get("SPHINX_GALLERY_JOBS", min(os.cpu_count() or 1, 4)))
FILENAME_PATTERN = r"/plot_"  # execute every plot_*.py

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": FILENAME_PATTERN,
    "within_subsection_order": "course_gallery.CourseOrder",
    # matplotlib's defaults, then the transparent theme and one torch thread (see course_gallery)
    "reset_modules": ("matplotlib", "course_gallery.reset_example"),
    "reset_modules_order": "before",
    "parallel": GALLERY_JOBS if GALLERY_JOBS > 1 else False,
    "remove_config_comments": True,
    "download_all_examples": False,
    "write_computation_times": True,
    "min_reported_time": 0,
    "thumbnail_size": (400, 280),
    "abort_on_example_error": False,  # run all, report every failure, then fail the build
    "only_warn_on_example_error": False,
    # optipng shrinks the figures by about a quarter; without it (a fresh machine) the build
    # still passes, with larger images, instead of failing on sphinx-gallery's warning.
    "compress_images": ("images", "thumbnails") if shutil.which("optipng") else (),
}

# -- Stale outputs: re-run every example when spiral_tut's sources change -------------------------

PACKAGE = "spiral_tut"
#: Digest of the package sources the gallery outputs were made with (beside those outputs).
PACKAGE_STAMP = DOCS / "auto_examples" / f".{PACKAGE}.sha256"


def package_digest() -> str:
    """SHA-256 over the path and bytes of every source file of ``spiral_tut`` (as imported)."""
    spec = importlib.util.find_spec(PACKAGE)
    root = Path(spec.origin).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def rerun_if_package_changed(app) -> None:
    """Before sphinx-gallery runs: force every example to run again if the package changed.

    sphinx-gallery skips an example whose own file is unchanged, so its output would silently
    stay that of the old package.
    """
    conf = app.config.sphinx_gallery_conf
    app.course_package_digest = package_digest()
    old = PACKAGE_STAMP.read_text().strip() if PACKAGE_STAMP.is_file() else None
    if old != app.course_package_digest and PACKAGE_STAMP.parent.is_dir():
        why = "has changed" if old else "has no recorded version"
        logger.info(f"[course] {PACKAGE} {why} since the examples last ran: re-running all")
        conf["run_stale_examples"] = True


def record_package_digest(app) -> None:
    """After sphinx-gallery ran every example: record the package version they ran with."""
    conf = app.config.sphinx_gallery_conf
    ran_all = bool(conf["plot_gallery"]) and conf["filename_pattern"] == FILENAME_PATTERN
    if ran_all:  # a partial run (-D ...filename_pattern=...) leaves the others stale
        PACKAGE_STAMP.parent.mkdir(parents=True, exist_ok=True)
        PACKAGE_STAMP.write_text(app.course_package_digest + "\n")


# -- Notebooks: no reST escapes in their Markdown -------------------------------------------------

ESCAPED_SPACE = re.compile(r"(``.*?``)|\\ ", re.S)  # keep `\ ` inside ``literals``


def clean_notebooks(app) -> None:
    r"""Drop reST's escaped spaces from the Markdown cells of the downloadable notebooks.

    Chinese prose needs ``\ `` between inline markup and a Chinese character (``x``\ （…);
    reST renders it as nothing, but sphinx-gallery copies it into the notebooks, where Jupyter
    would show the backslash.
    """
    for path in sorted((DOCS / "auto_examples").rglob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        changed = False
        for cell in notebook["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            clean = ESCAPED_SPACE.sub(lambda m: m.group(1) or "", text)
            if clean != text:
                cell["source"] = clean.splitlines(keepends=True)
                changed = True
        if changed:
            course_colab.write_notebook(path, notebook)  # and its copy in the .zip download


# -- sphinx-gallery's computation-times pages: no CDN scripts or styles ----------------------------

CDN_BLOCK = re.compile(r"^  \.\. raw:: html\n.*?(?=^  \.\. list-table::)", re.M | re.S)


def strip_cdn_assets(app, docname: str, source: list[str]) -> None:
    """Drop the DataTables/jQuery/Bootstrap CDN block of ``sg_execution_times`` pages.

    The table stays (sorted by run time, plain furo style); the site then loads nothing from
    outside.
    """
    if docname.rsplit("/", 1)[-1] != "sg_execution_times":
        return
    text = CDN_BLOCK.sub("", source[0])
    if "://" in text:
        logger.warning(f"[course] {docname}: external URLs left in the computation-times page")
    source[0] = text


def setup(app) -> None:
    app.connect("builder-inited", rerun_if_package_changed, priority=400)  # before the gallery
    app.connect("builder-inited", record_package_digest, priority=900)  # after it
    app.connect("builder-inited", clean_notebooks, priority=900)
    app.connect("source-read", strip_cdn_assets)
    app.connect("build-finished", copy_mathjax)
    if sphinx.version_info[:2] == (9, 0):
        app.add_search_language(ChineseSearch)
