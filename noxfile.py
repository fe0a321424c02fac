"""Developer tasks: ``nox -s tests``, ``nox -s lint`` (environments are reused)."""

import nox

nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests"]

# Every environment installs the versions pinned in constraints.txt (torch: the CPU build).
CONSTRAINTS = ("-c", "constraints.txt")


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests and docstring examples of spiral_tut, with a coverage report.

    Extra arguments replace the default paths, e.g. ``nox -s tests -- tests/unit/test_data.py``.
    """
    session.install(*CONSTRAINTS, "-e", ".[test]")
    session.run(
        "pytest",
        "--doctest-modules",
        "--cov=spiral_tut",
        "--cov-report=term-missing:skip-covered",
        *(session.posargs or ["spiral_tut", "tests/unit"]),
        env={"MPLBACKEND": "Agg"},
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint rules and formatting."""
    session.install(*CONSTRAINTS, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html, strictly: any warning or failing example fails it.

    Extra arguments go to sphinx-build, e.g. ``nox -s docs -- -D plot_gallery=0`` (text only,
    examples not run) or ``nox -s docs -- -D sphinx_gallery_conf.filename_pattern=tensor``.
    """
    session.install(*CONSTRAINTS, "-e", ".[docs]")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-d",
        "docs/_build/doctrees",  # not inside the site (Sphinx's default is html/.doctrees)
        "docs",
        "docs/_build/html",
        *session.posargs,
    )


@nox.session
def site(session: nox.Session) -> None:
    """Check the built site (run ``nox -s docs`` first), search included, in headless Chromium.

    Includes an axe-core accessibility audit of every page (axe-core ships inside
    axe-playwright-python: nothing is downloaded at test time).
    """
    session.install(
        *CONSTRAINTS, "pytest", "playwright", "pytest-playwright", "axe-playwright-python"
    )
    session.run(
        "pytest",
        "--confcutdir=tests/site",
        "--tracing=retain-on-failure",  # a failing browser test leaves a trace in test-results/
        "tests/site",
        *session.posargs,
    )


@nox.session
def build_checks(session: nox.Session) -> None:
    """Slow checks that build the site themselves, each in a temporary copy of the sources.

    A raising example fails the build with its traceback; editing spiral_tut re-runs the
    examples; the build needs no network (``unshare -n``, as root); two clean builds give
    identical outputs; every downloadable notebook runs top to bottom in a Jupyter kernel.
    Takes about two full builds and one run of every notebook.
    """
    session.install(*CONSTRAINTS, "-e", ".[docs,test]", "nbclient", "ipykernel")
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "tests/build",
        *session.posargs,
        env={"COURSE_BUILD_CHECKS": "1", "MPLBACKEND": "Agg"},
    )
