"""docs/_ext/course_pool.py: one pool for the examples of all folders, the longest first."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import course_pool
import pytest
from sphinx_gallery import gen_rst


def example(tmp_path: Path, name: str, size: int, seconds: float | None) -> course_pool.Example:
    src, target = tmp_path / "examples" / "01_x", tmp_path / "gallery" / "01_x"
    src.mkdir(parents=True, exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    (src / name).write_text("#" * size)
    if seconds is not None:
        cost = {"time": seconds, "memory": 0.0}
        (target / name.replace(".py", ".cost.json")).write_text(json.dumps(cost))
    return src, target, name


def test_never_timed_examples_first_by_size_then_the_longest_run_first(tmp_path) -> None:
    examples = [
        example(tmp_path, "plot_quick.py", 900, 0.5),
        example(tmp_path, "plot_new_small.py", 100, None),
        example(tmp_path, "plot_slow.py", 10, 20.0),
        example(tmp_path, "plot_new_large.py", 5000, None),
        example(tmp_path, "plot_middle.py", 50, 3.0),
    ]
    order = [name for _, _, name in course_pool.longest_first(examples)]
    assert order == [
        "plot_new_large.py",
        "plot_new_small.py",
        "plot_slow.py",
        "plot_middle.py",
        "plot_quick.py",
    ]


@pytest.mark.parametrize("cost", ["", "{", '{"time": "soon"}', '{"memory": 0}', "[]"])
def test_a_damaged_cost_file_counts_as_never_timed(tmp_path, cost) -> None:
    src, target, name = example(tmp_path, "plot_a.py", 10, None)
    (target / "plot_a.cost.json").write_text(cost)
    assert course_pool.last_run_seconds((src, target, name)) is None


def test_an_example_that_asks_to_run_alone_stays_out_of_the_pool(tmp_path) -> None:
    src, target, name = example(tmp_path, "plot_a.py", 10, None)
    (src / name).write_text('"""\nA\n=\n"""\n# sphinx_gallery_parallel = False\nprint(1)\n')
    assert not course_pool.may_share((src, target, name))
    (src / name).write_text('"""\nA\n=\n"""\nprint(1)\n')
    assert course_pool.may_share((src, target, name))


def test_each_pooled_result_is_given_once_and_other_files_run_as_usual(tmp_path, monkeypatch):
    ran = []

    def sphinx_gallerys(fname, target_dir, src_dir, gallery_conf):
        ran.append(fname)
        return ("intro", "title", (1.0, 0.0), {"passing": True})

    monkeypatch.setattr(course_pool, "GENERATE_FILE_RST", sphinx_gallerys)
    pooled = ("intro", "Pooled", (9.0, 0.0), {"passing": True})
    stand_in = course_pool.take_result({str(tmp_path.resolve() / "plot_a.py"): pooled})
    assert stand_in("plot_a.py", "target", str(tmp_path), {}) is pooled
    assert ran == []
    stand_in("plot_a.py", "target", str(tmp_path), {})  # asked again: it runs
    stand_in("plot_b.py", "target", str(tmp_path), {})
    assert ran == ["plot_a.py", "plot_b.py"]


def test_sphinx_gallery_still_calls_generate_file_rst_by_that_name() -> None:
    """The results reach sphinx-gallery through ``gen_rst.generate_file_rst`` (0.22.1): if it
    stops calling the module's function by that name, the pool would run the examples twice."""

    def names(code) -> set[str]:  # the function's and those of its comprehensions
        inner = [names(const) for const in code.co_consts if inspect.iscode(const)]
        return set(code.co_names).union(*inner)

    assert "generate_file_rst" in names(gen_rst.generate_dir_rst.__code__)
    parameters = list(inspect.signature(gen_rst.generate_file_rst).parameters)
    assert parameters == ["fname", "target_dir", "src_dir", "gallery_conf"]
    assert course_pool.GENERATE_FILE_RST is gen_rst.generate_file_rst  # nothing left patched


def test_only_examples_of_folders_sphinx_gallery_goes_through_are_pooled(tmp_path) -> None:
    from types import SimpleNamespace

    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

    examples = tmp_path / "examples"
    (tmp_path / "docs").mkdir()
    for folder in ("01_a", "02_b", "no_header"):
        (examples / folder).mkdir(parents=True)
        for name in ("plot_one.py", "plot_two.py", "plot_skip_me.py", "helper.py"):
            (examples / folder / name).write_text('"""\nT\n=\n"""\nprint(1)\n')
    for folder in ("", "01_a", "02_b"):
        (examples / folder / "GALLERY_HEADER.rst").write_text("Title\n=====\n")
    (examples / "02_b" / "plot_two.py").write_text(
        '"""\nT\n=\n"""\n# sphinx_gallery_parallel = False\nprint(1)\n'
    )
    gallery_conf = {
        **DEFAULT_GALLERY_CONF,
        "examples_dirs": "../examples",
        "gallery_dirs": "auto_examples",
        "filename_pattern": "/plot_",
        "ignore_pattern": r"skip_me",
        "source_suffix": {".rst": "restructuredtext"},
        "parallel": 2,
    }
    app = SimpleNamespace(
        srcdir=str(tmp_path / "docs"),
        config=SimpleNamespace(sphinx_gallery_conf=gallery_conf),
    )
    pooled = course_pool.pooled_examples(app)
    gallery = tmp_path / "docs" / "auto_examples"
    assert [(src.name, target, name) for src, target, name in pooled] == [
        ("01_a", gallery / "01_a", "plot_one.py"),
        ("01_a", gallery / "01_a", "plot_two.py"),
        ("02_b", gallery / "02_b", "plot_one.py"),  # plot_two.py asks to run alone
    ]
