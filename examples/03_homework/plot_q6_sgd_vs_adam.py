r"""
问题 6：SGD 和 Adam 哪个更有效？
================================

**简答**：没有一句话的答案，要看“有效”指什么、学习率调得怎样。Adam 对学习率不那么敏感，
用默认的 0.001 在很多问题上就能很快把损失降下来，所以常被当作“先试试”的选择。SGD 的结果随学习率
变化大得多（加上动量也是如此）：学习率太小时几乎不动；学习率调好之后，本页上它的测试集准确率和
Adam 一样好，只是训练损失仍高于 Adam；文献中在一些任务上（配合学习率衰减）它的泛化（测试集表现）
还更好。

课程里的两个模型正好各用了一个优化器：线性模型用 SGD，NYU 原始 notebook 的两层 ReLU 网络用
Adam，学习率都是 0.001。:doc:`螺旋数据分类 <../01_exercises/plot_spiral_classification>`页面
把两处改动分开测量过：线性模型换成 Adam 也停在一半左右（限制在模型，不在优化器）；ReLU 网络用
学习率 0.001 的 SGD 训练 1000 轮学不会，而学习率调大的 SGD 同样能学会。本页在 ReLU 网络上只改变
优化器和学习率，看清这是为什么。

先说清一个名字：课程的循环每一步都用全部训练数据算梯度，所以 ``torch.optim.SGD`` 在这里做的
是**全批量梯度下降**，没有任何随机性；“随机”梯度下降指每步只用随机抽取的一个小批量。下面说
“SGD”，指的都是 SGD 优化器（这里每步用全部数据，即全批量梯度下降）。

三种更新规则（:math:`\mathbf g_t` 是第 :math:`t` 步的梯度，:math:`\eta` 是学习率）：

* **SGD**：:math:`\boldsymbol\theta \leftarrow \boldsymbol\theta - \eta\, \mathbf g_t`。
  步长正比于梯度：梯度小，步子就小。
* **SGD + 动量**：:math:`\mathbf v \leftarrow \mu \mathbf v + \mathbf g_t`，然后
  :math:`\boldsymbol\theta \leftarrow \boldsymbol\theta - \eta\, \mathbf v`。速度
  :math:`\mathbf v` 累积过去的梯度，来回震荡的分量相互抵消，方向一致的分量越积越大；梯度
  一直不变时，步长趋于 :math:`\eta \lVert\mathbf g\rVert / (1 - \mu)`，即等效学习率
  :math:`\eta / (1 - \mu)`，:math:`\mu = 0.9` 时相当于学习率放大 10 倍。
* **Adam**（Kingma 与 Ba，2015）：对每个参数分别维护梯度的滑动平均 :math:`\mathbf m` 和梯度平方的
  滑动平均 :math:`\mathbf v`，

  .. math::

     \mathbf m \leftarrow \beta_1 \mathbf m + (1 - \beta_1)\, \mathbf g_t , \qquad
     \mathbf v \leftarrow \beta_2 \mathbf v + (1 - \beta_2)\, \mathbf g_t^2 , \qquad
     \boldsymbol\theta \leftarrow \boldsymbol\theta
     - \eta\, \frac{\hat{\mathbf m}}{\sqrt{\hat{\mathbf v}} + \epsilon} ,

  其中 :math:`\hat{\mathbf m} = \mathbf m / (1 - \beta_1^t)` 和
  :math:`\hat{\mathbf v} = \mathbf v / (1 - \beta_2^t)` 修正了初始为 0 带来的偏差
  （默认 :math:`\beta_1 = 0.9`，:math:`\beta_2 = 0.999`）。:math:`\hat{\mathbf m}` 大约是最近 10 步
  梯度的平均，:math:`\sqrt{\hat{\mathbf v}}` 大约是最近 1000 步梯度的均方根，两者之比通常不超过 1
  左右，所以每个参数每步移动的距离 :math:`|\Delta\theta|` **一般不超过约** :math:`\eta`，而且与梯度
  本身的尺度无关：梯度很小的参数也走得动。:math:`|\Delta\theta| = \eta` 只在梯度保持不变（同一符号、
  同样大小）时成立，例如第一步；梯度正负交替时平均相互抵消，梯度逐渐变小时
  :math:`\hat{\mathbf v}` 还记着从前较大的梯度，这两种情况下步子都小于 :math:`\eta`。反过来，梯度在
  一段很小之后突然变大时，步子会超过 :math:`\eta`。Kingma 与 Ba 给出过一个近似的上界，默认参数下是
  :math:`\eta (1 - \beta_1) / \sqrt{1 - \beta_2} \approx 3.2\,\eta`；它只是非正式的估计，
  并不严格：梯度持续增大时，步子可以超过它。

下面在课程的网络（一个 100 个 ReLU 单元的隐藏层）和用同样方法生成的 600 个螺旋数据点上实测。
"""

