"""
问题 1：AlexNet 有哪些特点？为什么可以比 LeNet 取得更好的性能？
==================================================================

**简答。**AlexNet（Krizhevsky、Sutskever、Hinton，2012）和 LeNet-5（LeCun 等，1998）都是
“卷积 + 池化 + 全连接”的网络，思路一脉相承。AlexNet 的突破不在某一个新部件，而在于把网络
做得大得多：8 个卷积/全连接层（本页的 LeNet-5 有 5 个；原文的 S2、S4 下采样层也有可学习系数，
原文算 7 层），约六千万个参数（LeNet-5 约六万个，相差约三个数量级），并配齐了让这么大的网络
*能训练、不过拟合、算得完*的几件事：

* **ReLU** 激活 :math:`\\max(0, x)`：正半轴导数恒为 1，不会像 sigmoid/tanh 那样饱和，深层网络的
  梯度传得下去，训练快得多（论文图 1：四层卷积网络在 CIFAR-10 上达到 25% 训练误差，ReLU 比 tanh
  快约 6 倍）。
* **Dropout**：训练时以概率 :math:`p=0.5` 随机把前两个全连接层的神经元置零，迫使网络不依赖
  个别神经元的组合，相当于同时训练许多共享权重的子网络；论文说没有 dropout 时网络严重过拟合。
* **数据增强**：从 256×256 的图片中随机裁剪 224×224 的小块并水平翻转，再对 RGB 做基于 PCA 的
  颜色扰动，训练样本的多样性大大增加。
* **大数据**：ImageNet ILSVRC-2012 有约 120 万张训练图片、1000 个类别；LeNet-5 面对的 MNIST 只有
  6 万张 28×28 的灰度手写数字训练图片（送进 LeNet-5 时四周用背景值补成 32×32）。参数多的模型
  需要这么多数据才不会过拟合。
* **GPU 训练**：网络被拆到两块 3 GB 显存的 GTX 580 上，每块 GPU 放一半卷积核，只在部分层之间交换数据
  （下面代码里 ``groups=2`` 的卷积层就是这种拆分），训练约 90 轮、五到六天。
* 另外还有**重叠的最大池化**（3×3 窗口、步长 2）和**局部响应归一化 LRN**，论文报告它们各自
  把错误率降低了零点几到一点几个百分点；后来的网络多用 BatchNorm 取代了 LRN。

结果：ILSVRC-2012 的 top-5 测试错误率 15.3%，第二名 26.2%（以上数字引自论文，不是本页测量的）。
所以“为什么更好”的答案是：**大得多的模型（每层宽得多，卷积/全连接层也更多）+ 足够的数据 +
GPU 算力 + 让大模型可训练（ReLU）和不过拟合（dropout、数据增强）的技巧**。
在 MNIST 这种小问题上，LeNet-5 已经够用。

下面先用 ``torch.nn`` 搭出两个网络，数一数它们的参数量和计算量；然后在螺旋数据上测量两件能在几秒内
测出来的事：ReLU 是否让较深的网络训练得更快，以及 dropout 对训练集与测试集准确率之差的影响。
"""

# %%
# 两个网络的定义
# --------------
#
# LeNet-5 按原论文的层结构：C1 卷积 → S2 下采样 → C3 卷积 → S4 下采样 → C5 卷积 → F6 全连接 → 输出。
# 与原文的差别（为了用标准模块写出来）：激活用 ``Tanh``
# （原文是 :math:`1.7159\tanh(\tfrac{2}{3}a)`），
# 下采样用 ``AvgPool2d``（原文是带可学习系数的平均再过 sigmoid），C3 与 S2 的全部 6 个通道相连
# （原文用一张稀疏连接表），输出层用 ``Linear``（原文是 RBF 单元）。输入是 32×32：MNIST 的 28×28
# 图片四周各补 2 个像素（原文把像素归一化到背景 −0.1、前景 1.175，补的是背景值）。
#
# AlexNet 按论文：5 个卷积层 + 3 个全连接层，第 2、4、5 个卷积层 ``groups=2``，
# 即两块 GPU 各算一半、互不相连。论文写输入 224×224，但按给出的卷积核和步长，只有 227×227
# 才能得到第一层 55×55 的输出，所以这里用 227。
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import spiral_tut
from spiral_tut import accuracy, fit, make_spiral, mlp, plot_model, train_test_split

