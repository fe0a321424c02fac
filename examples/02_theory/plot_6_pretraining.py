r"""
逐层预训练：先无监督地学表示，再有监督地微调
============================================

2006 年以前，人们普遍认为很深的 sigmoid 网络几乎无法直接用反向传播训练。本页用
:ref:`理论笔记 <theory>` 的行批量记号：:math:`\mathbf h` 是行向量，权重 :math:`W_k` 的形状是
:math:`d_\text{in} \times d_\text{out}`（即 ``nn.Linear.weight`` 的转置），第 :math:`k` 个隐藏层是
:math:`\mathbf h_k = \sigma(\mathbf h_{k-1} W_k + \mathbf b_k)`。记
:math:`\boldsymbol\delta_k = \partial L / \partial \mathbf z_k` 为损失对这一层 sigmoid 之前的
:math:`\mathbf z_k = \mathbf h_{k-1} W_k + \mathbf b_k` 的梯度，反向传播的一步是

.. math::

   \boldsymbol\delta_{k-1} = \big(\boldsymbol\delta_k W_k^\top\big) \odot \sigma'(\mathbf z_{k-1}),
   \qquad \sigma'(\cdot) \le 1/4 .

误差信号每往回穿过一层，都要乘上 :math:`W_k^\top` 和 :math:`\sigma'(\cdot)`；
在随机初始化的小权重下，这个乘积逐层缩小，传到前面几层时已所剩无几
（梯度消失，见 :ref:`理论笔记 <theory>`）。
权重足够大时乘积也可以不缩小甚至变大，下面的 ``fold only`` 就是这种情形。
Hinton 等人（2006，用 RBM 堆叠成深度信念网络）和 Bengio 等人（2007，用自编码器堆叠）
提出的**贪心逐层预训练**（greedy layer-wise pre-training）打破了这个局面：

1. **第 1 层**：把输入 :math:`\mathbf x = \mathbf h_0` 当作数据，训练一个自编码器，
   只保留它的编码器 :math:`\mathbf h_1 = \sigma(\mathbf h_0 W_1 + \mathbf b_1)`。
2. **第 k 层**：把上一层的输出 :math:`\mathbf h_{k-1}` 当作新的数据，再训练一个自编码器：

   .. math::

      \mathbf h_k = \sigma(\mathbf h_{k-1} W_k + \mathbf b_k), \qquad
      \min_{W_k, \mathbf b_k, V_k, \mathbf c_k} \;
      \sum \big\| \mathbf h_{k-1} - (\mathbf h_k V_k + \mathbf c_k) \big\|^2 .

   每次只训练一层（“贪心”），前面的层固定不动，**全程不用标签**。
3. **微调**：在最上面加一个输出层，用带标签的数据和反向传播训练**整个**网络。

预训练得到的权重只是微调的**起点**。本页在螺旋数据上用一个有 6 个隐藏层的 sigmoid 网络比较几种起点：
默认初始化、两种逐层预训练（朴素的和带标准化的）、一个只做“按数据缩放”而不训练自编码器的对照，
以及两种现代做法（Xavier 初始化、ReLU + He 初始化）。
"""

# %%
# 数据和网络
# ----------
#
# 螺旋数据每类 100 个点，按 7:3 分成训练集和测试集；测试集只用来测量，不参与任何选择：
# 停止条件和比较速度的指标都只看训练集。
# 网络是 :func:`spiral_tut.mlp` 搭出的 **6 个隐藏层、每层 32 个 sigmoid 单元**的多层感知器。
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

import spiral_tut
from spiral_tut import make_spiral, mlp, plot_model, train_test_split

spiral_tut.set_default(figsize=(10, 4), theme="transparent")

X, y = make_spiral(n_per_class=100, device="cpu")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=0)
print(f"train: {len(X_train)} points, test: {len(X_test)} points")

DEPTH, WIDTH, N_CLASSES = 6, 32, 3
PRETRAIN_EPOCHS, FINETUNE_EPOCHS = 100, 400

