"""The exercises' checks: right answers pass, typical wrong answers get their own message.

Also the practice-notebook generator (``docs/_ext/course_practice.py``, stdlib-only): its stubs
make every check say "not done yet", and the solutions kept in ``spiral_tut.exercises`` equal
the regions marked in the examples (so ``solution_xxx()`` shows what the page runs).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from spiral_tut import exercises, linear_model, make_spiral
from spiral_tut.exercises import EXERCISES

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import course_practice  # noqa: E402


def verdict(name: str, *args: object) -> exercises.Feedback:
    return EXERCISES[name].evaluate(*args)


def assert_correct(name: str, *args: object) -> None:
    feedback = verdict(name, *args)
    assert feedback.status == "correct", feedback.message
    assert feedback.message.startswith("正确：")


def assert_wrong(name: str, expected: str, *args: object) -> None:
    feedback = verdict(name, *args)
    assert feedback.status == "wrong", feedback.message
    assert expected in feedback.message, feedback.message
    assert f"hint_{name}()" in feedback.message or "检查" in feedback.message


# -- 4.1 -------------------------------------------------------------------------------------


def test_creation() -> None:
    assert_correct("creation", torch.zeros(5, 3, dtype=torch.long))
    assert_wrong("creation", "形状应为 (5, 3)，得到 (3, 5)：行数和列数反了", torch.zeros(3, 5))
    assert_wrong("creation", "数据类型应为 torch.int64，得到 torch.float32", torch.zeros(5, 3))
    assert_wrong("creation", "torch.empty 不做初始化", torch.ones(5, 3, dtype=torch.long))
    assert_wrong("creation", "应是 torch.Tensor，得到 list", [[0] * 3] * 5)


def test_uniform() -> None:
    torch.manual_seed(0)
    assert_correct("uniform", torch.empty(1000).uniform_(-1, 1))
    assert_wrong("uniform", "torch.rand 只生成 [0, 1)", torch.rand(1000))
    assert_wrong("uniform", "torch.randn 是正态分布", torch.randn(1000))
    assert_wrong("uniform", "形状应为 (1000,)", torch.empty(100).uniform_(-1, 1))
    assert_wrong("uniform", "分布得不均匀", torch.linspace(-1, 0.999, 1000) ** 3)
    assert_wrong("uniform", "应是浮点数", torch.randint(-1, 1, (1000,)))


def test_sequences() -> None:
    grid = torch.linspace(3, 8, 20)
    assert_correct("sequences", torch.arange(1, 5), grid)
    assert_wrong("sequences", "v 多了一个 5", torch.arange(1, 6), grid)
    assert_wrong("sequences", "v 从 0 开始了", torch.arange(4), grid)
    assert_wrong("sequences", "数据类型应为 torch.int64", torch.arange(1.0, 5.0), grid)
    assert_wrong("sequences", "grid 有 21 个点", torch.arange(1, 5), torch.linspace(3, 8, 21))
    assert_wrong("sequences", "不是等距", torch.arange(1, 5), 3 + 5 * torch.linspace(0, 1, 20) ** 2)


def test_indexing() -> None:
    m = torch.Tensor([[2, 5, 3, 7], [4, 2, 1, 9]])
    assert_correct("indexing", m, m[:, 1], m[0, :])
    assert_wrong("indexing", "m[:, 1:2] 保留了列这一维", m, m[:, 1:2], m[0, :])
    assert_wrong("indexing", "column 是第 1 行", m, m[1], m[0, :])
    assert_wrong("indexing", "column 是第 0 列", m, m[:, 0], m[0, :])
    assert_wrong("indexing", "row 是第 0 列", m, m[:, 1], m[:, 0])
    assert_wrong("indexing", "row 是第 1 行", m, m[:, 1], m[1, :])


def test_matvec() -> None:
    m = torch.Tensor([[2, 5, 3, 7], [4, 2, 1, 9]])
    v = torch.arange(1, 5)
    assert_correct("matvec", m, v.float(), m @ v.float())
    assert_wrong("matvec", "用 v = v.float()", m, v, m.long() @ v)
    assert_wrong("matvec", "m * v 是逐元素乘法", m, v.float(), m * v.float())
    assert_wrong("matvec", "而不是把 m 变成整数", m, v.float(), (m.long() @ v))
    assert_wrong("matvec", "mv 的值不对", m, v.float(), m[:, :4] @ v.flip(0).float())


def test_reshape() -> None:
    t = torch.arange(12)
    assert_correct("reshape", t, t.reshape(3, 4), t.view(12, 1))
    assert_correct("reshape", t, t.view(3, 4), t.view(-1, 1))
    assert_wrong(
        "reshape", "形状应为 (3, 4)，得到 (4, 3)：行数和列数反了", t, t.view(4, 3), t.view(12, 1)
    )
    assert_wrong("reshape", "这是 4×3 的转置", t, t.view(4, 3).t(), t.view(12, 1))
    assert_wrong("reshape", "这是行向量", t, t.view(3, 4), t.view(1, 12))
    assert_wrong("reshape", "形状应为 (12, 1)，得到 (12,)", t, t.view(3, 4), t)


def test_broadcasting() -> None:
    torch.manual_seed(0)
    X = torch.randn(5, 3) * 2 + 1
    assert_correct("broadcasting", X, X - X.mean(dim=0))
    assert_correct("broadcasting", X, X - X.mean(dim=0, keepdim=True))
    assert_wrong("broadcasting", "每一行的均值（dim=1）", X, X - X.mean(dim=1, keepdim=True))
    assert_wrong("broadcasting", "全部元素的均值", X, X - X.mean())
    assert_wrong("broadcasting", "还没有减去均值", X, X.clone())
    assert_wrong("broadcasting", "形状应为 (5, 3)", X, (X - X.mean(dim=0)).t())


def _gradient(loss_of, times: int = 1, requires_grad: bool = True) -> torch.Tensor:
    w = torch.tensor([1.0, -2.0, 3.0], requires_grad=requires_grad)
    for _ in range(times):
        if requires_grad:
            loss_of(w).backward()
    return w


def test_autograd() -> None:
    assert_correct("autograd", _gradient(lambda w: (w**2).sum()))
    assert_wrong("autograd", "backward() 调用了两次", _gradient(lambda w: (w**2).sum(), times=2))
    assert_wrong("autograd", "你用了 mean()", _gradient(lambda w: (w**2).mean()))
    assert_wrong("autograd", "w.grad 是 None", _gradient(lambda w: (w**2).sum(), times=0))
    assert_wrong("autograd", "没有 requires_grad=True", _gradient(None, requires_grad=False))
    assert_wrong("autograd", "要对 w 求平方再求和", _gradient(lambda w: w.sum()))


# -- 4.2 -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spiral() -> tuple[torch.Tensor, torch.Tensor]:
    return make_spiral(n_per_class=100, device="cpu")


def train(
    X: torch.Tensor, Y: torch.Tensor, *, zero_grad: bool = True, step: bool = True, ascent=False
) -> tuple[nn.Module, list[float]]:
    """The course's loop, or one of its typical mistakes."""
    torch.manual_seed(0)
    model = linear_model(2, 100, 3)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, maximize=ascent)
    losses = []
    for _ in range(30):
        loss = criterion(model(X), Y)
        losses.append(loss.item())
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        if step:
            optimizer.step()
    return model, losses


