r"""
螺旋数据分类
============

这是第 1 周练习 2（课程讲义 §4.2）的可执行版本：用神经网络把平面上三条交错的螺旋臂分开。
理论讲解见 NYU 深度学习课程的中文笔记 `第 2 周第 3 讲 <https://atcold.github.io/NYU-DLSP20/zh/week02/02-3/>`_。

本页的顺序与课程相同，训练循环不藏在函数里，完整地写出来：

1. 生成螺旋数据（先按课程的循环写法生成一遍，再用 ``spiral_tut.make_spiral``，验证两者一致）；
2. **第一步**：课程的线性模型和它的训练循环（SGD 优化器）。线性模型为什么分不开螺旋、
   它的错误在哪里、为什么损失下降时准确率反而会下降；
3. **第二步**：看看模型的输出 ``y_pred``、``torch.max`` 的返回值，以及为什么每次反向传播前
   要清零梯度；再把同一个循环打包成 ``spiral_tut.fit``，验证两者的结果逐位相同；
4. **第三步**：课程讲义停在第二步，讲义所依据的 NYU 原始 notebook 接着训练了一个两层网络：
   加入激活函数 ReLU，优化器换成 Adam。这里两处同时改变了，所以本页用对照实验把两者分开，
   最后在测试集上检验模型的泛化能力。

最后的“勘误”一节列出了本页相对课程讲义改正的地方。
"""

# %%
# 引入库，选择设备
# ----------------
#
# 课程先用 ``!wget`` 下载作者的绘图脚本 ``plot_lib.py``。这里改用本站的 ``spiral_tut``
# 包：``set_default``、``plot_data``、``plot_model`` 的名字和用法与 ``plot_lib`` 相同，另外提供了
# 生成数据的 ``make_spiral``。训练循环本身写在本页；``spiral_tut.fit`` 是同一个循环的打包版本，
# 在第二步末尾才用到。``set_default(theme="transparent")`` 让图片背景透明、文字为中灰色，在网页的
# 浅色和深色模式下都清晰。
#
# 有 GPU 时（例如 Colab）程序在 GPU 上运行，否则在 CPU 上运行；下面输出的是这次运行用的设备。

import copy
import math
import random

import matplotlib.pyplot as plt
import torch
from torch import nn

import spiral_tut
from spiral_tut import fit, make_spiral, plot_data, plot_history, plot_model
from spiral_tut.exercises import check_relu_model, check_spiral_accuracy, check_training_loop

spiral_tut.set_default(figsize=(6, 6), theme="transparent")

device = spiral_tut.default_device()  # "cuda" when a GPU is available, else "cpu"
print("device:", device)

# %%
# 随机数种子与常量
# ----------------
#
# 神经网络的参数是随机初始化的，数据里的噪声也是随机生成的。不同的随机数会得到不同的结果；
# 固定随机数种子之后，每次运行（包括每次构建本站）都得到完全相同的数据、初始参数和输出。
# 课程还调用了 ``random.seed``：本页没有用到 Python 自带的 ``random`` 模块，保留这一行只是为了和
# 课程一致，它没有坏处。

seed = 12345
random.seed(seed)
torch.manual_seed(seed)

N = 1000  # samples per class
D = 2  # features per sample
C = 3  # classes
H = 100  # hidden units

# %%
# 生成螺旋数据
# ------------
#
# ``X`` 是特征矩阵：共 :math:`N \cdot C` 行（:math:`C` 类、每类 :math:`N` 个样本），:math:`D = 2`
# 列（每个样本是平面上的一个点）。``Y`` 是每个样本的类别标签 0、1、2。注意
# ``torch.zeros(rows, cols)`` 的第一个参数是行数、第二个是列数。
#
# 第 :math:`c` 类的第 :math:`i` 个点的半径 :math:`t_i` 在 :math:`[0, 1]` 上均匀取 :math:`N` 个值，
# 角度在 :math:`[\tfrac{2\pi}{C}c,\ \tfrac{2\pi}{C}(c+2)]` 上均匀取值，再加上标准差为 0.2 的
# 高斯噪声：
#
# .. math::
#
#    \mathbf x_i = t_i\,(\sin\theta_i,\ \cos\theta_i), \qquad
#    \theta_i = \tfrac{2\pi}{C}\bigl(c + 2\tfrac{i}{N-1}\bigr) + 0.2\,\varepsilon_i,\quad
#    \varepsilon_i \sim \mathcal N(0, 1).
#
# 下面先按课程的写法逐点循环生成（已改正讲义里的排版错误，见文末“勘误”）。逐点赋值很慢，
# 在 GPU 上尤其慢，所以这一段放在 CPU 上做：

torch.manual_seed(seed)  # re-seed: the same points every time this cell runs
X_loop = torch.zeros(N * C, D)
Y_loop = torch.zeros(N * C, dtype=torch.long)
for c in range(C):
    index = 0
    t = torch.linspace(0, 1, N)  # N evenly spaced radii in [0, 1]
    # torch.randn(N): N standard-normal samples (torch.rand would be uniform)
    inner_var = torch.linspace((2 * math.pi / C) * c, (2 * math.pi / C) * (2 + c), N)
    inner_var = inner_var + torch.randn(N) * 0.2
    for ix in range(N * c, N * (c + 1)):
        X_loop[ix] = t[index] * torch.tensor(
            (math.sin(inner_var[index]), math.cos(inner_var[index]))
        )
        Y_loop[ix] = c
        index += 1

