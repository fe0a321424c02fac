"""
多层感知器：隐藏层让数据变得线性可分
====================================

:ref:`上一节 <sphx_glr_auto_examples_02_theory_plot_1_perceptron.py>` 说明了
单层感知器只能画出一条直线，因此学不会异或。**多层感知器**（multi-layer perceptron, MLP）
在输入和输出之间加入隐藏层：

.. math::

   \\mathbf h = f(\\mathbf x W_1 + \\mathbf b_1), \\qquad
   \\mathbf z = \\mathbf h W_2 + \\mathbf b_2, \\qquad
   \\hat y = \\arg\\max_k z_k ,

其中 :math:`f` 是逐元素的非线性激活函数（这里用 :math:`\\tanh`）。
记号与 :ref:`理论笔记 <theory>`相同：:math:`\\mathbf x` 是行向量，:math:`W_1` 的形状是
:math:`d_\\text{in} \\times d_\\text{out}`。
输出层仍然只是一个**线性**分类器，但它看到的不再是原始输入 :math:`\\mathbf x`，
而是隐藏层的表示 :math:`\\mathbf h`。
训练让隐藏层学会一种变换，使数据在 :math:`\\mathbf h` 空间里变得线性可分。

如果没有非线性 :math:`f`，:math:`(\\mathbf x W_1 + \\mathbf b_1) W_2 + \\mathbf b_2`
仍然是一个仿射变换，多加几层也还是只能用直线划分平面——这就是课程代码里“线性模型”在螺旋数据上失败的原因。

下面把隐藏层设成 **2 个单元**，这样就能直接把 :math:`\\mathbf h` 画在平面上，亲眼看到这种变换。
"""

# %%
# 异或数据
# --------
#
# 与上一节类似：四个角 :math:`(\pm 0.5, \pm 0.5)` 周围各 50 个带噪声的点，
# 两个坐标同号为类 0，异号为类 1。

import matplotlib.pyplot as plt
import torch
from torch import nn

import spiral_tut
from spiral_tut import accuracy, fit, linear_model, mlp, plot_model

spiral_tut.set_default(figsize=(10, 3.8), theme="transparent")
torch.manual_seed(0)

corners = torch.tensor([[-0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [0.5, -0.5]])
X_xor = corners.repeat_interleave(50, dim=0) + 0.1 * torch.randn(200, 2)
y_xor = torch.tensor([0, 0, 1, 1]).repeat_interleave(50)

# %%
# 先训练一个没有隐藏层的线性分类器作为对照，再训练一个只有 2 个 tanh 隐藏单元的
# MLP：:math:`2 \to 2 \to 2`。两者都用 :func:`spiral_tut.fit` 训练：它就是
# :ref:`螺旋分类页 <sphx_glr_auto_examples_01_exercises_plot_spiral_classification.py>`上写出来的
# 训练循环（每步用全部数据，即全批量；这里选 Adam 优化器），没有另外指定时 ``weight_decay=1e-5``。
linear_xor = nn.Linear(2, 2)
fit(linear_xor, X_xor, y_xor, optimizer="adam", lr=0.05, epochs=300, log_every=0)

mlp_xor = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 2))
history = fit(mlp_xor, X_xor, y_xor, optimizer="adam", lr=0.05, epochs=300, log_every=0)

print(f"linear classifier accuracy on XOR: {accuracy(linear_xor, X_xor, y_xor):.3f}")
print(f"MLP 2-2-2 accuracy on XOR:         {accuracy(mlp_xor, X_xor, y_xor):.3f}")
print(f"MLP final training loss:           {history.loss[-1]:.4f}")
print(f"MLP parameters:                    {sum(p.numel() for p in mlp_xor.parameters())}")
assert (
    abs(accuracy(linear_xor, X_xor, y_xor) - 0.5) < 0.15 and accuracy(mlp_xor, X_xor, y_xor) > 0.95
)

