"""Developer tasks: ``nox -s tests``, ``nox -s lint`` (environments are reused)."""

import nox

nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests"]

# torch is pinned to the local CPU build; see constraints.txt.
CONSTRAINTS = ("-c", "constraints.txt")


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests of spiral_tut, with a coverage report."""
    session.install(*CONSTRAINTS, "-e", ".[test]")
    session.run(
        "pytest",
        "--ignore=tests/site",
        "--cov=spiral_tut",
        "--cov-report=term-missing:skip-covered",
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint rules and formatting."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
