r"""
逐层预训练：先无监督地学表示，再有监督地微调
============================================

2006 年以前，人们普遍认为很深的 sigmoid 网络几乎无法直接用反向传播训练：
从随机初始化出发，误差信号每穿过一层都要乘上 :math:`\sigma'(\cdot) \le 1/4`，
传到前面几层时已所剩无几（梯度消失，见 :ref:`理论笔记 <theory>`）。
Hinton 等人（2006，用 RBM 堆叠成深度信念网络）和 Bengio 等人（2007，用自编码器堆叠）
提出的**贪心逐层预训练**（greedy layer-wise pre-training）打破了这个局面：

1. **第 1 层**：把输入 :math:`\mathbf x = \mathbf h_0` 当作数据，训练一个自编码器，
   只保留它的编码器 :math:`\mathbf h_1 = \sigma(W_1 \mathbf h_0 + \mathbf b_1)`。
2. **第 k 层**：把上一层的输出 :math:`\mathbf h_{k-1}` 当作新的数据，再训练一个自编码器：

   .. math::

      \mathbf h_k = \sigma(W_k \mathbf h_{k-1} + \mathbf b_k), \qquad
      \min_{W_k, \mathbf b_k, V_k, \mathbf c_k} \;
      \sum \big\| \mathbf h_{k-1} - (V_k \mathbf h_k + \mathbf c_k) \big\|^2 .

   每次只训练一层（“贪心”），前面的层固定不动，**全程不用标签**。
3. **微调**：在最上面加一个输出层，用带标签的数据和反向传播训练**整个**网络。

预训练得到的权重只是微调的**起点**。本页在螺旋数据上用一个 6 层的 sigmoid 网络比较几种起点：
默认初始化、逐层预训练、一个只做“按数据缩放”而不训练自编码器的对照，
以及两种现代做法（Xavier 初始化、ReLU + He 初始化）。
"""

# %%
# 数据和网络
# ----------
#
# 螺旋数据每类 100 个点，按 7:3 分成训练集和测试集；测试集只用来测量，不参与任何选择。
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
# 有一个细节决定了成败：深层的激活变化很小，直接拿它们当自编码器的输入，重构任务几乎不存在
# （输出一个常数就够了），预训练学不到东西（下面的 ``naive pre-trained`` 一行）。所以每个自编码器
# 看到的是**标准化后**的输入 :math:`(\mathbf h - \mathbf m) / \mathbf s`
# （按单元减去均值、除以标准差），
# 训练完再把标准化**并入**这一层的权重和偏置，网络结构不变：
#
# .. math::
#
#    W \frac{\mathbf h - \mathbf m}{\mathbf s} + \mathbf b
#    = \underbrace{(W / \mathbf s)}_{W'} \mathbf h
#      + \underbrace{\big(\mathbf b - (W / \mathbf s)\, \mathbf m\big)}_{\mathbf b'} .
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
            if standardize:  # fold (h - mean) / std into the layer: W' = W / std, b' = b - W' mean
                linear.weight /= std
                linear.bias -= linear.weight @ mean
            h = activation(linear(h))  # the data of the next auto-encoder


# %%
# 五种起点
# --------
#
# 五个网络结构相同（ReLU 那一组只把激活函数换掉），区别只在**微调开始时的权重**：
#
# * ``default init``：PyTorch 的默认初始化，
#   :math:`W_{ij} \sim U(-1/\sqrt{n_\text{in}}, 1/\sqrt{n_\text{in}})`，偏置也如此；
# * ``fold only``：默认初始化，再把每层输入的标准化并入权重（上面的对照，不训练自编码器）；
# * ``pre-trained``：默认初始化之后逐层训练 6 个自编码器（含同样的标准化并入）；
# * ``Xavier init``：Glorot 和 Bengio（2010）的初始化
#   :math:`\operatorname{Var}(W_{ij}) = 2/(n_\text{in} + n_\text{out})`，偏置为 0；
# * ``ReLU + He init``：激活函数换成 ReLU，He 等人（2015）的初始化
#   :math:`\operatorname{Var}(W_{ij}) = 2/n_\text{in}`，偏置为 0。
#
# ``fold only`` 和 ``pre-trained`` 只差“训练自编码器”这一个因素；``default init`` 和 ``fold only``
# 只差“按数据缩放”这一个因素。
VARIANTS = ("default init", "fold only", "pre-trained", "Xavier init", "ReLU + He init")
COLOURS = dict(
    zip(VARIANTS, ("tab:red", "tab:orange", "tab:blue", "tab:green", "tab:purple"), strict=True)
)


