"""Checks, hints and solutions of the week's exercises (practice notebooks: ``check_xxx(...)``).

Every exercise has a check that tests behaviour (it inspects the student's tensor or model, or
runs the student's function) and prints in Chinese what is right, what is wrong and how;
``hint_xxx()`` reveals one more hint per call and ``solution_xxx()`` prints the solution.
A wrong answer never ends in a traceback from the checker: errors of the student's code become
messages too. ``EXERCISES[name].evaluate(...)`` returns the verdict instead of printing it.

>>> import torch
>>> check_creation(torch.zeros(5, 3, dtype=torch.long))
正确：x 是 5×3 的 int64 全零张量。
>>> check_creation(torch.zeros(3, 5, dtype=torch.long))  # doctest: +ELLIPSIS
还不对：x 的形状应为 (5, 3)，得到 (3, 5)：行数和列数反了...
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import torch
from torch import nn

TENSOR_PAGE = "auto_examples/01_exercises/plot_tensor_basics"
SPIRAL_PAGE = "auto_examples/01_exercises/plot_spiral_classification"
BACKPROP_PAGE = "auto_examples/02_theory/plot_3_backprop"
SOFTMAX_PAGE = "auto_examples/03_homework/plot_q5_softmax"


class Feedback(NamedTuple):
    """A check's verdict: ``status`` is ``"correct"``, ``"wrong"`` or ``"todo"`` (not done yet)."""

    status: str
    message: str

    def __str__(self) -> str:
        return self.message


class _Wrong(Exception):
    """The answer is wrong; the message says how."""


class _NotDone(Exception):
    """The stub is still there."""


@dataclass
class Exercise:
    """One exercise: where it is taught, what it trains, its check, hints and solution."""

    name: str
    title: str
    skill: str
    page: str  # docname of the page that explains the solution
    hints: tuple[str, ...]
    solution: str
    check: Callable[..., str] = field(repr=False)
    _hints_shown: int = field(default=0, repr=False)

    def evaluate(self, *args: Any, **kwargs: Any) -> Feedback:
        """Run the check on the student's objects; every outcome is a :class:`Feedback`."""
        more = f"需要提示可以运行 hint_{self.name}()"
        try:
            return Feedback("correct", "正确：" + self.check(*args, **kwargs))
        except _NotDone as done:
            return Feedback(
                "todo", f"还没有完成：{done}。写好上面的单元格并运行它，再运行这个检查。"
            )
        except _Wrong as wrong:
            return Feedback("wrong", f"还不对：{wrong}（{more}）")
        except TypeError as error:
            return Feedback("wrong", f"检查的参数不对：{error}（请不要改动检查单元格）")
        except Exception as error:  # noqa: BLE001 — a check must never end in a traceback
            return Feedback("wrong", f"检查时出错：{type(error).__name__}: {error}（{more}）")

    def hint(self) -> None:
        """Print the next hint (one more per call)."""
        if self._hints_shown >= len(self.hints):
            print(f"没有更多提示了；要看答案，运行 solution_{self.name}()。")
            return
        self._hints_shown += 1
        print(f"提示 {self._hints_shown}/{len(self.hints)}：{self.hints[self._hints_shown - 1]}")

    def show_solution(self) -> None:
        """Print the solution code."""
        print(f"参考答案（{self.title}）：\n\n{self.solution}")


#: Every exercise, by name, in the order of the course.
EXERCISES: dict[str, Exercise] = {}


def _exercise(
    name: str, title: str, skill: str, page: str, hints: tuple[str, ...], solution: str
) -> Callable[[Callable[..., str]], Callable[..., None]]:
    """Register a check (returns a success message, raises ``_Wrong``/``_NotDone``)."""

    def register(check: Callable[..., str]) -> Callable[..., None]:
        exercise = Exercise(name, title, skill, page, hints, solution.strip("\n") + "\n", check)
        EXERCISES[name] = exercise

        @functools.wraps(check)
        def run(*args: Any, **kwargs: Any) -> None:
            print(exercise.evaluate(*args, **kwargs))

        return run

    return register


# -- Small helpers: each raises _NotDone or _Wrong with a message naming the variable ------------


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _tensor(name: str, value: object) -> torch.Tensor:
    if value is Ellipsis or value is None:
        raise _NotDone(f"{name} 还没有赋值")
    if not isinstance(value, torch.Tensor):
        raise _Wrong(f"{name} 应是 torch.Tensor，得到 {type(value).__name__}")
    return value


def _shape(name: str, t: torch.Tensor, expected: tuple[int, ...]) -> None:
    got = tuple(t.shape)
    if got == tuple(expected):
        return
    message = f"{name} 的形状应为 {_shape_text(expected)}，得到 {_shape_text(got)}"
    if len(got) == 2 and got == tuple(expected)[::-1]:
        message += "：行数和列数反了"
    raise _Wrong(message)


def _dtype(name: str, t: torch.Tensor, expected: torch.dtype, fix: str) -> None:
    if t.dtype != expected:
        raise _Wrong(f"{name} 的数据类型应为 {expected}，得到 {t.dtype}：{fix}")


