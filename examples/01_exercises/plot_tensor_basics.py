"""
PyTorch 基础练习
================

课程页面第 4.1 节的全部操作，逐个运行，每一步的输出就在它下面：创建张量、数据类型、
随机数、索引与切片、矩阵乘法、转置、等差数列、随机数直方图和拼接；另外补上了课程提到却没有演示的
``reshape``/``view``、广播、自动求导和 GPU。页面末尾的“勘误”列出了与课程页面不同的地方。

说明里标着**练习**的代码，在页面底部的“练习版”笔记本里被挖空，要你自己写；紧跟着的 ``check_...``
单元格检查你的答案，说明哪里对、哪里不对。本页运行的是参考答案，所以每个检查都输出“正确”。

PyTorch 是一个 Python 库，主要提供两项功能：

- GPU 加速的张量计算；
- 建立在反向自动求导系统之上的深度神经网络。

本页先练习第一项，最后演示第二项的基础：自动求导。张量（tensor）是数字各种形式的总称：一个数、一个向量、一个矩阵，或者任意维度的数组。
"""

# %%
# 1. 定义数据
# -----------
#
# 先导入 PyTorch 和 matplotlib。``set_default`` 来自本仓库的 ``spiral_tut`` 包，设置图片大小，
# 并让图片背景透明，在浅色和深色页面上都看得清。

import math

import matplotlib.pyplot as plt
import torch

from spiral_tut import set_default
from spiral_tut.exercises import (
    check_autograd,
    check_broadcasting,
    check_creation,
    check_indexing,
    check_matvec,
    check_reshape,
    check_sequences,
    check_uniform,
)

set_default(figsize=(6, 3.5), theme="transparent")

# %%
# 张量可以是一个数（标量）。它是 0 维的：形状 ``torch.Size([])`` 里没有任何维度。

x = torch.tensor(666)
print(x)
print("shape:", x.shape, "ndim:", x.ndim)

# %%
# 可以是一维数组（向量）：

x = torch.tensor([1, 2, 3, 4, 5, 6])
print(x)

# %%
# 可以是二维数组（矩阵）。``torch.ones(2, 3)`` 的第一个参数是行数，第二个是列数：

x = torch.ones(2, 3)
print(x)

# %%
# 也可以是任意维度的数组（张量）。形状 ``(2, 3, 4)`` 可以看成 2 个 3 行 4 列的矩阵：

x = torch.ones(2, 3, 4)
print(x)
print("shape:", x.shape)

# %%
# 数据类型
# ~~~~~~~~
#
# 张量支持多种数据类型（``dtype``）：浮点数 ``float32``、``float64``、``float16``，整数 ``uint8``、
# ``int8``、``int16``、``int32``、``int64``。它们的区别是每个元素占几个字节、能表示多大的范围。
# 下面逐个列出。浮点数的 ``min`` 是绝对值最大的有限负数，等于 ``-max``（代码里用 ``assert`` 检查）：

dtypes = [
    torch.float32,
    torch.float64,
    torch.float16,
    torch.uint8,
    torch.int8,
    torch.int16,
    torch.int32,
    torch.int64,
]
for dtype in dtypes:
    size = torch.zeros(1, dtype=dtype).element_size()
    if dtype.is_floating_point:
        info = torch.finfo(dtype)
        assert info.min == -info.max, dtype
        low, high = f"{info.min:.4g}", f"{info.max:.4g}"
    else:
        info = torch.iinfo(dtype)
        low, high = str(info.min), str(info.max)
    print(f"{str(dtype):14} {size} byte(s)   min {low:>21}   max {high:>20}")
print("default dtype for floats:", torch.get_default_dtype())

# %%
# 创建张量的方法很多：``ones``、``zeros``、``eye``、``arange``、``linspace``、``rand``、``randn``、
# ``normal``、``randperm`` 等，下面演示最常用的几个。
#
# 未初始化的张量 ``empty``
# ~~~~~~~~~~~~~~~~~~~~~~~~~~
#
# ``torch.empty(5, 3)`` 只向系统要一块能放下 5×3 个浮点数的内存，**不做初始化**：里面的值是这块内存
# 之前留下的任意字节，可能是 0、极小或极大的数，甚至 ``nan``，每次运行都可能不同。课程页面上打印出的
# 那些奇怪数字就是这样来的。``empty`` 比 ``zeros`` 省去了填 0 的时间，适合马上就会被整体覆盖的张量；
# 在写入之前读取它的值没有意义。所以这里只打印形状和类型：

