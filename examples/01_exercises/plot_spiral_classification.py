r"""
螺旋数据分类
============

这是第 1 周练习 2（课程讲义 §4.2）的可执行版本：用神经网络把平面上三条交错的螺旋臂分开。
理论讲解见 NYU 深度学习课程的中文笔记 `第 2 周第 3 讲 <https://atcold.github.io/NYU-DLSP20/zh/week02/02-3/>`_。

本页分四部分：

1. 生成螺旋数据（先按课程的循环写法生成一遍，再用 ``spiral_tut.make_spiral``，验证两者一致）；
2. **第一步**：课程中的“线性模型”加 SGD，准确率只有一半左右——并解释为什么不可能更高；
3. **第二步**：看看模型的输出 ``y_pred``、``torch.max`` 的返回值，以及为什么每次反向传播前
   要清零梯度；
4. **第三步**：课程讲义缺失的部分——加入 ReLU 的两层网络加 Adam，画出弯曲的决策边界和
   训练动画，并在留出的测试集上检验它的泛化能力。

页面上的每一个数字都是构建本站时实际运行代码得到的输出。最后的“勘误”一节列出了本页相对课程讲义
改正的地方。
"""

# %%
# 引入库，选择设备
# ----------------
#
# 课程先用 ``!wget`` 下载作者的绘图脚本 ``plot_lib.py``。这里改用本站的 ``spiral_tut`` 包：
# ``set_default``、``plot_data``、``plot_model`` 的名字和用法与 ``plot_lib`` 相同，另外提供了
# 生成数据的 ``make_spiral``、训练循环 ``fit`` 和画训练曲线的 ``plot_history``。
# ``set_default(theme="transparent")`` 让图片背景透明、文字为中灰色，在网页的浅色和深色模式下
# 都清晰。
#
# 有 GPU 时（例如 Colab）程序在 GPU 上运行，否则在 CPU 上运行；下面输出的是构建本站时用的设备。

import copy
import math
import random

import matplotlib.pyplot as plt
import torch
from torch import nn

import spiral_tut
from spiral_tut import (
    fit,
    linear_model,
    make_spiral,
    mlp,
    plot_data,
    plot_history,
    plot_model,
)

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
# 点的坐标并非逐位相同：课程用 Python 的 ``math.sin`` 以双精度计算后再存成 float32，
# ``make_spiral`` 直接在 float32 下计算。上面输出的最大差异只是 float32 的舍入误差量级，
# ``torch.allclose`` 认为两者相等，标签则完全相同。本页后面都使用 ``make_spiral`` 生成的
# ``X``、``Y``。

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
# 课程的第一个模型是两个 ``nn.Linear`` 直接相连，中间没有激活函数（``spiral_tut.linear_model``
# 就是这个模型）。损失函数是交叉熵 ``nn.CrossEntropyLoss``，优化器是随机梯度下降（SGD），学习率
# :math:`10^{-3}`，L2 正则系数 ``weight_decay`` 为 :math:`10^{-5}`，训练 1000 个 epoch，每个 epoch
# 用全部 3000 个样本算一次梯度。
#
# ``spiral_tut.fit`` 执行的正是课程的训练循环：前向计算、算损失、``optimizer.zero_grad()``、
# ``loss.backward()``、``optimizer.step()``。它不在每个 epoch 都打印，而是每 100 个 epoch 打印一行，
# 得到一张简短的训练记录表（每行是该 epoch 更新前的损失和准确率，与课程的打印相同）。

learning_rate = 1e-3
lambda_l2 = 1e-5

torch.manual_seed(seed)  # the same initial weights on every run
model = linear_model(D, H, C)
print(model)

history = fit(
    model,
    X,
    Y,
    optimizer="sgd",
    lr=learning_rate,
    weight_decay=lambda_l2,
    epochs=1000,
)

# %%
# 最后一个 epoch 的结果，按课程的格式打印：