# %%
# 实验设置
# --------
#
# 600 个螺旋数据点，按类分层随机取 80% 作训练集、20% 作测试集。每次运行都从同一个随机初始化出发，
# 像课程一样全批量训练 1000 轮，权重衰减 :math:`10^{-5}`，只改变优化器、学习率和动量。全批量时
# 每一轮只有一次参数更新，所以下面“第 :math:`t` 轮”和“第 :math:`t` 次更新”是一回事。
import matplotlib.pyplot as plt
import numpy as np
import torch

import spiral_tut
from spiral_tut import accuracy, fit, make_spiral, plot_model, train_test_split

spiral_tut.set_default(figsize=(10, 5), theme="transparent")

X, y = make_spiral(n_per_class=200, seed=12345)
X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0)
EPOCHS = 1000
WEIGHT_DECAY = 1e-5
print(f"train points: {len(X_train)}, test points: {len(X_test)}, epochs: {EPOCHS}")


def new_model(seed: int = 0) -> torch.nn.Module:
    """The spiral MLP; the same seed gives the same initial weights for every optimizer."""
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 100),
        torch.nn.ReLU(),
        torch.nn.Linear(100, 3),
    )
    return model.to(X.device)


def make_optimizer(name: str, model: torch.nn.Module, lr: float) -> torch.optim.Optimizer:
    """'SGD', 'SGD+momentum' (0.9) or 'Adam', with the course's weight decay."""
    if name == "Adam":
        return torch.optim.Adam(model.parameters(), lr=lr, weight_decay=WEIGHT_DECAY)
    momentum = 0.9 if name == "SGD+momentum" else 0.0
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=WEIGHT_DECAY)


# %%
# 第一步有多大？
# --------------
#
# 在同一个初始网络上算出整批训练数据的梯度，各走一步，比较参数的变化量
# :math:`|\Delta\theta|`（每个参数张量取中位数）。学习率都取课程的 0.001。

print(f"{'tensor':<10} {'median |g|':>11} {'SGD step':>10} {'Adam step':>10}")
steps = {}
for name in ("SGD", "Adam"):
    model = new_model()
    before = [p.detach().clone() for p in model.parameters()]
    optimizer = make_optimizer(name, model, lr=1e-3)
    loss = torch.nn.functional.cross_entropy(model(X_train), y_train)
    loss.backward()
    gradients = [p.grad.detach().clone() for p in model.parameters()]  # same for both: same init
    optimizer.step()
    steps[name] = [(p.detach() - b).abs() for p, b in zip(model.parameters(), before, strict=True)]
names = [name for name, _ in new_model().named_parameters()]
for i, tensor_name in enumerate(names):
    print(
        f"{tensor_name:<10} {gradients[i].abs().median().item():>11.2e} "
        f"{steps['SGD'][i].median().item():>10.2e} {steps['Adam'][i].median().item():>10.2e}"
    )

# %%
# SGD 的一步是 :math:`\eta |g|`，梯度的中位数远小于 1，所以步子比学习率还小得多；Adam 的第一步
# 恰好是 :math:`\eta\, g / (|g| + \epsilon) \approx \pm\eta`（第一步时 :math:`\hat{\mathbf m}` 和
# :math:`\sqrt{\hat{\mathbf v}}` 都只含这一个梯度），每个参数都移动约 0.001，与梯度大小无关。
# 这就是同样写着 ``lr=1e-3``，两者的进度却天差地别的原因：两个优化器的“学习率”不是同一个尺度上的量，
# 不能直接比较。
#
# 训练：三种优化器、多个学习率
# ----------------------------
#
# 每种优化器试几个学习率，其余一切（数据、初始权重、轮数、权重衰减）都相同。学习率 0.001 的 Adam
# 训练时，``fit`` 的 ``callback`` 在每次更新后记下每个参数移动的距离 :math:`|\Delta\theta| / \eta`，
# 以及它的梯度已经连续多少步保持同一个符号，下一节用来检验第一步之后 Adam 的步长。

