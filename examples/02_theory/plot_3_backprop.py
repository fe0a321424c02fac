r"""
反向传播：用链式法则手写梯度
============================

训练神经网络就是用梯度下降最小化损失 :math:`\ell(\theta)`，为此需要损失对**每一个**参数的
偏导数。**反向传播**（back-propagation）是计算这些偏导数的算法：它就是微积分里的链式法则，按从输出到输入的
顺序组织计算，使求全部梯度的代价约为一次前向传播的 2 倍（同一量级）。

PyTorch 的 ``loss.backward()``（autograd）自动完成这件事。本页不用 autograd，自己把反向传播写出来，
并且每一步都与 autograd 核对：

1. 先在一个只有几个标量的**计算图**上手算一遍：前向的值、每个节点的局部导数、链式法则；
2. 再写出小批量 MLP 的矩阵形式，与 ``torch.autograd`` 和有限差分两种独立的方法比较；
3. 最后只用手写的梯度在螺旋数据上训练网络。

本页、:ref:`理论笔记 <theory>` 和课后问题第 3 题用同一套记号（行批量形式）：一批 :math:`N` 个样本
按行排成 :math:`X \in \mathbb R^{N \times d}`，一层计算 :math:`Z = AW + \mathbf b`，权重
:math:`W` 的形状是 :math:`d_\text{in} \times d_\text{out}`（即 ``nn.Linear.weight`` 的转置），
偏置 :math:`\mathbf b` 加到每一行上。
"""

# %%
# 标量计算图
# ----------
#
# 一个 sigmoid 神经元，输入 :math:`x`，权重 :math:`w`，偏置 :math:`b`，目标 :math:`t`，
# 平方误差损失。把计算拆成最简单的几步，每步是计算图上的一个节点：
#
# .. math::
#
#    u = w x, \qquad z = u + b, \qquad a = \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad
#    \ell = \tfrac12 (a - t)^2 .
#
# **前向传播**按这个顺序算出每个节点的值并存下来。**反向传播**从
# :math:`\partial \ell/\partial \ell = 1` 出发，按相反的顺序，每个节点把“损失对它的导数”
# 乘以它自己的**局部导数**传给它的输入：
#
# .. math::
#
#    \frac{\partial \ell}{\partial a} = a - t, \qquad
#    \frac{\partial \ell}{\partial z}
#    = \frac{\partial \ell}{\partial a}\,\sigma(z)\bigl(1 - \sigma(z)\bigr), \qquad
#    \frac{\partial \ell}{\partial b} = \frac{\partial \ell}{\partial z} \cdot 1, \qquad
#    \frac{\partial \ell}{\partial w} = \frac{\partial \ell}{\partial z} \cdot 1 \cdot x .
#
# 每个局部导数只用到这个节点自己的输入和输出，例如 :math:`\sigma'(z) = a(1 - a)` 直接用前向时存下的
# :math:`a`。下面取一组具体的数，把每一步打印出来：表从上往下读就是反向传播的顺序，最后一列的每个数
# 都是它在计算图中下游节点（:math:`b` 的下游是 :math:`z`，:math:`w` 的下游是 :math:`u`）那一行的
# 最后一列乘以本行的局部导数。
import math

import matplotlib.pyplot as plt
import torch
from torch import nn

import spiral_tut
from spiral_tut import make_spiral, mlp, plot_model
from spiral_tut.exercises import check_backprop

spiral_tut.set_default(figsize=(10, 4), theme="transparent")

x, w, b, t = 1.5, -0.8, 0.3, 1.0

# forward pass: every node's value, kept for the backward pass
u = w * x
z = u + b
a = 1 / (1 + math.exp(-z))
loss = 0.5 * (a - t) ** 2

