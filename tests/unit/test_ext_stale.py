"""docs/_ext/course_stale.py: one record says the examples' outputs are current; an edit of
anything they depend on or an interrupted build makes every example run again, a failed example
runs again alone."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import course_stale
import pytest
from course_stale import (
    RECORD,
    check_outputs,
    output_digests,
    read_record,
    record_outputs,
    write_atomically,
)

PATTERN = r"/plot_"


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An importable package ``pkg_probe`` and a module ``hook_probe``, in ``tmp_path/src``."""
    src = tmp_path / "src"
    (src / "pkg_probe").mkdir(parents=True)
    (src / "pkg_probe" / "__init__.py").write_text("VALUE = 1\n")
    (src / "pkg_probe" / "theme.py").write_text("COLOR = 'grey'\n")
    (src / "hook_probe.py").write_text("def reset_example(conf, fname):\n    pass\n")
    monkeypatch.syspath_prepend(str(src))
    return src


def make_app(tmp_path: Path, **gallery) -> SimpleNamespace:
    gallery_conf = {
        "gallery_dirs": "auto_examples",
        "plot_gallery": True,
        "filename_pattern": PATTERN,
        "run_stale_examples": False,
        "first_notebook_cell": "import pkg_probe\n",
        "last_notebook_cell": None,
        "failing_examples": {},
        **gallery,
    }
    config = SimpleNamespace(
        sphinx_gallery_conf=gallery_conf,
        course_output_modules=["pkg_probe", "hook_probe"],
        course_output_distributions=["pytest"],
        course_full_filename_pattern=PATTERN,
    )
    (tmp_path / "docs" / "auto_examples").mkdir(parents=True, exist_ok=True)
    return SimpleNamespace(srcdir=str(tmp_path / "docs"), config=config)


def build(tmp_path: Path, failing: bool = False, **gallery) -> bool:
    """One build's hooks around a (pretend) gallery run; True if every example was to run."""
    app = make_app(tmp_path, **gallery)
    check_outputs(app)
    if failing:
        app.config.sphinx_gallery_conf["failing_examples"]["plot_x.py"] = "Traceback ..."
    record_outputs(app, None)
    return app.config.sphinx_gallery_conf["run_stale_examples"]


def record(tmp_path: Path) -> Path:
    return tmp_path / "docs" / "auto_examples" / RECORD


def test_first_build_runs_all_then_nothing_changed_runs_none(tmp_path, modules) -> None:
    assert build(tmp_path) is True
    assert record(tmp_path).is_file()
    assert build(tmp_path) is False  # the control: no change, no re-run


@pytest.mark.parametrize(
    "edit",
    ["package module", "new package file", "reset hook", "first cell", "version"],
)
def test_each_dependency_makes_every_example_run_again(
    tmp_path, modules, monkeypatch, edit
) -> None:
    build(tmp_path)
    gallery = {}
    if edit == "package module":
        (modules / "pkg_probe" / "theme.py").write_text("COLOR = 'black'\n")
    elif edit == "new package file":
        (modules / "pkg_probe" / "extra.py").write_text("")
    elif edit == "reset hook":
        (modules / "hook_probe.py").write_text("def reset_example(conf, fname):\n    1\n")
    elif edit == "first cell":
        gallery["first_notebook_cell"] = "pip install other\n"
    else:
        monkeypatch.setattr(course_stale, "version", lambda name: "99.0")
    assert build(tmp_path, **gallery) is True


def test_the_log_names_what_changed(tmp_path, modules, monkeypatch) -> None:
    build(tmp_path)
    (modules / "hook_probe.py").write_text("# edited\n")
    lines = []
    monkeypatch.setattr(course_stale.logger, "info", lines.append)
    build(tmp_path)
    assert len(lines) == 1 and "module hook_probe" in lines[0] and "re-running all" in lines[0]


def test_an_interrupted_build_leaves_no_record(tmp_path, modules) -> None:
    build(tmp_path)
    app = make_app(tmp_path)
    check_outputs(app)  # ... and the build is killed before build-finished
    assert not record(tmp_path).exists()
    assert build(tmp_path) is True  # the next build trusts nothing


