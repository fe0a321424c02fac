r"""
问题 6：SGD 和 Adam 哪个更有效？
================================

**简短回答**：没有一句话的答案，要看“有效”指什么、学习率调得怎样。Adam 对学习率不那么敏感，
用默认的 0.001 在很多问题上就能很快把损失降下来，所以常被当作“先试试”的选择；SGD（尤其加上动量）
对学习率敏感得多，学习率太小时几乎不动，但学习率和学习率衰减调好之后，它能训练得同样好，文献中
在一些任务上它的泛化（测试集表现）还更好。课程里用 SGD、学习率 0.001 训练 1000 轮，效果很差，原因
是这个学习率对普通 SGD 太小了，而不是 SGD 本身不行。

三种更新规则（:math:`\mathbf g_t` 是第 :math:`t` 步的梯度，:math:`\eta` 是学习率）：

* **SGD**：:math:`\boldsymbol\theta \leftarrow \boldsymbol\theta - \eta\, \mathbf g_t`。
  步长正比于梯度：梯度小，步子就小。
* **SGD + 动量**：:math:`\mathbf v \leftarrow \mu \mathbf v + \mathbf g_t`，
  :math:`\boldsymbol\theta \leftarrow \boldsymbol\theta - \eta\, \mathbf v`。速度 :math:`\mathbf v`
  累积过去的梯度，来回震荡的分量相互抵消，方向一致的分量越积越大；梯度一直不变时，步长趋于
  :math:`\eta / (1 - \mu)`，:math:`\mu = 0.9` 时相当于学习率放大 10 倍。
* **Adam** （Kingma 与 Ba，2015）：对每个参数分别维护梯度的滑动平均 :math:`\mathbf m` 和梯度平方的
  滑动平均 :math:`\mathbf v`，

  .. math::

     \mathbf m \leftarrow \beta_1 \mathbf m + (1 - \beta_1)\, \mathbf g_t , \qquad
     \mathbf v \leftarrow \beta_2 \mathbf v + (1 - \beta_2)\, \mathbf g_t^2 , \qquad
     \boldsymbol\theta \leftarrow \boldsymbol\theta
     - \eta\, \frac{\hat{\mathbf m}}{\sqrt{\hat{\mathbf v}} + \epsilon} ,

  其中 :math:`\hat{\mathbf m} = \mathbf m / (1 - \beta_1^t)`、
  :math:`\hat{\mathbf v} = \mathbf v / (1 - \beta_2^t)` 修正了初始为 0 带来的偏差
  （默认 :math:`\beta_1 = 0.9`，:math:`\beta_2 = 0.999`）。
  :math:`\hat{\mathbf m} / \sqrt{\hat{\mathbf v}}` 的大小约为 1，与梯度本身的尺度无关，所以 Adam
  每个参数每步大约移动 :math:`\eta`：梯度很小的参数也走得动。

下面在课程的螺旋数据和网络（一个 100 个 ReLU 单元的隐藏层）上实测。
"""

# %%
# 实验设置
# --------
#
# 600 个螺旋数据点，按类分层随机取 80% 训练、20% 留出测试。每次运行都从同一个随机初始化出发，
# 像课程一样全批量训练 1000 轮，权重衰减 :math:`10^{-5}`，只改变优化器、学习率和动量。
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

import spiral_tut
from spiral_tut import accuracy, fit, make_spiral, mlp, plot_model, train_test_split

spiral_tut.set_default(figsize=(10, 5), theme="transparent")

X, y = make_spiral(n_per_class=200, seed=12345)
X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0)
EPOCHS = 1000
WEIGHT_DECAY = 1e-5
print(f"train points: {len(X_train)}, held-out points: {len(X_test)}, epochs: {EPOCHS}")


def new_model() -> torch.nn.Module:
    torch.manual_seed(0)  # the same initial weights for every optimizer
    return mlp(hidden=100).to(X.device)


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
# 在同一个初始网络上算出整批训练数据的梯度，各走一步，比较参数的变化量 :math:`|\Delta\theta|`
# （每个参数张量取中位数）。学习率都取课程的 0.001。

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
# 恰好是 :math:`\eta\, g / (|g| + \epsilon) \approx \pm\eta`，每个参数都移动约 0.001，与梯度大小
# 无关。这就是同样写着 ``lr=1e-3``，两者的进度却天差地别的原因：两个优化器的“学习率”不是同一个
# 尺度上的量，不能直接比较。
#
# 训练：三种优化器、多个学习率
# ----------------------------

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
# The first fit in a process pays one-time setup costs; pay them here, outside the timings.
fit(mlp(), X_train, y_train, optimizer="adam", epochs=2, log_every=0)

histories, curves, models, rows = {}, {}, {}, []
for name, lr in CONFIGS:
    model = new_model()
    tic = time.perf_counter()
    history = fit(
        model,
        X_train,
        y_train,
        optimizer=make_optimizer(name, model, lr),
        epochs=EPOCHS,
        log_every=0,
    )
    seconds = time.perf_counter() - tic
    with torch.no_grad():  # history.loss[t] is measured before update t; add the final loss
        final_loss = torch.nn.functional.cross_entropy(model(X_train), y_train).item()
    curves[name, lr] = np.array([*history.loss, final_loss])  # curve[t]: loss after t updates
    histories[name, lr], models[name, lr] = history, model
    train_acc, test_acc = accuracy(model, X_train, y_train), accuracy(model, X_test, y_test)
    rows.append((name, lr, final_loss, train_acc, test_acc, seconds))