def test_training_loop(spiral) -> None:
    X, Y = spiral
    model, losses = train(X, Y)
    assert_correct("training_loop", model, losses, X, Y)
    assert_wrong(
        "training_loop", "是否忘了 optimizer.zero_grad()", *train(X, Y, zero_grad=False), X, Y
    )
    assert_wrong("training_loop", "是否忘了 optimizer.step()", *train(X, Y, step=False), X, Y)
    assert_wrong("training_loop", "损失没有下降", *train(X, Y, ascent=True), X, Y)
    assert_wrong("training_loop", "损失函数应为 nn.CrossEntropyLoss()", model, [9.0, 5.0], X, Y)
    assert_wrong("training_loop", "losses 应记录每一轮的损失", model, [1.0], X, Y)
    assert_wrong("training_loop", "应是一个 nn.Module", "model", losses, X, Y)


def test_relu_model() -> None:
    assert_correct("relu_model", nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 3)))
    assert_wrong(
        "relu_model", "缺少 nn.ReLU()", nn.Sequential(nn.Linear(2, 100), nn.Linear(100, 3))
    )
    sigmoid = nn.Sequential(nn.Linear(2, 100), nn.Sigmoid(), nn.Linear(100, 3))
    assert_wrong("relu_model", "激活函数应为 nn.ReLU()，找到 Sigmoid", sigmoid)
    softmax = nn.Sequential(nn.Linear(2, 9), nn.ReLU(), nn.Linear(9, 3), nn.Softmax(dim=1))
    assert_wrong("relu_model", "最后不要加 Softmax", softmax)
    after = nn.Sequential(nn.Linear(2, 9), nn.Linear(9, 3), nn.ReLU())
    assert_wrong("relu_model", "ReLU 要放在两个线性层之间", after)
    assert_wrong(
        "relu_model", "得到 2 → 2", nn.Sequential(nn.Linear(2, 9), nn.ReLU(), nn.Linear(9, 2))
    )
    mismatch = nn.Sequential(nn.Linear(2, 9), nn.ReLU(), nn.Linear(8, 3))
    assert_wrong("relu_model", "两层的宽度要对上", mismatch)


