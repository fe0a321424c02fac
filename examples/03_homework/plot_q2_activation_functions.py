"""
问题 2：激活函数有哪些作用？
============================

**简答。**激活函数最根本的作用是给网络引入**非线性**。一个全连接层是仿射变换
:math:`x \\mapsto Wx + b`；两个仿射变换的复合仍是仿射变换：

.. math::

   W_2 (W_1 x + b_1) + b_2 = (W_2 W_1)\\, x + (W_2 b_1 + b_2).

所以不论叠多少层，只要层与层之间没有非线性函数，整个网络就等价于**一个**线性层：分类时它只能用
直线（高维时是超平面）划分类别，螺旋这样的数据根本分不开。在层与层之间加上激活函数
:math:`\\sigma`，网络就不再塌缩。能表示多少函数，由**万能近似定理**（Cybenko 1989；Hornik 1991；
Leshno 等 1993）回答。它的两个条件是：

* :math:`\\sigma` 连续且**不是多项式**（sigmoid、tanh、ReLU、GELU 都满足）；
* 被近似的是**紧集**（有界闭集，例如一个正方形）上的连续函数，定理不管这个集合之外。

结论是：对任意精度 :math:`\\varepsilon > 0`，**存在**某个有限的宽度和某组权重，使单隐藏层、
线性输出的网络 :math:`W_2\\,\\sigma(W_1 x + b_1) + b_2` 在这个集合上处处（按上确界范数）与目标函数
相差不到 :math:`\\varepsilon`。“足够宽”是结论的一部分，不是条件：需要的宽度随 :math:`\\varepsilon`
和目标函数而变。

多项式为什么不行：:math:`\\sigma` 是 :math:`k` 次多项式时，单隐藏层网络不论多宽，算出的都是
次数不超过 :math:`k` 的多项式，逼近不了这之外的函数。定理只说这样的权重**存在**，既不说需要多宽，
也不保证训练能找到它们。

激活函数的选择还影响**训练**：反向传播时梯度要逐层乘以激活函数的导数 :math:`\\sigma'`，
导数太小（sigmoid 的导数最大只有 1/4，两端饱和时接近 0），在权重不大（谱范数不超过约 1）时
会让深层网络的梯度消失（见问题 3）；
ReLU 在正半轴导数恒为 1，计算也最便宜，是最常用的默认选择；LeakyReLU 在负半轴留一个小斜率，
避免神经元“死掉”
（输入恒为负时 ReLU 的梯度恒为 0）；GELU 是平滑版的 ReLU，常用于 Transformer。输出层的激活函数
则决定输出的含义，例如 sigmoid 给出 0–1 之间的概率、softmax 给出类别分布（见问题 5）。

本页做三件事：画出常见激活函数及其导数；数值验证没有激活函数时多层线性层塌缩成一个仿射变换；
在螺旋数据上用同一个网络结构比较五种激活函数和不加激活（identity），再加上一个定理不覆盖的
多项式激活 :math:`x^2`。
"""

# %%
# 常见激活函数及其导数
# --------------------
#
# 导数用 autograd 求：对 :math:`\sigma(x)` 的和求梯度，得到每个点的 :math:`\sigma'(x)`。
# LeakyReLU 用 PyTorch 默认的负半轴斜率 0.01（图上几乎看不出来）。
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import spiral_tut
from spiral_tut import (
    ACTIVATIONS,
    accuracy,
    fit,
    linear_model,
    make_spiral,
    mlp,
    plot_model,
    train_test_split,
)

spiral_tut.set_default(figsize=(10, 4), theme="transparent")

x = torch.linspace(-4, 4, 401, requires_grad=True)
fig, axes = plt.subplots(2, 3, figsize=(9, 5), sharex=True, layout="constrained")
print(f"{'activation':<11} {'min slope':>9} {'max slope':>9}   (on [-4, 4])")
for ax, (name, layer) in zip(axes.flat, ACTIVATIONS.items(), strict=True):
    out = layer()(x)
    (slope,) = torch.autograd.grad(out.sum(), x)
    ax.plot(x.detach(), out.detach(), label="sigma(x)")
    ax.plot(x.detach(), slope, "--", label="sigma'(x)")
    ax.set_title(name)
    ax.set_ylim(-1.3, 2.3)
    ax.grid(alpha=0.3)
    print(f"{name:<11} {slope.min().item():>9.3f} {slope.max().item():>9.3f}")
