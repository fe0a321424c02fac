"""Sphinx extension: Chinese full-text search that works on Sphinx 9.0, and a quiet jieba.

``conf.py`` chooses the search language (``html_search_language = "zh"``) and jieba's dictionary
of course terms; this extension fixes Sphinx 9.0's Chinese search and keeps jieba's start-up
chatter ("Building prefix dict ...") out of the build log.
"""

from __future__ import annotations

import logging
import warnings

import sphinx

with warnings.catch_warnings():  # an old jieba imports the deprecated pkg_resources
    warnings.simplefilter("ignore")
    import jieba
    from sphinx.search.zh import SearchChinese


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search, with the JavaScript stemmer it ships named correctly.

    Chinese search stems Latin words with the English stemmer, but Sphinx 9.0 ends
    ``language_data.js`` with ``window.Stemmer = ChineseStemmer``, a name that is never defined:
    the search page stops with a ReferenceError and finds nothing (sphinx-doc/sphinx#14229, fixed
    in Sphinx 9.1, which needs Python >= 3.12). The stemmer's class is named after
    ``language_name``, so name the language after the stemmer.
    """

    language_name = "English"


def needs_fix(version: tuple[int, ...]) -> bool:
    """Whether this Sphinx version ships the broken stemmer name.

    >>> needs_fix((9, 0, 4)), needs_fix((9, 1, 0)), needs_fix((8, 2, 3))
    (True, False, False)
    """
    return tuple(version[:2]) == (9, 0)


def setup(app) -> dict[str, object]:
    jieba.setLogLevel(logging.WARNING)
    if needs_fix(sphinx.version_info):
        app.add_search_language(ChineseSearch)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
