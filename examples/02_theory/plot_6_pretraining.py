r"""
逐层预训练：先无监督地学表示，再有监督地微调
============================================

2006 年以前，人们普遍认为很深的 sigmoid 网络几乎无法直接用反向传播训练：
从随机初始化出发，误差信号每穿过一层都要乘上 :math:`\sigma'(\cdot) \le 1/4`，
传到前面几层时已所剩无几（梯度消失，见 :ref:`理论笔记 <theory>` 第 4 节）。
Hinton 等人（2006，用 RBM 堆叠成深度信念网络）和 Bengio 等人（2007，用自编码器堆叠）
提出的 **贪心逐层预训练**\ （greedy layer-wise pre-training）打破了这个局面：

1. **第 1 层**：把输入 :math:`\mathbf x = \mathbf h_0` 当作数据，训练一个自编码器，
   只保留它的编码器 :math:`\mathbf h_1 = \sigma(W_1 \mathbf h_0 + \mathbf b_1)`。
2. **第 k 层**：把上一层的输出 :math:`\mathbf h_{k-1}` 当作新的数据，再训练一个自编码器：

   .. math::

      \mathbf h_k = \sigma(W_k \mathbf h_{k-1} + \mathbf b_k), \qquad
      \min_{W_k, \mathbf b_k, V_k, \mathbf c_k} \;
      \sum \big\| \mathbf h_{k-1} - (V_k \mathbf h_k + \mathbf c_k) \big\|^2 .

   每次只训练一层（“贪心”），前面的层固定不动，**全程不用标签**。
3. **微调**：在最上面加一个输出层，用带标签的数据和反向传播训练 **整个** 网络。

预训练得到的权重只是微调的 **起点**。本页在螺旋数据上用一个 6 层的 sigmoid 网络比较：
同一个网络从随机初始化出发，和从逐层预训练的权重出发，各训练多少轮能学会分类；
再和两种现代做法（Xavier 初始化、ReLU + He 初始化）对照。
"""

# %%
# 数据和网络
# ----------
#
# 螺旋数据每类 100 个点，按 7:3 分成训练集和验证集。网络是 :func:`spiral_tut.mlp`
# 搭出的 **6 个隐藏层、每层 32 个 sigmoid 单元** 的多层感知器；四种做法的网络结构完全相同
# （ReLU 那一组只把激活函数换掉），区别只在 **微调开始时的权重**：
#
# * ``random init``：PyTorch 的默认初始化，
#   :math:`W_{ij} \sim U(-1/\sqrt{n_\text{in}}, 1/\sqrt{n_\text{in}})`，偏置也如此；
# * ``pre-trained``：默认初始化之后，用 :func:`spiral_tut.autoencoder.pretrain_layerwise`
#   逐层训练 6 个自编码器（每层 100 轮，只用训练集的输入，不用标签）；
# * ``Xavier init``：Glorot 和 Bengio（2010）的初始化
#   :math:`\operatorname{Var}(W_{ij}) = 2/(n_\text{in} + n_\text{out})`，偏置为 0；
# * ``ReLU + He init``：激活函数换成 ReLU，He 等人（2015）的初始化
#   :math:`\operatorname{Var}(W_{ij}) = 2/n_\text{in}`，偏置为 0。
import matplotlib.pyplot as plt
import torch
from torch import nn

import spiral_tut
from spiral_tut import fit, make_spiral, mlp, plot_model, train_test_split
from spiral_tut.autoencoder import pretrain_layerwise

spiral_tut.set_default(figsize=(10, 4), theme="transparent")

X, y = make_spiral(n_per_class=100, device="cpu")
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, seed=0)
print(f"train: {len(X_train)} points, validation: {len(X_val)} points")

DEPTH, WIDTH, N_CLASSES = 6, 32, 3
PRETRAIN_EPOCHS, FINETUNE_EPOCHS = 100, 400
VARIANTS = ("random init", "pre-trained", "Xavier init", "ReLU + He init")
COLOURS = {
    "random init": "tab:red",
    "pre-trained": "tab:blue",
    "Xavier init": "tab:green",
    "ReLU + He init": "tab:purple",
    "pre-trained (naive)": "tab:cyan",
}


def make_net(variant: str, seed: int, standardize: bool = True) -> nn.Sequential:
    """The 6-hidden-layer network of `variant`, with its weights before fine-tuning."""
    torch.manual_seed(seed)
    activation = "relu" if variant == "ReLU + He init" else "sigmoid"
    net = mlp(2, WIDTH, N_CLASSES, depth=DEPTH, activation=activation)
    if variant == "pre-trained":
        pretrain_layerwise(
            net, X_train, standardize=standardize, epochs=PRETRAIN_EPOCHS, lr=1e-2, seed=seed
        )
    elif variant in ("Xavier init", "ReLU + He init"):
        for layer in net:
            if isinstance(layer, nn.Linear):
                if activation == "relu":
                    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                else:
                    nn.init.xavier_normal_(layer.weight)
                nn.init.zeros_(layer.bias)
    return net


