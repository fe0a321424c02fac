"""sphinx-gallery hooks of the course site, importable by name from the gallery's worker processes.

``conf.py`` refers to these by their dotted names (``"course_gallery.reset_example"``), so that
the configuration stays picklable and parallel workers can import them.
"""

from __future__ import annotations

import builtins
import os
import signal
import sys

#: Examples shown first in their folder, in the course's order; all others follow by file name.
COURSE_ORDER = ("plot_tensor_basics.py", "plot_spiral_classification.py")

#: Calls that would end the build's own process from inside an example: (module, attribute).
EXITS = {"sys.exit": (sys, "exit"), "os._exit": (os, "_exit")}
EXITS |= {name: (builtins, name) for name in ("exit", "quit") if hasattr(builtins, name)}
REAL_EXITS = {name: getattr(owner, attribute) for name, (owner, attribute) in EXITS.items()}


class ExampleExitError(RuntimeError):
    """An example tried to end the process that runs it (and with it the whole build)."""


def refuse(name: str):
    """A stand-in for the exit function ``name`` that raises instead of exiting.

    sphinx-gallery reports an exception like any error of the example: with its file name and
    traceback, and the build fails.

    >>> refuse("sys.exit")(0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course_gallery.ExampleExitError: the example called sys.exit(0), which would end the whole ...
    """

    def refused(*args, **kwargs):
        code = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        raise ExampleExitError(
            f"the example called {name}({code}), which would end the whole build; an example "
            "must run to its end (raise an exception to stop it with an error)"
        )

    refused.__name__ = refused.__qualname__ = name.rsplit(".", 1)[-1]
    return refused


def guard_exits() -> None:
    """Make ``sys.exit``, ``os._exit``, ``exit`` and ``quit`` raise :class:`ExampleExitError`."""
    for name, (owner, attribute) in EXITS.items():
        setattr(owner, attribute, refuse(name))


def restore_exits() -> None:
    """Give the exit functions back (the build itself ends with ``sys.exit``)."""
    for name, (owner, attribute) in EXITS.items():
        setattr(owner, attribute, REAL_EXITS[name])


#: Environment variable with the most seconds an example may run (set by ``course_settings``).
TIME_LIMIT_VARIABLE = "COURSE_EXAMPLE_TIME_LIMIT"


class ExampleTimeoutError(RuntimeError):
    """An example ran longer than its time limit."""


def start_timer(fname: str | None) -> None:
    """Raise :class:`ExampleTimeoutError` in the example once its time limit has passed."""
    seconds = int(os.environ.get(TIME_LIMIT_VARIABLE) or 0)
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        return

    def timeout(signum, frame):
        raise ExampleTimeoutError(
            f"{os.path.basename(fname or 'the example')} ran longer than its limit of "
            f"{seconds} s ({TIME_LIMIT_VARIABLE}); stopped"
        )

    signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)


def stop_timer() -> None:
    if hasattr(signal, "SIGALRM"):
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def reset_example(gallery_conf: dict, fname: str | None, when: str = "before") -> None:
    """Run before and after every example (``reset_modules_order = "both"``).

    Before: figures readable on light and dark pages, one torch thread, and no way out of the
    process. sphinx-gallery's own ``"matplotlib"`` reset runs first and restores matplotlib's
    defaults; this then applies the transparent theme (mid-grey text, no background) as the
    baseline, so an example that forgets ``spiral_tut.set_default(..., theme="transparent")``
    still reads well in furo's dark mode. One intra-op thread per example keeps printed numbers
    identical from build to build and lets several examples run side by side without
    oversubscribing the CPU. ``sys.exit`` and its relatives raise instead of ending the build
    (:func:`guard_exits`), and an example that runs past its time limit is stopped with an
    error (:func:`start_timer`).

    After: the timer is stopped and the exit functions are given back.
    """
    if when == "after":
        stop_timer()
        restore_exits()
        return
    import torch

    from spiral_tut import set_default

    set_default(figsize=(6.4, 4.8), theme="transparent")
    torch.set_num_threads(1)
    guard_exits()
    if fname is not None:  # None: sphinx-gallery enters a folder, no example runs
        start_timer(fname)


class CourseOrder:
    """Sort key for ``within_subsection_order``: the course's order, then by file name."""

    def __init__(self, src_dir: str) -> None:
        self.src_dir = src_dir

    def __call__(self, filename: str) -> tuple[int, str]:
        name = os.path.basename(filename)
        rank = COURSE_ORDER.index(name) if name in COURSE_ORDER else len(COURSE_ORDER)
        return rank, name