x = torch.empty(5, 3)
print(x.shape, x.dtype)

# %%
# 调试时可以让 PyTorch 把未初始化的内存填成 ``nan``：打开“确定性算法”模式后，``empty`` 返回的
# 浮点张量全是 ``nan``，误用未初始化的值就很容易发现。用完再关掉：

torch.use_deterministic_algorithms(True)
print(torch.empty(5, 3))
torch.use_deterministic_algorithms(False)

# %%
# 随机张量 ``rand``
# ~~~~~~~~~~~~~~~~~
#
# ``torch.rand`` 生成 :math:`[0, 1)` 区间上均匀分布的随机数。先用 ``torch.manual_seed`` 固定
# 随机数种子，每次运行就会得到同样的“随机”数，结果可以复现。

torch.manual_seed(0)
x = torch.rand(5, 3)
print(x)

# %%
# 均匀分布 ``uniform_``
# ~~~~~~~~~~~~~~~~~~~~~
#
# 其他区间上的均匀分布用 ``uniform_(from, to)``：它把已有张量的每个元素原地（方法名末尾的 ``_``
# 表示原地修改）替换成 :math:`[from, to)` 上均匀分布的随机数。
#
# **练习**：生成 1000 个 :math:`[-1, 1)` 上均匀分布的随机数 ``u``。

### BEGIN SOLUTION
torch.manual_seed(0)
u = torch.empty(1000).uniform_(-1, 1)
### END SOLUTION
print(f"min {u.min():.4f}, max {u.max():.4f}, mean {u.mean():.4f}")

# %%

check_uniform(u)

# %%
# 全 0 张量 ``zeros``
# ~~~~~~~~~~~~~~~~~~~
#
# **练习**：创建一个 5 行 3 列、数据类型为 ``long``（即 ``int64``）的全 0 张量 ``x``。

### BEGIN SOLUTION
x = torch.zeros(5, 3, dtype=torch.long)
### END SOLUTION
print(x)

# %%

check_creation(x)

# %%
# 基于已有的张量创建新张量：``new_ones`` 等 ``new_*`` 方法沿用原张量的 ``dtype`` 和 ``device``
# （所在设备），所以下面的 ``y`` 也是整数：

y = x.new_ones(5, 3)
print(y)
print(y.dtype)

# %%
# ``randn_like`` 沿用原张量的形状，这里重新指定 ``dtype`` 为浮点数。``randn`` 生成均值为 0、方差为 1
# 的正态分布随机数：

torch.manual_seed(0)
z = torch.randn_like(x, dtype=torch.float)
print(z)

# %%
# 2. 定义操作
# -----------
#
# 课程把用张量做的各种运算分为三类（其中“布尔运算”一类的分法有误，见下面的说明和页末勘误）：
#
# - 基本运算：加减乘除、求幂求余，如 ``abs``、``sqrt``、``div``、``exp``、``fmod``、``pow``，
#   三角函数 ``cos``、``sin``、``asin``、``atan2``、``cosh``，以及取整 ``ceil``、``round``、
#   ``floor``、``trunc``；
# - 布尔运算：大于小于、最大最小，如 ``gt``、``lt``、``ge``、``le``、``eq``、``ne``、``topk``、
#   ``sort``、``max``、``min``；
# - 线性运算：矩阵乘法、求模、求行列式，如 ``trace``、``diag``、``mm``、``bmm``、``t``、``dot``、
#   ``cross``、``inverse``、``svd``。
#
# 下面用一个 2×4 的矩阵 ``m`` 来练习。注意大写的 ``torch.Tensor`` 总是创建默认浮点类型
# （``torch.get_default_dtype()``，没有改过就是 ``float32``）的张量，小写的 ``torch.tensor``
# 则根据数据推断类型（整数列表得到 ``int64``）。

m = torch.Tensor([[2, 5, 3, 7], [4, 2, 1, 9]])
print(m.dtype, torch.tensor([[2, 5, 3, 7], [4, 2, 1, 9]]).dtype)