# %%
# ``spiral_tut.make_spiral`` 用同样的公式一次算出整类的点（向量化，不用逐点循环），默认参数正好是
# 课程的设置。它使用自己的随机数生成器，不改变全局的随机数状态。比较一下两种写法的结果：

X, Y = make_spiral(n_per_class=N, n_classes=C, noise=0.2, seed=seed, device=device)

print("same points:", torch.allclose(X_loop, X.cpu()))
print("same labels:", torch.equal(Y_loop, Y.cpu()))
print(f"largest difference: {(X_loop - X.cpu()).abs().max().item():.1e}")

# %%
# 点的坐标并非逐位相同：课程用 Python 的 ``math.sin`` 以双精度计算后再存成
# float32，``make_spiral`` 直接在 float32 下计算。上面输出的最大差异只是 float32 的
# 舍入误差量级，``torch.allclose`` 认为两者相等，标签则完全相同。本页后面都使用
# ``make_spiral`` 生成的 ``X``、``Y``。

print("Shapes:")
print("X:", X.size())
print("Y:", Y.size())

# %%
# 可视化数据：三种颜色是三个类别，每条螺旋臂绕了 240°，彼此交错。

fig, ax = plt.subplots(layout="constrained")
plot_data(X, Y, ax=ax, title="Spiral data: 3 classes, 1000 points each")
plt.show()

# %%
# 第一步：线性模型
# ----------------
#
# 课程的第一个模型是两个 ``nn.Linear`` 直接相连，中间没有激活函数。损失函数是交叉熵
# ``nn.CrossEntropyLoss``，优化器是 ``torch.optim.SGD``，学习率 :math:`10^{-3}`，L2 正则系数
# ``weight_decay`` 为 :math:`10^{-5}`，训练 1000 轮。每一步都用全部 3000 个样本算梯度，所以这里的
# SGD 优化器其实是**全批量梯度下降**：没有随机抽样，“随机”二字名不副实（见文末“勘误”）。
#
# 下面就是课程的训练循环，每一轮五步：前向计算 ``model(X)``、算损失 ``criterion``、清零梯度
# ``optimizer.zero_grad()``、反向传播 ``loss.backward()``、更新参数 ``optimizer.step()``。准确率
# 只用于打印，不参与训练。与课程相比只改了两处：课程每一轮打印一行、再用 ``display.clear_output``
# 擦掉，这里每 100 轮打印一行；另外把每一轮的损失和准确率存进两个列表，后面画曲线要用。打印的
# 数字是这一轮更新**之前**的损失和准确率。

learning_rate = 1e-3
lambda_l2 = 1e-5

torch.manual_seed(seed)  # the same initial weights on every run
model = nn.Sequential(
    nn.Linear(D, H),
    nn.Linear(H, C),
)
model.to(device)
untrained_linear = copy.deepcopy(model)  # kept to re-run the same training with fit below

criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, weight_decay=lambda_l2)

losses, accuracies = [], []  # one entry per epoch
### BEGIN SOLUTION
for t in range(1000):
    # feed forward: the logits, one row of 3 scores per sample
    y_pred = model(X)
    # loss and accuracy
    loss = criterion(y_pred, Y)
    score, predicted = torch.max(y_pred, 1)
    acc = (Y == predicted).sum().float() / len(Y)
    losses.append(loss.item())
    accuracies.append(acc.item())
    if t % 100 == 0 or t == 999:
        print(f"[EPOCH]: {t}, [LOSS]: {loss.item():.6f}, [ACCURACY]: {acc:.3f}")

    optimizer.zero_grad()  # set the gradients to zero before the backward pass
    loss.backward()  # gradient of the loss with respect to every parameter
    optimizer.step()  # update all parameters
### END SOLUTION

linear_accuracy = spiral_tut.accuracy(model, X, Y)  # after the last update
print(f"accuracy after 1000 updates: {linear_accuracy:.3f}")

# %%
# 下面一行是练习版的检查：练习版（页面底部下载）里上面的训练循环留空，你写好之后用它检查；
# 这里检查的是上面的参考答案。

check_training_loop(model, losses, X, Y)

# %%
# 准确率在一半左右。画出模型在平面上每一点预测的类别，再用 ``x`` 标出分错的样本：
# 三个类别的区域被几条**直线**分开，而每条螺旋臂都跨过了这些直线，跨过去的部分全被分错。

wrong = (model(X).argmax(dim=1) != Y).cpu()
X_cpu = X.cpu()


def mark(ax: plt.Axes, points: torch.Tensor) -> None:
    """Cross out points: a black x on a white one, visible on every class colour."""
    ax.scatter(*points.T, marker="x", s=12, linewidths=2.2, color="white")
    ax.scatter(*points.T, marker="x", s=12, linewidths=0.9, color="black", label="misclassified")


fig, ax = plt.subplots(layout="constrained")
plot_model(X, Y, model, ax=ax, title=f"Linear model: accuracy {linear_accuracy:.3f}")
mark(ax, X_cpu[wrong])
ax.legend(loc="lower left")
plt.show()

# %%
# 第二步：看看模型的输出
# ----------------------
#
# 循环结束后，``y_pred``、``score``、``predicted`` 还是最后一轮（第 999 轮）的值。``y_pred``
# 每个样本一行，每行 3 个数（每类一个得分，称为 logits），得分最大的那一类就是预测结果。

