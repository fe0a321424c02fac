"""
反向传播：用链式法则手写梯度
============================

训练神经网络就是用梯度下降最小化损失 :math:`L(\\theta)`，为此需要损失对 **每一个** 参数的偏导数。
**反向传播**\\ （back-propagation）是计算这些偏导数的高效算法：它就是微积分里的链式法则，
按从输出层到输入层的顺序组织计算，使得求全部梯度的代价只和一次前向传播相当。

PyTorch 的 ``loss.backward()``\\ （autograd）自动完成这件事。本例不用 autograd，
用 :mod:`spiral_tut.backprop` 中手写的前向、反向传播计算一个小 MLP 的梯度，然后：

1. 与 ``torch.autograd`` 的结果逐个参数比较；
2. 用有限差分做独立的梯度检验；
3. 只用手写的梯度在螺旋数据上训练网络。
"""

# %%
# 链式法则
# --------
#
# 一元函数的链式法则：若 :math:`y = f(u)`，:math:`u = g(x)`，则
# :math:`\dfrac{dy}{dx} = \dfrac{dy}{du}\,\dfrac{du}{dx} = f'(g(x))\, g'(x)`。
# 神经网络是许多简单函数的复合，把链式法则一层层套用即可。
#
# **前向传播。** 设输入 :math:`A_0 = X`\ （每行一个样本，共 :math:`n` 行），
# 对第 :math:`l = 1, \dots, L` 层
#
# .. math::
#
#    Z_l = A_{l-1} W_l + \mathbf b_l, \qquad A_l = f(Z_l) \quad (l < L),
#
# 最后一层的 :math:`Z_L` 是 logits，损失是 softmax 交叉熵的平均值
# :math:`L = -\frac1n \sum_i \log \operatorname{softmax}(Z_L)_{i, y_i}`。
#
# **反向传播。** 定义误差信号
# :math:`\delta_l = \partial L / \partial Z_l`\ （与 :math:`Z_l` 同形状）。
# 对输出层，softmax 与交叉熵合在一起求导，结果非常简单：
#
# .. math::
#
#    \delta_L = \frac1n \left(\operatorname{softmax}(Z_L) - Y\right),
#
# 其中 :math:`Y` 是标签的 one-hot 矩阵。由 :math:`Z_l = A_{l-1} W_l + \mathbf b_l`
# 和链式法则得到本层参数的梯度，以及传给前一层的误差：
#
# .. math::
#
#    \frac{\partial L}{\partial W_l} = A_{l-1}^\top \delta_l, \qquad
#    \frac{\partial L}{\partial \mathbf b_l} = \sum_{i} (\delta_l)_{i,:}, \qquad
#    \delta_{l-1} = \left(\delta_l W_l^\top\right) \odot f'(Z_{l-1}).
#
# :math:`\odot` 是逐元素乘法。对 :math:`\tanh`，:math:`f'(z) = 1 - \tanh^2 z = 1 - A^2`，
# 可以直接用前向传播存下的 :math:`A` 计算。这就是 :func:`spiral_tut.backprop.backward` 的核心循环：
#
# .. code-block:: python
#
#    delta = dlogits                                   # delta_L = (softmax(Z_L) - Y) / n
#    for l in reversed(range(L)):
#        dW[l] = A[l].T @ delta                        # dL/dW_l = A_{l-1}^T delta_l
#        db[l] = delta.sum(dim=0)                      # dL/db_l
#        if l > 0:
#            delta = (delta @ W[l].T) * f_prime(Z[l - 1], A[l])  # delta_{l-1}
#
# 每一层只做两次矩阵乘法，且重复使用后一层算好的 :math:`\delta`：这就是反向传播高效的原因。
# 前向传播必须保存每层的 :math:`Z_l` 和 :math:`A_l`，所以训练时占用的内存比只做推理多。

import matplotlib.pyplot as plt
import torch
from torch import nn

import spiral_tut
from spiral_tut import backprop, make_spiral, mlp, plot_model

spiral_tut.set_default(figsize=(10, 4), theme="transparent")

