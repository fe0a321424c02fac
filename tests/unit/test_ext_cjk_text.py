"""docs/_ext/cjk_text.py: line breaks in Chinese prose render as no space where none belongs."""

import pytest

docutils_core = pytest.importorskip("docutils.core")
cjk_text = pytest.importorskip("cjk_text")


def rendered(rst: str) -> str:
    """The text of a paragraph after the transform, as a browser would show it."""
    document = docutils_core.publish_doctree(
        rst, settings_overrides={"character_level_inline_markup": True, "report_level": 5}
    )
    cjk_text.join_lines_in(document)
    return document.astext().replace("\n", " ")


@pytest.mark.parametrize(
    ("rst", "expected"),
    [
        ("这块内存\n之前留下的", "这块内存之前留下的"),  # CJK | CJK
        ("被几条\n**直线**\n分开", "被几条直线分开"),  # CJK | bold | CJK
        ("uint8、\nint8", "uint8、int8"),  # full-width punctuation before the break
        ("用 ``x``\n（即 ``y``）", "用 x（即 y）"),  # full-width punctuation after it
        ("见\n`首页 <https://example.org>`__\n。", "见首页。"),  # a link between CJK text
        ("类型\n``int64``\n的张量", "类型 int64 的张量"),  # inline code keeps its spaces
        ("学习率\nlr", "学习率 lr"),  # CJK | Latin: a space stays
        ("a\nb", "a b"),
        ("见 `理论笔记 <https://x.org>`__ 和问题", "见理论笔记和问题"),  # spaces around a link
        ("被几条 **直线** 分开", "被几条直线分开"),
        ("**前提。** Glorot 和", "前提。Glorot 和"),  # no space after full-width punctuation
        ("见 `notes <https://x.org>`__ 和", "见 notes 和"),  # a Latin link keeps them
        ("用 ``x`` 和 :math:`y` 表示", "用 x 和 y 表示"),  # code and maths keep them
    ],
)
def test_line_breaks(rst: str, expected: str) -> None:
    assert rendered(rst) == expected


def test_code_and_maths_are_untouched() -> None:
    text = rendered("前\n\n::\n\n    中文\n    换行\n\n后\n:math:`a\n+ b`\n完")
    assert "中文 换行" in text  # a literal block keeps its line break
    assert "a + b" in text
