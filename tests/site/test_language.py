"""The language of the rendered pages: one term per idea, no stray spaces, no leftover markup.

Each check reads the prose a reader sees (:func:`sitepages.rendered_prose`: code blocks, program
output and maths are left out, inline code and maths stand as one placeholder character) and
fails with every offending line, grouped and counted by page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitepages import HOLE, RenderedProse, html_pages, parse, rendered_prose

#: The glossary page lists the variants below; it is the only page allowed to show them.
GLOSSARY_PAGE = "glossary.html"

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Full-width punctuation: CJK symbols (、。「」《》…), full-width forms (，：；（）！？).
FULL_WIDTH = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CHINESE = HAN + FULL_WIDTH

#: "epoch" next to Chinese text (English docstrings of the API pages keep it).
EPOCH_IN_CHINESE = (
    rf"(?i)(?:(?<=[{CHINESE}] )|(?<=[{CHINESE}]))epochs?\b|\bepochs?(?= ?[{CHINESE}])"
)

#: Variants of a glossary term that no other page uses (pattern -> the term to write instead).
VARIANTS = {
    r"万能逼近": "万能近似定理",
    r"判决边界": "决策边界",
    r"(?<!螺)旋臂": "螺旋臂",
    r"留出集": "测试集 / 验证集",
    r"简短回答": "简答",
    r"条纹(?!图案)|[竖横]条图案": "条纹图案 (竖条/横条: one line inside a pattern)",
    EPOCH_IN_CHINESE: "轮 (epoch: code, figures)",
}
#: A space a Chinese text never has: between two Chinese characters (around a bold or emphasised
#: Chinese word, or where a line was wrapped), after full-width punctuation, or before it.
STRAY_SPACE = re.compile(
    rf"(?<=[{HAN}]) +(?=[{HAN}])|(?<=[{FULL_WIDTH}]) +(?=\S)|(?<=\S) +(?=[{FULL_WIDTH}])"
)
#: Pages whose text is Sphinx's or sphinx-gallery's own template around titles and names, e.g. the
#: general index's "tensor() （spiral_tut.xxx 中的函数）": left out of the stray-space check.
GENERATED = ("genindex.html", "py-modindex.html", "search.html", "sg_execution_times.html")

#: reST that docutils did not turn into markup: ``literal``, **strong**, a role, an escape.
UNRENDERED = re.compile(r"``|\*\*|:[a-z]+(?::[a-z]+)?:`|\\ ")


def stray_spaces(line: str) -> list[str]:
    """Each stray space of a line, shown with a few characters around it."""
    found = []
    for match in STRAY_SPACE.finditer(line):
        start = match.start()
        context = line[max(0, start - 8) : match.end() + 8].replace(HOLE, "‹code›")
        found.append(f"…{context}…")
    return found


def variants(line: str) -> list[str]:
    found = []
    for pattern, term in VARIANTS.items():
        for match in re.finditer(pattern, line):
            context = line[max(0, match.start() - 12) : match.end() + 12]
            found.append(f"{match.group(0)!r} (write {term}): …{context}…")
    return found


def unrendered(line: str) -> list[str]:
    return [line[max(0, m.start() - 20) : m.end() + 20] for m in UNRENDERED.finditer(line)]


def report(site: Path, check, skip: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Run ``check`` on every line of every page; the findings of each page that has some."""
    problems: dict[str, list[str]] = {}
    for path in html_pages(site):
        page = path.relative_to(site).as_posix()
        if page in skip:
            continue
        found = [item for line in rendered_prose(path) for item in check(line)]
        if found:
            problems[page] = found
    return problems


def fail_with(problems: dict[str, list[str]], what: str) -> None:
    total = sum(len(items) for items in problems.values())
    lines = [f"{what}: {total} on {len(problems)} pages"]
    for page, items in problems.items():
        lines.append(f"{page} ({len(items)}):")
        lines += [f"    {item}" for item in items]
    assert not problems, "\n".join(lines)


def test_pages_have_prose(site: Path) -> None:
    """The parser sees the pages' text (an empty result would make the checks below vacuous)."""
    lines = rendered_prose(site / "index.html")
    assert any("深度学习" in line for line in lines), lines[:5]
    assert len(html_pages(site)) >= 10


def test_glossary_is_linked_and_lists_the_terms(site: Path) -> None:
    assert 'href="glossary.html"' in (site / "index.html").read_text(encoding="utf-8")
    text = "\n".join(rendered_prose(site / GLOSSARY_PAGE))
    terms = ("万能近似定理", "决策边界", "螺旋臂", "测试集", "简答", "条纹图案", "全批量梯度下降")
    for term in terms:
        assert term in text, f"{term} missing from the glossary"
    for variant in ("万能逼近定理", "判决边界", "留出集", "简短回答"):
        assert variant in text, f"the glossary does not name the variant {variant}"