print(y_pred.shape)
print(y_pred[10, :])
print(score[10])
print(predicted[10])

# %%
# ``torch.max(y_pred, 1)`` 沿第 1 维（每一行内部、跨列）取最大值，返回一个
# ``torch.return_types.max`` 对象。它和命名元组一样，既可以像元组那样解包（循环里的
# ``score, predicted = ...``），也可以按名字取两个字段：``values`` 是每行的最大值
# （即 ``score``），``indices`` 是最大值所在的列号（即 ``predicted``，也就是预测的类别）。
# 只要类别时，也可以直接用 ``y_pred.argmax(dim=1)``。
# 输出里的 ``grad_fn=...`` 表示这个张量是计算图的一部分，可以对它反向传播；``predicted``
# 是整数下标，不可导，所以没有 ``grad_fn``。

result = torch.max(y_pred, 1)
print(type(result))
print("values: ", result.values[:5])
print("indices:", result.indices[:5])
print("indices == argmax:", torch.equal(result.indices, y_pred.argmax(dim=1)))
print("true labels:", Y[:5])

# %%
# 为什么反向传播前要把梯度清零
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#
# ``loss.backward()`` 不会覆盖参数的 ``.grad``，而是把新算出的梯度**加**到已有的 ``.grad`` 上
# （这样做是为了方便把多个小批量的梯度累加起来）。如果不清零，每一步用的就是从训练开始到现在
# 所有梯度的总和。下面用输出层的偏置（3 个数）演示：同样的损失反向传播两次，梯度正好变成两倍。

bias = model[1].bias  # the output layer's bias: 3 numbers

model.zero_grad()
criterion(model(X), Y).backward()
first = bias.grad.clone()
criterion(model(X), Y).backward()  # a second time, without zero_grad()

print("after 1 backward: ", first)
print("after 2 backwards:", bias.grad)
print("ratio:            ", bias.grad / first)

model.zero_grad()  # what optimizer.zero_grad() does for all parameters
print("after zero_grad():", bias.grad)

# %%
# ``zero_grad()`` 默认把 ``.grad`` 设为 ``None`` 而不是填 0，下一次 ``backward()`` 会重新创建它。
# 所以 ``zero_grad()`` 只要在 ``backward()`` 之前就行：课程把它放在算完损失之后，很多教程把它放在
# 循环的第一行，效果相同。
#
# 同一个循环，打包成 ``fit``
# ^^^^^^^^^^^^^^^^^^^^^^^^^^
#
# 后面的对照实验要训练很多次，每次都把循环抄一遍太长，所以 ``spiral_tut.fit`` 把上面的循环打包成
# 一个函数：同样的五步、同样的顺序，每 100 轮打印一行记录表（``log_every=0`` 关掉打印），
# 返回每一轮的损失和准确率。从同一个初始模型出发，``fit`` 和上面的循环应当给出逐位相同的结果。
# 下一节要用准确率最高那一轮的模型，所以这里让 ``fit`` 正好训练到那一轮，比较这些轮的损失：

peak_epoch = max(range(len(accuracies)), key=accuracies.__getitem__)  # entry t: after t updates

peak_model = copy.deepcopy(untrained_linear)
history = fit(
    peak_model,
    X,
    Y,
    optimizer=torch.optim.SGD(peak_model.parameters(), lr=learning_rate, weight_decay=lambda_l2),
    epochs=peak_epoch,
    log_every=0,
)
same_losses = torch.equal(torch.tensor(history.loss), torch.tensor(losses[:peak_epoch]))
print(f"fit == course loop: same losses in all {peak_epoch} epochs:", same_losses)
peak_accuracy = spiral_tut.accuracy(peak_model, X, Y)
print(f"accuracy after {peak_epoch} updates: {peak_accuracy:.3f}")
assert same_losses and abs(peak_accuracy - accuracies[peak_epoch]) < 1e-6

# %%
# 线性模型能学到什么
# ------------------
#
# 两个线性层叠在一起仍然只是**一个**仿射变换：
#
# .. math::
#
#    W_2 (W_1 \mathbf x + \mathbf b_1) + \mathbf b_2
#    = \underbrace{W_2 W_1}_{W}\,\mathbf x + \underbrace{W_2 \mathbf b_1 + \mathbf b_2}_{\mathbf b}.
#
# 中间的 100 个隐藏单元没有增加任何表达能力。可以直接验证：把两层合成一个
# :math:`W`、:math:`\mathbf b`，输出与模型完全一致。

W = model[1].weight @ model[0].weight
b = model[1].weight @ model[0].bias + model[1].bias
with torch.no_grad():
    print("W:", tuple(W.shape), " b:", tuple(b.shape))
    same = torch.allclose(model(X), X @ W.T + b, atol=1e-5)
    print("same output as the model:", same)

