r"""
问题 3：梯度消失现象是什么？
============================

**简答。**训练深层网络时，反向传播算出的梯度在从输出层往输入层传的过程中越来越小，靠近输入的
那些层的梯度比靠近输出的层小好几个数量级，于是这些层的参数几乎不更新，网络“学不动”——
这就是**梯度消失**（vanishing gradients）。反过来梯度越传越大则是梯度爆炸。

**为什么会这样？**记号与:ref:`反向传播 <sphx_glr_auto_examples_02_theory_plot_3_backprop.py>`一页
相同（行批量形式）：一批 :math:`N` 个样本按行排成矩阵，:math:`A_0 = X`，第 :math:`l` 层
:math:`Z_l = A_{l-1} W_l + \mathbf b_l`，:math:`A_l = \sigma(Z_l)`，:math:`W_l` 的形状是
:math:`d_{l-1} \times d_l`；误差信号 :math:`\delta_l = \partial \ell / \partial Z_l`。网络有
:math:`L` 个 sigmoid 隐藏层和一个线性输出层（共 :math:`L + 1` 个权重矩阵），链式法则给出

.. math::

   \delta_{l} = \left(\delta_{l+1} W_{l+1}^\top\right) \odot \sigma'(Z_{l}),
   \qquad
   \frac{\partial \ell}{\partial W_l} = A_{l-1}^\top \delta_l .

每往前传一层，梯度就要乘一次 :math:`W^\top` 和一次激活函数的导数。对 sigmoid
:math:`\sigma(x) = 1/(1+e^{-x})`，有 :math:`\sigma'(x) = \sigma(x)(1-\sigma(x)) \le 1/4`；又有
:math:`\|\delta W^\top\| \le \|\delta\|\,\|W\|_2`（:math:`\|W\|_2` 是谱范数，即最大奇异值），因此

.. math::

   \|\delta_1\| \le \|\delta_{L+1}\| \prod_{l=2}^{L+1} \tfrac14 \|W_l\|_2 .

**若每层都有** :math:`\|W_l\|_2 \le 1`，就得到经过 :math:`L` 个 sigmoid 层的界
:math:`\|\delta_1\| \le (1/4)^{L}\, \|\delta_{L+1}\|`：随层数**指数级**减小。这个界有前提：
权重的谱范数大于 1 时它不成立（只剩上面带 :math:`\|W_l\|_2` 的乘积）。不过只要每层都有
:math:`\|W_l\|_2 \le c < 4`，这个乘积就不超过 :math:`(c/4)^{L}`，仍随层数指数级减小；下面默认
初始化的网络正是这样（谱范数略大于 1，远小于 4，见输出）。另一方面，:math:`z` 落在
sigmoid 的饱和区时 :math:`\sigma'` 远小于 1/4，实际的衰减可能比界快得多。tanh 的导数最大为 1，
好一些，但两端同样饱和。

**补救办法**（都是让每层的“放大倍数”保持在 1 附近）：

* **ReLU** 类激活函数：正半轴导数恒为 1，不饱和。
* **合适的初始化**：让每层输出的方差不随层数变化。ReLU 用 He 初始化
  :math:`\mathrm{Var}(w) = 2/n_\text{in}`。Xavier 初始化 :math:`\mathrm{Var}(w) = 2/(n_\text{in} +
  n_\text{out})` 的推导假设激活函数以 0 为中心、在 0 处斜率为 1（tanh 近似满足）；sigmoid 不满足
  （输出均值约 1/2，斜率最大 1/4），用 Xavier 初始化的 sigmoid 网络，激活仍会
  逐层变小（见:ref:`理论笔记 <theory>`）。注意 PyTorch ``nn.Linear`` 的默认初始化是
  :math:`U(-1/\sqrt{n_\text{in}}, 1/\sqrt{n_\text{in}})`，方差只有
  :math:`1/(3 n_\text{in})`，对 ReLU 网络来说每层把信号的方差缩小到约 1/6，所以*光换 ReLU 还不够*。
* **归一化**：BatchNorm 把每层的输入拉回均值 0、方差 1，sigmoid 就留在导数较大的区域。
* **残差连接**：:math:`H_{l+1} = H_l + F(H_l)`，雅可比矩阵是 :math:`I + \partial F/\partial H`，
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
# 每个网络相对一个对照只改一处：
#
# * ``sigmoid``、``relu``：``spiral_tut.mlp``，PyTorch 默认初始化，只有激活函数不同；
# * ``relu + He init``：同一个 ReLU 网络，只把权重改用 He 初始化、偏置为 0；
# * ``sigmoid + BatchNorm``：sigmoid 网络的每个 ``Linear`` 后面先 ``BatchNorm1d`` 再 sigmoid；
# * ``sigmoid + residual``：sigmoid 网络的中间 11 层换成残差块
#   :math:`H \mapsto H + \sigma(H) W + \mathbf b`。
import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import spiral_tut
from spiral_tut import accuracy, make_spiral, mlp, train_test_split

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
    """H -> H + sigmoid(H) W + b: the identity path carries the gradient past the sigmoid."""

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
# 测量每一层的梯度
# ----------------
#
# 一次前向、一次 ``backward()`` 之后，每个 ``nn.Linear`` 的 ``weight.grad`` 就是
# :math:`\partial \ell/\partial W_l`（``nn.Linear`` 存的是 :math:`W_l^\top`，范数相同）。误差信号
# :math:`\delta_l = \partial \ell/\partial Z_l` 是这一层**输出**的梯度，autograd 不会把它留下来：
# 前向时用 forward hook 在每层的输出 :math:`Z_l` 上挂一个张量 hook，反向传播经过这里时就能读到它。


def linear_layers(model: nn.Module) -> list[nn.Linear]:
    """The model's Linear layers, input side first (layer 1, ..., layer 13)."""
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def last_hidden_spread(model: nn.Module, X: torch.Tensor) -> float:
    """How much the input of the output layer varies across the rows of X (std over the batch,
    averaged over units): near 0 means every input gives (almost) the same last hidden layer."""
    seen = []
    hook = linear_layers(model)[-1].register_forward_pre_hook(lambda m, a: seen.append(a[0]))
    with torch.no_grad():
        model(X)
    hook.remove()
    return seen[0].std(dim=0).mean().item()