class Lookup(nn.Module):
    """A "model" that knows the course's spiral labels: accuracy 1."""

    def __init__(self, Y: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("scores", nn.functional.one_hot(Y, 3).float())
        self.weight = nn.Parameter(torch.ones(2, 3))

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if len(X) == len(self.scores):
            return self.scores
        return torch.relu(X) @ self.weight  # anywhere else: not affine


def test_spiral_accuracy() -> None:
    _, Y = make_spiral(device="cpu")
    assert_correct("spiral_accuracy", Lookup(Y))
    torch.manual_seed(0)
    linear = linear_model(2, 10, 3)
    assert_wrong("spiral_accuracy", "模型是线性的", linear)
    torch.manual_seed(0)
    untrained = nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 3))
    feedback = verdict("spiral_accuracy", untrained)
    assert feedback.status == "wrong"
    assert "和随机猜差不多" in feedback.message or "还没训练好" in feedback.message
    assert_wrong("spiral_accuracy", "model(X) 的形状应为 (3000, 3)", nn.Linear(2, 2))
    assert_wrong("spiral_accuracy", "算不出结果", nn.Linear(3, 3))


def test_spiral_accuracy_half_trained() -> None:
    _, Y = make_spiral(device="cpu")
    half = Lookup(Y)
    half.scores[::2] = half.scores[::2].roll(1, dims=1)  # every other point wrong: not affine
    assert_wrong("spiral_accuracy", "还没训练好", half)


# -- Theory and homework -------------------------------------------------------------------------


def hand_written(derivative: str = "1-A^2", mean: bool = True, transpose: bool = False):
    """``loss_and_gradients`` written by hand, or with a typical mistake."""

    def loss_and_gradients(params, X, y):
        logits = X
        for layer, (W, b) in enumerate(params):
            logits = logits @ W + b
            logits = torch.tanh(logits) if layer < len(params) - 1 else logits
        loss = nn.functional.cross_entropy(logits, y)
        grads = exercises._reference_gradients(params, X, y, derivative, mean)
        if transpose:
            grads = [(dW.T, db) for dW, db in grads]
        return loss, grads

    return loss_and_gradients


def test_backprop() -> None:
    assert_correct("backprop", hand_written())
    assert_wrong("backprop", "漏了激活函数的导数", hand_written("none"))
    assert_wrong("backprop", "不是 1 - A", hand_written("1-A"))
    assert_wrong("backprop", "δ_L 要除以 N", hand_written(mean=False))
    assert_wrong("backprop", "dW = A^T δ", hand_written(transpose=True))
    bias = hand_written()

    def per_sample_bias(params, X, y):
        loss, grads = bias(params, X, y)
        return loss, [(dW, db.expand(len(X), -1)) for dW, db in grads]

    assert_wrong("backprop", "delta.sum(dim=0)", per_sample_bias)
    assert_wrong("backprop", "应返回 (loss, [(dW1, db1)", lambda params, X, y: 1.0)
    assert_wrong("backprop", "调用 loss_and_gradients 时出错：ZeroDivisionError", lambda *a: 1 / 0)


