"""Benchmark of the docs build: cold, no-change, edit-one, edit-prose, the floor, the page weight.

Prints, for this site, each beside its goal (issue 13) with PASS/FAIL:

* **cold build**: no ``docs/_build``, no ``docs/auto_examples``, every example runs;
* **no-change rebuild**: the same command again, nothing edited (goal <= 1.0 s);
* **edit-one**: one line of code added to one example (the fastest), so that it runs again
  (goal <= that example's own run time + 1.5 s);
* **edit-prose**: one sentence of a text block of the same example changed, no code changed
  (the example need not run again; the output says whether it did);
* the same two edits saved while ``docs/build.py --watch`` runs, timed from the saved file to
  the watch's "built" line (edit-one judged against the same goal);
* **the floor** of a cold build: the examples' own run times (sphinx-gallery's
  ``<example>.cost.json``, also listed in ``sg_execution_times.rst``) summed and divided by the
  number of jobs, plus the no-change rebuild (goal: cold <= 1.2 x floor); also printed, not
  judged: the same with a build that runs no example (``-D plot_gallery=0``, in its own copy)
  in place of the no-change rebuild;
* the cold build's **CPU time** (user + system of the build and of the processes under it
  that ended within it), the part outside the examples' run times, and the least wall time that
  much CPU work takes on this machine's CPUs;
* **peak memory** of a build's process tree (goal <= 2 GB), sampled with ``psutil``;
* **the spiral page's weight** as a browser fetches it: every request of headless Chromium over a
  local HTTP server (HTML, CSS, scripts, fonts, images), raw and gzip-compressed (goal <= 1 MB raw).

Quick builds run ``--repeat`` times (default 3), cold builds ``--cold-repeat`` times (default 1);
min and median are printed, and goals are judged on the median. With ``--peer`` the same examples
are also converted to notebooks and built by myst-nb with jupyter-cache (``peer_mystnb.py``), in
its own environment; each build of this site is followed by the same build of the peer (runs are
interleaved, so both see the same machine load), and the output has both columns and the ratio.

Everything is built in copies under ``~/.cache/spiral-tut-bench/work``: this checkout's own
``docs/_build`` is left alone. Nothing is installed for this site: the build runs with the Python
of ``.nox/docs`` if that exists, otherwise with the Python running this script (which then needs
the ``docs`` dependency group). ::

    python benchmarks/bench_docs.py                   # this site only
    python benchmarks/bench_docs.py --peer            # and the myst-nb peer, interleaved
    python benchmarks/bench_docs.py --keep --only tensor          # try it: one example runs
    python benchmarks/bench_docs.py --skip-cold --only tensor     # reuse the kept copies

Needs ``psutil`` and ``playwright`` (the ``bench`` dependency group) and ``/usr/bin/chromium``.
The machine must be quiet: the load average is printed before and after, and on a loaded machine
(other builds, tests, browsers) the times mean little.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

try:
    import psutil
except ImportError:
    sys.exit("bench_docs.py needs psutil: python -m pip install psutil")

import page_weight  # noqa: E402 (benchmarks/, next to this script)
import peer_mystnb  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
WORK = peer_mystnb.CACHE / "work"  # ours/ and peer/ (kept with --keep)

#: The timed command that builds the site (run with the docs environment's Python, in a copy):
#: what ``nox -s docs`` runs, sphinx-build -W ... unless nothing changed (see docs/build.py).
BUILD = ["docs/build.py"]

#: What the site is built from (copied), and what a build writes (deleted for a cold build).
SOURCES = ("docs", "examples", "spiral_tut", "pyproject.toml", "constraints.txt")
GENERATED = ("docs/_build", "docs/auto_examples", "docs/sg_execution_times.rst")
SPIRAL = "01_exercises/plot_spiral_classification"
OUR_SPIRAL_PAGE = f"auto_examples/{SPIRAL}.html"  # inside docs/_build/html
PEER_SPIRAL_PAGE = f"{SPIRAL}.html"  # inside the peer's _build/html

# Goals (issue 13), on a quiet machine with 2 CPU cores.
NO_CHANGE_GOAL = 1.0  # s
EDIT_ONE_MARGIN = 1.5  # s over the edited example's own run time
COLD_OVER_FLOOR_GOAL = 1.2
PAGE_GOAL = 1e6  # bytes, raw
MEMORY_GOAL = 2e9  # bytes

#: The sentence marker of the prose edit; the number changes at every edit.
PROSE_MARK = re.compile(r"（第 \d+ 次改动）")


# -- running and timing a build -------------------------------------------------------------------


def tree_rss(process: psutil.Process) -> int:
    """Resident memory in bytes of ``process`` and all its descendants (0 once it has ended)."""
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:  # the process ended meanwhile
        return 0
    total = 0
    for member in family:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # this one ended meanwhile
            pass
    return total


def cpu_seconds() -> float:
    """User + system CPU seconds of this process's children that have ended (and theirs)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