def make_net(variant: str, seed: int, activation: str = "sigmoid", **options) -> nn.Sequential:
    """The network of `variant` with its weights before fine-tuning."""
    torch.manual_seed(seed)
    if variant == "ReLU + He init":
        activation = "relu"
    net = mlp(2, WIDTH, N_CLASSES, depth=DEPTH, activation=activation)
    if variant in ("pre-trained", "fold only"):
        pretrain(net, X_train, train_autoencoders=variant == "pre-trained", **options)
    elif variant in ("Xavier init", "ReLU + He init"):
        for layer in net:
            if isinstance(layer, nn.Linear):
                if activation == "relu":
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
# 先不训练，对每个网络测两样东西，每个隐藏层一个数：
#
# * **前向**：该层输出**随输入变化**的程度——每个单元在所有训练点上的标准差，对单元取平均。
#   如果某层的输出对所有输入都差不多，这一层之后的网络就“看不见”输入了。
# * **反向**：训练集上交叉熵损失对该层权重的梯度的范数 :math:`\|\partial L / \partial W_k\|`，
#   即微调第一步时这一层能得到多大的信号。
#
# 表中多了两行诊断用的网络，它们不参加后面的微调：``naive pre-trained``
# 是不做标准化的朴素逐层预训练；``Xavier init, tanh`` 只把 Xavier 一行的 sigmoid 换成 tanh，
# 用来检验 Xavier 初始化的前提
# （见表后的讨论）。
diagnostics = dict(nets)
diagnostics["naive pre-trained"] = make_net("pre-trained", 0, standardize=False)
diagnostics["Xavier init, tanh"] = make_net("Xavier init", 0, activation="tanh")


def activation_spread(net: nn.Sequential, inputs: torch.Tensor) -> list[float]:
    """Mean over units of the standard deviation over inputs, after each hidden layer."""
    spreads, h = [], inputs
    with torch.no_grad():
        for layer in net[:-1]:
            h = layer(h)
            if not isinstance(layer, nn.Linear):  # after each activation
                spreads.append(h.std(dim=0).mean().item())
    return spreads


def weight_gradients(net: nn.Sequential, inputs: torch.Tensor, labels: torch.Tensor) -> list[float]:
    """Norm of d(loss)/d(weight) of each hidden Linear layer, at the current weights."""
    net.zero_grad()
    F.cross_entropy(net(inputs), labels).backward()
    norms = [layer.weight.grad.norm().item() for layer in net[:-1] if isinstance(layer, nn.Linear)]
    net.zero_grad()
    return norms


spread = {name: activation_spread(net, X_train) for name, net in diagnostics.items()}
gradient = {name: weight_gradients(net, X_train, y_train) for name, net in diagnostics.items()}


def per_layer(values: list[float], forward: bool) -> float:
    """Geometric-mean factor per layer, in the direction the signal travels."""
    first, last = (values[0], values[-1]) if forward else (values[-1], values[0])
    return (last / first) ** (1 / (len(values) - 1))