def stable(z: torch.Tensor) -> torch.Tensor:
    shifted = z - z.max()
    return shifted.exp() / shifted.exp().sum()


def stable_from(z: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
    """softmax(z - c): stable only when c is the maximum."""
    return (z - c).exp() / (z - c).exp().sum()


def test_softmax() -> None:
    assert_correct("softmax", stable)
    assert_correct("softmax", lambda z: torch.softmax(z, dim=0))
    assert_wrong("softmax", "exp(1000) 溢出成 inf", lambda z: z.exp() / z.exp().sum())
    assert_wrong("softmax", "要减去的是最大值", lambda z: stable_from(z, z.min()))
    assert_wrong("softmax", "要减去的是最大值", lambda z: stable_from(z, z.mean()))
    assert_wrong("softmax", "是否忘了除以 exp 的总和", lambda z: (z - z.max()).exp())
    assert_wrong("softmax", "这是 log-softmax", lambda z: torch.log_softmax(z, dim=0))
    assert_wrong("softmax", "softmax(-z)", lambda z: stable(-z))

    def in_place(z: torch.Tensor) -> torch.Tensor:
        z -= z.max()
        return z.exp() / z.exp().sum()

    assert_wrong("softmax", "函数改动了输入 z", in_place)


# -- Every check: never a traceback, "not done yet" for a stub ------------------------------------


ARITY = {name: exercise.check.__code__.co_argcount for name, exercise in EXERCISES.items()}


@pytest.mark.parametrize("name", list(EXERCISES))
def test_stub_is_not_done_yet(name: str) -> None:
    """The stub's ``...`` (or a function still raising NotImplementedError) reads as "todo"."""

    def stub(*args: object) -> None:
        raise NotImplementedError(course_practice.STUB_MESSAGE)

    args = [...] * ARITY[name]
    if name in ("backprop", "softmax"):
        args = [stub]
    feedback = verdict(name, *args)
    assert feedback.status == "todo", feedback.message
    assert feedback.message.startswith("还没有完成")


@pytest.mark.parametrize("name", list(EXERCISES))
@pytest.mark.parametrize("junk", [None, 3, "x", torch.tensor(float("nan")), lambda *a: None])
def test_junk_never_raises(name: str, junk: object) -> None:
    feedback = verdict(name, *[junk] * ARITY[name])
    assert feedback.status in ("wrong", "todo"), feedback.message


def test_wrong_number_of_arguments_is_a_message() -> None:
    feedback = verdict("creation")
    assert feedback.status == "wrong"
    assert "检查的参数不对" in feedback.message


def test_check_prints_and_hints_reveal_step_by_step(capsys: pytest.CaptureFixture[str]) -> None:
    exercises.check_creation(torch.zeros(5, 3, dtype=torch.long))
    assert capsys.readouterr().out.startswith("正确：")
    exercise = EXERCISES["softmax"]
    exercise._hints_shown = 0
    for number in range(1, len(exercise.hints) + 1):
        exercises.hint_softmax()
        assert capsys.readouterr().out.startswith(f"提示 {number}/{len(exercise.hints)}")
    exercises.hint_softmax()
    assert "solution_softmax()" in capsys.readouterr().out
    exercises.solution_softmax()
    assert "shifted = z - z.max()" in capsys.readouterr().out


def test_every_exercise_has_its_functions() -> None:
    for name, exercise in EXERCISES.items():
        for kind in ("check", "hint", "solution"):
            assert f"{kind}_{name}" in exercises.__all__
            assert callable(getattr(exercises, f"{kind}_{name}"))
        assert len(exercise.hints) >= 2 and exercise.skill and exercise.title
        compile(exercise.solution, name, "exec")  # the solution is valid Python


# -- The generator and the marked examples -------------------------------------------------------

MARKED = sorted(
    path
    for path in (ROOT / "examples").glob("*/plot_*.py")
    if course_practice.solution_regions(path.read_text(encoding="utf-8"))
)


def test_some_example_is_marked() -> None:
    assert any(path.name == "plot_tensor_basics.py" for path in MARKED)


def in_region(number: int, code: str) -> bool:
    return any(b <= number <= e for b, e, _ in course_practice.solution_regions(code))


def contains(solution: str, region: str) -> bool:
    """Whether the region's lines (ignoring indentation) are consecutive lines of solution."""
    strip = lambda text: "\n".join(line.strip() for line in text.splitlines())  # noqa: E731
    return strip(region) in strip(solution)


@pytest.mark.parametrize("path", MARKED, ids=lambda p: p.name)
def test_marked_regions_are_the_package_solutions(path: Path) -> None:
    """``solution_xxx()`` shows exactly the code that the page runs (no drift)."""
    for name, solution in course_practice.solutions(path.read_text(encoding="utf-8")):
        assert name in EXERCISES, f"{path.name}: a region not followed by a check_<exercise>( call"
        # a region inside a function (its body) is part of the solution (the whole function)
        assert contains(EXERCISES[name].solution, solution), f"{path.name}: {name} differs"


@pytest.mark.parametrize("path", MARKED, ids=lambda p: p.name)
def test_practice_code_has_no_solution_and_its_checks_say_todo(path: Path) -> None:
    code = path.read_text(encoding="utf-8")
    practice = course_practice.practice_code(code).splitlines()
    lines = code.splitlines()
    outside = set(lines)  # lines that also occur outside every region may stay
    for begin, end, _ in course_practice.solution_regions(code):
        outside -= set(lines[begin : end + 1])
    outside |= {line for i, line in enumerate(lines) if not in_region(i, code)}
    for _, solution in course_practice.solutions(code):
        for line in solution.splitlines():
            assert line not in practice or line in outside, line
    assert "SOLUTION" not in course_practice.strip_markers(code)
    assert course_practice.strip_markers(code).count("\n") < code.count("\n")


def test_stub_sets_names_and_raises() -> None:
    code = "a = 1\n### BEGIN SOLUTION\nx = torch.zeros(5, 3)\ny: int = 2\n### END SOLUTION\n"
    namespace: dict[str, object] = {}
    with pytest.raises(NotImplementedError, match="请在这里写你的代码"):
        exec(course_practice.practice_code(code), namespace)
    assert namespace["x"] is ... and namespace["y"] is ...
    assert verdict("creation", namespace["x"]).status == "todo"


def test_stub_inside_a_function_keeps_the_indentation() -> None:
    head, doc, body = EXERCISES["softmax"].solution.split("\n", 2)  # def, docstring, body
    code = (
        f"{head}\n{doc}\n    ### BEGIN SOLUTION\n{body}    ### END SOLUTION\n\n\ncheck_softmax(f)\n"
    )
    code = code.replace("check_softmax(f)", "check_softmax(stable_softmax)")
    namespace: dict[str, object] = {"check_softmax": exercises.check_softmax}
    practice = course_practice.practice_code(code).replace("check_softmax(softmax)\n", "")
    exec(practice, namespace)
    assert "shifted" not in practice and doc in practice
    assert verdict("softmax", namespace["stable_softmax"]).status == "todo"
    [(name, region)] = course_practice.solutions(code)
    assert name == "softmax" and contains(EXERCISES[name].solution, region)


@pytest.mark.parametrize(
    "code",
    [
        "### BEGIN SOLUTION\nx = 1\n",
        "x = 1\n### END SOLUTION\n",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
    ],
)
def test_unbalanced_markers_are_an_error(code: str) -> None:
    with pytest.raises(ValueError, match="SOLUTION"):
        course_practice.solution_regions(code)


def test_practice_notebook_tags_cells_and_imports_helpers() -> None:
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None}
    notebook = {
        "cells": [
            {**cell, "source": "### BEGIN SOLUTION\nx = torch.zeros(5, 3)\n### END SOLUTION\n"},
            {**cell, "source": "check_creation(x)\n"},
        ],
        "metadata": {},
    }
    practice = course_practice.practice_notebook(notebook)
    sources = ["".join(c["source"]) for c in practice["cells"]]
    assert "import (\n    hint_creation,\n    solution_creation,\n)" in sources[1]
    assert "x = ...\n" in sources[2] and "torch.zeros" not in sources[2]
    assert "# hint_creation()" in sources[3] and "# solution_creation()" in sources[3]
    assert practice["cells"][2]["metadata"]["tags"] == [course_practice.EXERCISE_TAG]
    titled = course_practice.practice_notebook(
        {
            **notebook,
            "cells": [{"cell_type": "markdown", "metadata": {}, "source": "\n# 标题\n正文"}],
        }
    )
    assert "".join(titled["cells"][0]["source"]) == "\n# 标题（练习版）\n正文"
    intro = (
        "\n# 标题\n挖空了。本页运行的是参考答案，所以每个检查都输出“正确”。"
        "\n\n页面上的数字来自\n构建本站时的运行。"
    )
    page_only = course_practice.practice_notebook(
        {**notebook, "cells": [{"cell_type": "markdown", "metadata": {}, "source": intro}]}
    )
    assert "".join(page_only["cells"][0]["source"]) == "\n# 标题（练习版）\n挖空了。"
    assert course_practice.strip_notebook(notebook)["cells"][0]["source"] == (
        "x = torch.zeros(5, 3)\n"
    )


