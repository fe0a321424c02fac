"""A build killed at any moment leaves nothing that a later build trusts: the build after it
gives the same site as a clean build of the same sources.

Each case kills (SIGKILL, the whole process group) a build of a small site at one moment while
it runs the examples or writes the site, builds again (a package edit undone first) and
compares the result with a clean build of the same sources: the generated pages, notebooks,
downloads, figures and thumbnails, and every file of the HTML site with its search index, byte
for byte once run times are taken out. The rebuild must pass the strict build.

The build is stopped exactly at its moment (it waits there, see ``buildtools.arm_pause_point``)
and killed while it waits. Before the kill, the sources are

* ``fresh``: a new copy that was never built (the first build is killed);
* ``package``: the clean build's copy, with the package edited (every example runs again);
  the edit is undone before the next build, as an author who gives up on it would. A value
  that only the edited package prints must appear nowhere afterwards;
* ``example``: the clean build's copy, with the first example edited (only it runs); the edit
  is kept, and the reference is a clean build with the edited example.

The faults this catches (seen before ``course_stale`` deleted its record on start and re-ran
every example without it): a killed build after a package edit, undone, then "executed 0" with
the edited output on the page; a kill right after sphinx-gallery wrote an example's ``.md5``
left the old page, notebook and zip beside the new ``.py``, or a missing thumbnail failed every
later build; a kill while the record was written left its temporary file in the gallery.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from buildtools import (
    PAUSE_AT,
    PAUSED,
    allow_pauses,
    kill_build,
    small_site,
    sphinx_build,
    start_build,
)
from test_full_builds import executed_outputs

#: One example process: the build waits at its pause point in the process that is killed.
JOBS = {"SPHINX_GALLERY_JOBS": "1"}
CLEAN, EDITED = "clean-package", "KILLED-RUN-PROBE"

FIRST = '''"""
First
=====

Prints the package's probe and draws a figure (its thumbnail).
"""

import matplotlib.pyplot as plt

from spiral_tut import data

print("package probe:", data.BUILD_PROBE)
print("example version: {version}")
_ = plt.plot([0, 1, 2], [0, 1, 0])

# %%
# Then a second block.

print("first done")
'''

OTHER = '''"""
{title}
{underline}

Prints the package's probe.
"""

from spiral_tut import data

print("{name}:", data.BUILD_PROBE)
'''


def examples(version: int) -> dict[str, str]:
    """Four quick examples; ``version`` is printed by the first one (the example edit)."""
    names = ("second", "third", "fourth")
    others = {
        f"plot_{chr(ord('b') + i)}_{name}.py": OTHER.format(
            title=name.capitalize(), underline="=" * len(name), name=name
        )
        for i, name in enumerate(names)
    }
    return {"plot_a_first.py": FIRST.format(version=version), **others}


def set_probe(tree: Path, value: str) -> None:
    """Give the copy's package the constant ``data.BUILD_PROBE = value``."""
    module = tree / "spiral_tut" / "data.py"
    text = module.read_text(encoding="utf-8").split("\nBUILD_PROBE = ")[0]
    module.write_text(f"{text}\nBUILD_PROBE = {value!r}\n", encoding="utf-8")


def new_site(tree: Path, version: int) -> Path:
    small_site(tree, examples(version))
    set_probe(tree, CLEAN)
    allow_pauses(tree)
    return tree


#: The run time line of an example's HTML page; the pages that list run times; numbers.
HTML_TIMING = re.compile(r'<p class="sphx-glr-timing">.*?</p>')
NOT_COMPARED = re.compile(r"(^|/)sg_execution_times\.html$")
NUMBER = re.compile(r"[\d.]+")