CONFIGS = [
    ("SGD", 1e-3),
    ("SGD", 1e-2),
    ("SGD", 1e-1),
    ("SGD", 1.0),
    ("SGD+momentum", 1e-2),
    ("SGD+momentum", 1e-1),
    ("Adam", 1e-3),
    ("Adam", 1e-2),
    ("Adam", 1e-1),
]


def step_recorder(model: torch.nn.Module, lr: float):
    """A fit callback recording |Δθ| / lr per parameter and how long its gradient kept its sign."""
    state = {"before": torch.cat([p.detach().flatten() for p in model.parameters()])}
    state["run"] = torch.zeros_like(state["before"])  # consecutive updates with the same sign
    state["sign"] = torch.zeros_like(state["before"])
    ratios, runs = [], []

    def callback(epoch: int, model: torch.nn.Module, history) -> None:
        now = torch.cat([p.detach().flatten() for p in model.parameters()])
        sign = torch.cat([p.grad.flatten() for p in model.parameters()]).sign()
        state["run"] = torch.where(sign == state["sign"], state["run"] + 1, 1)
        ratios.append((now - state["before"]).abs() / lr)
        runs.append(state["run"].clone())
        state["before"], state["sign"] = now, sign

    return callback, ratios, runs


histories, curves, models, rows = {}, {}, {}, []
for name, lr in CONFIGS:
    model = new_model()
    callback = None
    if (name, lr) == ("Adam", 1e-3):
        callback, adam_ratios, adam_runs = step_recorder(model, lr)
    history = fit(
        model,
        X_train,
        y_train,
        optimizer=make_optimizer(name, model, lr),
        epochs=EPOCHS,
        log_every=0,
        callback=callback,
    )
    with torch.no_grad():  # history.loss[t] is measured before update t; add the final loss
        final_loss = torch.nn.functional.cross_entropy(model(X_train), y_train).item()
    curves[name, lr] = np.array([*history.loss, final_loss])  # curve[t]: loss after t updates
    histories[name, lr], models[name, lr] = history, model
    train_acc, test_acc = accuracy(model, X_train, y_train), accuracy(model, X_test, y_test)
    rows.append((name, lr, final_loss, train_acc, test_acc))

print(f"{'optimizer':<13} {'lr':>6} {'final loss':>10} {'train acc':>9} {'test acc':>8}")
for name, lr, loss, train_acc, test_acc in rows:
    print(f"{name:<13} {lr:>6g} {loss:>10.4f} {train_acc:>9.3f} {test_acc:>8.3f}")
sgd_rows = [row for row in rows if row[0] != "Adam"]
adam_loss = {lr: loss for name, lr, loss, *_ in rows if name == "Adam"}
assert max(adam_loss[1e-2], adam_loss[1e-1]) < min(row[2] for row in sgd_rows)  # seed 0
train_accs = {(name, lr): acc for name, lr, _, acc, _ in rows}
assert max(train_accs["SGD", lr] for lr in (1e-3, 1e-2, 1e-1)) < 0.9 < train_accs["SGD", 1.0]

# %%
# Adam 的步长：一般不超过学习率
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#
# 把学习率 0.001 的 Adam 训练中每一次更新、每一个参数的 :math:`|\Delta\theta| / \eta` 汇总起来，
# 并按梯度是否已经连续 10 步保持同一个符号分成两组（:math:`\beta_1 = 0.9` 的滑动平均大约记得最近
# 10 步）：

ratios = torch.stack(adam_ratios).cpu()  # (updates, parameters): |Δθ| / lr
kept = torch.stack(adam_runs).cpu() >= 10  # the gradient had one sign for the last 10 updates
bound = 0.1 / 0.001**0.5  # Kingma and Ba's approximate bound: (1 - beta1) / sqrt(1 - beta2)
above = (ratios > 1).float().mean().item()
print(f"Adam, lr=0.001: {ratios.shape[0]} updates x {ratios.shape[1]} parameters, |dtheta| / lr")
print(f"  first update:                 median {ratios[0].median():.3f}")
print(
    f"  all updates:                  median {ratios.median():.3f}, "
    f"99th percentile {ratios.quantile(0.99):.3f}, max {ratios.max():.3f}"
)
side = "below" if ratios.max() < bound else "above"
print(f"  largest step: {side} the approximate bound {bound:.2f} (not a strict bound)")
print(f"  steps larger than lr:         {above:.1%}")
print(f"  sign kept for >= 10 updates:  median {ratios[kept].median():.3f}")
print(f"  sign changed within 10:       median {ratios[~kept].median():.3f}")
assert abs(ratios[0].median() - 1) < 0.01  # the first step is lr for (almost) every parameter
assert ratios.median() < 1 and above < 0.2
assert ratios[kept].median() > ratios[~kept].median()

