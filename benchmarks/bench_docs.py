"""Benchmark of the docs build: times, peak memory, example run times, the spiral page's weight.

Prints, next to the course's targets on 2 CPU cores, with PASS/FAIL:

* cold ``nox -s docs``: no ``docs/_build``, no ``docs/auto_examples`` (every example runs), with
  the nox environment already installed;
* a no-change rebuild (``nox -s docs`` again);
* the peak memory of the build: the largest sum of resident memory over the build's process tree
  (Sphinx and the example worker processes), sampled with ``psutil`` every 0.1 s;
* each example's run time, from sphinx-gallery's ``docs/sg_execution_times.rst``;
* the spiral tutorial's page: its HTML plus every image it shows.

By default it builds in a temporary copy of the sources, so the checkout's own build stays as it
is; ``--in-place`` builds the checkout itself (deleting its ``docs/_build`` and
``docs/auto_examples`` first). The nox environment is this checkout's ``.nox/docs``, reused
without reinstalling (``nox -R``); it is installed first, untimed, if it does not exist.
To try a setting, ``--conf`` appends a line to the copy's ``conf.py``; arguments after ``--``
go to sphinx-build (here: run the spiral tutorial only)::

    python benchmarks/bench_docs.py
    python benchmarks/bench_docs.py --conf 'sphinx_gallery_conf["image_srcset"] = ["2x"]' \
        -- -D sphinx_gallery_conf.filename_pattern=plot_spiral_classification

Needs ``psutil`` (``python -m pip install psutil``, or the ``bench`` dependency group). Timings
depend on the machine's load: the load average is printed too.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

try:
    import psutil
except ImportError:
    sys.exit("bench_docs.py needs psutil: python -m pip install psutil")

REPO = Path(__file__).resolve().parents[1]
SPIRAL_PAGE = "docs/_build/html/auto_examples/01_exercises/plot_spiral_classification.html"
#: What the site is built from; copied for a build outside the checkout.
SOURCES = ("docs", "examples", "spiral_tut", "noxfile.py", "pyproject.toml", "constraints.txt")
GENERATED = ("docs/_build", "docs/auto_examples", "docs/sg_execution_times.rst")
MB = 1e6

TARGETS = {  # name: (limit, unit); a measurement passes when it is <= the limit
    "cold build": (90.0, "s"),
    "no-change rebuild": (10.0, "s"),
    "peak memory": (2000.0, "MB"),
    "spiral page": (1.5, "MB"),
}


def tree_rss(process: psutil.Process) -> int:
    """Resident memory in bytes of ``process`` and all its descendants (0 once it has ended)."""
    total = 0
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:  # the process ended meanwhile
        return 0
    for member in family:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # this one ended meanwhile
            pass
    return total


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, str]:
    """Run ``command``; return its wall time (s), its peak tree memory (bytes) and its output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
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
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{output[-5000:]}")
    return seconds, peak, output


def example_times(tree: Path) -> list[tuple[str, float]]:
    """(example, seconds) from sphinx-gallery's computation-times page, slowest first."""
    text = (tree / "docs" / "sg_execution_times.rst").read_text(encoding="utf-8")
    rows = re.findall(r"\(``\.\./examples/([^`]+)``\)\s*\n\s*- (\d+):(\d+(?:\.\d+)?)", text)
    times = [(name, int(minutes) * 60 + float(seconds)) for name, minutes, seconds in rows]
    return sorted(times, key=lambda row: -row[1])


class Images(HTMLParser):
    """Each ``<img>`` of a page as ``{density: url}``: ``src`` is 1x, ``srcset`` adds 2x, ..."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag != "img":
            return
        choices = {"1x": attributes["src"]} if attributes.get("src") else {}
        for candidate in attributes.get("srcset", "").split(","):
            if words := candidate.split():
                choices[words[1] if len(words) > 1 else "1x"] = words[0]
        self.images.append(choices)


def page_images(page: Path) -> dict[str, list[Path]]:
    """The local image files a reader's browser fetches for ``page``, by screen density.

    A density the page offers no variant for falls back to ``src``. ``data:`` URLs are part of
    the HTML file's own bytes.
    """
    parser = Images()
    parser.feed(page.read_text(encoding="utf-8"))
    densities = sorted({density for choices in parser.images for density in choices})
    fetched: dict[str, list[Path]] = {}
    for density in densities or ["1x"]:
        files = []
        for choices in parser.images:
            url = urlsplit(choices.get(density) or choices.get("1x", ""))
            if url.path and not url.scheme and not url.netloc:
                files.append((page.parent / unquote(url.path)).resolve())
        fetched[density] = sorted(set(files))
    return fetched


def optipng_size(image: Path) -> int:
    """Size of ``image`` after ``optipng`` at sphinx-gallery's default level (on a copy)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(shutil.copy(image, scratch))
        subprocess.run(["optipng", "-quiet", str(copy)], check=True)
        return copy.stat().st_size