@dataclass
class Build:
    """How to build one site: the command, its folder and environment, and its timings."""

    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    times: dict[str, list[float]] = field(default_factory=dict)  # "cold", "no-change", ...
    cpu: dict[str, list[float]] = field(default_factory=dict)  # CPU seconds, the same keys
    peak_memory: int = 0

    def run(self, kind: str) -> float:
        """Run the build once; record and return its wall time in seconds under ``kind``, and
        record its CPU time: user + system of the build and of every process under it that
        ended before it (waited for: the examples' workers, optipng)."""
        used_before = cpu_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        peak = 0
        tree = psutil.Process(process.pid)

        def sample() -> None:
            nonlocal peak
            while process.poll() is None:
                peak = max(peak, tree_rss(tree))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output = process.communicate()[0]
        seconds = time.perf_counter() - start
        sampler.join()
        if process.returncode != 0:
            sys.exit(f"{self.name}: {' '.join(self.command)} failed:\n{output[-5000:]}")
        self.peak_memory = max(self.peak_memory, peak)
        self.times.setdefault(kind, []).append(seconds)
        self.cpu.setdefault(kind, []).append(cpu_seconds() - used_before)
        print(f"  {self.name:<10} {kind:<11} {seconds:7.2f} s", flush=True)
        return seconds


class Watch:
    """``docs/build.py --watch`` running in this site's copy; :meth:`timed` times an edit from the
    moment the file is saved to the watch's "built" line (its polling included)."""

    def __init__(self, ours: Build) -> None:
        self.process = subprocess.Popen(
            [*ours.command, "--watch"],
            cwd=ours.cwd,
            env=ours.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # Ctrl-C (SIGINT) goes to its process group
        )
        self.lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=lambda: [self.lines.put(x) for x in self.process.stdout])
        reader.daemon = True
        reader.start()
        self.wait(r"--watch: built in")  # the first build (nothing changed: quick)

    def wait(self, pattern: str, seconds: float = 900) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    sys.exit(f"docs/build.py --watch ended with status {self.process.returncode}")
                continue
            if re.search(pattern, line):
                return line
        sys.exit(f"docs/build.py --watch: no {pattern!r} within {seconds} s")

    def timed(self, edit: Callable[[], None]) -> float:
        edit()
        start = time.perf_counter()
        line = self.wait(r"--watch: (built|FAILED)")
        seconds = time.perf_counter() - start
        if "FAILED" in line:
            sys.exit(f"docs/build.py --watch: {line}")
        return seconds

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=60)


def docs_python() -> str:
    """The Python of the ``.nox/docs`` environment if it exists, else the one running this."""
    nox_python = REPO / ".nox" / "docs" / "bin" / "python"
    return str(nox_python) if nox_python.exists() else sys.executable


def default_jobs() -> int:
    """The site's own default (docs/_ext/course_settings.py): one job per CPU, at most 4."""
    return min(len(os.sched_getaffinity(0)), 4)


def base_env(root: Path) -> dict[str, str]:
    """The environment of a build: ``root`` first on the path (its ``spiral_tut``), one thread."""
    return {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# -- the copies and the edits -------------------------------------------------------------------


def copy_sources(tree: Path) -> None:
    """A fresh copy of this site's sources in ``tree``, without build outputs."""
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    ignore = shutil.ignore_patterns("_build", "auto_examples", "__pycache__", "*.mo")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=ignore)
        else:
            shutil.copy2(source, tree / name)


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def clean_ours(tree: Path) -> None:
    """Delete every output of a build of this site, so the next build is cold."""
    for name in GENERATED:
        remove(tree / name)
    for compiled in (tree / "docs" / "locale").rglob("*.mo"):
        compiled.unlink()