print(
    f"{'optimizer':<13} {'lr':>6} {'final loss':>10} {'train acc':>9} {'held-out':>8} {'time':>7}"
)
for name, lr, loss, train_acc, test_acc, seconds in rows:
    print(f"{name:<13} {lr:>6g} {loss:>10.4f} {train_acc:>9.3f} {test_acc:>8.3f} {seconds:>5.2f} s")

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
# 学习率足够小时，SGD 沿着梯度流 :math:`\dot{\boldsymbol\theta} = -\nabla L` 前进，走到哪里只取决于
# 学习率与步数的乘积 :math:`\eta t`。如果真是这样，把横轴换成 :math:`\eta t`，不同学习率的曲线
# 应该重合。左图验证这一点，下面的输出比较 :math:`\eta t = 1` 时各学习率的损失；右图是课程的 SGD
# 和三次学习率合适的运行的训练准确率。课程的设置是学习率 0.001、1000 步，总共只走到
# :math:`\eta t = 1`，相当于学习率为 1 时的第 1 步。

fig, (ax_flow, ax_acc) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for k, lr in enumerate(lr for name, lr in CONFIGS if name == "SGD"):
    loss = curves["SGD", lr]
    updates = np.arange(len(loss))
    shade = plt.cm.Blues(0.4 + 0.45 * k / 3)
    ax_flow.plot(lr * updates[1:], loss[1:], color=shade, label=f"SGD, lr={lr:g}")
    t = round(1 / lr)  # number of updates at which lr * t = 1
    print(f"SGD lr={lr:<6g}: loss after {t:>4} updates (lr * t = 1) = {loss[t]:.4f}")
print(f"loss before training: {curves['SGD', 1.0][0]:.4f}")
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
# 课程的 SGD（学习率 0.001）、调大学习率的 SGD、加动量的 SGD 和 Adam（学习率 0.01）训练出的
# 网络，标题给出留出准确率。

picked = [("SGD", 1e-3), ("SGD", 1.0), ("SGD+momentum", 1e-1), ("Adam", 1e-2)]
fig, axes = plt.subplots(1, len(picked), figsize=(10, 3.2), layout="constrained")
for ax, (name, lr) in zip(axes, picked, strict=True):
    held_out = accuracy(models[name, lr], X_test, y_test)
    plot_model(X, y, models[name, lr], ax=ax, title=f"{name}, lr={lr:g}\nheld-out {held_out:.3f}")
    ax.title.set_fontsize(9)
    ax.collections[-1].set_sizes([3])

# %%
# 测量说明了什么
# --------------
#
# 对照上面的表和图：
#
# * **课程的 SGD 看起来“差”，是因为步子太小。** 学习率 0.001 的 SGD 训练 1000 轮后，损失只比
#   训练前低了一点，准确率和决策边界都还很粗糙（见表和上图）。“学习率 × 步数”图中，学习率
#   0.001、0.01、0.1 的曲线几乎重合，在 :math:`\eta t = 1` 处的损失也几乎相同（见输出）：它们走的是
#   同一条路，只是快慢不同，课程的设置只走完了这条路的开头。学习率为 1 时每一步跨得太大，开始偏离
#   这条路，但仍然走得最远。
# * **动量相当于放大学习率。** :math:`\mu = 0.9` 的动量 SGD 与学习率大 10 倍的普通 SGD 结果接近
#   （对照表中 SGD+momentum lr=0.01 与 SGD lr=0.1、SGD+momentum lr=0.1 与 SGD lr=1 各两行，损失
#   曲线也几乎重合）。
# * **Adam 在很宽的学习率范围内都能学，但也不是与学习率无关。** 学习率 0.001 的 Adam 已经远好于
#   同样学习率的 SGD，而学习率 0.01 和 0.1 的 Adam 把训练损失降得比我们试过的所有 SGD 设置都低。
#   普通 SGD 只有学习率接近 1 时才好用。
# * **调好之后，准确率差别很小。** 学习率合适的 SGD、动量 SGD 和 Adam 都把训练集拟合得很好，留出
#   准确率也都接近 1（见表和决策边界图）。
#
# **没有说明什么。** 这是一个小网络、一份二维数据、一个随机初始化、固定的 1000 轮、很粗的学习率
# 网格，而且是全批量训练（没有小批量带来的梯度噪声），SGD 也没有用学习率衰减。它不能说明哪个优化器
# 的泛化更好：这里的留出集只有一两百个点，好的模型准确率都挤在 1 附近。
#
# **文献中的结论。** Wilson 等（2017）在图像分类和语言模型上发现，自适应方法（Adam、AdaGrad、
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
# * 只保留 ``("SGD", 1e-3)`` 一项、把 ``EPOCHS`` 改成 10000（否则要跑很久），学习率 0.001 的 SGD
#   是否终于学会？与“学习率 × 步数”图中 :math:`\eta t = 10` 处的损失对照。
# * 把 ``make_optimizer`` 中的动量 0.9 改成 0.5 或 0.99，看等效学习率 :math:`\eta / (1 - \mu)`
#   的说法是否成立。
# * 用 ``torch.optim.AdamW`` 或 ``torch.optim.RMSprop`` 替换 ``Adam`` 比较。
# * 把 ``new_model`` 里的 ``mlp(hidden=100)`` 换成 ``mlp(hidden=100, depth=4)``，看深一些的网络上
#   哪种优化器对学习率更敏感。
