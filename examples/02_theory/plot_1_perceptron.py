"""
感知器：从生物神经元到线性分类器
================================

生物神经元通过树突接收其他神经元传来的信号，信号在细胞体中累积，超过某个阈值时神经元“激活”，
沿轴突向下游发出一个脉冲。1943 年 McCulloch 和 Pitts 把这个过程抽象成一个数学模型：
输入 :math:`x_1, \\dots, x_d` 乘以权重（突触强度）后求和，再与阈值比较，输出 0 或 1。1958 年
Rosenblatt 的**感知器**在这个模型上加了一条学习规则，让权重可以从数据中学出来：

.. math::

   \\hat y = \\operatorname{sign}(\\mathbf w^\\top \\mathbf x + b) \\in \\{-1, +1\\}.

:math:`\\mathbf x` 是单个样本，:math:`\\mathbf w^\\top \\mathbf x = \\mathbf x \\cdot \\mathbf w`
（代码里写成 ``X[i] @ w``）。
:math:`\\mathbf w^\\top \\mathbf x + b = 0` 是平面上的一条直线（高维时是超平面），感知器
就是一个**线性分类器**：直线一侧判为 :math:`+1`，另一侧判为 :math:`-1`。

本例用几行 PyTorch 实现感知器学习规则，看它在线性可分的数据上如何收敛，以及为什么它永远学不会
异或（XOR）。
"""

# %%
# 感知器学习规则
# --------------
#
# 依次查看每个样本 :math:`(\mathbf x_i, y_i)`，:math:`y_i \in \{-1, +1\}`。只有分错
# （:math:`y_i(\mathbf w^\top \mathbf x_i + b) \le 0`）时才更新：
#
# .. math::
#
#    \mathbf w \leftarrow \mathbf w + \eta\, y_i \mathbf x_i, \qquad b \leftarrow b + \eta\, y_i .
#
# 直观地说：把正样本“拉”到直线的正侧，把负样本“推”到负侧。分对的样本不产生任何更新。
# 把所有样本过一遍叫一轮；一轮中没有分错的样本时，算法停止。

import matplotlib.pyplot as plt
import torch
from matplotlib.ticker import MaxNLocator

import spiral_tut

spiral_tut.set_default(figsize=(10, 4), theme="transparent")


def train_perceptron(X, y, epochs=20, lr=1.0, seed=0):
    """Rosenblatt's rule. Returns (w, b), mistakes per epoch and (w, b) after every update."""
    generator = torch.Generator().manual_seed(seed)
    w, b = torch.zeros(X.shape[1]), torch.zeros(())
    mistakes, snapshots = [], []
    for _ in range(epochs):
        errors = 0
        for i in torch.randperm(len(X), generator=generator):
            if y[i] * (X[i] @ w + b) <= 0:  # misclassified (or on the line)
                w, b = w + lr * y[i] * X[i], b + lr * y[i]
                errors += 1
                snapshots.append((w.clone(), b.clone()))
        mistakes.append(errors)
        if errors == 0:  # a whole epoch without mistakes: converged
            break
    return (w, b), mistakes, snapshots


# %%
# 线性可分的数据
# --------------
#
# 在正方形里随机取点，用一条事先定好的直线 :math:`\mathbf w_*` 给它们贴标签，并去掉离直线太近的点，
# 使两类之间留有间隔（margin）。这样的数据一定存在一条能把两类完全分开的直线。
generator = torch.Generator().manual_seed(0)
points = torch.rand(400, 2, generator=generator) * 2 - 1
w_true, b_true = torch.tensor([1.0, -0.7]), torch.tensor(0.2)
distance = (points @ w_true + b_true) / w_true.norm()
keep = distance.abs() > 0.08
X_sep = points[keep][:80]
y_sep = torch.sign(distance[keep][:80])

(w, b), mistakes, snapshots = train_perceptron(X_sep, y_sep, epochs=20)
print(f"samples: {len(X_sep)} ({int((y_sep > 0).sum())} positive)")
print(f"mistakes per epoch: {mistakes}")
print(f"converged after {len(mistakes)} epochs and {len(snapshots)} updates")
print(f"training accuracy: {((X_sep @ w + b).sign() == y_sep).float().mean().item():.3f}")

# %%
# 左图画出每次更新后的决策边界：颜色越深越新，最后一条（粗线）把两类完全分开。
# 右图是每次更新之后，整个训练集上仍被分错的点数。一次更新只保证把**当前**这个点往正确的一侧挪，
# 别的点可能因此被分错，所以这条曲线不一定单调下降；但在线性可分的数据上它最终一定降到 0。