# %%
# 模型把点 :math:`\mathbf x` 判为第 :math:`k` 类，当且仅当对所有 :math:`j` 有
# :math:`f_k(\mathbf x) \ge f_j(\mathbf x)`，其中
# :math:`f_k(\mathbf x) = \mathbf w_k^\top \mathbf x + b_k`。
# 每个不等式都是一个半平面，所以每一类的区域都是若干半平面的交集：一个**凸**区域，三个区域之间
# 的决策边界是直线（上图）。而三条螺旋臂互相缠绕，每条臂都绕中心转了 240°：一个凸区域装不下一整条
# 臂而不把别的臂也装进来，所以没有哪种直线划分能把三条臂完全分开，总有一部分点要分错。
#
# 至于最多能分对多少，要靠测量，而不是估算。先看训练过程本身：
#
# 损失下降，准确率却可能下降
# ^^^^^^^^^^^^^^^^^^^^^^^^^^
#
# 把循环里存下的每一轮的损失和准确率画出来：

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
ax_loss.plot(losses)
ax_loss.set(xlabel="epoch", ylabel="loss (cross-entropy)", title="Linear model + SGD: loss")
ax_acc.plot(accuracies)
ax_acc.axvline(peak_epoch, color="gray", ls="--", lw=1, label=f"highest, epoch {peak_epoch}")
ax_acc.set(xlabel="epoch", ylabel="accuracy", title="Linear model + SGD: accuracy")
ax_acc.legend()
for ax in (ax_loss, ax_acc):
    ax.grid(alpha=0.3)
plt.show()

print(f"highest accuracy: {accuracies[peak_epoch]:.3f} at epoch {peak_epoch}")
print(f"after 1000 updates: {linear_accuracy:.3f}")
assert losses[-1] < losses[peak_epoch] and linear_accuracy < accuracies[peak_epoch] - 0.05

# %%
# 损失从头到尾一直在下降，准确率却先升到最高点，然后一路回落到一半左右：两条曲线走向相反。
# 这并不矛盾，因为交叉熵和准确率量的不是同一件事。交叉熵是每个样本
# :math:`-\log p_{\text{true}}` 的平均，:math:`p_{\text{true}}` 是模型给正确类别的
# 概率：它奖励**有把握地分对**的点（:math:`p_{\text{true}} \to 1`，损失趋于 0），
# 惩罚**有把握地分错**的点（:math:`p_{\text{true}} \to 0`，损失趋于无穷）。准确率只看
# 得分最大的是不是正确类别，不管有没有把握。
#
# 比较准确率最高时的模型和训练结束时的模型，把损失拆成分对的点和分错的点两部分，再按离中心的
# 距离 :math:`\lVert\mathbf x\rVert` 把点分成内外两半：

inner = X.norm(dim=1) < 0.5  # the centre, where the three arms meet


def describe(name: str, net: nn.Module) -> list[float]:
    """Print accuracy, loss and the loss of the right and the wrong points; return them."""
    with torch.no_grad():
        logits = net(X)
        point_loss = nn.functional.cross_entropy(logits, Y, reduction="none")
        right = logits.argmax(dim=1) == Y
    row = [
        right.float().mean().item(),
        point_loss.mean().item(),
        point_loss[right].mean().item(),
        point_loss[~right].mean().item(),
        right[inner].float().mean().item(),
        right[~inner].float().mean().item(),
    ]
    print(f"{name:<12}" + "".join(f"{value:>12.3f}" for value in row))
    return row


header = ["accuracy", "loss", "loss right", "loss wrong", "acc inner", "acc outer"]
print(f"{'':<12}" + "".join(f"{name:>12}" for name in header))
peak = describe(f"epoch {peak_epoch}", peak_model)
final = describe("epoch 1000", model)
print(f"log(3) = {math.log(3):.3f}: the loss of a point when all 3 classes get 1/3")
with torch.no_grad():
    inner_losses = nn.functional.cross_entropy(model(X[inner]), Y[inner], reduction="none")
    inner_right = model(X[inner]).argmax(dim=1) == Y[inner]
print(
    f"epoch 1000, inner half: mean loss {inner_losses.mean().item():.3f}, "
    f"right points {inner_losses[inner_right].mean().item():.3f}, "
    f"wrong points {inner_losses[~inner_right].mean().item():.3f}"
)
assert abs(inner_losses.mean().item() - math.log(3)) < 0.1
assert inner_losses[~inner_right].mean().item() < math.log(3) + 0.1
assert final[2] < peak[2]  # the points it gets right got cheaper
assert final[4] < peak[4]  # more mistakes in the centre
assert final[5] > final[4]  # at the end, the outer half is classified better than the centre

# %%
# 从表中可以读出损失下降的来源：分对的点的平均损失降了不少（模型对它们更有把握了），分错的点的
# 平均损失在 :math:`\log 3` 附近（模型在它们身上没什么把握），而分错的点变多了。仿射模型的得分差
# 随点离决策边界的距离线性增长，所以离中心远的点最容易被“有把握地分对”；中心附近三条臂挤在
# 一起，三类的得分相差不大：表下一行的输出中，中心那一半点的平均损失接近 :math:`\log 3`，分错的点
# 也只比 :math:`\log 3` 略高，分错它们代价不大。交叉熵因此宁可在中心多错一些点，换取外圈更有
# 把握：平均损失下降了，准确率也下降了。下图对比两个模型分错的点（``x``）：

fig, axes = plt.subplots(1, 2, figsize=(10, 5), layout="constrained")
for ax, (name, net) in zip(
    axes, [(f"epoch {peak_epoch}", peak_model), ("epoch 1000", model)], strict=True
):
    with torch.no_grad():
        errors = (net(X).argmax(dim=1) != Y).cpu()
    plot_model(X, Y, net, ax=ax, title=f"{name}: {int(errors.sum())} misclassified")
    mark(ax, X_cpu[errors])
plt.show()

