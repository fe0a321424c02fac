"""Sphinx extension: no example output is kept once anything it was made from has changed.

sphinx-gallery re-runs an example only when the example's own file changed (it keeps an ``.md5``
beside each output). Its output also depends on

* the sources of the modules named in ``course_output_modules`` (``conf.py``): the package the
  examples import (its figure theme included) and the gallery's reset hook;
* the first and last notebook cells (``sphinx_gallery_conf``), which every notebook contains;
* the versions of the distributions named in ``course_output_distributions`` (torch, ...).

One digest per part is recorded in ``<gallery>/.course-outputs.sha256``, and this record is what
says "these outputs are current":

1. before sphinx-gallery runs (``builder-inited``), a missing or different record makes every
   example run again (``run_stale_examples``), and the log says which part changed. The record
   is then **deleted**, so a build that is interrupted (killed, power cut) leaves none and the
   next build re-runs everything rather than trusting half-written output
   (``tests/build/test_interrupted_builds.py`` kills builds at several moments);
2. after a build that went through all its examples (``build-finished``), the record is
   written again: a temporary file, then ``os.replace``, so it is whole or absent. A temporary
   file that a killed build left is removed at the start of the next one (1.). Examples that
   failed do not stop it: their ``.md5`` is deleted (:func:`forget_failed_runs`; sphinx-gallery
   writes none for a failed run but keeps the one of an earlier good run), so that they run
   again next time, and the others, which ran with the same package, stay current (a typo in
   one example does not make the next build run all of them).

An example whose page (code, text and output) is larger than ``course_example_output_limit``
bytes is a warning, which fails the strict build, and is never recorded as current.

The outputs of an example that was deleted or renamed are removed (:func:`remove_orphans`);
files that examples write beside their sources are moved to the gallery output folder
(:func:`move_written_files`).

A text-only build (``plot_gallery=0``) runs nothing and leaves the record alone. A build of a few
examples (``filename_pattern``) writes the record back only if it was current when it started.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from course_settings import gallery_dirs
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: File in each gallery output folder that lists the digests the outputs were made with.
RECORD = ".course-outputs.sha256"


def module_files(name: str) -> list[tuple[str, Path]]:
    """The source files of an importable module or package, as (name for the record, path).

    >>> [label for label, _ in module_files("json")][:2]
    ['json/__init__.py', 'json/decoder.py']
    """
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ValueError(f"course_output_modules: cannot find the module {name!r}")
    origin = Path(spec.origin)
    if spec.submodule_search_locations:  # a package: every .py file under it
        root = origin.parent
        files = sorted(root.rglob("*.py"))
        return [(f"{name}/{path.relative_to(root).as_posix()}", path) for path in files]
    return [(f"{name}.py", origin)]


def digest_of(chunks: list[tuple[str, bytes]]) -> str:
    """SHA-256 over named byte strings (names included, so a rename counts as a change).

    >>> digest_of([("a", b"1")]) == digest_of([("a", b"1")]) != digest_of([("b", b"1")])
    True
    """
    digest = hashlib.sha256()
    for name, data in chunks:
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def output_digests(config) -> dict[str, str]:
    """One digest per thing the examples' outputs depend on besides their own files."""
    digests = {}
    for name in config.course_output_modules:
        files = module_files(name)
        digests[f"module {name}"] = digest_of([(label, p.read_bytes()) for label, p in files])
    conf = config.sphinx_gallery_conf
    for key in ("first_notebook_cell", "last_notebook_cell"):
        digests[key] = digest_of([(key, repr(conf.get(key)).encode())])
    versions = [(d, version(d).encode()) for d in sorted(config.course_output_distributions)]
    digests["versions " + " ".join(sorted(config.course_output_distributions))] = digest_of(
        versions
    )
    return digests


def format_record(digests: dict[str, str]) -> str:
    """The record's text: ``<sha256>  <part>`` per line, like ``sha256sum``.

    >>> parse_record(format_record({"module x": "ab12"}))
    {'module x': 'ab12'}
    """
    return "".join(f"{value}  {part}\n" for part, value in sorted(digests.items()))


def parse_record(text: str) -> dict[str, str]:
    parts = (line.split("  ", 1) for line in text.splitlines() if "  " in line)
    return {part: value for value, part in parts}


def changed_parts(old: dict[str, str] | None, new: dict[str, str]) -> list[str]:
    """What differs between a record and the current digests (all of it without a record).

    >>> changed_parts({"a": "1", "b": "2"}, {"a": "1", "b": "3", "c": "4"})
    ['b', 'c']
    >>> changed_parts(None, {"a": "1"})
    ['no record of a complete run']
    """
    if old is None:
        return ["no record of a complete run"]
    return sorted(part for part in set(old) | set(new) if old.get(part) != new.get(part))


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_record(path: Path) -> dict[str, str] | None:
    return parse_record(path.read_text(encoding="utf-8")) if path.is_file() else None


def records(app) -> list[Path]:
    return [Path(app.srcdir, name, RECORD) for name in gallery_dirs(app.config)]


