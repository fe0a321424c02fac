"""Checks that run Sphinx builds themselves (slow): ``nox -s build_checks``.

Without ``COURSE_BUILD_CHECKS=1`` in the environment (the nox session sets it) these tests are
skipped, so a plain ``pytest`` stays fast. The helpers they share are in ``buildtools.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from buildtools import Build, can_unshare_network, copy_sources, sphinx_build

HERE = Path(__file__).resolve().parent
ENABLE = "COURSE_BUILD_CHECKS"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(ENABLE) == "1":
        return
    skip = pytest.mark.skip(reason=f"runs Sphinx builds: `nox -s build_checks` ({ENABLE}=1)")
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """The whole site built twice from scratch; the first build without network if possible.

    The first runs the examples side by side in one pool of two workers (``course_pool``), the
    second one after another in the Sphinx process: their outputs must be the same."""
    trees = [copy_sources(tmp_path_factory.mktemp(name)) for name in ("first", "second")]
    pooled = sphinx_build(
        trees[0], offline=not can_unshare_network(), env={"SPHINX_GALLERY_JOBS": "2"}
    )
    return pooled, sphinx_build(trees[1], env={"SPHINX_GALLERY_JOBS": "1"})