# %%
# 直线边界最多能分对多少
# ^^^^^^^^^^^^^^^^^^^^^^
#
# 交叉熵训练停在一半左右，并不说明直线边界最多只能分对一半：上面的曲线就曾经高过一半。要估计
# 线性分类器能达到的准确率，可以直接以准确率为目标去搜索。准确率不可导，所以把 argmax 换成越来越
# 陡的 softmax，最大化正确类别的平均概率（陡度趋于无穷时，它就是准确率），从 4 个随机起点出发各做
# 200 步梯度上升，取准确率最高的那个。搜索找到的是一个**下界**：最好的线性分类器至少能达到这个
# 准确率。

generator = torch.Generator().manual_seed(0)
starts = 4
W_search = torch.randn(starts, C, D, generator=generator).to(device).requires_grad_()
b_search = torch.zeros(starts, C, device=device, requires_grad=True)
search = torch.optim.Adam([W_search, b_search], lr=0.05)
for step in range(200):
    sharpness = 1 + 49 * step / 199  # from a smooth to a nearly hard argmax
    logits = torch.einsum("nd,kcd->knc", X, W_search) + b_search[:, None, :]
    scale = sharpness / W_search.detach().norm(dim=(1, 2))[:, None, None]
    p_true = torch.softmax(scale * logits, dim=2).gather(2, Y.expand(starts, -1)[:, :, None])
    search.zero_grad()
    (-p_true.mean()).backward()
    search.step()
with torch.no_grad():
    logits = torch.einsum("nd,kcd->knc", X, W_search) + b_search[:, None, :]
    best_linear = (logits.argmax(dim=2) == Y).float().mean(dim=1).max().item()
print(f"best linear classifier found by the search: accuracy {best_linear:.3f}")
print(f"linear model trained with cross-entropy:    accuracy {linear_accuracy:.3f}")
assert best_linear > accuracies[peak_epoch] > linear_accuracy

# %%
# 结论：直线边界分不开交错的螺旋臂，这是模型本身的限制。在本页试过的设置下（一个种子，SGD 和
# Adam；Adam 的结果见下面的 2×2 表），交叉熵训练的仿射模型训练结束时都在一半左右，比搜索找到的
# 线性分类器还低（SGD 那次训练中途的最高点比最终结果高，但也低于搜索结果）；一个原因是
# 交叉熵优化的不是准确率。
# 下面的两层网络会远远超过这两个数。
#
# 第三步：两层神经网络（ReLU + Adam）
# -----------------------------------
#
# 课程讲义到第二步就结束了。讲义所依据的 NYU 原始 notebook 接着训练了一个两层网络：在两个线性层
# 之间加入激活函数 ReLU，:math:`\operatorname{ReLU}(z) = \max(0, z)`，
#
# .. math::
#
#    f(\mathbf x) = W_2\,\operatorname{ReLU}(W_1 \mathbf x + \mathbf b_1) + \mathbf b_2 ,
#
# 同时把优化器从 SGD 换成 Adam（学习率、L2 正则和轮数都不变）。有了 ReLU，两层不能再合并成一个
# 仿射变换：100 个隐藏单元各自在一条直线处“折弯”，组合起来可以逼近弯曲的决策边界。
#
# 训练循环与第一步完全相同。为了在后面做训练动画，循环里多了一行：每 100 轮保存一份
# 参数快照。``state_dict()`` 返回的是参数本身的引用，训练会继续修改它们，所以要用
# ``copy.deepcopy`` 保存副本。同一个种子下，ReLU 网络的两个线性层与第一步的线性模型
# 有**相同的初始权重**（``nn.ReLU`` 没有参数）。

torch.manual_seed(seed)
### BEGIN SOLUTION
model = nn.Sequential(
    nn.Linear(D, H),
    nn.ReLU(),
    nn.Linear(H, C),
)
### END SOLUTION
model.to(device)
untrained_relu = copy.deepcopy(model)
print(model)

criterion = torch.nn.CrossEntropyLoss()
### BEGIN SOLUTION
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate, weight_decay=lambda_l2)
### END SOLUTION

snapshots = [(0, copy.deepcopy(model.state_dict()))]  # the untrained start
relu_losses, relu_accuracies = [], []
for t in range(1000):
    y_pred = model(X)
    loss = criterion(y_pred, Y)
    score, predicted = torch.max(y_pred, 1)
    acc = (Y == predicted).sum().float() / len(Y)
    relu_losses.append(loss.item())
    relu_accuracies.append(acc.item())
    if t % 100 == 0 or t == 999:
        print(f"[EPOCH]: {t}, [LOSS]: {loss.item():.6f}, [ACCURACY]: {acc:.3f}")

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if (t + 1) % 100 == 0:  # a copy of the weights after every 100 updates, for the animation
        snapshots.append((t + 1, copy.deepcopy(model.state_dict())))

relu_accuracy = spiral_tut.accuracy(model, X, Y)
print(f"accuracy after 1000 updates: {relu_accuracy:.3f}")
assert relu_accuracy > best_linear + 0.2

# %%
# 练习版里，模型和优化器也由你来写，下面两行检查它们。

check_relu_model(model)
check_spiral_accuracy(model)

# %%
# ``fit`` 用 Adam 训练同一个初始模型，结果同样与循环逐位相同（为了省时间，只比较前 100 轮）：