def code_line(number: int) -> str:
    """The line of code the edit-one step adds (a new value every time, so it is a change)."""
    return f"bench_edit = {number}  # added by bench_docs.py\n"


def edit_code(script: Path, number: int) -> None:
    """Add :func:`code_line` at the end of ``script`` (replacing the previous one)."""
    lines = script.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines and lines[-1].startswith("bench_edit = "):
        lines.pop()
    script.write_text("".join(lines) + code_line(number), encoding="utf-8")


def edit_sentence(text: str, number: int) -> str:
    """Change one sentence of ``text``: the first plain prose line gets a numbered remark.

    A plain line is one with a "。" and no markup (no backquote, colon, asterisk, dollar or
    backslash), so that the same line is found in the script and in the notebook made from it.
    """
    mark = f"（第 {number} 次改动）"
    if PROSE_MARK.search(text):
        return PROSE_MARK.sub(mark, text, count=1)
    for line in text.splitlines():
        if "。" in line and not re.search(r"[`:*$\\]", line):
            return text.replace(line, line.replace("。", mark + "。", 1), 1)
    return text  # no plain prose line: unchanged (the caller checks)


def edit_prose(script: Path, number: int) -> None:
    """Change one sentence of ``script``'s text (its docstring comes first): no code changes."""
    text = script.read_text(encoding="utf-8")
    edited = edit_sentence(text, number)
    if edited == text:
        sys.exit(f"no plain prose line to edit in {script}")
    script.write_text(edited, encoding="utf-8")


# -- what a build measured ----------------------------------------------------------------------


def run_times(tree: Path) -> dict[str, float]:
    """Each example's own run time (s) from sphinx-gallery's ``.cost.json``, by example path."""
    times = {}
    for cost in sorted((tree / "docs" / "auto_examples").glob("*/*.cost.json")):
        seconds = float(re.search(r'"time":\s*([0-9.eE+-]+)', cost.read_text()).group(1))
        times[f"{cost.parent.name}/{cost.name.removesuffix('.cost.json')}.py"] = seconds
    return times


def cost_file(tree: Path, example: str) -> Path:
    """sphinx-gallery's record of ``example``'s run (rewritten whenever the example runs)."""
    return (tree / "docs" / "auto_examples" / example).with_suffix(".cost.json")


def seconds(values: list[float]) -> str:
    """``min / median s`` of a list of times (one value: just it)."""
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{min(values):.2f} / {statistics.median(values):.2f} s"


def verdict(name: str, value: str, goal: str, passed: bool) -> str:
    return f"  {name:<19} {value:>10}   goal {goal:<44} {'PASS' if passed else 'FAIL'}"


def load_line(when: str) -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {when}: {one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min)"


# -- the benchmark ------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each quick build")
    parser.add_argument("--cold-repeat", type=int, default=1, help="runs of the cold build")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="parallel examples")
    parser.add_argument("--peer", action="store_true", help="also build the myst-nb peer")
    parser.add_argument("--keep", action="store_true", help=f"keep the copies in {WORK}")
    parser.add_argument(
        "--skip-cold", action="store_true", help="no cold build: reuse the copies kept by --keep"
    )
    parser.add_argument(
        "--only",
        metavar="REGEX",
        help="run only the examples whose path matches (sphinx-gallery's filename_pattern; "
        "peer: the others are not executed), to try this script: the rebuild times of such "
        "a partial run are not the site's (its stale-output check re-reads the example pages)",
    )
    parser.add_argument("sphinx_args", nargs="*", help="after --: extra sphinx-build arguments")
    args = parser.parse_args()
    if args.repeat < 1 or args.cold_repeat < 1 or args.jobs < 1:
        parser.error("--repeat, --cold-repeat and --jobs must be at least 1")
    return args