epoch, loss, acc = len(history) - 1, history.loss[-1], history.accuracy[-1]
print(f"[EPOCH]: {epoch}, [LOSS]: {loss:.6f}, [ACCURACY]: {acc:.3f}")

# %%
# 准确率只有一半左右（见上面的输出）。画出模型在平面上每一点的预测类别，原因一目了然：
# 三个类别的区域被几条 **直线** 分开。

fig, ax = plt.subplots(layout="constrained")
plot_model(
    X,
    Y,
    model,
    ax=ax,
    title=f"Linear model: accuracy {spiral_tut.accuracy(model, X, Y):.2f}",
)
plt.show()

# %%
# 为什么线性模型超不过 50% 左右
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#
# 两个线性层叠在一起仍然只是 **一个** 仿射变换：
#
# .. math::
#
#    W_2 (W_1 \mathbf x + \mathbf b_1) + \mathbf b_2
#    = \underbrace{W_2 W_1}_{W}\,\mathbf x + \underbrace{W_2 \mathbf b_1 + \mathbf b_2}_{\mathbf b}.
#
# 中间的 100 个隐藏单元没有增加任何表达能力。可以直接验证：把两层合成一个 :math:`W`、
# :math:`\mathbf b`，输出与模型完全一致。

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
# 每个不等式都是一个半平面，所以每一类的区域都是若干半平面的交集：一个 **凸** 的区域，
# 三个区域像切蛋糕一样被直线分成扇形（上图）。
#
# 而每条螺旋臂绕了 :math:`\tfrac{4\pi}{3}`，也就是 240°，并且三条臂互相缠绕。粗略估算：
# 若把平面按角度切成三个扇形，三个扇形的角度加起来只有 360°，而三条臂一共要覆盖
# :math:`3 \times 240° = 720°`，所以最多只有 :math:`360 / 720 = 1/2` 的点能落在“自己”的扇形里。
# 这就是线性模型的准确率停在一半左右的原因，训练再久也没有用。
#
# 第二步：看看模型的输出
# ----------------------
#
# 把全部样本输入模型，得到 ``y_pred``：每个样本一行，每行 3 个数（每类一个得分，称为 logits），
# 得分最大的那一类就是预测结果。

y_pred = model(X)
score, predicted = torch.max(y_pred, 1)

print(y_pred.shape)
print(y_pred[10, :])
print(score[10])
print(predicted[10])

# %%
# ``torch.max(y_pred, 1)`` 沿第 1 维（每一行内部、跨列）取最大值，返回一个命名元组：
# ``values`` 是每行的最大值（即 ``score``），``indices`` 是最大值所在的列号（即 ``predicted``，
# 也就是预测的类别）。只要类别时，也可以直接用 ``y_pred.argmax(dim=1)``。
# 输出里的 ``grad_fn=...`` 表示这个张量是计算图的一部分，可以对它反向传播；``predicted``
# 是整数下标，不可导，所以没有 ``grad_fn``。

result = torch.max(y_pred, 1)
print(type(result).__name__)
print("values: ", result.values[:5])
print("indices:", result.indices[:5])
print("indices == argmax:", torch.equal(result.indices, y_pred.argmax(dim=1)))
print("true labels:", Y[:5])

# %%
# 课程计算准确率的写法与 ``spiral_tut.accuracy`` 给出的结果相同：

acc = (Y == predicted).sum().float() / len(Y)
print(f"course formula:      {acc.item():.4f}")
print(f"spiral_tut.accuracy: {spiral_tut.accuracy(model, X, Y):.4f}")

# %%
# 为什么反向传播前要把梯度清零
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#
# ``loss.backward()`` 不会覆盖参数的 ``.grad``，而是把新算出的梯度 **加** 到已有的 ``.grad`` 上
# （这样做是为了方便把多个小批量的梯度累加起来）。如果不清零，每一步用的就是从训练开始到现在
# 所有梯度的总和。下面用输出层的偏置（3 个数）演示：同样的损失反向传播两次，梯度正好变成两倍。