def report_page(page: Path) -> float:
    """Print the page's bytes per screen density; return the largest total in MB."""
    html = page.stat().st_size
    optipng = shutil.which("optipng") is not None
    compressed: dict[Path, int] = {}
    totals = []
    print(f"\nspiral page: HTML {html / 1e3:.0f} kB")
    for density, files in page_images(page).items():
        sizes = [image.stat().st_size for image in files]
        total = html + sum(sizes)
        totals.append(total)
        print(
            f"  images fetched on a {density} screen: {len(files)}, page total {total / MB:.2f} MB"
        )
        for image, size in zip(files, sizes, strict=True):
            after = ""
            if optipng and image.suffix == ".png":
                compressed[image] = compressed.get(image) or optipng_size(image)
                after = f" ({compressed[image] / 1e3:4.0f} kB after optipng)"
            print(f"    {size / 1e3:6.0f} kB  {image.name}{after}")
        if optipng and files:
            smaller = html + sum(compressed.get(image, image.stat().st_size) for image in files)
            print(f"    page total with optipng: {smaller / MB:.2f} MB")
    return max(totals) / MB


def verdict(name: str, value: float) -> str:
    limit, unit = TARGETS[name]
    mark = "PASS" if value <= limit else "FAIL"
    return f"{name:<18} {value:9.2f} {unit:<3} target <= {limit:g} {unit:<3} {mark}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--in-place", action="store_true", help="build this checkout itself")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    parser.add_argument(
        "--conf",
        action="append",
        default=[],
        metavar="CODE",
        help="a line appended to the copy's conf.py, to try a setting (not with --in-place)",
    )
    parser.add_argument("sphinx_args", nargs="*", help="after --: extra sphinx-build arguments")
    args = parser.parse_args()

    nox = [shutil.which("nox") or sys.exit("nox is not installed: python -m pip install nox")]
    envdir = REPO / ".nox"
    if not (envdir / "docs").is_dir():
        print("installing the nox docs environment first (not timed) ...", flush=True)
        subprocess.run([*nox, "-f", str(REPO / "noxfile.py"), "-s", "docs", "--install-only"])

    scratch = None
    if args.in_place:
        tree = REPO
    else:
        scratch = Path(tempfile.mkdtemp(prefix="bench-docs-"))
        tree = scratch
        for name in SOURCES:
            source = REPO / name
            ignore = shutil.ignore_patterns("_build", "auto_examples", "__pycache__")
            if source.is_dir():
                shutil.copytree(source, tree / name, ignore=ignore)
            else:
                shutil.copy2(source, tree / name)
    if args.conf:
        if args.in_place:
            sys.exit("--conf changes the copy's conf.py only: leave out --in-place")
        with open(tree / "docs" / "conf.py", "a", encoding="utf-8") as conf:
            conf.write("\n# added by bench_docs.py --conf\n" + "\n".join(args.conf) + "\n")
    for name in GENERATED:
        path = tree / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)

    try:
        command = [
            *nox,
            "-f",
            str(tree / "noxfile.py"),
            "--envdir",
            str(envdir),
            "-R",
            "-s",
            "docs",
        ]
        if args.sphinx_args:
            command += ["--", *args.sphinx_args]
        # the copy's spiral_tut first, also in the example worker processes
        env = {**os.environ, "PYTHONPATH": str(tree)}
        load = os.getloadavg()
        cpus = os.cpu_count()
        print(f"building in {tree} on {cpus} CPUs, load average {load[0]:.1f}, {load[1]:.1f}")
        print("$ " + " ".join(command), flush=True)
        cold, peak, _ = run(command, tree, env)
        rebuild, rebuild_peak, _ = run(command, tree, env)
        load = os.getloadavg()
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / MB

        print("\nexample run times (sphinx-gallery, cold build):")
        times = example_times(tree)
        for name, seconds in times:
            if seconds > 0:
                print(f"  {seconds:7.2f} s  {name}")
        if skipped := sum(seconds == 0 for _, seconds in times):
            print(f"  ({skipped} examples not run)")
        weight = report_page(tree / SPIRAL_PAGE)

        print("\nresults (load average after the builds: {:.1f}, {:.1f}, {:.1f}):".format(*load))
        print(verdict("cold build", cold))
        print(verdict("no-change rebuild", rebuild))
        print(verdict("peak memory", max(peak, rebuild_peak) / MB))
        print(f"{'':18} (largest single process: {largest:.0f} MB)")
        print(verdict("spiral page", weight))
    finally:
        if scratch and not args.keep:
            shutil.rmtree(scratch)
        elif scratch:
            print(f"kept {scratch}")


if __name__ == "__main__":
    main()