# %%
# 第一步约等于 :math:`\eta`（只差分母里很小的 :math:`\epsilon`）；之后大多数步子小于
# :math:`\eta`，一个可能的原因是梯度在训练中逐渐变小，而 :math:`\sqrt{\hat{\mathbf v}}` 还记着
# 从前较大的梯度（本页没有单独测量这一点）。梯度符号一直不变的参数，步子明显比符号刚变过的参数大。
# 一小部分步子超过 :math:`\eta`，可能发生在梯度变大的时候；上面的输出把最大的一步与 Kingma 与 Ba
# 的近似上界作了比较，但这个上界并不严格，超过它并不矛盾。所以“Adam 每步大约走 :math:`\eta`”
# 只是量级上的说法：准确地说，:math:`\eta` 给出了步长的尺度，而不是步长本身。

# %%
# 所有运行的训练损失画在同一张图上（对数纵轴）。颜色区分优化器，颜色越深学习率越大。

families = {"SGD": plt.cm.Blues, "SGD+momentum": plt.cm.Greens, "Adam": plt.cm.Oranges}
linestyles = {"SGD": "-", "SGD+momentum": "--", "Adam": "-."}
fig, ax = plt.subplots(figsize=(10, 5), layout="constrained")
for name, colormap in families.items():
    lrs = [lr for family, lr in CONFIGS if family == name]
    for k, lr in enumerate(lrs):
        shade = colormap(0.4 + 0.45 * k / max(len(lrs) - 1, 1))  # mid tones: light and dark pages
        ax.plot(
            curves[name, lr],
            color=shade,
            ls=linestyles[name],
            lw=1.8,
            label=f"{name}, lr={lr:g}",
        )
ax.set(yscale="log", xlabel="epoch", ylabel="train loss (cross-entropy)")
ax.set_title("Spiral MLP (100 ReLU units), full batch, same initial weights")
fig.legend(loc="outside right upper", fontsize=9)
ax.grid(alpha=0.3)

# %%
# SGD 的进度约等于“学习率 × 步数”
# -------------------------------
#
# 对光滑的损失，学习率远小于 :math:`1/\lambda_{\max}`（:math:`\lambda_{\max}` 是损失的 Hessian 的
# 最大特征值，即最大的曲率）时，SGD 的每一步都很接近梯度流
# :math:`\dot{\boldsymbol\theta} = -\nabla L` 上的一小段，走到哪里近似只取决于
# 学习率与步数的乘积 :math:`\eta t`。ReLU 网络的损失只是分段光滑的，所以这只是一个需要检验的近似：
# 如果它成立，把横轴换成 :math:`\eta t`，不同学习率的曲线应该重合。左图检验这一点，下面的输出比较
# :math:`\eta t = 1` 时各学习率的损失；右图是学习率 0.001 的 SGD 和三次学习率合适的运行的训练
# 准确率。课程的设置是学习率 0.001、1000 轮，总共只走到 :math:`\eta t = 1`，按梯度流的近似，
# 相当于学习率为 1 时的第 1 轮（学习率 1 实际上已经偏离了这条路，见上面的输出）。

fig, (ax_flow, ax_acc) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for k, lr in enumerate(lr for name, lr in CONFIGS if name == "SGD"):
    loss = curves["SGD", lr]
    updates = np.arange(len(loss))
    shade = plt.cm.Blues(0.4 + 0.45 * k / 3)
    ax_flow.plot(lr * updates[1:], loss[1:], color=shade, label=f"SGD, lr={lr:g}")
    t = round(1 / lr)  # number of updates at which lr * t = 1
    print(f"SGD lr={lr:<6g}: loss after {t:>4} updates (lr * t = 1) = {loss[t]:.4f}")
print(f"loss before training: {curves['SGD', 1.0][0]:.4f}")
at_one = [curves["SGD", lr][round(1 / lr)] for lr in (1e-3, 1e-2, 1e-1)]
assert max(at_one) - min(at_one) < 0.01  # lr 0.001, 0.01, 0.1: the same loss at lr * t = 1
ax_flow.set(xscale="log", yscale="log", xlabel="lr x epochs", ylabel="train loss")
ax_flow.legend()
ax_flow.grid(alpha=0.3)