print(m.size(0), m.size(1), m.size(), sep=" -- ")

# %%
# 课程列出的这些函数里，只有比较运算（``gt``、``lt``、``ge``、``le``、``eq``、``ne``）的结果是布尔
# 张量；``max``、``min``、``sort``、``topk`` 返回的是数值（和它们的下标），属于“比较与排序”，
# 不是布尔运算：

print(m.gt(3))
print("gt:", m.gt(3).dtype, "  max:", m.max().dtype, "  sort:", m.sort().values.dtype)
print(m.max(), m.min())
print(torch.topk(m[0], k=2))

# %%
# 元素个数（2×4 = 8）：

print(m.numel())

# %%
# 第 0 行第 2 列的数（下标从 0 开始）：

print(m[0][2])

# %%
# **练习**：取出 ``m`` 的第 1 列的全部元素 ``column``（``:`` 表示这一维全取）和第 0 行的全部元素
# ``row``：

### BEGIN SOLUTION
column = m[:, 1]
row = m[0, :]
### END SOLUTION
print(column)
print(row)

# %%

check_indexing(m, column, row)

# %%
# 等差数列
# ~~~~~~~~
#
# ``torch.arange(1, 5)`` 生成从 1 开始、到 5 之前为止的整数，所以结果是 1 到 4，没有 5。
# ``torch.linspace(3, 8, 20)`` 在 3 和 8 之间（包含两端）均匀地取 20 个点。
#
# **练习**：用这两个函数得到 ``v``（1 到 4）和 ``grid``（3 到 8 之间的 20 个点）。

### BEGIN SOLUTION
v = torch.arange(1, 5)
grid = torch.linspace(3, 8, 20)
### END SOLUTION
print(v, v.dtype)
print(grid)

# %%

check_sequences(v, grid)

# %%
# 矩阵乘法
# ~~~~~~~~
#
# ``m @ v`` 是矩阵与向量的乘法：结果的每个元素是 ``m`` 的一行与 ``v`` 的点积。但 ``v`` 是整数
# （``int64``），``m`` 是浮点数（``float32``），PyTorch 的矩阵乘法不会自动转换类型，直接相乘会报错：

try:
    print(m @ v)
except RuntimeError as error:
    print("RuntimeError:", error)

# %%
# **练习**：把 ``v`` 转成浮点数，再算 ``mv = m @ v``。第 0 个元素应是
# :math:`2 \cdot 1 + 5 \cdot 2 + 3 \cdot 3 + 7 \cdot 4`：

### BEGIN SOLUTION
v = v.float()
mv = m @ v
### END SOLUTION
print(mv)

# %%

check_matvec(m, v, mv)

# %%
# ``m[[0], :]`` 用列表 ``[0]`` 做下标，取出的第 0 行仍是一个 1×4 的矩阵（而 ``m[0, :]`` 是
# 长度为 4 的向量），所以乘积是只有一个元素的向量：

print(m[[0], :].shape)
print(m[[0], :] @ v)

# %%
# 加上一个 2×4 的随机张量（逐元素相加）：

torch.manual_seed(0)
print(m + torch.rand(2, 4))

# %%
# 转置：由 2×4 变为 4×2。``transpose(0, 1)`` 可以交换任意两个维度，这里效果相同：

print(m.t())
print(m.transpose(0, 1))

# %%
# ``m.t()`` 只用于不超过二维的张量：0 维和 1 维张量原样返回，三维张量会报错：

print(torch.tensor(5).t(), torch.arange(3).t())
try:
    torch.ones(2, 3, 4).t()
except RuntimeError as error:
    print("RuntimeError:", error)

# %%
# 改变形状 ``reshape`` 与 ``view``
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
#
# ``reshape`` 和 ``view`` 改变形状而不改变元素的顺序：12 个数按行依次填进新的形状。维度写 ``-1``
# 时由元素个数推算。转置则不同，它交换维度，元素的排列顺序变了。
#
# **练习**：把 ``t = torch.arange(12)`` 变成 3 行 4 列的矩阵 ``r``，再用 ``view`` 变成 12 行 1 列的
# 列向量 ``col``。

t = torch.arange(12)
### BEGIN SOLUTION
r = t.reshape(3, 4)
col = t.view(12, 1)
### END SOLUTION
print(r)
print(col.shape)