def test_regions_before_one_check_cell_take_its_calls_in_order() -> None:
    code = (
        "### BEGIN SOLUTION\nmodel = 1\n### END SOLUTION\n"
        "### BEGIN SOLUTION\noptimizer = 2\n### END SOLUTION\n"
        "train()\n\n# %%\n\ncheck_relu_model(model)\ncheck_spiral_accuracy(model)\n"
        "### BEGIN SOLUTION\nx = 3\n### END SOLUTION\n"
    )
    assert course_practice.solutions(code) == [
        ("relu_model", "model = 1\n"),
        ("spiral_accuracy", "optimizer = 2\n"),
        (None, "x = 3\n"),
    ]


def test_practice_links_join_the_download_buttons() -> None:
    footer = ".. only:: html\n\n  .. container:: sphx-glr-footer sphx-glr-footer-example\n\n"
    url = "https://colab.research.google.com/github/o/n/blob/gh-pages/notebooks/a/plot_x_practice.ipynb"
    text = course_practice.practice_links(footer, "plot_x", url)
    assert (
        ":download:`练习版 Jupyter 笔记本：plot_x_practice.ipynb <plot_x_practice.ipynb>`" in text
    )
    assert f"`在 Colab 中打开练习版 <{url}>`__" in text
    assert "Colab" not in course_practice.practice_links(footer, "plot_x", None)