def gradient_norms(model: nn.Module, X: torch.Tensor, y: torch.Tensor):
    """Per layer: ||dloss/dW_l|| (.grad) and ||delta_l|| = ||dloss/dZ_l|| (a hook)."""
    layers = linear_layers(model)
    delta_norms = {}

    def keep_delta(layer, inputs, Z):  # a forward hook: Z is the layer's output Z_l
        def record(delta):  # called during backward() with delta = dloss/dZ_l
            delta_norms[layer] = delta.norm().item()

        Z.register_hook(record)

    hooks = [layer.register_forward_hook(keep_delta) for layer in layers]
    model.zero_grad()
    nn.functional.cross_entropy(model(X), y).backward()
    for hook in hooks:
        hook.remove()
    weight_norms = np.array([layer.weight.grad.norm().item() for layer in layers])
    return weight_norms, np.array([delta_norms[layer] for layer in layers])


# %%
# 初始化时每一层的梯度
# --------------------

models, at_init, deltas, spread = {}, {}, {}, {}
for name, build in BUILDERS.items():
    torch.manual_seed(0)
    models[name] = build()
    at_init[name], deltas[name] = gradient_norms(models[name], X_train, y_train)
    spread[name] = last_hidden_spread(models[name], X_train)

header = f"{'network':<20} {'layer 1':>9} {'layer 13':>9} {'layer 1 / layer 13':>19}"
print(f"{header} {'delta_1 / delta_13':>19} {'spread of last hidden':>22}")
for name, norms in at_init.items():
    ratio, delta_ratio = norms[0] / norms[-1], deltas[name][0] / deltas[name][-1]
    print(
        f"{name:<20} {norms[0]:>9.2e} {norms[-1]:>9.2e} {ratio:>19.2e} {delta_ratio:>19.2e} "
        f"{spread[name]:>22.2e}"
    )