spiral_tut.set_default(figsize=(10, 4), theme="transparent")

lenet5 = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5),  # C1: 6 x 28 x 28 (input: 1 x 32 x 32)
    nn.Tanh(),
    nn.AvgPool2d(2),  # S2: 6 x 14 x 14
    nn.Conv2d(6, 16, kernel_size=5),  # C3: 16 x 10 x 10
    nn.Tanh(),
    nn.AvgPool2d(2),  # S4: 16 x 5 x 5
    nn.Conv2d(16, 120, kernel_size=5),  # C5: 120 x 1 x 1
    nn.Tanh(),
    nn.Flatten(),
    nn.Linear(120, 84),  # F6
    nn.Tanh(),
    nn.Linear(84, 10),  # output: 10 digits
)


def lrn() -> nn.LocalResponseNorm:
    # The paper's k=2, n=5, alpha=1e-4, beta=0.75; PyTorch divides alpha by n, so pass n * alpha.
    return nn.LocalResponseNorm(size=5, alpha=5 * 1e-4, beta=0.75, k=2.0)


alexnet = nn.Sequential(
    nn.Conv2d(3, 96, kernel_size=11, stride=4),  # conv1: 96 x 55 x 55
    nn.ReLU(),
    lrn(),
    nn.MaxPool2d(kernel_size=3, stride=2),  # overlapping pooling: 96 x 27 x 27
    nn.Conv2d(96, 256, kernel_size=5, padding=2, groups=2),  # conv2, split over 2 GPUs
    nn.ReLU(),
    lrn(),
    nn.MaxPool2d(kernel_size=3, stride=2),  # 256 x 13 x 13
    nn.Conv2d(256, 384, kernel_size=3, padding=1),  # conv3: the GPUs exchange data here
    nn.ReLU(),
    nn.Conv2d(384, 384, kernel_size=3, padding=1, groups=2),  # conv4
    nn.ReLU(),
    nn.Conv2d(384, 256, kernel_size=3, padding=1, groups=2),  # conv5
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=3, stride=2),  # 256 x 6 x 6 = 9216
    nn.Flatten(),
    nn.Dropout(0.5),
    nn.Linear(9216, 4096),  # fc6
    nn.ReLU(),
    nn.Dropout(0.5),
    nn.Linear(4096, 4096),  # fc7
    nn.ReLU(),
    nn.Linear(4096, 1000),  # fc8: 1000 ImageNet classes
)

# %%
# 数参数和乘加次数
# ----------------
#
# 参数量就是所有参数张量的元素个数之和：``sum(p.numel() for p in model.parameters())``。
#
# 计算量用乘加次数（multiply-adds，MACs）衡量：一次乘法加一次加法。全连接层的每个输出数要做
# ``in_features`` 次乘加，卷积层的每个输出数要做 :math:`C_\text{in}/\text{groups}\cdot k_h k_w` 次；
# 两种情况都恰好是“一个输出通道（或输出单元）的权重个数”``weight[0].numel()``。所以只要知道每层输出
# 有多少个数，就能算出这一层的乘加次数。输出的形状最容易在前向传播时拿到：给每个卷积层和全连接层
# 注册一个 forward hook，PyTorch 每算完一层就调用它一次。偏置、激活、池化和归一化的运算量小，
# 不计入。


def count_parameters(model: nn.Module) -> int:
    """Number of scalar weights and biases of ``model``."""
    return sum(p.numel() for p in model.parameters())


