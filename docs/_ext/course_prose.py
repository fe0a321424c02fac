"""Sphinx extension: an example whose text changed but not its code is not run again.

sphinx-gallery runs an example again whenever its file changed (the md5 in ``<name>.py.md5``
differs), even when only a paragraph of its prose was edited. Its outputs (printed text,
figures) come from the code alone, so before sphinx-gallery looks at the examples
(``builder-inited``), this extension compares the example's source with the source its page
was rendered from, which it keeps in ``<gallery>/<dir>/<name>.py.rendered``. When

* the code blocks are the same (same number, same text, same order) and so are the
  ``# sphinx_gallery_`` settings and the explicit references (``:func:`...```) of the text,
* the page's previous outputs can be cut out of the generated ``<name>.rst`` unambiguously
  (rendering the old source with those outputs gives back the old page, byte for byte), and
* the code blocks keep their line numbers, or no output mentions a line of the file (warnings
  and tracebacks do, so those examples run again),

the page is rendered from the new source with the old outputs (sphinx-gallery's own
``rst_blocks``), the ``.py`` copy, notebook and ``.zip`` are written as sphinx-gallery writes
them, and the ``.py.md5`` is updated, so sphinx-gallery takes the example as current. The
log says "only its text changed". Anything else (or any doubt) leaves the example to
sphinx-gallery, which runs it. The gallery's index cards are made from the sources on every
build, so a new title shows there too. ``course_practice`` then strips the solution markers
from the downloads, as after a run.

Nothing is patched when ``course_stale`` re-runs every example (``run_stale_examples``). A
build that runs nothing (``plot_gallery=0``) or only some examples (``filename_pattern``)
patches too: the page keeps its outputs, as the pages of unchanged examples do, where
sphinx-gallery would show the edited example without any. After sphinx-gallery
(``builder-inited``, before ``course_practice``), the record ``.py.rendered`` is rewritten for
every example whose ``.py.md5`` matches its source, and removed for the others (a failed run,
a page rendered without running).

This relies on what the site's examples are anyway: their outputs depend on their code only
(seeded, and no example reads its own file). It renders with sphinx-gallery's functions, two of
them private (``gen_rst._clean_script_blocks``, ``backreferences._make_ref_regex``);
``tests/unit/test_ext_course_prose.py`` fails if they change, and
``tests/build/test_prose_edit.py`` compares a patched page with a clean build.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Suffix of the copy of the source that an example's page was last rendered from.
RENDERED = ".rendered"
#: Output that refers to lines of the example's file (a warning or a traceback).
LINE_REFERENCE = re.compile(r"\bline \d+|\.py:\d+")


class NotPatchable(Exception):
    """The example must run again; the message says why."""


@dataclass(frozen=True)
class Source:
    """An example's source as sphinx-gallery sees it."""

    file_conf: dict
    blocks: list  # sphinx_gallery.py_source_parser.Block: (type, content, lineno)


def parse(path: Path) -> Source:
    """Split ``path`` into blocks as sphinx-gallery does (``split_code_and_text_blocks``)."""
    from sphinx_gallery import py_source_parser

    file_conf, blocks = py_source_parser.split_code_and_text_blocks(str(path))
    return Source(file_conf, list(blocks))


def clean(blocks: list, gallery_conf: dict) -> list:
    """The blocks as the page shows them (``gen_rst._clean_script_blocks``)."""
    from sphinx_gallery import gen_rst, py_source_parser

    cleaned, _ = gen_rst._clean_script_blocks(
        gallery_conf, py_source_parser, blocks, [""] * len(blocks)
    )
    return cleaned


def text_references(blocks: list, gallery_conf: dict) -> list[str]:
    """The explicit references of the text blocks, which sphinx-gallery keeps in
    ``.codeobj.json`` (``backreferences.identify_names``)."""
    from sphinx_gallery.backreferences import _make_ref_regex

    text = "\n".join(block.content for block in blocks if block.type == "text")
    return re.findall(_make_ref_regex(gallery_conf.get("default_role") or ""), text)


def why_not_text_only(old: Source, new: Source, gallery_conf: dict) -> str | None:
    """Why ``new`` is more than a text edit of ``old`` (None: only text changed).

    Both must have the same blocks in the same order with the same code, the same file
    settings and the same explicit references in their text.
    """
    kinds = [block.type for block in old.blocks], [block.type for block in new.blocks]
    if kinds[0] != kinds[1]:
        return "its blocks changed (count or order of code and text)"
    old_code = [b.content for b in old.blocks if b.type == "code"]
    if old_code != [b.content for b in new.blocks if b.type == "code"]:
        return "its code changed"
    if old.file_conf != new.file_conf:
        return "its sphinx_gallery_ settings changed"
    if len(clean(old.blocks, gallery_conf)) != len(clean(new.blocks, gallery_conf)):
        return "its last block became empty or stopped being empty"
    if text_references(old.blocks, gallery_conf) != text_references(new.blocks, gallery_conf):
        return "the references (:func:`...`) of its text changed"
    return None


