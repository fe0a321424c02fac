"""Build the site strictly, or say in a tenth of a second that it is already up to date.

``python docs/build.py [more sphinx-build options]`` runs, in this process::

    sphinx-build -W --keep-going -b html -d docs/_build/doctrees docs docs/_build/html [options]

A successful build records what it was made from in ``docs/_build/build-inputs.json``: a SHA-256
of every source file (``docs/``, ``examples/``, ``spiral_tut/``, ``pyproject.toml``), the options,
the build's settings in the environment (``COURSE_*``, ``SPHINX*``, ``PYTHON*``, ...), the Python
version and the installed distributions; and the size and modification time of every output file.
When all of that is unchanged, Sphinx is not started at all: nothing it could do would change the
site. Anything else (an edited page, another option, a new torch, a deleted output file) runs
Sphinx as usual, and Sphinx and sphinx-gallery decide what to read and run again.

The record is deleted before Sphinx starts and written (atomically) only after a build that
succeeded, so an interrupted or failed build is never taken for an up-to-date site.
``--force`` runs Sphinx whatever the record says.

``python docs/build.py --watch`` builds, then rebuilds whenever a source file changes, until
Ctrl-C. It imports the libraries a build needs (Sphinx, sphinx-gallery, furo, matplotlib, torch,
jieba's dictionary: :data:`WARM`; after each build, every other library that build imported),
and runs each build in a child process forked from itself, so a rebuild skips seconds of imports;
everything of the course (``conf.py``, ``docs/_ext``, ``spiral_tut``, the examples) is still
read afresh by each build. A failed build is reported and the watch goes on. Builds are forked
on Linux only (:data:`FORKS`); on macOS and Windows each build is a new process.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib
import importlib.machinery
import importlib.util
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: sphinx-build's arguments, before the options given on the command line (folders under the root).
STRICT = [
    "-W",
    "--keep-going",
    "-b",
    "html",
    "-d",
    "{docs}/_build/doctrees",
    "{docs}",
    "{docs}/_build/html",
]
#: What the site is made from (folders are read recursively).
SOURCES = ("docs", "examples", "spiral_tut", "pyproject.toml")
#: What a build writes (not sources): its outputs, checked by size and modification time.
OUTPUTS = ("docs/_build/html", "docs/auto_examples", "docs/sg_execution_times.rst")
NOT_SOURCES = ("docs/_build", *OUTPUTS[1:])
SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}
SKIPPED_SUFFIXES = {".mo", ".pyc"}  # Sphinx compiles .po to .mo
#: Environment variables that can change what the site contains.
SETTINGS = ("COURSE_", "SPHINX", "PYTHON", "OMP_", "MKL_", "MPL", "CUDA", "TORCH", "LANG", "LC_")
RECORD = "docs/_build/build-inputs.json"


def files(root: Path, names: Iterable[str], skip: Iterable[str] = ()) -> list[Path]:
    """The files under ``root/<name>`` for each name, sorted, without ``skip`` folders, caches
    and compiled files."""
    skipped = {root / name for name in skip}
    found = []
    for name in names:
        top = root / name
        if top.is_file():
            found.append(top)
        for folder, subfolders, filenames in os.walk(top):
            here = Path(folder)
            subfolders[:] = [
                sub for sub in subfolders if sub not in SKIPPED_PARTS and here / sub not in skipped
            ]
            found += [
                here / filename
                for filename in filenames
                if Path(filename).suffix not in SKIPPED_SUFFIXES and here / filename not in skipped
            ]
    return sorted(found)


def distributions() -> list[str]:
    """The installed distributions and their versions, from the metadata folders' names."""
    names = set()
    for entry in sys.path:
        if os.path.isdir(entry):
            names.update(
                name for name in os.listdir(entry) if name.endswith((".dist-info", ".egg-info"))
            )
    return sorted(names)


def editors_file(name: str) -> bool:
    """Whether ``name`` is an editor's lock, swap or backup file, not a source.

    >>> [editors_file(n) for n in (".#plot_a.py", ".plot_a.py.swp", "a.py~", "4913", "a.py")]
    [True, True, True, True, False]
    """
    return name.startswith(".") or name.endswith(("~", ".swp", ".swo", ".swx")) or name == "4913"


def inputs(root: Path, options: list[str], environ: dict[str, str]) -> str:
    """SHA-256 of everything a build of ``root`` with ``options`` is made from."""
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)

    for path in files(root, SOURCES, skip=NOT_SOURCES):
        if editors_file(path.name):
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # deleted meanwhile, or a link to nothing (an editor's lock)
            continue
        add(path.relative_to(root).as_posix(), data)
    add("options", *options)
    add("environment", *sorted(f"{k}={v}" for k, v in environ.items() if k.startswith(SETTINGS)))
    add("python", sys.version, sys.executable, *distributions())
    return digest.hexdigest()