def main() -> None:
    args = parse_args()
    ours_tree, peer_tree = WORK / "ours", WORK / "peer"
    if args.skip_cold and not (ours_tree / "docs" / "_build").is_dir():
        sys.exit(f"--skip-cold reuses {ours_tree}: run once with --keep first")
    if args.skip_cold and args.peer and not (peer_tree / "site" / "_build").is_dir():
        sys.exit(f"--skip-cold --peer reuses {peer_tree}: run once with --peer --keep first")

    extra = list(args.sphinx_args)
    if args.only:
        extra += ["-D", f"sphinx_gallery_conf.filename_pattern={args.only}"]
    ours = Build(
        "this site",
        [docs_python(), *BUILD, *extra],
        ours_tree,
        {**base_env(ours_tree), "SPHINX_GALLERY_JOBS": str(args.jobs)},
    )
    peer = None
    if args.peer:
        peer_python = peer_mystnb.ensure_venv(REPO / "constraints.txt")
        peer = Build(
            "peer",
            peer_mystnb.build_command(peer_python, args.jobs),
            peer_tree / "site",
            base_env(peer_tree),
        )

    if not args.skip_cold:
        copy_sources(ours_tree)
        if peer:
            shutil.rmtree(peer_tree, ignore_errors=True)
            shutil.copytree(REPO / "spiral_tut", peer_tree / "spiral_tut")
            peer_mystnb.convert(REPO / "examples", peer_tree / "site", peer_python, args.only)

    print(f"{os.cpu_count()} CPUs, {args.jobs} jobs; {load_line('before')}")
    print("Times depend on the machine's load: on a loaded machine they mean little.")
    print(f"this site: {' '.join(ours.command)}\n  in {ours_tree}")
    if peer:
        print(peer_mystnb.describe())
        print(f"  {' '.join(peer.command)}\n  in {peer.cwd}")
    print("\nbuilds (each of this site's is followed by the peer's, when there is one):")

    try:
        measure(args, ours, peer)
    finally:
        if not args.keep:
            shutil.rmtree(WORK, ignore_errors=True)
        else:
            print(f"\nkept {WORK} (--skip-cold reuses it)")


def measure(args: argparse.Namespace, ours: Build, peer: Build | None) -> None:
    """Run the builds (interleaved with the peer's), then print the results and goals."""
    builds = [ours, peer] if peer else [ours]
    for _ in range(0 if args.skip_cold else args.cold_repeat):
        clean_ours(ours.cwd)
        ours.run("cold")
        if peer:
            shutil.rmtree(peer.cwd / "_build", ignore_errors=True)
            peer_mystnb.create_cache(Path(peer.command[0]), peer.cwd)
            peer.run("cold")
    if not args.skip_cold:  # the same site, its examples not run: reading and writing the pages
        no_exec = Build("this site", [*ours.command, "-D", "plot_gallery=0"], WORK / "no-exec", {})
        copy_sources(no_exec.cwd)
        no_exec.env = {**ours.env, **base_env(no_exec.cwd)}
        ours.times["no-exec"] = [no_exec.run("no-exec")]
    cold_run_times = run_times(ours.cwd)
    ran = {name: value for name, value in cold_run_times.items() if value > 0}
    if not ran:
        sys.exit("no example ran: nothing to edit (check --only)")
    example = min(ran, key=ran.get)  # the fastest example is the one edited
    script = ours.cwd / "examples" / example
    notebook = peer.cwd / example.replace(".py", ".ipynb") if peer else None

    edited_run_times, prose_reran = [], []
    for index in range(args.repeat):
        number = int(time.time()) * 10 + index  # a new value every time, even with --skip-cold
        for build in builds:
            build.run("no-change")
        before = cost_file(ours.cwd, example).stat().st_mtime_ns
        edit_code(script, number)
        ours.run("edit-one")
        if cost_file(ours.cwd, example).stat().st_mtime_ns == before:
            sys.exit(f"the edit of {example}'s code did not run it again: stale output")
        edited_run_times.append(run_times(ours.cwd)[example])
        if peer:
            peer_mystnb.edit_code(notebook, code_line(number))
            peer.run("edit-one")
        before = cost_file(ours.cwd, example).stat().st_mtime_ns
        edit_prose(script, number)
        ours.run("edit-prose")
        prose_reran.append(cost_file(ours.cwd, example).stat().st_mtime_ns != before)
        if peer:
            peer_mystnb.edit_markdown(notebook, lambda text, n=number: edit_sentence(text, n))
            peer.run("edit-prose")

    watch_run_times, watch_prose_reran = [], []
    print("  this site  --watch: the same edits, saved while docs/build.py --watch runs")
    watch = Watch(ours)
    try:
        for _ in range(args.repeat):
            number = time.time_ns()  # a new value every time
            took = watch.timed(lambda n=number: edit_code(script, n))
            ours.times.setdefault("edit-one, watch", []).append(took)
            watch_run_times.append(run_times(ours.cwd)[example])
            print(f"  {ours.name:<10} {'edit-one, watch':<17} {took:7.2f} s", flush=True)
            before = cost_file(ours.cwd, example).stat().st_mtime_ns
            took = watch.timed(lambda n=number: edit_prose(script, n))
            ours.times.setdefault("edit-prose, watch", []).append(took)
            watch_prose_reran.append(cost_file(ours.cwd, example).stat().st_mtime_ns != before)
            print(f"  {ours.name:<10} {'edit-prose, watch':<17} {took:7.2f} s", flush=True)
    finally:
        watch.stop()

    print("\nexample run times (sphinx-gallery's own measurement, before the edits):")
    for name, value in sorted(cold_run_times.items(), key=lambda item: -item[1]):
        print(f"  {value:7.2f} s  {name}" if value > 0 else f"  not run    {name}")
    print(load_line("after the builds"))

    print("\nspiral page as a browser fetches it (headless Chromium, local HTTP server):")
    print(" this site:")
    our_page = page_weight.measure(ours.cwd / "docs" / "_build" / "html", OUR_SPIRAL_PAGE)
    page_weight.report(our_page)
    peer_page = None
    if peer:
        print(" peer:")
        peer_page = page_weight.measure(peer.cwd / "_build" / "html", PEER_SPIRAL_PAGE)
        page_weight.report(peer_page)

    print_table(ours, peer, our_page, peer_page)
    print_goals(args, ours, cold_run_times, example, edited_run_times, prose_reran, our_page)
    own = statistics.median(watch_run_times)
    edit_one = statistics.median(ours.times["edit-one, watch"])
    print(
        verdict(
            "edit one, --watch",
            f"{edit_one:.2f} s",
            f"<= {own + EDIT_ONE_MARGIN:.2f} s (its run {own:.2f} s + {EDIT_ONE_MARGIN} s)",
            edit_one <= own + EDIT_ONE_MARGIN,
        )
    )
    print(
        f"  (--watch: the edited example ran in {seconds(watch_run_times)}; after a prose edit "
        f"it ran again in {sum(watch_prose_reran)} of {len(watch_prose_reran)} builds)"
    )
    print(load_line("at the end"))