def count_macs(model: nn.Module, input_shape: tuple[int, ...]) -> dict[str, int]:
    """Multiply-adds of each Conv2d/Linear layer of ``model`` for ONE input of ``input_shape``."""
    macs = {}

    def hook(name: str):
        def record(module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
            # output[0]: the outputs of the first (only) sample; weight[0]: those behind one output
            macs[name] = output[0].numel() * module.weight[0].numel()

        return record

    handles = [
        module.register_forward_hook(hook(name))
        for name, module in model.named_modules()
        if isinstance(module, nn.Conv2d | nn.Linear)
    ]
    model.eval()  # dropout off: one deterministic forward pass
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))  # a batch of one sample
    for handle in handles:
        handle.remove()
    return macs


INPUTS = {"LeNet-5": (1, 32, 32), "AlexNet": (3, 227, 227)}
NETS = {"LeNet-5": lenet5, "AlexNet": alexnet}
MACS = {name: count_macs(net, INPUTS[name]) for name, net in NETS.items()}

# %%
# 自己写的计数器要核对。PyTorch 自带 :class:`torch.utils.flop_counter.FlopCounterMode`，它在算子一级
# 统计浮点运算次数（FLOPs），把一次乘加算作 2 次运算（一次乘法、一次加法），同样不计偏置、池化和
# 归一化。所以每一层都应该恰好有 FLOPs = 2 × MACs：


def count_flops(model: nn.Module, input_shape: tuple[int, ...]) -> dict[str, int]:
    """FLOPs per module (and "Global" for the whole model), counted by FlopCounterMode."""
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        model(torch.zeros(1, *input_shape))
    return {name: sum(ops.values()) for name, ops in counter.get_flop_counts().items()}


for name, net in NETS.items():
    flops = count_flops(net, INPUTS[name])
    for layer, macs in MACS[name].items():
        assert flops[f"Sequential.{layer}"] == 2 * macs, (name, layer)
    assert flops["Global"] == 2 * sum(MACS[name].values()), name
    total = sum(MACS[name].values())
    print(f"{name}: {flops['Global']:,} FLOPs (FlopCounterMode) = 2 x {total:,} MACs (hooks)")
    print(f"    and the same, 2 x, in each of its {len(MACS[name])} Conv2d/Linear layers")

# %%
# 并排比较
# --------


def describe(name: str) -> dict[str, str]:
    net = NETS[name]
    modules = list(net.modules())

    def count(kind):
        return sum(isinstance(m, kind) for m in modules)

    def used(*types):
        names = {type(m).__name__ for m in modules if isinstance(m, types)}
        return ", ".join(sorted(names)) or "-"

    pools = {
        f"{type(m).__name__} {m.kernel_size}/{m.stride}"
        for m in modules
        if isinstance(m, nn.MaxPool2d | nn.AvgPool2d)
    }
    dropouts = [m.p for m in modules if isinstance(m, nn.Dropout)]
    c, h, w = INPUTS[name]
    return {
        "input size": f"{c} x {h} x {w}",
        "conv layers": str(count(nn.Conv2d)),
        "fully connected layers": str(count(nn.Linear)),
        "parameters": f"{count_parameters(net):,}",
        "multiply-adds per image": f"{sum(MACS[name].values()):,}",
        "activation": used(nn.Tanh, nn.Sigmoid, nn.ReLU),
        "pooling (size/stride)": ", ".join(sorted(pools)),
        "dropout": f"{len(dropouts)} x p={dropouts[0]}" if dropouts else "-",
        "normalisation": used(nn.LocalResponseNorm, nn.BatchNorm2d),
        "grouped convs (2 GPUs)": str(
            sum(isinstance(m, nn.Conv2d) and m.groups > 1 for m in modules)
        ),
    }


table = {name: describe(name) for name in NETS}
print(f"{'':<24}{'LeNet-5':>16}{'AlexNet':>20}")
for row in table["LeNet-5"]:
    print(f"{row:<24}{table['LeNet-5'][row]:>16}{table['AlexNet'][row]:>20}")
