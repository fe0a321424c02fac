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