def print_table(ours: Build, peer: Build | None, our_page, peer_page) -> None:
    """This site's times beside the peer's, with the ratio peer / ours (min and median)."""
    rows = {
        "cold build": "cold",
        "no-change rebuild": "no-change",
        "edit one example": "edit-one",
        "edit prose only": "edit-prose",
        "edit one, --watch": "edit-one, watch",
        "edit prose, --watch": "edit-prose, watch",
    }
    header = f"\n{'(min / median)':<19} {'this site':>17}"
    if peer:
        header += f" {'myst-nb + cache':>17} {'peer / ours':>13}"
    print(header)
    for label, kind in rows.items():
        if kind not in ours.times:
            print(f"{label:<19} {'(not run)':>17}")
            continue
        line = f"{label:<19} {seconds(ours.times[kind]):>17}"
        if peer and kind in peer.times:
            ratios = [
                f"{pick(peer.times[kind]) / pick(ours.times[kind]):.2f}"
                for pick in (min, statistics.median)
            ]
            ratio = ratios[0] if len(peer.times[kind]) == 1 else " / ".join(ratios)
            line += f" {seconds(peer.times[kind]):>17} {ratio + 'x':>13}"
        print(line)
    pages = [our_page, peer_page] if peer_page else [our_page]
    line = f"{'spiral page, raw':<19}"
    for page in pages:
        line += f" {f'{page.raw / 1e3:,.0f} kB, {len(page.fetched)} req':>17}"
    if peer_page:
        line += f" {peer_page.raw / our_page.raw:>12.2f}x"
    print(line)
    line = f"{'spiral page, gzip':<19}"
    for page in pages:
        line += f" {f'{page.gzipped / 1e3:,.0f} kB':>17}"
    if peer_page:
        line += f" {peer_page.gzipped / our_page.gzipped:>12.2f}x"
    print(line)
    if peer:
        print(
            f"peak memory: this site {ours.peak_memory / 1e6:,.0f} MB, "
            f"peer {peer.peak_memory / 1e6:,.0f} MB"
        )
        if peer_page and peer_page.failed:
            print("(the peer's page asks a CDN for MathJax: blocked here, not counted above)")