def rendered_body(blocks: list, outputs: list[str], file_conf: dict, gallery_conf: dict) -> str:
    """The page between sphinx-gallery's header and footer (``gen_rst.rst_blocks``)."""
    from sphinx_gallery.gen_rst import rst_blocks

    # the language sphinx-gallery names in the code blocks of a .py example (gen_rst._get_parser)
    return rst_blocks(blocks, outputs, file_conf, gallery_conf, language="Python")


def page_parts(rst: str, ref: str) -> tuple[str, str, str]:
    """``(header, body, footer)`` of a generated page whose reference name is ``ref``.

    The header ends with the example's label, the footer starts with the run time line (if
    any) before the download links' label; each label must occur exactly once.
    """
    start_label = f".. _sphx_glr_{ref}:\n\n"
    end_label = f"\n.. _sphx_glr_download_{ref}:\n"
    if rst.count(start_label) != 1 or rst.count(end_label) != 1:
        raise NotPatchable("its page's labels are not where sphinx-gallery puts them")
    start = rst.index(start_label) + len(start_label)
    end = rst.index(end_label)
    timing = re.search(
        r"\n\.\. rst-class:: sphx-glr-timing\n\n   \*\*Total running time of the script:\*\* "
        r"\(\d+ minutes \d+\.\d+ seconds\)\n\n\Z",
        rst[start:end],
    )
    if timing:
        end = start + timing.start()
    if end < start:
        raise NotPatchable("its page's labels are not where sphinx-gallery puts them")
    return rst[:start], rst[start:end], rst[end:]


def split_outputs(body: str, blocks: list, file_conf: dict, gallery_conf: dict) -> list[str]:
    """The outputs of ``blocks`` (one string per block, ``""`` for text) in the page ``body``.

    The blocks are rendered with a placeholder for each output; the pieces between the
    placeholders must each occur once in ``body``, and rendering the blocks with the outputs
    found must give ``body`` back exactly. Otherwise :class:`NotPatchable`.
    """
    for marker in ("", " sphx-glr-script-out"):  # a short example puts "|" after an output
        tokens = [
            f"\0{index}{marker}\0" if block.type == "code" else ""
            for index, block in enumerate(blocks)
        ]
        template = rendered_body(blocks, tokens, file_conf, gallery_conf)
        pieces = re.split(r"\0\d+(?: sphx-glr-script-out)?\0", template)
        outputs = _cut(body, pieces)
        if outputs is None:
            continue
        found = iter(outputs)
        aligned = [next(found) if block.type == "code" else "" for block in blocks]
        if rendered_body(blocks, aligned, file_conf, gallery_conf) == body:
            return aligned
    raise NotPatchable("its outputs cannot be told apart from the rest of its page")


def _cut(body: str, pieces: list[str]) -> list[str] | None:
    """The strings between ``pieces`` in ``body`` (None if they do not fit unambiguously)."""
    first, *middle, last = pieces if len(pieces) > 1 else [*pieces, ""]
    if not body.startswith(first) or not body.endswith(last):
        return None
    end = len(body) - len(last)
    outputs, position = [], len(first)
    for piece in middle:
        if not piece or body.count(piece) != 1:
            return None
        found = body.find(piece, position)
        if found < 0 or found + len(piece) > end:
            return None
        outputs.append(body[position:found])
        position = found + len(piece)
    if position > end:
        return None
    outputs.append(body[position:end])
    return outputs


def patched_page(
    rst: str, ref: str, old: Source, new: Source, gallery_conf: dict, file_name: str
) -> str:
    """The page of ``new`` with the outputs that the page ``rst`` of ``old`` shows.

    Raises :class:`NotPatchable` if the code differs, the outputs cannot be located, or the
    code moved to other lines while an output refers to lines of the file ``file_name``.
    """
    why = why_not_text_only(old, new, gallery_conf)
    if why:
        raise NotPatchable(why)
    old_blocks, new_blocks = clean(old.blocks, gallery_conf), clean(new.blocks, gallery_conf)
    header, body, footer = page_parts(rst, ref)
    outputs = split_outputs(body, old_blocks, old.file_conf, gallery_conf)
    moved = [b.lineno for b in old.blocks if b.type == "code"] != [
        b.lineno for b in new.blocks if b.type == "code"
    ]
    if moved and any(file_name in out or LINE_REFERENCE.search(out) for out in outputs):
        raise NotPatchable("its code moved to other lines and an output names a line")
    return header + rendered_body(new_blocks, outputs, new.file_conf, gallery_conf) + footer