# %%
# 手写梯度与 autograd 比较
# ------------------------
#
# 网络是 :func:`spiral_tut.mlp` 造的 :math:`2 \to 16 \to 16 \to 3` 的 tanh MLP，
# 数据是每类 100 个螺旋点。:func:`~spiral_tut.backprop.params_from_module` 把它的 ``nn.Linear``
# 权重复制成 :math:`(W, \mathbf b)`，手写的反向传播和 autograd 因此作用在完全相同的数值上。
# 在 float32 和 float64 两种精度下各比较一次。
X, y = make_spiral(n_per_class=100, device="cpu")
torch.manual_seed(0)
model = mlp(2, 16, 3, depth=2, activation="tanh")
names = [f"{kind}{i}" for i in range(1, 4) for kind in ("W", "b")]


def compare_with_autograd(model, X, y):
    """Max |hand-written - autograd| for every parameter (W1, b1, W2, ...)."""
    model.zero_grad()
    nn.functional.cross_entropy(model(X), y).backward()
    linears = [m for m in model if isinstance(m, nn.Linear)]
    autograd = [g for m in linears for g in (m.weight.grad.T, m.bias.grad)]
    loss, grads = backprop.loss_and_gradients(backprop.params_from_module(model), X, y, "tanh")
    manual = [g for layer in grads for g in layer]
    return [(a - m).abs().max().item() for a, m in zip(autograd, manual, strict=True)], manual


diff32, grads32 = compare_with_autograd(model, X, y)
model64 = mlp(2, 16, 3, depth=2, activation="tanh").double()
model64.load_state_dict(model.state_dict())  # same weights, in float64
diff64, grads64 = compare_with_autograd(model64, X.double(), y)

print(f"{'param':<6} {'shape':<9} {'max |grad|':>11} {'float32 diff':>13} {'float64 diff':>13}")
for name, grad, d32, d64 in zip(names, grads64, diff32, diff64, strict=True):
    shape = "x".join(map(str, grad.shape))
    print(f"{name:<6} {shape:<9} {grad.abs().max().item():>11.3e} {d32:>13.2e} {d64:>13.2e}")

# %%
# 两种实现的差别只来自浮点舍入：float32 的机器精度约为 :math:`1.2\times10^{-7}`，
# float64 约为 :math:`2.2\times10^{-16}`，上表的差别与梯度大小相比正是这个量级。
# 两边做的是同样的数学运算，只是求和顺序等细节不同，所以结果不会逐位相同。
#
# 有限差分梯度检验
# ----------------
#
# 与 autograd 比较还不够独立：它也是链式法则。**有限差分** 完全不用导数公式，
# 只用损失函数本身：把一个参数 :math:`\theta_k` 加减一个小量 :math:`\varepsilon`，
#
# .. math::
#
#    \frac{\partial L}{\partial \theta_k} \approx
#    \frac{L(\theta + \varepsilon \mathbf e_k) - L(\theta - \varepsilon \mathbf e_k)}{2\varepsilon},
#
# 截断误差是 :math:`O(\varepsilon^2)`，舍入误差约为 :math:`10^{-16}/\varepsilon`，
# 取 :math:`\varepsilon = 10^{-6}` 并用 float64 时两者都很小。它需要对每个参数做两次前向传播，
# 对本例这个小网络（参数个数见下面的输出）还很快，但对上百万参数的网络完全不可行——
# 这正是需要反向传播的原因。我们用相对误差
# :math:`\|g_\text{bp} - g_\text{fd}\| / (\|g_\text{bp}\| + \|g_\text{fd}\|)` 衡量差别，
# 通常认为小于 :math:`10^{-7}` 就说明梯度实现正确。
params64 = backprop.params_from_module(model64)
_, grads = backprop.loss_and_gradients(params64, X.double(), y, "tanh")
numeric = backprop.numerical_gradients(params64, X.double(), y, "tanh", eps=1e-6)
n_params = sum(W.numel() + b.numel() for W, b in params64)
print(f"parameters checked: {n_params} ({2 * n_params} extra forward passes)")

fd_error = []
flat_bp = [g for layer in grads for g in layer]
flat_fd = [g for layer in numeric for g in layer]
for name, g_bp, g_fd in zip(names, flat_bp, flat_fd, strict=True):
    relative = ((g_bp - g_fd).norm() / (g_bp.norm() + g_fd.norm())).item()
    fd_error.append((g_bp - g_fd).abs().max().item())
    print(f"{name:<6} relative error {relative:.2e}")

