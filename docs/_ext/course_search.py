"""Sphinx extension: Chinese full-text search that works on Sphinx 9.0, and a quiet jieba.

``conf.py`` chooses the search language (``html_search_language = "zh"``) and jieba's dictionary
of course terms; this extension fixes Sphinx 9.0's Chinese search, loads jieba's dictionaries
only when a page is indexed and keeps jieba's start-up chatter ("Building prefix dict ...") out
of the build log.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import sphinx

with warnings.catch_warnings():  # an old jieba imports the deprecated pkg_resources
    warnings.simplefilter("ignore")
    import jieba
    from sphinx.search.zh import SearchChinese


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

    Sphinx makes this object on every build, and loading jieba's dictionaries takes about half a
    second: a build that writes no page (nothing changed) does not need them.
    """

    if needs_fix(sphinx.version_info):
        language_name = "English"

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__({**options, "dict": ""})  # no dictionary yet
        self.dictionary = options.get("dict", "")
        self.loaded = False

    def split(self, input: str) -> list[str]:
        if not self.loaded:
            if self.dictionary and Path(self.dictionary).is_file():
                jieba.load_userdict(self.dictionary)
            self.loaded = True
        return super().split(input)


def setup(app) -> dict[str, object]:
    jieba.setLogLevel(logging.WARNING)
    app.add_search_language(ChineseSearch)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