# %%
# 前三列是权重梯度 :math:`\|\partial \ell/\partial W_l\|`，梯度下降每步的更新量与它成正比；
# 第四列是上面的界所说的误差信号之比 :math:`\|\delta_1\| / \|\delta_{13}\|`。最后一列看前向：
# 最后一个隐藏层（输出层的输入）在这批训练点之间变化多大（对每个单元求这批点上的标准差，再对单元
# 取平均）。默认初始化的 sigmoid 网络这一列极小：信号往前传时也逐层塌缩，不论输入是哪个点，最后
# 一个隐藏层都几乎一样，输出层只能给出差不多相同的预测。所以这个网络里**前向的信号塌缩和反向的
# 梯度消失同时发生**，后面训练卡住不能只归因于梯度消失。
#
# sigmoid + BatchNorm 一行的 :math:`\delta` 比值远大于 1，并不与权重梯度“各层相近”矛盾：
# :math:`\delta_l` 是在 BatchNorm **之前**（``Linear`` 的输出 :math:`Z_l` 上）取的，BatchNorm 的反向
# 传播要乘以 :math:`\gamma/\sigma_B`（:math:`\sigma_B` 是 :math:`Z_l` 在这一批上的标准差），各层的
# :math:`\sigma_B` 不同，所以这一行的 :math:`\delta` 不能按上面的界比较；决定更新量的是前三列的
# 权重梯度。
#
# 把上面的界用到默认初始化的 sigmoid 网络上：先看它的前提 :math:`\|W_l\|_2 \le 1` 是否成立。
sigmoid_weights = [layer.weight.detach() for layer in linear_layers(models["sigmoid"])]
spectral = np.array([torch.linalg.matrix_norm(W, ord=2).item() for W in sigmoid_weights[1:]])
bound_if_norms_at_most_1 = 0.25**DEPTH
bound_with_actual_norms = np.prod(0.25 * spectral)
measured = deltas["sigmoid"][0] / deltas["sigmoid"][-1]
print("spectral norms ||W_l||_2, l = 2..13:")
print(" ".join(f"{v:.2f}" for v in spectral))
holds = bool((spectral <= 1).all())
print(f"assumption ||W_l||_2 <= 1 for every l: {holds}")
print("bounds on ||delta_1|| / ||delta_13||:")
print(f"  (1/4)^{DEPTH}           = {bound_if_norms_at_most_1:.2e}  (only if every ||W_l||_2 <= 1)")
print(f"  prod (1/4)||W_l||_2 = {bound_with_actual_norms:.2e}  (with the actual norms)")
print(f"measured ||delta_1|| / ||delta_13|| = {measured:.2e}")
c = spectral.max()
print(
    f"largest ||W_l||_2 = c = {c:.2f} < 4: "
    f"the bound is at most (c/4)^{DEPTH} = {(c / 4) ** DEPTH:.2e}"
)
assert measured <= bound_with_actual_norms  # the inequality itself: it must hold
if holds:
    print(f"-> the assumption holds and the measured ratio is below (1/4)^{DEPTH}")
else:
    print("-> some ||W_l||_2 > 1: the (1/4)^L bound does not apply to this network;")
    ratio = bound_with_actual_norms / measured
    print(f"   the measured ratio is {ratio:.0f} times below the bound with the actual norms")
below = min(bound_with_actual_norms, bound_if_norms_at_most_1) / measured
print(
    f"measured ratio vs the lower of the two lines: {below:.0f} times smaller, "
    f"about {np.log10(below):.0f} orders of magnitude"
)
# what the prose below says about these numbers
assert not holds and spectral.max() < 1.5  # default init: a few norms slightly above 1
assert below > 100  # far below both lines
assert spread["sigmoid"] < 1e-3 * min(spread["relu + He init"], spread["sigmoid + BatchNorm"])
ratios = {name: norms[0] / norms[-1] for name, norms in at_init.items()}
assert ratios["sigmoid"] < 1e-8 and ratios["relu"] < 1e-2
assert min(ratios["relu + He init"], ratios["sigmoid + BatchNorm"]) > 0.1
assert ratios["sigmoid + residual"] > 1e6 * ratios["sigmoid"]

# %%
# 左图是五个网络每层的权重梯度；右图把默认初始化的 sigmoid 网络的
# :math:`\|\delta_l\| / \|\delta_{13}\|` 与两条界画在一起。