ratio_params = count_parameters(alexnet) / count_parameters(lenet5)
ratio_macs = sum(MACS["AlexNet"].values()) / sum(MACS["LeNet-5"].values())
print(f"\nAlexNet / LeNet-5: {ratio_params:,.0f} x the parameters, {ratio_macs:,.0f} x the MACs")
# What the introduction says: about 60 million vs 60 thousand parameters, 8 vs 5 conv/fc layers.
assert 60e6 < count_parameters(alexnet) < 62e6 and 60e3 < count_parameters(lenet5) < 62e3
assert 500 < ratio_params < 2000
weight_layers = {name: len(MACS[name]) for name in NETS}
assert weight_layers == {"LeNet-5": 5, "AlexNet": 8}, weight_layers

# %%
# 按卷积/全连接层数，AlexNet 有 8 层，本页的 LeNet-5 有 5 层（原文把 S2、S4 也算上，是 7 层）。
# 参数量和计算量多出约三个数量级（上面的比值），主要来自宽度和输入大小：AlexNet 的卷积层有
# 96 到 384 个通道（LeNet-5 是 6 到 120 个），全连接层有 4096 个单元，输入图片也大得多。
# 但深度同样重要：论文报告，去掉任何一个中间的卷积层，top-1 错误率都会上升约 2 个百分点（这是
# 论文的测量，本页没有复现）。
#
# AlexNet 的参数和计算量分布在哪里？下图逐层画出参数量和每张图片的乘加次数（单位：百万；
# 蓝色是卷积层，橙色是全连接层）。
# 五个卷积层贡献了大部分计算量，三个全连接层贡献了大部分参数。论文只说 dropout 用在前两个全连接层；
# 一个合理的解释是：参数最多的地方，过拟合的风险也最大。

layers = [(name, m) for name, m in alexnet.named_modules() if isinstance(m, nn.Conv2d | nn.Linear)]
labels = [f"conv{i + 1}" for i in range(5)] + [f"fc{i + 6}" for i in range(3)]
params = np.array([sum(p.numel() for p in m.parameters()) for _, m in layers])
macs = np.array([MACS["AlexNet"][name] for name, _ in layers])
is_conv = np.array([isinstance(m, nn.Conv2d) for _, m in layers])
print(
    f"conv layers: {params[is_conv].sum() / params.sum():.1%} of the parameters, "
    f"{macs[is_conv].sum() / macs.sum():.1%} of the multiply-adds"
)
assert params[is_conv].sum() < params[~is_conv].sum() and macs[is_conv].sum() > macs[~is_conv].sum()

fig, (ax_p, ax_m) = plt.subplots(1, 2, figsize=(10, 3.2), layout="constrained")
colours = np.where(is_conv, "tab:blue", "tab:orange")
for ax, values, title in ((ax_p, params, "parameters"), (ax_m, macs, "multiply-adds per image")):
    ax.bar(labels, values / 1e6, color=colours)
    ax.set_ylabel("millions")
    ax.set_title(f"AlexNet: {title}")
    ax.grid(axis="y", alpha=0.3)

# %%
# ReLU 让较深的网络训练得更快吗？
# -------------------------------
#
# 仿照 AlexNet 论文图 1 的做法：记录训练误差第一次降到 25% 以下（训练准确率 ≥ 0.75）所需的轮数。
# 网络是 4 个隐藏层、每层 64 个神经元的 MLP，和 AlexNet 一样用带动量的 SGD 优化器（动量 0.9，
# 学习率 0.02；这里每步用全部训练数据，即全批量梯度下降，AlexNet 用的是小批量），训练 300 轮。
# 每次只换激活函数，其余全部相同（同一个随机种子）。分两组初始化：PyTorch ``nn.Linear`` 的
# 默认初始化，以及按激活函数调整尺度的初始化
# （ReLU 用 He 初始化 :math:`\mathrm{Var}(w)=2/n_\text{in}`，sigmoid/tanh 用 Xavier 初始化
# :math:`\mathrm{Var}(w)=g^2\cdot 2/(n_\text{in}+n_\text{out})`，增益 :math:`g` 取
# ``nn.init.calculate_gain`` 的推荐值：tanh 为 5/3，sigmoid 为 1）。