# Right: train accuracy of the course's SGD and of three runs with a good learning rate.
for name, lr in (("SGD", 1e-3), ("SGD", 1.0), ("SGD+momentum", 1e-1), ("Adam", 1e-2)):
    ax_acc.plot(histories[name, lr].accuracy, label=f"{name}, lr={lr:g}")
ax_acc.set(xlabel="epoch", ylabel="train accuracy", ylim=(0, 1.02))
ax_acc.legend()
ax_acc.grid(alpha=0.3)

# %%
# 决策边界
# --------
#
# 学习率 0.001 的 SGD、调大学习率的 SGD、加动量的 SGD 和 Adam（学习率 0.01）训练出的网络，
# 标题给出测试集准确率。

picked = [("SGD", 1e-3), ("SGD", 1.0), ("SGD+momentum", 1e-1), ("Adam", 1e-2)]
fig, axes = plt.subplots(1, len(picked), figsize=(10, 3.2), layout="constrained")
for ax, (name, lr) in zip(axes, picked, strict=True):
    test_acc = accuracy(models[name, lr], X_test, y_test)
    plot_model(X, y, models[name, lr], ax=ax, title=f"{name}, lr={lr:g}\ntest {test_acc:.3f}")
    ax.title.set_fontsize(9)
    ax.collections[-1].set_sizes([3])

# %%
# 调好之后：换几个初始化再比
# --------------------------
#
# 上表中四个调好的设置（SGD 学习率 1、动量 SGD 学习率 0.1、Adam 学习率 0.01 和 0.1）测试集准确率
# 很接近，一个初始化分不出先后。对每个设置再用另外两个随机种子初始化网络（数据不变），打印三次
# 运行的均值 ± 样本标准差：

TUNED = [("SGD", 1.0), ("SGD+momentum", 1e-1), ("Adam", 1e-2), ("Adam", 1e-1)]
SEEDS = (0, 1, 2)
print(f"{'optimizer':<13} {'lr':>5} {'train loss: mean ± std':>24} {'test acc: mean ± std':>22}")
summary = {}
for name, lr in TUNED:
    train_losses, test_accs = [], []
    for seed in SEEDS:
        model = models[name, lr] if seed == 0 else new_model(seed)
        if seed != 0:
            optimizer = make_optimizer(name, model, lr)
            fit(model, X_train, y_train, optimizer=optimizer, epochs=EPOCHS, log_every=0)
        with torch.no_grad():
            train_losses.append(torch.nn.functional.cross_entropy(model(X_train), y_train).item())
        test_accs.append(accuracy(model, X_test, y_test))
    summary[name, lr] = (np.mean(train_losses), np.mean(test_accs))
    print(
        f"{name:<13} {lr:>5g} {np.mean(train_losses):>14.4f} ± {np.std(train_losses, ddof=1):.4f}"
        f" {np.mean(test_accs):>13.3f} ± {np.std(test_accs, ddof=1):.3f}"
    )
means = [test for _, test in summary.values()]
one_point = 1 / len(X_test)
print(f"test set: {len(X_test)} points, one point = {one_point:.3f} of accuracy")
print(f"largest difference between the mean test accuracies: {max(means) - min(means):.3f}")
assert max(means) - min(means) <= 3 * one_point + 1e-9  # within a few test points
sgd_losses = [summary[key][0] for key in TUNED if key[0] != "Adam"]
assert max(summary["Adam", 1e-2][0], summary["Adam", 1e-1][0]) < min(sgd_losses)  # mean loss

