"""docs/_ext/course_prose.py: a text-only edit of an example is recognised, its page rendered
from the new source with the old outputs; anything else, or any doubt, runs it again."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from course_prose import (
    NotPatchable,
    Source,
    md5,
    md5_path,
    page_parts,
    parse,
    patched_page,
    record_path,
    record_rendered_sources,
    rendered_body,
    split_outputs,
    update_text_only_examples,
    update_without_running,
    why_not_text_only,
)
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF
from sphinx_gallery.gen_rst import TIMING_CONTENT

REF = "gallery_plot_x.py"
SOURCE = '''"""
Title
=====

Intro paragraph.
"""

x = 1
print(x)

# %%
# First paragraph.
#
# Second line.

y = x + 1
print(y)

# %%
# Closing words.

print("done")
'''


def conf(**changes) -> dict:
    return {**DEFAULT_GALLERY_CONF, "remove_config_comments": True, **changes}


def source(tmp_path: Path, text: str, name: str = "plot_x.py") -> Source:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(path)


def outputs_for(blocks: list) -> list[str]:
    """An output per code block, as sphinx-gallery writes captured stdout."""
    return [
        f".. rst-class:: sphx-glr-script-out\n\n .. code-block:: none\n\n    out {i}\n\n\n\n\n"
        if block.type == "code"
        else ""
        for i, block in enumerate(blocks)
    ]


def page(src: Source, outputs: list[str], **changes) -> str:
    """A page as sphinx-gallery lays it out: header, body, run time, downloads."""
    header = (
        f"\n.. DO NOT EDIT.\n\n.. rst-class:: sphx-glr-example-title\n\n.. _sphx_glr_{REF}:\n\n"
    )
    body = rendered_body(src.blocks, outputs, src.file_conf, conf(**changes))
    footer = TIMING_CONTENT.format(0, 1.234) + f"\n.. _sphx_glr_download_{REF}:\n\n(links)\n"
    return header + body + footer


def test_a_text_edit_is_text_only(tmp_path: Path) -> None:
    old = source(tmp_path, SOURCE)
    new = source(tmp_path, SOURCE.replace("# Second line.", "# Second line, edited."))
    assert why_not_text_only(old, new, conf()) is None


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("print(y)", "print(y + 1)", "code changed"),
        ("# Closing words.\n\n", "# Closing words.\n\nz = 2\n\n# %%\n# More.\n\n", "blocks"),
        ("# Closing words.\n", "# Closing words.\n# sphinx_gallery_thumbnail_number = 2\n", "set"),
        ("# Closing words.", "# Closing words, see :func:`print`.", "references"),
    ],
    ids=["code", "block count", "settings", "references"],
)
def test_more_than_a_text_edit_is_named(tmp_path: Path, old: str, new: str, reason: str) -> None:
    before = source(tmp_path, SOURCE)
    after = source(tmp_path, SOURCE.replace(old, new))
    assert reason in why_not_text_only(before, after, conf())


def test_a_code_block_moved_into_another_text_block_is_not_text_only(tmp_path: Path) -> None:
    """Same code, but split differently between blocks: the outputs may differ."""
    old = source(tmp_path, SOURCE)
    new = source(tmp_path, SOURCE.replace("# %%\n# Closing words.\n\n", ""))
    assert "blocks" in why_not_text_only(old, new, conf())


def test_the_outputs_are_found_in_the_page(tmp_path: Path) -> None:
    old = source(tmp_path, SOURCE)
    outputs = outputs_for(old.blocks)
    _, body, _ = page_parts(page(old, outputs), REF)
    assert split_outputs(body, old.blocks, old.file_conf, conf()) == outputs


def test_a_short_example_with_output_before_its_code(tmp_path: Path) -> None:
    """Two blocks: sphinx-gallery puts the output first, then a "|" line, then the code."""
    old = source(tmp_path, '"""\nTitle\n=====\n\nIntro.\n"""\n\nprint(1)\n')
    outputs = outputs_for(old.blocks)
    _, body, _ = page_parts(page(old, outputs), REF)
    assert "\n|\n" in body
    assert split_outputs(body, old.blocks, old.file_conf, conf()) == outputs


def test_the_patched_page_is_the_new_source_with_the_old_outputs(tmp_path: Path) -> None:
    old = source(tmp_path, SOURCE, "old.py")
    edited = SOURCE.replace("Title\n=====", "New title\n=========")
    edited = edited.replace("# Second line.", "# Second line,\n# and a third.")
    new = source(tmp_path, edited, "new.py")
    outputs = outputs_for(old.blocks)
    patched = patched_page(page(old, outputs), REF, old, new, conf(), "plot_x.py")
    assert patched == page(new, outputs)  # what a run with the same outputs writes
    assert "New title" in patched and "and a third." in patched and "out 5" in patched


def test_line_numbers_of_the_code_are_rendered_anew(tmp_path: Path) -> None:
    old = source(tmp_path, SOURCE, "old.py")
    new = source(tmp_path, SOURCE.replace("# Second line.", "# Second line,\n# third."), "new.py")
    outputs = outputs_for(old.blocks)
    rst = page(old, outputs, line_numbers=True)
    patched = patched_page(rst, REF, old, new, conf(line_numbers=True), "plot_x.py")
    assert patched == page(new, outputs, line_numbers=True)
    assert patched != rst


def test_code_that_moved_with_an_output_naming_a_line_runs_again(tmp_path: Path) -> None:
    old = source(tmp_path, SOURCE, "old.py")
    outputs = outputs_for(old.blocks)
    outputs[-1] = outputs[-1].replace("out", "plot_x.py:23: UserWarning: careful\n    out")
    rst = page(old, outputs)
    same_lines = source(tmp_path, SOURCE.replace("# Closing words.", "# Closing."), "a.py")
    assert "careful" in patched_page(rst, REF, old, same_lines, conf(), "plot_x.py")
    moved = source(tmp_path, SOURCE.replace("# Second line.", "# Second\n# line."), "b.py")
    with pytest.raises(NotPatchable, match="moved"):
        patched_page(rst, REF, old, moved, conf(), "plot_x.py")


def test_an_output_that_contains_the_next_block_is_ambiguous(tmp_path: Path) -> None:
    """An output that prints the text after it (header and all) could end in two places."""
    old = source(tmp_path, SOURCE)
    outputs = outputs_for(old.blocks)
    template = rendered_body(old.blocks, ["\0"] * len(old.blocks), old.file_conf, conf())
    following = template.split("\0")[2]  # what comes after the second block's output
    outputs[1] += following
    _, body, _ = page_parts(page(old, outputs), REF)
    with pytest.raises(NotPatchable, match="told apart"):
        split_outputs(body, old.blocks, old.file_conf, conf())


def test_a_page_of_other_code_is_not_patched(tmp_path: Path) -> None:
    """The recorded source must be what the page shows: rendering it must give the page."""
    old = source(tmp_path, SOURCE, "old.py")
    other = source(tmp_path, SOURCE.replace("print(x)", "print(x, x)"), "other.py")
    new = source(tmp_path, SOURCE.replace("# Closing words.", "# Closing."), "new.py")
    rst = page(other, outputs_for(other.blocks))
    with pytest.raises(NotPatchable, match="told apart"):
        patched_page(rst, REF, old, new, conf(), "plot_x.py")


@pytest.mark.parametrize("label", [f".. _sphx_glr_{REF}:\n\n", f"\n.. _sphx_glr_download_{REF}:\n"])
def test_a_page_with_a_label_twice_is_not_patched(tmp_path: Path, label: str) -> None:
    old = source(tmp_path, SOURCE)
    outputs = outputs_for(old.blocks)
    outputs[1] += label  # as if the example printed raw reST
    with pytest.raises(NotPatchable, match="labels"):
        page_parts(page(old, outputs), REF)


@pytest.fixture
def example(tmp_path: Path) -> tuple[Path, Path, dict]:
    """``(source, its copy in the gallery, gallery_conf)`` after a run of ``SOURCE``: the page,
    its md5 and the record of the source it was rendered from."""
    examples, gallery = tmp_path / "examples", tmp_path / "docs" / "gallery"
    examples.mkdir()
    gallery.mkdir(parents=True)
    src, target = examples / "plot_x.py", gallery / "plot_x.py"
    gallery_conf = conf(
        src_dir=str(tmp_path / "docs"),
        examples_dirs="../examples",
        gallery_dirs="gallery",
        run_stale_examples=False,
    )
    for path in (src, target, record_path(target)):
        path.write_text(SOURCE, encoding="utf-8")
    md5_path(target).write_text(md5(target), encoding="utf-8")
    page_file = target.with_suffix(".rst")
    page_file.write_text(page(parse(src), outputs_for(parse(src).blocks)), encoding="utf-8")
    page_file.chmod(0o444)  # sphinx-gallery makes its pages read-only
    return src, target, gallery_conf


def app_for(gallery_conf: dict) -> SimpleNamespace:
    config = SimpleNamespace(sphinx_gallery_conf=gallery_conf)
    return SimpleNamespace(srcdir=gallery_conf["src_dir"], config=config)


def test_the_files_of_an_example_are_updated(example: tuple[Path, Path, dict]) -> None:
    """Page, copy, notebook, zip and md5 of a text edit."""
    src, target, gallery_conf = example
    outputs = outputs_for(parse(src).blocks)
    page_file = target.with_suffix(".rst")
    src.write_text(SOURCE.replace("# Closing words.", "# Closing words, edited."), "utf-8")
    update_without_running(src, target, gallery_conf)
    assert target.read_bytes() == src.read_bytes()
    assert md5_path(target).read_text() == md5(src)
    assert page_file.read_text("utf-8") == page(parse(src), outputs)
    assert page_file.stat().st_mode & 0o777 == 0o444
    notebook = json.loads(target.with_suffix(".ipynb").read_text())
    assert any("Closing words, edited." in "".join(c["source"]) for c in notebook["cells"])
    with zipfile.ZipFile(target.with_suffix(".zip")) as archive:
        assert sorted(archive.namelist()) == ["plot_x.ipynb", "plot_x.py"]
        assert archive.read("plot_x.py") == src.read_bytes()


def test_without_a_matching_record_the_example_runs(example: tuple[Path, Path, dict]) -> None:
    src, target, gallery_conf = example
    src.write_text(SOURCE.replace("# Closing words.", "# Closing."), "utf-8")
    md5_path(target).write_text("0" * 32)  # the page is not the recorded source's
    with pytest.raises(NotPatchable, match="not rendered from"):
        update_without_running(src, target, gallery_conf)
    record_path(target).unlink()
    with pytest.raises(NotPatchable, match="no page"):
        update_without_running(src, target, gallery_conf)


@pytest.mark.parametrize("rerun_all", [False, True])
def test_nothing_is_patched_when_every_example_runs(
    example: tuple[Path, Path, dict], rerun_all: bool
) -> None:
    """course_stale sets run_stale_examples when a dependency changed: then nothing is kept."""
    src, target, gallery_conf = example
    gallery_conf["run_stale_examples"] = rerun_all
    src.write_text(SOURCE.replace("# Closing words.", "# Closing."), "utf-8")
    update_text_only_examples(app_for(gallery_conf))
    patched = md5_path(target).read_text() == md5(src)
    assert patched is not rerun_all


def test_the_record_is_the_source_of_a_current_page(example: tuple[Path, Path, dict]) -> None:
    src, target, gallery_conf = example
    app = app_for(gallery_conf)
    src.write_text(SOURCE.replace("print(x)", "print(x, x)"), "utf-8")
    md5_path(target).write_text(md5(src))  # sphinx-gallery ran it
    record_rendered_sources(app)
    assert record_path(target).read_bytes() == src.read_bytes()
    src.write_text(SOURCE, "utf-8")  # changed, and not run (a failure, plot_gallery=0)
    record_rendered_sources(app)
    assert not record_path(target).exists()
