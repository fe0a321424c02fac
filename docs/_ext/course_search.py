"""Sphinx extension: Chinese full-text search that works on Sphinx 9.0, and a quiet jieba.

``conf.py`` chooses the search language (``html_search_language = "zh"``) and jieba's dictionary
of course terms; this extension fixes Sphinx 9.0's Chinese search, loads jieba's dictionaries
only when a page is indexed (jieba's own dictionary read from its cache three times faster
than jieba reads it) and keeps jieba's start-up chatter ("Building prefix dict ...") out of
the build log.
"""

from __future__ import annotations

import logging
import marshal
import tempfile
import warnings
from pathlib import Path

import sphinx

with warnings.catch_warnings():  # an old jieba imports the deprecated pkg_resources
    warnings.simplefilter("ignore")
    import jieba
    from sphinx.search.zh import SearchChinese


def initialize(tokenizer: jieba.Tokenizer) -> None:
    """``tokenizer.initialize()``, three times faster where jieba has cached its own dictionary.

    jieba keeps the dictionary it builds (half a million words) in ``jieba.cache`` in the
    temporary folder, and reads it back with ``marshal.load`` from the open file, which reads a
    few bytes at a time: 0.5 s on the course's build machine, against 0.15 s for
    ``marshal.loads`` of the whole file. A tokenizer with a dictionary or cache file of its own,
    or a cache that is missing or unreadable, is left to jieba (which then builds the dictionary
    and writes the cache).
    """
    jiebas_default = tokenizer.dictionary is None and not tokenizer.cache_file
    if jiebas_default and not tokenizer.initialized:
        cache = Path(tokenizer.tmp_dir or tempfile.gettempdir(), "jieba.cache")
        with tokenizer.lock:
            try:
                words, total = marshal.loads(cache.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                words, total = None, None
            if not tokenizer.initialized and isinstance(words, dict) and isinstance(total, int):
                tokenizer.FREQ, tokenizer.total, tokenizer.initialized = words, total, True
    tokenizer.initialize()  # returns at once if done above; otherwise jieba's own way


def needs_fix(version: tuple[int, ...]) -> bool:
    """Whether this Sphinx version ships the broken stemmer name (see :class:`ChineseSearch`).

    >>> needs_fix((9, 0, 4)), needs_fix((9, 1, 0)), needs_fix((8, 2, 3))
    (True, False, False)
    """
    return tuple(version[:2]) == (9, 0)


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search, with the JavaScript stemmer it ships named correctly, and
    jieba's dictionaries loaded only when a page is indexed.

    Chinese search stems Latin words with the English stemmer, but Sphinx 9.0 ends
    ``language_data.js`` with ``window.Stemmer = ChineseStemmer``, a name that is never defined:
    the search page stops with a ReferenceError and finds nothing (sphinx-doc/sphinx#14229, fixed
    in Sphinx 9.1, which needs Python >= 3.12). The stemmer's class is named after
    ``language_name``, so name the language after the stemmer.

    Sphinx makes this object on every build, and loading jieba's dictionaries takes a fifth of a
    second even with :func:`initialize`: a build that writes no page (nothing changed) does not
    need them.

    Sphinx splits every text node of a page, and the gallery's code blocks are one node per
    token, so the same words come back tens of thousands of times in a build. jieba cuts a text
    into blocks (runs of :data:`jieba.re_han_default`) and each block on its own, so the words
    of a text are the words of its blocks in turn: each block is cut once and remembered.
    """

    if needs_fix(sphinx.version_info):
        language_name = "English"

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__({**options, "dict": ""})  # no dictionary yet
        self.dictionary = options.get("dict", "")
        self.loaded = False
        self.words_of_block: dict[str, list[str]] = {}

    def cut(self, block: str) -> list[str]:
        """``jieba.cut_for_search(block)``, remembered."""
        if block not in self.words_of_block:
            self.words_of_block[block] = list(jieba.cut_for_search(block))
        return self.words_of_block[block]

    def split(self, input: str) -> list[str]:
        """Sphinx's ``SearchChinese.split``, with each block of the text cut once per build."""
        if not self.loaded:
            initialize(jieba.dt)
            if self.dictionary and Path(self.dictionary).is_file():
                jieba.load_userdict(self.dictionary)
            self.loaded = True
        blocks = jieba.re_han_default.split(input)
        chinese = [word for block in blocks if block for word in self.cut(block)]
        latin1 = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin1)
        return chinese + latin1


def setup(app) -> dict[str, object]:
    jieba.setLogLevel(logging.WARNING)
    app.add_search_language(ChineseSearch)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