def test_a_build_killed_while_writing_the_record_leaves_no_file_behind(
    tmp_path, modules, monkeypatch
) -> None:
    """A kill between the temporary file and ``os.replace`` leaves the temporary file (nothing
    in the process runs any more); the next build removes it and trusts nothing."""
    build(tmp_path)
    app = make_app(tmp_path)
    check_outputs(app)

    def killed(src, dst):
        raise KeyboardInterrupt  # stands for SIGKILL: the except clause never runs

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(os, "replace", killed)
        patch.setattr(Path, "unlink", lambda self, missing_ok=False: None)
        record_outputs(app, None)
    gallery = record(tmp_path).parent
    assert [p.name for p in gallery.iterdir() if p.name.endswith(".tmp")]  # what a kill leaves
    assert build(tmp_path) is True  # no record: every example runs again
    assert sorted(p.name for p in gallery.iterdir()) == [RECORD]  # and the temporary is gone


def test_a_failed_example_keeps_the_others_current(tmp_path, modules) -> None:
    """sphinx-gallery writes no .md5 for a failed example: it alone runs again next time."""
    build(tmp_path)
    assert build(tmp_path, failing=True) is False
    assert record(tmp_path).is_file()
    assert build(tmp_path) is False


def test_a_failed_example_loses_its_md5_even_from_an_earlier_good_run(tmp_path, modules):
    from course_stale import forget_failed_runs

    app = make_app(tmp_path)
    app.config.sphinx_gallery_conf["examples_dirs"] = "../examples"
    examples, gallery = tmp_path / "examples" / "01_x", tmp_path / "docs" / "auto_examples" / "01_x"
    examples.mkdir(parents=True)
    gallery.mkdir(parents=True)
    for name in ("plot_fails.py", "plot_fine.py"):
        (examples / name).write_text("print(1)\n")
        (gallery / f"{name}.md5").write_text("an earlier good run")
    failing = os.path.normpath(tmp_path / "docs" / ".." / "examples" / "01_x" / "plot_fails.py")
    app.config.sphinx_gallery_conf["failing_examples"] = {failing: "Traceback ..."}
    forget_failed_runs(app)
    assert sorted(p.name for p in gallery.iterdir()) == ["plot_fine.py.md5"]


def test_a_build_that_stopped_leaves_no_record(tmp_path, modules) -> None:
    build(tmp_path)
    app = make_app(tmp_path)
    check_outputs(app)
    record_outputs(app, RuntimeError("an extension failed"))
    assert not record(tmp_path).exists()
    assert build(tmp_path) is True


def test_a_partial_run_records_only_what_was_current(tmp_path, modules) -> None:
    assert build(tmp_path, filename_pattern="tensor") is True  # no record yet: stale
    assert not record(tmp_path).exists()  # the examples it did not run are still stale
    build(tmp_path)
    assert build(tmp_path, filename_pattern="tensor") is False
    assert record(tmp_path).is_file()  # nothing was stale before: still current


def test_a_text_only_build_keeps_the_record(tmp_path, modules) -> None:
    build(tmp_path)
    before = record(tmp_path).read_text()
    (modules / "pkg_probe" / "__init__.py").write_text("VALUE = 2\n")
    build(tmp_path, plot_gallery=False)
    assert record(tmp_path).read_text() == before  # the next full build still sees the change
    assert build(tmp_path) is True


def test_digests_cover_every_part(tmp_path, modules) -> None:
    parts = output_digests(make_app(tmp_path).config)
    assert set(parts) == {
        "module pkg_probe",
        "module hook_probe",
        "first_notebook_cell",
        "last_notebook_cell",
        "versions pytest",
    }


def test_an_unknown_module_is_a_clear_error(tmp_path, modules) -> None:
    app = make_app(tmp_path)
    app.config.course_output_modules = ["no_such_module_here"]
    with pytest.raises(ValueError, match="course_output_modules.*no_such_module_here"):
        check_outputs(app)


def test_the_record_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch) -> None:
    path = tmp_path / "record"
    write_atomically(path, "old\n")

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, "new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["record"]  # no temporary file left


def test_records_round_trip(tmp_path) -> None:
    path = tmp_path / RECORD
    write_atomically(path, course_stale.format_record({"module a b": "12", "x": "34"}))
    assert read_record(path) == {"module a b": "12", "x": "34"}
    assert read_record(tmp_path / "missing") is None


