"""Sphinx extension: the examples that will run share one pool of workers, the longest first.

sphinx-gallery 0.22 starts a pool of workers for each gallery folder and waits for the folder's
slowest example before it starts the next folder. In this course that leaves a worker idle for
most of a cold build's first 20 s: the spiral page runs alone in ``01_exercises`` once the tensor
page is done. Here, just before sphinx-gallery, every example it is about to run, from all
folders, goes into one pool, the longest first (its run time in the last build, from
sphinx-gallery's ``<name>.cost.json``; examples never run before go first, the largest file
first). Each example is run by sphinx-gallery's own ``generate_file_rst``, in a
worker, as in its parallel mode. sphinx-gallery then goes through its folders as usual and gets
each example's result from here instead of running it again: pages, run times, the list of
failures and the outputs are its own.

This relies on ``generate_dir_rst`` calling ``gen_rst.generate_file_rst`` by that name
(sphinx-gallery 0.22.1, checked by the unit tests).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from course_stale import example_pairs, examples_to_run
from sphinx.util import logging
from sphinx_gallery import gen_rst
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

logger = logging.getLogger(__name__)

#: sphinx-gallery's own function, which the pool's results stand in for.
GENERATE_FILE_RST = gen_rst.generate_file_rst

#: One example: (its folder, its gallery folder, its file name).
Example = tuple[Path, Path, str]


def last_run_seconds(example: Example) -> float | None:
    """How long ``example`` ran in the last build (sphinx-gallery's ``<name>.cost.json``), or
    None if that is not known (never run, or the file was cut short)."""
    _, target_dir, fname = example
    cost = target_dir / f"{Path(fname).stem}.cost.json"
    try:
        return float(json.loads(cost.read_text(encoding="utf-8"))["time"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def longest_first(examples: list[Example]) -> list[Example]:
    """``examples`` in the order to start them: those never timed first, the longest file first
    (a rough stand-in: in this course the two longest files are two of the three slowest
    examples), then the others by their last run time, the longest first."""

    def expected(example: Example) -> tuple[bool, float]:
        seconds = last_run_seconds(example)
        if seconds is None:
            return True, (example[0] / example[2]).stat().st_size
        return False, seconds

    return sorted(examples, key=expected, reverse=True)


def may_share(example: Example) -> bool:
    """False for an example that asks to run alone (``# sphinx_gallery_parallel = False``):
    sphinx-gallery runs it in the Sphinx process."""
    src_dir, _, fname = example
    settings = split_code_and_text_blocks(str(src_dir / fname), return_node=True)[0]
    return settings.get("parallel", True) is not False


def gallery_folders(app) -> dict[Path, Path]:
    """Each folder of examples sphinx-gallery goes through (a gallery's top folder and its
    subfolders with a header), with the folder its outputs go to."""
    from sphinx_gallery.gen_gallery import get_subsections

    conf = app.config.sphinx_gallery_conf
    folders = {}
    for examples, gallery in example_pairs(app):
        folders[examples.resolve()] = gallery
        for name in get_subsections(app.srcdir, examples, conf) if examples.is_dir() else []:
            folders[(examples / name).resolve()] = gallery / name
    return folders


def pooled_examples(app) -> list[Example]:
    """The examples sphinx-gallery is about to run that may share a pool (not those of a folder
    or name it would skip: they would leave pages that no table of contents lists)."""
    ignored = app.config.sphinx_gallery_conf["ignore_pattern"]
    folders = gallery_folders(app)
    found = []
    for source in examples_to_run(app):
        source = source.resolve()
        target_dir = folders.get(source.parent)
        if target_dir is not None and re.search(ignored, source.name) is None:
            found.append((source.parent, target_dir, source.name))
    return [example for example in found if may_share(example)]


def run_one(example: Example, gallery_conf: dict[str, Any]) -> tuple[Example, tuple]:
    """In a worker: sphinx-gallery's run of one example, with the example it belongs to."""
    src_dir, target_dir, fname = example
    return example, GENERATE_FILE_RST(fname, target_dir, src_dir, gallery_conf)


def run_in_one_pool(app) -> None:
    """``builder-inited``, after ``course_stale.fit_jobs``, before sphinx-gallery: run the
    examples in one pool and hand their results to sphinx-gallery, which runs in this process."""
    conf = app.config.sphinx_gallery_conf
    jobs = conf["parallel"]
    examples = pooled_examples(app) if jobs else []
    if len(examples) < 2:
        return  # sphinx-gallery as usual: one example runs in this process
    from joblib import Parallel, delayed

    for _, target_dir, _ in examples:  # as sphinx-gallery makes them before it runs a folder
        (target_dir / "images" / "thumb").mkdir(parents=True, exist_ok=True)
    logger.info(
        f"[course] running {len(examples)} examples in one pool of {jobs} workers, "
        "the longest first"
    )
    pool = Parallel(
        n_jobs=jobs,
        backend="loky",
        batch_size=1,
        pre_dispatch="n_jobs",
        return_as="generator_unordered",
    )
    results = {}
    for number, (example, result) in enumerate(
        pool(delayed(run_one)(example, conf) for example in longest_first(examples)), 1
    ):
        seconds = result[2][0]
        logger.info(f"[course] [{number}/{len(examples)}] {example[2]}: {seconds:.2f} s")
        results[str(example[0] / example[2])] = result
    app.course_pool_results = results
    conf["parallel"] = False  # sphinx-gallery takes the results in this process
    gen_rst.generate_file_rst = take_result(results)


def take_result(results: dict[str, tuple]):
    """A stand-in for ``generate_file_rst`` that gives back each pooled example's result (once)
    and runs any other file with sphinx-gallery's own function."""

    def generate_file_rst(fname, target_dir, src_dir, gallery_conf):
        key = str(Path(src_dir).resolve() / fname)
        if key in results:
            return results.pop(key)
        return GENERATE_FILE_RST(fname, target_dir, src_dir, gallery_conf)

    return generate_file_rst


def give_back(app) -> None:
    """``builder-inited``, after sphinx-gallery: its own ``generate_file_rst`` again. A result
    left over means sphinx-gallery did not ask for an example that ran: a bug here."""
    gen_rst.generate_file_rst = GENERATE_FILE_RST
    left = getattr(app, "course_pool_results", {})
    app.course_pool_results = {}
    if left:
        names = ", ".join(sorted(Path(key).name for key in left))
        logger.warning(f"[course] examples ran but sphinx-gallery did not take them: {names}")


def setup(app) -> dict[str, object]:
    app.connect("builder-inited", run_in_one_pool, priority=470)  # course_stale.fit_jobs: 460
    app.connect("builder-inited", give_back, priority=510)  # sphinx-gallery's gallery: 500
    app.connect("build-finished", lambda app, exc: give_back(app))  # if the gallery failed
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
