"""Editing what the examples' output depends on re-runs them on the next build; no edit, no
re-run; a build killed half-way leaves nothing that a later build trusts.

sphinx-gallery re-runs an example only when the example's own file changed. The site also
re-runs them when the package's sources, the gallery's reset hook (``docs/_ext/course_gallery``),
the notebooks' first cell or the library versions changed (``docs/_ext/course_stale.py``). Each
example here appends its name to a run log when it runs, and the probe example prints a constant
of the package copy and a value that the reset hook of the copy sets; the tests edit those.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from buildtools import small_site, sphinx_build

EXAMPLE = '''"""
{title}
{underline}

Records that it ran; {what}.
"""

import os
import time

from spiral_tut import data

with open({runs!r}, "a") as runs:
    runs.write("{name}\\n")
{code}
'''

PROBE_CODE = """
print("probe value:", data.BUILD_PROBE)
print("hook value:", os.environ.get("COURSE_HOOK_PROBE"))
if os.environ.get("COURSE_SLOW_PROBE"):  # the kill test: say "running", then take a while
    open(os.environ["COURSE_SLOW_PROBE"], "w").close()
    time.sleep(60)
"""

HOOK_LINE = "    torch.set_num_threads(1)\n"


def example(name: str, runs: Path, what: str, code: str) -> str:
    title = name.capitalize()
    underline = "=" * len(title)
    return EXAMPLE.format(
        title=title, underline=underline, runs=str(runs), name=name, what=what, code=code
    )


def set_probe(tree: Path, value: str) -> None:
    """Give the copy's package the constant ``data.BUILD_PROBE = value``."""
    module = tree / "spiral_tut" / "data.py"
    text = module.read_text(encoding="utf-8").split("\nBUILD_PROBE = ")[0]
    module.write_text(f"{text}\nBUILD_PROBE = {value!r}\n", encoding="utf-8")


def set_hook_probe(tree: Path, value: str) -> None:
    """Make the copy's reset hook set ``COURSE_HOOK_PROBE=value`` before every example."""
    hook = tree / "docs" / "_ext" / "course_gallery.py"
    text = hook.read_text(encoding="utf-8")
    assert HOOK_LINE in text, "course_gallery.reset_example changed: update this test"
    text = re.sub(r"    __import__\('os'\)\.environ\[.*\n", "", text)
    probe = f"    __import__('os').environ['COURSE_HOOK_PROBE'] = {value!r}\n"
    hook.write_text(text.replace(HOOK_LINE, HOOK_LINE + probe), encoding="utf-8")


class Site:
    """A small site with a probe example and another one, and the log of example runs."""

    def __init__(self, tmp_path: Path) -> None:
        self.runs = tmp_path / "runs.txt"  # one line per example run, appended by the examples
        probe = example("probe", self.runs, "prints values of the package and hook", PROBE_CODE)
        other = example("other", self.runs, "prints nothing of them", 'print("other ran")')
        examples = {"plot_probe.py": probe, "plot_other.py": other}
        self.tree = small_site(tmp_path / "tree", examples)
        self.page = self.tree / "docs/_build/html/auto_examples/checks/plot_probe.html"
        set_probe(self.tree, "first")
        set_hook_probe(self.tree, "first")

    def build(self) -> tuple[list[str], str]:
        """Build; return the examples that ran and the log."""
        self.runs.write_text("")
        build = sphinx_build(self.tree)
        assert build.returncode == 0, build.summary()
        return sorted(self.runs.read_text().split()), build.log

    def shows(self, text: str) -> bool:
        return text in self.page.read_text("utf-8")


@pytest.mark.parametrize("edit", ["package", "reset hook"])
def test_editing_a_dependency_reruns_the_examples(tmp_path: Path, edit: str) -> None:
    site = Site(tmp_path)
    ran, _ = site.build()
    assert ran == ["other", "probe"]
    assert site.shows("probe value: first") and site.shows("hook value: first")

    # Control: nothing changed, so nothing runs again (else the last step would prove nothing).
    ran, log = site.build()
    assert ran == [], "examples re-ran although nothing changed"
    assert "re-running" not in log

    if edit == "package":
        set_probe(site.tree, "second")
        seen, why = "probe value: second", r"module spiral_tut\b.*\bre-running"
    else:
        set_hook_probe(site.tree, "second")
        seen, why = "hook value: second", r"module course_gallery\b.*\bre-running"
    ran, log = site.build()
    assert ran == ["other", "probe"], f"not every example re-ran after editing the {edit}"
    assert re.search(why, log), log  # the log says why
    assert site.shows(seen), "the page shows stale output"


