"""Nothing of the build machine reaches the readers: no absolute paths, user names or tracebacks.

Scans every text file the site serves (pages, scripts, styles, the search index, the ``.py`` and
``.ipynb`` downloads). A path typically leaks through a warning or an exception printed into an
example's output, or through ``__file__`` in printed text; a traceback through an example that
failed without failing the build.
"""

from __future__ import annotations

import getpass
import re
import sys
import tempfile
from pathlib import Path

import pytest
from sitepages import parse

REPO = Path(__file__).resolve().parents[2]
#: Files the site serves that are text (images, fonts and archives are skipped).
TEXT_SUFFIXES = {".html", ".js", ".css", ".txt", ".py", ".ipynb", ".svg", ".json", ".map"}
TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)"
    r"|File (\"|&quot;|&#34;)[^\n]{1,300}?(\"|&quot;|&#34;), line \d"  # a frame, maybe escaped
)


def machine_paths() -> set[str]:
    """Absolute paths of this machine that must not appear in the site."""
    user = getpass.getuser()
    paths = {
        str(REPO),
        str(REPO.parent) + "/",
        str(Path.home()) + "/",
        tempfile.gettempdir().rstrip("/") + "/",
        sys.prefix,
        "/root/",
        "/home/",
        "/Users/",
        "site-packages",
        "dist-packages",
        f"/{user}/",
    }
    return {path for path in paths if len(path.strip("/")) > 1}  # never "/" itself


def leaks(text: str, paths: set[str]) -> list[str]:
    """Each machine path or traceback marker found in ``text``, with a little context."""
    found = []
    for path in sorted(paths):
        if (at := text.find(path)) >= 0:
            found.append(text[max(0, at - 40) : at + len(path) + 40])
    found += [text[max(0, m.start() - 40) : m.end() + 40] for m in TRACEBACK.finditer(text)]
    return found


def served_text_files(site: Path) -> list[Path]:
    return sorted(
        path
        for path in site.rglob("*")
        if path.suffix in TEXT_SUFFIXES and path.is_file() and ".doctrees" not in path.parts
    )


def test_no_machine_paths_or_tracebacks(site: Path) -> None:
    files = served_text_files(site)
    assert len(files) >= 50, f"only {len(files)} text files in {site}"
    paths = machine_paths()
    problems = {}
    for path in files:
        if found := leaks(path.read_text(encoding="utf-8", errors="replace"), paths):
            problems[path.relative_to(site).as_posix()] = found[:3]
    report = "\n".join(f"{name}: {found}" for name, found in problems.items())
    assert not problems, f"build-machine details in the site:\n{report}"


#: Python's default repr, ``<matplotlib.legend.Legend object at 0x7f93ac737090>``: the address
#: differs from build to build and tells the reader nothing (end such a line with ``;`` or assign
#: the value, e.g. ``_ = ax.legend()``).
DEFAULT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")


def test_no_object_addresses_in_the_output(site: Path) -> None:
    problems = {}
    for path in sorted((site / "auto_examples").rglob("*.html")):
        if found := DEFAULT_REPR.findall(parse(path).output_text):
            problems[path.relative_to(site).as_posix()] = found
    assert not problems, f"default reprs with memory addresses in executed output: {problems}"


@pytest.mark.parametrize(
    "text",
    [
        f"<pre>{REPO}/examples/plot_x.py:12: UserWarning: ...</pre>",
        f"saved to {Path.home()}/figure.png",
        f"{tempfile.gettempdir()}/tmpab12/out.png",
        "/usr/lib/python3/site-packages/torch/nn/modules/module.py",
        "Traceback (most recent call last):\n  ValueError: x",
        '  File "plot_x.py", line 3, in <module>',
        "File &quot;plot_x.py&quot;, line 3, in &lt;module&gt;",
    ],
)
def test_leak_detector_finds(text: str) -> None:
    assert leaks(text, machine_paths())


def test_leak_detector_passes_ordinary_text() -> None:
    text = "<p>见上面的输出：final accuracy 0.953, saved as sphx_glr_plot_001.png</p>"
    assert leaks(text, machine_paths()) == []


def test_default_repr_detector() -> None:
    assert DEFAULT_REPR.findall("x\n<matplotlib.legend.Legend object at 0x7f93ac737090>\n")
    assert not DEFAULT_REPR.findall("Linear(in_features=2, out_features=3, bias=True) 0x10")