# -- Files -------------------------------------------------------------------------------------


def record_path(target: Path) -> Path:
    """``<gallery>/<dir>/<name>.py.rendered``: the source the page was rendered from."""
    return target.with_name(target.name + RENDERED)


def md5_path(target: Path) -> Path:
    return target.with_name(target.name + ".md5")


def md5(path: Path) -> str:
    from sphinx_gallery.utils import get_md5sum

    return get_md5sum(path, mode="t")


def write_replacing(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (which may be read-only) through a temporary file."""
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def update_without_running(source: Path, target: Path, gallery_conf: dict) -> None:
    """Write the page, copy, notebook, zip and md5 of ``source`` (at ``target``, its copy in
    the gallery) from the page of the recorded source, or raise :class:`NotPatchable`."""
    from sphinx_gallery.notebook import jupyter_notebook, save_notebook
    from sphinx_gallery.utils import zip_files

    record, page = record_path(target), target.with_suffix(".rst")
    if not record.is_file() or not page.is_file() or not md5_path(target).is_file():
        raise NotPatchable("no page of an earlier run")
    if md5(record) != md5_path(target).read_text(encoding="utf-8"):
        raise NotPatchable("its page was not rendered from the recorded source")
    old, new = parse(record), parse(source)
    ref = target.relative_to(gallery_conf["src_dir"]).as_posix().replace("/", "_")
    rst = page.read_text(encoding="utf-8")
    text = patched_page(rst, ref, old, new, gallery_conf, target.name)

    shutil.copyfile(source, target)
    write_replacing(page, text)
    files = [str(target)]
    if target.suffix in gallery_conf["notebook_extensions"]:
        notebook = target.with_suffix(".ipynb")
        save_notebook(
            jupyter_notebook(clean(new.blocks, gallery_conf), gallery_conf, target.parent),
            notebook,
        )
        files.append(str(notebook))
    zip_files(files, target.with_suffix(".zip"), target.parent)
    md5_path(target).write_text(md5(target), encoding="utf-8")


def examples(app) -> list[tuple[Path, Path]]:
    """``(source, its copy in the gallery)`` for every example sphinx-gallery has seen."""
    conf = app.config.sphinx_gallery_conf
    sources, galleries = conf["examples_dirs"], conf["gallery_dirs"]
    sources = [sources] if isinstance(sources, str) else sources
    galleries = [galleries] if isinstance(galleries, str) else galleries
    pairs = []
    for examples_dir, gallery_dir in zip(sources, galleries, strict=False):
        root, gallery = Path(app.srcdir, examples_dir), Path(app.srcdir, gallery_dir)
        for source in sorted(root.rglob("*.py")) if root.is_dir() else []:
            target = gallery / source.relative_to(root)
            if md5_path(target).is_file():
                pairs.append((source, target))
    return pairs


def update_text_only_examples(app) -> None:
    """``builder-inited``, after ``course_stale`` and before sphinx-gallery."""
    conf = app.config.sphinx_gallery_conf
    if conf["run_stale_examples"]:
        return  # course_stale: everything runs again
    for source, target in examples(app):
        if md5(source) == md5_path(target).read_text(encoding="utf-8"):
            continue  # current: sphinx-gallery will not run it anyway
        try:
            update_without_running(source, target, conf)
        except NotPatchable as reason:
            logger.verbose(f"[course] {source.name}: {reason}: it runs again")
            continue
        logger.info(
            f"[course] {source.stem}: only its text changed: page updated without running it"
        )


def record_rendered_sources(app) -> None:
    """``builder-inited``, after sphinx-gallery: keep the source of every current page."""
    for source, target in examples(app):
        record = record_path(target)
        if md5(source) != md5_path(target).read_text(encoding="utf-8"):
            record.unlink(missing_ok=True)  # its page is not (or no longer) this source's
        elif not record.is_file() or record.read_bytes() != source.read_bytes():
            shutil.copyfile(source, record)


def setup(app) -> dict[str, object]:
    # course_stale's check_outputs (sets run_stale_examples) is at 400, sphinx-gallery at 500
    app.connect("builder-inited", update_text_only_examples, priority=450)
    # course_stale's size check (removes the .md5 of an oversized page) is at 600,
    # course_practice (strips the markers from the downloads) at 850
    app.connect("builder-inited", record_rendered_sources, priority=840)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