layer_numbers = np.arange(1, DEPTH + 2)
fig, (ax, ax_delta) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
for name, norms in at_init.items():
    ax.plot(layer_numbers, norms, "o-", label=name)
ax.set_yscale("log")
ax.set_xlabel("layer (1 = next to the input, 13 = output layer)")
ax.set_ylabel("gradient norm ||dL/dW||")
ax.set_title(f"Weight gradient per layer at init ({DEPTH} hidden layers)", fontsize=10)
ax.legend(fontsize=8)
ax.grid(alpha=0.3, which="both")

# ||delta_l|| / ||delta_13|| and the two bounds, from the output layer back to layer 1
n_factors = DEPTH + 1 - layer_numbers  # sigmoid layers between Z_l and the logits
actual_bound = [np.prod(0.25 * spectral[k - 1 :]) for k in layer_numbers[:-1]] + [1.0]
ax_delta.plot(layer_numbers, deltas["sigmoid"] / deltas["sigmoid"][-1], "o-", label="measured")
ax_delta.plot(layer_numbers, actual_bound, "k--", label="prod (1/4)||W||_2 (actual norms)")
ax_delta.plot(layer_numbers, 0.25**n_factors, "k:", label="(1/4)^k (if every ||W||_2 <= 1)")
ax_delta.set_yscale("log")
ax_delta.set_xlabel("layer l")
ax_delta.set_ylabel("||delta_l|| / ||delta_13||")
ax_delta.set_title("sigmoid network: error signal vs the bound", fontsize=10)
ax_delta.legend(fontsize=8)
ax_delta.grid(alpha=0.3, which="both")

# %%
# 纵轴是对数坐标。右图里虚线是对这个网络始终成立的界（用实际的谱范数），点线是
# :math:`(1/4)^k`（:math:`k` 是 :math:`Z_l` 与输出之间的 sigmoid 层数），只有每层都有
# :math:`\|W_l\|_2 \le 1` 时它才是界。默认初始化下有几层的谱范数略大于 1，所以
# :math:`(1/4)^{L}` 这个界对这个网络并不适用；用实际谱范数的界仍然成立（页面代码断言了这个
# 不等式）。实测的比值比两条线都小得多（上面输出的最后一行给出倍数和数量级）：界只用了
# :math:`\sigma'` 的最大值 1/4，而实际的 :math:`\sigma'(z)` 大多小于 1/4，并且
# :math:`\delta W^\top` 很少恰好沿着最大奇异值的方向。
# 所以梯度消失在这里比界说的还要严重。
#
# 左图：默认初始化的 ReLU 网络也有明显的衰减——正是上面说的默认初始化方差太小；表中
# ``spread of last hidden`` 一列显示它的前向信号同样塌缩了，所以它训练失败也不能只归因于梯度消失。换
# 成 He 初始化后
# 各层梯度大小相近。BatchNorm 让 sigmoid 网络各层的梯度同样相近；残差连接让衰减小得多，
# 但第 1 层仍比第 13 层小（比值见表）。
#
# 训练过程中的梯度和训练曲线
# --------------------------
#
# 用 SGD 优化器（这里每步用全部训练数据，即全批量梯度下降；学习率 0.002，动量 0.9）训练 400 轮。
# 每一步的更新量正比于梯度，梯度小，参数就几乎不动。训练循环就是课程的
# ``zero_grad → forward → loss → backward → step``；每 100 轮在 ``backward()`` 之后、``step()`` 之前
# 读一次各层的 ``weight.grad``，就是那一轮更新所用的梯度。

EPOCHS, RECORD_EVERY = 400, 100


def train(model: nn.Module):
    """Full-batch SGD. Losses and accuracies (train mode, before each update), grad norms."""
    sgd = torch.optim.SGD(model.parameters(), lr=0.002, momentum=0.9)
    weights = [layer.weight for layer in linear_layers(model)]
    losses, accuracies, records = [], [], {}
    for epoch in range(EPOCHS):
        sgd.zero_grad()
        logits = model(X_train)
        loss = nn.functional.cross_entropy(logits, y_train)
        loss.backward()
        if epoch % RECORD_EVERY == 0:
            records[epoch] = [W.grad.norm().item() for W in weights]
        sgd.step()
        losses.append(loss.item())
        accuracies.append((logits.argmax(dim=1) == y_train).float().mean().item())
    return losses, accuracies, records


