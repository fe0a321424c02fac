"""Editing only the prose of an example updates its page without running it
(``docs/_ext/course_prose.py``), and the result is what a clean build of the edited sources
gives; editing its code (or its block structure) still runs it.

Each example appends its name to ``runs.txt`` at the root of the tree and prints how many times
it has run there: a page patched from the first build says "run 1", as a clean build of the
edited sources in a fresh tree does; a re-run would say "run 2".
"""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from buildtools import NOT_SOURCES, Build, small_site, sphinx_build
from test_full_builds import describe_difference, executed_outputs

EXAMPLE = '''"""
{title}
{underline}

The first paragraph of {name}.
"""

from pathlib import Path

# sphinx-gallery runs an example in its source folder: runs.txt is at the tree's root
RUNS = Path("../../runs.txt")
with RUNS.open("a") as runs:
    runs.write("{name}\\n")
print("{name} run", RUNS.read_text().split().count("{name}"))

# %%
# A paragraph about the first result.
#
# Its second line.

### BEGIN SOLUTION
total = sum(range(10))
### END SOLUTION
print("total:", total)

# %%
# A closing paragraph.

import matplotlib.pyplot as plt

plt.plot([0, 1], [0, total])
print("done")
'''

NAMES = ("alpha", "beta")
#: A run time on a page ("0 分 0.012 秒", the translated "0 minutes 0.012 seconds").
TIMING_HTML = re.compile(r"\d+ 分 \d+\.\d+ 秒|\d+\.\d+ s(econds)?\b")


def example(name: str, title: str | None = None) -> str:
    title = title or f"Example {name}"
    return EXAMPLE.format(title=title, underline="=" * len(title), name=name)


def edit(tree: Path, name: str, old: str, new: str) -> None:
    path = tree / "examples" / "checks" / f"plot_{name}.py"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in plot_{name}.py"
    path.write_text(text.replace(old, new), encoding="utf-8")


#: Edits of plot_alpha.py that change its text only: (old, new).
TEXT_EDITS = {
    "paragraph": ("# Its second line.\n", "# Its second line, longer now,\n# and a third.\n"),
    "title": ("Example alpha\n=============\n", "A new title\n===========\n"),
    # the sentence moves from the text block before the second code block to the one after it
    "across code": (
        "# A paragraph about the first result.\n#\n# Its second line.\n",
        "# A paragraph about the first result.\n",
    ),
}
ACROSS_CODE_AFTER = ("# A closing paragraph.\n", "# Its second line.\n#\n# A closing paragraph.\n")
#: Edits that change more than text: (old, new).
OTHER_EDITS = {
    "code": ('print("done")\n', 'print("done", 2)\n'),
    "new code block": ("# A paragraph about", "print('split')\n\n# %%\n# A paragraph about"),
}


def runs(tree: Path) -> list[str]:
    path = tree / "runs.txt"
    return path.read_text().split() if path.is_file() else []


def build(tree: Path) -> tuple[Build, float]:
    start = time.perf_counter()
    result = sphinx_build(tree, env={"SPHINX_GALLERY_JOBS": "1"})
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.summary()
    return result, seconds


def gallery_files(build: Build) -> dict[str, bytes]:
    """Generated files (timings removed), with the members of each ``.zip`` on their own."""
    outputs = executed_outputs(build.gallery)
    for archive in sorted(build.gallery.rglob("*.zip")):
        with zipfile.ZipFile(archive) as zipped:
            for info in zipped.infolist():
                name = f"{archive.relative_to(build.gallery).as_posix()}:{info.filename}"
                outputs[name] = zipped.read(info)
    return outputs


def clean_build_of(tree: Path, where: Path) -> Build:
    """A build from scratch of ``tree``'s sources, in a fresh copy at ``where``."""
    for name in ("docs", "examples", "spiral_tut"):
        shutil.copytree(tree / name, where / name, ignore=NOT_SOURCES)
    return build(where)[0]


