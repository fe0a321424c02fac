"""docs/build.py on a real (small) site: a second build with nothing changed does not start
Sphinx, and any edit, or a failed build before, makes it build again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from buildtools import small_site

FIRST = '"""\nFirst\n=====\n"""\n\nprint("value", 1)\n'
SECOND = '"""\nSecond\n======\n"""\n\nprint("second")\n'


def frontend(tree: Path, *options: str) -> subprocess.CompletedProcess:
    """``python docs/build.py`` in ``tree``, as ``nox -s docs`` runs it."""
    path = os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "docs/build.py", *options],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def outputs(tree: Path) -> dict[str, int]:
    html = tree / "docs" / "_build" / "html"
    return {str(path): path.stat().st_mtime_ns for path in html.rglob("*") if path.is_file()}


def test_nothing_changed_means_no_sphinx_and_an_edit_means_a_build(tmp_path: Path) -> None:
    tree = small_site(tmp_path, {"plot_first.py": FIRST, "plot_second.py": SECOND})
    first = frontend(tree)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "build succeeded" in first.stdout + first.stderr
    imported = json.loads((tree / "docs/_build/watch-imports.json").read_text(encoding="utf-8"))
    assert "sphinx.application" in imported  # for the next --watch
    assert "course_stale" not in imported  # the course's own code (docs/_ext) is read afresh
    before = outputs(tree)

    again = frontend(tree)
    assert again.returncode == 0
    assert "up to date" in again.stdout
    assert "Running Sphinx" not in again.stdout + again.stderr
    assert outputs(tree) == before  # nothing was written

    example = tree / "examples" / "checks" / "plot_first.py"
    example.write_text(FIRST.replace('"value", 1', '"value", 2'), encoding="utf-8")
    edited = frontend(tree)
    assert edited.returncode == 0 and "up to date" not in edited.stdout
    page = tree / "docs" / "_build" / "html" / "auto_examples" / "checks" / "plot_first.html"
    assert "value 2" in page.read_text(encoding="utf-8")


def test_after_a_failed_build_the_next_one_runs_sphinx_again(tmp_path: Path) -> None:
    tree = small_site(tmp_path, {"plot_first.py": FIRST})
    assert frontend(tree).returncode == 0
    example = tree / "examples" / "checks" / "plot_first.py"
    example.write_text(FIRST + "raise RuntimeError('broken on purpose')\n", encoding="utf-8")
    for _ in range(2):  # the same broken sources: it fails both times, never "up to date"
        broken = frontend(tree)
        assert broken.returncode != 0
        assert "up to date" not in broken.stdout
        assert "broken on purpose" in broken.stdout + broken.stderr


def test_watch_rebuilds_each_edit_goes_on_after_a_failure_and_stops_on_ctrl_c(tmp_path) -> None:
    """``docs/build.py --watch``: its builds run in processes forked from the watch, which has
    the libraries imported; each must still see the edited example and report a failure."""
    import queue
    import re
    import signal
    import threading
    import time

    tree = small_site(tmp_path, {"plot_first.py": FIRST, "plot_second.py": SECOND})
    path = os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg", "NO_COLOR": "1"}
    env["SPHINX_GALLERY_JOBS"] = "2"
    process = subprocess.Popen(
        [sys.executable, "-u", "docs/build.py", "--watch"],
        cwd=tree,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: Ctrl-C is sent to the group
        # SIGINT handled, as a terminal leaves it (a background job inherits it ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout])
    reader.daemon = True
    reader.start()
    log = []

    def wait_for(pattern: str, seconds: float = 300) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                assert process.poll() is None, "the watch ended:\n" + "".join(log[-50:])
                continue
            log.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no {pattern!r} within {seconds} s:\n" + "".join(log[-50:]))

    example = tree / "examples" / "checks" / "plot_first.py"
    page = tree / "docs" / "_build" / "html" / "auto_examples" / "checks" / "plot_first.html"
    try:
        wait_for(r"--watch: built in")  # the first build
        example.write_text(FIRST.replace('"value", 1', '"value", 2'), encoding="utf-8")
        wait_for(r"--watch: built in")
        assert "value 2" in page.read_text(encoding="utf-8")
        example.write_text(FIRST + 'raise ValueError("watch probe")\n', encoding="utf-8")
        wait_for(r"--watch: FAILED")
        assert any("ValueError: watch probe" in line for line in log)
        example.write_text(FIRST.replace('"value", 1', '"value", 3'), encoding="utf-8")
        wait_for(r"--watch: built in")
        assert "value 3" in page.read_text(encoding="utf-8")
        # a package edit: both examples run again, in a pool of workers the forked build starts
        with open(tree / "spiral_tut" / "data.py", "a", encoding="utf-8") as package:
            package.write("\nWATCH_PROBE = 1\n")
        wait_for(r"in one pool of 2 workers")
        wait_for(r"--watch: built in")
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        assert process.wait(timeout=60) == 130
        wait_for(r"--watch: stopped", seconds=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