def draw_line(ax, w, b, **style):
    """Draw w[0]*x + w[1]*y + b = 0 over the square [-1.1, 1.1]^2."""
    xs = torch.linspace(-1.1, 1.1, 2)
    if w[1].abs() > 1e-6 * w.norm():
        ax.plot(xs, -(w[0] * xs + b) / w[1], **style)
    else:  # a vertical line
        ax.plot([-b / w[0]] * 2, [-1.1, 1.1], **style)


def draw_points(ax, X, y, title):
    for label, colour, marker in ((1, "tab:orange", "o"), (-1, "tab:blue", "s")):
        points = X[y == label]
        ax.scatter(*points.T, c=colour, marker=marker, s=25, label=f"y = {label:+d}")
    ax.set(xlim=(-1.1, 1.1), ylim=(-1.1, 1.1), aspect="equal", title=title)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def n_wrong(X, y, w, b):
    return int((y * (X @ w + b) <= 0).sum())


fig, (ax_lines, ax_errors) = plt.subplots(1, 2, layout="constrained")
draw_points(ax_lines, X_sep, y_sep, "decision boundary after each update")
for k, (w_k, b_k) in enumerate(snapshots):
    alpha = 0.15 + 0.85 * (k + 1) / len(snapshots)
    draw_line(ax_lines, w_k, b_k, color="tab:green", alpha=alpha, lw=1)
draw_line(ax_lines, w, b, color="tab:green", lw=3, label="final boundary")
ax_lines.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
wrong = [n_wrong(X_sep, y_sep, w_k, b_k) for w_k, b_k in snapshots]
ax_errors.plot(range(1, len(wrong) + 1), wrong, "o-")
ax_errors.set(xlabel="update", ylabel="misclassified training points", title="separable data")
ax_errors.xaxis.set_major_locator(MaxNLocator(integer=True))
ax_errors.grid(alpha=0.3)
plt.show()

# %%
# 感知器收敛定理
# --------------
#
# Novikoff（1962）证明：若存在单位向量 :math:`\mathbf u` 以间隔 :math:`\gamma > 0` 把数据分开，
# 即对所有样本 :math:`y_i\, \mathbf u^\top \tilde{\mathbf x}_i \ge \gamma`，
# 且所有样本满足 :math:`\|\tilde{\mathbf x}_i\| \le R`，那么从 :math:`\mathbf w = 0` 出发，
# 感知器**最多犯** :math:`(R/\gamma)^2` **次错误**就会收敛，与样本顺序和样本个数无关。
# 这里 :math:`\tilde{\mathbf x} = (\mathbf x, 1)`，把偏置 :math:`b` 并进了权重。
#
# 证明思路：每次更新 :math:`\mathbf u^\top\mathbf w` 至少增加 :math:`\eta\gamma`，
# 而 :math:`\|\mathbf w\|^2` 至多增加 :math:`\eta^2 R^2`（更新只发生在分错时）。
# 因为 :math:`\mathbf u^\top\mathbf w \le \|\mathbf w\|`，经过 :math:`k` 次更新有
# :math:`k\eta\gamma \le \eta\sqrt{k} R`，即 :math:`k \le (R/\gamma)^2`。
#
# 任何一个能分开数据的 :math:`\mathbf u` 都给出一个成立的上界（间隔最大的那个给出最紧的）。
# 我们用生成数据时的那条直线 :math:`\mathbf w_*` 作为 :math:`\mathbf u`，
# 算出这个上界并与实际更新次数比较：
X_aug = torch.cat([X_sep, torch.ones(len(X_sep), 1)], dim=1)
u = torch.cat([w_true, b_true.view(1)])
u = u / u.norm()
gamma = (y_sep * (X_aug @ u)).min().item()
R = X_aug.norm(dim=1).max().item()
print(f"margin gamma = {gamma:.4f}, radius R = {R:.4f}")
print(f"bound (R/gamma)^2 = {(R / gamma) ** 2:.1f}, actual updates = {len(snapshots)}")
print(f"bound holds: {len(snapshots) <= (R / gamma) ** 2}")
assert mistakes[-1] == 0 and len(snapshots) <= (R / gamma) ** 2  # converged, within the bound
assert len(snapshots) < 0.5 * (R / gamma) ** 2  # "the bound is loose" below