# %%
# 隐藏层做了什么？
# ----------------
#
# 把每个点的隐藏层输出 :math:`\mathbf h = \tanh(\mathbf x W_1 + \mathbf b_1)` 画在平面上（右图）。
# 背景颜色是**输出层**在 :math:`\mathbf h` 空间里的决策区域：它是一个线性层，所以边界是一条直线。
# 灰色细线是输入空间中的网格线 :math:`x_1 = \text{const}`、:math:`x_2 = \text{const}`
# 经过隐藏层之后的样子。
#
# 隐藏层先做仿射变换 :math:`\mathbf x W_1 + \mathbf b_1`，再用单调的 :math:`\tanh` 把每个坐标压进
# :math:`(-1, 1)`。只要 :math:`W_1` 可逆（下面的代码打印并检查了它的行列式），这个映射就是一一的：
# 平面被**弯曲、挤压**，但不会被**折叠**——不同的输入仍落在不同的位置，网格不会叠成两层。2 个
# tanh 单元能解决异或，靠的是饱和：:math:`|\mathbf x W_1 + \mathbf b_1|` 大的点被压到正方形
# :math:`(-1, 1)^2` 的边上，平面被压成一条弯曲的窄带，同类的两个角被推到窄带的两端，
# 于是一条直线就能把另一类切出来（右图）。
hidden_xor = mlp_xor[:2]  # Linear + Tanh
output_xor = mlp_xor[2]
det_W1 = torch.linalg.det(hidden_xor[0].weight.detach()).item()
print(f"det(W1) = {det_W1:.2f}  (nonzero: x -> tanh(x W1 + b1) is one-to-one, it cannot fold)")
assert abs(det_W1) > 1e-3


def draw_grid(ax, transform=None, n_lines=9):
    """Draw the lines x1 = c and x2 = c of the input square, optionally mapped by `transform`."""
    t = torch.linspace(-1.0, 1.0, 100)
    for c in torch.linspace(-1.0, 1.0, n_lines):
        for line in (torch.stack([t, c.expand(100)], 1), torch.stack([c.expand(100), t], 1)):
            if transform is not None:
                with torch.no_grad():
                    line = transform(line)
            ax.plot(*line.T, color="0.5", lw=0.5, alpha=0.6, zorder=0)


with torch.no_grad():
    H_xor = hidden_xor(X_xor)

fig, axes = plt.subplots(1, 3, layout="constrained")
plot_model(X_xor, y_xor, linear_xor, ax=axes[0], title="linear classifier on x")
plot_model(X_xor, y_xor, mlp_xor, ax=axes[1], title="MLP on x")
draw_grid(axes[1])
plot_model(H_xor, y_xor, output_xor, ax=axes[2], title="output layer on h = tanh(x W1 + b1)")
draw_grid(axes[2], hidden_xor)
plt.show()

# %%
# 左图：线性分类器只能用一条直线切开平面，无论怎么放，四个角里总有一个被分错；
# 用交叉熵训练时它几乎什么也学不到，准确率只有一半左右。
# 中图：MLP 在输入空间里的决策区域不再是半平面（这里是一条斜带）。
# 右图：同一个 MLP，换到隐藏层的坐标里看，两类点被一条直线分开——
# 输出层做的事情和感知器一样，难的部分由隐藏层完成了。
#
# 螺旋数据：2 维瓶颈层
# --------------------
#
# 螺旋数据更难：三条相互缠绕的螺旋臂。我们用一个较宽的 MLP（两层各 64 个 ReLU 单元），
# 但在输出层之前加一个只有 **2 个单元**的瓶颈层（bottleneck）：
#
# .. math::
#
#    \mathbf x \in \mathbb R^2 \to \mathbb R^{64} \to \mathbb R^{64}
#    \to \mathbf h \in [-1, 1]^2 \xrightarrow{\text{linear}} \mathbf z \in \mathbb R^3 ,
#
# 其中 :math:`\mathbf h = \tanh(\mathbf a_2 W_3 + \mathbf b_3)` 是瓶颈层。
#
# 因为输出层是线性的，整个网络能分对的点，在 2 维的 :math:`\mathbf h` 空间里一定能被三类 softmax
# 线性分类器的凸决策区域分开；一般情况下，这三个区域由三条射线围成（权重退化时边界也可能是平行线）。
# 训练时用了比默认值 ``1e-5`` 大的权重衰减 ``weight_decay=1e-3``。为了看出它的作用，
# 只改这一个因素，用同一个种子再训练一个 ``weight_decay=1e-5`` 的网络作对照，
# 数一数瓶颈层有多少坐标饱和（:math:`|h_j| > 0.99`）、
# 有多少点的两个坐标都饱和（即被挤到正方形的角上）。
X, y = spiral_tut.make_spiral(n_per_class=200, seed=12345)
X_train, X_test, y_train, y_test = spiral_tut.train_test_split(X, y, test_size=0.25, seed=0)


