"""
问题 2：激活函数有哪些作用？
============================

**简答。** 激活函数最根本的作用是给网络引入 **非线性**。一个全连接层是仿射变换
:math:`x \\mapsto Wx + b`；两个仿射变换的复合仍是仿射变换：

.. math::

   W_2 (W_1 x + b_1) + b_2 = (W_2 W_1)\\, x + (W_2 b_1 + b_2).

所以不论叠多少层，只要层与层之间没有非线性函数，整个网络就等价于 **一个** 线性层：分类时它只能用
直线（高维时是超平面）划分类别，螺旋这样的数据根本分不开。在每层之后加上一个非线性的
激活函数 :math:`\\sigma`，网络 :math:`W_2\\,\\sigma(W_1 x + b_1) + b_2` 就能逼近任意连续函数
（万能逼近定理），层数越多，能拼出的“折线/曲面”越复杂。

激活函数的选择还影响 **训练**：反向传播时梯度要逐层乘以激活函数的导数 :math:`\\sigma'`，
导数太小（sigmoid 的导数最大只有 1/4，两端饱和时接近 0）会让深层网络的梯度消失（见问题 3）；
ReLU 在正半轴导数恒为 1，计算也最便宜，是最常用的默认选择；LeakyReLU 在负半轴留一个小斜率，
避免神经元“死掉”
（输入恒为负时 ReLU 的梯度恒为 0）；GELU 是平滑版的 ReLU，常用于 Transformer。输出层的激活函数
则决定输出的含义，例如 sigmoid 给出 0–1 之间的概率、softmax 给出类别分布（见问题 5）。

本页做三件事：画出常见激活函数及其导数；数值验证没有激活函数时多层线性层塌缩成一个仿射变换；
在螺旋数据上用同一个网络结构比较六种激活函数。
"""

# %%
# 常见激活函数及其导数
# --------------------
#
# 导数用 autograd 求：对 :math:`\sigma(x)` 的和求梯度，得到每个点的 :math:`\sigma'(x)`。
# LeakyReLU 用 PyTorch 默认的负半轴斜率 0.01（图上几乎看不出来）。
import matplotlib.pyplot as plt
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
# 同一个网络，六种激活函数
# ------------------------
#
# 网络结构固定为 2 个隐藏层、每层 64 个神经元，只换激活函数；每次用相同的随机种子初始化，
# Adam（学习率 0.01）全批量训练 300 轮，80% 的点训练、20% 的点测试。

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
fig, axes = plt.subplots(2, 3, figsize=(9, 6.4), layout="constrained")
print(f"{'activation':<11} {'train acc':>9} {'test acc':>9} {'final loss':>10}")
for ax, name in zip(axes.flat, ACTIVATIONS, strict=True):
    torch.manual_seed(0)
    model = mlp(2, 64, 3, depth=2, activation=name)
    history = fit(model, X_train, y_train, optimizer="adam", lr=1e-2, epochs=300, log_every=0)
    train_acc, test_acc = accuracy(model, X_train, y_train), accuracy(model, X_test, y_test)
    print(f"{name:<11} {train_acc:>9.3f} {test_acc:>9.3f} {history.loss[-1]:>10.4f}")
    plot_model(X_train, y_train, model, ax=ax, title=f"{name}: test acc {test_acc:.2f}")
# sphinx_gallery_thumbnail_number = 2

# %%
# **这个测量说明了什么？** ``identity``\ （即没有激活函数）的网络只能画出直线边界，准确率停在
# 线性分类器的水平，与课程里 ``linear_model`` 的表现相当；任何一种非线性激活都能把三条螺旋臂分开。
# sigmoid 在这个两层的小网络上也能学会，但最终损失最高（学得最慢）。几种非线性激活得到的边界
# 大同小异：数据本身决定了边界大致的样子，激活函数只影响细节（ReLU 网络计算的是分段线性函数，
# 由许多小平面拼成）。
#
# 这个实验 **不能** 说明哪种激活函数普遍最好：网络只有两层，训练轮数、学习率都是固定的一组；
# 在更深的网络上差别会大得多（问题 1 和问题 3 中 sigmoid 的深层网络几乎学不动）。
#
# 动手试试
# --------
#
# * 把 ``depth=2`` 改成 6：哪些激活函数还学得好？把优化器换成 ``"sgd"`` 呢？
# * 把 ``mlp(2, 64, 3, ...)`` 的宽度 64 改成 8：分段线性（ReLU）的边界会变得怎样？
# * 在 ``ACTIVATIONS`` 之外自己传一个模块试试，例如 ``activation=nn.LeakyReLU(0.3)`` 或
#   ``nn.SiLU()``、``nn.ELU()``。
# * 在 ``collapse`` 的例子里把 ``activation="identity"`` 改成 ``"relu"``：输出还相同吗？差多少？