# %%
# 逐层预训练的代码
# ----------------
#
# 下面的 ``pretrain`` 就是引言里的三步中的前两步。第 :math:`k` 个自编码器的编码器**就是**网络的第
# :math:`k` 层（同一个 ``Linear`` 和它后面的 sigmoid），解码器是一个新的 ``Linear``，
# 训练完就丢掉。每个自编码器用全批量 Adam 训练 ``PRETRAIN_EPOCHS`` 轮，只用训练集的输入。
#
# 这些自编码器既没有瓶颈也没有噪声：第 1 个是 :math:`2 \to 32 \to 2`，其余都是
# :math:`32 \to 32 \to 32`，原则上可以学成接近恒等的映射。带瓶颈的或降噪的自编码器
# （Vincent 等，2008）可能学到不同的权重，本页没有测。
#
# 朴素的做法直接拿 :math:`\mathbf h_{k-1}` 当自编码器的输入和重构目标。但深层的激活对不同的输入
# 变化很小，输出一个常数就能让重构误差很小。所以 ``standardize=True`` 时每个自编码器看到的是
# **标准化后**的输入 :math:`(\mathbf h - \mathbf m) / \mathbf s`（按单元减去均值 :math:`\mathbf m`、
# 除以标准差 :math:`\mathbf s`），训练完再把标准化**并入**这一层的权重和偏置，网络结构不变：
#
# .. math::
#
#    \frac{\mathbf h - \mathbf m}{\mathbf s} W + \mathbf b
#    = \mathbf h \underbrace{\big(\operatorname{diag}(1/\mathbf s)\, W\big)}_{W'}
#      + \underbrace{\big(\mathbf b - \mathbf m W'\big)}_{\mathbf b'} .
#
# 但这个并入本身已经是一种**依赖数据的初始化**：它按每层输入在训练集上的均值和标准差重新缩放权重，
# 完全不需要自编码器。要知道自编码器的训练到底贡献了什么，就需要一个只做这一步的对照：
# ``train_autoencoders=False`` 跳过训练，只把同样的标准化并入默认初始化的权重（``fold only``）。


def pretrain(
    net: nn.Sequential, X: torch.Tensor, train_autoencoders: bool = True, standardize: bool = True
) -> None:
    """Greedy layer-wise pre-training of the hidden layers of `net`, in place; no labels."""
    hidden = [k for k, layer in enumerate(net) if isinstance(layer, nn.Linear)][:-1]
    h = X  # the input of the layer being trained
    for k in hidden:
        linear, activation = net[k], net[k + 1]
        mean, std = h.mean(dim=0), h.std(dim=0)
        std = torch.where(std > 1e-6, std, torch.ones_like(std))  # a constant unit: centre only
        inputs = (h - mean) / std if standardize else h
        if train_autoencoders:
            decoder = nn.Linear(linear.out_features, linear.in_features)
            autoencoder = nn.Sequential(linear, activation, decoder)  # encoder = the layer itself
            optimizer = torch.optim.Adam(autoencoder.parameters(), lr=1e-2)
            for _ in range(PRETRAIN_EPOCHS):
                loss = (autoencoder(inputs) - inputs).square().mean()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        with torch.no_grad():
            if standardize:  # fold (h - m) / s into the layer: W' = diag(1/s) W, b' = b - m W'
                linear.weight /= std  # nn.Linear.weight is W transposed: scale its columns
                linear.bias -= linear.weight @ mean
            h = activation(linear(h))  # the data of the next auto-encoder


# %%
# 六种起点
# --------
#
# 六个网络结构相同（ReLU 那一组只把激活函数换掉），区别只在**微调开始时的权重**：
#
# * ``default init``：PyTorch 的默认初始化，
#   :math:`W_{ij} \sim U(-1/\sqrt{n_\text{in}}, 1/\sqrt{n_\text{in}})`，偏置也如此；
# * ``naive pre-trained``：默认初始化之后逐层训练 6 个自编码器，不做标准化；
# * ``fold only``：默认初始化，再把每层输入的标准化并入权重（上面的对照，不训练自编码器）；
# * ``pre-trained``：默认初始化之后逐层训练 6 个自编码器，含同样的标准化并入；
# * ``Xavier init``：Glorot 和 Bengio（2010）的初始化
#   :math:`\operatorname{Var}(W_{ij}) = 2/(n_\text{in} + n_\text{out})`，偏置为 0；
# * ``ReLU + He init``：激活函数换成 ReLU，He 等人（2015）的初始化
#   :math:`\operatorname{Var}(W_{ij}) = 2/n_\text{in}`，偏置为 0。
#
# 前四种正好是两个因素的全部组合：**训练自编码器**（否/是）乘以**按数据标准化并入**（否/是）：
#
# .. list-table::
#    :header-rows: 1
#
#    * -
#      - 不标准化
#      - 标准化并入
#    * - 不训练自编码器
#      - ``default init``
#      - ``fold only``
#    * - 训练自编码器
#      - ``naive pre-trained``
#      - ``pre-trained``
#
# 同一行的两个只差标准化，同一列的两个只差自编码器的训练。
VARIANTS = (
    "default init",
    "naive pre-trained",
    "fold only",
    "pre-trained",
    "Xavier init",
    "ReLU + He init",
)
COLOURS = dict(
    zip(
        VARIANTS,
        ("tab:red", "tab:cyan", "tab:orange", "tab:blue", "tab:green", "tab:purple"),
        strict=True,
    )
)