def check_outputs(app) -> None:
    """``builder-inited``, before sphinx-gallery: re-run every example if its outputs are stale."""
    conf = app.config.sphinx_gallery_conf
    app.course_output_digests = None
    if not conf["plot_gallery"]:
        return  # nothing runs: keep the record as it is
    digests = output_digests(app.config)
    changed = sorted(
        {part for path in records(app) for part in changed_parts(read_record(path), digests)}
    )
    if changed:
        logger.info(f"[course] example outputs are stale ({'; '.join(changed)}): re-running all")
        conf["run_stale_examples"] = True
    for path in records(app):  # "current" again only once this build has finished well
        path.unlink(missing_ok=True)
        for leftover in path.parent.glob(f"{RECORD}*.tmp"):  # a killed build was writing it
            leftover.unlink()
    app.course_output_digests = digests
    app.course_outputs_were_current = not changed


def oversized_pages(gallery: Path, limit: int) -> list[tuple[Path, int]]:
    """The example pages sphinx-gallery wrote in ``gallery`` that are larger than ``limit`` bytes.

    >>> oversized_pages(Path("/nonexistent"), 10)
    []
    """
    pages = [(page, page.stat().st_size) for page in sorted(gallery.rglob("*.rst"))]
    return [
        (page, size) for page, size in pages if size > limit and page.with_suffix(".py").is_file()
    ]


def check_output_sizes(app) -> None:
    """``builder-inited``, after sphinx-gallery: an example page over the size limit is a warning
    (so ``-W`` fails the build, naming the example), and the example runs again next time."""
    limit = app.config.course_example_output_limit
    if not app.config.sphinx_gallery_conf["plot_gallery"] or limit <= 0:
        return
    for name in gallery_dirs(app.config):
        for page, size in oversized_pages(Path(app.srcdir, name), limit):
            page.with_suffix(".py.md5").unlink(missing_ok=True)  # never current: run it again
            app.course_output_digests = None  # and no record of a good run
            logger.warning(
                f"[course] {page.with_suffix('.py').name}: its page is {size / 1e6:.1f} MB with "
                f"the output, over the limit of {limit / 1e6:g} MB "
                "(course_example_output_limit): print less"
            )


def orphans(examples: Path, gallery: Path) -> list[Path]:
    """Copies of examples in the gallery output ``gallery`` whose source in ``examples`` is gone.

    sphinx-gallery copies ``examples/<dir>/<name>.py`` to ``<gallery>/<dir>/<name>.py`` beside
    the page it generates, and never removes it.

    >>> orphans(Path("/nonexistent/examples"), Path("/nonexistent/gallery"))
    []
    """
    copies = sorted(gallery.rglob("*.py")) if gallery.is_dir() else []
    return [copy for copy in copies if not (examples / copy.relative_to(gallery)).exists()]


def generated_files(copy: Path) -> list[Path]:
    """Everything sphinx-gallery generated for the example whose copy is ``copy``."""
    stem, folder = copy.stem, copy.parent
    files = [path for path in folder.glob(f"{stem}.*") if path.stem.split(".")[0] == stem]
    images = folder / "images"
    files += images.glob(f"sphx_glr_{stem}_[0-9][0-9][0-9].*")
    files += (images / "thumb").glob(f"sphx_glr_{stem}_thumb.*")
    return sorted(set(files))


def remove_orphans(app) -> None:
    """``builder-inited``, before sphinx-gallery: delete the generated pages, figures and
    downloads of examples that were deleted or renamed, and their HTML pages in the site.

    Sphinx then drops the page from its environment and the search index.
    """
    conf = app.config.sphinx_gallery_conf
    examples_dirs = conf["examples_dirs"]
    examples_dirs = [examples_dirs] if isinstance(examples_dirs, str) else examples_dirs
    for examples, gallery in zip(examples_dirs, gallery_dirs(app.config), strict=False):
        source, output = Path(app.srcdir, examples), Path(app.srcdir, gallery)
        sections = sorted(path for path in output.glob("*/") if path.name != "images")
        for section in sections:  # a whole folder of examples deleted or renamed
            if not (source / section.name).is_dir() and (section / "index.rst").is_file():
                logger.info(f"[course] {gallery}/{section.name}: its folder is gone, removing it")
                shutil.rmtree(section)
                shutil.rmtree(Path(app.outdir, gallery, section.name), ignore_errors=True)
        for copy in orphans(source, output):
            docname = copy.relative_to(app.srcdir).with_suffix("").as_posix()
            logger.info(f"[course] {docname}: its example is gone, removing its outputs")
            for path in generated_files(copy):
                path.unlink()
            Path(app.outdir, f"{docname}.html").unlink(missing_ok=True)


def example_pairs(app) -> list[tuple[Path, Path]]:
    """(examples folder, gallery output folder) for each gallery of the configuration."""
    examples_dirs = app.config.sphinx_gallery_conf["examples_dirs"]
    examples_dirs = [examples_dirs] if isinstance(examples_dirs, str) else examples_dirs
    pairs = zip(examples_dirs, gallery_dirs(app.config), strict=False)
    return [(Path(app.srcdir, examples), Path(app.srcdir, gallery)) for examples, gallery in pairs]