def finetune(net: nn.Sequential) -> spiral_tut.History:
    """Supervised training of the whole network: full-batch Adam, the same for every variant."""
    return fit(
        net,
        X_train,
        y_train,
        optimizer="adam",
        lr=1e-2,
        epochs=FINETUNE_EPOCHS,
        X_val=X_val,
        y_val=y_val,
        log_every=0,
    )


nets = {variant: make_net(variant, seed=0) for variant in VARIANTS}
print(f"pre-training: {DEPTH} auto-encoders x {PRETRAIN_EPOCHS} epochs, labels never used")

# %%
# 微调之前：信号能传到多深？
# --------------------------
#
# 先不训练，只看每个隐藏层的输出 **随输入变化** 的程度：对每个单元算它在所有训练点上的标准差，
# 再对该层的单元取平均。如果某层的输出对所有输入都差不多，这一层之后的网络就“看不见”输入了，
# 反向传回来的梯度也同样微弱。
#
# 表中还多了一行 ``pre-trained (naive)``：不做标准化的逐层预训练。
# 深层的激活本来就变化很小，自编码器的重构任务随之变得微不足道，预训练几乎学不到东西；
# 所以 :func:`~spiral_tut.autoencoder.pretrain_layerwise` 默认让每个自编码器看到
# **标准化后** 的输入（减均值、除以标准差，和训练任何模型前先标准化数据一样），
# 训练完再把这个标准化并入该层的权重和偏置，网络结构不变。
diagnostics = dict(nets)
diagnostics["pre-trained (naive)"] = make_net("pre-trained", seed=0, standardize=False)


def activation_spread(net: nn.Sequential, inputs: torch.Tensor) -> list[float]:
    """Mean over units of the standard deviation over inputs, for each hidden layer."""
    spreads, h = [], inputs
    with torch.no_grad():
        for layer in net[:-1]:
            h = layer(h)
            if not isinstance(layer, nn.Linear):  # after each activation
                spreads.append(h.std(dim=0).mean().item())
    return spreads


spread = {name: activation_spread(net, X_train) for name, net in diagnostics.items()}
print(f"{'hidden layer':<22}" + "".join(f"{k:>9}" for k in range(1, DEPTH + 1)))
for name, values in spread.items():
    print(f"{name:<22}" + "".join(f"{v:>9.1e}" for v in values))

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for name, values in spread.items():
    style = ":" if "naive" in name else "-"
    ax.semilogy(range(1, DEPTH + 1), values, style, color=COLOURS[name], marker="o", label=name)
ax.set(xlabel="hidden layer", ylabel="spread of activations over inputs")
ax.set_title("before fine-tuning: does the input still matter?")
ax.grid(alpha=0.3)
ax.legend(fontsize="small")
plt.show()

# %%
# 微调：同样的网络、同样的优化器
# ------------------------------
#
# 四个网络都用上面的 ``finetune``\ （即 :func:`spiral_tut.fit`，全批量 Adam，学习率 0.01）
# 训练相同的轮数，记录训练集和验证集上的损失与准确率。
histories = {}
for variant, net in nets.items():
    histories[variant] = finetune(net)
    history = histories[variant]
    print(
        f"{variant:<15} final train acc {history.accuracy[-1]:.3f}, "
        f"val acc {history.val_accuracy[-1]:.3f}, val loss {history.val_loss[-1]:.3f}"
    )

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4.4), layout="constrained")
for variant, history in histories.items():
    for values, ax, style, split in (
        (history.loss, ax_loss, "-", "train"),
        (history.val_loss, ax_loss, "--", "val"),
        (history.accuracy, ax_acc, "-", "train"),
        (history.val_accuracy, ax_acc, "--", "val"),
    ):
        ax.plot(values, style, color=COLOURS[variant], label=f"{variant} ({split})")
ax_loss.set(xlabel="fine-tuning epoch", ylabel="cross-entropy loss", title="loss")
ax_acc.set(
    xlabel="fine-tuning epoch", ylabel="accuracy", title="accuracy (solid: train, dashed: val)"
)
fig.legend(
    *ax_acc.get_legend_handles_labels(), loc="outside lower center", ncols=4, fontsize="small"
)
for ax in (ax_loss, ax_acc):
    ax.grid(alpha=0.3)
plt.show()

# %%
# 微调后的决策区域：

fig, axes = plt.subplots(1, 4, figsize=(10, 2.9), layout="constrained")
for ax, (variant, net) in zip(axes, nets.items(), strict=True):
    plot_model(X_val, y_val, net, ax=ax, title=variant)
plt.show()

