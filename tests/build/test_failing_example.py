"""An example that raises or tries to exit fails the whole build, and the log names it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
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

    # once it is mended, only it runs again: the other one's output is still current
    (tree / "examples" / "checks" / "plot_fails.py").write_text(FINE.replace("Fine", "Mend"))
    mended = sphinx_build(tree)
    assert mended.returncode == 0, mended.summary()
    assert "executed 1 out of 1 file" in mended.log, mended.log[-3000:]
    assert "after excluding 1 file that had previously been run" in mended.log


#: Examples that would end or hang the build, and what the log must say about each.
FAULTS = {
    "plot_exit_zero.py": ("import sys\n\nsys.exit(0)\n", "called sys.exit(0), which would end"),
    "plot_exit_one.py": ("import sys\n\nsys.exit(1)\n", "called sys.exit(1), which would end"),
    "plot_os_exit.py": ("import os\n\nos._exit(0)\n", "called os._exit(0), which would end"),
    "plot_builtin_exit.py": ("exit()\n", "called exit(), which would end"),
    "plot_endless.py": ("while True:\n    pass\n", "ran longer than its limit of 5 s"),
}
#: An example that prints 2 MB: a warning that fails the strict build.
CHATTY = 'print("x" * 2_000_000)\n'


def fault_example(name: str, code: str) -> str:
    title = name.removesuffix(".py")
    return f'"""\n{title}\n{"=" * len(title)}\n\nMisbehaves, on purpose.\n"""\n\n{code}'


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["serial", "parallel"])
def test_examples_that_exit_hang_or_flood_fail_the_build_naming_them(
    tmp_path: Path, jobs: str
) -> None:
    """sys.exit(0) in an example used to end sphinx-build with status 0 and no site; an endless
    loop hung it; 10 MB of output went onto the page."""
    examples = {name: fault_example(name, code) for name, (code, _) in FAULTS.items()}
    examples["plot_chatty.py"] = fault_example("plot_chatty.py", CHATTY)
    tree = small_site(tmp_path, {"plot_fine.py": FINE, **examples})
    env = {"SPHINX_GALLERY_JOBS": jobs, "COURSE_EXAMPLE_TIME_LIMIT": "5"}
    build = sphinx_build(tree, env=env, timeout=600)
    assert build.returncode not in (0, None), f"the build passed:\n{build.log[-3000:]}"
    assert "build succeeded" not in build.log
    for name, (_, said) in FAULTS.items():
        reported = rf"{re.escape(name)} failed leaving traceback:(?s:.*?){re.escape(said)}"
        assert re.search(reported, build.log), f"{name}: {said!r} not reported:\n{build.log}"
    assert re.search(r"plot_chatty\.py: its page is 2\.0 MB .* over the limit", build.log)
    # the other example ran, and the build went on to write the site
    assert "this one works" in (build.gallery / "checks" / "plot_fine.rst").read_text("utf-8")
    assert (build.html / "index.html").is_file()