def gallery_copy(example: Path, pairs: list[tuple[Path, Path]]) -> Path | None:
    """Where sphinx-gallery copies the example file ``example`` in its gallery (its outputs are
    named after that copy), given :func:`example_pairs`; None if it is in no examples folder.

    >>> gallery_copy(Path("/src/examples/a/plot_x.py"), [(Path("/src/examples"), Path("/g"))])
    PosixPath('/g/a/plot_x.py')
    """
    example = example.resolve()
    for examples, gallery in pairs:
        if example.is_relative_to(examples.resolve()):
            return gallery / example.relative_to(examples.resolve())
    return None


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()} if folder.is_dir() else set()


def snapshot_sources(app) -> None:
    """``builder-inited``, before sphinx-gallery: the files in the examples' folders."""
    app.course_source_files = {
        examples: files_under(examples) for examples, _ in example_pairs(app)
    }


def move_written_files(app) -> None:
    """``builder-inited``, after sphinx-gallery ran every example: move the files the examples
    wrote (sphinx-gallery runs them in their source folder) to the gallery output folder, so the
    source tree stays as it was. The log names each file."""
    before = getattr(app, "course_source_files", {})
    for examples, gallery in example_pairs(app):
        if examples not in before:
            continue
        for path in sorted(files_under(examples) - before[examples]):
            if "__pycache__" in path.parts:
                continue
            target = gallery / path.relative_to(examples)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            logger.info(
                f"[course] {path.relative_to(examples.parent)}: written by an example, "
                f"moved out of the sources to {target.relative_to(app.srcdir)}"
            )


def examples_to_run(app) -> list[Path]:
    """The examples sphinx-gallery is about to run: the executable ones whose file changed since
    their last run (``<name>.py.md5``), or all of them with ``run_stale_examples``."""
    from sphinx_gallery.gen_rst import executable_script
    from sphinx_gallery.utils import get_md5sum

    conf = app.config.sphinx_gallery_conf
    found = []
    for examples, gallery in example_pairs(app):
        for source in sorted(examples.rglob("*.py")) if examples.is_dir() else []:
            if not executable_script(source, conf):
                continue
            record = (gallery / source.relative_to(examples)).with_suffix(".py.md5")
            current = record.is_file() and record.read_text() == get_md5sum(source, mode="t")
            if conf["run_stale_examples"] or not current:
                found.append(source)
    return found


def fit_jobs(app) -> None:
    """``builder-inited``, before sphinx-gallery: no more worker processes than examples to run.

    sphinx-gallery starts its pool of workers for every gallery folder, also to check the
    examples that will not run; starting it costs about a second. With one example to run (or
    none) it runs in the Sphinx process instead, as with ``SPHINX_GALLERY_JOBS=1``.
    """
    conf = app.config.sphinx_gallery_conf
    if conf["parallel"]:
        count = len(examples_to_run(app))
        conf["parallel"] = min(conf["parallel"], count) if count > 1 else False


def forget_failed_runs(app) -> None:
    """``builder-inited``, after sphinx-gallery: delete the ``.md5`` of every example that
    failed, so that it runs again next time. sphinx-gallery writes no ``.md5`` for a failed
    run, but the one of an earlier good run stays: an example whose own file did not change but
    that fails now (the package changed) would otherwise count as current, its error page
    kept."""
    pairs = example_pairs(app)
    for name in app.config.sphinx_gallery_conf["failing_examples"]:
        if (copy := gallery_copy(Path(name), pairs)) is not None:
            copy.with_name(copy.name + ".md5").unlink(missing_ok=True)


def record_outputs(app, exc: Exception | None) -> None:
    """``build-finished``, before sphinx-gallery reports failures: record a complete run."""
    digests = getattr(app, "course_output_digests", None)
    conf = app.config.sphinx_gallery_conf
    if exc is not None or digests is None:
        return
    every_example = conf["filename_pattern"] == app.config.course_full_filename_pattern
    if every_example or app.course_outputs_were_current:
        for path in records(app):
            if path.parent.is_dir():
                write_atomically(path, format_record(digests))


def setup(app) -> dict[str, object]:
    app.add_config_value("course_output_modules", [], "", types=frozenset({list, tuple}))
    app.add_config_value("course_output_distributions", [], "", types=frozenset({list, tuple}))
    app.add_config_value("course_full_filename_pattern", r"/plot_", "", types=frozenset({str}))
    app.add_config_value("course_example_output_limit", 1_000_000, "", types=frozenset({int}))
    app.connect("builder-inited", remove_orphans, priority=390)
    app.connect("builder-inited", check_outputs, priority=400)  # sphinx-gallery's is at 500
    app.connect("builder-inited", snapshot_sources, priority=380)
    app.connect("builder-inited", fit_jobs, priority=460)  # after course_prose
    app.connect("builder-inited", forget_failed_runs, priority=590)
    app.connect("builder-inited", check_output_sizes, priority=600)
    app.connect("builder-inited", move_written_files, priority=610)
    app.connect("build-finished", record_outputs, priority=100)  # its failure report at 500
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