def _close(a: torch.Tensor, b: torch.Tensor, tol: float = 1e-5) -> bool:
    a, b = a.detach().double().cpu(), b.detach().double().cpu()
    return a.shape == b.shape and bool(torch.allclose(a, b, rtol=tol, atol=tol))


def _function(name: str, value: object) -> Callable[..., Any]:
    if value is Ellipsis or value is None:
        raise _NotDone(f"{name} 还没有定义")
    if not callable(value):
        raise _Wrong(f"{name} 应是一个函数，得到 {type(value).__name__}")
    return value


def _call(name: str, function: Callable[..., Any], *args: Any) -> Any:
    """Run the student's function; its errors become messages."""
    try:
        return function(*args)
    except NotImplementedError as error:
        raise _NotDone(f"{name} 里还是练习的占位代码") from error
    except Exception as error:  # noqa: BLE001
        raise _Wrong(f"调用 {name} 时出错：{type(error).__name__}: {error}") from error


def _module(name: str, value: object) -> nn.Module:
    if value is Ellipsis or value is None:
        raise _NotDone(f"{name} 还没有赋值")
    if not isinstance(value, nn.Module):
        raise _Wrong(
            f"{name} 应是一个 nn.Module（例如 nn.Sequential），得到 {type(value).__name__}"
        )
    return value


def _is_affine(model: nn.Module, d_in: int = 2) -> bool:
    """Whether ``model`` maps points affinely: f(t a + (1-t) b) = t f(a) + (1-t) f(b)."""
    generator = torch.Generator().manual_seed(0)
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    a, b = (torch.rand(64, d_in, generator=generator) * 4 - 2 for _ in range(2))
    t = torch.rand(64, 1, generator=generator)
    with torch.no_grad():
        f = [model(p.to(device)).double().cpu() for p in (a, b, t * a + (1 - t) * b)]
    mixed = t.double() * f[0] + (1 - t.double()) * f[1]
    scale = max(float(f[0].abs().max()), float(f[1].abs().max()), 1e-3)
    return float((mixed - f[2]).abs().max()) < 1e-4 * scale


# -- 4.1 PyTorch basics ------------------------------------------------------------------------


@_exercise(
    "creation",
    "创建张量",
    "用 ``torch.zeros`` 创建指定形状和数据类型的张量",
    TENSOR_PAGE,
    (
        "torch.zeros 的参数依次是各维的长度：先行数，后列数。",
        "数据类型用关键字参数 dtype 指定；long 就是 int64。",
    ),
    "x = torch.zeros(5, 3, dtype=torch.long)",
)
def check_creation(x: object) -> str:
    """``x``: a 5×3 tensor of zeros, dtype int64."""
    x = _tensor("x", x)
    _shape("x", x, (5, 3))
    _dtype("x", x, torch.int64, "创建时写 dtype=torch.long")
    if not bool((x == 0).all()):
        raise _Wrong("x 的元素应全为 0：torch.empty 不做初始化，torch.ones 是全 1，用 torch.zeros")
    return "x 是 5×3 的 int64 全零张量。"


@_exercise(
    "uniform",
    "均匀分布的随机数",
    "用 ``uniform_`` 在任意区间上生成均匀分布的随机数",
    TENSOR_PAGE,
    (
        "torch.rand 只生成 [0, 1) 上的均匀分布；别的区间可以先建一个张量，再用 uniform_(from, to)"
        " 原地填充。",
        "torch.empty(1000) 给出 1000 个位置，.uniform_(-1, 1) 把它们填成 [-1, 1) 上的均匀随机数。",
    ),
    "torch.manual_seed(0)\nu = torch.empty(1000).uniform_(-1, 1)",
)
def check_uniform(u: object) -> str:
    """``u``: 1000 samples of the uniform distribution on [-1, 1)."""
    u = _tensor("u", u)
    _shape("u", u, (1000,))
    if not u.is_floating_point():
        raise _Wrong(f"u 应是浮点数，得到 {u.dtype}：均匀分布的随机数不是整数")
    low, high = float(u.min()), float(u.max())
    if low >= 0 and high < 1:
        raise _Wrong(
            "u 的值全在 [0, 1) 里：torch.rand 只生成 [0, 1)，要得到 [-1, 1) 用 uniform_(-1, 1)"
        )
    if low < -1 or high >= 1:
        raise _Wrong(
            f"u 的值应在 [-1, 1) 里，得到最小值 {low:.3g}、最大值 {high:.3g}："
            "torch.randn 是正态分布，不是均匀分布"
        )
    halves = [float((u < 0).float().mean()), float((u.abs() < 0.5).float().mean())]
    if not all(0.4 < share < 0.6 for share in halves):
        raise _Wrong(
            "u 的值在 [-1, 1) 里分布得不均匀：它们应像 uniform_(-1, 1) 那样均匀地铺满整个区间"
        )
    return "u 是 [-1, 1) 上均匀分布的 1000 个随机数。"