# %%

check_reshape(t, r, col)

# %%
# ``view`` 不复制数据，新旧张量共用同一块内存，所以它要求新形状与原张量的步长（``stride``：沿每一维
# 前进一步，在内存中跨过几个元素）兼容，连续张量总满足这个条件。不连续的张量也可能满足：
# 隔一列取一列的 ``r[:, ::2]`` 不连续，但取出的 6 个元素在内存中等距排列，仍能 ``view`` 成一维：

every_other = r[:, ::2]
print("r[:, ::2] is contiguous:", every_other.is_contiguous(), " stride:", every_other.stride())
print(every_other.view(6))

# %%
# 转置后的 ``r.t()`` 不满足：按行读它的元素，在内存中忽前忽后，没有一个步长能描述，``view`` 会报错；
# ``reshape`` 则在必要时复制一份：

print("r.t() is contiguous:", r.t().is_contiguous(), " stride:", r.t().stride())
try:
    r.t().view(12)
except RuntimeError as error:
    print("RuntimeError:", str(error).split(".")[0])
print(r.t().reshape(12))

# %%
# 广播
# ~~~~
#
# 形状不同的两个张量做逐元素运算时，PyTorch 从最后一维开始对齐两个形状：长度相同，或其中一个为 1
# （或缺少这一维），就把它沿这一维复制到相同长度——这叫广播（broadcasting）。例如 (5, 3) 的矩阵
# 减去 (3,) 的向量，向量被复制到每一行。
#
# **练习**：``X`` 是 5×3 的矩阵，让它的每一列都减去这一列的均值，得到 ``centered``。

torch.manual_seed(0)
X = torch.randn(5, 3) * 2 + 1
print(X.shape, X.mean(dim=0).shape)
### BEGIN SOLUTION
centered = X - X.mean(dim=0)
### END SOLUTION
print(centered.mean(dim=0).abs().max() < 1e-6)

# %%

check_broadcasting(X, centered)

# %%
# 随机数的直方图
# ~~~~~~~~~~~~~~
#
# ``torch.randn(1000)`` 生成 1000 个标准正态分布（均值 0、方差 1）的随机数，用 100 个区间（bin）
# 统计直方图。纵轴用“密度”，这样可以和标准正态分布的密度曲线
# :math:`p(x) = \frac{1}{\sqrt{2\pi}} e^{-x^2/2}` 画在一起比较。``.numpy()`` 把张量转换成
# NumPy 数组。


def normal_histogram(samples: torch.Tensor, title: str) -> tuple[float, float]:
    """Histogram of ``samples`` (100 bins, as a density) with the N(0, 1) density on top.

    Returns the sample mean and standard deviation.
    """
    fig, ax = plt.subplots(layout="constrained")
    ax.hist(samples.numpy(), bins=100, density=True, label="histogram, 100 bins")
    grid = torch.linspace(-4, 4, 200)
    density = torch.exp(-(grid**2) / 2) / math.sqrt(2 * math.pi)
    ax.plot(grid.numpy(), density.numpy(), label="N(0, 1) density")
    ax.set(title=title, xlabel="value", ylabel="density", xlim=(-4.5, 4.5))
    ax.legend(loc="upper right")
    mean, std = samples.mean().item(), samples.std().item()
    print(f"{len(samples)} samples: mean {mean:.4f}, std {std:.4f}")
    return mean, std


torch.manual_seed(0)
mean_small, std_small = normal_histogram(torch.randn(1000), "1,000 samples of torch.randn")

# %%
# 数据非常多的时候，正态分布体现得非常明显：一百万个随机数的直方图几乎与密度曲线重合。
# 样本的均值和标准差也更接近 0 和 1，下面的最后一行把两次的偏差并排打印，``assert`` 检查这一点：

# sphinx_gallery_thumbnail_number = 2
torch.manual_seed(0)
mean_large, std_large = normal_histogram(torch.randn(10**6), "1,000,000 samples of torch.randn")
print(
    f"|mean - 0|: {abs(mean_small):.4f} -> {abs(mean_large):.4f},   "
    f"|std - 1|: {abs(std_small - 1):.4f} -> {abs(std_large - 1):.4f}"
)
assert abs(mean_large) < abs(mean_small) and abs(std_large - 1) < abs(std_small - 1)