def test_a_killed_build_leaves_no_output_marked_current(tmp_path: Path) -> None:
    """Kill a build while it runs the examples after a package edit, revert the edit, rebuild:
    the page shows the reverted package's output, as a clean build would."""
    site = Site(tmp_path)
    site.build()
    set_probe(site.tree, "edited")
    started = tmp_path / "probe-started"
    docs = site.tree / "docs"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site.tree), os.environ.get("PYTHONPATH")])),
        "MPLBACKEND": "Agg",
        "COURSE_SLOW_PROBE": str(started),
        "SPHINX_GALLERY_JOBS": "1",  # the examples run in the process that is killed
    }
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(docs / "_build/doctrees")]
    command += [str(docs), str(docs / "_build/html")]
    process = subprocess.Popen(
        command,
        cwd=site.tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while not started.exists():
            assert process.poll() is None, "the build ended before the probe example ran"
            assert time.monotonic() < deadline, "the probe example never started"
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the build and anything it started
        process.wait()
    set_probe(site.tree, "first")  # back to what the recorded outputs were made with

    ran, log = site.build()
    assert ran == ["other", "probe"], "the build after the killed one trusted its outputs"
    assert "no record of a complete run" in log
    assert site.shows("probe value: first")


def test_editing_a_docs_transform_rereads_the_pages(tmp_path: Path) -> None:
    """The pages' HTML follows the site's transforms (docs/_ext/cjk_text.py joins Chinese lines):
    editing one re-reads every page, although no page's source changed."""
    one = example("one", tmp_path / "runs.txt", "prints a line", 'print("one ran")')
    tree = small_site(tmp_path / "tree", {"plot_one.py": one})
    index = tree / "docs" / "index.rst"
    index.write_text(index.read_text("utf-8") + "\n中文\n段落\n", encoding="utf-8")
    page = tree / "docs/_build/html/index.html"
    assert sphinx_build(tree).returncode == 0
    assert "中文段落" in page.read_text("utf-8")

    transform = tree / "docs" / "_ext" / "cjk_text.py"
    text = transform.read_text("utf-8")
    assert "return LINE_BREAK.sub(" in text, "cjk_text.join_cjk_lines changed: update this test"
    transform.write_text(text.replace("return LINE_BREAK.sub(", "return (lambda *_: text)("))
    build = sphinx_build(tree)
    assert build.returncode == 0, build.summary()
    assert "中文\n段落" in page.read_text("utf-8"), "the page was not re-read after the edit"


def test_an_example_the_package_breaks_fails_again_until_it_is_mended(tmp_path: Path) -> None:
    """sphinx-gallery writes no .md5 for a failed run but keeps the one of an earlier good run:
    the next build must not take the error page as current (course_stale.forget_failed_runs)."""
    runs = tmp_path / "runs.txt"
    broken = 'assert data.BUILD_PROBE != "broken", "the package is broken"\nprint("fragile ran")'
    fragile = example("fragile", runs, "fails while the package is broken", broken)
    other = example("other", runs, "prints nothing of the package", 'print("other ran")')
    tree = small_site(tmp_path / "tree", {"plot_fragile.py": fragile, "plot_other.py": other})
    page = tree / "docs/_build/html/auto_examples/checks/plot_fragile.html"
    set_probe(tree, "fine")
    first = sphinx_build(tree)
    assert first.returncode == 0, first.summary()

    set_probe(tree, "broken")
    for attempt in ("after the package edit", "with nothing changed since"):
        runs.write_text("")
        build = sphinx_build(tree)
        assert build.returncode != 0, f"{attempt}: the build passed with the package broken"
        assert "AssertionError: the package is broken" in build.log, build.log[-3000:]
    assert runs.read_text().split() == ["fragile"]  # the second time it alone ran again

    set_probe(tree, "fine")
    runs.write_text("")
    mended = sphinx_build(tree)
    assert mended.returncode == 0, mended.summary()
    assert sorted(runs.read_text().split()) == ["fragile", "other"]  # the package changed
    assert "fragile ran" in page.read_text("utf-8")