axes[0, 0].legend(loc="upper left")
for ax in axes[1]:
    ax.set_xlabel("x")

# %%
# 从导数的最大值一栏可以读出：sigmoid 的导数不超过 1/4，tanh 不超过 1，ReLU 在正半轴恒为 1。
#
# 没有激活函数：多层线性层塌缩成一个仿射变换
# ------------------------------------------
#
# 课程里的第一个模型 ``linear_model()`` 是 ``Linear(2, 100) → Linear(100, 3)``，中间没有激活函数。
# 把它的权重按上面的公式合成为 :math:`W = W_2 W_1`、:math:`b = W_2 b_1 + b_2`，得到一个
# ``Linear(2, 3)``，在螺旋数据上比较两者的输出。再对 4 个隐藏层的 ``mlp(activation="identity")``
# 做同样的事。


def collapse(model: nn.Sequential) -> nn.Linear:
    """Compose a stack of Linear (and Identity) layers into ONE Linear layer."""
    linears = [layer for layer in model if isinstance(layer, nn.Linear)]
    weight, bias = linears[0].weight, linears[0].bias
    for layer in linears[1:]:
        weight, bias = layer.weight @ weight, layer.weight @ bias + layer.bias
    single = nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        single.weight.copy_(weight)
        single.bias.copy_(bias)
    return single


X, y = make_spiral(n_per_class=200, device="cpu")
torch.manual_seed(0)
for name, stacked in (
    ("linear_model()", linear_model()),
    ('mlp(depth=4, activation="identity")', mlp(depth=4, activation="identity")),
):
    single = collapse(stacked)
    with torch.no_grad():
        difference = (stacked(X) - single(X)).abs().max().item()
        scale = stacked(X).abs().max().item()
    n_params = sum(p.numel() for p in stacked.parameters())
    print(f"{name}: {n_params} parameters")
    print(f"    vs ONE Linear(2, 3), {sum(p.numel() for p in single.parameters())} parameters:")
    print(f"    max |difference| of outputs = {difference:.2e} (outputs up to {scale:.2f})")

# %%
# 差异只是 float32 的舍入误差量级：几百到几万个参数的多层“线性网络”与一个只有 9 个参数的
# ``Linear(2, 3)`` 计算的是同一个函数。训练也改变不了这一点——训练只改变 :math:`W_1, W_2`
# 的数值，合成后仍是一个线性层。
#
# 同一个网络，换激活函数
# ----------------------
#
# 网络结构固定为 2 个隐藏层、每层 64 个神经元，只换激活函数；Adam（学习率 0.01）全批量训练
# 150 轮，80% 的点训练、20% 的点测试。每种激活函数用 3 个随机种子初始化（种子相同，即每种激活函数
# 从同样的随机数出发），表中给出 3 次的平均值±样本标准差。除了 ``ACTIVATIONS`` 里的六种（五种
# 激活函数和不加激活的 ``identity``），再加一个多项式激活 :math:`\sigma(x) = x^2`：万能近似定理的
# 条件排除了它（两层 :math:`x^2` 的网络算出的是输入的至多 4 次多项式）。