@_exercise(
    "sequences",
    "等差数列",
    "``arange`` 与 ``linspace`` 的区别：步长还是点数、包不包含终点",
    TENSOR_PAGE,
    (
        "torch.arange(start, end) 不包含 end；"
        "torch.linspace(start, end, steps) 包含两端，共 steps 个点。",
        "v 要从 1 开始，到 5 之前为止；grid 在 3 和 8 之间取 20 个点。",
    ),
    "v = torch.arange(1, 5)\ngrid = torch.linspace(3, 8, 20)",
)
def check_sequences(v: object, grid: object) -> str:
    """``v`` = 1, 2, 3, 4 (integers); ``grid``: 20 evenly spaced points from 3 to 8."""
    v, grid = _tensor("v", v), _tensor("grid", grid)
    values = [float(a) for a in v.flatten()]
    if values == [1.0, 2.0, 3.0, 4.0, 5.0]:
        raise _Wrong("v 多了一个 5：torch.arange(1, 5) 就够了，它不包含终点，结果是 1 到 4")
    if values == [0.0, 1.0, 2.0, 3.0]:
        raise _Wrong("v 从 0 开始了：torch.arange(4) 是 0 到 3，要从 1 开始写 torch.arange(1, 5)")
    _shape("v", v, (4,))
    if values != [1.0, 2.0, 3.0, 4.0]:
        raise _Wrong(f"v 应是 1, 2, 3, 4，得到 {values}")
    _dtype("v", v, torch.int64, "torch.arange 的参数都是整数时，结果就是 int64")
    if grid.ndim == 1 and len(grid) in (19, 21):
        raise _Wrong(
            f"grid 有 {len(grid)} 个点，应为 20："
            "linspace 的第三个参数是点数（包含两端），不是区间数"
        )
    _shape("grid", grid, (20,))
    if not _close(grid[[0, -1]], torch.tensor([3.0, 8.0])):
        raise _Wrong(f"grid 应从 3 开始、到 8 结束，得到 {float(grid[0]):g} 到 {float(grid[-1]):g}")
    if not _close(grid, torch.linspace(3, 8, 20)):
        raise _Wrong("grid 的点不是等距的：用 torch.linspace(3, 8, 20)")
    return "v 是 1 到 4 的整数，grid 是 3 到 8 之间等距的 20 个点。"


@_exercise(
    "indexing",
    "索引与切片",
    "用下标和 ``:`` 取出矩阵的行和列",
    TENSOR_PAGE,
    (
        "下标从 0 开始；第一个下标选行，第二个选列，``:`` 表示这一维全取。",
        "第 1 列是 m[:, 1]，第 0 行是 m[0, :]。",
    ),
    "column = m[:, 1]\nrow = m[0, :]",
)
def check_indexing(m: object, column: object, row: object) -> str:
    """``column``: column 1 of ``m``; ``row``: row 0 of ``m`` (both 1-D)."""
    m = _tensor("m", m)
    column, row = _tensor("column", column), _tensor("row", row)
    if m.ndim != 2 or m.shape[0] < 2 or m.shape[1] < 2:
        raise _Wrong(f"m 应是页面上那个 2×4 的矩阵，得到形状 {_shape_text(tuple(m.shape))}")
    if column.shape == (m.shape[0], 1) and _close(column[:, 0], m[:, 1]):
        raise _Wrong(
            f"column 的形状应为 {_shape_text((m.shape[0],))}，"
            f"得到 {_shape_text(tuple(column.shape))}："
            "m[:, 1:2] 保留了列这一维，用 m[:, 1]"
        )
    if _close(column, m[1, :]) or _close(column, m[1]):
        raise _Wrong("column 是第 1 行，不是第 1 列：第一个下标选行，列要写 m[:, 1]")
    if _close(column, m[:, 0]):
        raise _Wrong("column 是第 0 列：下标从 0 开始，第 1 列是 m[:, 1]")
    _shape("column", column, (m.shape[0],))
    if not _close(column, m[:, 1]):
        raise _Wrong("column 不是 m 的第 1 列")
    if _close(row, m[:, 0]):
        raise _Wrong("row 是第 0 列，不是第 0 行：行用第一个下标，写 m[0, :]")
    if _close(row, m[1, :]):
        raise _Wrong("row 是第 1 行：下标从 0 开始，第 0 行是 m[0, :]")
    _shape("row", row, (m.shape[1],))
    if not _close(row, m[0, :]):
        raise _Wrong("row 不是 m 的第 0 行")
    return "column 是 m 的第 1 列，row 是 m 的第 0 行。"