# %%
# 测量说明了什么
# --------------
#
# 除了动量那一条，每一条结论只对比改了一个因素的运行：同一优化器的不同学习率，或同一学习率的
# 不同优化器。动量那一条有意同时改变动量和学习率，检验的正是“动量 0.9 约等于学习率放大 10 倍”。
#
# * **学习率 0.001 的 SGD 在 ReLU 网络上显得“差”，是因为步子太小。**训练 1000 轮后，损失只比
#   训练前低了一点，准确率和决策边界都还很粗糙。“学习率 × 步数”图中，学习率 0.001、0.01、0.1 的
#   曲线几乎重合，在 :math:`\eta t = 1` 处的损失相差不到 0.01（代码中检验）：它们走的是同一条路，
#   只是快慢不同，学习率 0.001、1000 轮只走完了这条路的开头。学习率为 1 时每一步跨得太大，开始
#   偏离这条路，但仍然走得最远。注意课程本身只在**线性模型**上用了 SGD：线性模型换成 Adam 也停在
#   一半左右，那里的限制在模型（见螺旋数据分类页面的 2×2 表）；课程的 ReLU 网络用的是 Adam。
# * **在这里（全批量、梯度变化缓慢），动量的效果接近放大学习率。**:math:`\mu = 0.9` 的动量 SGD
#   与学习率大 10 倍的普通 SGD 结果接近
#   （对照表中 SGD+momentum lr=0.01 与 SGD lr=0.1、SGD+momentum lr=0.1 与 SGD lr=1 各两行，损失
#   曲线也几乎重合）。
# * **Adam 在很宽的学习率范围内都能学，但也不是与学习率无关。**学习率 0.001 的 Adam 已经远好于
#   同样学习率的 SGD，原因见“第一步有多大”和“Adam 的步长”两节；学习率 0.01 和 0.1 的 Adam 把训练
#   损失降得比我们试过的所有 SGD 设置都低；换两个初始化再比，三个种子的平均训练损失也低于两个
#   调好的 SGD 设置（代码中检验）。普通 SGD 在试过的学习率 0.001–1 中，只有 1 在 1000 轮内把训练集
#   准确率提高到 0.9 以上。
# * **调好之后，测试集准确率分不出高下，训练损失却不同。**四个调好的设置，三个种子的平均测试集
#   准确率相差不超过三个测试点（代码中检验；实际的最大差见输出），而 Adam 的平均训练损失仍低于
#   调好的 SGD。
#
# **没有说明什么。**这是一个小网络、一份二维数据、三个随机初始化、固定的 1000 轮、很粗的学习率
# 网格，而且是全批量梯度下降（没有小批量带来的梯度噪声，而小批量正是“随机”梯度下降的“随机”），
# SGD 也没有用学习率衰减。它不能说明哪个优化器的泛化更好：这里的测试集只有一百多个点，好的模型
# 准确率都挤在 1 附近。
#
# **文献中的结论。**Wilson 等（2017）在图像分类和语言模型上发现，自适应方法（Adam、AdaGrad、
# RMSProp）训练损失降得快，测试表现却常常不如调好的 SGD + 动量；Keskar 与 Socher（2017）因此提出
# 先用 Adam、后切换到 SGD。Loshchilov 与 Hutter（2019）指出 Adam 中的 L2 正则和权重衰减并不等价，
# 提出了 AdamW，缩小了这一差距。另一方面，Choi 等（2019）发现，只要把超参数（包括 Adam 的
# :math:`\epsilon`）调得同样充分，自适应方法并不比 SGD 差。实践中的惯例是：ImageNet 上的卷积网络
# 常用 SGD + 动量配学习率衰减，Transformer 几乎都用 Adam/AdamW 配预热（warm-up）。
#
# 动手试试
# --------
#
# * 在 ``CONFIGS`` 里加上 ``("SGD", 3.0)`` 或 ``("Adam", 1.0)``，看学习率太大时会发生什么。
# * 在页面末尾新加一个单元格，用 ``new_model()``、``make_optimizer("SGD", model, 1e-3)`` 和
#   ``fit(..., epochs=10000)`` 单独训练一个学习率 0.001 的 SGD（不要改 ``CONFIGS`` 和 ``EPOCHS``，
#   后面的单元格要用它们），它是否终于学会？与“学习率 × 步数”图中 :math:`\eta t = 10` 处的损失
#   对照，再和螺旋数据分类页面上训练 10000 轮的结果对照。
# * 把训练改成真正的随机梯度下降：每一步只用随机抽取的 32 个点算梯度，比较同样的学习率下的损失曲线。
# * 把 ``make_optimizer`` 中的动量 0.9 改成 0.5 或 0.99，看等效学习率 :math:`\eta / (1 - \mu)`
#   的说法是否成立。
# * 用 ``torch.optim.AdamW`` 或 ``torch.optim.RMSprop`` 替换 ``Adam`` 比较。
# * 在 ``new_model`` 的 ``nn.Sequential`` 里再加三组 ``Linear(100, 100)`` 和 ``ReLU()``，看深一些的
#   网络上哪种优化器对学习率更敏感。