def make_net(variant: str, seed: int, activation: str | nn.Module = "sigmoid") -> nn.Sequential:
    """The network of `variant` with its weights before fine-tuning."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    torch.manual_seed(seed)
    if variant == "ReLU + He init":
        activation = "relu"
    net = mlp(2, WIDTH, N_CLASSES, depth=DEPTH, activation=activation)
    if variant in ("naive pre-trained", "fold only", "pre-trained"):
        train_autoencoders = variant != "fold only"
        standardize = variant != "naive pre-trained"
        pretrain(net, X_train, train_autoencoders=train_autoencoders, standardize=standardize)
    elif variant in ("Xavier init", "ReLU + He init"):
        for layer in net:
            if isinstance(layer, nn.Linear):
                if variant == "ReLU + He init":
                    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                else:
                    nn.init.xavier_normal_(layer.weight)
                nn.init.zeros_(layer.bias)
    return net


nets = {variant: make_net(variant, seed=0) for variant in VARIANTS}
print(f"pre-training: {DEPTH} auto-encoders x {PRETRAIN_EPOCHS} epochs, labels never used")

# %%
# 微调之前：信号能传到多深？
# --------------------------
#
# 先不训练，对每个网络测三样东西，每个隐藏层一个数：
#
# * **前向**：该层输出 :math:`\mathbf h_k` **随输入变化**的程度——每个单元在所有训练点上的标准差，
#   对单元取平均。如果某层的输出对所有输入都差不多，这一层之后的网络就“看不见”输入了。
# * **反向**：训练集上交叉熵损失对 :math:`\mathbf z_k` 的梯度的范数
#   :math:`\|\boldsymbol\delta_k\| = \|\partial L / \partial Z_k\|`（:math:`Z_k` 是一批数据的
#   :math:`\mathbf z_k` 按行排成的矩阵），即引言里逐层相乘的那个误差信号。
#   PyTorch 默认只保留叶子张量（参数）的梯度，中间结果要先调用 ``retain_grad()``。
# * **权重梯度**：:math:`\|\partial L / \partial W_k\| = \|H_{k-1}^\top \boldsymbol\delta_k\|`，
#   微调第一步时这一层的权重实际得到的信号。它等于误差信号乘上这一层的**输入**
#   :math:`H_{k-1}`，所以也随输入的大小变化：第 1 层的输入是二维的数据本身，其余层的输入是
#   32 个单元的激活。
#
# 表中多了两行诊断用的网络，它们不参加后面的微调：``Xavier, tanh`` 把 Xavier 一行的 sigmoid 换成
# tanh；``Xavier, sigmoid-1/2`` 换成 :math:`\sigma(x) - 1/2 = \tanh(x/2)/2`，它和 tanh 一样以 0
# 为中心、形状相同，只是 0 附近的斜率是 1/4 而不是 1。它们用来检验 Xavier 初始化的前提
# （见表后的讨论）。


class CentredSigmoid(nn.Module):
    """sigma(x) - 1/2: centred on 0 like tanh, slope 1/4 at 0 like the sigmoid."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(x) - 0.5


diagnostics = dict(nets)
diagnostics["Xavier, sigmoid-1/2"] = make_net("Xavier init", 0, activation=CentredSigmoid())
diagnostics["Xavier, tanh"] = make_net("Xavier init", 0, activation="tanh")


def layer_signals(
    net: nn.Sequential, inputs: torch.Tensor, labels: torch.Tensor
) -> dict[str, list[float]]:
    """Per hidden layer k: spread of h_k over the inputs, |dL/dZ_k| and |dL/dW_k|."""
    spreads, pre_activations, h = [], [], inputs
    for layer in net:
        h = layer(h)
        if isinstance(layer, nn.Linear):
            h.retain_grad()  # keep dL/dZ_k: autograd frees the gradients of inner nodes
            pre_activations.append(h)
        elif layer is not net[-1]:
            spreads.append(h.detach().std(dim=0).mean().item())
    net.zero_grad()
    F.cross_entropy(h, labels).backward()
    hidden = [layer for layer in net if isinstance(layer, nn.Linear)][:-1]
    signals = {
        "spread": spreads,
        "delta": [z.grad.norm().item() for z in pre_activations[:-1]],
        "weight grad": [layer.weight.grad.norm().item() for layer in hidden],
    }
    net.zero_grad()
    return signals


def per_layer(values: list[float], forward: bool) -> float:
    """Geometric-mean factor per layer, in the direction the signal travels."""
    first, last = (values[0], values[-1]) if forward else (values[-1], values[0])
    return (last / first) ** (1 / (len(values) - 1))