# %%
# 拼接
# ~~~~
#
# 创建两个 1×4 的张量。``torch.cat`` 沿第 0 维（行的方向，纵向）拼接，得到 2×4 的矩阵：

a = torch.Tensor([[1, 2, 3, 4]])
b = torch.Tensor([[5, 6, 7, 8]])

print(torch.cat((a, b), 0))

# %%
# 沿第 1 维（列的方向，横向）拼接，得到 1×8 的矩阵：

print(torch.cat((a, b), 1))

# %%
# 3. 自动求导
# -----------
#
# 创建张量时加上 ``requires_grad=True``，PyTorch 就记下用它做的每一步运算（计算图）；对结果调用
# ``backward()``，梯度就存进张量的 ``.grad``。训练神经网络时，损失对每个参数的梯度就是这样算出来的。
#
# **练习**：对 ``w = [1, -2, 3]`` 算 ``loss = (w**2).sum()`` 的梯度。手算的结果是 :math:`2w`。

### BEGIN SOLUTION
w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
loss = (w**2).sum()
loss.backward()
### END SOLUTION
print(w.grad)

# %%

check_autograd(w)

# %%
# 4. 在 GPU 上计算
# ----------------
#
# 张量可以放在 GPU 上计算：``.to(device)`` 在需要时把它复制到指定设备（已经在那里就原样返回），
# 参与同一运算的张量必须在同一设备上。
# 没有 GPU 时（例如构建本站的机器）下面的代码就用 CPU，同样能运行；在有 GPU 的 Colab 上它会用 GPU。

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("cuda available:", torch.cuda.is_available(), "-> device:", device)
m_device = m.to(device)
product = m_device @ v.to(device)
print(product.device, product.cpu())

# %%
# 还有很多
# --------
#
# 张量的操作还有非常多，需要时可以查阅 `PyTorch 官方文档 <https://pytorch.org/docs/stable/torch.html>`__。
# 下一个练习
# :ref:`螺旋数据分类 <sphx_glr_auto_examples_01_exercises_plot_spiral_classification.py>`用这些
# 操作训练第一个神经网络。
#
# 勘误
# ----
#
# 本页的代码与课程页面第 4.1 节有以下不同：
#
# - **矩阵乘法会报错**：``v = torch.arange(1, 5)`` 得到的是整数张量（``int64``），而 ``m`` 是
#   ``float32``，在当前的 PyTorch 中 ``m @ v`` 会抛出上面那样的 ``RuntimeError``；课程页面的输出
#   ``tensor([49., 47.])`` 只有 ``v`` 是浮点数时才能得到。本页先 ``v = v.float()`` 再相乘。
# - **缺少 print**：课程中 ``m @ v``、``m[[0], :] @ v``、``m + torch.rand(2, 4)`` 和
#   ``torch.linspace(3, 8, 20)`` 没有 ``print``，只有写在 Notebook 单元格最后一行时才显示结果，
#   作为脚本运行时什么也不输出。本页都加上了 ``print``；随机数都先固定了种子。
# - **多余的输出**：课程中 ``plt.hist(torch.randn(10**6).numpy(), 100)`` 下面的“1000000”
#   不是这行代码的输出。
# - **注释**：“matlabplotlib”应为 matplotlib；“matplotlib 只能显示 numpy 类型的数据”并不准确，
#   它接受任何能转换成 NumPy 数组的数据，CPU 上的张量也可以直接传入（GPU 上的张量要先 ``.cpu()``），
#   显式调用 ``.numpy()`` 只是更清楚。“Scalar product”处其实是矩阵与向量的乘法，结果是向量。
#   “在 Y 方各上拼接”“在 X 方各上拼接”中的“方各”应为“方向”。
# - **布尔运算**：课程把 ``topk``、``sort``、``max``、``min`` 也列为布尔运算。它们返回数值和下标，
#   不是 ``True``/``False``；课程列出的函数里，只有 ``gt``、``lt``、``eq`` 这样的比较返回布尔张量。
#   本页把它们归为“比较与排序”。
# - ``torch.empty`` 的输出不是错误，但每次运行都不同，原因见上文。