def bottleneck_net(weight_decay: float) -> nn.Sequential:
    """Train the 2 -> 64 -> 64 -> 2 (tanh) -> 3 net from seed 1 with the given weight decay."""
    torch.manual_seed(1)
    body = mlp(2, 64, 2, depth=2, activation="relu")  # 2 -> 64 -> 64 -> 2
    model = nn.Sequential(body, nn.Tanh(), nn.Linear(2, 3))
    fit(
        model,
        X_train,
        y_train,
        optimizer="adam",
        lr=0.02,
        weight_decay=weight_decay,
        epochs=500,
        log_every=0,
    )
    return model


net = bottleneck_net(1e-3)
net_small_decay = bottleneck_net(1e-5)  # the control: only the weight decay differs

print(f"{'weight_decay':>12} {'test acc':>9} {'saturated coords':>17} {'points in a corner':>19}")
saturation = {}
for wd, model in ((1e-3, net), (1e-5, net_small_decay)):
    with torch.no_grad():
        H_all = model[:2](X)
    saturated = H_all.abs() > 0.99
    saturation[wd] = (saturated.float().mean().item(), saturated.all(dim=1).float().mean().item())
    test_acc = accuracy(model, X_test, y_test)
    print(f"{wd:>12.0e} {test_acc:>9.3f} {saturation[wd][0]:>17.1%} {saturation[wd][1]:>19.1%}")
assert saturation[1e-5][1] > 0.5 > 5 * saturation[1e-3][1]  # small decay: most points in a corner

linear_spiral = linear_model(2, 100, 3)
fit(linear_spiral, X_train, y_train, optimizer="adam", lr=0.01, epochs=300, log_every=0)

print(f"{'model':<28} {'train acc':>9} {'test acc':>9}")
for name, model in (
    ("linear model", linear_spiral),
    ("MLP with 2-unit bottleneck", net),
):
    train_acc, test_acc = accuracy(model, X_train, y_train), accuracy(model, X_test, y_test)
    print(f"{name:<28} {train_acc:>9.3f} {test_acc:>9.3f}")

# %%
# 默认的 ``1e-5`` 下，大部分点的两个坐标都饱和，被挤到正方形的角上（上表最后一列，代码断言了
# 它超过一半）；``1e-3`` 下被挤到角上的点少得多。这只是一个种子上的比较，说明的是瓶颈层的样子，
# 不是准确率。下面画的是 ``weight_decay=1e-3`` 的网络。
#
# 把瓶颈层的 2 维输出 :math:`\mathbf h` 画出来（右图，训练集与测试集的全部点），背景是输出层
# （一个 ``Linear(2, 3)``）在 :math:`\mathbf h` 空间里的决策区域：边界都是直线。
# 原本缠绕在一起的三条螺旋臂，被前面的层“拉直、分开”，在瓶颈层里（几乎）线性可分。
model_cpu = net.cpu()
X_cpu, y_cpu = X.cpu(), y.cpu()
with torch.no_grad():
    H = model_cpu[:2](X_cpu)  # body + Tanh: the 2-D bottleneck

fig, axes = plt.subplots(1, 3, layout="constrained")
plot_model(X_cpu, y_cpu, linear_spiral.cpu(), ax=axes[0], title="linear model on x")
plot_model(X_cpu, y_cpu, model_cpu, ax=axes[1], title="bottleneck MLP on x")
plot_model(H, y_cpu, model_cpu[2], ax=axes[2], title="output layer on bottleneck h")
plt.show()

# %%
# 输出层只是一个线性分类器：同样是线性分类器，放在原始输入上只能达到上面第二张表第一行的准确率，
# 放在学到的表示 :math:`\mathbf h` 上却能达到第二行的准确率。**深度网络的前面各层在学习表示
# （特征），最后一层在这个表示上做线性分类**——这是理解后面“逐层预训练”“自编码器”的关键。

# %%
# 动手试试
# --------
#
# * 把异或网络的 ``nn.Tanh()`` 去掉（只剩两个线性层），准确率会变成多少？为什么？
# * 在创建 ``mlp_xor`` 之前加一行 ``torch.manual_seed(k)``，试几个不同的 ``k``：
#   只有 2 个隐藏单元时，有些种子训练 300 轮后准确率明显低于 1（本页没有测量有多少、为什么）；
#   把隐藏层加宽到 4 或 8 个单元（此时就不能直接画出 :math:`\mathbf h` 了），
#   再数一数有几个种子失败。
# * 把 ``net_small_decay`` 的瓶颈层也画出来，与上面的图比较。
# * 把瓶颈宽度从 2 改成 1：三类螺旋数据在一维的直线上还能被分开吗？
