"""Sphinx configuration of the week-1 course site.

furo theme in Chinese, every example in ``examples/`` executed by sphinx-gallery, API pages from
``spiral_tut``'s docstrings, maths rendered at build time as MathML (no JavaScript) and
Chinese full-text search (jieba with a dictionary of course terms). Nothing is fetched from the
network, neither while building nor by the pages in a reader's browser.

Build strictly with ``nox -s docs``, which runs
``sphinx-build -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))  # our extensions and the hooks gallery workers import

# One OpenMP thread per process, set before anything imports torch: examples are small, several
# may run side by side, and no thread pool is left in the Sphinx process to deadlock its forks.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

# -- Project -------------------------------------------------------------------------------------

project = "第 1 周：深度学习基础"
author = "深度学习课程"
copyright = "深度学习课程"
language = "zh_CN"
html_title = project
html_last_updated_fmt = None

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    "notfound.extension",  # 404.html
    # docs/_ext:
    "course_settings",  # SPHINX_GALLERY_JOBS and the time limit checked; example names
    "course_stale",  # examples re-run when anything their output depends on changed
    "course_prose",  # an example whose text changed but not its code is not run again
    "course_pool",  # the examples of all folders in one pool of workers, the longest first
    "course_offline",  # no CDN on the computation-times pages
    "course_mathml",  # maths as MathML, converted at build time by latex2mathml
    "course_search",  # Chinese search that works on Sphinx 9.0; jieba quiet
    "cjk_text",  # no stray spaces where Chinese prose wraps
    "course_i18n",  # furo's and sphinx-gallery's labels in Chinese
    "course_colab",  # "在 Colab 中运行" and the notebooks' install cell
    "course_practice",  # practice notebooks (练习版) from the solution markers
    "course_a11y",  # accessible names, keyboard access to scrolling blocks
    "course_images",  # the new figures compressed with optipng while Sphinx reads the pages
    "course_viewcode",  # viewcode reads spiral_tut's files instead of importing it (and torch)
    "course_navigation",  # every page written again when a title or a toctree changed
    "course_matplotlib",  # sphinx-gallery's configuration step imports no matplotlib
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints"]
# sphinx-gallery checks the absolute path of every example for spaces, so a checkout in
# "~/My Courses/" would fail the strict build; docs/_ext/course_settings.py checks the names only.
suppress_warnings = ["sphinx_gallery.space_in_filename"]
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
# Checked by docs/_ext/course_colab.py (a bad value stops the build naming it); see README.md.

import course_colab  # noqa: E402  (docs/_ext)

course_repo = os.environ.get("COURSE_REPO") or None
course_branch = os.environ.get("COURSE_BRANCH") or "main"
course_pages_branch = os.environ.get("COURSE_PAGES_BRANCH") or "gh-pages"

try:
    notfound_urls_prefix = course_colab.site_prefix(course_repo)
except ValueError:
    notfound_urls_prefix = "/"  # course_colab stops the build with the setting's name
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

# -- sphinx-copybutton: copy code without prompts or output ---------------------------------------

copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_exclude = ".linenos, .gp, .go"

# -- Maths: MathML written at build time (docs/_ext/course_mathml.py), no JavaScript -------------

html_math_renderer = "mathml"

# -- Chinese search: jieba with the course's terms (docs/_ext/course_search.py) --------------------

html_search_language = "zh"
html_search_options = {"dict": str(DOCS / "search_dict.txt")}

# -- sphinx-gallery ------------------------------------------------------------------------------

#: Examples run side by side in this many processes (SPHINX_GALLERY_JOBS=1: one after another;
#: unset: one per CPU, at most 4). Checked by docs/_ext/course_settings.py.
course_gallery_jobs = os.environ.get("SPHINX_GALLERY_JOBS")
#: An example that runs longer than this many seconds (wall clock; generous, as a loaded machine
#: can be ten times slower than a quiet one) fails the build (an endless loop must not
#: hang CI); the environment variable COURSE_EXAMPLE_TIME_LIMIT overrides it.
course_example_time_limit = 600
FILENAME_PATTERN = r"/plot_"  # execute every plot_*.py

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": FILENAME_PATTERN,
    "within_subsection_order": "course_gallery.CourseOrder",
    # matplotlib's defaults, then the transparent theme, one torch thread, no sys.exit (see
    # course_gallery)
    "reset_modules": ("matplotlib", "course_gallery.reset_example"),
    "reset_modules_order": "both",  # after: course_gallery gives sys.exit back
    "parallel": False,  # set from course_gallery_jobs
    "remove_config_comments": True,
    "download_all_examples": False,
    "write_computation_times": True,
    "min_reported_time": 0,
    "thumbnail_size": (400, 280),
    "abort_on_example_error": False,  # run all, report every failure, then fail the build
    "only_warn_on_example_error": False,
    # optipng (lossless, about a quarter smaller) runs beside the build: docs/_ext/course_images.py
    "compress_images": (),
    # first_notebook_cell: the install cell, set by course_colab from COURSE_REPO/COURSE_BRANCH
}

# -- Stale outputs (docs/_ext/course_stale.py) ----------------------------------------------------
# Besides its own file, an example's output depends on these modules' sources (the package, its
# figure theme included; the reset hook), the notebook cells above and these versions: when one
# changes, every example runs again.

course_output_modules = ["spiral_tut", "course_gallery"]
course_output_distributions = ["torch", "numpy", "matplotlib", "sphinx-gallery"]
course_full_filename_pattern = FILENAME_PATTERN  # a run of all examples (not -D ...pattern=)
#: An example page (code, text and output) larger than this many bytes fails the strict build.
course_example_output_limit = 1_000_000