def outputs(root: Path) -> str:
    """SHA-256 of the output files' names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in files(root, OUTPUTS):
        status = path.stat()
        digest.update(
            f"{path.relative_to(root).as_posix()}\0{status.st_size}\0{status.st_mtime_ns}\n".encode()
        )
    return digest.hexdigest()


def read_record(path: Path) -> dict[str, str] | list[str] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_record(path: Path, record: dict[str, str] | list[str]) -> None:
    """Write the record so that a reader finds the whole file or none."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(record, file, indent=1)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_sphinx(arguments: list[str]) -> int:
    from sphinx.cmd.build import main

    return main(arguments)


def build(
    options: list[str],
    root: Path = ROOT,
    environ: dict[str, str] | None = None,
    sphinx: Callable[[list[str]], int] = run_sphinx,
) -> int:
    """Run Sphinx on ``root`` unless the record says the site is current; return the exit status."""
    start = time.perf_counter()
    force = "--force" in options
    options = [option for option in options if option != "--force"]
    record_path = root / RECORD
    made_from = inputs(root, options, dict(os.environ if environ is None else environ))
    record = read_record(record_path)
    if not force and record == {"inputs": made_from, "outputs": outputs(root)}:
        seconds = time.perf_counter() - start
        print(
            "docs/build.py: the site in docs/_build/html is up to date: nothing it is made from "
            f"changed since the last successful build (checked in {seconds:.2f} s; "
            "--force builds anyway)"
        )
        return 0
    record_path.unlink(missing_ok=True)
    status = sphinx([argument.format(docs=root / "docs") for argument in STRICT] + options)
    if status == 0 and record_path.parent.is_dir():
        write_record(record_path, {"inputs": made_from, "outputs": outputs(root)})
    return status


#: Imported by ``--watch`` before it forks its builds: slow to import, and the same in every
#: build (``matplotlib.use("agg")`` first: what sphinx-gallery uses).
WARM = (
    "sphinx.cmd.build",
    "sphinx_gallery.gen_gallery",
    "furo",
    "matplotlib.pyplot",
    "torch",
    "latex2mathml.converter",
    "jieba",
)
#: Seconds between two looks at the sources while watching (a look, :func:`inputs`, takes about
#: 3 ms here). Once a look finds a change, the files are built when they are the same at one
#: more look, :data:`SETTLE` seconds later (an editor may save a file in several steps).
INTERVAL = 0.1
SETTLE = 0.05
#: Where a build finds the course's own modules (``conf.py`` puts ``docs/_ext`` on the path).
COURSE_PATHS = ("", "docs", "docs/_ext")
#: What the builds that ran Sphinx imported besides the course's own code: the next watch
#: imports it before its first rebuild too.
IMPORTED = "docs/_build/watch-imports.json"
#: As ``conf.py`` sets them before anything imports torch: the watch imports torch itself, and a
#: process that forks must not have a thread pool.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Builds are forked where that is safe after importing these libraries (Linux); elsewhere
#: (macOS, Windows) each build is a new process.
FORKS = sys.platform == "linux" and hasattr(os, "fork")


def warm_up(names: Iterable[str] = WARM) -> None:
    """Import :data:`WARM` (or ``names``, skipping any that fail) and load jieba's dictionary,
    in this process; then keep the garbage collector off these objects (a forked build shares
    them)."""
    import matplotlib

    matplotlib.use("agg")
    for name in names:
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 (a module that only imports inside a build)
                pass
    import jieba

    jieba.setLogLevel(30)  # no "Building prefix dict" chatter (logging.WARNING)
    jieba.initialize()
    gc.freeze()


def in_course(root: Path) -> Callable[[str], bool]:
    """A test of whether a folder is in one of :data:`SOURCES` (links resolved, each folder
    once: a few hundred folders hold the 3,000 modules of a build)."""
    course = tuple(os.path.join(os.path.realpath(root / name), "") for name in SOURCES)

    @functools.cache
    def test(folder: str) -> bool:
        return os.path.join(os.path.realpath(folder), "").startswith(course)

    return test


def libraries(root: Path = ROOT) -> list[str]:
    """The imported modules that are not the course's own (none of whose file is in one of
    :data:`SOURCES`): what a build imported that the next one may find imported already."""
    course = in_course(root)
    found = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if name.startswith("__") or not isinstance(file, str):
            continue
        if not course(os.path.dirname(file)):
            found.append(name)
    return sorted(found)


def remember_imports(root: Path = ROOT) -> None:
    """After a build that ran Sphinx (watched or not): add what it imported to
    :data:`IMPORTED`, so that the next watch's first rebuild finds these libraries imported too
    (also those that only some builds import: torch's compiler, say, when an example runs)."""
    if "sphinx.application" in sys.modules and (root / IMPORTED).parent.is_dir():
        names = set(libraries(root)) | set(imported_before(root))
        write_record(root / IMPORTED, sorted(names))


