"""A checkout whose path contains a space builds (sphinx-gallery's own check used to fail on the
absolute path), and an example file name with a space is still reported; files an example writes
do not stay in the source tree."""

from __future__ import annotations

from pathlib import Path

from buildtools import small_site, sphinx_build

EXAMPLE = '''"""
Spaced
======

Runs in a folder whose path has a space.
"""

print("ran in a spaced path")
with open("written.txt", "w") as file:  # lands in the example's folder: sphinx-gallery's cwd
    file.write("data")
print(open("written.txt").read())
'''


def test_a_path_with_a_space_builds(tmp_path: Path) -> None:
    tree = small_site(tmp_path / "My Courses" / "week 1", {"plot_spaced.py": EXAMPLE})
    build = sphinx_build(tree)
    assert build.returncode == 0, build.summary()
    page = build.html / "auto_examples" / "checks" / "plot_spaced.html"
    assert "ran in a spaced path" in page.read_text("utf-8")
    # the file the example wrote left the sources, for the gallery output folder
    assert not (tree / "examples" / "checks" / "written.txt").exists()
    assert (build.gallery / "checks" / "written.txt").read_text() == "data"
    assert "checks/written.txt: written by an example, moved out of the sources" in build.log


def test_an_example_name_with_a_space_is_still_a_warning(tmp_path: Path) -> None:
    tree = small_site(tmp_path, {"plot_fine.py": EXAMPLE, "plot_two words.py": EXAMPLE})
    build = sphinx_build(tree, "-D", "plot_gallery=0")
    assert build.returncode != 0
    assert "example file names with spaces break links: checks/plot_two words.py" in build.log
