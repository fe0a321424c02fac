"""docs/_ext/course_settings.py: SPHINX_GALLERY_JOBS checked, the gallery folder from the config."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from course_settings import (
    MAX_JOBS,
    TIME_LIMIT,
    SettingError,
    apply_jobs,
    apply_settings,
    gallery_dirs,
    parse_jobs,
)


@pytest.mark.parametrize("value", ["abc", "", " ", "1.5", "0", "-1", "+2", str(MAX_JOBS + 1)])
def test_bad_job_counts_name_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match=r"^SPHINX_GALLERY_JOBS must be a whole number"):
        parse_jobs(value, default=4)


@pytest.mark.parametrize(("value", "jobs"), [(None, 3), ("1", 1), (" 2 ", 2), ("64", 64)])
def test_good_job_counts(value: str | None, jobs: int) -> None:
    assert parse_jobs(value, default=3) == jobs


@pytest.fixture(autouse=True)
def _time_limit_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """apply_settings exports the time limit: keep it out of the other tests."""
    monkeypatch.delenv(TIME_LIMIT, raising=False)


def config(jobs: str | None) -> SimpleNamespace:
    return SimpleNamespace(
        course_gallery_jobs=jobs, course_example_time_limit=180, sphinx_gallery_conf={}
    )


def test_one_job_runs_the_examples_in_the_sphinx_process() -> None:
    conf = config("1")
    apply_settings(None, conf)
    apply_jobs(SimpleNamespace(config=conf))
    assert conf.sphinx_gallery_conf["parallel"] is False


def test_several_jobs_go_to_sphinx_gallery_when_the_build_starts() -> None:
    conf = config("3")
    apply_settings(None, conf)
    assert conf.sphinx_gallery_conf["parallel"] is False  # its configuration: no joblib import
    apply_jobs(SimpleNamespace(config=conf))
    assert conf.sphinx_gallery_conf["parallel"] == 3


def test_a_bad_job_count_is_a_configuration_error_in_one_line() -> None:
    """Python prints a SystemExit's message alone: no Sphinx crash report."""
    with pytest.raises(SettingError) as error:
        apply_settings(None, config("1.5"))
    assert str(error.value).count("\n") == 0
    assert "SPHINX_GALLERY_JOBS" in str(error.value) and "'1.5'" in str(error.value)


def test_gallery_dirs_follow_the_configuration() -> None:
    assert gallery_dirs(SimpleNamespace(sphinx_gallery_conf={"gallery_dirs": "pages"})) == ["pages"]


def test_the_time_limit_reaches_the_example_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    apply_settings(None, config(None))
    assert os.environ[TIME_LIMIT] == "180"  # conf.py's default
    monkeypatch.setenv(TIME_LIMIT, "5")
    apply_settings(None, config(None))
    assert os.environ[TIME_LIMIT] == "5"


@pytest.mark.parametrize("value", ["", "abc", "0", "-3", "2.5", "86401"])
def test_a_bad_time_limit_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(TIME_LIMIT, value)
    with pytest.raises(
        SettingError, match=rf"^Configuration error: {TIME_LIMIT} must be a whole number of seconds"
    ):
        apply_settings(None, config(None))


def test_spaces_count_in_example_names_only(tmp_path) -> None:
    from course_settings import names_with_spaces

    examples = tmp_path / "My Courses" / "examples"
    (examples / "01 basics").mkdir(parents=True)
    (examples / "01 basics" / "plot_a.py").write_text("")
    (examples / "02_x").mkdir()
    (examples / "02_x" / "plot_b.py").write_text("")
    assert names_with_spaces(examples) == ["01 basics/plot_a.py"]


def test_without_joblib_several_jobs_are_a_configuration_error(monkeypatch) -> None:
    import course_settings

    real_find_spec = course_settings.importlib.util.find_spec
    monkeypatch.setattr(
        course_settings.importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "joblib" else real_find_spec(name, *rest),
    )
    with pytest.raises(
        SettingError, match=r"^Configuration error: SPHINX_GALLERY_JOBS: 2 .*joblib"
    ):
        apply_settings(None, config("2"))
    apply_settings(None, config("1"))  # one process needs no joblib


def test_the_jobs_reach_sphinx_gallery_before_the_examples_are_counted_and_run() -> None:
    """apply_jobs, then course_stale.fit_jobs (no more workers than examples), then course_pool
    and sphinx-gallery's gallery (500) run the examples."""
    import course_pool
    import course_settings
    import course_stale

    priorities = {}

    class App:
        def connect(self, event, handler, priority=500):
            priorities[getattr(handler, "__name__", repr(handler))] = (event, priority)

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    for extension in (course_settings, course_stale, course_pool):
        extension.setup(App())
    order = ["apply_jobs", "fit_jobs", "run_in_one_pool"]
    assert {priorities[name][0] for name in order} == {"builder-inited"}
    assert [priorities[name][1] for name in order] == sorted(priorities[n][1] for n in order)
    assert priorities["run_in_one_pool"][1] < 500