def imported_before(root: Path = ROOT) -> list[str]:
    """The names in :data:`IMPORTED` (none if it is missing or damaged) that are libraries
    now: a name that cannot be found, or is found in the course (say, ``spiral_tut`` installed
    as a library once, and now used from the checkout), is left out."""
    names = read_record(root / IMPORTED)
    if not isinstance(names, list):
        return []
    course = in_course(root)
    course_paths = [str(root / folder) for folder in COURSE_PATHS]

    @functools.cache
    def library(top: str) -> bool:
        if importlib.machinery.PathFinder.find_spec(top, course_paths) is not None:
            return False  # a build would import the course's own
        try:
            spec = importlib.util.find_spec(top)  # a top-level name: nothing is imported
        except (ImportError, ValueError):
            return False
        if spec is None:
            return False
        places = [os.path.dirname(spec.origin)] if spec.has_location else []
        places += list(spec.submodule_search_locations or [])
        return not any(course(place) for place in places)

    return [name for name in names if isinstance(name, str) and library(name.partition(".")[0])]


def finish(status: int) -> None:
    """End this process with ``status`` once a build is done."""
    loky = sys.modules.get("joblib.externals.loky.reusable_executor")
    executor = getattr(loky, "_executor", None)
    if executor is not None:
        # The examples' workers, idle: stopped at once rather than asked to finish, then Python
        # ends as usual, so that the pool's semaphores and folders are removed.
        try:
            executor.shutdown(wait=True, kill_workers=True)
        finally:
            sys.exit(status)
    # Every file is written and closed: skip the interpreter's tidying up of Sphinx's objects
    # (about half a second on a small machine).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def build_in_child(options: list[str], environ: dict[str, str]) -> int:
    """:func:`build` (its record made with ``environ``) in a child forked from this process; a
    build that ran Sphinx writes what it imported to :data:`IMPORTED`."""
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:
        status = 1
        try:
            status = build(options, environ=environ)
            remember_imports()
        except KeyboardInterrupt:
            status = 130
        except BaseException:  # noqa: BLE001 (reported here: the child ends below)
            traceback.print_exc()
        finally:
            finish(status)
    while True:
        try:
            return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
        except KeyboardInterrupt:  # Ctrl-C reaches the child too: let it stop, then stop
            os.waitpid(child, 0)
            raise


def build_in_new_process(options: list[str]) -> int:
    return subprocess.run([sys.executable, __file__, *options], check=False).returncode


def changes(
    root: Path,
    options: list[str],
    environ: dict[str, str],
    built: str,
    interval: float = INTERVAL,
    settle: float = SETTLE,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[str]:
    """Yield the sources' fingerprint (:func:`inputs`) whenever it differs from the one last
    built (``built`` at first) and has then stayed the same for ``settle`` seconds. Each is
    taken before its build starts, so a file saved during a build is built next."""
    while True:
        sleep(interval)
        now = inputs(root, options, environ)
        if now == built:
            continue
        while True:  # until the files stop changing
            sleep(settle)
            now, before = inputs(root, options, environ), now
            if now == before:
                break
        built = now
        yield now


def watch(
    options: list[str],
    root: Path = ROOT,
    environ: dict[str, str] | None = None,
    rebuild: Callable[[list[str]], int] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Build, then build again whenever a source changes; Ctrl-C ends it (status 130). When the
    installed libraries change, the watch starts again (a forked build would use the old ones)."""
    environ = dict(os.environ if environ is None else environ)  # as a plain build sees it
    forks = rebuild is None and FORKS
    if forks:
        for name, value in ONE_THREAD.items():
            os.environ.setdefault(name, value)
        warm_up([*WARM, *imported_before(root)])
        rebuild = functools.partial(build_in_child, environ=environ)
    rebuild = rebuild or build_in_new_process
    installed = distributions()
    try:
        first = inputs(root, options, environ)
        for _ in itertools.chain([first], changes(root, options, environ, first, sleep=sleep)):
            if distributions() != installed:
                print("docs/build.py --watch: the installed libraries changed: restarting")
                sys.stdout.flush()
                os.execv(sys.executable, [sys.executable, __file__, "--watch", *options])
            start = time.perf_counter()
            status = rebuild(options)
            outcome = "built" if status == 0 else f"FAILED (status {status})"
            seconds = time.perf_counter() - start
            watching = f"watching {', '.join(SOURCES)} (Ctrl-C stops)"
            print(f"docs/build.py --watch: {outcome} in {seconds:.2f} s; {watching}", flush=True)
            if forks:
                warm_up(imported_before(root))  # what this build imported, for the next one
    except KeyboardInterrupt:
        print("docs/build.py --watch: stopped", flush=True)
        return 130
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--watch" in arguments:
        sys.exit(watch([argument for argument in arguments if argument != "--watch"]))
    status = build(arguments)
    remember_imports()
    finish(status)