def zip_members(data: bytes) -> bytes:
    """A zip's member names and contents (its file times left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = sorted(archive.namelist())
        return b"".join(name.encode() + b"\0" + archive.read(name) + b"\0" for name in members)


def search_index(data: bytes) -> bytes:
    """Sphinx's search index without number terms (run times are indexed as words) and terms
    that find no page (Sphinx keeps the words of a page's earlier version that way)."""
    prefix = b"Search.setIndex("
    assert data.startswith(prefix) and data.endswith(b")"), "Sphinx changed searchindex.js"
    index = json.loads(data[len(prefix) : -1])
    for key in ("terms", "titleterms"):
        terms = index[key].items()
        index[key] = {t: d for t, d in terms if d != [] and not NUMBER.fullmatch(t)}
    return json.dumps(index, sort_keys=True, ensure_ascii=False).encode("utf-8")


def site_outputs(tree: Path) -> dict[str, bytes]:
    """What a build made that a reader gets, by path: the gallery's generated files
    (``executed_outputs``: timings out) and its zips' contents, and every file of the HTML site
    (run times out: the lines that state them, the pages that list them, the numbers of the
    search index; zips by their contents)."""
    gallery, html = tree / "docs" / "auto_examples", tree / "docs" / "_build" / "html"
    outputs = {f"auto_examples/{name}": data for name, data in executed_outputs(gallery).items()}
    for path in sorted(gallery.rglob("*.zip")):
        outputs[f"auto_examples/{path.relative_to(gallery).as_posix()}"] = zip_members(
            path.read_bytes()
        )
    for path in sorted(p for p in html.rglob("*") if p.is_file()):
        name = path.relative_to(html).as_posix()
        if NOT_COMPARED.search(name):
            continue
        data = path.read_bytes()
        if path.suffix == ".zip":
            data = zip_members(data)
        elif name == "searchindex.js":
            data = search_index(data)
        elif path.suffix == ".html":
            data = HTML_TIMING.sub("(timing removed)", data.decode("utf-8")).encode("utf-8")
        outputs[f"html/{name}"] = data
    return outputs


def difference(name: str, rebuilt: bytes, clean: bytes) -> str:
    try:
        a, b = rebuilt.decode("utf-8").splitlines(), clean.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{name}: {len(rebuilt)} bytes after the kill, {len(clean)} in the clean build"
    lines = difflib.unified_diff(a, b, "after the kill", "clean build", lineterm="")
    return f"{name}:\n" + "\n".join(list(lines)[:40])


def assert_same_site(rebuilt: dict[str, bytes], clean: dict[str, bytes]) -> None:
    extra, missing = sorted(set(rebuilt) - set(clean)), sorted(set(clean) - set(rebuilt))
    assert not extra and not missing, f"files only after the kill: {extra}; only clean: {missing}"
    different = [name for name in clean if rebuilt[name] != clean[name]]
    report = "\n\n".join(difference(n, rebuilt[n], clean[n]) for n in different[:6])
    assert not different, f"{len(different)} files differ from a clean build:\n{report}"


@dataclass
class References:
    """The path every site of this module is built at (Sphinx keeps it in its environment),
    a copy of the clean build there, and the clean builds' outputs by example version."""

    tree: Path
    built: Path
    outputs: dict[int, dict[str, bytes]]


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> References:
    root = tmp_path_factory.mktemp("interrupted")
    tree, built, outputs = root / "site", root / "clean-copy", {}
    for version in (2, 1):  # 2: the edited first example; 1: the sources every case starts from
        shutil.rmtree(tree, ignore_errors=True)
        build = sphinx_build(new_site(tree, version), env=JOBS)
        assert build.returncode == 0, build.summary()
        outputs[version] = site_outputs(tree)
    shutil.copytree(tree, built)  # file times kept: Sphinx decides what to rewrite by them
    return References(tree, built, outputs)


def test_the_comparison_sees_everything(references: References) -> None:
    """The clean build has what the cases compare: four pages, a figure and its thumbnail, the
    notebooks and zips, each in the HTML site too, and the search index; the example edit
    changes the outputs."""
    clean = references.outputs[1]
    for kind in (r"auto_examples/checks/plot_\w+\.(rst|ipynb|py|zip)", r"html/.*plot_\w+\.html"):
        assert len([name for name in clean if re.fullmatch(kind, name)]) >= 4, kind
    assert any(re.search(r"images/thumb/sphx_glr_plot_a_first_thumb", n) for n in clean)
    assert any(re.search(r"html/_images/sphx_glr_plot_a_first_001", n) for n in clean)
    page = clean["html/auto_examples/checks/plot_a_first.html"].decode("utf-8")
    assert f"package probe: {CLEAN}" in page and "example version: 1" in page
    assert "(timing removed)" in page
    assert "html/searchindex.js" in clean
    assert b'"first"' in clean["html/searchindex.js"]  # words of the pages, as in the site
    changed = {n for n in clean if references.outputs[2].get(n) != clean[n]}
    assert "auto_examples/checks/plot_a_first.zip" in changed
    assert "html/auto_examples/checks/plot_a_first.html" in changed


#: (moment, the example it concerns, sources before the kill): every moment after a package
#: edit or on a fresh copy, and the example edit where its outputs are half new.
CASES = [
    ("example running", "plot_a_first", "fresh"),  # the record is gone; the first example runs
    ("example running", "plot_a_first", "package"),
    ("md5 written", "plot_a_first", "fresh"),  # its .md5 is new; its page and downloads old
    ("md5 written", "plot_a_first", "package"),
    ("md5 written", "plot_a_first", "example"),
    ("zip next", "plot_a_first", "fresh"),  # everything of it new but the zip
    ("zip next", "plot_a_first", "example"),
    ("example next", "plot_c_third", "fresh"),  # half of the examples done
    ("example next", "plot_c_third", "package"),
    ("page written", "plot_a_first", "package"),  # the site's HTML being written
    ("record next", ".course-outputs.sha256", "package"),  # all done but the record
]


@pytest.mark.parametrize(("moment", "example", "edit"), CASES)
def test_the_build_after_a_killed_one_equals_a_clean_build(
    references: References, moment: str, example: str, edit: str
) -> None:
    tree = references.tree
    shutil.rmtree(tree, ignore_errors=True)
    if edit == "fresh":
        new_site(tree, 1)
    else:
        shutil.copytree(references.built, tree)
    if edit == "package":
        set_probe(tree, EDITED)
    version = 2 if edit == "example" else 1
    if edit == "example":
        first = tree / "examples" / "checks" / "plot_a_first.py"
        first.write_text(examples(version)["plot_a_first.py"], encoding="utf-8")

    paused = tree / "paused"
    process = start_build(tree, {**JOBS, PAUSE_AT: f"{moment}|{example}", PAUSED: str(paused)})
    try:
        deadline = time.monotonic() + 120
        while not paused.exists():
            log = (tree / "killed.log").read_text("utf-8")[-3000:]
            assert process.poll() is None, f"the build ended before {moment} {example}:\n{log}"
            assert time.monotonic() < deadline, f"the build never reached {moment} {example}"
            time.sleep(0.05)
    finally:
        kill_build(process)
    if edit == "package":
        set_probe(tree, CLEAN)  # the edit undone: back to the clean build's sources

    build = sphinx_build(tree, env=JOBS)
    assert build.returncode == 0, build.summary()
    assert_same_site(site_outputs(tree), references.outputs[version])
    docs = tree / "docs"
    stale = [p for p in docs.rglob("*") if p.is_file() and EDITED.encode() in p.read_bytes()]
    assert not stale, f"the killed run's output is still in {stale}"
