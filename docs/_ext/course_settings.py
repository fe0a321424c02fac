"""Sphinx extension: the build settings that come from the environment, checked, and the gallery's
output folders read from the configuration.

``conf.py`` passes ``SPHINX_GALLERY_JOBS`` through unparsed (``course_gallery_jobs``); a bad value
stops the build with one line that names the variable, before anything runs, instead of a
traceback of ``conf.py``. The other extensions find the gallery's output folders with
:func:`gallery_dirs`, so its name is written once, in ``sphinx_gallery_conf["gallery_dirs"]``.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

#: The most example processes that make sense on a course machine.
MAX_JOBS = 64
#: The environment variable that sets each example's time limit (seconds); course_gallery reads
#: it in every process that runs examples.
TIME_LIMIT = "COURSE_EXAMPLE_TIME_LIMIT"


class SettingError(SystemExit):
    """A bad build setting: sphinx-build stops with this one line (and exit status 1).

    Sphinx 9 answers any exception from an extension with a crash report that asks to file a
    Sphinx bug; ``SystemExit`` passes through it, and Python prints the message alone.
    """

    def __init__(self, message: str) -> None:
        super().__init__(f"Configuration error: {message}")


def gallery_dirs(config) -> list[str]:
    """The gallery output folders (relative to the source folder) of a Sphinx configuration.

    >>> from types import SimpleNamespace
    >>> gallery_dirs(SimpleNamespace(sphinx_gallery_conf={"gallery_dirs": "auto_examples"}))
    ['auto_examples']
    >>> gallery_dirs(SimpleNamespace(sphinx_gallery_conf={"gallery_dirs": ["a", "b"]}))
    ['a', 'b']
    """
    dirs = config.sphinx_gallery_conf["gallery_dirs"]
    return [dirs] if isinstance(dirs, str) else list(dirs)


def parse_jobs(value: str | None, default: int) -> int:
    """Number of example processes from ``SPHINX_GALLERY_JOBS``; None means ``default``.

    >>> parse_jobs(None, 4), parse_jobs(" 2 ", 4)
    (4, 2)
    >>> parse_jobs("abc", 4)
    Traceback (most recent call last):
    ...
    ValueError: SPHINX_GALLERY_JOBS must be a whole number from 1 to 64, got 'abc'
    """
    if value is None:
        return default
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_JOBS:
        raise ValueError(
            f"SPHINX_GALLERY_JOBS must be a whole number from 1 to {MAX_JOBS}, got {value!r}"
        )
    return int(text)


def parse_time_limit(value: str | None, default: int) -> int:
    """Seconds an example may run, from ``COURSE_EXAMPLE_TIME_LIMIT``; None means ``default``.

    >>> parse_time_limit(None, 180), parse_time_limit("600", 180)
    (180, 600)
    >>> parse_time_limit("3m", 180)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: COURSE_EXAMPLE_TIME_LIMIT must be a whole number of seconds ..., got '3m'
    """
    if value is None:
        return default
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 86400:
        raise ValueError(
            f"{TIME_LIMIT} must be a whole number of seconds from 1 to 86400, got {value!r}"
        )
    return int(text)


def default_jobs() -> int:
    """One process per CPU this build may use, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return min(cpus, 4)


def apply_settings(app, config) -> None:
    """``config-inited``, before sphinx-gallery reads its configuration: check the number of
    jobs and the examples' time limit, and pass the limit on in the environment (to the worker
    processes too).

    sphinx-gallery gets the number of jobs only when the build starts (:func:`apply_jobs`).
    Given it with its configuration, it would import joblib and numpy (0.1 s) to check that it
    can, also in a build that runs no example; here the check finds joblib without importing it.
    (Its other check of the number, which turns ``show_memory`` off in parallel runs, no longer
    applies: this course does not show memory.)"""
    try:
        jobs = parse_jobs(config.course_gallery_jobs, default_jobs())
        limit = parse_time_limit(os.environ.get(TIME_LIMIT), config.course_example_time_limit)
    except ValueError as error:
        raise SettingError(str(error)) from None
    if jobs > 1 and importlib.util.find_spec("joblib") is None:
        raise SettingError(
            f"SPHINX_GALLERY_JOBS: {jobs} example processes need joblib, which is not "
            "installed: pip install joblib, or set SPHINX_GALLERY_JOBS=1"
        )
    config.sphinx_gallery_conf["parallel"] = False
    os.environ[TIME_LIMIT] = str(limit)


def apply_jobs(app) -> None:
    """``builder-inited``, before the examples run: sphinx-gallery's number of jobs (checked by
    :func:`apply_settings`)."""
    jobs = parse_jobs(app.config.course_gallery_jobs, default_jobs())
    app.config.sphinx_gallery_conf["parallel"] = jobs if jobs > 1 else False


def names_with_spaces(examples: Path) -> list[str]:
    """Example files (relative to their folder ``examples``) whose names contain white space.

    sphinx-gallery's own check looks at the absolute path, so it also fires for a checkout in a
    folder like ``~/My Courses/`` (``conf.py`` turns that one off); this looks at the names only.

    >>> names_with_spaces(Path("/nonexistent"))
    []
    """
    files = sorted(examples.rglob("*.py")) if examples.is_dir() else []
    names = [path.relative_to(examples).as_posix() for path in files]
    return [name for name in names if any(character.isspace() for character in name)]


def check_example_names(app) -> None:
    """``builder-inited``: warn about example file names with spaces (they break links)."""
    from sphinx.util import logging

    examples_dirs = app.config.sphinx_gallery_conf["examples_dirs"]
    for examples in [examples_dirs] if isinstance(examples_dirs, str) else examples_dirs:
        if names := names_with_spaces(Path(app.srcdir, examples)):
            logging.getLogger(__name__).warning(
                f"[course] example file names with spaces break links: {', '.join(names)}"
            )


def setup(app) -> dict[str, object]:
    app.add_config_value("course_gallery_jobs", None, "", types=frozenset({str, type(None)}))
    app.add_config_value("course_example_time_limit", 600, "", types=frozenset({int}))
    app.connect("config-inited", apply_settings, priority=5)  # sphinx-gallery's is at 10
    app.connect("builder-inited", check_example_names)
    app.connect("builder-inited", apply_jobs, priority=440)  # course_prose: 450, fit_jobs: 460
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
