"""docs/_ext/course_search.py: Sphinx 9.0's Chinese search names its stemmer correctly."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
import sphinx
from course_search import ChineseSearch, initialize, needs_fix


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


#: Chinese prose, code, printed output, mixed scripts, punctuation and spaces of every kind.
TEXTS = [
    "螺旋数据上，线性模型的准确率约为 50%，两层 ReLU 网络约为 95%。",
    "model = nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 3))",
    "spiral_tut.set_default(figsize=(6.4, 4.8), theme='transparent')",
    "epoch 10: loss 0.8731, accuracy 61.2 %\n\tepoch 20: loss 0.5102",
    "反向传播（back-propagation）把误差 δ 从输出层传回输入层……梯度消失！",
    "C++ & C# 100% a.b_c-d   \u3000全角空格\u00a0不换行空格",
    "",
]


def test_split_gives_the_words_sphinx_gives_and_cuts_each_block_once(monkeypatch) -> None:
    from sphinx.search.zh import SearchChinese

    ours, sphinxs = ChineseSearch({}), SearchChinese({})
    for text in TEXTS + TEXTS[::-1]:
        assert ours.split(text) == sphinxs.split(text), text
    assert ours.latin_terms == sphinxs.latin_terms
    import jieba

    cut = []
    monkeypatch.setattr(jieba, "cut_for_search", lambda block: cut.append(block) or [block])
    fresh = ChineseSearch({})
    fresh.split("loss loss，loss")
    assert cut == ["loss", " ", "，"]  # "loss" cut once; each separator block once


def cached_tokenizer(tmp_path: Path, cache: bytes | None):
    """A jieba tokenizer of the default dictionary whose cache (in ``tmp_path``) holds ``cache``
    (None: no cache)."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path)
    if cache is not None:
        (tmp_path / "jieba.cache").write_bytes(cache)
    return tokenizer


WORDS = ({"螺旋": 30, "螺": 0, "旋": 0, "螺旋臂": 10, "臂": 5}, 45)


def test_initialize_loads_jiebas_cache_as_jieba_does(tmp_path) -> None:
    ours = cached_tokenizer(tmp_path, marshal.dumps(WORDS))
    jieba_found_it_done = []
    jiebas_own = ours.initialize
    ours.initialize = lambda: jieba_found_it_done.append(ours.initialized) or jiebas_own()
    initialize(ours)
    assert jieba_found_it_done == [True]  # read here, not by jieba
    jiebas = cached_tokenizer(tmp_path, marshal.dumps(WORDS))
    jiebas.initialize()
    assert ours.initialized and (ours.FREQ, ours.total) == (jiebas.FREQ, jiebas.total) == WORDS
    assert list(ours.cut_for_search("螺旋臂")) == list(jiebas.cut_for_search("螺旋臂"))


@pytest.mark.parametrize(
    "cache",
    [
        None,
        b"",
        b"\x00garbage",
        marshal.dumps(WORDS)[:20],
        marshal.dumps([1, 2]),
        marshal.dumps((1, 2)),
    ],
)
def test_a_missing_or_damaged_cache_is_left_to_jieba(tmp_path, cache) -> None:
    tokenizer = cached_tokenizer(tmp_path, cache)
    jiebas = []
    tokenizer.initialize = lambda: jiebas.append(tokenizer.initialized)  # jieba's own way
    initialize(tokenizer)
    assert jiebas == [False]


def test_a_dictionary_of_its_own_is_left_to_jieba(tmp_path) -> None:
    import jieba

    (tmp_path / "jieba.cache").write_bytes(marshal.dumps(WORDS))
    tokenizer = jieba.Tokenizer(str(tmp_path / "words.txt"))
    tokenizer.tmp_dir = str(tmp_path)
    jiebas = []
    tokenizer.initialize = lambda: jiebas.append(tokenizer.initialized)
    initialize(tokenizer)
    assert jiebas == [False]


def test_an_initialized_tokenizer_or_one_with_its_own_cache_file_is_left_to_jieba(tmp_path) -> None:
    done = cached_tokenizer(tmp_path, marshal.dumps(WORDS))
    done.FREQ, done.total, done.initialized = {"已": 1}, 1, True
    initialize(done)
    assert done.FREQ == {"已": 1}  # not read again
    named = cached_tokenizer(tmp_path, marshal.dumps(WORDS))
    named.cache_file = "mine.cache"
    jiebas = []
    named.initialize = lambda: jiebas.append(named.initialized)
    initialize(named)
    assert jiebas == [False]