def print_goals(
    args: argparse.Namespace,
    ours: Build,
    cold_run_times: dict[str, float],
    example: str,
    edited_run_times: list[float],
    prose_reran: list[bool],
    page: page_weight.Weight,
) -> None:
    """Each goal of issue 13 with PASS/FAIL, judged on the median of the runs."""
    no_change = statistics.median(ours.times["no-change"])
    compute = sum(cold_run_times.values())
    floor = compute / args.jobs + no_change
    own = statistics.median(edited_run_times)
    edit_one = statistics.median(ours.times["edit-one"])
    print(
        f"\nfloor of a cold build: examples' run times {compute:.2f} s / {args.jobs} jobs "
        f"+ no-change {no_change:.2f} s = {floor:.2f} s"
    )
    if "no-exec" in ours.times:
        no_exec = ours.times["no-exec"][0]
        with_no_exec = compute / args.jobs + no_exec
        cold = statistics.median(ours.times["cold"])
        print(
            f"  (not a goal: with the build that runs no example, {no_exec:.2f} s, in place of "
            f"the no-change rebuild, as the issue's profile counts it: {with_no_exec:.2f} s; "
            f"cold = {cold / with_no_exec:.2f} x that)"
        )
    print(f"edited example: {example}, its own run time {seconds(edited_run_times)}")
    print(
        f"edit prose only: the example ran again in {sum(prose_reran)} of {len(prose_reran)} "
        "builds (no code changed: it need not run)"
    )
    print("\ngoals (medians; on a quiet 2-core machine):")
    print(
        verdict(
            "no-change rebuild",
            f"{no_change:.2f} s",
            f"<= {NO_CHANGE_GOAL:.2f} s",
            no_change <= NO_CHANGE_GOAL,
        )
    )
    print(
        verdict(
            "edit one example",
            f"{edit_one:.2f} s",
            f"<= {own + EDIT_ONE_MARGIN:.2f} s (its run {own:.2f} s + {EDIT_ONE_MARGIN} s)",
            edit_one <= own + EDIT_ONE_MARGIN,
        )
    )
    if "cold" in ours.times:
        cold = statistics.median(ours.times["cold"])
        print(
            verdict(
                "cold build",
                f"{cold:.2f} s",
                f"<= {COLD_OVER_FLOOR_GOAL} x floor = {COLD_OVER_FLOOR_GOAL * floor:.2f} s "
                f"(now {cold / floor:.2f} x)",
                cold <= COLD_OVER_FLOOR_GOAL * floor,
            )
        )
        cpu = ours.cpu["cold"][-1]  # the run whose example run times are counted
        cores = len(os.sched_getaffinity(0))
        allowed = COLD_OVER_FLOOR_GOAL * floor * cores - compute
        bound = cpu / cores
        above = "above" if bound > COLD_OVER_FLOOR_GOAL * floor else "not above"
        print(
            f"  CPU time of the last cold build: {cpu:.1f} s, about {cpu - compute:.1f} s of it "
            f"outside the examples' run times ({compute:.1f} s, wall time);\n"
            f"  this much CPU work needs at least {bound:.2f} s on {cores} CPUs = "
            f"{bound / floor:.2f} x the floor, {above} the {COLD_OVER_FLOOR_GOAL} x goal "
            f"(which allows about {allowed:.1f} s of CPU time outside the examples)"
        )
    print(
        verdict(
            "spiral page, raw",
            f"{page.raw / 1e6:.2f} MB",
            f"<= {PAGE_GOAL / 1e6:g} MB ({len(page.fetched)} requests)",
            page.raw <= PAGE_GOAL,
        )
    )
    print(
        verdict(
            "peak memory",
            f"{ours.peak_memory / 1e6:,.0f} MB",
            f"<= {MEMORY_GOAL / 1e6:,.0f} MB (a build's whole process tree)",
            ours.peak_memory <= MEMORY_GOAL,
        )
    )


if __name__ == "__main__":
    main()