# %%
# 下图把三种比较画在对数坐标上：float64 下手写梯度与 autograd 几乎逐位一致，
# float32 的差别比它大八九个数量级（两种精度的机器精度之比约为 :math:`5\times10^{8}`），
# 有限差分的误差介于两者之间，由 :math:`\varepsilon` 决定。
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
# 有了梯度就能训练。下面的循环不调用 ``loss.backward()``，也不用 ``torch.optim``：
# 每一步用 :func:`~spiral_tut.backprop.loss_and_gradients` 求梯度，再做一步带动量的梯度下降：
# :math:`\mathbf v \leftarrow \mu \mathbf v - \eta \nabla L`，
# :math:`\theta \leftarrow \theta + \mathbf v`。
params = backprop.init_params([2, 32, 32, 3], seed=0, dtype=torch.float32)
velocity = [(torch.zeros_like(W), torch.zeros_like(b)) for W, b in params]
lr, momentum, steps = 0.2, 0.9, 1500
losses = []
for _ in range(steps):
    loss, grads = backprop.loss_and_gradients(params, X, y, "tanh")
    losses.append(loss.item())
    for (W, b), (vW, vb), (dW, db) in zip(params, velocity, grads, strict=True):
        vW.mul_(momentum).sub_(lr * dW)
        vb.mul_(momentum).sub_(lr * db)
        W.add_(vW)
        b.add_(vb)

logits, _, _ = backprop.forward(params, X, "tanh")
train_accuracy = (logits.argmax(dim=1) == y).float().mean().item()
print(f"loss: step 0 {losses[0]:.4f} -> step {steps - 1} {losses[-1]:.4f}")
print(f"training accuracy: {train_accuracy:.3f}")

# %%
# 左图是训练损失，右图是训练后网络的决策区域（为了用 :func:`spiral_tut.plot_model` 画图，
# 把参数列表包装成一个没有可训练参数的 ``nn.Module``）。


class HandWrittenMLP(nn.Module):
    """Wrap the (W, b) list so that spiral_tut.plot_model can draw its decision regions."""

    def forward(self, X):
        return backprop.forward(params, X.to(params[0][0].dtype), "tanh")[0]


fig, (ax_loss, ax_model) = plt.subplots(1, 2, layout="constrained")
ax_loss.plot(losses)
ax_loss.set(xlabel="step", ylabel="cross-entropy loss", yscale="log", title="training loss")
ax_loss.grid(alpha=0.3)
plot_model(X, y, HandWrittenMLP(), ax=ax_model, title="trained with hand-written gradients")
plt.show()

# sphinx_gallery_thumbnail_number = 2

# %%
# 深度学习框架做的事情并不神秘：记录前向传播的每一步，然后按相反的顺序套用链式法则。
# 反向传播中每层都要乘以 :math:`f'(Z)`；对 sigmoid 而言 :math:`f' \le 1/4`，层数一多梯度就会
# 越乘越小——这就是下一个主题 **梯度消失**\ （见 :ref:`理论笔记 <theory>` 和课后问题
# :ref:`sphx_glr_auto_examples_03_homework_plot_q3_vanishing_gradients.py`\ ）。
#
# 动手试试
# --------
#
# * 把 ``numerical_gradients`` 的 ``eps`` 改成 ``1e-2`` 和 ``1e-10``：
#   误差分别由截断误差和舍入误差主导，都会变大。
#   再试试在 float32 下做有限差分（``params_from_module(model)`` 和 ``X``），结果为什么很差？
# * 在 :mod:`spiral_tut.backprop` 中故意写错一个导数（例如把 ``1 - a**2`` 改成 ``1 - a``），
#   再运行本例：autograd 比较和有限差分检验都会立刻发现错误。
# * 把激活函数换成 ``"relu"`` 或 ``"sigmoid"``\ （模型和 ``loss_and_gradients`` 都要改）。
# * 训练部分去掉动量（``momentum = 0``），需要多少步才能达到相同的损失？
