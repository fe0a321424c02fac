"""Sphinx extension: what furo's and sphinx-gallery's pages lack for screen readers and keyboards.

An axe-core audit of every page (``tests/site/test_accessibility.py``) found four problems, fixed
here where the markup is made:

1. sphinx-gallery's index cards are links whose text its stylesheet hides: :func:`accessible_html`
   gives each card's link an ``aria-label`` with the example's title.
2. furo's two ``<aside>`` landmarks (navigation, table of contents) have no names, so a screen
   reader lists two identical "complementary" regions: :func:`accessible_html` names them.
3. Code and output blocks (and wide display formulas) that scroll sideways cannot be reached
   from the keyboard: ``_static/course-a11y.js`` makes each ``<pre>`` or ``div.math`` that
   actually scrolls focusable (``tabindex="0"``), again when the window or the block changes size.
4. The search page has no ``<h1>``: ``_templates/search.html`` adds one.

``_templates/page.html`` passes furo's page body through the ``course_a11y`` template filter.
"""

from __future__ import annotations

import html as html_lib
import re

#: furo's ``<aside>`` landmarks and the names a screen reader announces for them.
LANDMARKS = {"sidebar-drawer": "站点导航", "toc-drawer": "本页目录"}

ASIDE = re.compile(r'<aside class="(?P<cls>[^"]*)"(?P<rest>[^>]*)>')
#: A gallery card's link: ``<a class="reference internal" href=...><span ...>Title</span></a>``.
CARD_LINK = re.compile(
    r'(?P<card><div class="sphx-glr-thumbcontainer"[^>]*>(?:(?!sphx-glr-thumbcontainer).)*?)'
    r'<a class="reference internal" (?P<href>href="[^"]*")>'
    r"(?P<inner><span[^>]*>(?P<title>[^<]*)</span>)</a>",
    re.S,
)


def accessible_html(page: str) -> str:
    """Name furo's landmarks and sphinx-gallery's card links in a rendered page.

    >>> accessible_html('<aside class="toc-drawer no-toc">')
    '<aside class="toc-drawer no-toc" aria-label="本页目录">'
    >>> card = accessible_html('<div class="sphx-glr-thumbcontainer" tooltip="x"><img alt="" />'
    ...     '<p><a class="reference internal" href="a.html"><span class="doc">甲 &amp; 乙</span>'
    ...     '</a></p></div>')
    >>> '<a class="reference internal" href="a.html" aria-label="甲 &amp; 乙">' in card
    True
    """

    def aside(match: re.Match[str]) -> str:
        names = [name for cls, name in LANDMARKS.items() if cls in match["cls"].split()]
        if not names or "aria-label" in match["rest"]:
            return match[0]
        return f'<aside class="{match["cls"]}"{match["rest"]} aria-label="{names[0]}">'

    def card(match: re.Match[str]) -> str:
        label = html_lib.escape(html_lib.unescape(match["title"]).strip(), quote=True)
        return (
            f'{match["card"]}<a class="reference internal" {match["href"]} '
            f'aria-label="{label}">{match["inner"]}</a>'
        )

    return CARD_LINK.sub(card, ASIDE.sub(aside, page))


def register_filter(app) -> None:
    """Make ``course_a11y`` available to the templates (see ``_templates/page.html``)."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "environment"):
        return
    from markupsafe import Markup

    templates.environment.filters["course_a11y"] = lambda html: Markup(accessible_html(str(html)))


def setup(app) -> dict[str, object]:
    app.connect("builder-inited", register_filter)
    app.add_js_file("course-a11y.js", loading_method="defer")
    # Editing this file re-reads every page: course_i18n's digest covers every docs/_ext module.
    return {
        "version": "1.0",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
