"""Two clean builds of the whole site, in two different directories: one without any network.

* The build needs no network: the first one runs in a network namespace with no interface up
  (``unshare -n``), so any download (intersphinx inventory, a dataset, a font) fails it.
* The build is reproducible: both give the same executed outputs, byte for byte: the text of
  every generated gallery page (minus its run time) and every figure and thumbnail. The first
  runs the examples in one pool of two workers, the second one after another in the Sphinx
  process, so this also checks that where an example runs does not change what it shows.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from buildtools import REPO, Build, can_unshare_network

NO_NETWORK = can_unshare_network()
#: Generated files that record how long or how much memory something took, not what it showed.
TIMING_FILES = re.compile(r"(\.cost\.json|sg_execution_times\.rst)$")
#: Archives hold file modification times; their members (.py, .ipynb) are compared on their own.
SKIPPED = re.compile(r"\.zip$")
#: Lines of a generated page that state a run time or memory use.
TIMING_LINE = re.compile(r"\*\*(Total running time of the script|Estimated memory usage):\*\*.*")
#: Wall-clock times that examples print themselves, by convention as ``<seconds> s``.
DURATION = re.compile(r"(?<![\w.])\d+\.\d+ s\b")


def executed_outputs(gallery: Path) -> dict[str, bytes]:
    """Every file sphinx-gallery generated, timings removed, by path relative to ``gallery``."""
    outputs = {}
    for path in sorted(p for p in gallery.rglob("*") if p.is_file()):
        name = path.relative_to(gallery).as_posix()
        if TIMING_FILES.search(name) or SKIPPED.search(name):
            continue
        data = path.read_bytes()
        if path.suffix == ".rst":
            text = TIMING_LINE.sub("**(timing removed)**", data.decode("utf-8"))
            data = DURATION.sub("<seconds> s", text).encode("utf-8")
        outputs[name] = data
    return outputs


def describe_difference(name: str, first: bytes, second: bytes) -> str:
    if name.endswith((".rst", ".py", ".ipynb", ".json", ".txt")):
        lines = difflib.unified_diff(
            first.decode("utf-8").splitlines(), second.decode("utf-8").splitlines(), lineterm=""
        )
        return f"{name}:\n" + "\n".join(list(lines)[:30])
    return f"{name}: {len(first)} vs {len(second)} bytes"


def test_the_build_needs_no_network(builds: tuple[Build, Build]) -> None:
    if NO_NETWORK:
        pytest.skip(f"cannot switch the network off here: {NO_NETWORK}")
    offline, online = builds
    also = " (it failed with network too)" if online.returncode else ""
    assert offline.returncode == 0, f"the build failed without network{also}:\n{offline.summary()}"


def test_both_builds_pass(builds: tuple[Build, Build]) -> None:
    for build in builds:
        assert build.returncode == 0, build.summary()


def test_two_builds_give_identical_outputs(builds: tuple[Build, Build]) -> None:
    pooled, serial = builds
    assert "in one pool of 2 workers" in pooled.log, "the first build did not use course_pool"
    assert "one pool" not in serial.log
    first, second = (executed_outputs(build.gallery) for build in builds)
    examples = sorted(REPO.glob("examples/*/plot_*.py"))
    figures = [name for name in first if re.search(r"images/sphx_glr_.*\.png$", name)]
    pages = [name for name in first if name.endswith(".rst")]
    assert len(pages) >= len(examples) >= 2, f"{len(pages)} pages for {len(examples)} examples"
    assert len(figures) >= len(examples), f"only {len(figures)} figures were compared"
    assert sorted(first) == sorted(second), "the two builds generated different files"
    different = [name for name in first if first[name] != second[name]]
    report = "\n\n".join(describe_difference(n, first[n], second[n]) for n in different[:10])
    assert not different, f"{len(different)} generated files differ:\n{report}"


def test_timing_lines_are_the_only_thing_removed() -> None:
    """The comparison ignores the run time line and nothing else of a page."""
    page = "a\n   **Total running time of the script:** (0 minutes 2.113 seconds)\nb\n"
    assert TIMING_LINE.sub("X", page) == "a\n   X\nb\n"
    assert TIMING_LINE.sub("X", "**accuracy:** 0.953") == "**accuracy:** 0.953"
    assert DURATION.sub("T", "adam 0.001 0.9656 0.521  1.27 s") == "adam 0.001 0.9656 0.521  T"
    assert DURATION.sub("T", "loss 0.5 seeds 3 s/run 1.5") == "loss 0.5 seeds 3 s/run 1.5"