# backward pass: dloss/d(node) = dloss/d(next node) * local derivative
dloss_da = a - t  # local derivative of loss = (a - t)^2 / 2
dloss_dz = dloss_da * a * (1 - a)  # sigma'(z) = a (1 - a)
dloss_db = dloss_dz * 1.0  # z = u + b
dloss_du = dloss_dz * 1.0
dloss_dw = dloss_du * x  # u = w x

rows = [  # node, its value, the local derivative used to reach it, dloss/d(node)
    ("loss", loss, "-", 1.0),
    ("a", a, f"dloss/da = a - t = {a - t:.4f}", dloss_da),
    ("z", z, f"da/dz = a(1 - a) = {a * (1 - a):.4f}", dloss_dz),
    ("u", u, "dz/du = 1", dloss_du),
    ("b", b, "dz/db = 1", dloss_db),
    ("w", w, f"du/dw = x = {x}", dloss_dw),
]
print(f"{'node':<5} {'forward value':>13}   {'local derivative':<28} {'dloss/d(node)':>13}")
for node, value, local, grad in rows:
    print(f"{node:<5} {value:>13.5f}   {local:<28} {grad:>13.5f}")

# %%
# autograd 记录同一张计算图，再按同样的顺序套用同样的局部导数，结果应当一致：

w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
b_t = torch.tensor(b, dtype=torch.float64, requires_grad=True)
loss_t = 0.5 * (torch.sigmoid(w_t * x + b_t) - t) ** 2
loss_t.backward()
print(f"autograd: dloss/dw = {w_t.grad.item():.5f}   dloss/db = {b_t.grad.item():.5f}")
assert math.isclose(w_t.grad.item(), dloss_dw, rel_tol=1e-12)
assert math.isclose(b_t.grad.item(), dloss_db, rel_tol=1e-12)
assert dloss_da < 0 and dloss_dw < 0  # the signs the next paragraph explains

# %%
# 这里 :math:`a < t`，所以 :math:`\partial \ell/\partial a < 0`：增大 :math:`a` 会减小损失；而
# :math:`x > 0`，增大 :math:`w` 会增大 :math:`z` 和 :math:`a`，因此 :math:`\partial \ell/\partial w`
# 也是负的，梯度下降会增大 :math:`w`。
#
# 还剩一条规则：一个值若被**几个**节点使用，损失对它的导数是沿各条路径传回来的导数
# 之**和**（多元链式法则）。下面矩阵形式里对批量求和的地方都来自这条规则。
#
# 矩阵形式：小批量 MLP
# --------------------
#
# 网络有 :math:`L` 层。设 :math:`A_0 = X`，对第
# :math:`l = 1, \dots, L` 层
#
# .. math::
#
#    Z_l = A_{l-1} W_l + \mathbf b_l \in \mathbb R^{N \times d_l}, \qquad
#    A_l = \tanh(Z_l) \quad (l < L),
#
# 最后一层的 :math:`Z_L` 是 logits，损失是 softmax 交叉熵的平均值
# :math:`\ell = -\frac1N \sum_i \log \operatorname{softmax}(Z_L)_{i, y_i}`。
# 定义**误差信号** :math:`\delta_l = \partial \ell / \partial Z_l`，形状与 :math:`Z_l` 相同。
#
# 把 :math:`Z = AW + \mathbf b` 写成标量：:math:`Z_{ik} = \sum_j A_{ij} W_{jk} + b_k`。
# 权重 :math:`W_{jk}` 被每一行 :math:`i` 用了一次，局部导数是 :math:`A_{ij}`，各行的贡献相加；
# 同样，:math:`b_k` 被每一行用了一次；:math:`A_{ij}` 被每个输出 :math:`k` 用了一次，局部导数是
# :math:`W_{jk}`。按上面的求和规则：
#
# .. math::
#
#    \frac{\partial \ell}{\partial W_l} = A_{l-1}^\top \delta_l, \qquad
#    \frac{\partial \ell}{\partial \mathbf b_l} = \sum_{i=1}^{N} (\delta_l)_{i,:}, \qquad
#    \frac{\partial \ell}{\partial A_{l-1}} = \delta_l W_l^\top .
#
# 再经过 :math:`A_{l-1} = \tanh(Z_{l-1})` 这个逐元素的节点，乘上局部导数
# :math:`\tanh'(Z_{l-1}) = 1 - A_{l-1}^2`（:math:`\odot` 是逐元素乘法）：
#
# .. math::
#
#    \delta_{l-1} = \left(\delta_l W_l^\top\right) \odot \left(1 - A_{l-1}^{2}\right).
#
# 输出层把 softmax 与交叉熵合在一起求导，结果很简单（:math:`Y` 是标签的 one-hot 矩阵）：
#
# .. math::
#
#    \delta_L = \frac1N \left(\operatorname{softmax}(Z_L) - Y\right).
#
# 下面三个函数就是全部实现：前向传播存下每层的 :math:`A_{l-1}` 和 :math:`Z_l`，反向传播从
# :math:`\delta_L` 出发逐层往回算。每层只做两次矩阵乘法，并复用后一层算好的 :math:`\delta`：
# 这就是反向传播高效的原因；代价是前向传播必须保存各层的中间结果，所以训练比只做推理占内存。