# %%
# 换几个随机种子
# --------------
#
# 一次运行可能是运气。下面对种子 0、1、2 各重复一遍（每个种子的初始化、预训练都不同），
# 列出每种做法 **验证准确率第一次达到 0.9 的轮数**\ （``-`` 表示在预算内没有达到）和最终验证准确率。


def epochs_to(history, threshold: float = 0.9) -> int | None:
    return next((t for t, acc in enumerate(history.val_accuracy) if acc >= threshold), None)


SEEDS = (0, 1, 2)
runs = {variant: [histories[variant]] for variant in VARIANTS}  # seed 0 from above
for seed in SEEDS[1:]:
    for variant in VARIANTS:
        runs[variant].append(finetune(make_net(variant, seed)))

print(f"{'':<15}" + "".join(f"{'| seed ' + str(s):<17}" for s in SEEDS))
print(f"{'':<15}" + "".join(f"{'| epochs':<8}{'val_acc':>9}" for _ in SEEDS))
for variant, seed_runs in runs.items():
    cells = []
    for history in seed_runs:
        reached = epochs_to(history)
        cells.append(f"| {'-' if reached is None else reached:>6}{history.val_accuracy[-1]:>9.3f}")
    print(f"{variant:<15}" + "".join(cells))


def faster(a: str, b: str) -> int:
    """In how many seeds variant `a` reached 0.9 validation accuracy before variant `b`."""
    budget = FINETUNE_EPOCHS  # "never" counts as the whole budget
    return sum(
        (epochs_to(ha) or budget) < (epochs_to(hb) or budget)
        for ha, hb in zip(runs[a], runs[b], strict=True)
    )


for a, b in (
    ("pre-trained", "random init"),
    ("pre-trained", "Xavier init"),
    ("ReLU + He init", "pre-trained"),
):
    print(f"{a} reached 0.9 before {b} in {faster(a, b)} of {len(SEEDS)} seeds")

# %%
# 这个测量说明了什么
# ------------------
#
# 先把结论限定在它的范围内：一个小任务（二维螺旋）、一种深而窄的 sigmoid 网络、三个随机种子、
# 固定的轮数预算。在这个范围内，上面的输出显示：
#
# * **默认初始化的 6 层 sigmoid 网络** 在预算内停在随机猜测的水平（三类，约 1/3）。
#   第一张图说明了原因：信号每过一层都被 sigmoid 压缩，到最后几层时输出几乎不随输入变化，
#   梯度同样微弱——这正是视频里讲的梯度消失。
# * **逐层预训练** 之后，同一个网络能够被训练，而且很快达到高准确率。
#   预训练让每一层都保留了输入的信息（第一张图中的曲线不再下降），
#   于是微调一开始就有可用的信号和梯度。
#   注意不做标准化的朴素版本做不到这一点：预训练的效果依赖这类细节。
# * **Xavier 初始化** 不需要任何额外训练，也能让这个网络开始学习，但在本实验里明显慢于预训练，
#   在预算内不一定达到 0.9；**ReLU + He 初始化** 不需要预训练就最快。
#   各做法之间的先后以上面的表格和最后三行输出为准。
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
#   让激活和梯度的方差逐层大致保持不变。本页的 Xavier 一行就是这个作用。
# * **归一化**：批归一化（2015）等在训练的每一步都把每层的激活重新标准化——
#   这与我们在预训练中对每层输入做的标准化是同一个想法，只是持续进行、并且可学习。
# * **残差连接**\ （ResNet，2015）：:math:`\mathbf h_{k} = \mathbf h_{k-1} + F(\mathbf h_{k-1})`，
#   给梯度一条直通的路径，几百层的网络也能从随机初始化直接训练。
# * 再加上大规模的标注数据和 GPU，端到端训练变得又简单又有效。
#
# 但“先在无标签数据上预训练，再在任务上微调”的思想并没有消失：今天的 BERT、GPT、
# 掩码自编码器（MAE）都是先用海量无标签数据做 **自监督预训练**，再微调——
# 只是整个网络一起端到端地训练，而不是一层一层地贪心训练。
#
# 动手试试
# --------
#
# 1. 在 ``make_net`` 里把 ``standardize`` 的默认值改成 ``False``，重新运行：朴素的逐层预训练之后，
#    微调还能成功吗？
# 2. 把 ``DEPTH`` 改成 3 或 10，四种做法的差距怎样变化？
# 3. 把 ``FINETUNE_EPOCHS`` 加大到 2000：默认初始化的网络最终能否走出平台期？
# 4. 逐层预训练最初的卖点之一是 **标签少** 时也有用：只用每类 5 个带标签的点微调
#    （预训练仍用全部输入），比较预训练与 Xavier 初始化的验证准确率。
# 5. 把 sigmoid 换成 tanh（``mlp(..., activation="tanh")``），默认初始化的网络还会卡住吗？

# sphinx_gallery_thumbnail_number = 2
