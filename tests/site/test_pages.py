"""The built site: exercise pages with their output, images, downloads, language, search index."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitepages import SPIRAL_PAGE, TENSOR_PAGE, html_pages, parse

#: Text each exercise page must show in its executed-output blocks (not merely in its code).
EXPECTED_OUTPUT = {
    TENSOR_PAGE: [
        "tensor(666)",
        "torch.Size([2, 3, 4])",
        "torch.int64",
        "RuntimeError:",  # m @ v with an int64 v, as on the course page
        "tensor([49., 47.])",
        "tensor([[1., 2., 3., 4., 5., 6., 7., 8.]])",
        "1000000 samples: mean",
    ],
    SPIRAL_PAGE: ["torch.Size([3000, 2])", "torch.Size([3000])"],
}
EXERCISES = list(EXPECTED_OUTPUT)


def local_target(page: Path, url: str) -> Path | None:
    """The file a relative link of ``page`` points at, or None for external/anchor-only links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve()


@pytest.mark.parametrize("page", EXERCISES)
def test_exercise_page_shows_its_executed_output(site: Path, page: str) -> None:
    path = site / page
    assert path.is_file(), f"{page} was not built"
    output = parse(path).output_text
    missing = [text for text in EXPECTED_OUTPUT[page] if text not in output]
    assert not missing, f"{page}: not in the executed output: {missing}"


def test_spiral_page_prints_accuracies(site: Path) -> None:
    """The page's story in its own output: the linear model ≈ 0.5, the two-layer network > 0.9."""
    output = parse(site / SPIRAL_PAGE).output_text
    accuracies = [float(x) for x in re.findall(r"accuracy[^\d\n]*([01]\.\d+)", output, re.I)]
    assert accuracies, "no printed accuracy in the spiral page's output"
    assert min(accuracies) < 0.6, f"no accuracy of the linear model in {accuracies}"
    assert max(accuracies) > 0.9, f"no accuracy of the two-layer network in {accuracies}"


@pytest.mark.parametrize("page", EXERCISES)
def test_every_image_exists(site: Path, page: str) -> None:
    path = site / page
    sources = [attrs["src"] for attrs in parse(path).attributes("img")]
    figures = [src for src in sources if "/sphx_glr_" in src]
    assert figures, f"{page} shows no figure"
    for src in sources:
        if src.startswith("data:image/"):  # embedded in the page itself
            assert len(src) > 100, f"{page}: empty embedded image"
            continue
        target = local_target(path, src)
        assert target is not None, f"{page}: image from outside the site: {src[:100]}"
        assert target.is_file() and target.stat().st_size > 0, f"{page}: broken image {src}"


@pytest.mark.parametrize("page", EXERCISES)
def test_python_and_notebook_downloads(site: Path, page: str) -> None:
    path = site / page
    stem = Path(page).stem
    links = {
        Path(urlsplit(attrs["href"]).path).name: local_target(path, attrs["href"])
        for attrs in parse(path).attributes("a")
        if "download" in attrs.get("class", "").split()
    }
    assert {f"{stem}.py", f"{stem}.ipynb"} <= set(links), f"{page}: downloads {sorted(links)}"
    script = links[f"{stem}.py"]
    compile(script.read_text(encoding="utf-8"), str(script), "exec")  # a real Python script
    notebook = json.loads(links[f"{stem}.ipynb"].read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert len(code) >= 3, f"{stem}.ipynb has {len(code)} code cells"
    assert not any("!wget" in "".join(cell["source"]) for cell in code)
    for cell in notebook["cells"]:  # reST's escaped space would show as a backslash in Jupyter
        # (code and maths may hold a backslash and a space: LaTeX's "\ " is a space)
        maths = r"\$\$.*?\$\$|\$[^$]*\$|\\begin\{(\w+)\}.*?\\end\{\1\}"
        markdown = re.sub(rf"``.*?``|{maths}", "", "".join(cell["source"]), flags=re.S)
        assert cell["cell_type"] != "markdown" or "\\ " not in markdown, markdown[:80]


def test_pages_say_they_are_chinese(site: Path) -> None:
    for path in [site / "index.html", *(site / page for page in EXERCISES)]:
        (html,) = parse(path).attributes("html")
        assert html.get("lang") == "zh-CN", f"{path.name}: lang={html.get('lang')!r}"


@pytest.mark.parametrize(
    ("word", "page"),
    [("螺旋", "auto_examples/01_exercises/plot_spiral_classification"), ("张量", "index")],
)
def test_search_index_has_chinese_words(search_index: dict, word: str, page: str) -> None:
    # a page whose title has the word is listed under "titleterms" only
    docs: list[int] = []
    for kind in ("terms", "titleterms"):
        found = search_index[kind].get(word, [])
        docs += [found] if isinstance(found, int) else found
    assert docs, f"{word} is not in the search index"
    names = {search_index["docnames"][i] for i in docs}
    assert page in names, f"{word} -> {sorted(names)}"
    if word == "张量":
        assert "auto_examples/01_exercises/plot_tensor_basics" in names


def test_no_script_style_or_font_from_outside(site: Path) -> None:
    """The site works offline: nothing it loads comes from another host."""
    for path in html_pages(site):
        page = parse(path)
        loaded = [a.get("src", "") for a in page.attributes("script") + page.attributes("img")]
        loaded += [a.get("href", "") for a in page.attributes("link")]
        outside = [url for url in loaded if re.match(r"(https?:)?//", url)]
        assert not outside, f"{path.relative_to(site)} loads {outside}"


def test_maths_is_mathml_written_at_build_time(site: Path, search_index: dict) -> None:
    """Every formula is a <math> element in the HTML (docs/_ext/course_mathml.py): no MathJax."""
    with_maths = 0
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(site).as_posix()
        assert "mathjax" not in html.lower(), f"{name} mentions MathJax"
        assert 'class="math-error"' not in html, f"{name} shows a formula as TeX"
        if 'class="math notranslate' in html:
            with_maths += 1
            assert "<math" in html, f"{name} has maths but no <math> element"
    assert with_maths >= 10, f"only {with_maths} pages with maths"
    assert not [p for p in site.rglob("*") if "mathjax" in p.name.lower()], "MathJax files shipped"
    for word in ("mrow", "mathml", "alttext", "mathvariant"):  # the markup, not the TeX
        assert word not in search_index["terms"], f"{word!r} in the search index"


def test_computation_times_page_lists_the_exercises(site: Path) -> None:
    page = site / "sg_execution_times.html"
    text = page.read_text(encoding="utf-8")
    for example in ("plot_tensor_basics.py", "plot_spiral_classification.py"):
        assert example in text, f"{example} missing from the computation times"
    assert "datatables" not in text.lower()


def test_no_build_internals_in_the_site(site: Path) -> None:
    assert not (site / ".doctrees").exists(), "doctrees belong in docs/_build/doctrees"
    repo = str(site.parents[2])
    leaks = [str(p.relative_to(site)) for p in html_pages(site) if repo in p.read_text("utf-8")]
    assert not leaks, f"the build machine's path {repo} appears in {leaks}"
