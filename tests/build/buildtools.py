"""Building the site in a throw-away copy of its sources, for the checks in this folder.

Every build happens in a copy of the sources under pytest's temporary directory, so the
developer's ``docs/_build`` and ``docs/auto_examples`` are never touched and two builds cannot
share stale output. The copy's ``spiral_tut`` is put first on ``PYTHONPATH``, so a test may edit
the package in its copy and the build (and its example processes) import that edited version.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Build outputs and caches that a copy of the sources must not carry over.
NOT_SOURCES = shutil.ignore_patterns(
    "_build", "auto_examples", "sg_execution_times.rst", "__pycache__", "*.pyc"
)


@dataclass
class Build:
    """A finished ``sphinx-build`` run in a source tree."""

    tree: Path
    returncode: int
    log: str  # stdout and stderr, interleaved

    @property
    def html(self) -> Path:
        return self.tree / "docs" / "_build" / "html"

    @property
    def gallery(self) -> Path:
        return self.tree / "docs" / "auto_examples"

    def summary(self) -> str:
        """The log's warnings and errors (or its end), for a failure message."""
        lines = self.log.splitlines()
        problems = [line for line in lines if "WARNING" in line or "ERROR" in line]
        shown = "\n".join(problems[:40] or lines[-40:])
        return f"sphinx-build exited with {self.returncode} in {self.tree}:\n{shown}"


def copy_sources(tree: Path) -> Path:
    """Copy what the site is built from (docs, examples, spiral_tut) into ``tree``."""
    for name in ("docs", "examples", "spiral_tut"):
        shutil.copytree(REPO / name, tree / name, ignore=NOT_SOURCES)
    return tree


def small_site(tree: Path, examples: dict[str, str]) -> Path:
    """A site with the real configuration, extensions and package, but only ``examples``.

    ``examples`` maps a file name (``plot_x.py``) to its code; they form one gallery section.
    The real pages are replaced by an index page, so that a build takes seconds, not minutes.
    """
    copy_sources(tree)
    docs = tree / "docs"
    for page in [*docs.rglob("*.rst"), *docs.rglob("*.md")]:
        if not page.relative_to(docs).parts[0].startswith("_"):  # keep _templates, _static
            page.unlink()
    (docs / "index.rst").write_text(
        "Build check\n===========\n\n.. toctree::\n\n   auto_examples/index\n", encoding="utf-8"
    )
    shutil.rmtree(tree / "examples")
    section = tree / "examples" / "checks"
    section.mkdir(parents=True)
    (tree / "examples" / "README.rst").write_text("Examples\n========\n", encoding="utf-8")
    (section / "README.rst").write_text("Checks\n------\n", encoding="utf-8")
    for name, code in examples.items():
        (section / name).write_text(code, encoding="utf-8")
    return tree


def sphinx_build(
    tree: Path,
    *args: str,
    offline: bool = False,
    timeout: int = 1800,
    env: dict[str, str] | None = None,
) -> Build:
    """``sphinx-build -W --keep-going -b html`` the tree's docs, as ``nox -s docs`` does.

    ``offline=True`` runs it in a new network namespace without any network (``unshare -n``,
    which needs root or user namespaces): a build that fetches anything fails. ``env``: variables
    set for this build on top of the current environment.
    """
    docs = tree / "docs"
    # --no-color: the log is searched as plain text (nox or CI may ask for colours)
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "--no-color", "-b", "html"]
    command += ["-d", str(docs / "_build" / "doctrees"), str(docs), str(docs / "_build" / "html")]
    command += args
    if offline:
        command = ["unshare", "--net", "--", *command]
    path = os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg", **(env or {})}
    result = subprocess.run(
        command,
        cwd=tree,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )
    (tree / "build.log").write_text(result.stdout, encoding="utf-8")  # for a look afterwards
    return Build(tree, result.returncode, result.stdout)