def forward(params, X):
    """Logits of the tanh MLP params = [(W1, b1), ...], and the Z, A kept for backward."""
    Z, A = [], []
    a = X
    for k, (W, b) in enumerate(params):
        A.append(a)  # A[k] is the input of layer k+1 (A[0] = X)
        z = a @ W + b  # row-batch form: (N, d_in) @ (d_in, d_out) + (d_out,)
        Z.append(z)
        a = torch.tanh(z) if k < len(params) - 1 else z  # no activation on the logits
    return a, Z, A


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy and its gradient (softmax - Y) / N with respect to the logits."""
    N = len(logits)
    log_p = torch.log_softmax(logits, dim=1)
    Y = nn.functional.one_hot(y, logits.shape[1]).to(logits.dtype)
    return -(log_p * Y).sum() / N, (log_p.exp() - Y) / N


def backward(params, Z, A, delta):
    """Chain rule from the logits back to layer 1: [(dW1, db1), (dW2, db2), ...]."""
    ### BEGIN SOLUTION
    grads = []
    for k in reversed(range(len(params))):  # k = l - 1: Python counts layers from 0
        W, _ = params[k]
        grads.append((A[k].T @ delta, delta.sum(dim=0)))  # dloss/dW_l, dloss/db_l
        if k > 0:  # delta_{l-1} = (delta_l W_l^T) * tanh'(Z_{l-1}), tanh' = 1 - A_{l-1}^2
            delta = (delta @ W.T) * (1 - A[k] ** 2)
    return grads[::-1]
    ### END SOLUTION


def loss_and_gradients(params, X, y):
    logits, Z, A = forward(params, X)
    loss, dlogits = softmax_cross_entropy(logits, y)
    return loss, backward(params, Z, A, dlogits)


# %%
# 下面一行是练习版的检查：练习版里 ``backward`` 的函数体留空，你写好之后用它检查；
# 这里检查的是上面的参考实现。

check_backprop(loss_and_gradients)


# %%
# 与 autograd 比较
# ----------------
#
# 网络是 :func:`spiral_tut.mlp` 造的 :math:`2 \to 16 \to 16 \to 3` 的 tanh MLP，
# 数据是每类 100 个螺旋点。把它的 ``nn.Linear`` 权重转置、复制成 :math:`(W, \mathbf b)`，
# 手写的反向传播和 autograd 就作用在完全相同的数值上。在 float32 和 float64 两种精度下各比较一次。
X, y = make_spiral(n_per_class=100, device="cpu")
torch.manual_seed(0)
model = mlp(2, 16, 3, depth=2, activation="tanh")
names = [f"{kind}{layer}" for layer in range(1, 4) for kind in ("W", "b")]


def params_of(model):
    """The Linear layers as detached (W, b) pairs, W = weight^T of shape (d_in, d_out)."""
    linears = [m for m in model if isinstance(m, nn.Linear)]
    return [(m.weight.detach().T.contiguous(), m.bias.detach().clone()) for m in linears]


def compare_with_autograd(model, X, y):
    """Max |hand-written - autograd| per parameter, and the hand-written gradients."""
    model.zero_grad()
    nn.functional.cross_entropy(model(X), y).backward()
    linears = [m for m in model if isinstance(m, nn.Linear)]
    autograd = [g for m in linears for g in (m.weight.grad.T, m.bias.grad)]
    _, grads = loss_and_gradients(params_of(model), X, y)
    manual = [g for layer in grads for g in layer]
    assert all(g.shape == a.shape for g, a in zip(manual, autograd, strict=True))
    return [(a - m).abs().max().item() for a, m in zip(autograd, manual, strict=True)], manual


diff32, grads32 = compare_with_autograd(model, X, y)
model64 = mlp(2, 16, 3, depth=2, activation="tanh").double()
model64.load_state_dict(model.state_dict())  # the same weights, in float64
diff64, grads64 = compare_with_autograd(model64, X.double(), y)

print(f"{'param':<6} {'shape':<9} {'max |grad|':>11} {'float32 diff':>13} {'float64 diff':>13}")
for name, grad, d32, d64 in zip(names, grads64, diff32, diff64, strict=True):
    shape = "x".join(map(str, grad.shape))
    print(f"{name:<6} {shape:<9} {grad.abs().max().item():>11.3e} {d32:>13.2e} {d64:>13.2e}")

largest = max(g.abs().max().item() for g in grads64)
for label, diffs, dtype in (("float32", diff32, torch.float32), ("float64", diff64, torch.float64)):
    relative = max(diffs) / largest / torch.finfo(dtype).eps
    print(f"{label}: largest diff / largest |grad| = {relative:.1f} x machine epsilon")
    assert relative < 10, f"{label}: hand-written != autograd"

# %%
# 两种实现的差别只来自浮点舍入：float32 的机器精度约为 :math:`1.2\times10^{-7}`，float64
# 约为 :math:`2.2\times10^{-16}`。最大的差别除以最大的梯度，在两种精度下都只有几个机器精度
# （上面最后两行；页面代码断言它小于 10 个机器精度）。
# 两边做的是同样的数学运算，只是求和顺序等细节不同，所以结果不会逐位相同。
#
# 有限差分梯度检验
# ----------------
#
# 与 autograd 比较还不够独立：它也是链式法则。**有限差分**完全不用导数公式，只用损失函数本身：
# 把一个参数 :math:`\theta_k` 加减一个小量 :math:`\varepsilon`，
#
# .. math::
#
#    \frac{\partial \ell}{\partial \theta_k} \approx
#    \frac{\ell(\theta + \varepsilon \mathbf e_k)
#          - \ell(\theta - \varepsilon \mathbf e_k)}{2\varepsilon},
#
# 截断误差是 :math:`O(\varepsilon^2)`；两次算出的损失各带约
# :math:`\varepsilon_\text{mach}|\ell|` 的舍入误差（:math:`\varepsilon_\text{mach}` 是机器精度），
# 除以 :math:`2\varepsilon` 后约为 :math:`\varepsilon_\text{mach}|\ell|/\varepsilon`。
# 取 :math:`\varepsilon = 10^{-6}` 并用 float64 时两者都很小。它对每个参数要做两次前向传播：
# 对本例的小网络还很快，对上百万参数的网络完全不可行——这正是需要反向传播的原因。我们用相对误差
# :math:`\|g_\text{bp} - g_\text{fd}\| / (\|g_\text{bp}\| + \|g_\text{fd}\|)` 衡量差别，通常认为小于
# :math:`10^{-7}` 就说明梯度实现正确。


def numerical_gradients(params, X, y, eps=1e-6):
    """Central differences (l(theta + eps) - l(theta - eps)) / 2 eps, one at a time."""
    params = [(W.clone(), b.clone()) for W, b in params]  # perturbed in place below
    numeric = []
    for W, b in params:
        layer = []
        for tensor in (W, b):
            grad = torch.zeros_like(tensor)
            flat, flat_grad = tensor.view(-1), grad.view(-1)
            for k in range(flat.numel()):
                saved = flat[k].item()
                flat[k] = saved + eps
                plus = softmax_cross_entropy(forward(params, X)[0], y)[0].item()
                flat[k] = saved - eps
                minus = softmax_cross_entropy(forward(params, X)[0], y)[0].item()
                flat[k] = saved
                flat_grad[k] = (plus - minus) / (2 * eps)
            layer.append(grad)
        numeric.append(tuple(layer))
    return numeric


params64 = params_of(model64)
numeric = numerical_gradients(params64, X.double(), y)
n_params = sum(W.numel() + b.numel() for W, b in params64)
print(f"parameters checked: {n_params} ({2 * n_params} extra forward passes)")

fd_error, relative_errors = [], []
flat_fd = [g for layer in numeric for g in layer]
for name, g_bp, g_fd in zip(names, grads64, flat_fd, strict=True):
    relative = ((g_bp - g_fd).norm() / (g_bp.norm() + g_fd.norm())).item()
    relative_errors.append(relative)
    fd_error.append((g_bp - g_fd).abs().max().item())
    print(f"{name:<6} relative error {relative:.2e}")
assert max(relative_errors) < 1e-7, "hand-written gradients disagree with finite differences"

loss64 = softmax_cross_entropy(forward(params64, X.double())[0], y)[0].item()
rounding = torch.finfo(torch.float64).eps * abs(loss64) / 1e-6  # eps_mach |loss| / eps
print(f"largest finite-difference error {max(fd_error):.1e}, rounding estimate {rounding:.1e}")
assert 0.1 < max(fd_error) / rounding < 10  # the same order: rounding dominates

# %%
# 下图把三种比较画在对数坐标上：float64 下手写梯度与 autograd 几乎逐位一致，float32 的差别大得多
# （两种精度的机器精度之比约为 :math:`5\times10^{8}`），有限差分的误差与舍入误差的估计
# :math:`\varepsilon_\text{mach}|\ell|/\varepsilon` 同一量级（上面最后一行，代码断言两者
# 相差不到 10 倍），即此处由舍入误差主导。
fig, ax = plt.subplots(layout="constrained")
positions = torch.arange(len(names)).float()
for shift, values, label in (
    (-0.27, diff32, "hand-written vs autograd, float32"),
    (0.0, diff64, "hand-written vs autograd, float64"),
    (0.27, fd_error, "hand-written vs finite differences, float64"),
):
    ax.bar(positions + shift, [max(v, 1e-20) for v in values], width=0.27, label=label)
ax.set_yscale("log")
ax.set_xticks(positions, names)
ax.set(xlabel="parameter", ylabel="max |difference|", title="Gradient checks")
ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
ax.grid(axis="y", alpha=0.3)
plt.show()

# %%
# 只用手写的梯度训练
# ------------------
#
# 有了梯度就能训练。下面的循环不调用 ``loss.backward()``，也不用 ``torch.optim``：每一步用上面的
# ``loss_and_gradients`` 在全部数据上求梯度（全批量梯度下降），再做一步带动量的更新
# （:math:`\mu` 是动量，:math:`\eta` 是学习率）：
#
# .. math::
#
#    \mathbf v \leftarrow \mu \mathbf v - \eta \nabla \ell, \qquad
#    \theta \leftarrow \theta + \mathbf v .
#
# 网络是 :math:`2 \to 32 \to 32 \to 3`，权重从 :math:`\mathcal N(0, 1/d_\text{in})` 初始化，
# 偏置为 0。
generator = torch.Generator().manual_seed(0)
sizes = [2, 32, 32, 3]
params = [
    (torch.randn(d_in, d_out, generator=generator) / d_in**0.5, torch.zeros(d_out))
    for d_in, d_out in zip(sizes[:-1], sizes[1:], strict=True)
]
velocity = [(torch.zeros_like(W), torch.zeros_like(b)) for W, b in params]
lr, momentum, steps = 0.2, 0.9, 1500
losses = []
for _ in range(steps):
    loss, grads = loss_and_gradients(params, X, y)
    losses.append(loss.item())
    for (W, b), (vW, vb), (dW, db) in zip(params, velocity, grads, strict=True):
        vW.mul_(momentum).sub_(lr * dW)
        vb.mul_(momentum).sub_(lr * db)
        W.add_(vW)
        b.add_(vb)

train_accuracy = (forward(params, X)[0].argmax(dim=1) == y).float().mean().item()
print(f"loss: step 0 {losses[0]:.4f} -> step {steps - 1} {losses[-1]:.4f}")
print(f"training accuracy: {train_accuracy:.3f}")
assert losses[-1] < 0.1 * losses[0] and train_accuracy > 0.95

# %%
# 左图是训练损失，右图是训练后网络的决策区域（为了用 :func:`spiral_tut.plot_model` 画图，把参数列表
# 包装成一个 ``nn.Module``）。这里只看训练集：本页要说明的是梯度算对了、能用来训练，不是泛化。


class HandWrittenMLP(nn.Module):
    """Wrap the (W, b) list so that spiral_tut.plot_model can draw its decision regions."""

    def forward(self, X):
        return forward(params, X.to(params[0][0].dtype))[0]


fig, (ax_loss, ax_model) = plt.subplots(1, 2, layout="constrained")
ax_loss.plot(losses)
ax_loss.set(xlabel="step", ylabel="cross-entropy loss", yscale="log", title="training loss")
ax_loss.grid(alpha=0.3)
plot_model(X, y, HandWrittenMLP(), ax=ax_model, title="trained with hand-written gradients")
plt.show()

# sphinx_gallery_thumbnail_number = 2

# %%
# 深度学习框架做的事情并不神秘：记录前向传播的每一步，然后按相反的顺序套用链式法则。
# 反向传播中每层都要乘以 :math:`W_l^\top` 和激活函数的导数；sigmoid 的导数不超过 1/4，
# 层数一多梯度就可能越乘越小——这就是下一个主题**梯度消失**（见:ref:`理论笔记 <theory>`和课后问题
# :ref:`第 3 题 <sphx_glr_auto_examples_03_homework_plot_q3_vanishing_gradients.py>`）。
#
# 动手试试
# --------
#
# * 在 ``backward`` 中故意写错一个导数（例如把 ``1 - A[k] ** 2`` 改成 ``1 - A[k]``），
#   再运行本页：autograd 比较和有限差分检验都会立刻发现错误（页面上的 ``assert`` 会失败）。
# * 把 ``numerical_gradients`` 的 ``eps`` 改成 ``1e-2`` 和 ``1e-10``：误差分别由截断误差和
#   舍入误差主导，都会变大。再试试在 float32 下做有限差分（``params_of(model)`` 和 ``X``），
#   结果为什么很差？
# * 把激活函数换成 sigmoid：``forward`` 里用 ``torch.sigmoid``，``backward`` 里的局部导数换成
#   ``A[k] * (1 - A[k])``，``mlp(..., activation="sigmoid")``。
# * 标量计算图里把 :math:`t` 改成 0，:math:`\partial \ell/\partial w` 的符号为什么变了？
# * 训练部分去掉动量（``momentum = 0``），需要多少步才能达到相同的损失？