model_fit = copy.deepcopy(untrained_relu)
history = fit(
    model_fit,
    X,
    Y,
    optimizer=torch.optim.Adam(model_fit.parameters(), lr=learning_rate, weight_decay=lambda_l2),
    epochs=100,
    log_every=0,
)
same_losses = torch.equal(torch.tensor(history.loss), torch.tensor(relu_losses[:100]))
print("fit == course loop with Adam: same first 100 losses:", same_losses)
assert same_losses

# %%
# 决策边界不再是直线，而是沿着螺旋臂弯曲：

# sphinx_gallery_thumbnail_number = 5
fig, ax = plt.subplots(layout="constrained")
plot_model(X, Y, model, ax=ax, title=f"ReLU network + Adam: accuracy {relu_accuracy:.3f}")
plt.show()

# %%
# 训练曲线（下面的输出给出图中的几个点）：损失每一轮都在下降；准确率却不是一路上升，最初几十轮先
# 升到一个小高峰，随后回落，过了这一段才稳步上升。最后 100 轮损失仍在下降，1000 轮时训练还没有
# 停下来。

fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
plot_history(spiral_tut.History(loss=relu_losses, accuracy=relu_accuracies), ax=axes)
axes[0].set_title("ReLU network + Adam: loss")
axes[1].set_title("ReLU network + Adam: accuracy")
plt.show()

bump = max(range(100), key=relu_accuracies.__getitem__)  # the highest point in the first 100
dip = min(range(bump, 200), key=relu_accuracies.__getitem__)  # the lowest point after it
steps = zip(relu_losses[:-1], relu_losses[1:], strict=True)
rises = sum(later > earlier for earlier, later in steps)  # epochs in which the loss went up
print(f"accuracy: {relu_accuracies[bump]:.3f} at epoch {bump}, then {relu_accuracies[dip]:.3f}")
print(f"          at epoch {dip}, {relu_accuracy:.3f} after 1000 updates")
print(f"epochs in which the loss went up: {rises} of {len(relu_losses) - 1}")
print(f"loss over the last 100 epochs: {relu_losses[-101]:.4f} -> {relu_losses[-1]:.4f}")
assert rises == 0  # the loss fell in every epoch
assert relu_accuracies[bump] > relu_accuracies[dip] + 0.05  # an early bump, then a dip
assert relu_losses[-1] < relu_losses[-101] - 0.01  # still falling at the end

# %%
# 训练动画
# ^^^^^^^^
#
# 把保存的快照逐个画出来，就能看到决策区域在训练中如何一点点弯曲、贴合螺旋臂。本页用
# ``spiral_tut.animate_boundary`` 把每个快照载入模型的一个副本、用 ``plot_model`` 画一帧，
# 再把所有帧存成一张动画 WebP 图片（每秒 4 帧，最后一帧多停 2 秒）。它在 Jupyter 和本网页中
# 都直接显示；也可以用 ``animation.save("spiral_training.webp")`` 存成文件。

# sphinx_gallery_capture_repr_block = ('_repr_html_',)
animation = spiral_tut.animate_boundary(X, Y, model, snapshots, fps=4, hold=2)
animation

# %%
# ReLU 和 Adam，哪一个起了作用
# ----------------------------
#
# 从线性模型 + SGD 到 ReLU 网络 + Adam，同时改了两处，准确率的提高不能直接归功于其中任何一处。
# 把两处改动的四种组合都训练一遍：同样的数据、同样的种子（所以同样的初始权重）、学习率
# :math:`10^{-3}`、1000 轮。其中“线性 + SGD”和“ReLU + Adam”两格就是上面用循环训练的两个模型，
# 另外两格用 ``fit`` 训练。


def new_model(kind: str) -> nn.Sequential:
    """The course's model from the page's seed: kind 'linear' or 'ReLU'."""
    torch.manual_seed(seed)
    middle = [nn.ReLU()] if kind == "ReLU" else []
    return nn.Sequential(nn.Linear(D, H), *middle, nn.Linear(H, C)).to(device)


def new_optimizer(name: str, net: nn.Module, lr: float, momentum: float = 0.0):
    """'SGD' (full batch here: gradient descent) or 'Adam', with the course's weight decay."""
    if name == "Adam":
        return torch.optim.Adam(net.parameters(), lr=lr, weight_decay=lambda_l2)
    return torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum, weight_decay=lambda_l2)


def train(kind: str, name: str, lr: float, data=(X, Y), epochs=1000, momentum=0.0):
    """Train a fresh model with fit; return its accuracy history and its final accuracy."""
    net = new_model(kind)
    optimizer = new_optimizer(name, net, lr, momentum)
    history = fit(net, *data, optimizer=optimizer, epochs=epochs, log_every=0)
    return history.accuracy, spiral_tut.accuracy(net, *data)


table = {
    ("linear", "SGD"): linear_accuracy,
    ("ReLU", "Adam"): relu_accuracy,
    ("linear", "Adam"): train("linear", "Adam", learning_rate)[1],
    ("ReLU", "SGD"): train("ReLU", "SGD", learning_rate)[1],
}
print("accuracy after 1000 epochs, lr 1e-3, 3000 points")
print(f"{'':<8}{'SGD':>8}{'Adam':>8}")
for kind in ("linear", "ReLU"):
    print(f"{kind:<8}{table[kind, 'SGD']:>8.3f}{table[kind, 'Adam']:>8.3f}")
assert max(table["linear", "SGD"], table["linear", "Adam"], table["ReLU", "SGD"]) < 0.6
assert table["ReLU", "Adam"] > 0.9

