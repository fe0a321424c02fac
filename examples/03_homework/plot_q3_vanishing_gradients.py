r"""
问题 3：梯度消失现象是什么？
============================

**简答。** 训练深层网络时，反向传播算出的梯度在从输出层往输入层传的过程中越来越小，靠近输入的
那些层的梯度比靠近输出的层小好几个数量级，于是这些层的参数几乎不更新，网络“学不动”——这就是
**梯度消失**\ （vanishing gradients）。反过来梯度越传越大则是梯度爆炸。

**为什么会这样？** 设第 :math:`l` 层为 :math:`z_l = W_l a_{l-1} + b_l`，:math:`a_l = \sigma(z_l)`，
损失对 :math:`z_l` 的梯度记为 :math:`\delta_l`。链式法则给出

.. math::

   \delta_l = \sigma'(z_l) \odot \left(W_{l+1}^\top \delta_{l+1}\right),
   \qquad
   \frac{\partial L}{\partial W_l} = \delta_l\, a_{l-1}^\top .

每往前传一层，梯度就要乘一次 :math:`W^\top` 和一次激活函数的导数。对 sigmoid
:math:`\sigma(x) = 1/(1+e^{-x})`，有 :math:`\sigma'(x) = \sigma(x)(1-\sigma(x)) \le 1/4`，因此

.. math::

   \|\delta_1\| \le \prod_{l=2}^{L} \left(\tfrac14 \|W_l\|\right) \cdot \|\delta_L\| .

只要权重不大（:math:`\|W_l\| < 4`），这个乘积随层数 **指数级** 减小：:math:`L` 层就是
:math:`(1/4)^{L}` 这样的量级；若 :math:`z` 落在 sigmoid 的饱和区，:math:`\sigma'` 还远小于 1/4。
tanh 的导数最大为 1，
好一些，但两端同样饱和。

**补救办法**\ （都是让每层的“放大倍数”保持在 1 附近）：

* **ReLU** 类激活函数：正半轴导数恒为 1，不饱和。
* **合适的初始化**：让每层输出的方差不随层数变化。ReLU 用 He 初始化
  :math:`\mathrm{Var}(w) = 2/n_\text{in}`，tanh/sigmoid 用 Xavier 初始化。注意 PyTorch
  ``nn.Linear`` 的默认初始化是 :math:`U(-1/\sqrt{n_\text{in}}, 1/\sqrt{n_\text{in}})`，
  方差只有 :math:`1/(3 n_\text{in})`，对 ReLU 网络来说每层把信号的方差缩小到约 1/6，
  所以 *光换 ReLU 还不够*。
* **归一化**：BatchNorm 把每层的输入拉回均值 0、方差 1，sigmoid 就留在导数较大的区域。
* **残差连接**：:math:`h_{l+1} = h_l + F(h_l)`，雅可比矩阵是 :math:`I + \partial F/\partial h`，
  梯度可以沿恒等路径直接传回去（ResNet）。
* 另外还有逐层预训练（历史上）、LSTM 的门控（循环网络）、梯度裁剪（针对梯度爆炸）等。

下面在螺旋数据上测量 12 个隐藏层的网络每一层的梯度范数：先是初始化时，再是训练过程中。
"""

# %%
# 五个深层网络
# ------------
#
# 每个网络都是 12 个隐藏层、每层 32 个神经元，共 13 个权重矩阵（第 1 个紧挨输入，
# 第 13 个是输出层）。
#
# * ``sigmoid``、``relu``：``spiral_tut.mlp``，PyTorch 默认初始化；
# * ``relu + He init``：同一个 ReLU 网络，权重改用 He 初始化、偏置为 0；
# * ``sigmoid + BatchNorm``：每个 ``Linear`` 后面先 ``BatchNorm1d`` 再 sigmoid；
# * ``sigmoid + residual``：中间 11 层换成残差块 :math:`h \mapsto h + W\sigma(h) + b`。
#
# 每层的梯度范数 :math:`\|\partial L/\partial W_l\|` 由
# :func:`spiral_tut.gradients.layer_gradient_norms` 在整个训练集上算出（一次前向和反向传播，
# 不改动模型的 ``.grad``）。
import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import spiral_tut
from spiral_tut import accuracy, fit, make_spiral, mlp, train_test_split
from spiral_tut.gradients import GradientNormRecorder, layer_gradient_norms