histories, recorded, final = {}, {}, {}
print(f"{'network':<20} {'train acc':>9} {'test acc':>9} {'final loss':>10}")
for name, model in models.items():
    losses, accuracies, recorded[name] = train(model)
    histories[name] = (losses, accuracies)
    final[name] = (accuracy(model, X_train, y_train), accuracy(model, X_test, y_test), losses[-1])
    print(f"{name:<20} {final[name][0]:>9.3f} {final[name][1]:>9.3f} {final[name][2]:>10.4f}")
print(f"ln(3) = {math.log(3):.4f}: the loss of predicting 1/3 for every class")

fig, axes = plt.subplots(2, 3, figsize=(10, 6), sharey=True, layout="constrained")
for ax, (name, records) in zip(axes.flat, recorded.items(), strict=False):
    colours = plt.cm.cool(np.linspace(0, 1, len(records)))  # visible on light and dark
    for (epoch, row), colour in zip(records.items(), colours, strict=True):
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
for name, (losses, accuracies) in histories.items():
    ax_loss.plot(losses, label=name)
    ax_acc.plot(accuracies, label=name)
fig.legend(*ax_acc.get_legend_handles_labels(), loc="outside right center", fontsize=8)
ax_loss.set_ylabel("training loss")
ax_acc.set_ylabel("training accuracy")
for ax in (ax_loss, ax_acc):
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)
# sphinx_gallery_thumbnail_number = 1

# %%
# **这个测量说明了什么？**默认初始化的 sigmoid 网络前面几层的梯度一直极小，训练 400 轮后损失仍停在
# :math:`\ln 3`（对三个类别都输出 1/3 的概率，等于什么也没学到）。这里不只是梯度消失：初始化时最后
# 一个隐藏层对不同的输入几乎不变（第一张表的最后一列），网络很快学会对每个点都输出 1/3，此后连
# 输出层的梯度也变得很小（上面的梯度图）。前向塌缩和反向消失同时发生，这个实验分不开两者各占多少。
# 同样初始化的 ReLU 网络在这个学习率下也没有学好。两种补救——ReLU 配 He 初始化、sigmoid 配
# BatchNorm——让各层梯度大小相近，网络在 400 轮内把训练集分开（上面的表和训练曲线）。残差连接
# 让梯度的衰减小得多，但在这 400 轮里没有训练好：**梯度不逐层消失并不保证训练得快**；它为什么
# 训练得慢，原因本页没有测量。
#
# 这个实验**不能**说明：哪种补救办法普遍最好（只有一种宽度、一个深度、一个学习率、一个随机种子）；
# 也不能说明 sigmoid 一定不能训练——它只说明在这些设置下，用 SGD 训练 12 层的 sigmoid 网络非常困难。

ln3 = math.log(3)
assert abs(final["sigmoid"][2] - ln3) < 0.01 and abs(final["relu"][2] - ln3) < 0.01
assert min(final["relu + He init"][0], final["sigmoid + BatchNorm"][0]) > 0.95
assert final["sigmoid + residual"][0] < 0.9

# %%
# 动手试试
# --------
#
# * 把 ``DEPTH`` 改成 4、8、20：``layer 1 / layer 13`` 和 ``delta_1 / delta_13`` 两栏（层号会变）
#   如何随深度变化？是指数级的吗？谱范数的前提还成立吗？
# * 把 sigmoid 换成 ``"tanh"``（在 ``BUILDERS`` 里加一行），它的梯度衰减比 sigmoid 慢多少？
# * 把优化器换成 ``torch.optim.Adam(model.parameters(), lr=1e-3)``：Adam 按每个参数梯度的历史大小
#   缩放步长，部分抵消了梯度小的问题——哪些网络因此能训练了？默认 ReLU 呢？sigmoid 呢？
#   （提示：Adam 分母里有 ``eps=1e-8``，梯度比它还小很多时，步长也会变得极小。）
# * 对 ``relu`` 网络把学习率调大到 0.05 或 0.1，会不会出现梯度爆炸（损失变成 ``nan``）？