def test_glossary_links_to_pages_that_use_each_term(site: Path) -> None:
    """Each term's “first page” (the link in its row) does use the term."""
    html = (site / GLOSSARY_PAGE).read_text(encoding="utf-8")
    table = html[html.index("<table") : html.index("</table>")]
    missing = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        term = re.sub(r"<[^>]+>|（.*", "", cells[0]).strip()
        target = re.search(r'href="([^"#]+)', cells[2]).group(1)
        text = "\n".join(rendered_prose(site / target))
        if term not in text:
            missing.append(f"{term} -> {target}")
    assert not missing, "glossary rows whose page does not use the term:\n" + "\n".join(missing)


def test_no_glossary_variant_outside_the_glossary(site: Path) -> None:
    fail_with(report(site, variants, skip=(GLOSSARY_PAGE,)), "variants of glossary terms")


def test_no_stray_space_in_chinese_text(site: Path) -> None:
    generated = tuple(
        page
        for path in html_pages(site)
        if path.name in GENERATED and (page := path.relative_to(site).as_posix())
    )
    fail_with(report(site, stray_spaces, skip=generated), "stray spaces in Chinese text")


def test_no_markup_left_unrendered(site: Path) -> None:
    """reST markup that docutils did not recognise shows up as literal ``…``, **…** or :ref:`…`.

    Inline code that shows double backquotes is a literal that swallowed its neighbour.
    """
    problems = report(site, unrendered)
    for path in html_pages(site):
        code = [text[:80] for text in parse(path).inline_code if "``" in text]
        if code:
            problems.setdefault(path.relative_to(site).as_posix(), []).extend(code)
    fail_with(problems, "unrendered reST markup")


# -- The checks themselves, on small pages ----------------------------------------------------


def prose(body: str) -> list[str]:
    html = f'<html><body><nav>导航 ，</nav><article role="main">{body}</article>'
    return RenderedProse(html).lines


@pytest.mark.parametrize(
    "body",
    [
        "<p>被几条 <strong>直线</strong> 分开</p>",
        "<p>uint8、 int8</p>",
        "<p>数据 。</p>",
        "<p>（ <code>x</code> ）</p>",
        "<p>这块内存\n之前</p>",
        "<p>Adam （自适应）</p>",
    ],
)
def test_stray_space_detector_finds(body: str) -> None:
    assert [found for line in prose(body) for found in stray_spaces(line)], body


@pytest.mark.parametrize(
    "body",
    [
        "<p>被几条<strong>直线</strong>分开，uint8、int8。</p>",
        "<p>用 <code>torch.float32</code> 表示 1000 个点，见 PyTorch 文档</p>",
        "<p>函数 <span class='math notranslate'>\\(f(x) = x\\)</span> 的图像</p>",
        "<div class='math notranslate'>\\[ 甲 \\quad 乙 ， \\]</div>",
        "<pre>损失 ， 准确率 epoch 旋臂 **x**</pre>",
        "<div class='sphx-glr-script-out'><div><pre>轮 1 ： 0.5</pre></div></div>",
        "<p>第一段</p>\n<p>第二段</p>",
        "<h1>标题<a class='headerlink' href='#x'>#</a></h1><p>正文</p>",
        "<ul><li>一</li> <li>二</li></ul>",
        "<p>在 <code>spiral_tut.fit</code> 中</p>",
    ],
)
def test_stray_space_detector_passes(body: str) -> None:
    assert not [found for line in prose(body) for found in stray_spaces(line)], prose(body)


def test_only_the_main_content_is_read() -> None:
    assert prose("<p>正文</p>") == ["正文"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("由万能逼近定理可知", ["'万能逼近'"]),
        ("两条旋臂之间", ["'旋臂'"]),
        ("两条螺旋臂之间", []),
        ("训练 100 个 epoch", ["'epoch'"]),
        ("训练 100 轮，见 \ue000", []),
        ("在留出集上", ["'留出集'"]),
        ("变成了条纹或竖条图案", ["'条纹'", "'竖条图案'"]),
        ("在条纹图案中，一条竖条", []),
        ("return the loss of each epoch.", []),
        ("训练 30 个 epoch（每个", ["'epoch'"]),
        ("每个 epoch 都", ["'epoch'"]),
    ],
)
def test_variant_detector(line: str, expected: list[str]) -> None:
    assert [found.split(" (write")[0] for found in variants(line)] == expected


@pytest.mark.parametrize(
    ("line", "found"),
    [("用``x``表示", True), ("**粗体**", True), ("见 :ref:`x`", True), ("a\\ b", True),
     ("2 * 3 ** 2", True), ("用 \ue000 表示", False), ("x * y", False)],
)  # fmt: skip
def test_markup_detector(line: str, found: bool) -> None:
    assert bool(unrendered(line)) == found