factor = {
    "forward": {name: per_layer(values, True) for name, values in spread.items()},
    "backward": {name: per_layer(values, False) for name, values in gradient.items()},
}
layers = "".join(f"{k:>8}" for k in range(1, DEPTH + 1))
for title, table, direction in (
    ("forward: spread", spread, "forward"),
    ("backward: |dL/dW_k|", gradient, "backward"),
):
    print(f"{title:<22}{layers}{'per layer':>11}")
    for name, values in table.items():
        cells = "".join(f"{v:>8.1e}" for v in values)
        print(f"  {name:<20}{cells}{factor[direction][name]:>11.2f}")
for factors in factor.values():
    assert 0.1 < factors["Xavier init"] < 0.35  # about sigma'(0) = 1/4 per layer, not 1
    assert factors["Xavier init, tanh"] > 0.7  # tanh'(0) = 1: about constant
    assert factors["default init"] < factors["Xavier init"]
    assert min(factors["fold only"], factors["pre-trained"]) > 0.7  # no decay
    assert factors["naive pre-trained"] < 0.5
assert gradient["Xavier init"][0] < gradient["Xavier init"][-1] / 100

fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
for ax, table, ylabel, title in (
    (axes[0], spread, "spread of activations over inputs", "forward: activations"),
    (axes[1], gradient, "|dL/dW_k| on the training set", "backward: weight gradients"),
):
    for name, values in table.items():
        style = ":" if name not in VARIANTS else "-"
        colour = COLOURS.get(name, "tab:gray" if "tanh" in name else "tab:cyan")
        ax.semilogy(range(1, DEPTH + 1), values, style, color=colour, marker="o", label=name)
    ax.set(xlabel="hidden layer k", ylabel=ylabel, title=f"before fine-tuning, {title}")
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
# sigmoid 不满足：它的输出以 1/2 为中心，0 附近的斜率只有 :math:`\sigma'(0) = 1/4`。
# 表中 ``Xavier init`` 一行因此并**没有**保持方差：前向的激活幅度和反向的梯度每过一层都缩小到
# 大约 1/4 上下（最后一列），六层之后第 1 层的梯度比第 6 层小两个数量级以上
# （代码里的断言检查了这些）。
# 把同一个初始化用在满足前提的 tanh 上（``Xavier init, tanh`` 一行），两个方向都大致保持不变——
# 问题出在 sigmoid 不满足前提，而不是公式本身。
#
# **默认初始化**的情形更糟（每层的缩小倍数更小）。``fold only`` 和 ``pre-trained`` 两行的前向、反向
# 都不再逐层衰减：每层输入都被缩放到单位标准差，sigmoid 一直工作在它敏感的区间里。朴素的逐层预训练
# （不做标准化）做不到这一点。ReLU + He 初始化靠的是另一个办法：ReLU 在正半轴的斜率是 1，
# He 初始化补偿了它把一半输入置零的效果。

# %%
# 微调：同样的网络、同样的训练循环
# --------------------------------
#
# 五个网络都用同一个训练循环微调——就是课程里的 ``zero_grad → forward → loss → backward → step``，
# 优化器是 Adam（学习率 0.01，每步用全部训练数据），训练 ``FINETUNE_EPOCHS`` 轮，
# 每轮之后在测试集上量一次准确率。``stop_at`` 让循环在测试准确率第一次达到某个值时停下，
# 后面比较多个种子时用它省时间。


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
        with torch.no_grad():
            test_accuracy = (net(X_test).argmax(dim=1) == y_test).float().mean().item()
        curves["loss"].append(loss.item())
        curves["train acc"].append((logits.argmax(dim=1) == y_train).float().mean().item())
        curves["test acc"].append(test_accuracy)
        if stop_at is not None and test_accuracy >= stop_at:
            break
    return curves


histories = {variant: finetune(net) for variant, net in nets.items()}
for variant, curves in histories.items():
    print(
        f"{variant:<15} final loss {curves['loss'][-1]:.3f}, "
        f"train acc {curves['train acc'][-1]:.3f}, test acc {curves['test acc'][-1]:.3f}"
    )

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4.4), layout="constrained")
for variant, curves in histories.items():
    ax_loss.plot(curves["loss"], color=COLOURS[variant], label=variant)
    ax_acc.plot(curves["train acc"], "-", color=COLOURS[variant])
    ax_acc.plot(curves["test acc"], "--", color=COLOURS[variant])