@_exercise(
    "matvec",
    "矩阵乘向量与数据类型",
    "矩阵与向量的乘法 ``@``，以及 ``float32`` 与 ``int64`` 不能直接相乘",
    TENSOR_PAGE,
    (
        "m 是 float32，v 是 int64，m @ v 会报错：先把 v 变成浮点数。",
        "v = v.float() 之后，矩阵乘法写作 m @ v（不是逐元素的 m * v）。",
    ),
    "v = v.float()\nmv = m @ v",
)
def check_matvec(m: object, v: object, mv: object) -> str:
    """``v`` converted to float, ``mv = m @ v`` (a vector of length ``m.shape[0]``)."""
    m, v, mv = _tensor("m", m), _tensor("v", v), _tensor("mv", mv)
    if m.ndim != 2 or v.ndim != 1 or m.shape[1] != v.shape[0]:
        raise _Wrong("m 应是 2×4 的矩阵，v 应是长度为 4 的向量（页面上的 m 和 v）")
    if not v.is_floating_point():
        raise _Wrong(f"v 还是 {v.dtype}：用 v = v.float() 把它变成浮点数，再和 float32 的 m 相乘")
    if mv.shape == m.shape:
        raise _Wrong(
            f"mv 的形状应为 {_shape_text((m.shape[0],))}，得到 {_shape_text(tuple(mv.shape))}："
            "m * v 是逐元素乘法，矩阵乘法用 m @ v"
        )
    _shape("mv", mv, (m.shape[0],))
    if not mv.is_floating_point():
        raise _Wrong(f"mv 是 {mv.dtype}：应把 v 变成浮点数，而不是把 m 变成整数（会丢掉小数）")
    if not _close(mv, m.double() @ v.double()):
        raise _Wrong("mv 的值不对：每个元素应是 m 的一行与 v 的点积")
    return "v 变成了浮点数，mv = m @ v 是长度为 2 的向量。"


@_exercise(
    "reshape",
    "reshape 与 view",
    "改变张量的形状而不改变元素的顺序",
    TENSOR_PAGE,
    (
        "reshape(3, 4) 按行把 12 个数依次填进 3 行 4 列；transpose 交换维度，元素顺序不同。",
        "列向量是 12 行 1 列：t.view(12, 1)（也可以写 t.view(-1, 1)）。",
    ),
    "r = t.reshape(3, 4)\ncol = t.view(12, 1)",
)
def check_reshape(t: object, r: object, col: object) -> str:
    """``r``: ``t`` (12 numbers) as 3×4, row by row; ``col``: ``t`` as a 12×1 column."""
    t, r, col = _tensor("t", t), _tensor("r", r), _tensor("col", col)
    if t.shape != (12,):
        raise _Wrong(f"t 应是页面上的 torch.arange(12)，得到形状 {_shape_text(tuple(t.shape))}")
    _shape("r", r, (3, 4))
    if _close(r, t.reshape(4, 3).t()):
        raise _Wrong("r 的形状对，但元素顺序不对：这是 4×3 的转置；reshape(3, 4) 按行依次填入")
    if not _close(r, t.reshape(3, 4)):
        raise _Wrong("r 的元素顺序不对：第 0 行应是 t 的前 4 个数")
    if col.shape == (1, 12):
        raise _Wrong("col 的形状应为 (12, 1)，得到 (1, 12)：这是行向量，列向量是 t.view(12, 1)")
    _shape("col", col, (12, 1))
    if not _close(col[:, 0], t):
        raise _Wrong("col 的元素应与 t 相同、顺序不变")
    return "r 是按行排列的 3×4 矩阵，col 是 12×1 的列向量。"


@_exercise(
    "broadcasting",
    "广播",
    "形状不同的张量相加减时，PyTorch 如何自动扩展（广播）",
    TENSOR_PAGE,
    (
        "每一列的均值是沿第 0 维（行的方向）求平均：X.mean(dim=0)，形状 (3,)。",
        "形状 (5, 3) 减去形状 (3,)：广播把均值复制到每一行，X - X.mean(dim=0)。",
    ),
    "centered = X - X.mean(dim=0)",
)
def check_broadcasting(X: object, centered: object) -> str:
    """``centered``: ``X`` minus the mean of each column (every column then has mean 0)."""
    X, centered = _tensor("X", X), _tensor("centered", centered)
    if X.ndim != 2:
        raise _Wrong("X 应是页面上那个二维矩阵")
    _shape("centered", centered, tuple(X.shape))
    if _close(centered, X - X.mean(dim=1, keepdim=True)):
        raise _Wrong("centered 减去的是每一行的均值（dim=1）：每一列的均值用 X.mean(dim=0)")
    if _close(centered, X - X.mean()):
        raise _Wrong("centered 减去的是全部元素的均值：每一列的均值用 X.mean(dim=0)")
    if _close(centered, X):
        raise _Wrong("centered 与 X 相同：还没有减去均值")
    if not _close(centered, X - X.mean(dim=0)):
        raise _Wrong("centered 的每一列均值应为 0：centered = X - X.mean(dim=0)")
    return "每一列都减去了它的均值：(5, 3) 减 (3,)，均值被广播到了每一行。"


@_exercise(
    "autograd",
    "用 autograd 求梯度",
    "``requires_grad``、``backward()`` 和 ``.grad``：让 PyTorch 自动求导",
    TENSOR_PAGE,
    (
        "创建 w 时加 requires_grad=True，PyTorch 才会记录用 w 做的运算。",
        "loss = (w**2).sum() 之后调用一次 loss.backward()，梯度就在 w.grad 里（应为 2w）。",
    ),
    "w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\nloss = (w**2).sum()\nloss.backward()",
)
def check_autograd(w: object) -> str:
    """``w`` requires grad and ``w.grad`` holds the gradient of ``(w**2).sum()``, i.e. ``2 w``."""
    w = _tensor("w", w)
    if not w.requires_grad:
        raise _Wrong("w 没有 requires_grad=True：创建时写 torch.tensor([...], requires_grad=True)")
    if w.grad is None:
        raise _Wrong("w.grad 是 None：先算 loss = (w**2).sum()，再调用 loss.backward()")
    expected = 2 * w.detach()
    if _close(w.grad, 2 * expected):
        raise _Wrong("w.grad 是正确值的 2 倍：backward() 调用了两次？梯度会累加，只调用一次")
    if _close(w.grad, expected / w.numel()):
        raise _Wrong(f"w.grad 是正确值的 1/{w.numel()}：损失应是 (w**2).sum()，你用了 mean()？")
    if _close(w.grad, torch.ones_like(expected)) or _close(w.grad, w.detach()):
        raise _Wrong("w.grad 不是 (w**2).sum() 的梯度：损失里要对 w 求平方再求和")
    if not _close(w.grad, expected):
        raise _Wrong("w.grad 应为 2w（(w**2).sum() 的梯度）")
    return "w.grad = 2w，和手算的导数一致。"