class Square(nn.Module):
    """The polynomial activation x -> x**2 (excluded by the universal approximation theorem)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * x


CANDIDATES = {**{name: name for name in ACTIVATIONS}, "square": Square()}
SEEDS = (0, 1, 2)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
print(f"{len(X_train)} training points, {len(X_test)} test points (one split for every seed):")
print(f"one test point is {1 / len(X_test):.3f} of test accuracy")
fig, axes = plt.subplots(2, 4, figsize=(10, 5.4), layout="constrained")
axes[-1, -1].axis("off")  # seven panels in a 2 x 4 grid
print(f"mean ± sample std (ddof=1) over {len(SEEDS)} seeds (only the initialisation changes)")
print(f"{'activation':<11} {'train acc':>13} {'test acc':>13} {'final loss':>15}")
results = {}  # name -> array of (train acc, test acc, final loss), one row per seed
for ax, (name, activation) in zip(axes.flat, CANDIDATES.items(), strict=False):
    rows = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        model = mlp(2, 64, 3, depth=2, activation=activation)
        history = fit(model, X_train, y_train, optimizer="adam", lr=1e-2, epochs=150, log_every=0)
        rows.append((accuracy(model, X_train, y_train), accuracy(model, X_test, y_test)))
        rows[-1] += (history.loss[-1],)
        if seed == SEEDS[0]:
            plot_model(X_train, y_train, model, ax=ax, title=f"{name}: test acc {rows[-1][1]:.2f}")
    results[name] = np.array(rows)
    mean, std = results[name].mean(axis=0), results[name].std(axis=0, ddof=1)
    print(
        f"{name:<11} {mean[0]:>6.3f}±{std[0]:.3f} {mean[1]:>6.3f}±{std[1]:.3f} "
        f"{mean[2]:>8.4f}±{std[2]:.4f}"
    )
# sphinx_gallery_thumbnail_number = 2

# What the text below says, as checks: without an activation the network stays near a linear
# classifier; every other activation, x**2 included, separates the arms; apart from sigmoid they
# tie on test accuracy; sigmoid ends with the highest training loss of the non-linear ones.
mean_test = {name: rows[:, 1].mean() for name, rows in results.items()}
mean_loss = {name: rows[:, 2].mean() for name, rows in results.items() if name != "identity"}
tied = [acc for name, acc in mean_test.items() if name not in ("identity", "sigmoid")]
assert mean_test["identity"] < 0.7
assert all(acc > 0.9 for name, acc in mean_test.items() if name != "identity"), mean_test
assert max(tied) - min(tied) <= 1 / len(X_test) + 1e-9, mean_test  # at most one test point
assert max(mean_loss, key=mean_loss.get) == "sigmoid", mean_loss

# %%
# **这个测量说明了什么？**``identity``（即没有激活函数）的网络只能画出直线边界：上一节已经验证，
# 它就是一个线性分类器，准确率也只有线性分类器的水平（见上表 ``identity`` 一行）。五种激活函数
# 和 :math:`x^2` 都把三条螺旋臂分开了；
# 除 sigmoid 外，五种在这份数据、这个网络和这个训练预算下打成了平手：测试集准确率的平均值之差
# 不超过一个测试点（见输出开头的分辨率）。注意 3 个种子只改变初始化，用的是同一次训练/测试划分，
# 测试集也只有一百多个点，所以这里测不出更小的差别，“平手”只是“这个测量分不出来”。
# sigmoid 学得最慢：3 个种子的平均最终损失最高，150 轮时准确率也稍低。原因本页没有测量；这里用的是
# Adam，它按梯度的大小归一化每个参数的步长，所以 sigmoid 的导数小本身并不会让 Adam 变慢。
# 可能的原因是 sigmoid 近似线性的区域更宽、斜率更小：:math:`\sigma(x) = (1 + \tanh(x/2))/2`，线性区
# 是 tanh 的两倍宽、斜率只有 1/4（要把输入推到弯曲的区域才能画出弯曲的边界），以及它的
# 输出不以 0 为中心（均值约 1/2）。
# 几种激活得到的决策边界大同小异：数据本身决定了边界大致的样子，激活函数只影响细节（ReLU 网络
# 计算的是分段线性函数，由许多小平面拼成）。
#
# 平手说明的只是：**在这份数据上**、这个预算下，这几种非线性都够用。它**不能**说明“任何非线性都行”：
# :math:`x^2` 在这里同样分开了螺旋臂，可它不满足万能近似定理的条件，两层 :math:`x^2` 网络只能表示
# 至多 4 次的多项式，换一个更复杂的目标函数就不够了。一份数据上的平手检验不出“万能”，这正是为什么
# 要有定理和它的条件。这个实验也**不能**说明哪种激活函数普遍最好：网络只有两层，训练轮数、学习率
# 都是固定的一组；在更深的网络上差别会大得多（问题 1 和问题 3 中 sigmoid 的深层网络几乎学不动）。
#
# 动手试试
# --------
#
# * 把 ``depth=2`` 改成 6：哪些激活函数还学得好？把优化器换成 ``"sgd"`` 呢？
# * 把 ``mlp(2, 64, 3, ...)`` 的宽度 64 改成 8：分段线性（ReLU）的边界会变得怎样？
# * 在 ``ACTIVATIONS`` 之外自己传一个模块试试，例如 ``activation=nn.LeakyReLU(0.3)`` 或
#   ``nn.SiLU()``、``nn.ELU()``。
# * 在 ``collapse`` 的例子里把 ``activation="identity"`` 改成 ``"relu"``：输出还相同吗？差多少？
# * 把比较中的 ``depth=2`` 改成 1：这时 ``square`` 网络只能表示至多 2 次的多项式，还能分开
#   三条螺旋臂吗？
