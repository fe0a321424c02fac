r"""
问题 4：神经网络是更宽好还是更深好？
=====================================

**简答。**没有放之四海而皆准的答案，要看参数预算和能不能训练好。在参数量相同时，适当加深通常比
一味加宽更“划算”：深层网络能把前面各层算出的特征再组合起来，用较少的单元表示复杂的函数。但网络越深
越难优化，层太窄还会成为信息瓶颈。今天效果好的网络既深又宽，而深网络之所以训练得动，靠的是 ReLU、
合适的初始化、归一化和残差连接等技术。

**表达能力。**万能近似定理（Cybenko 1989；Hornik 1991；Leshno 等 1993）说：激活函数连续且不是
多项式时，只有一个隐藏层的网络只要足够宽，就能在紧集（有界闭集）上以任意精度逼近任何连续函数
（条件的细节见问题 2）。所以原则上“宽”就够了，但定理没有说要多宽。ReLU 网络
计算的是分段线性函数：一个隐藏层、:math:`h` 个 ReLU 单元、二维输入时，每个单元在平面上画一条直线，
:math:`h` 条直线最多把平面分成

.. math::

   1 + h + \binom{h}{2}

块，每块上网络是一个线性函数。后面的层可以把前面层的结果再“折叠”，所以深网络能划出的线性区域数目
可以随层数**指数**增长（Montúfar 等，2014）；也确实存在一些函数，深网络用少量单元就能表示，浅网络
却需要指数多的单元（Telgarsky 2016；Eldan 与 Shamir 2016）。这些是关于“能表示什么”的结论，并不保证
训练能找到这样的解。

**优化难度。**梯度要穿过每一层才能到达前面的层，层数越多越容易消失或爆炸（见问题 3），对初始化也
越敏感。ReLU 单元可能“死掉”（对所有输入都输出 0）；层越窄，某一层的单元全部死掉、信号彻底中断的
可能性越大。宽度不超过输入维数的 ReLU 网络无论多深，都不能逼近任意函数（Lu 等，2017；Hanin 与
Sellke，2017）。上百层的网络能训练，靠的是 ReLU、He 初始化、BatchNorm 和 ResNet 的残差连接。

**参数预算。**输入 :math:`d` 维、:math:`L` 个宽 :math:`h` 的隐藏层、:math:`C` 类输出的多层感知器有

.. math::

   P = (d + 1)\,h + (L - 1)(h + 1)\,h + (h + 1)\,C

个参数。:math:`L \ge 2` 时 :math:`P` 大约随 :math:`(L-1)h^2` 增长，所以参数预算固定时，层数
从 :math:`L` 变成
:math:`L'`，宽度大约按 :math:`\sqrt{(L-1)/(L'-1)}` 缩小（只有层数很多时，层数加倍才约等于除
以 :math:`\sqrt 2`）。下面的实验在两个预算下比较不同深度的网络：先按上式为每个深度选出
参数量不超过预算的最大宽度（下面的 ``width_for_budget``），再在螺旋数据上训练。
"""

# %%
# 实验设置
# --------
#
# 600 个螺旋数据点，按类分层随机取 80% 训练、20% 作测试集。两个参数预算：至多 150 个参数（很紧）和
# 至多 1500 个参数（宽裕），每个预算下深度取 1、2、4、8 层。每种网络用 3 个随机种子初始化，都用 Adam
# （无权重衰减）全批量训练；学习率和轮数对所有网络都相同，由下面的 ``LR`` 和 ``EPOCHS`` 给出
# （见输出）。这个学习率和轮数不是为每种网络分别调过的，下面关于深度的结论都只在这个设置下成立。
#
# 参数预算固定时，加深就必须变窄：同一个预算下比较不同深度，深度和宽度是一起变的，这正是“宽还是深”
# 这个问题本身。要把“深”和“窄”分开，看同一深度、不同预算（即不同宽度）的两行。
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import spiral_tut
from spiral_tut import accuracy, fit, make_spiral, mlp, plot_model, predict, train_test_split

spiral_tut.set_default(figsize=(10, 5), theme="transparent")

X, y = make_spiral(n_per_class=200, seed=12345)
X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0)
BUDGETS = (150, 1500)
DEPTHS = (1, 2, 4, 8)
SEEDS = (0, 1, 2)
EPOCHS = 150
LR = 2e-2