# -- 4.2 Spiral classification -----------------------------------------------------------------


def _losses(value: object) -> list[float]:
    if value is Ellipsis or value is None:
        raise _NotDone("losses 还没有赋值")
    try:
        # a list of floats or of 0-d tensors, or a 1-D tensor
        losses = [float(x.detach()) if isinstance(x, torch.Tensor) else float(x) for x in value]
    except (TypeError, ValueError, RuntimeError) as error:
        raise _Wrong(
            "losses 应是每一轮损失的列表，例如在循环里 losses.append(loss.item())"
        ) from error
    if not losses:
        raise _NotDone("losses 还是空的：训练循环还没有运行")
    if len(losses) < 2:
        raise _Wrong(f"losses 应记录每一轮的损失，得到 {len(losses)} 个值")
    if not all(math.isfinite(x) for x in losses):
        raise _Wrong("损失变成了 nan 或 inf：学习率太大了")
    return losses


@_exercise(
    "training_loop",
    "训练循环",
    "亲手写出训练循环：前向 → 损失 → ``zero_grad`` → ``backward`` → ``step``",
    SPIRAL_PAGE,
    (
        "每一轮：y_pred = model(X)，loss = criterion(y_pred, Y)，losses.append(loss.item())。",
        "然后 optimizer.zero_grad()、loss.backward()、optimizer.step()——缺一不可，顺序也不能乱。",
    ),
    """\
for t in range(1000):
    # feed forward: the logits, one row of 3 scores per sample
    y_pred = model(X)
    # loss and accuracy
    loss = criterion(y_pred, Y)
    score, predicted = torch.max(y_pred, 1)
    acc = (Y == predicted).sum().float() / len(Y)
    losses.append(loss.item())
    accuracies.append(acc.item())
    if t % 100 == 0 or t == 999:
        print(f"[EPOCH]: {t}, [LOSS]: {loss.item():.6f}, [ACCURACY]: {acc:.3f}")

    optimizer.zero_grad()  # set the gradients to zero before the backward pass
    loss.backward()  # gradient of the loss with respect to every parameter
    optimizer.step()  # update all parameters""",
)
def check_training_loop(model: object, losses: object, X: object, Y: object) -> str:
    """``model`` trained by the loop on ``(X, Y)`` with cross-entropy; ``losses`` per epoch."""
    model = _module("model", model)
    losses = _losses(losses)
    X, Y = _tensor("X", X), _tensor("Y", Y)
    if max(losses) - min(losses) < 1e-7:
        raise _Wrong("损失一点也没有变：是否忘了 optimizer.step()（或 loss.backward()）？")
    parameters = [p for p in model.parameters() if p.requires_grad]
    with torch.enable_grad():
        loss = nn.functional.cross_entropy(model(X), Y)
        fresh = torch.autograd.grad(loss, parameters)
    loss = loss.detach()
    stored = [p.grad for p in parameters]
    if all(g is not None for g in stored):
        norm = math.sqrt(sum(float(g.double().pow(2).sum()) for g in stored))
        fresh_norm = math.sqrt(sum(float(g.double().pow(2).sum()) for g in fresh))
        if fresh_norm > 1e-8 and norm > 3 * fresh_norm:
            raise _Wrong(
                f".grad 比当前损失的梯度大 {norm / fresh_norm:.0f} 倍，梯度在一轮轮累加："
                "是否忘了 optimizer.zero_grad()？"
            )
    if losses[-1] >= losses[0]:
        raise _Wrong(
            f"损失没有下降（{losses[0]:.4f} → {losses[-1]:.4f}）：学习率太大，或符号写反了？"
        )
    if abs(losses[-1] - float(loss)) > 0.05 * float(loss) + 0.02:
        raise _Wrong(
            f"最后记录的损失 {losses[-1]:.4f} 与模型在 (X, Y) 上的交叉熵 {float(loss):.4f} 不一致："
            "损失函数应为 nn.CrossEntropyLoss()，每轮记录 loss.item()"
        )
    return f"损失从 {losses[0]:.4f} 降到 {losses[-1]:.4f}，每一步都先清零了梯度。"