signals = {name: layer_signals(net, X_train, y_train) for name, net in diagnostics.items()}
TITLES = {
    "spread": "forward: spread of h_k",
    "delta": "backward: |dL/dZ_k|",
    "weight grad": "weights: |dL/dW_k|",
}
factor = {
    kind: {name: per_layer(s[kind], forward=kind == "spread") for name, s in signals.items()}
    for kind in TITLES
}
layers = "".join(f"{k:>8}" for k in range(1, DEPTH + 1))
for kind, title in TITLES.items():
    print(f"{title:<24}{layers}{'per layer':>11}")
    for name, s in signals.items():
        cells = "".join(f"{v:>8.1e}" for v in s[kind])
        print(f"  {name:<22}{cells}{factor[kind][name]:>11.2f}")
for kind in ("spread", "delta"):
    factors = factor[kind]
    assert 0.1 < factors["Xavier init"] < 0.35  # about sigma' ~ 1/4 per layer, not 1
    assert 0.1 < factors["Xavier, sigmoid-1/2"] < 0.35  # centred, slope 1/4: the same decay
    assert factors["Xavier, tanh"] > 0.7  # centred, slope 1: about constant
    assert factors["default init"] < factors["Xavier init"]
    assert factors["naive pre-trained"] < 0.5  # the decay is still there
    assert min(factors["fold only"], factors["pre-trained"]) > 0.7  # no decay
    assert factors["ReLU + He init"] > 0.7
assert min(factor["delta"]["fold only"], factor["delta"]["pre-trained"]) > 1  # it grows
assert factor["weight grad"]["ReLU + He init"] < factor["delta"]["ReLU + He init"]
delta = {name: s["delta"] for name, s in signals.items()}
assert delta["Xavier init"][0] < delta["Xavier init"][-1] / 100
assert delta["default init"][0] < delta["default init"][-1] / 1000

fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
for ax, kind, ylabel in (
    (axes[0], "spread", "spread of h_k over the training inputs"),
    (axes[1], "delta", "|dL/dZ_k| on the training set"),
):
    for name, s in signals.items():
        style = ":" if name not in VARIANTS else "-"
        colour = COLOURS.get(name, "tab:gray" if "tanh" in name else "tab:olive")
        ax.semilogy(range(1, DEPTH + 1), s[kind], style, color=colour, marker="o", label=name)
    ax.set(xlabel="hidden layer k", ylabel=ylabel, title=f"before fine-tuning, {TITLES[kind]}")
    ax.grid(alpha=0.3)
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=4)
plt.show()

# %%
# 最后一列是每过一层的平均倍数（沿信号传播的方向：前向从第 1 层到第 6 层，
# 反向从第 6 层回到第 1 层）。
#
# **Xavier 初始化的前提。** Glorot 和 Bengio 推导 :math:`\operatorname{Var}(W) = 2/(n_\text{in} +
# n_\text{out})` 时假设激活函数关于 0 对称（输出以 0 为中心）、在 0 附近斜率为 1，并且各层都工作在
# 这段近似线性的区域里。在这些条件下前向的激活方差和反向的梯度方差才逐层大致不变。
# sigmoid 两条都不满足：它的输出以 1/2 为中心，0 附近的斜率只有 :math:`\sigma'(0) = 1/4`。
# 表中 ``Xavier init`` 一行因此并**没有**保持方差：前向、反向每过一层都缩小到大约 1/4 上下，
# 六层之后第 1 层的误差信号比第 6 层小两个数量级以上（代码里的断言检查了这些）。
# 两行诊断把两条前提分开：只把输出移到以 0 为中心（``Xavier, sigmoid-1/2``），衰减和 sigmoid
# 差不多；再把斜率从 1/4 提到 1（``Xavier, tanh``），两个方向都大致保持不变。在这个网络上，
# 对激活的差别和误差信号起作用的是斜率这一条（权重梯度表里 ``Xavier, sigmoid-1/2`` 一行却几乎不衰减
# ：
# 以 0 为中心的输入 :math:`H_{k-1}` 抵消了 :math:`\delta` 的变化）；问题出在 sigmoid 不满足前提，
# 而不是公式本身。
#
# 为什么恰好是 1/4 上下？一层 :math:`\mathbf h \mapsto \mathbf h W` 把随输入变化的那部分放大约
# :math:`\sqrt{n_\text{in} \operatorname{Var}(W)}` 倍（典型增益）；反向的
# :math:`\boldsymbol\delta \mapsto \boldsymbol\delta W^\top` 在这里的方阵层上也一样。之后 sigmoid
# 再乘上它在工作点的斜率 :math:`\sigma'(\mathbf z)`。Xavier 在 :math:`32 \to 32` 的层上
# :math:`\operatorname{Var}(W) = 2/64 = 1/n_\text{in}`，增益为 1，所以每层的倍数就是斜率本身——
# 不是上界 1/4，而是工作点上的平均斜率：上一层的输出以 1/2 为中心，给 :math:`\mathbf z` 加了一个
# 随机的偏移，平均斜率比 1/4 略小。**默认初始化**的情形更糟：:math:`U(-a, a)` 的方差是
# :math:`a^2/3`，:math:`a = 1/\sqrt{n_\text{in}}` 时
# :math:`\operatorname{Var}(W) = 1/(3 n_\text{in})`，增益只有 :math:`1/\sqrt 3`。
# 下表用两个网络实际的权重和工作点算出增益与平均斜率的乘积，
# 与上表测得的倍数比较（代码检查两者相差不到 15%）：