# %%
# 在这组数据上，实际更新次数远少于上界：定理只保证收敛，不预测实际的更新次数。注意
# 定理的前提是**线性可分**：没有这个前提，算法可能永远不会停下来。
#
# 异或（XOR）：感知器的极限
# -------------------------
#
# 异或的四个点 :math:`(0,0), (1,1)` 属于一类，:math:`(1,0), (0,1)` 属于另一类。
# 为了看得清楚，我们把四个角放在 :math:`(\pm 0.5, \pm 0.5)`，每个角周围撒 20 个带噪声的点：
# 两个坐标同号为 :math:`-1`，异号为 :math:`+1`。
corners = torch.tensor([[-0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [0.5, -0.5]])
corner_labels = torch.tensor([-1.0, -1.0, 1.0, 1.0])
X_xor = corners.repeat_interleave(20, dim=0) + 0.12 * torch.randn(80, 2, generator=generator)
y_xor = corner_labels.repeat_interleave(20)

epochs = 100
(w_x, b_x), mistakes_xor, snapshots_xor = train_perceptron(X_xor, y_xor, epochs=epochs)
accuracy_xor = ((X_xor @ w_x + b_x).sign() == y_xor).float().mean().item()
print(f"epochs run: {len(mistakes_xor)} of {epochs} (stops early only if an epoch has 0 mistakes)")
print(f"mistakes in the first 10 epochs: {mistakes_xor[:10]}")
print(f"fewest mistakes in any epoch: {min(mistakes_xor)}")
print(f"total updates: {len(snapshots_xor)}")
print(f"accuracy of the final line: {accuracy_xor:.3f}")
assert len(mistakes_xor) == epochs and min(mistakes_xor) > 0  # never an error-free epoch

# %%
# 100 轮里没有一轮是零错误的，算法一直没有停下：每次更新把一个点往正确一侧挪，又可能把别的点分错，
# 边界一直在摆动。
# 下图左边是最后 10 次更新后的边界，右边是每轮的错误数：
fig, (ax_lines, ax_errors) = plt.subplots(1, 2, layout="constrained")
draw_points(ax_lines, X_xor, y_xor, "XOR: the last 10 boundaries")
for k, (w_k, b_k) in enumerate(snapshots_xor[-10:]):
    draw_line(ax_lines, w_k, b_k, color="tab:green", alpha=0.2 + 0.08 * k, lw=1)
ax_lines.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
ax_errors.plot(range(1, len(mistakes_xor) + 1), mistakes_xor, ".-", label="XOR")
ax_errors.plot(range(1, len(mistakes) + 1), mistakes, "o-", label="separable data")
ax_errors.axhline(0, color="0.5", lw=1)
ax_errors.set(xlabel="epoch", ylabel="mistakes in the epoch", title="mistakes per epoch")
ax_errors.legend()
ax_errors.grid(alpha=0.3)
plt.show()

# %%
# 为什么不可能？
# ~~~~~~~~~~~~~~
#
# 假设有一条直线 :math:`w_1 x_1 + w_2 x_2 + b` 能分开原始的四个异或点，则需要
#
# .. math::
#
#    (0,0)\colon\ b < 0, \quad (1,1)\colon\ w_1 + w_2 + b < 0, \quad
#    (1,0)\colon\ w_1 + b > 0, \quad (0,1)\colon\ w_2 + b > 0 .
#
# 后两式相加得 :math:`w_1 + w_2 + 2b > 0`，即 :math:`w_1 + w_2 + b > -b > 0`，与第二式矛盾。
# 所以**不存在**分开异或的直线，收敛定理的前提不成立。Minsky 和 Papert 在 1969 年的《Perceptrons》
# 中指出了单层感知器的这类局限，这通常被认为是神经网络研究在 1970 年代陷入低潮的原因之一。
# 出路是在输入和输出之间加一层（或多层）非线性的隐藏单元，即:ref:`多层感知器
# <sphx_glr_auto_examples_02_theory_plot_2_mlp_xor.py>`。

# %%
# 动手试试
# --------
#
# * 把 ``keep = distance.abs() > 0.08`` 中的间隔改小（例如 ``0.01``）：间隔 :math:`\gamma` 变小，
#   上界 :math:`(R/\gamma)^2` 变大，实际的更新次数也通常变多。
# * 改变学习率 ``lr``：从 :math:`\mathbf w = 0` 出发时，``lr`` 只改变 :math:`\mathbf w, b` 的尺度，
#   不改变边界和错误序列——为什么？
# * 给异或数据加一个特征
#   :math:`x_1 x_2`（``X_xor = torch.cat([X_xor, X_xor[:, :1] * X_xor[:, 1:]], 1)``），
#   感知器在三维空间里就能分开它：手工设计的非线性特征也能解决问题，多层感知器则是把特征学出来。