@_exercise(
    "relu_model",
    "两层 ReLU 网络",
    "在两个线性层之间加入激活函数 ReLU，模型才能画出弯曲的决策边界",
    SPIRAL_PAGE,
    (
        "两个 nn.Linear 叠在一起仍是一个线性映射：中间要有一个非线性的激活函数。",
        "nn.Sequential(nn.Linear(D, H), nn.ReLU(), nn.Linear(H, C))——最后不加 softmax。",
    ),
    """\
model = nn.Sequential(
    nn.Linear(D, H),
    nn.ReLU(),
    nn.Linear(H, C),
)""",
)
def check_relu_model(model: object) -> str:
    """``model``: Linear(2, H) → ReLU → Linear(H, 3)."""
    model = _module("model", model)
    modules = list(model.modules())[1:] or [model]
    linears = [m for m in modules if isinstance(m, nn.Linear)]
    if any(isinstance(m, nn.Softmax | nn.LogSoftmax) for m in modules):
        raise _Wrong(
            "最后不要加 Softmax：nn.CrossEntropyLoss 的输入是未归一化的分数，它自己会做 softmax"
        )
    if len(linears) != 2:
        raise _Wrong(f"应有两个 nn.Linear 层（一个隐藏层），找到 {len(linears)} 个")
    if linears[0].in_features != 2 or linears[-1].out_features != 3:
        raise _Wrong(
            f"第一层的输入应是 2 维（点的坐标），最后一层的输出应是 3 个类别的分数，"
            f"得到 {linears[0].in_features} → {linears[-1].out_features}"
        )
    others = [type(m).__name__ for m in modules if not isinstance(m, nn.Linear | nn.Sequential)]
    if not any(isinstance(m, nn.ReLU) for m in modules):
        if not others:
            raise _Wrong(
                "两个线性层之间缺少 nn.ReLU()：两个线性层叠起来仍是一个线性层，决策边界还是直线"
            )
        raise _Wrong(f"激活函数应为 nn.ReLU()，找到 {', '.join(others)}")
    order = [i for i, m in enumerate(modules) if isinstance(m, nn.Linear | nn.ReLU)]
    kinds = [type(modules[i]).__name__ for i in order]
    if kinds.index("ReLU") < kinds.index("Linear") or kinds[-1] == "ReLU":
        raise _Wrong(f"层的顺序是 {' → '.join(kinds)}：ReLU 要放在两个线性层之间")
    device = next(model.parameters()).device
    try:
        out = model(torch.zeros(5, 2, device=device))
    except Exception as error:  # noqa: BLE001
        raise _Wrong(
            f"model 算不出结果：{type(error).__name__}: {error}（两层的宽度要对上）"
        ) from error
    _shape("model(X)", out, (5, 3))
    if _is_affine(model):
        raise _Wrong("model 仍是线性的：ReLU 要放在两个线性层之间，而不是最后")
    return f"model 是 2 → {linears[0].out_features} → 3 的两层网络，隐藏层用 ReLU。"


@_exercise(
    "spiral_accuracy",
    "螺旋数据准确率 ≥ 0.9",
    "训练两层 ReLU 网络，让它在螺旋数据上的准确率达到 0.9 以上",
    SPIRAL_PAGE,
    (
        "线性模型的决策边界是直线，分不开螺旋：先用两层 ReLU 网络。",
        "学习率 1e-3 时 SGD 太慢：换 torch.optim.Adam，或把 SGD 的学习率调大，训练 1000 轮。",
    ),
    """\
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate, weight_decay=lambda_l2)""",
)
def check_spiral_accuracy(model: object) -> str:
    """``model`` classifies the course's spiral data (3 × 1000 points) with accuracy >= 0.9."""
    from .data import make_spiral

    model = _module("model", model)
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    X, Y = make_spiral(device=device)
    with torch.no_grad():
        try:
            out = model(X)
        except Exception as error:  # noqa: BLE001
            raise _Wrong(f"model 算不出结果：{type(error).__name__}: {error}") from error
    _shape("model(X)", out, (len(X), 3))
    acc = float((out.argmax(dim=1) == Y).float().mean())
    if acc >= 0.9:
        return f"在螺旋数据上的准确率是 {acc:.3f} ≥ 0.9。"
    if _is_affine(model):
        raise _Wrong(
            f"准确率只有 {acc:.3f}：模型是线性的，直线的决策边界分不开螺旋数据——"
            "在两个 nn.Linear 之间加 nn.ReLU()"
        )
    if acc < 0.4:
        raise _Wrong(
            f"准确率 {acc:.3f}，和随机猜差不多：模型训练了吗？（循环里要调用 optimizer.step()）"
        )
    raise _Wrong(
        f"准确率 {acc:.3f} < 0.9：模型能画出弯曲的边界，但还没训练好——换 Adam，"
        "或调大 SGD 的学习率，或多训练几轮"
    )


# -- Theory: back-propagation by hand ----------------------------------------------------------