def typical_gain(net: nn.Sequential) -> float:
    """Mean over the square hidden layers of sqrt(n_in Var(W)), the gain of h -> h W."""
    square = [layer for layer in net if isinstance(layer, nn.Linear)][1:-1]
    gains = [(layer.in_features * layer.weight.var()).sqrt().item() for layer in square]
    return sum(gains) / len(gains)


def mean_slope(net: nn.Sequential, inputs: torch.Tensor) -> float:
    """Mean of sigma'(z) = sigma(z)(1 - sigma(z)) over the hidden layers, units and inputs."""
    slopes, h = [], inputs
    with torch.no_grad():
        for layer in net[:-1]:
            h = layer(h)
            if isinstance(layer, nn.Linear):
                slopes.append((torch.sigmoid(h) * (1 - torch.sigmoid(h))).mean().item())
    return sum(slopes) / len(slopes)


print(f"{'':<14}{'gain':>7}{'mean slope':>12}{'product':>9}{'forward':>9}{'backward':>10}")
for name in ("default init", "Xavier init"):
    gain, slope = typical_gain(diagnostics[name]), mean_slope(diagnostics[name], X_train)
    print(
        f"{name:<14}{gain:>7.3f}{slope:>12.3f}{gain * slope:>9.3f}"
        f"{factor['spread'][name]:>9.3f}{factor['delta'][name]:>10.3f}"
    )
    for kind in ("spread", "delta"):
        assert abs(factor[kind][name] / (gain * slope) - 1) < 0.15

# %%
# **按数据缩放。**``fold only`` 和 ``pre-trained`` 两行的前向不再逐层衰减：每层输入都被缩放到
# 单位标准差，sigmoid 一直工作在它敏感的区间里。缩放后的权重比默认初始化大得多（输出中
# 的 typical gain），误差信号往回传时
# 反而逐层**变大**（反向的倍数大于 1）——这就是引言里说的“权重足够大”的情形。
# 朴素的逐层预训练（``naive pre-trained``）也改变了网络，但不做标准化时逐层衰减仍在。
#
# **ReLU + He 初始化**靠的是另一个办法：ReLU 在正半轴的斜率是 1，He 初始化的方差
# :math:`2/n_\text{in}` 补偿了它把一半输入置零的效果，误差信号 :math:`\|\boldsymbol\delta_k\|`
# 大致不变。它的权重梯度（第三张表）却在第 1 层明显小一些：那一层的输入只是二维的数据，
# 不是 32 个单元——这就是上面说的权重梯度也随输入的大小变化。
relu_weight_grad = signals["ReLU + He init"]["weight grad"]
assert relu_weight_grad[0] < relu_weight_grad[1] / 2  # layer 1 sees only the 2-D data
for name in ("default init", "fold only", "pre-trained"):
    print(f"typical gain of the weights, {name}: {typical_gain(nets[name]):.2f}")
assert typical_gain(nets["fold only"]) > 3 * typical_gain(nets["default init"])  # larger weights

# %%
# 微调：同样的网络、同样的训练循环
# --------------------------------
#
# 六个网络都用同一个训练循环微调——就是课程里的 ``zero_grad → forward → loss → backward → step``，
# 优化器是 Adam（学习率 0.01，每步用全部训练数据），训练 ``FINETUNE_EPOCHS`` 轮。
# 每轮记下训练集上的损失和准确率（用这一步前向的输出），再在测试集上量一次准确率，只用来画图和报告。
# ``stop_at`` 让循环在**训练**准确率第一次达到某个值时停下，后面比较多个种子时用它省时间。