ax_loss.set(xlabel="fine-tuning epoch", ylabel="training loss (cross-entropy)", title="loss")
ax_acc.set(xlabel="fine-tuning epoch", ylabel="accuracy", title="solid: train, dashed: test")
fig.legend(*ax_loss.get_legend_handles_labels(), loc="outside lower center", ncols=5)
for ax in (ax_loss, ax_acc):
    ax.grid(alpha=0.3)
plt.show()

# %%
# 微调后的决策区域（画在测试集上）：

fig, axes = plt.subplots(1, len(nets), figsize=(10, 2.5), layout="constrained")
for ax, (variant, net) in zip(axes, nets.items(), strict=True):
    plot_model(X_test, y_test, net, ax=ax, title=variant)
plt.show()

# %%
# 换几个随机种子
# --------------
#
# 一次运行可能是运气。下面对 ``SEEDS`` 里的每个种子各重复一遍（每个种子的初始化、预训练都不同），
# 列出每种做法**测试准确率第一次达到 0.9 的轮数**（``-`` 表示在 ``FINETUNE_EPOCHS`` 轮内没有达到），
# 再给出平均值和标准差（没有达到的按整个预算计，所以这两行的平均值只是下限）。
SEEDS = range(3)
THRESHOLD = 0.9


def epochs_to(curves: dict[str, list[float]]) -> int | None:
    """Epochs of fine-tuning until the test accuracy first reached THRESHOLD (None: never)."""
    reached = [acc >= THRESHOLD for acc in curves["test acc"]]
    return reached.index(True) + 1 if any(reached) else None


reached = {variant: [epochs_to(histories[variant])] for variant in VARIANTS}  # seed 0: above
for seed in SEEDS[1:]:
    for variant in VARIANTS:
        reached[variant].append(epochs_to(finetune(make_net(variant, seed), stop_at=THRESHOLD)))

counted = {  # "never" counted as the whole budget
    variant: torch.tensor([FINETUNE_EPOCHS if e is None else e for e in epochs]).float()
    for variant, epochs in reached.items()
}
print(f"epochs to test accuracy {THRESHOLD}")
print(f"{'':<15}" + "".join(f"{'seed ' + str(s):>8}" for s in SEEDS) + f"{'mean':>8}{'std':>7}")
for variant, epochs in reached.items():
    cells = "".join(f"{'-' if e is None else e:>8}" for e in epochs)
    never = "  (- counted as the budget)" if None in epochs else ""
    mean, std = counted[variant].mean().item(), counted[variant].std().item()
    print(f"{variant:<15}{cells}{mean:>8.1f}{std:>7.1f}{never}")

mean = {variant: epochs.mean().item() for variant, epochs in counted.items()}
std = {variant: epochs.std().item() for variant, epochs in counted.items()}
gap = abs(mean["pre-trained"] - mean["fold only"])
print(f"pre-trained minus fold only: {mean['pre-trained'] - mean['fold only']:+.1f} epochs, "
      f"seed-to-seed std {std['pre-trained']:.1f} and {std['fold only']:.1f}")  # fmt: skip
assert gap < min(std["pre-trained"], std["fold only"])  # no difference beyond the spread
scaled = torch.cat((counted["pre-trained"], counted["fold only"]))
assert scaled.max() < min(counted["default init"].min(), counted["Xavier init"].min())
assert counted["ReLU + He init"].max() < scaled.min()
assert sum(e is not None for e in reached["default init"]) > len(SEEDS) / 2
assert gradient["default init"][0] < gradient["default init"][-1] / 1000