# %%
# 在这个设置下（学习率 :math:`10^{-3}`、1000 轮），只换 ReLU 或只换 Adam，准确率都还在一半左右；
# 两处同时换，准确率才高。两处改动缺一不可，但这只是**这个设置**下的结论：SGD 是不是步子太小？
# 每次只改一个因素，以“ReLU + SGD，学习率 :math:`10^{-3}`，1000 轮”为对照（它就是 2×2 表中的一格）：
#
# * 只加大 SGD 的学习率（0.5、1.0），在课程的 3000 个点上训练 1000 轮；
# * 学习率 0.1 加动量 0.9，同样是 3000 个点、1000 轮（这一项同时改了学习率和动量，有效学习率
#   :math:`\eta / (1 - \mu)` 是 1，与上一项相同）；
# * 学习率不变，训练 10 倍的轮数（10000 轮）。
#
# 在 3000 个点上训练 10000 轮太慢，所以只有最后一项改用同一个生成器、同一个种子生成的
# **每类 100 个点**（共 300 个点），并在这 300 个点上重新给出 1000 轮的对照（同一次运行的
# 第 1000 轮）。
# 表的最后一列是“有效学习率 × 轮数”：有效学习率是 :math:`\eta / (1 - \mu)`（:math:`\mu` 是动量，
# 没有动量时就是学习率本身），它粗略地衡量 SGD 在这些轮里一共能走多远。

runs = [  # (points, optimizer, lr, momentum, epochs, accuracy)
    (len(X), "SGD", learning_rate, 0.0, 1000, table["ReLU", "SGD"]),  # the control
]
for lr, momentum in [(0.5, 0.0), (1.0, 0.0), (0.1, 0.9)]:
    runs.append((len(X), "SGD", lr, momentum, 1000, train("ReLU", "SGD", lr, momentum=momentum)[1]))

X_small, Y_small = make_spiral(n_per_class=100, n_classes=C, noise=0.2, seed=seed, device=device)
long_history, long_final = train("ReLU", "SGD", learning_rate, (X_small, Y_small), epochs=10000)
runs.append((len(X_small), "SGD", learning_rate, 0.0, 1000, long_history[1000]))  # its control
runs.append((len(X_small), "SGD", learning_rate, 0.0, 10000, long_final))

print("ReLU network, full-batch SGD")
print(f"{'points':>6}{'lr':>6}{'momentum':>10}{'epochs':>8}{'accuracy':>10}{'lr_eff x epochs':>17}")
for points, _, lr, momentum, epochs, acc in runs:
    reach = lr / (1 - momentum) * epochs
    print(f"{points:>6}{lr:>6g}{momentum:>10g}{epochs:>8}{acc:>10.3f}{reach:>17g}")

accuracy_of = {run[:5]: run[5] for run in runs}
assert accuracy_of[len(X_small), "SGD", learning_rate, 0.0, 1000] < 0.6  # the control, 300 points
assert accuracy_of[len(X_small), "SGD", learning_rate, 0.0, 10000] < 0.7  # ten times longer
high = [accuracy_of[len(X), "SGD", lr, m, 1000] for lr, m in [(0.5, 0.0), (1.0, 0.0), (0.1, 0.9)]]
assert min(high) > 0.9
assert max(high) - min(high) < 0.03  # the successful runs are within a few hundredths

# %%
# 从两张表中可以读出：
#
# * **学习率** :math:`10^{-3}` **的 SGD，问题在于步子太小。**训练 10 倍的轮数，ReLU 网络的准确率
#   仍在一半左右：最后一列说明，10000 轮只把“有效学习率 × 轮数”从 1 提高到 10，而学习率 0.5、
#   1000 轮是 500。把学习率加大到 0.5 或 1.0，或者用学习率 0.1 加动量 0.9，普通 SGD 在 1000 轮内
#   同样把 ReLU 网络训练到很高的准确率。Adam 在学习率 :math:`10^{-3}` 下就能成功，是因为它每个参数
#   每步移动的距离以学习率为尺度（第一步约等于学习率，只差分母里很小的 :math:`\epsilon`；之后大多
#   小于它），不随梯度的尺度变化；SGD 的一步则是学习率乘梯度，梯度小，步子就小。
#   :doc:`问题 6 <../03_homework/plot_q6_sgd_vs_adam>`测量了这两种步长，并比较了更多的学习率。
# * **非线性才让高准确率成为可能。**线性模型在 2×2 表中配 SGD 或 Adam，准确率都停在一半左右；
#   前面的搜索只给出直线边界准确率的一个下界；凸区域的论证说明直线边界分不开螺旋臂。两者都没有
#   给出直线边界准确率的上限。
# * 所以正确的结论是：在课程的设置（学习率 :math:`10^{-3}`、1000 轮）下两处改动缺一不可；ReLU
#   决定了模型**能不能**分开螺旋，优化器和学习率决定了在给定的轮数内**能不能训练到**那一步。
#
# 表中准确率高的几行相差很小。这里每种设置只用一个初始化，这么小的差距一个种子分不出先后，
# 所以本页不比较它们谁更好；上面的结论只用到“一半左右”与“接近 1”之间的差距。