def assert_same_outputs(patched: Build, clean: Build) -> None:
    first, second = gallery_files(patched), gallery_files(clean)
    assert sorted(first) == sorted(second), "the builds generated different files"
    different = [name for name in first if first[name] != second[name]]
    report = "\n\n".join(describe_difference(n, first[n], second[n]) for n in different[:5])
    assert not different, f"{len(different)} files differ from a clean build:\n{report}"
    for page in ("auto_examples/checks/plot_alpha.html", "auto_examples/index.html"):
        html = [
            TIMING_HTML.sub("<time>", (b.html / page).read_text("utf-8")) for b in (patched, clean)
        ]
        assert html[0] == html[1], f"{page} differs from a clean build"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    tree = small_site(tmp_path / "tree", {f"plot_{n}.py": example(n) for n in NAMES})
    first, _ = build(tree)
    assert sorted(runs(tree)) == sorted(NAMES)
    assert "run 1" in (first.gallery / "checks" / "plot_alpha.rst").read_text("utf-8")
    return tree


@pytest.mark.parametrize("kind", sorted(TEXT_EDITS))
def test_a_text_edit_does_not_run_the_example(site: Path, tmp_path: Path, kind: str) -> None:
    edit(site, "alpha", *TEXT_EDITS[kind])
    if kind == "across code":
        edit(site, "alpha", *ACROSS_CODE_AFTER)
    patched, seconds = build(site)
    assert sorted(runs(site)) == sorted(NAMES), "an example ran again after a text edit"
    assert "plot_alpha: only its text changed: page updated without running it" in patched.log
    assert re.search(r"executed 0 out of 0 files\b", patched.log), patched.log[-2000:]
    print(f"rebuild after a {kind} edit: {seconds:.2f} s")
    clean = clean_build_of(site, tmp_path / "clean")
    assert_same_outputs(patched, clean)
    if kind == "title":
        index = (patched.html / "auto_examples" / "index.html").read_text("utf-8")
        assert "A new title" in index and "Example alpha" not in index


@pytest.mark.parametrize("kind", sorted(OTHER_EDITS))
def test_a_code_edit_runs_the_example(site: Path, tmp_path: Path, kind: str) -> None:
    edit(site, "alpha", *OTHER_EDITS[kind])
    rebuilt, seconds = build(site)
    assert sorted(runs(site)) == sorted([*NAMES, "alpha"]), "the edited example did not run"
    assert "only its text changed" not in rebuilt.log
    print(f"rebuild after a {kind} edit: {seconds:.2f} s")
    assert "alpha run 2" in (rebuilt.gallery / "checks" / "plot_alpha.rst").read_text("utf-8")


def test_a_text_edit_in_a_build_that_runs_nothing(site: Path) -> None:
    """``-D plot_gallery=0`` keeps the outputs of a text-only edit; the next build runs nothing."""
    edit(site, "alpha", *TEXT_EDITS["paragraph"])
    text_only = sphinx_build(site, "-D", "plot_gallery=0", env={"SPHINX_GALLERY_JOBS": "1"})
    assert text_only.returncode == 0, text_only.summary()
    assert "plot_alpha: only its text changed" in text_only.log
    page = (text_only.gallery / "checks" / "plot_alpha.rst").read_text("utf-8")
    assert "alpha run 1" in page and "and a third." in page
    rebuilt, _ = build(site)
    assert re.search(r"executed 0 out of 0 files\b", rebuilt.log)
    assert sorted(runs(site)) == sorted(NAMES)


def test_a_text_edit_after_a_failed_run_runs_it(site: Path) -> None:
    """The page of a failed run is not the recorded source's: the next text edit runs it."""
    edit(site, "alpha", 'print("done")\n', 'raise RuntimeError("broken")\n')
    failed = sphinx_build(site, env={"SPHINX_GALLERY_JOBS": "1"})
    assert failed.returncode != 0
    edit(site, "alpha", 'raise RuntimeError("broken")\n', 'print("done")\n')
    edit(site, "alpha", *TEXT_EDITS["paragraph"])
    rebuilt, _ = build(site)
    assert "only its text changed" not in rebuilt.log
    assert runs(site).count("alpha") == 3