def finetune(net: nn.Sequential, stop_at: float | None = None) -> dict[str, list[float]]:
    """Supervised training of the whole network; per epoch: loss, train and test accuracy."""
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
    curves = {"loss": [], "train acc": [], "test acc": []}
    for _ in range(FINETUNE_EPOCHS):
        optimizer.zero_grad()
        logits = net(X_train)
        loss = F.cross_entropy(logits, y_train)
        loss.backward()
        optimizer.step()
        train_accuracy = (logits.argmax(dim=1) == y_train).float().mean().item()
        curves["loss"].append(loss.item())
        curves["train acc"].append(train_accuracy)
        if stop_at is None:  # the test set: measured for the curves only, never used to stop
            with torch.no_grad():
                test_accuracy = (net(X_test).argmax(dim=1) == y_test).float().mean().item()
            curves["test acc"].append(test_accuracy)
        elif train_accuracy >= stop_at:
            break
    return curves


histories = {variant: finetune(net) for variant, net in nets.items()}
for variant, curves in histories.items():
    print(
        f"{variant:<18} final loss {curves['loss'][-1]:.3f}, "
        f"train acc {curves['train acc'][-1]:.3f}, test acc {curves['test acc'][-1]:.3f}"
    )

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4.4), layout="constrained")
for variant, curves in histories.items():
    ax_loss.plot(curves["loss"], color=COLOURS[variant], label=variant)
    ax_acc.plot(curves["train acc"], "-", color=COLOURS[variant])
    ax_acc.plot(curves["test acc"], "--", color=COLOURS[variant])
ax_loss.set(xlabel="fine-tuning epoch", ylabel="training loss (cross-entropy)", title="loss")
ax_acc.set(xlabel="fine-tuning epoch", ylabel="accuracy", title="solid: train, dashed: test")
fig.legend(*ax_loss.get_legend_handles_labels(), loc="outside lower center", ncols=6)
for ax in (ax_loss, ax_acc):
    ax.grid(alpha=0.3)
plt.show()

# %%
# 微调后的决策区域（画在测试集上）：

fig, axes = plt.subplots(2, 3, figsize=(10, 6.6), layout="constrained")
for ax, (variant, net) in zip(axes.flat, nets.items(), strict=True):
    plot_model(X_test, y_test, net, ax=ax, title=variant)
plt.show()

# %%
# 换几个随机种子
# --------------
#
# 一次运行可能是运气。下面对 ``SEEDS`` 里的每个种子各重复一遍（每个种子的初始化、预训练都不同），
# 列出每种做法**训练准确率第一次达到 0.9 的轮数**（``-`` 表示在 ``FINETUNE_EPOCHS`` 轮内没有达到），
# 再给出平均值和样本标准差（``std``；没有达到的按整个预算计，所以这样的平均值只是下限）。
# 这个指标量的是优化的快慢，只用训练集；最后一列 ``faster`` 数出每种做法有几个种子比同一种子的
# ``default init`` 更快达到。
SEEDS = range(5)
THRESHOLD = 0.9


def epochs_to(curves: dict[str, list[float]]) -> int | None:
    """Epochs of fine-tuning until the training accuracy first reached THRESHOLD (None: never)."""
    reached = [acc >= THRESHOLD for acc in curves["train acc"]]
    return reached.index(True) + 1 if any(reached) else None


reached = {variant: [epochs_to(histories[variant])] for variant in VARIANTS}  # seed 0: above
for seed in SEEDS[1:]:
    for variant in VARIANTS:
        reached[variant].append(epochs_to(finetune(make_net(variant, seed), stop_at=THRESHOLD)))

counted = {  # "never" counted as the whole budget
    variant: torch.tensor([FINETUNE_EPOCHS if e is None else e for e in epochs]).float()
    for variant, epochs in reached.items()
}
faster = {
    variant: int((epochs < counted["default init"]).sum()) for variant, epochs in counted.items()
}
print(f"epochs to training accuracy {THRESHOLD}")
header = "".join(f"{'seed ' + str(s):>7}" for s in SEEDS)
print(f"{'':<18}{header}{'mean':>7}{'std':>6}{'faster':>8}")
for variant, epochs in reached.items():
    cells = "".join(f"{'-' if e is None else e:>7}" for e in epochs)
    mean, std = counted[variant].mean().item(), counted[variant].std().item()
    versus = "" if variant == "default init" else f"{faster[variant]}/{len(SEEDS)}"
    print(f"{variant:<18}{cells}{mean:>7.1f}{std:>6.1f}{versus:>8}".rstrip())
if any(None in epochs for epochs in reached.values()):
    print(f"-: not reached in {FINETUNE_EPOCHS} epochs, counted as {FINETUNE_EPOCHS}")
print("faster: seeds on which it reached the threshold sooner than default init")