def test_an_oversized_example_page_fails_and_runs_again(tmp_path, modules, monkeypatch) -> None:
    app = make_app(tmp_path)
    app.config.course_example_output_limit = 1000
    gallery = tmp_path / "docs" / "auto_examples"
    for name, size in (("plot_big", 5000), ("plot_small", 500)):
        (gallery / f"{name}.py").write_text("print()\n")
        (gallery / f"{name}.py.md5").write_text("0" * 32)
        (gallery / f"{name}.rst").write_text("x" * size)
    (gallery / "index.rst").write_text("x" * 5000)  # not an example page
    warnings = []
    monkeypatch.setattr(course_stale.logger, "warning", warnings.append)
    check_outputs(app)
    course_stale.check_output_sizes(app)
    assert len(warnings) == 1 and "plot_big.py" in warnings[0] and "limit" in warnings[0]
    assert not (gallery / "plot_big.py.md5").exists()  # sphinx-gallery runs it again next time
    assert (gallery / "plot_small.py.md5").exists()
    record_outputs(app, None)
    assert not record(tmp_path).exists()


def test_a_deleted_example_leaves_nothing_behind(tmp_path, modules) -> None:
    app = make_app(tmp_path)
    app.outdir = str(tmp_path / "html")
    app.config.sphinx_gallery_conf["examples_dirs"] = "../examples"
    examples, gallery = tmp_path / "examples" / "01_x", tmp_path / "docs" / "auto_examples"
    (examples).mkdir(parents=True)
    (examples / "plot_kept.py").write_text("")
    (examples / "plot_keptlonger.py").write_text("")
    outputs = []
    for name in ("plot_kept", "plot_gone", "plot_keptlonger"):
        folder = gallery / "01_x"
        (folder / "images" / "thumb").mkdir(parents=True, exist_ok=True)
        files = [f"{name}.{ext}" for ext in ("py", "py.md5", "rst", "ipynb", "zip", "cost.json")]
        files += [f"images/sphx_glr_{name}_001.png", f"images/thumb/sphx_glr_{name}_thumb.png"]
        for file in files:
            (folder / file).write_text("")
        html = tmp_path / "html" / "auto_examples" / "01_x" / f"{name}.html"
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text("")
        outputs.append([folder / file for file in files] + [html])
    (gallery / "02_gone").mkdir()  # a whole folder of examples deleted
    (gallery / "02_gone" / "index.rst").write_text("")
    (gallery / "02_gone" / "plot_y.py").write_text("")
    course_stale.remove_orphans(app)
    kept, gone, kept_longer = outputs
    assert all(path.exists() for path in kept + kept_longer)
    assert not any(path.exists() for path in gone)
    assert not (gallery / "02_gone").exists()


def test_files_written_by_examples_leave_the_sources(tmp_path, modules) -> None:
    app = make_app(tmp_path)
    app.config.sphinx_gallery_conf["examples_dirs"] = "../examples"
    examples = tmp_path / "examples" / "01_x"
    examples.mkdir(parents=True)
    (examples / "plot_a.py").write_text("")
    (examples / "notes.txt").write_text("the author's")
    course_stale.snapshot_sources(app)
    (examples / "model.pt").write_bytes(b"weights")  # what an example writes while it runs
    (examples / "out").mkdir()
    (examples / "out" / "table.csv").write_text("1,2")
    course_stale.move_written_files(app)
    gallery = tmp_path / "docs" / "auto_examples" / "01_x"
    assert sorted(p.name for p in examples.rglob("*") if p.is_file()) == ["notes.txt", "plot_a.py"]
    assert (gallery / "model.pt").read_bytes() == b"weights"
    assert (gallery / "out" / "table.csv").read_text() == "1,2"


@pytest.mark.parametrize(
    ("changed", "stale_all", "jobs"),
    [(0, False, False), (1, False, False), (2, False, 2), (3, False, 2), (0, True, 2)],
)
def test_no_more_workers_than_examples_to_run(tmp_path, modules, changed, stale_all, jobs) -> None:
    from sphinx_gallery.utils import get_md5sum

    app = make_app(tmp_path, parallel=2, run_stale_examples=stale_all)
    app.config.sphinx_gallery_conf["examples_dirs"] = "../examples"
    examples, gallery = tmp_path / "examples" / "01_x", tmp_path / "docs" / "auto_examples" / "01_x"
    examples.mkdir(parents=True)
    gallery.mkdir(parents=True)
    for number in range(3):
        source = examples / f"plot_{number}.py"
        source.write_text(f"print({number})\n")
        (gallery / f"plot_{number}.py.md5").write_text(get_md5sum(source, mode="t"))
    (examples / "helper.py").write_text("")  # not an example: never run
    for number in range(changed):
        (examples / f"plot_{number}.py").write_text("print('edited')\n")
    assert len(course_stale.examples_to_run(app)) == (3 if stale_all else changed)
    course_stale.fit_jobs(app)
    assert app.config.sphinx_gallery_conf["parallel"] == jobs
