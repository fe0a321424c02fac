"""docs/_ext/course_search.py: Sphinx 9.0's Chinese search names its stemmer correctly."""

from __future__ import annotations

from pathlib import Path

import sphinx
from course_search import ChineseSearch, needs_fix


def test_the_fix_names_a_stemmer_sphinx_ships() -> None:
    """language_data.js ends with ``window.Stemmer = <language_name>Stemmer``: it must exist."""
    stemmers = Path(sphinx.__file__).parent / "search" / "minified-js"
    name = f"{ChineseSearch.language_name}Stemmer"
    shipped = [p.name for p in stemmers.glob("*.js") if name in p.read_text(encoding="utf-8")]
    assert shipped, f"no {name} in {stemmers}"


def test_only_sphinx_9_0_needs_it() -> None:
    assert needs_fix((9, 0, 4)) and not needs_fix((9, 1, 0)) and not needs_fix((8, 1, 3))


def test_the_course_dictionary_is_loaded_when_the_first_page_is_indexed(tmp_path, monkeypatch):
    import jieba

    loaded = []
    monkeypatch.setattr(jieba, "load_userdict", loaded.append)
    dictionary = tmp_path / "terms.txt"
    dictionary.write_text("螺旋臂 10 n\n", encoding="utf-8")
    search = ChineseSearch({"dict": str(dictionary)})
    assert loaded == []  # a build that indexes no page never loads it
    search.split("螺旋臂")
    search.split("决策边界")
    assert loaded == [str(dictionary)]  # once, before the first split