n = len(SEEDS)
mean = {variant: epochs.mean().item() for variant, epochs in counted.items()}
std = {variant: epochs.std().item() for variant, epochs in counted.items()}
# paired by seed: both variants start from the same default weights of each seed
differences = counted["pre-trained"] - counted["fold only"]
difference = differences.mean().item()
standard_error = differences.std().item() / n**0.5
print(
    f"pre-trained minus fold only: {difference:+.1f} epochs, "
    f"standard error {standard_error:.1f} (paired over {n} seeds)"
)
print(f"not detectable: a difference below 2 standard errors ({2 * standard_error:.0f} epochs)")
assert abs(difference) < 2 * standard_error  # not detectable
scaled = torch.cat((counted["pre-trained"], counted["fold only"]))
slow = ("default init", "naive pre-trained", "Xavier init")
assert scaled.max() < min(counted[variant].min() for variant in slow)  # on every seed
assert min(mean[variant] for variant in slow) > 3 * max(mean["pre-trained"], mean["fold only"])
assert counted["ReLU + He init"].max() < scaled.min()
assert sum(e is not None for e in reached["default init"]) > n / 2
assert (
    0 < faster["Xavier init"] < n and 0 < faster["naive pre-trained"] < n
)  # it depends on the seed

# %%
# 旁注：Adam 加 L2 权重衰减时，默认初始化的网络停在原地
# ------------------------------------------------------------
#
# 上面的微调没有用权重衰减。课程的代码给优化器加了 ``weight_decay=lambda_l2``（1e-5）；
# 把这同一个权重衰减加到 Adam 上，只改这一个因素，再训练默认初始化的网络（种子 0）：
net = make_net("default init", seed=0)
start = net[0].weight.norm().item()
LAMBDA = 1e-5
optimizer = torch.optim.Adam(net.parameters(), lr=1e-2, weight_decay=LAMBDA)
for _ in range(FINETUNE_EPOCHS):
    optimizer.zero_grad()
    F.cross_entropy(net(X_train), y_train).backward()
    optimizer.step()
with torch.no_grad():
    decayed_accuracy = (net(X_test).argmax(dim=1) == y_test).float().mean().item()
print(f"{'':<18}{'test acc':>9}{'|W_1| at the start':>20}{'|W_1| at the end':>18}")
for name, accuracy, end in (
    ("weight_decay=0", histories["default init"]["test acc"][-1], nets["default init"][0].weight),
    ("weight_decay=1e-5", decayed_accuracy, net[0].weight),
):
    print(f"{name:<18}{accuracy:>9.3f}{start:>20.3f}{end.norm().item():>18.3f}")
assert decayed_accuracy < 0.4 and net[0].weight.norm() < 0.1 * start
ratio = LAMBDA * start / signals["default init"]["weight grad"][0]
print(f"at the first step: |lambda W_1| / |dL/dW_1| = {ratio:.0f}")
assert ratio > 1

