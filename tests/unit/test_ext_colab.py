"""docs/_ext/course_colab.py: Colab links, the notebooks' first cell, checked settings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from course_colab import (
    check_branch,
    check_settings,
    colab_url_for_doc,
    install_cell_source,
    notebook_path,
    parse_repo,
)
from course_settings import SettingError


def config(repo=None, branch="main", pages="gh-pages", gallery="auto_examples"):
    return SimpleNamespace(
        course_repo=repo,
        course_branch=branch,
        course_pages_branch=pages,
        sphinx_gallery_conf={"gallery_dirs": gallery},
    )


def test_the_gallery_folder_comes_from_the_configuration() -> None:
    conf = config(repo="course/week1", gallery="lessons")
    url = colab_url_for_doc(conf, "lessons/02_theory/plot_6_rbm")
    assert url == (
        "https://colab.research.google.com/github/course/week1/blob/gh-pages/"
        "notebooks/02_theory/plot_6_rbm.ipynb"
    )
    assert colab_url_for_doc(conf, "auto_examples/02_theory/plot_6_rbm") is None
    assert notebook_path("lessons/02_theory/index", "lessons") is None


def test_no_repository_no_link() -> None:
    assert colab_url_for_doc(config(repo=""), "auto_examples/01_exercises/plot_x") is None


@pytest.mark.parametrize(
    "repo",
    ["week1", "a/b/c", "https://github.com/a/b", "a/../b", "-a/b", "a b/c", "a/.", "a/..",
     "a/.git", "a/x.git", "a//b", "a--b/c", "a/" + "x" * 101, "x" * 40 + "/a"],
)  # fmt: skip
def test_names_github_rejects_are_refused(repo: str) -> None:
    with pytest.raises(ValueError, match="^COURSE_REPO must look like 'owner/name'"):
        parse_repo(repo)


@pytest.mark.parametrize(
    "branch",
    ["", "a b", "../x", "main;rm", "-f", "a//b", "x.lock", "a/b.lock", "a/.b", ".a", "a/",
     "/a", "a.", "a..b", "a@{1}", "x" * 201],
)  # fmt: skip
def test_names_git_rejects_are_refused(branch: str) -> None:
    with pytest.raises(ValueError, match="^COURSE_BRANCH must be a git branch name"):
        check_branch("COURSE_BRANCH", branch)


@pytest.mark.parametrize("branch", ["main", "gh-pages", "release/2026.1", "v1.0_rc", "a.lock.b"])
def test_ordinary_branch_names_pass(branch: str) -> None:
    assert check_branch("COURSE_BRANCH", branch) == branch


def test_check_settings_sets_the_install_cell_of_every_notebook() -> None:
    conf = config(repo="course/week1", branch="dev")
    check_settings(None, conf)
    assert conf.sphinx_gallery_conf["first_notebook_cell"] == install_cell_source(
        "course/week1", "dev"
    )
    assert "git+https://github.com/course/week1@dev" in install_cell_source("course/week1", "dev")


@pytest.mark.parametrize(
    ("settings", "variable"),
    [
        ({"repo": "a/.git"}, "COURSE_REPO"),
        ({"branch": "x.lock"}, "COURSE_BRANCH"),
        ({"pages": "-x"}, "COURSE_PAGES_BRANCH"),
    ],
)
def test_bad_settings_stop_the_build_with_one_line(settings: dict, variable: str) -> None:
    with pytest.raises(SettingError) as error:
        check_settings(None, config(**settings))
    assert str(error.value).startswith(f"Configuration error: {variable}") and "\n" not in str(
        error.value
    )
