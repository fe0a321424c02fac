"""docs/_ext/course_gallery.py: an example cannot end the build's process or run for ever."""

from __future__ import annotations

import builtins
import os
import sys
import time

import course_gallery
import pytest
from course_gallery import (
    ExampleExitError,
    ExampleTimeoutError,
    guard_exits,
    restore_exits,
    start_timer,
    stop_timer,
)


@pytest.fixture
def guarded():
    guard_exits()
    yield
    restore_exits()


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (lambda: sys.exit(0), "sys.exit(0)"),
        (lambda: sys.exit(1), "sys.exit(1)"),
        (lambda: sys.exit("bye"), "sys.exit('bye')"),
        (lambda: os._exit(0), "os._exit(0)"),
        (lambda: builtins.exit(), "exit()"),
        (lambda: builtins.quit(3), "quit(3)"),
    ],
)
def test_exits_raise_an_error_that_names_the_call(guarded, call, shown) -> None:
    with pytest.raises(ExampleExitError, match=rf"called {__import__('re').escape(shown)}, which"):
        call()


def test_exits_are_given_back_after_the_example() -> None:
    real = (sys.exit, os._exit, builtins.exit)
    guard_exits()
    assert sys.exit is not real[0]
    restore_exits()
    assert (sys.exit, os._exit, builtins.exit) == real
    with pytest.raises(SystemExit):
        sys.exit(0)


def test_an_example_past_its_time_limit_is_stopped(monkeypatch) -> None:
    monkeypatch.setenv(course_gallery.TIME_LIMIT_VARIABLE, "1")
    start = time.monotonic()
    try:
        start_timer("/src/plot_endless.py")
        with pytest.raises(ExampleTimeoutError, match=r"plot_endless\.py ran longer .* 1 s"):
            while time.monotonic() - start < 30:
                pass
    finally:
        stop_timer()
    assert time.monotonic() - start < 10


def test_no_limit_no_timer(monkeypatch) -> None:
    monkeypatch.delenv(course_gallery.TIME_LIMIT_VARIABLE, raising=False)
    start_timer("plot_x.py")
    import signal

    assert signal.alarm(0) == 0  # nothing was pending
    stop_timer()