criterion = nn.CrossEntropyLoss()
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
# 这就是训练循环里每一步都先 ``optimizer.zero_grad()`` 再 ``loss.backward()`` 的原因。
#
# 第三步：两层神经网络（ReLU + Adam）
# -----------------------------------
#
# 课程讲义到这里就结束了，缺少了让模型真正学会螺旋数据的一步：在两个线性层之间加入非线性的
# 激活函数 ReLU，:math:`\operatorname{ReLU}(z) = \max(0, z)`，
#
# .. math::
#
#    f(\mathbf x) = W_2\,\operatorname{ReLU}(W_1 \mathbf x + \mathbf b_1) + \mathbf b_2 .
#
# 有了 ReLU，两层不能再合并成一个仿射变换：100 个隐藏单元各自在一条直线处“折弯”，组合起来
# 可以逼近弯曲的边界。优化器换成 Adam（学习率、L2 正则和 epoch 数都与第一步相同），它为每个参数
# 自适应地调整步长，比普通 SGD 收敛快得多。
#
# 为了在后面做训练动画，训练时通过 ``fit`` 的 ``callback`` 每 50 个 epoch 保存一份参数快照。
# ``state_dict()`` 返回的是参数本身的引用，训练会继续修改它们，所以要用 ``copy.deepcopy``
# 保存一份副本。

torch.manual_seed(seed)
model = mlp(D, H, C, activation="relu")
print(model)

snapshots = [(0, copy.deepcopy(model.state_dict()))]  # the untrained start


def keep_snapshot(epoch, model, history):
    """fit calls this after every update: copy the weights every 50 epochs."""
    if (epoch + 1) % 50 == 0:
        snapshots.append((epoch + 1, copy.deepcopy(model.state_dict())))


history = fit(
    model,
    X,
    Y,
    optimizer="adam",
    lr=learning_rate,
    weight_decay=lambda_l2,
    epochs=1000,
    callback=keep_snapshot,
)
epoch, loss, acc = len(history) - 1, history.loss[-1], history.accuracy[-1]
print(f"[EPOCH]: {epoch}, [LOSS]: {loss:.6f}, [ACCURACY]: {acc:.3f}")
print(f"accuracy of the trained model: {spiral_tut.accuracy(model, X, Y):.3f}")

# %%
# 准确率从线性模型的一半左右升到了上面输出的值。决策边界不再是直线，而是沿着螺旋臂弯曲：

# sphinx_gallery_thumbnail_number = 3
fig, ax = plt.subplots(layout="constrained")
plot_model(
    X,
    Y,
    model,
    ax=ax,
    title=f"ReLU network + Adam: accuracy {spiral_tut.accuracy(model, X, Y):.2f}",
)
plt.show()

# %%
# 训练曲线：损失一直在下降，准确率一直在上升，1000 个 epoch 时还没有完全停下来。

fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
plot_history(history, ax=axes)
axes[0].set_title("ReLU network + Adam: loss")
axes[1].set_title("ReLU network + Adam: accuracy")
plt.show()

# %%
# 训练动画
# ^^^^^^^^
#
# 把保存的快照逐个画出来，就能看到决策区域在训练中如何一点点弯曲、贴合螺旋臂。
# ``spiral_tut.animate_boundary`` 把每个快照载入模型的一个副本、用 ``plot_model`` 画一帧，
# 再把所有帧存成一张动画 WebP 图片（每秒 4 帧，最后一帧多停 2 秒）。它在 Jupyter 和本网页中
# 都直接显示；也可以用 ``animation.save("spiral_training.webp")`` 存成文件。

# sphinx_gallery_capture_repr_block = ('_repr_html_',)
animation = spiral_tut.animate_boundary(X, Y, model, snapshots, fps=4, hold=2)
animation