def scaled_init(model: nn.Module, activation: str) -> nn.Module:
    """He init for ReLU, Xavier (Glorot) init with the recommended gain otherwise; zero biases."""
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            if activation == "relu":
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            else:
                nn.init.xavier_normal_(layer.weight, gain=nn.init.calculate_gain(activation))
            nn.init.zeros_(layer.bias)
    return model


X, y = make_spiral(n_per_class=200, device="cpu")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
ACTS = ["sigmoid", "tanh", "relu"]


def first_to_last_gradient(model: nn.Module) -> float:
    """||dloss/dW|| of the first Linear layer divided by that of the output layer."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    model.zero_grad()
    nn.functional.cross_entropy(model(X_train), y_train).backward()
    ratio = linears[0].weight.grad.norm() / linears[-1].weight.grad.norm()
    model.zero_grad()
    return ratio.item()


curves, epochs_to_75, grad_ratio = {}, {}, {}
print(
    f"{'init':<8} {'activation':<10} {'epochs to 75% train acc':>24} {'final train acc':>16}",
    end="",
)
print(f" {'grad W1/W_out at init':>22}")
for init in ("default", "scaled"):
    for activation in ACTS:
        torch.manual_seed(0)
        model = mlp(2, 64, 3, depth=4, activation=activation)
        if init == "scaled":
            scaled_init(model, activation)
        grad_ratio[init, activation] = first_to_last_gradient(model)
        sgd = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
        history = fit(model, X_train, y_train, optimizer=sgd, epochs=300, log_every=0)
        curves[init, activation] = history.loss
        reached = next((t for t, a in enumerate(history.accuracy) if a >= 0.75), None)
        epochs_to_75[init, activation] = reached
        shown = "not reached" if reached is None else str(reached)
        print(f"{init:<8} {activation:<10} {shown:>24} {history.accuracy[-1]:>16.3f}", end="")
        print(f" {grad_ratio[init, activation]:>22.2e}")

# What the text below says: sigmoid never gets there; the scaled init speeds up tanh and ReLU.
assert epochs_to_75["default", "sigmoid"] is None and epochs_to_75["scaled", "sigmoid"] is None
for activation in ("tanh", "relu"):
    assert epochs_to_75["scaled", activation] < epochs_to_75["default", activation] / 2
# ... and at init the first layer of the sigmoid network gets the smallest share of the gradient.
for init in ("default", "scaled"):
    assert grad_ratio[init, "sigmoid"] < min(grad_ratio[init, "tanh"], grad_ratio[init, "relu"])

fig, axes = plt.subplots(1, 2, figsize=(10, 3.5), sharey=True, layout="constrained")
for ax, init in zip(axes, ("default", "scaled"), strict=True):
    for activation in ACTS:
        ax.plot(curves[init, activation], label=activation)
    ax.set_title({"default": "PyTorch default init", "scaled": "He (ReLU) / Xavier init"}[init])
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)
axes[0].legend(title="activation")
_ = axes[0].set_ylabel("training loss")

# %%
# **这个测量说明了什么？**在这个学习率（0.02）和这个随机种子下，两种初始化的 sigmoid 网络在 300 轮内
# 都没有达到 75% 的训练准确率，而 tanh 和 ReLU 都达到了。表的最后一列是初始化时第一层与输出层的
# 权重梯度之比：两种初始化下都是 sigmoid 最小，与问题 3 测到的梯度消失一致；sigmoid 的输出不以 0
# 为中心（均值约 1/2），也是它难训练的一个原因，这个实验分不开这两个原因。换一个学习率，结论可能
# 不同。
# 换成按激活函数调整尺度的初始化后，tanh 和 ReLU 达到 75% 所需的轮数都不到默认初始化时的一半
# （右图，上表）。tanh 与 ReLU 之间谁更快，这里只有一个随机种子，而且答案随初始化而变，所以
# 这个小实验不能说明 ReLU 胜过 tanh。它支持的结论是：在这个 4 层网络上，ReLU 和 tanh 都远比
# sigmoid 好训练，而初始化的尺度对训练速度的影响也很大。AlexNet 论文里的“快 6 倍”是在
# 卷积网络和 CIFAR-10 上、用它自己的初始化测出来的，这里不能复现那个具体倍数。
#
# Dropout 对过拟合的影响
# ----------------------
#
# 制造一个容易过拟合的情形：每类只有 50 个点的高噪声螺旋数据（``noise=0.6``，三条螺旋臂在中心附近
# 互相交叠），一半用来训练；网络很大（两层 128 个神经元，参数量见下面的输出，而训练样本
# 只有 75 个）。
# 测试集是同一分布的 1500 个新样本，足够大，准确率的测量误差小。每个隐藏层后面加
# ``nn.Dropout(p)``，只改变 :math:`p`（0 或 0.5），用 Adam 训练 300 轮；换 4 个随机种子
# （数据和初始化都换）重复。
#
# 训练时 dropout 把每个神经元以概率 :math:`p` 置零，并把保留下来的乘以 :math:`1/(1-p)`，
# 所以测试时（``model.eval()``）直接用完整网络，期望输出不变。


def dropout_mlp(p: float) -> nn.Sequential:
    # mlp() copies the activation module into every hidden layer: ReLU followed by Dropout.
    return mlp(2, 128, 3, depth=2, activation=nn.Sequential(nn.ReLU(), nn.Dropout(p)))


print(f"parameters: {count_parameters(dropout_mlp(0.5)):,}")
print(f"{'seed':>4} {'dropout p':>9} {'train acc':>10} {'test acc':>10} {'gap':>7}")
results = {0.0: [], 0.5: []}
boundary_models = {}
for seed in range(4):
    X_small, y_small = make_spiral(n_per_class=50, noise=0.6, seed=seed, device="cpu")
    X_fit, _, y_fit, _ = train_test_split(X_small, y_small, test_size=0.5, seed=seed)
    X_new, y_new = make_spiral(n_per_class=500, noise=0.6, seed=100 + seed, device="cpu")
    for p in results:
        torch.manual_seed(seed)
        model = dropout_mlp(p)
        fit(model, X_fit, y_fit, optimizer="adam", lr=1e-2, epochs=300, log_every=0)
        train_acc, test_acc = accuracy(model, X_fit, y_fit), accuracy(model, X_new, y_new)
        results[p].append((train_acc, test_acc))
        print(f"{seed:>4} {p:>9} {train_acc:>10.3f} {test_acc:>10.3f} {train_acc - test_acc:>7.3f}")
        if seed == 0:
            boundary_models[p] = (model, X_fit, y_fit, train_acc, test_acc)
runs = {p: np.array(rows) for p, rows in results.items()}  # per seed: (train acc, test acc)
for p, rows in runs.items():
    gaps = rows[:, 0] - rows[:, 1]
    print(
        f"p={p}, mean ± sample std (ddof=1) over seeds: train {rows[:, 0].mean():.3f} ± "
        f"{rows[:, 0].std(ddof=1):.3f}, "
        f"test {rows[:, 1].mean():.3f} ± {rows[:, 1].std(ddof=1):.3f},\n"
        f"       gap {gaps.mean():.3f} ± {gaps.std(ddof=1):.3f}"
    )
change = runs[0.5] - runs[0.0]  # the effect of dropout, seed by seed
for column, name in enumerate(("train acc", "test acc")):
    shifts = ", ".join(f"{v:+.3f}" for v in change[:, column])
    print(f"effect of dropout on the {name}, seed by seed: {shifts}")
# How much of the shrinking of the gap (change of train acc - change of test acc) comes from the
# drop in train accuracy, seed by seed and on average.
gap_change = change[:, 0] - change[:, 1]
share = change[:, 0] / gap_change
mean_share = change[:, 0].mean() / gap_change.mean()
print("share of the gap's shrinking due to the train acc drop (over 100%: test acc fell too):")
print("    " + ", ".join(f"{v:.0%}" for v in share) + f"; on average {mean_share:.0%}")
exceptions = [seed for seed, v in enumerate(share) if v < 0.5]
print(f"seeds where it is less than half: {exceptions}")
# What the text below says: the gap shrinks in every seed, on average mostly because train
# accuracy drops (not in every seed); the test accuracy moves less on average and not in the
# same direction for every seed.
assert (gap_change < 0).all() and (change[:, 0] < 0).all()
assert mean_share > 0.5 and exceptions
assert abs(change[:, 1].mean()) < abs(change[:, 0].mean())
assert (change[:, 1] > 0).any() and (change[:, 1] < 0).any()

fig, axes = plt.subplots(1, 2, figsize=(8, 4), layout="constrained")
for ax, (p, (model, X_fit, y_fit, train_acc, test_acc)) in zip(
    axes, boundary_models.items(), strict=True
):
    plot_model(
        X_fit,
        y_fit,
        model,
        ax=ax,
        title=f"dropout p={p}: train {train_acc:.2f}, test {test_acc:.2f}",
    )

# %%
# **这个测量说明了什么？**看上面每个种子的两行、平均值和最后两行逐个种子的变化量：加了 dropout
# 以后，每个种子的训练准确率与测试集准确率之差（gap）都缩小了；平均而言，缩小主要来自训练准确率的
# 下降，但不是每个种子都如此（输出最后一行列出了例外的种子：那里测试集准确率的上升占了大半）；
# 测试集准确率的平均变化要小得多，而且在不同种子间方向不一致。
# 在这个二维小问题上，dropout 主要让网络少记住一些训练集里的噪声点（训练准确率降低；上图是种子 0
# 的两个模型，可以比较它们的决策边界）；它是否提高了测试集准确率，4 个种子分不出来——只有 75 个
# 训练点时，随机性本身就有这么大。它**不能**说明 dropout 在 AlexNet 上的
# 效果有多大：那里全连接层占了绝大部分参数（见上面逐层的统计），过拟合严重得多；论文报告没有
# dropout 时网络明显过拟合，而加上 dropout 后收敛所需的迭代次数大约翻倍。
#
# 动手试试
# --------
#
# * 把 ReLU 实验的 ``depth=4`` 改成 6 或 8，默认初始化下 ReLU 还能训练吗？再看 ``scaled`` 一组。
#   （与问题 3 对照。）
# * 把 ``momentum=0.9`` 去掉、或把学习率改成 0.1，三种激活函数的排名会变吗？
# * 把 dropout 的 ``p`` 改成 0.2 或 0.8；把 ``n_per_class=50`` 改成 500
#   （数据多了还需要 dropout 吗？）。
# * 给螺旋数据做“数据增强”：把训练点旋转 :math:`2\pi/3` 的整数倍并相应地轮换标签
#   （三条螺旋臂正是互相旋转 120° 得到的），训练集变成三倍，看看测试集准确率。
# * 把 AlexNet 的输入改成 ``(3, 224, 224)``，``count_macs`` 会报什么错？为什么？
#
# 参考：A. Krizhevsky, I. Sutskever, G. E. Hinton, *ImageNet Classification with Deep Convolutional
# Neural Networks*, NIPS 2012；Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, *Gradient-Based Learning
# Applied to Document Recognition*, Proc. IEEE 1998。
