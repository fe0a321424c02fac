"""An example that raises fails the whole build, and the log shows its traceback."""

from __future__ import annotations

from pathlib import Path

from buildtools import small_site, sphinx_build

FINE = '''"""
Fine
====

An example that works.
"""

print("this one works")
'''

FAILS = '''"""
Fails
=====

An example that raises, on purpose.
"""


def split_batch(size):
    raise ValueError(f"deliberate failure for batch size {size}")


split_batch(4711)
'''


def test_failing_example_fails_the_build_with_its_traceback(tmp_path: Path) -> None:
    tree = small_site(tmp_path, {"plot_fine.py": FINE, "plot_fails.py": FAILS})
    build = sphinx_build(tree)
    assert build.returncode != 0, f"the build passed despite a raising example:\n{build.log}"
    for text in (
        "plot_fails.py",
        "Traceback (most recent call last)",
        "in split_batch",  # the frame inside the example, not just the message
        "ValueError: deliberate failure for batch size 4711",
    ):
        assert text in build.log, f"{text!r} not in the build log:\n{build.log[-3000:]}"
    # --keep-going: the other example still ran and got its page
    assert "this one works" in (build.gallery / "checks" / "plot_fine.rst").read_text("utf-8")