spiral_tut.set_default(figsize=(10, 4), theme="transparent")

DEPTH, WIDTH = 12, 32


def he_init(model: nn.Module) -> nn.Module:
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    return model


def sigmoid_batchnorm() -> nn.Sequential:
    layers, width_in = [], 2
    for _ in range(DEPTH):
        # Full-batch training: every batch is the whole training set, so let the running
        # statistics used in eval mode be those of the latest batch (momentum=1.0).
        layers += [nn.Linear(width_in, WIDTH), nn.BatchNorm1d(WIDTH, momentum=1.0), nn.Sigmoid()]
        width_in = WIDTH
    return nn.Sequential(*layers, nn.Linear(WIDTH, 3))


class Residual(nn.Module):
    """h -> h + W sigmoid(h) + b: the identity path carries the gradient past the sigmoid."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.linear = nn.Linear(width, width)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return h + self.linear(torch.sigmoid(h))


def sigmoid_residual() -> nn.Sequential:
    blocks = [Residual(WIDTH) for _ in range(DEPTH - 1)]
    return nn.Sequential(nn.Linear(2, WIDTH), *blocks, nn.Sigmoid(), nn.Linear(WIDTH, 3))


BUILDERS = {
    "sigmoid": lambda: mlp(2, WIDTH, 3, DEPTH, "sigmoid"),
    "relu": lambda: mlp(2, WIDTH, 3, DEPTH, "relu"),
    "relu + He init": lambda: he_init(mlp(2, WIDTH, 3, DEPTH, "relu")),
    "sigmoid + BatchNorm": sigmoid_batchnorm,
    "sigmoid + residual": sigmoid_residual,
}

X, y = make_spiral(n_per_class=200, device="cpu")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)

# %%
# 初始化时每一层的梯度
# --------------------

models, at_init = {}, {}
for name, build in BUILDERS.items():
    torch.manual_seed(0)
    models[name] = build()
    at_init[name] = np.array(list(layer_gradient_norms(models[name], X_train, y_train).values()))

print(f"{'network':<20} {'layer 1':>9} {'layer 13':>9} {'layer 1 / layer 13':>19}")
for name, norms in at_init.items():
    print(f"{name:<20} {norms[0]:>9.2e} {norms[-1]:>9.2e} {norms[0] / norms[-1]:>19.2e}")
print(f"(1/4)^{DEPTH} = {0.25**DEPTH:.2e}  (the sigmoid bound over {DEPTH} layers)")

layer_numbers = np.arange(1, DEPTH + 2)
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
for name, norms in at_init.items():
    ax.plot(layer_numbers, norms, "o-", label=name)
ax.set_yscale("log")
ax.set_xlabel("layer (1 = next to the input, 13 = output layer)")
ax.set_ylabel("gradient norm ||dL/dW||")
ax.set_title(f"Gradient norm per layer at initialisation ({DEPTH} hidden layers)")
ax.legend()
ax.grid(alpha=0.3, which="both")

# %%
# 纵轴是对数坐标。默认初始化的 sigmoid 网络里，第 1 层与输出层梯度之比见上表
# 最后一列，比 :math:`(1/4)^{12}` 还要小得多：上面的界只用了 :math:`\sigma'` 的最大值 1/4，
# 而实际的 :math:`\sigma'(z)` 大多小于 1/4，默认初始化的权重乘上去还会再把梯度缩小。
# 默认初始化的 ReLU 网络也有明显的衰减——正是上面说的默认初始化方差太小；换成 He 初始化后各层梯度
# 基本持平。BatchNorm 和残差连接也让 sigmoid 网络的梯度不再逐层衰减。
#
# 训练过程中的梯度和训练曲线
# --------------------------
#
# 用带动量的 SGD（学习率 0.002，动量 0.9）全批量训练 400 轮。SGD 每一步的更新量正比于梯度，
# 梯度小，参数就几乎不动。:class:`spiral_tut.gradients.GradientNormRecorder` 作为 ``fit`` 的
# ``callback``，每 100 轮记录一次每层权重的梯度范数（就是那一轮更新所用的梯度）。

EPOCHS = 400
histories, recorders = {}, {}
print(f"{'network':<20} {'train acc':>9} {'test acc':>9} {'final loss':>10}")
for name, model in models.items():
    recorders[name] = GradientNormRecorder(every=100)
    sgd = torch.optim.SGD(model.parameters(), lr=0.002, momentum=0.9)
    histories[name] = fit(
        model,
        X_train,
        y_train,
        optimizer=sgd,
        epochs=EPOCHS,
        log_every=0,
        callback=recorders[name],
    )
    train_acc, test_acc = accuracy(model, X_train, y_train), accuracy(model, X_test, y_test)
    print(f"{name:<20} {train_acc:>9.3f} {test_acc:>9.3f} {histories[name].loss[-1]:>10.4f}")
print(f"ln(3) = {math.log(3):.4f}: the loss of predicting 1/3 for every class")

fig, axes = plt.subplots(2, 3, figsize=(10, 6), sharey=True, layout="constrained")
for ax, (name, recorder) in zip(axes.flat, recorders.items(), strict=False):
    norms = recorder.as_tensor().numpy()
    colours = plt.cm.cool(np.linspace(0, 1, len(recorder.epochs)))  # visible on light and dark
    for epoch, row, colour in zip(recorder.epochs, norms, colours, strict=True):
        ax.plot(layer_numbers, row, color=colour, lw=2, label=f"epoch {epoch}")
    ax.set_yscale("log")
    ax.set_title(name)
    ax.set_xlabel("layer")
    ax.set_xticks([1, 4, 7, 10, 13])
    ax.grid(alpha=0.3)
for ax in axes[:, 0]:
    ax.set_ylabel("gradient norm")
last = axes.flat[-1]  # the sixth panel holds the legend only
last.legend(*axes.flat[0].get_legend_handles_labels(), loc="center", title="recorded at")
last.set_axis_off()

# %%
# 下面是同样 5 个网络的训练损失和训练准确率（训练模式下、每一轮更新前测得）。

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 3.4), layout="constrained")
for name, history in histories.items():
    ax_loss.plot(history.loss, label=name)
    ax_acc.plot(history.accuracy, label=name)
fig.legend(*ax_acc.get_legend_handles_labels(), loc="outside right center", fontsize=8)
ax_loss.set_ylabel("training loss")
ax_acc.set_ylabel("training accuracy")
for ax in (ax_loss, ax_acc):
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)
# sphinx_gallery_thumbnail_number = 1

# %%
# **这个测量说明了什么？** 默认初始化的 sigmoid 网络前面几层的梯度一直极小，训练 400 轮后损失仍停在
# :math:`\ln 3`\ （对三个类别都输出 1/3 的概率，等于什么也没学到）；同样初始化的 ReLU 网络在这个
# 学习率下也没有学好。
# 两种补救——ReLU 配 He 初始化、sigmoid 配 BatchNorm——让各层梯度大小相近，网络很快把训练集分开
# （看上面的表和训练曲线）。残差连接让梯度不再逐层衰减，但在这 400 轮里训练得并不快：**梯度不消失
# 是能训练的必要条件，不是充分条件**，学习率、网络的表达方式等同样重要。
#
# 这个实验 **不能** 说明：哪种补救办法普遍最好（只有一种宽度、一个深度、一个学习率、一个随机种子）；
# 也不能说明 sigmoid 一定不能训练——它只说明在这些设置下，用 SGD 训练 12 层的 sigmoid 网络非常困难。
#
# 动手试试
# --------
#
# * 把 ``DEPTH`` 改成 4、8、20：``layer 1 / layer 13`` 一栏（层号会变）如何随深度变化？
#   是指数级的吗？
# * 把 sigmoid 换成 ``"tanh"``\ （在 ``BUILDERS`` 里加一行），它的梯度衰减比 sigmoid 慢多少？
# * 把优化器换成 ``torch.optim.Adam(model.parameters(), lr=1e-3)``：Adam 按每个参数梯度的历史大小
#   缩放步长，部分抵消了梯度小的问题——哪些网络因此能训练了？默认 ReLU 呢？sigmoid 呢？
#   （提示：Adam 分母里有 ``eps=1e-8``，梯度比它还小很多时，步长也会变得极小。）
# * 对 ``relu`` 网络把学习率调大到 0.05 或 0.1，会不会出现梯度爆炸（损失变成 ``nan``）？