def _reference_gradients(
    params: list[tuple[torch.Tensor, torch.Tensor]],
    X: torch.Tensor,
    y: torch.Tensor,
    derivative: str = "1-A^2",
    mean: bool = True,
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """The tanh MLP's gradients, or those of a typical mistake (``derivative``, ``mean``)."""
    A, a = [], X
    for layer, (W, b) in enumerate(params):
        A.append(a)
        z = a @ W + b
        a = torch.tanh(z) if layer < len(params) - 1 else z
    Y = nn.functional.one_hot(y, a.shape[1]).to(a.dtype)
    delta = torch.softmax(a, dim=1) - Y
    if mean:
        delta = delta / len(X)
    grads = []
    for layer in reversed(range(len(params))):
        W, _ = params[layer]
        grads.append((A[layer].T @ delta, delta.sum(dim=0)))
        if layer > 0:
            local = {"1-A^2": 1 - A[layer] ** 2, "1-A": 1 - A[layer], "none": 1.0}[derivative]
            delta = (delta @ W.T) * local
    return grads[::-1]


@_exercise(
    "backprop",
    "手写反向传播",
    "用链式法则手算一个小 MLP 的梯度，并与 autograd 比较",
    BACKPROP_PAGE,
    (
        "从 δ_L = (softmax(Z_L) - Y) / N 出发：每层 dW = A^T δ，db = δ 对批量求和。",
        "往回传一层：δ ← (δ W^T) * tanh'(Z)，而 tanh'(Z) = 1 - A²（A 是这一层的 tanh 输出）。",
    ),
    '''\
def backward(params, Z, A, delta):
    """Chain rule from the logits back to layer 1: [(dW1, db1), (dW2, db2), ...]."""
    grads = []
    for k in reversed(range(len(params))):  # k = l - 1: Python counts layers from 0
        W, _ = params[k]
        grads.append((A[k].T @ delta, delta.sum(dim=0)))  # dloss/dW_l, dloss/db_l
        if k > 0:  # delta_{l-1} = (delta_l W_l^T) * tanh'(Z_{l-1}), tanh' = 1 - A_{l-1}^2
            delta = (delta @ W.T) * (1 - A[k] ** 2)
    return grads[::-1]''',
)
def check_backprop(loss_and_gradients: object) -> str:
    """``loss_and_gradients(params, X, y)`` -> ``(loss, [(dW1, db1), (dW2, db2), ...])``.

    ``params = [(W1, b1), ...]`` with ``W`` of shape ``(d_in, d_out)`` (row-batch form), tanh
    hidden layers, mean cross-entropy on the logits; compared with autograd.
    """
    function = _function("loss_and_gradients", loss_and_gradients)
    generator = torch.Generator().manual_seed(0)
    sizes = [(2, 5), (5, 4), (4, 3)]
    params = [
        (
            torch.randn(a, b, generator=generator, dtype=torch.float64),
            torch.randn(b, dtype=torch.float64, generator=generator),
        )
        for a, b in sizes
    ]
    X = torch.randn(8, 2, generator=generator, dtype=torch.float64)
    y = torch.randint(0, 3, (8,), generator=generator)
    result = _call(
        "loss_and_gradients", function, [(W.clone(), b.clone()) for W, b in params], X, y
    )
    try:
        loss, grads = result
        grads = [(dW, db) for dW, db in grads]
    except (TypeError, ValueError) as error:
        raise _Wrong("loss_and_gradients 应返回 (loss, [(dW1, db1), (dW2, db2), ...])") from error
    if len(grads) != len(params):
        raise _Wrong(f"应有 {len(params)} 层的梯度，得到 {len(grads)} 层")
    leaves = [t.clone().requires_grad_() for pair in params for t in pair]
    a = X
    for layer in range(len(params)):
        a = a @ leaves[2 * layer] + leaves[2 * layer + 1]
        a = torch.tanh(a) if layer < len(params) - 1 else a
    autograd_loss = nn.functional.cross_entropy(a, y)
    autograd = torch.autograd.grad(autograd_loss, leaves)
    names = [f"{kind}{layer + 1}" for layer in range(len(params)) for kind in ("dW", "db")]
    manual = [
        _tensor(name, g) for name, g in zip(names, (g for pair in grads for g in pair), strict=True)
    ]
    for name, got, want in zip(names, manual, autograd, strict=True):
        if got.shape == (len(X), *want.shape) and name.startswith("db"):
            raise _Wrong(
                f"{name} 的形状应为 {_shape_text(tuple(want.shape))}，"
                f"得到 {_shape_text(tuple(got.shape))}："
                "偏置的梯度要对批量求和，delta.sum(dim=0)"
            )
        if got.ndim == 2 and got.shape == want.shape[::-1] and want.shape[0] != want.shape[1]:
            raise _Wrong(
                f"{name} 的形状应为 {_shape_text(tuple(want.shape))}，"
                f"得到 {_shape_text(tuple(got.shape))}："
                "行批量形式里 dW = A^T δ（不是 δ^T A）"
            )
        _shape(name, got, tuple(want.shape))
    try:
        loss_value = float(loss.detach() if isinstance(loss, torch.Tensor) else loss)
    except (TypeError, ValueError, RuntimeError) as error:
        raise _Wrong("loss 应是一个数（平均交叉熵）") from error
    flat = lambda grads: [g for pair in grads for g in pair]  # noqa: E731
    if all(_close(g, w) for g, w in zip(manual, autograd, strict=True)):
        if abs(loss_value - float(autograd_loss.detach())) > 1e-6:
            raise _Wrong(
                f"梯度都对，但 loss = {loss_value:.6f}，"
                f"应为平均交叉熵 {float(autograd_loss.detach()):.6f}"
            )
        return "每一层的梯度都与 autograd 一致。"
    if all(_close(g, -w) for g, w in zip(manual, autograd, strict=True)):
        raise _Wrong("梯度的符号反了：δ_L = softmax(Z_L) - Y，不是 Y - softmax(Z_L)")
    if all(_close(g, len(X) * w) for g, w in zip(manual, autograd, strict=True)):
        raise _Wrong(f"梯度是正确值的 {len(X)} 倍（N = {len(X)}）：损失是平均值，δ_L 要除以 N")
    for derivative, message in (
        ("none", "往回传时漏了激活函数的导数：δ ← (δ W^T) * (1 - A²)"),
        ("1-A", "tanh 的导数是 1 - A²，不是 1 - A"),
    ):
        if all(
            _close(g, w)
            for g, w in zip(
                manual, flat(_reference_gradients(params, X, y, derivative)), strict=True
            )
        ):
            raise _Wrong(message)
    wrong = [name for name, g, w in zip(names, manual, autograd, strict=True) if not _close(g, w)]
    raise _Wrong(
        f"与 autograd 不一致的梯度：{', '.join(wrong)}（最后一层对了吗？再检查 δ 往回传的那一步）"
    )


# -- Homework: a numerically stable softmax ----------------------------------------------------


@_exercise(
    "softmax",
    "数值稳定的 softmax",
    "softmax 的溢出与下溢，以及减去最大值为什么不改变结果",
    SOFTMAX_PAGE,
    (
        "softmax(z) = softmax(z - c) 对任何常数 c 都成立；"
        "取 c = z.max()，最大的一项就是 exp(0) = 1。",
        "shifted = z - z.max()，再返回 shifted.exp() / shifted.exp().sum()。",
    ),
    '''\
def stable_softmax(z: torch.Tensor) -> torch.Tensor:
    """Softmax of a 1-D tensor of logits, computed without overflow: shift by the maximum first."""
    shifted = z - z.max()  # the largest entry becomes 0, so exp() stays in (0, 1]
    return shifted.exp() / shifted.exp().sum()''',
)
def check_softmax(softmax: object) -> str:
    """``softmax(z)`` of a 1-D tensor: correct, and free of overflow and underflow."""
    function = _function("softmax", softmax)
    cases = {
        "small": torch.tensor([1.0, 2.0, 3.0]),
        "large": torch.tensor([1000.0, 1001.0, 1002.0]),
        "negative": torch.tensor([-1000.0, -1001.0, -1002.0]),
        "wide": torch.tensor([-1000.0, 0.0, 1000.0]),
    }
    results = {}
    for name, z in cases.items():
        given = z.clone()
        got = _tensor("softmax(z) 的结果", _call("softmax", function, given))
        if not torch.equal(given, z):
            raise _Wrong(
                "函数改动了输入 z（原地运算，如 z -= z.max() 或 z.sub_()）："
                "请用 z - z.max() 得到新张量"
            )
        _shape("softmax(z) 的结果", got, tuple(z.shape))
        results[name] = got.detach().double()
    expected = {name: torch.softmax(z.double(), dim=0) for name, z in cases.items()}
    small, z = results["small"], cases["small"].double()
    if not _close(small, expected["small"]):
        if _close(small, torch.softmax(-z, dim=0)):
            raise _Wrong("结果对应的是 softmax(-z)：指数里不要加负号")
        if _close(small, torch.log_softmax(z, dim=0)):
            raise _Wrong("这是 log-softmax：softmax 要返回概率，exp(z) / exp(z).sum()")
        if _close(small, z.exp()) or _close(small, (z - z.max()).exp()):
            raise _Wrong(
                f"结果的和应为 1，得到 {float(small.sum()):.4g}：是否忘了除以 exp 的总和？"
            )
        raise _Wrong(
            f"z = [1, 2, 3] 时结果应为 {[round(x, 4) for x in expected['small'].tolist()]}"
        )
    for name, text in (
        (
            "large",
            "z = [1000, 1001, 1002] 时结果含 nan 或不对：exp(1000) 溢出成 inf，inf / inf = nan",
        ),
        (
            "negative",
            "z = [-1000, -1001, -1002] 时结果含 nan 或不对：exp(-1000) 下溢成 0，0 / 0 = nan",
        ),
        (
            "wide",
            "z = [-1000, 0, 1000] 时结果含 nan 或不对：要减去的是最大值（不是最小值或平均值）",
        ),
    ):
        if not _close(results[name], expected[name]):
            raise _Wrong(f"{text}——先减去最大值 z - z.max()，最大的一项就是 exp(0) = 1")
    return "结果正确，很大和很小的输入都不会溢出。"


# -- hint_xxx() and solution_xxx() for every exercise ------------------------------------------

for _name, _ex in EXERCISES.items():
    globals()[f"hint_{_name}"] = _ex.hint
    globals()[f"solution_{_name}"] = _ex.show_solution

__all__ = [
    "EXERCISES",
    "Exercise",
    "Feedback",
    *(f"{kind}_{name}" for name in EXERCISES for kind in ("check", "hint", "solution")),
]