# %%
# 加了权重衰减，默认初始化的网络在预算内停在随机猜测的水平（三类，约 1/3），
# 第 1 层的权重几乎衰减到 0。
# 一个可能的解释是梯度消失和 Adam 叠在一起。PyTorch 的 ``Adam`` 的 ``weight_decay`` 把
# :math:`\lambda W` 加到梯度上；第一步时第 1 层的 :math:`\|\lambda W_1\|` 比损失梯度
# :math:`\|\partial L/\partial W_1\|` 还大（上面最后一行），所以这一层的梯度主要是权重衰减项。
# Adam 按每个参数梯度的大小把步长归一化，于是每一步都以接近学习率的步长把权重推向 0。
# 本页只检查了第一步的这个比值，没有跟踪整个训练过程。
# 比较不同的起点时，其它设置（包括正则化）要对所有做法保持一致，
# 而且它们本身也可能决定结果，值得单独检查。
#
# 这个测量说明了什么
# ------------------
#
# 先把结论限定在它的范围内：一个小任务（二维螺旋，210 个训练点）、一种深而窄的 sigmoid 网络、
# ``SEEDS`` 里的几个随机种子、全批量 Adam、400 轮的预算、“训练准确率第一次达到 0.9 的轮数”
# 这一个指标。
# 在这个范围内，上面的输出显示：
#
# * **默认初始化**的 sigmoid 网络也能训练，但慢：多数种子在预算内达到 0.9，平均轮数是按数据缩放的
#   两种做法的几倍。前向的激活随输入的变化到第 6 层、反向的误差信号到第 1 层，都已小了几个数量级——
#   这正是视频里讲的梯度消失。
# * **Xavier 初始化**在 sigmoid 上每层仍衰减到 1/4 上下；微调的速度与默认初始化互有快慢
#   （``faster`` 一列），都比按数据缩放的两种慢几倍。这与它没有消除逐层衰减相符，
#   但本页没有单独检验这是不是慢的原因。
# * 在这组数据上，起作用的因素是**按数据标准化并入**：``fold only`` 和 ``pre-trained`` 在每个种子上
#   都比其余三种 sigmoid 网络快。只改标准化这一个因素时，``naive pre-trained`` → ``pre-trained``
#   和 ``default init`` → ``fold only`` 的平均轮数都少了几倍。
# * **自编码器的训练**没有测出作用：不做标准化时，``naive pre-trained`` 与默认初始化互有快慢；
#   做了标准化时，``pre-trained`` 与 ``fold only`` 的平均轮数之差小于它的 2 倍标准误
#   （“换几个随机种子”一节输出的最后两行），这几个种子分辨不出两者。也就是说，只做缩放就足以得到
#   同样幅度的加速；但比 2 倍标准误小的差别这里都测不出来，
#   不能排除自编码器带来更小的好处（或坏处）。
# * **ReLU + He 初始化**不需要预训练，也不需要看数据，在每个种子上都最快。
#
# 这不等于无监督预训练在任何情况下都没有用。它原本的另一个卖点是：标签很少、无标签数据很多时，
# 先学到的表示可能更好；本页没有测这种情形（见“动手试试”第 4 题）。本页的自编码器也没有瓶颈和噪声，
# 换成降噪自编码器或 RBM 结果可能不同（第 1 题）。
#
# 为什么现代深度学习基本不再用逐层预训练？
# ----------------------------------------
#
# 逐层预训练解决的核心问题是“深层网络的起点太差，信号和梯度传不过去”。后来出现的几种做法
# 直接、廉价地解决了同一个问题，而且不需要额外的一整轮逐层训练：
#
# * **ReLU** 类激活函数（2010–2011）：正半轴导数恒为 1，
#   不像 sigmoid 那样导数最大只有 1/4、每过一层梯度都要缩小。
# * **合适的初始化**：Xavier/Glorot（2010）和 He（2015）初始化按每层的输入、输出宽度选择权重方差，
#   在各自的前提下（Xavier：以 0 为中心、0 附近斜率为 1 的激活；He：ReLU）让激活和梯度的方差逐层
#   大致保持不变。本页的表格显示了前提的分量：同一个 Xavier 初始化，在 tanh 上保持住了，
#   在 sigmoid 和 :math:`\sigma(x) - 1/2` 上没有。
# * **依赖数据的初始化**：用一小批数据测出每层输出的大小，再据此缩放权重。本页 ``fold only``
#   按训练集把每层的输入标准化并入权重，与 LSUV（Mishkin 和 Matas，2015）、Krähenbühl 等（2015）的
#   数据依赖初始化思路相同（具体做法不同：LSUV 先做正交初始化，再给每层乘一个标量，不做中心化）。
# * **归一化**：批归一化（2015）等在训练的每一步都把每层的激活重新标准化——
#   同一个想法，只是持续进行、并且可学习。
# * **残差连接**（ResNet，2015）：:math:`\mathbf h_{k} = \mathbf h_{k-1} + F(\mathbf h_{k-1})`，
#   给梯度一条直通的路径，几百层的网络也能从随机初始化直接训练。
# * 再加上大规模的标注数据和 GPU，端到端训练变得又简单又有效。
#
# 但“先在无标签数据上预训练，再在任务上微调”的思想并没有消失：今天的 BERT、GPT、
# 掩码自编码器（MAE）都是先用海量无标签数据做**自监督预训练**，再微调——
# 只是整个网络一起端到端地训练，而不是一层一层地贪心训练。
#
# 动手试试
# --------
#
# 1. 给自编码器加一个瓶颈，或者在它的输入上加高斯噪声、让它重构没有噪声的输入（降噪自编码器）：
#    ``pre-trained`` 和 ``fold only`` 能分开吗？
# 2. 把 ``DEPTH`` 改成 3 或 10，几种做法的差距怎样变化？
#    ``fold only`` 和 ``pre-trained`` 还分不开吗？
# 3. 把 ``PRETRAIN_EPOCHS`` 改成 10 或 500：自编码器训练得多一些或少一些，
#    会改变 ``pre-trained`` 一行吗？
# 4. 逐层预训练最初的卖点之一是**标签少**时也有用：只用每类 5 个带标签的点微调
#    （预训练仍用全部输入），比较 ``pre-trained``、``fold only`` 和 Xavier 初始化的测试准确率。
# 5. 把 sigmoid 换成 tanh（``make_net(..., activation="tanh")``），默认初始化的网络还慢吗？
# 6. 把 ``SEEDS`` 改成 ``range(10)``：``fold only`` 和 ``pre-trained`` 的平均值之差
#    和它的 2 倍标准误各怎样变化？

# sphinx_gallery_thumbnail_number = 2
