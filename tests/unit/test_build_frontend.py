"""docs/build.py: Sphinx runs unless nothing the site is made from changed since a good build."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location(
    "docs_build", Path(__file__).resolve().parents[2] / "docs" / "build.py"
)
frontend = importlib.util.module_from_spec(spec)
spec.loader.exec_module(frontend)


class FakeSphinx:
    """Stands in for sphinx-build: records each run, writes one output page, returns ``status``."""

    def __init__(self, root: Path) -> None:
        self.root, self.runs, self.status = root, [], 0

    def __call__(self, arguments: list[str]) -> int:
        self.runs.append(arguments)
        page = self.root / "docs/_build/html/index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"build {len(self.runs)}")
        (self.root / "docs/auto_examples").mkdir(exist_ok=True)
        (self.root / "docs/auto_examples/plot_a.rst").write_text("generated")
        (self.root / "docs/sg_execution_times.rst").write_text(f"timings {len(self.runs)}")
        return self.status


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, text in {
        "docs/conf.py": "project = 'x'",
        "docs/index.rst": "Title\n=====\n",
        "docs/_ext/ext.py": "",
        "examples/plot_a.py": "print(1)",
        "spiral_tut/__init__.py": "",
        "pyproject.toml": "[project]",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.fixture
def sphinx(tree: Path) -> FakeSphinx:
    return FakeSphinx(tree)


def build(tree: Path, sphinx: FakeSphinx, *options: str, **environ: str) -> int:
    return frontend.build(list(options), root=tree, environ=environ, sphinx=sphinx)


def test_sphinx_gets_the_strict_arguments_then_the_options(tree, sphinx) -> None:
    assert build(tree, sphinx, "-D", "plot_gallery=0") == 0
    docs = str(tree / "docs")
    assert sphinx.runs == [
        ["-W", "--keep-going", "-b", "html", "-d", f"{docs}/_build/doctrees", docs]
        + [f"{docs}/_build/html", "-D", "plot_gallery=0"]
    ]


def test_a_second_build_with_nothing_changed_does_not_start_sphinx(tree, sphinx, capsys) -> None:
    build(tree, sphinx)
    build(tree, sphinx)
    assert len(sphinx.runs) == 1
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize(
    "edit",
    ["docs/index.rst", "docs/_ext/ext.py", "examples/plot_a.py", "spiral_tut/__init__.py"],
)
def test_editing_a_source_builds_again(tree, sphinx, edit: str) -> None:
    build(tree, sphinx)
    with open(tree / edit, "a") as file:
        file.write("\n# edited\n")
    build(tree, sphinx)
    assert len(sphinx.runs) == 2


def test_a_new_or_deleted_source_builds_again(tree, sphinx) -> None:
    build(tree, sphinx)
    (tree / "examples/plot_b.py").write_text("print(2)")
    build(tree, sphinx)
    (tree / "examples/plot_b.py").unlink()
    build(tree, sphinx)
    assert len(sphinx.runs) == 3


def test_the_same_bytes_with_a_new_time_do_not_build_again(tree, sphinx) -> None:
    build(tree, sphinx)
    (tree / "docs/index.rst").write_text((tree / "docs/index.rst").read_text())
    build(tree, sphinx)
    assert len(sphinx.runs) == 1


def test_caches_and_generated_files_are_not_sources(tree, sphinx) -> None:
    build(tree, sphinx)
    (tree / "docs/__pycache__").mkdir()
    (tree / "docs/__pycache__/conf.cpython-311.pyc").write_bytes(b"\0")
    (tree / "docs/locale/zh_CN/LC_MESSAGES").mkdir(parents=True)
    (tree / "docs/locale/zh_CN/LC_MESSAGES/sphinx.mo").write_bytes(b"\0")
    build(tree, sphinx)
    assert len(sphinx.runs) == 1


@pytest.mark.parametrize("change", ["other options", "a setting in the environment"])
def test_other_options_or_settings_build_again(tree, sphinx, change: str) -> None:
    build(tree, sphinx)
    if change == "other options":
        build(tree, sphinx, "-D", "plot_gallery=0")
    else:
        build(tree, sphinx, COURSE_REPO="course/week1")
    assert len(sphinx.runs) == 2


def test_unrelated_environment_variables_do_not_count(tree, sphinx) -> None:
    build(tree, sphinx, HOME="/a")
    build(tree, sphinx, HOME="/b", TERM="dumb")
    assert len(sphinx.runs) == 1


@pytest.mark.parametrize("damage", ["deleted", "edited"])
def test_a_damaged_output_builds_again(tree, sphinx, damage: str) -> None:
    build(tree, sphinx)
    page = tree / "docs/auto_examples/plot_a.rst"
    page.unlink() if damage == "deleted" else page.write_text("changed by hand")
    build(tree, sphinx)
    assert len(sphinx.runs) == 2


def test_a_failed_build_is_never_taken_for_an_up_to_date_site(tree, sphinx) -> None:
    build(tree, sphinx)
    (tree / "docs/index.rst").write_text("broken")
    sphinx.status = 1
    assert build(tree, sphinx) == 1
    assert build(tree, sphinx) == 1  # the same sources: Sphinx runs (and fails) again
    assert len(sphinx.runs) == 3
    assert not (tree / frontend.RECORD).exists()


def test_an_interrupted_build_leaves_no_record(tree, sphinx) -> None:
    build(tree, sphinx)

    def killed(arguments: list[str]) -> int:
        assert not (tree / frontend.RECORD).exists()  # gone before Sphinx starts
        raise KeyboardInterrupt

    (tree / "docs/index.rst").write_text("edited")
    with pytest.raises(KeyboardInterrupt):
        frontend.build([], root=tree, environ={}, sphinx=killed)
    build(tree, sphinx)
    assert len(sphinx.runs) == 2


def test_force_builds_and_is_not_passed_to_sphinx(tree, sphinx) -> None:
    build(tree, sphinx)
    build(tree, sphinx, "--force")
    assert len(sphinx.runs) == 2
    assert "--force" not in sphinx.runs[1]


class Script:
    """A stand-in for ``time.sleep`` in ``watch``: each call does the next step of a script (an
    edit, nothing, or Ctrl-C), as if that happened while the watch slept."""

    def __init__(self, *steps) -> None:
        self.steps = list(steps)

    def __call__(self, seconds: float) -> None:
        assert seconds in (frontend.INTERVAL, frontend.SETTLE)
        step = self.steps.pop(0) if self.steps else KeyboardInterrupt
        if step is KeyboardInterrupt:
            raise KeyboardInterrupt
        if step is not None:
            step()


def edit(tree: Path, text: str):
    return lambda: (tree / "examples/plot_a.py").write_text(text)


def test_watch_builds_again_once_a_change_has_settled_and_goes_on_after_a_failure(
    tree, capsys
) -> None:
    statuses = iter([0, 2, 0])
    rebuilds = []

    def rebuild(options: list[str]) -> int:
        rebuilds.append((options, (tree / "examples/plot_a.py").read_text()))
        return next(statuses)

    sleep = Script(
        None,  # nothing changed
        edit(tree, "print(2)"),  # saved ...
        edit(tree, "print(3)"),  # ... in two steps
        None,  # settled: build "print(3)" (fails)
        None,
        edit(tree, "print(4)"),
        None,  # settled: build "print(4)"
        None,
    )
    status = frontend.watch(["-D", "x=1"], root=tree, environ={}, rebuild=rebuild, sleep=sleep)
    assert status == 130
    assert rebuilds == [
        (["-D", "x=1"], "print(1)"),  # the first build
        (["-D", "x=1"], "print(3)"),  # not "print(2)": the file was still changing
        (["-D", "x=1"], "print(4)"),  # after a failed build the watch goes on
    ]
    said = capsys.readouterr().out
    assert "FAILED (status 2)" in said and said.count("built in") == 2  # the first build too
    assert said.rstrip().endswith("docs/build.py --watch: stopped")


def test_watch_also_sees_added_and_deleted_files(tree) -> None:
    rebuilds = []
    sleep = Script(
        lambda: (tree / "examples/plot_b.py").write_text("print('new')"),
        None,
        lambda: (tree / "docs/index.rst").unlink(),
        None,
        lambda: (tree / "docs/_build/html").mkdir(parents=True),  # an output: not a source
        None,
    )
    rebuild = lambda options: rebuilds.append(options) or 0  # noqa: E731
    frontend.watch([], root=tree, environ={}, rebuild=rebuild, sleep=sleep)
    assert len(rebuilds) == 3


def test_what_a_watched_build_may_find_imported_leaves_out_the_course_s_own_code(
    tree, monkeypatch
) -> None:
    import types

    def module(name: str, file: str | None) -> None:
        fake = types.ModuleType(name)
        if file is not None:
            fake.__file__ = str(tree / file)
        monkeypatch.setitem(__import__("sys").modules, name, fake)

    module("probe_course_package", "spiral_tut/__init__.py")
    module("probe_course_extension", "docs/_ext/ext.py")
    module("probe_library", ".nox/docs/lib/site-packages/probe_library.py")  # a venv in the tree
    module("probe_builtin", None)
    found = frontend.libraries(tree)
    assert "probe_library" in found and "json" in found
    assert not {"probe_course_package", "probe_course_extension", "probe_builtin"} & set(found)


def test_a_course_folder_reached_through_a_link_is_still_the_course_s(tree, monkeypatch) -> None:
    import types

    (tree.parent / "linked").symlink_to(tree)  # the course imported through a linked path
    fake = types.ModuleType("probe_linked_course")
    fake.__file__ = str(tree.parent / "linked" / "spiral_tut" / "__init__.py")
    monkeypatch.setitem(__import__("sys").modules, "probe_linked_course", fake)
    assert "probe_linked_course" not in frontend.libraries(tree)


def test_each_build_adds_what_it_imported_to_what_the_builds_before_it_imported(
    tree, monkeypatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "sphinx.application", sys.modules["json"])  # "ran Sphinx"
    (tree / frontend.IMPORTED).parent.mkdir(parents=True)
    frontend.write_record(tree / frontend.IMPORTED, ["tabnanny"])
    assert "tabnanny" not in sys.modules  # not imported by this build: only recorded before
    frontend.remember_imports(tree)
    remembered = frontend.imported_before(tree)
    assert "tabnanny" in remembered  # not forgotten
    assert "json" in remembered and remembered == sorted(set(remembered))


def test_what_the_watch_imports_first_leaves_out_what_is_now_the_course_s_or_gone(tree) -> None:
    import sys

    (tree / "docs/_ext/probe_course_ext.py").write_text("")  # recorded once as a library
    (tree / frontend.IMPORTED).parent.mkdir(parents=True)
    recorded = ["json", "json.decoder", "probe_course_ext", "probe_gone_library"]
    frontend.write_record(tree / frontend.IMPORTED, recorded)
    assert frontend.imported_before(tree) == ["json", "json.decoder"]
    assert "probe_course_ext" not in sys.modules  # found in the course (not on this path)


def test_a_change_is_built_once_the_files_are_the_same_one_settle_later(tree) -> None:
    slept = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            edit(tree, "print(2)")()

    changes = frontend.changes(tree, [], {}, frontend.inputs(tree, [], {}), sleep=sleep)
    next(changes)
    interval, settle = frontend.INTERVAL, frontend.SETTLE
    assert slept == [interval, interval, settle]  # nothing, the change, the same again: built


def test_a_file_saved_during_a_build_is_built_next(tree) -> None:
    built = []

    def rebuild(options: list[str]) -> int:
        built.append((tree / "examples/plot_a.py").read_text())
        if len(built) == 1:  # saved while the first build runs
            (tree / "examples/plot_a.py").write_text("print('saved meanwhile')")
        return 0

    frontend.watch([], root=tree, environ={}, rebuild=rebuild, sleep=Script(None, None, None))
    assert built == ["print(1)", "print('saved meanwhile')"]


def test_editors_lock_swap_and_backup_files_are_not_sources(tree) -> None:
    before = frontend.inputs(tree, [], {})
    (tree / "examples/.#plot_a.py").symlink_to(tree / "nowhere")  # Emacs: a link to nothing
    for name in (".plot_a.py.swp", "plot_a.py~", "4913"):
        (tree / "examples" / name).write_text("being edited")
    assert frontend.inputs(tree, [], {}) == before


def test_a_file_deleted_while_it_is_read_is_left_out(tree, monkeypatch) -> None:
    gone = tree / "examples/plot_gone.py"
    gone.write_text("print(0)")
    real = frontend.files
    monkeypatch.setattr(frontend, "files", lambda *a, **k: [*real(*a, **k), gone])
    gone.unlink()
    frontend.inputs(tree, [], {})  # listed, then gone: no FileNotFoundError


def test_the_watch_starts_again_when_the_installed_libraries_change(tree, monkeypatch) -> None:
    """A forked build would still have the old torch imported: the watch starts afresh."""
    installed = ["torch-2.13.0.dist-info"]
    monkeypatch.setattr(frontend, "distributions", lambda: list(installed))

    class Restarted(Exception):
        pass

    def execv(path: str, arguments: list[str]) -> None:
        assert arguments[1:] == [frontend.__file__, "--watch", "-D", "x=1"]
        raise Restarted

    monkeypatch.setattr(frontend.os, "execv", execv)
    rebuilds = []
    upgrade = lambda: installed.__setitem__(0, "torch-2.14.0.dist-info")  # noqa: E731
    with pytest.raises(Restarted):
        frontend.watch(
            ["-D", "x=1"],
            root=tree,
            environ={},
            rebuild=lambda options: rebuilds.append(options) or 0,
            sleep=Script(None, upgrade, None),
        )
    assert rebuilds == [["-D", "x=1"]]  # the first build only: none with the new torch


def test_a_build_that_ran_workers_stops_them_and_leaves_nothing_behind() -> None:
    import os
    import subprocess
    import sys
    import time

    script = (
        "import importlib.util, os\n"
        f"spec = importlib.util.spec_from_file_location('frontend', {spec.origin!r})\n"
        "frontend = importlib.util.module_from_spec(spec); spec.loader.exec_module(frontend)\n"
        "from joblib import Parallel, delayed\n"
        "pids = Parallel(n_jobs=2, backend='loky')(delayed(os.getpid)() for _ in range(4))\n"
        "print(*set(pids), flush=True)\n"
        "frontend.finish(3)\n"
    )
    # a worker left running would keep the output open: no end within the timeout
    ended = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert ended.returncode == 3, ended.stderr
    assert "leaked" not in ended.stderr  # joblib's temporary folder removed, not left to a tracker
    workers = [int(pid) for pid in ended.stdout.split()]
    deadline = time.monotonic() + 10
    while workers and time.monotonic() < deadline:
        workers = [pid for pid in workers if os.path.exists(f"/proc/{pid}")]
        time.sleep(0.1)
    assert not workers