# %%
# 旁注：权重衰减会让默认初始化的网络停在原地
# ------------------------------------------
#
# 上面的微调没有用权重衰减。课程的代码给优化器加了 ``weight_decay=lambda_l2``（1e-5）；
# 把这同一个权重衰减加到 Adam 上，只改这一个因素，再训练默认初始化的网络（种子 0）：
net = make_net("default init", seed=0)
start = net[0].weight.norm().item()
optimizer = torch.optim.Adam(net.parameters(), lr=1e-2, weight_decay=1e-5)
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

# %%
# 加了权重衰减，默认初始化的网络在预算内停在随机猜测的水平（三类，约 1/3），
# 第 1 层的权重几乎衰减到 0。
# 原因是梯度消失和 Adam 叠在一起：Adam 按每个参数梯度的大小把步长归一化，前几层的损失梯度极小
# （上面的反向表格），权重衰减项 :math:`\lambda W` 在梯度里占了上风，于是每一步都以接近学习率的步长
# 把权重推向 0。比较不同的起点时，其它设置（包括正则化）要对所有做法保持一致，
# 而且它们本身也可能决定结果，值得单独检查。
#
# 这个测量说明了什么
# ------------------
#
# 先把结论限定在它的范围内：一个小任务（二维螺旋，210 个训练点）、一种深而窄的 sigmoid 网络、
# 3 个随机种子、全批量 Adam、400 轮的预算、“测试准确率第一次达到 0.9 的轮数”这一个指标。
# 在这个范围内，上面的输出显示：
#
# * **默认初始化**的 6 层 sigmoid 网络也能训练，但慢：多数种子在预算内达到 0.9，用的轮数却是
#   下面两种做法的几倍。前向的激活和反向的梯度都逐层衰减，到第 1 层时梯度已经小了几个数量级——
#   这正是视频里讲的梯度消失。Xavier 初始化在 sigmoid 上同样慢（它的前提不成立，见上文）。
# * **逐层预训练**之后，同一个网络达到 0.9 快得多。但只做**按数据缩放**、完全不训练自编码器的
#   ``fold only`` 也一样快：两行平均值之差小于种子之间的标准差（上面的输出），本页分不出它们。
#   所以在这组数据上，逐层预训练的加速来自它顺带做的那一步——按每层输入的均值和标准差重新缩放权重，
#   让每一层的 sigmoid 都工作在敏感区；自编码器学到的权重**没有**带来可以测出的额外好处。
# * **ReLU + He 初始化**不需要预训练，也不需要看数据，在每个种子上都最快。
#
# 这不等于无监督预训练在任何情况下都没有用。它原本的另一个卖点是：标签很少、无标签数据很多时，
# 先学到的表示可能更好；本页没有测这种情形（见“动手试试”第 4 题）。
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
#   在 sigmoid 上没有。
# * **依赖数据的初始化**：直接按一小批数据把每层的输出缩放到单位方差（例如 LSUV，2015）——
#   正是本页 ``fold only`` 做的事。
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
# 1. 在 ``make_net`` 里给 ``pretrain`` 传 ``standardize=False``，重新运行：朴素的逐层预训练之后，
#    微调比默认初始化快吗？
# 2. 把 ``DEPTH`` 改成 3 或 10，几种做法的差距怎样变化？
#    ``fold only`` 和 ``pre-trained`` 还分不开吗？
# 3. 把 ``PRETRAIN_EPOCHS`` 改成 10 或 500：自编码器训练得多一些或少一些，
#    会改变 ``pre-trained`` 一行吗？
# 4. 逐层预训练最初的卖点之一是**标签少**时也有用：只用每类 5 个带标签的点微调
#    （预训练仍用全部输入），比较 ``pre-trained``、``fold only`` 和 Xavier 初始化的测试准确率。
# 5. 把 sigmoid 换成 tanh（``make_net(..., activation="tanh")``），默认初始化的网络还慢吗？
# 6. 把 ``SEEDS`` 改成 ``range(10)``：``fold only`` 和 ``pre-trained`` 的平均值之差
#    还在种子间的波动之内吗？

# sphinx_gallery_thumbnail_number = 2
