"""Sphinx extension: practice notebooks ("练习版") generated from the examples' solution markers.

An example marks each exercise's solution with nbgrader's delimiters and follows it with a cell
that checks it (a function of :mod:`spiral_tut.exercises`)::

    ### BEGIN SOLUTION
    x = torch.zeros(5, 3, dtype=torch.long)
    ### END SOLUTION
    print(x)

    # %%

    check_creation(x)

The build runs the example as it is (the page shows the solution, and the check's output proves
that the solution passes). After sphinx-gallery, this extension

- writes ``<name>_practice.ipynb`` beside the full notebook: every solution region becomes a stub
  (``# 你的代码``, the region's top-level names set to ``...``, and a ``raise`` with a Chinese
  message), indented like the markers, as nbgrader's ``ClearSolutions`` does; each check cell
  gets ``hint_xxx()`` / ``solution_xxx()`` lines; ``course_colab`` then adds the install cell
  and copies it to ``notebooks/`` for Colab;
- leaves out the sentences of the page's text that describe the built page (``PAGE_ONLY``:
  "本页运行的是参考答案……", "……构建本站时……"), which a practice notebook contradicts;
- removes the marker lines from the page, the full ``.py`` and ``.ipynb`` downloads (and their
  ``.zip``);
- adds "练习版" downloads (and "在 Colab 中打开练习版" with ``COURSE_REPO``) to the example's page;
- renders ``.. course-exercises::`` (the overview page) from ``spiral_tut.exercises.EXERCISES``.

nbgrader itself is not used: it works on notebooks with its own cell metadata, a database and a
gradebook, while the sources here are sphinx-gallery scripts. Only its marker convention is
taken. The functions without ``app`` are stdlib-only so the tests import them directly.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import textwrap
import zipfile
from pathlib import Path

#: nbgrader's solution delimiters (any number of ``#``), one per line.
MARKER = re.compile(r"^[ \t]*#+[ \t]*(BEGIN|END) SOLUTION[ \t]*$")
MARKER_LINES = re.compile(r"^[ \t]*#+[ \t]*(?:BEGIN|END) SOLUTION[ \t]*\n?", re.M)
#: A check call at the start of a line: ``check_creation(x)``.
CHECK_CALL = re.compile(r"^check_(\w+)\(", re.M)
#: What a stub raises when the practice cell is run unchanged.
STUB_MESSAGE = "练习：请在这里写你的代码（写好后删掉这一行）"
STUB_COMMENT = "# 你的代码"
#: Suffix of a practice notebook's stem: ``plot_x.py`` -> ``plot_x_practice.ipynb``.
SUFFIX = "_practice"
#: Notebook metadata tags of the cells the generator makes or changes.
EXERCISE_TAG, CHECK_TAG, HELPERS_TAG = "exercise", "check", "practice-helpers"
#: Words of sentences that are true of the built page only (it runs the solutions; its outputs
#: come from the site's build): the practice notebook leaves those sentences out.
PAGE_ONLY = ("本页运行的是参考答案", "构建本站时")


def solution_regions(code: str) -> list[tuple[int, int, str]]:
    """``(begin, end, indent)`` line numbers of each marked region (the marker lines).

    >>> solution_regions("a = 1\\n### BEGIN SOLUTION\\nb = 2\\n### END SOLUTION\\n")
    [(1, 3, '')]
    """
    regions, begin, indent = [], None, ""
    for number, line in enumerate(code.splitlines()):
        match = MARKER.match(line)
        if not match:
            continue
        if match[1] == "BEGIN":
            if begin is not None:
                raise ValueError(f"line {number + 1}: BEGIN SOLUTION inside another region")
            begin, indent = number, line[: len(line) - len(line.lstrip())]
        else:
            if begin is None:
                raise ValueError(f"line {number + 1}: END SOLUTION without BEGIN SOLUTION")
            regions.append((begin, number, indent))
            begin = None
    if begin is not None:
        raise ValueError(f"line {begin + 1}: BEGIN SOLUTION without END SOLUTION")
    return regions


def assigned_names(code: str) -> list[str]:
    """Names a piece of top-level code binds (assignments, ``def``, ``class``), in order.

    >>> assigned_names("v = v.float()\\nmv = m @ v\\nloss.backward()\\n")
    ['v', 'mv']
    """
    names: list[str] = []
    for node in ast.parse(textwrap.dedent(code)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            found = [node.name]
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        else:
            found = []
        names += [name for name in found if name not in names]
    return names


def stub(indent: str, solution: str) -> str:
    """The code that replaces a solution: a comment, ``name = ...`` lines, a ``raise``.

    >>> print(stub("", "u = torch.rand(3)\\n"), end="")
    # 你的代码
    u = ...
    raise NotImplementedError("练习：请在这里写你的代码（写好后删掉这一行）")
    """
    lines = [STUB_COMMENT]
    if not indent:  # names inside a function body are the function's own business
        lines += [f"{name} = ..." for name in assigned_names(solution)]
    lines.append(f'raise NotImplementedError("{STUB_MESSAGE}")')
    return "".join(f"{indent}{line}\n" for line in lines)


def strip_markers(code: str) -> str:
    """The code without its marker lines (what the page and full downloads show)."""
    return MARKER_LINES.sub("", code)


def practice_code(code: str) -> str:
    """The code with every marked region replaced by its stub."""
    lines = code.splitlines(keepends=True)
    for begin, end, indent in reversed(solution_regions(code)):
        lines[begin : end + 1] = [stub(indent, "".join(lines[begin + 1 : end]))]
    return "".join(lines)


def solutions(code: str) -> list[tuple[str | None, str]]:
    """``(exercise, solution)`` per region, the solution dedented.

    A region's exercise comes from the check calls that follow it: the regions before one check
    cell take its ``check_<exercise>(`` calls in order (the last call for any extra region).

    >>> solutions("### BEGIN SOLUTION\\nx = 1\\n### END SOLUTION\\n\\ncheck_a(x)\\ncheck_b(x)\\n")
    [('a', 'x = 1\\n')]
    """
    lines = code.splitlines(keepends=True)
    regions = solution_regions(code)
    groups: dict[int, list[int]] = {}  # first line of the check cell -> regions before it
    for index, (_, end, _) in enumerate(regions):
        after = next((n for n in range(end + 1, len(lines)) if CHECK_CALL.match(lines[n])), -1)
        groups.setdefault(after, []).append(index)
    found: list[tuple[str | None, str]] = [(None, "")] * len(regions)
    for first, members in groups.items():
        calls = []
        for line in lines[first:] if first >= 0 else []:
            if CHECK_CALL.match(line):
                calls.append(CHECK_CALL.match(line)[1])
            elif line.strip():
                break
        for position, index in enumerate(members):
            begin, end, _ = regions[index]
            name = calls[min(position, len(calls) - 1)] if calls else None
            found[index] = (name, textwrap.dedent("".join(lines[begin + 1 : end])))
    return found


def without_page_only(text: str) -> str:
    """Markdown without its sentences (ending in ``。``) that contain a ``PAGE_ONLY`` phrase.

    >>> without_page_only("自己写。本页运行的是参考答案，所以都输出“正确”。\\n\\n下一段。")
    '自己写。\\n\\n下一段。'
    """
    paragraphs = []
    for paragraph in text.split("\n\n"):
        sentences = re.split(r"(?<=。)", paragraph)
        kept = "".join(s for s in sentences if not any(phrase in s for phrase in PAGE_ONLY))
        if kept.strip() or not paragraph.strip():  # a paragraph of page-only sentences goes
            paragraphs.append(kept)
    return "\n\n".join(paragraphs)


def _cell(kind: str, source: str, tags: list[str]) -> dict:
    cell = {"cell_type": kind, "metadata": {"tags": tags}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _text(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def practice_notebook(notebook: dict) -> dict:
    """The practice version of a full notebook whose code cells still carry the markers."""
    cells, names = [], []
    for cell in notebook["cells"]:
        cell = {**cell, "metadata": dict(cell.get("metadata", {}))}
        text = _text(cell)
        if cell["cell_type"] == "code" and solution_regions(text):
            cell["source"] = practice_code(text)
            cell["metadata"]["tags"] = [*cell["metadata"].get("tags", []), EXERCISE_TAG]
        elif cell["cell_type"] == "code" and CHECK_CALL.search(text):
            called = CHECK_CALL.findall(text)
            names += [name for name in called if name not in names]
            more = "".join(f"# hint_{n}()      # 提示（每运行一次多给一条）\n" for n in called)
            more += "".join(f"# solution_{n}()  # 参考答案\n" for n in called)
            cell["source"] = (
                text.rstrip("\n") + "\n\n# 需要提示或答案时，去掉对应一行开头的 #：\n" + more
            )
            cell["metadata"]["tags"] = [*cell["metadata"].get("tags", []), CHECK_TAG]
        elif cell["cell_type"] == "markdown":
            cell["source"] = without_page_only(text)
        cells.append(cell)
    helpers = "".join(f"    hint_{n},\n    solution_{n},\n" for n in names)
    intro = (
        "**练习版。** 带 `# 你的代码` 的单元格要你自己完成："
        "把 `...` 换成你的代码，删掉 `raise` 那一行，"
        "再运行紧跟着的 `check_...` 单元格检查答案。`hint_...()` 每运行一次多给一条提示，"
        "`solution_...()` 显示参考答案。"
    )
    top = [_cell("markdown", intro, [HELPERS_TAG])]
    if names:
        code = f"# 提示和参考答案\nfrom spiral_tut.exercises import (\n{helpers})\n"
        top.append(_cell("code", code, [HELPERS_TAG]))
    # after the title (the first Markdown cell), which says that this is the practice version
    first = next((i for i, c in enumerate(cells) if c["cell_type"] == "markdown"), -1)
    if first >= 0:
        title = re.sub(
            r"^([ \t]*# .+?)[ \t]*$", r"\1（练习版）", _text(cells[first]), count=1, flags=re.M
        )
        cells[first] = {**cells[first], "source": title}
    return {**notebook, "cells": cells[: first + 1] + top + cells[first + 1 :]}


def strip_notebook(notebook: dict) -> dict:
    """The notebook with the marker lines removed from its code cells."""
    cells = [
        {**c, "source": strip_markers(_text(c))} if c["cell_type"] == "code" else c
        for c in notebook["cells"]
    ]
    return {**notebook, "cells": cells}


def write_notebook(path: Path, notebook: dict) -> None:
    """Write a notebook (and its entry in the example's ``.zip``, if there is one)."""
    _rewrite_in_zip(path, json.dumps(notebook, ensure_ascii=False, indent=1) + "\n")


def _rewrite_in_zip(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` and to its entry in the example's ``.zip``, if there is one.

    A file that already holds ``text`` is left alone: a new modification time would make Sphinx
    read the pages that link to it again on every build.
    """
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.write_text(text, encoding="utf-8")
    archive = path.with_suffix(".zip")
    if archive.is_file():
        with zipfile.ZipFile(archive) as old:
            entries = [(info, old.read(info)) for info in old.infolist()]
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
            for info, data in entries:
                new.writestr(info, text if info.filename == path.name else data)


# -- Sphinx ------------------------------------------------------------------------------------


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _examples(app) -> list[tuple[Path, Path]]:
    """``(source .py, its folder in the gallery)`` for every example."""
    conf = app.config.sphinx_gallery_conf
    pairs = []
    for source_dir, gallery_dir in zip(
        _as_list(conf["examples_dirs"]), _as_list(conf["gallery_dirs"]), strict=True
    ):
        source_root, gallery_root = Path(app.srcdir, source_dir), Path(app.srcdir, gallery_dir)
        for source in sorted(source_root.rglob("plot_*.py")):
            pairs.append((source, gallery_root / source.parent.relative_to(source_root)))
    return pairs


def _source_notebook(app, source: Path, target_dir: Path) -> dict:
    """The example's notebook as sphinx-gallery makes it, from the source (markers kept)."""
    from sphinx_gallery import py_source_parser
    from sphinx_gallery.notebook import jupyter_notebook

    conf = app.config.sphinx_gallery_conf
    _, blocks = py_source_parser.split_code_and_text_blocks(str(source))
    blocks = [
        py_source_parser.Block(
            kind,
            py_source_parser.remove_config_comments(py_source_parser.remove_ignore_blocks(content)),
            line,
        )
        for kind, content, line in blocks
    ]
    return json.loads(json.dumps(jupyter_notebook(blocks, conf, target_dir)))


def _downloads(app) -> list[Path]:
    """The files of each example that this extension writes or rewrites."""
    names = ("{}.py", "{}.ipynb", "{}.zip", "{}" + SUFFIX + ".ipynb")
    return [
        folder / name.format(source.stem) for source, folder in _examples(app) for name in names
    ]


def _stamps(paths: list[Path]) -> dict[Path, tuple[str, int]]:
    """``{path: (sha256 of its bytes, modification time in ns)}`` of the files that exist."""
    return {
        path: (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in paths
        if path.is_file()
    }


def remember_downloads(app) -> None:
    """``builder-inited``, before sphinx-gallery: the downloads as the last build left them."""
    app.course_practice_downloads = _stamps(_downloads(app))


def restore_times(app) -> None:
    """Give a download whose bytes are what the last build left its old modification time.

    sphinx-gallery copies every example's ``.py`` (markers included) on every build and this
    extension then strips it again: same bytes, new time, and Sphinx would read every page that
    links to it again, on every build.
    """
    before = getattr(app, "course_practice_downloads", {})
    for path, (digest, _) in _stamps(list(before)).items():
        if before[path][0] == digest:
            os.utime(path, ns=(before[path][1], before[path][1]))


def make_practice_notebooks(app) -> None:
    """After sphinx-gallery: write the practice notebooks, strip the markers from downloads."""
    try:
        _make_practice_notebooks(app)
    finally:
        restore_times(app)


def _make_practice_notebooks(app) -> None:
    for source, target_dir in _examples(app):
        practice = target_dir / f"{source.stem}{SUFFIX}.ipynb"
        code = source.read_text(encoding="utf-8")
        if not solution_regions(code):
            practice.unlink(missing_ok=True)
            continue
        target_dir.mkdir(parents=True, exist_ok=True)
        write_notebook(practice, practice_notebook(_source_notebook(app, source, target_dir)))
        script, full = target_dir / source.name, target_dir / f"{source.stem}.ipynb"
        if script.is_file():
            text = script.read_text(encoding="utf-8")
            if strip_markers(text) != text:
                _rewrite_in_zip(script, strip_markers(text))
        if full.is_file():
            notebook = json.loads(full.read_text(encoding="utf-8"))
            if strip_notebook(notebook) != notebook:
                write_notebook(full, strip_notebook(notebook))


def practice_links(text: str, stem: str, colab: str | None) -> str:
    """The page's download buttons with the practice notebook (and its Colab link) first."""
    from course_i18n import FOOTER

    def add(match: re.Match[str]) -> str:
        pad = match["indent"] + "  "
        name = f"{stem}{SUFFIX}.ipynb"
        links = (
            f"\n{pad}.. container:: sphx-glr-download sphx-glr-download-practice\n\n"
            f"{pad}  :download:`练习版 Jupyter 笔记本：{name} <{name}>`\n"
        )
        if colab:
            links += (
                f"\n{pad}.. container:: sphx-glr-download sphx-glr-download-colab\n\n"
                f"{pad}  `在 Colab 中打开练习版 <{colab}>`__\n"
            )
        return match[0] + links

    return FOOTER.sub(add, text, count=1)


def page_source(app, docname: str, source: list[str]) -> None:
    """``source-read``: no markers on example pages; practice links where there is a notebook."""
    gallery = _as_list(app.config.sphinx_gallery_conf["gallery_dirs"])
    if not any(docname.startswith(f"{g}/") for g in gallery):
        return
    text = strip_markers(source[0])
    practice = Path(app.srcdir, f"{docname}{SUFFIX}.ipynb")
    if practice.is_file():
        from course_colab import colab_url_for_doc

        colab = colab_url_for_doc(app.config, f"{docname}{SUFFIX}")
        text = practice_links(text, Path(docname).name, colab)
    source[0] = text


def exercises_table(exercises: dict, srcdir: Path) -> str:
    """reST of the overview: one row per exercise, with its page and practice notebook."""
    rows = [".. list-table::", "   :header-rows: 1", "   :widths: 20 45 35", ""]
    rows += ["   * - 练习", "     - 练什么", "     - 讲解与练习版"]
    for exercise in exercises.values():
        page = f":doc:`/{exercise.page}`"
        notebook = Path(srcdir, f"{exercise.page}{SUFFIX}.ipynb")
        if notebook.is_file():
            name = notebook.name
            page += f"；:download:`练习版 <{'/' + exercise.page.rsplit('/', 1)[0]}/{name}>`"
        rows += [
            f"   * - {exercise.title}（``check_{exercise.name}``）",
            f"     - {exercise.skill}",
            f"     - {page}",
        ]
    return "\n".join(rows) + "\n"


def exercises_table_of(env) -> str:
    """:func:`exercises_table` of ``spiral_tut.exercises``, kept in the environment until that
    file, this one or the practice notebooks change: a page read again for another reason (a
    practice notebook it links to changed) then need not import ``spiral_tut``, and torch."""
    from course_viewcode import module_file

    srcdir = Path(env.srcdir)
    sources = [module_file("spiral_tut.exercises"), Path(__file__)]
    gallery = _as_list(env.config.sphinx_gallery_conf["gallery_dirs"])
    notebooks = [str(n) for g in gallery for n in sorted((srcdir / g).glob(f"**/*{SUFFIX}.ipynb"))]
    digests = [hashlib.sha256(s.read_bytes()).hexdigest() if s else None for s in sources]
    made_from = [*map(str, sources), *digests, *notebooks]
    kept = getattr(env, "course_exercises_table", None)
    if kept is None or kept[0] != made_from:
        from spiral_tut.exercises import EXERCISES

        env.course_exercises_table = (made_from, exercises_table(EXERCISES, srcdir))
    return env.course_exercises_table[1]


def setup(app) -> dict[str, object]:
    from docutils.parsers.rst import Directive
    from docutils.statemachine import StringList

    class CourseExercises(Directive):
        """``.. course-exercises::`` — the table of every exercise in ``spiral_tut.exercises``."""

        def run(self) -> list:
            from docutils import nodes

            text = exercises_table_of(self.state.document.settings.env)
            holder = nodes.container()
            self.state.nested_parse(StringList(text.splitlines(), "course-exercises"), 0, holder)
            return holder.children

    app.add_directive("course-exercises", CourseExercises)
    app.connect("builder-inited", remember_downloads, priority=440)  # before the gallery
    app.connect("builder-inited", make_practice_notebooks, priority=850)  # after it
    app.connect("source-read", page_source)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