# %%
# 模型能推广到没见过的点吗
# ^^^^^^^^^^^^^^^^^^^^^^^^
#
# 上面的准确率是在训练用的同一批点上算的，它只说明模型“记住”了这些点。要知道模型对新数据的表现，
# 需要留出一部分模型训练时从未见过的点。``spiral_tut.train_test_split`` 从每一类中随机留出 20%
# 作为测试集，其余 80% 用于训练；``fit`` 的 ``X_val``、``y_val`` 参数让训练记录同时给出测试集上的
# 损失和准确率（测试集只用来评估，不参与梯度计算）。

split = spiral_tut.train_test_split(X, Y, test_size=0.2, seed=0)
X_train, X_test, Y_train, Y_test = split
print("train:", tuple(X_train.shape), " held out:", tuple(X_test.shape))

torch.manual_seed(seed)
model_split = mlp(D, H, C, activation="relu")
history_split = fit(
    model_split,
    X_train,
    Y_train,
    optimizer="adam",
    lr=learning_rate,
    weight_decay=lambda_l2,
    epochs=1000,
    X_val=X_test,
    y_val=Y_test,
    log_every=200,
)

train_accuracy = spiral_tut.accuracy(model_split, X_train, Y_train)
test_accuracy = spiral_tut.accuracy(model_split, X_test, Y_test)
print(f"train accuracy:    {train_accuracy:.3f}")
print(f"held-out accuracy: {test_accuracy:.3f}")
print(f"difference:        {train_accuracy - test_accuracy:+.3f}")

# %%
# 比较上面输出的训练集准确率和测试集准确率：两者非常接近，训练曲线和测试曲线也几乎重合，
# 说明模型学到的是螺旋的形状，而不是死记训练点——螺旋臂之间的边界在训练点之间是连续的，
# 新的点落在同一条臂上，自然也能分对。剩下的错误主要来自三条臂在中心附近挤在一起、
# 又被噪声打乱的那些点。

fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
plot_history(history_split, ax=axes)
axes[0].set_title("Train vs held-out: loss")
axes[1].set_title("Train vs held-out: accuracy")
plt.show()

# %%
# 勘误
# ----
#
# 课程讲义 §4.2 的代码有几处排版和文字错误，本页的代码已经改正：
#
# * **丢失的换行。** ``import randomimport torch`` 应为两行 ``import random`` 和 ``import torch``；
#   ``from torch import nn, optimimport math`` 应为 ``from torch import nn, optim`` 和
#   ``import math``。本页没有用到 ``optim`` 这个名字，所以没有导入它。
# * **被并入注释的代码。** ``seed = 12345`` 被接在了注释行的末尾，成了注释的一部分，
#   于是下一行 ``random.seed(seed)`` 会因为 ``seed`` 未定义而报错。本页把它写成单独的一行。
# * **数字写错。** 注释“在[0，1]间均匀的取10000个数”应为 1000 个（:math:`N = 1000`）。
# * **输出写错。** 讲义给出的输出 ``y: torch.Size([3000])`` 中的 ``y`` 应为代码打印的 ``Y``。
# * **下载绘图脚本。** ``!wget ... plot_lib.py`` 只能在 Colab/Jupyter 里运行，而且依赖网络；
#   本页改用 ``spiral_tut`` 包中同名的 ``set_default``、``plot_data``、``plot_model``。
# * **不需要的 IPython 调用。** ``from IPython import display`` 和循环里的
#   ``display.clear_output(wait=True)`` 只是为了在 notebook 中每个 epoch 刷新一行输出，
#   在普通 Python 脚本里无法运行；``fit`` 改为每 100 个 epoch 打印一行记录表。
# * **重复的章节。** 讲义中“引入基本的库”“初始化 X 和 Y”“可视化数据”整段重复出现了两次，
#   本页只保留一份。
# * **缺失的部分。** 讲义停在第二步，本页补上了第三步（ReLU + Adam）和留出测试集的检验。