print(f"train points: {len(X_train)}, test points: {len(X_test)}")
print(f"every network: Adam, lr {LR}, no weight decay, full batch, {EPOCHS} epochs")

# %%
# 按预算选宽度
# ------------
#
# 把上面的公式写成函数，从宽度 1 开始往上加，直到再加一个单元就超出预算。参数量随宽度单调增长，
# 所以得到的就是不超过预算的最大宽度。宽度只能取整数，所以各深度的参数量不会恰好相等，深的网络
# 往往离预算稍远一些（下表的 params 列）。


def mlp_parameters(width: int, depth: int, d_in: int = 2, n_classes: int = 3) -> int:
    """Parameters of ``mlp(d_in, width, n_classes, depth)``: the formula P above."""
    return (d_in + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * n_classes


def width_for_budget(budget: int, depth: int) -> int:
    """The largest width at which ``mlp(hidden=width, depth=depth)`` fits in ``budget``."""
    if mlp_parameters(1, depth) > budget:
        raise ValueError(f"budget={budget} is too small for depth={depth}")
    width = 1
    while mlp_parameters(width + 1, depth) <= budget:
        width += 1
    return width


WIDTHS = {
    (budget, depth): width_for_budget(budget, depth) for budget in BUDGETS for depth in DEPTHS
}
for (budget, depth), width in WIDTHS.items():
    n_params = sum(p.numel() for p in mlp(hidden=width, depth=depth).parameters())
    assert n_params == mlp_parameters(width, depth) <= budget  # the formula counts right
    assert mlp_parameters(width + 1, depth) > budget  # and no wider network fits the budget

# %%
# 数一数线性区域
# --------------
#
# 为了看网络实际用了多少“表达能力”，我们在画图用的正方形 :math:`[-1.1, 1.1]^2` 上取
# :math:`221 \times 221` 个网格点，记录每个点让哪些 ReLU 单元处于激活状态（激活模式）。激活模式相同
# 的点落在同一个线性区域里，所以不同激活模式的个数就是网格能分辨出的线性区域数（比网格间距还小的
# 区域数不到，所以这是一个下界）。


def count_linear_regions(model: nn.Sequential, steps: int = 221) -> int:
    """Number of distinct ReLU on/off patterns over a grid of the square [-1.1, 1.1]^2."""
    axis = torch.linspace(-1.1, 1.1, steps)
    h = torch.cartesian_prod(axis, axis).to(next(model.parameters()).device)
    patterns = []
    with torch.no_grad():
        for layer in model:
            h = layer(h)
            if isinstance(layer, nn.ReLU):
                patterns.append(h > 0)
    bits = np.packbits(torch.cat(patterns, dim=1).cpu().numpy(), axis=1)  # 8 units per byte
    return len({row.tobytes() for row in bits})


def alive_units(model: nn.Sequential, X: torch.Tensor) -> list[int]:
    """Per hidden layer: how many ReLU units are > 0 for at least one row of X."""
    h, alive = X, []
    with torch.no_grad():
        for layer in model:
            h = layer(h)
            if isinstance(layer, nn.ReLU):
                alive.append(int((h > 0).any(dim=0).sum()))
    return alive


# %%
# 训练
# ----
#
# 每次运行记录训练集上最后的损失、训练与测试集准确率、线性区域数、训练用时，以及网络是否退化成对所有
# 训练点都预测同一个类（const 列：这样的种子数）。表中给出 3 个种子的平均值±样本标准差；units 是
# 隐藏单元总数（宽 × 深），time/run 是每次训练的秒数，与机器有关，只供参考。

# The first fit in a process pays one-time setup costs; pay them here, outside the timings.
fit(mlp(), X_train, y_train, optimizer="adam", epochs=2, log_every=0)

results = {}  # (budget, depth) -> list of per-seed dicts
models = {}  # (budget, depth) -> model trained with the first seed, for the plots
for budget in BUDGETS:
    for depth in DEPTHS:
        width = WIDTHS[budget, depth]
        runs = []
        for seed in SEEDS:
            torch.manual_seed(seed)
            model = mlp(hidden=width, depth=depth)
            alive_before = alive_units(model, X_train)
            tic = time.perf_counter()
            history = fit(
                model,
                X_train,
                y_train,
                optimizer="adam",
                lr=LR,
                weight_decay=0.0,
                epochs=EPOCHS,
                log_every=0,
            )
            seconds = time.perf_counter() - tic
            runs.append(
                {
                    "loss": history.loss[-1],
                    "curve": history.loss,
                    "train": accuracy(model, X_train, y_train),
                    "test": accuracy(model, X_test, y_test),
                    "regions": count_linear_regions(model),
                    "constant": predict(model, X_train).unique().numel() == 1,
                    "seconds": seconds,
                    "alive": (alive_before, alive_units(model, X_train)),
                }
            )
            models.setdefault((budget, depth), model)
        results[budget, depth] = runs


def mean_std(runs, key):
    values = np.array([run[key] for run in runs], dtype=float)
    return values.mean(), values.std(ddof=1)  # sample standard deviation


def cell(runs, key, digits=3, width=12):
    mean, std = mean_std(runs, key)
    return f"{mean:.{digits}f}±{std:.{digits}f}".rjust(width)


for budget in BUDGETS:
    print(f"budget <= {budget} parameters (mean±sample std over {len(SEEDS)} seeds)")
    print(
        f"{'depth':>5} {'width':>5} {'units':>5} {'params':>6} {'train loss':>12} "
        f"{'train acc':>12} {'test acc':>12} {'regions':>9} {'const':>5} {'time/run':>8}"
    )
    for depth in DEPTHS:
        runs = results[budget, depth]
        width = WIDTHS[budget, depth]
        params = mlp_parameters(width, depth)
        print(
            f"{depth:>5} {width:>5} {width * depth:>5} {params:>6} {cell(runs, 'loss')} "
            f"{cell(runs, 'train')} {cell(runs, 'test')} "
            f"{cell(runs, 'regions', digits=0, width=9)} "
            f"{sum(run['constant'] for run in runs):>3}/{len(runs)} "
            f"{mean_std(runs, 'seconds')[0]:>6.2f} s"
        )

# %%
# 8 层的网络为什么卡住了？下面列出最深的网络每个隐藏层里“活着”的 ReLU 单元数：至少对一个训练点
# 输出大于 0 的单元。某一层活着的单元数为 0 时，这一层对所有输入都输出 0，后面的层只能看到常数，
# 前面的层也收不到任何梯度。

print(f"alive ReLU units per hidden layer, depth-{DEPTHS[-1]} networks: at init -> trained")
for budget in BUDGETS:
    for seed, run in zip(SEEDS, results[budget, DEPTHS[-1]], strict=True):
        before, after = run["alive"]
        print(f"<= {budget:<4} seed {seed}: {before} -> {after}")

# %%
# 是“深”还是“窄”？
# ----------------
#
# 上面同一预算下加深就要变窄，两个因素一起变。要分开它们，每次只改一个：
#
# * **只改深度**：宽度固定为 3（至多 150 个参数时 8 层网络的宽度），深度取 1、2、4、8；
# * **只改宽度**：深度固定为 8，比较上表两个预算下的 8 层网络（宽度不同）。
#
# 训练设置与上面完全相同。

NARROW = WIDTHS[BUDGETS[0], DEPTHS[-1]]
narrow = {}  # depth -> per-seed dicts, all at width NARROW
for depth in DEPTHS:
    runs = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        model = mlp(hidden=NARROW, depth=depth)
        history = fit(model, X_train, y_train, optimizer="adam", lr=LR, epochs=EPOCHS, log_every=0)
        runs.append(
            {
                "loss": history.loss[-1],
                "train": accuracy(model, X_train, y_train),
                "test": accuracy(model, X_test, y_test),
                "constant": predict(model, X_train).unique().numel() == 1,
            }
        )
    narrow[depth] = runs
print(f"width fixed at {NARROW}, only the depth changes (mean±sample std over {len(SEEDS)} seeds)")
print(
    f"{'depth':>5} {'params':>6} {'train loss':>12} {'train acc':>12} {'test acc':>12} {'const':>5}"
)
for depth, runs in narrow.items():
    print(
        f"{depth:>5} {mlp_parameters(NARROW, depth):>6} {cell(runs, 'loss')} {cell(runs, 'train')} "
        f"{cell(runs, 'test')} {sum(run['constant'] for run in runs):>3}/{len(runs)}"
    )
deep = DEPTHS[-1]
print(f"depth {deep} fixed, only the width changes:")
for budget in BUDGETS:
    runs = results[budget, deep]
    print(
        f"  width {WIDTHS[budget, deep]:>3}: train loss {cell(runs, 'loss').strip()}, "
        f"stuck at a constant prediction in {sum(run['constant'] for run in runs)}/{len(runs)} runs"
    )

# %%
# 决策边界
# --------
#
# 上排是至多 150 个参数的网络，下排是至多 1500 个参数的网络；从左到右依次加深（同时变窄）。
# 每幅图是第一个种子训练出的网络，标题给出深度、宽度、参数量和测试集准确率。

fig, axes = plt.subplots(len(BUDGETS), len(DEPTHS), figsize=(10, 5.6), layout="constrained")
for row, budget in enumerate(BUDGETS):
    for col, depth in enumerate(DEPTHS):
        model = models[budget, depth]
        width = WIDTHS[budget, depth]
        title = (
            f"depth {depth}, width {width}\n{mlp_parameters(width, depth)} params, "
            f"test acc {results[budget, depth][0]['test']:.3f}"
        )
        plot_model(X, y, model, ax=axes[row, col], title=title)
        axes[row, col].title.set_fontsize(9)
        axes[row, col].collections[-1].set_sizes([4])  # the data points: smaller dots

# %%
# 损失随深度的变化
# ----------------
#
# 左图：每个种子训练结束时的训练损失（对数坐标），折线连接 3 个种子的平均值；灰色虚线是
# :math:`\ln 3`，即总是给三类各 1/3 概率的“什么都没学到”的网络的交叉熵。右图：第一个种子的训练
# 损失曲线。

fig, (ax_final, ax_curve) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for budget, marker in zip(BUDGETS, ("o", "s"), strict=True):
    finals = np.array([[run["loss"] for run in results[budget, d]] for d in DEPTHS])
    (line,) = ax_final.plot(DEPTHS, finals.mean(axis=1), marker=marker, label=f"<= {budget} params")
    for i, depth in enumerate(DEPTHS):
        ax_final.scatter(
            [depth] * len(SEEDS), finals[i], marker=marker, color=line.get_color(), alpha=0.4
        )
ax_final.axhline(math.log(3), color="0.5", ls="--", lw=1, label="ln 3 (no learning)")
ax_final.set(xscale="log", yscale="log", xlabel="depth (hidden layers)", ylabel="final train loss")
ax_final.set_xticks(DEPTHS, [str(d) for d in DEPTHS])
ax_final.minorticks_off()
ax_final.legend(loc="upper left")
ax_final.grid(alpha=0.3)

for budget, style in zip(BUDGETS, ("-", "--"), strict=True):
    for i, depth in enumerate(DEPTHS):
        ax_curve.plot(
            results[budget, depth][0]["curve"],
            ls=style,
            color=f"C{i + 2}",
            label=f"<= {budget}, depth {depth}",
        )
ax_curve.set(yscale="log", xlabel="epoch", ylabel="train loss")
ax_curve.legend(fontsize=8, ncol=2)
ax_curve.grid(alpha=0.3)

# %%
# 摘要
# ----
#
# 下面几行由上表算出，方便对照后面的讨论。

for budget in BUDGETS:
    mean_loss = {d: mean_std(results[budget, d], "loss")[0] for d in DEPTHS}
    best = min(mean_loss, key=mean_loss.get)
    stuck = {d: sum(r["constant"] for r in results[budget, d]) for d in DEPTHS}
    print(f"budget <= {budget}:")
    print(f"  lowest mean train loss at depth {best}")
    print(f"  mean train loss, depth 1 / depth {best}: {mean_loss[1] / mean_loss[best]:.1f}")
    print(f"  runs stuck at a constant prediction, per depth: {stuck}")

# What the discussion below says, as checks (mean and spread over the seeds).
loss = {key: mean_std(runs, "loss") for key, runs in results.items()}
small, large = BUDGETS
assert loss[small, 2][0] + loss[small, 2][1] < loss[small, 1][0] - loss[small, 1][1]
assert all(run["constant"] for run in results[small, 8])
assert all(0 in run["alive"][1] for run in results[small, 8])  # a whole layer is dead
assert not any(run["constant"] for run in results[large, 8])
assert not any(run["constant"] for d in (1, 2) for run in narrow[d])  # width 3, shallow: fine
assert all(run["constant"] for run in narrow[DEPTHS[-1]])  # width 3, depth 8: stuck
test_acc = {key: mean_std(runs, "test")[0] for key, runs in results.items()}
assert all(loss[large, 8][0] > loss[large, d][0] for d in (1, 2, 4))
assert all(test_acc[large, 8] < test_acc[large, d] for d in (1, 2, 4))
assert all(loss[large, d][0] < loss[large, 1][0] for d in (2, 4))
for budget in BUDGETS:
    regions = {d: mean_std(results[budget, d], "regions")[0] for d in DEPTHS}
    assert max(regions, key=regions.get) == 1, regions

# %%
# 这个实验说明了什么，没有说明什么
# --------------------------------
#
# **说明了什么。**对照上表、摘要和两幅图（都只在上面这一个学习率和轮数下）：
#
# * 预算紧（至多 150 个参数）时，1 层和 2 层网络的参数量完全相同（params 列），训练损失最低的是
#   2 层网络，1 层的宽网络比它高出一截，差距远大于种子间的标准差（摘要给出两者之比）：同样多的
#   参数，放进两层比全部放进一层拟合得更好，与“深度更省参数”的理论一致。4 层网络的结果因种子而异
#   （标准差很大），而且它的参数量更少，这一行不能单独归因于深度。
# * 同样的预算下，8 层、每层只有 3 个单元的网络 3 个种子都训练不起来：它对所有点都预测同一个类，
#   损失停在 :math:`\ln 3`（表中 const 一列）。“活着的单元”一段的输出给出了原因：每个种子都有某一层
#   的 ReLU 单元在初始化时或训练中全部“死掉”，信号和梯度都被切断。
# * 这是“深”还是“窄”的错？“是深还是窄”一节每次只改一个因素。只改宽度：同样是 8 层，每层宽得多时
#   3 个种子都能训练，没有整层死掉。只改深度：宽度都是 3 时，1 层和 2 层的网络没有一个卡住（虽然
#   它们太小，拟合得不好），层数越多卡住的种子越多，8 层时全部卡住。所以卡住是**窄和深共同造成**的；
#   在这个设置下，单靠加宽就能救活 8 层网络。不过加宽后的 8 层网络在这个学习率和轮数内仍比浅的网络
#   损失高、测试集准确率低一些；学习率没有为每种网络分别调过，这一点不能说明 8 层网络本身更差。
# * 预算宽裕时，2 层和 4 层网络的训练损失都比 1 层的宽网络低（1 层网络的参数量与它们相近，
#   params 列）；测试集准确率都接近 1，除 8 层外分不出高下。
# * 线性区域数并没有随深度指数增长：两个预算下，1 层的宽网络划出的区域都最多（regions 列），
#   拟合得却不是最好。指数多的区域只是深网络**可能**达到的上限；Hanin 与 Rolnick（2019）也发现，
#   常见的深 ReLU 网络在初始化和训练后，区域数大致取决于神经元总数，而不是深度。所以深网络在这里
#   拟合得更好，并不是因为区域更多。
#
# **没有说明什么。**这只是一份二维、三类、容易分的数据，一种优化器、一个学习率和一个轮数，三个种子，
# 小小的测试集（准确率都挤在 1 附近，分不出高下）。它不能说明“更深总是更好”：图像、语音等任务上
# 深度的收益来自层级化的特征，而那里用的是卷积和残差结构；它也不能说明“深网络训练不了”：换成残差
# 连接、BatchNorm 或更合适的初始化和学习率，窄而深的网络也能训练。训练时间只在构建本站的机器上
# 测得，只供参考：这么小的网络，时间主要花在 Python 和 PyTorch 的调用开销上；大网络在 GPU 上时，
# 各层必须依次计算，同样的参数量下深网络往往比宽网络慢。
#
# 动手试试
# --------
#
# * 把 ``BUDGETS`` 改成 ``(60, 150, 600)``，看最好的深度如何随预算移动。
# * 把 ``DEPTHS`` 改成 ``(1, 2, 3, 4, 6, 8)``，找出至多 150 个参数时从“能训练”到“训练不起来”的
#   转折点。
# * 把 ``LR`` 改成 ``5e-3`` 或 ``5e-2``、或把 ``EPOCHS`` 加到 1000，看 8 层网络是否能被“救活”，
#   宽网络的损失能否追上来。
# * 在 ``mlp(...)`` 里加 ``activation="tanh"``（tanh 不会“死”），看窄而深的网络还会不会卡在
#   :math:`\ln 3`。
# * 把 ``make_spiral`` 的 ``noise`` 调到 0.4，或用 ``n_classes=5``（``mlp`` 也要改），让数据更难，
#   看测试集准确率是否开始区分宽和深。