def can_unshare_network() -> str | None:
    """None if ``unshare -n`` works here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(["unshare", "--net", "--", "true"], capture_output=True, text=True)
    return None if probe.returncode == 0 else f"unshare -n is not permitted: {probe.stderr.strip()}"


def run_notebook(notebook, build: Build, path: Path, **options):
    """Execute ``notebook`` (saved at ``path``) in a Jupyter kernel that imports the build's
    copy of ``spiral_tut``, as the build did; ``options`` go to ``nbclient.NotebookClient``.

    Raises ``CellExecutionError`` (with the cell and its traceback) on the first failing cell,
    unless ``allow_errors=True``; a dead kernel raises ``DeadKernelError`` even then.
    """
    import nbclient  # installed by nox -s build_checks

    old = os.environ.get("PYTHONPATH")
    # the kernel process inherits this process's environment
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(build.tree), old]))
    try:
        client = nbclient.NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            **options,
        )
        client.execute()
    finally:
        if old is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = old
    return notebook


# -- Interrupted builds (test_interrupted_builds.py) --------------------------------------------

#: ``<point>|<text>``: the build stops at ``point`` (a key of :func:`pause_points`) the first time
#: the thing it handles (example file, page, record path) contains ``text``, and waits to be
#: killed; :data:`PAUSED` names the file it creates when it gets there.
PAUSE_AT, PAUSED = "COURSE_PAUSE_AT", "COURSE_PAUSED"


def pause_points() -> dict[str, tuple[object, str, str, object]]:
    """Where a build can be stopped: (owner, function name, before or after the call, a function
    of the call's arguments that names what the call handles)."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx_gallery import gen_rst

    return {
        # the example's first code block ran: its figure is saved, nothing else of this run
        "example running": (
            gen_rst,
            "execute_code_block",
            "after",
            lambda args: args[3]["src_file"] if args[1].type == "code" else "",
        ),
        # the example ran and its .md5 was written; its page, thumbnail, notebook, zip were not
        "md5 written": (gen_rst, "save_rst_example", "before", lambda args: args[1]),
        # everything of the example written but its zip
        "zip next": (gen_rst, "zip_files", "before", lambda args: args[1]),
        # the examples before this one ran and wrote everything
        "example next": (gen_rst, "generate_file_rst", "before", lambda args: args[0]),
        # the examples ran, Sphinx read the pages and is writing the HTML: this page is written
        "page written": (StandaloneHTMLBuilder, "handle_page", "after", lambda args: args[1]),
        # the build is done and ``course_stale`` is putting its record in place
        "record next": (os, "replace", "before", lambda args: args[1]),
    }


def arm_pause_point() -> None:
    """In the build process (the copy's ``conf.py`` calls it): stop where ``$COURSE_PAUSE_AT``
    says, create the file ``$COURSE_PAUSED`` and sleep until killed. Needs the examples run in
    this process (``SPHINX_GALLERY_JOBS=1``)."""
    import time

    if not os.environ.get(PAUSE_AT):
        return
    point, text = os.environ[PAUSE_AT].split("|")
    owner, name, when, handles = pause_points()[point]
    original = getattr(owner, name)

    def pause() -> None:
        Path(os.environ[PAUSED]).write_text(f"{point}|{text}\n", encoding="utf-8")
        time.sleep(300)  # the test kills the build long before
        os._exit(3)

    def paused(*args, **kwargs):
        stop = text in str(handles(args))
        if stop:
            setattr(owner, name, original)  # once
        if stop and when == "before":
            pause()
        result = original(*args, **kwargs)
        if stop and when == "after":
            pause()
        return result

    setattr(owner, name, paused)


def allow_pauses(tree: Path) -> None:
    """Make the builds of ``tree`` stop where ``$COURSE_PAUSE_AT`` says (see
    :func:`arm_pause_point`); without that variable they run as before."""
    conf = tree / "docs" / "conf.py"
    loader = (
        "\n\n# tests/build/buildtools.py: stop where $COURSE_PAUSE_AT says (a kill test)\n"
        "import importlib.util as _util\n\n"
        f"_spec = _util.spec_from_file_location('buildtools', {str(Path(__file__))!r})\n"
        "sys.modules['buildtools'] = _buildtools = _util.module_from_spec(_spec)\n"
        "_spec.loader.exec_module(_buildtools)\n"
        "_buildtools.arm_pause_point()\n"
    )
    conf.write_text(conf.read_text(encoding="utf-8") + loader, encoding="utf-8")


def start_build(tree: Path, env: dict[str, str]) -> subprocess.Popen:
    """Start ``sphinx-build`` as :func:`sphinx_build` does, in a session of its own (so that
    :func:`kill_build` reaches every process it starts); its log goes to ``tree/killed.log``."""
    docs = tree / "docs"
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "--no-color", "-b", "html"]
    command += ["-d", str(docs / "_build" / "doctrees"), str(docs), str(docs / "_build" / "html")]
    path = os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")]))
    with open(tree / "killed.log", "w", encoding="utf-8") as log:
        return subprocess.Popen(
            command,
            cwd=tree,
            env={**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_build(process: subprocess.Popen) -> None:
    """SIGKILL the build and every process in its session (gallery workers, kernels)."""
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it had ended
    process.wait()