def test_the_exercises_table_is_made_again_only_when_what_it_shows_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    import course_viewcode

    source = tmp_path / "exercises.py"
    source.write_text("# the exercises\n")
    monkeypatch.setattr(course_viewcode, "module_file", lambda name: source)
    conf = SimpleNamespace(sphinx_gallery_conf={"gallery_dirs": "auto_examples"})
    env = SimpleNamespace(srcdir=str(tmp_path), config=conf)
    made = []
    real = course_practice.exercises_table
    monkeypatch.setattr(course_practice, "exercises_table", lambda *a: made.append(1) or real(*a))

    first = course_practice.exercises_table_of(env)
    assert first == real(EXERCISES, tmp_path) and ":download:" not in first
    assert course_practice.exercises_table_of(env) == first and len(made) == 1  # kept

    page = Path(tmp_path, f"{exercises.TENSOR_PAGE}{course_practice.SUFFIX}.ipynb")
    page.parent.mkdir(parents=True)
    page.write_text("{}")  # a practice notebook appears: its link with it
    assert ":download:" in course_practice.exercises_table_of(env) and len(made) == 2
    source.write_text("# the exercises, edited\n")
    course_practice.exercises_table_of(env)
    assert len(made) == 3
    code = Path(course_practice.__file__)  # the code that writes the table, edited in place
    copy = tmp_path / code.name
    copy.write_bytes(code.read_bytes())
    monkeypatch.setattr(course_practice, "__file__", str(copy))
    course_practice.exercises_table_of(env)
    assert len(made) == 4  # another path (a test's copy): made again
    copy.write_text(code.read_text(encoding="utf-8").replace("练什么", "练的是什么"))
    course_practice.exercises_table_of(env)
    assert len(made) == 5