# %%
# 模型能推广到没见过的点吗
# ------------------------
#
# 上面的准确率是在训练用的同一批点上算的，它只说明模型在这些点上分得对。要知道模型对新数据的
# 表现，需要一部分模型训练时从未见过的点。``spiral_tut.train_test_split`` 从每一类中随机取出 20%
# 作为测试集，其余 80% 用于训练。``fit`` 的 ``X_val``、``y_val`` 参数（名字来自“验证集”，
# 通常用来挑选模型或决定何时停止）让训练记录同时给出另一组数据上的损失和准确率；这里我们什么也不
# 挑选，传进去的是测试集，只用来测量，不参与梯度计算。所以下面的表和图都把它标作 test。

split = spiral_tut.train_test_split(X, Y, test_size=0.2, seed=0)
X_train, X_test, Y_train, Y_test = split
print("train:", tuple(X_train.shape), " test:", tuple(X_test.shape))

model_split = new_model("ReLU")
history_split = fit(
    model_split,
    X_train,
    Y_train,
    optimizer="adam",
    lr=learning_rate,
    weight_decay=lambda_l2,
    epochs=1000,
    X_val=X_test,  # the test set: measured each epoch, never used for a gradient
    y_val=Y_test,
    log_every=0,
)
print(f"{'epoch':>5}{'train_loss':>12}{'train_acc':>10}{'test_loss':>11}{'test_acc':>10}")
for t in (*range(0, 1000, 200), 999):  # entry t: before update t
    print(
        f"{t:>5}{history_split.loss[t]:>12.4f}{history_split.accuracy[t]:>10.3f}"
        f"{history_split.val_loss[t]:>11.4f}{history_split.val_accuracy[t]:>10.3f}"
    )

with torch.no_grad():  # after the last update
    train_accuracy = (model_split(X_train).argmax(dim=1) == Y_train).float().mean().item()
    test_accuracy = (model_split(X_test).argmax(dim=1) == Y_test).float().mean().item()
print(f"after 1000 updates: train accuracy {train_accuracy:.3f}, test accuracy {test_accuracy:.3f}")
print(f"difference:     {train_accuracy - test_accuracy:+.3f}")
assert abs(train_accuracy - test_accuracy) < 0.03

# %%
# 训练集准确率和测试集准确率非常接近，训练曲线和测试曲线也几乎重合：模型在同一分布、夹在训练点
# 之间的新点上几乎一样准，没有过拟合的迹象。这个检验有两点局限：只有一次划分、一个种子；测试点是
# 同一片稠密点中随机抽出的 20%，就落在训练点之间，所以它检验的是**内插**。要说模型学到了螺旋的
# “形状”，还需要外推的检验，例如在比训练数据更长的螺旋臂上测试，本页没有做。

fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for ax, train_curve, test_curve, name in (
    (axes[0], history_split.loss, history_split.val_loss, "loss"),
    (axes[1], history_split.accuracy, history_split.val_accuracy, "accuracy"),
):
    ax.plot(train_curve, label="train")
    ax.plot(test_curve, label="test")
    ax.set(xlabel="epoch", ylabel=name, title=f"Train vs test: {name}")
    ax.grid(alpha=0.3)
    ax.legend()
plt.show()

# %%
# 勘误
# ----
#
# 课程讲义 §4.2 的代码有几处排版和文字错误，本页的代码已经改正：
#
# * **丢失的换行。**``import randomimport torch`` 应为两行 ``import random`` 和
#   ``import torch``；``from torch import nn, optimimport math`` 应为
#   ``from torch import nn, optim`` 和 ``import math``。本页没有用到 ``optim`` 这个名字，
#   所以没有导入它。
# * **被并入注释的代码。**``seed = 12345`` 被接在了注释行的末尾，成了注释的一部分，
#   于是下一行 ``random.seed(seed)`` 会因为 ``seed`` 未定义而报错。本页把它写成单独的一行。
# * **数字写错。**注释“在[0，1]间均匀的取10000个数”应为 1000 个（:math:`N = 1000`）。
# * **输出写错。**讲义给出的输出 ``y: torch.Size([3000])`` 中的 ``y`` 应为代码打印的 ``Y``。
# * **下载绘图脚本。**``!wget ... plot_lib.py`` 只能在 Colab/Jupyter 里运行，而且依赖网络；
#   本页改用 ``spiral_tut`` 包中同名的 ``set_default``、``plot_data``、``plot_model``。
# * **不需要的 IPython 调用。**``from IPython import display`` 和循环里的
#   ``display.clear_output(wait=True)`` 只是为了在 notebook 中每一轮刷新一行输出，
#   在普通 Python 脚本里无法运行；本页的循环改为每 100 轮打印一行。
# * **“随机”梯度下降。**讲义的注释说这里用 optim 包做“随机梯度下降（stochastic gradient
#   descent）”。``torch.optim.SGD`` 的名字来自小批量训练，但课程的循环每一步都用全部 3000 个样本，
#   没有任何随机抽样，所以实际做的是全批量梯度下降。
# * **重复的章节。**讲义中“引入基本的库”“初始化 X 和 Y”“可视化数据”整段重复出现了两次，
#   本页只保留一份。
# * **缺失的部分。**讲义停在第二步，本页按 NYU 原始 notebook 补上了第三步（ReLU + Adam），
#   用对照实验把 ReLU 和 Adam 的作用分开，并在测试集上检验了泛化能力。
# * **与本页不同的结论。**常见的说法“线性模型的准确率不可能超过一半”并不成立：本页的曲线和
#   搜索都给出了更高的线性分类器；成立的是直线边界分不开螺旋臂，而在本页试过的设置下，交叉熵训练的
#   线性模型训练结束时都在一半左右。
