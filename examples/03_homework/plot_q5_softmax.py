r"""
问题 5：为什么要使用 Softmax？
==============================

**简答。**分类网络最后一层输出的是 :math:`C` 个任意实数 :math:`z_1, \dots, z_C`（logits，
“未归一化的对数概率”）。Softmax 把它们变成一个概率分布：

.. math::

   p_i = \operatorname{softmax}(\mathbf z)_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}} .

* **是合法的概率**：每个 :math:`p_i > 0`，总和为 1，而且保持大小顺序（最大的 logit 得到最大的
  概率，预测的类别不变）。直接除以总和 :math:`z_i / \sum_j z_j` 做不到这一点：logits 可以是负数，
  总和可以是 0。
* **处处可导、“软”的 argmax**：argmax 只给出一个类别、几乎处处梯度为 0，没法用梯度下降训练；
  softmax 是它的光滑版本，温度参数控制它有多“硬”。
* **与交叉熵是天生一对**：交叉熵损失 :math:`L = -\log p_y` 对 logits 的梯度简单得惊人，

  .. math::

     \frac{\partial L}{\partial z_k} = p_k - y_k ,

  其中 :math:`y_k` 是 one-hot 标签。预测错得越离谱，梯度越大，不会因为饱和而消失。
* **有概率模型的解释**：它是多项逻辑回归（multinomial logistic regression）的输出，也是统计物理中
  的玻尔兹曼分布；logit 之差就是对数几率 :math:`z_i - z_j = \log(p_i / p_j)`。

下面逐条用数字验证：从 logits 到概率、平移不变性、数值稳定的写法、温度，以及为什么 PyTorch 的
``CrossEntropyLoss`` 要求输入 logits 而不是概率。
"""

# %%
# 从 logits 到概率
# ----------------
#
# 一个样本、三个类别。softmax 的结果都是正数、和为 1、最大值的位置和 logits 一样；直接除以总和
# 则会得到负的“概率”，总和为 0 时还会除以零。

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

import spiral_tut
from spiral_tut import make_spiral, mlp, train_test_split
from spiral_tut.exercises import check_softmax

spiral_tut.set_default(figsize=(10, 4), theme="transparent")
torch.set_printoptions(precision=4, sci_mode=False)


def show(t: torch.Tensor, digits: int = 4) -> str:
    """A 1-D tensor as a short list, e.g. [0.0900, 0.2447, 0.6652] (inf and nan stay visible)."""
    return "[" + ", ".join(f"{v:.{digits}f}" for v in t.tolist()) + "]"


z = torch.tensor([2.0, -1.0, 0.5])
p = torch.softmax(z, dim=0)
print("logits              ", show(z))
print("softmax             ", show(p), f" sum {p.sum().item():.4f}, argmax {p.argmax().item()}")
print("z / z.sum()         ", show(z / z.sum()), " <- a negative 'probability'")
z_zero_sum = torch.tensor([1.0, -0.5, -0.5])
print("z / z.sum(), sum = 0", show(z_zero_sum / z_zero_sum.sum()))

# %%
# 加上同一个常数，概率不变
# ------------------------
#
# 分子分母同乘 :math:`e^{c}`：
#
# .. math::
#
#    \frac{e^{z_i + c}}{\sum_j e^{z_j + c}} = \frac{e^{c} e^{z_i}}{e^{c} \sum_j e^{z_j}}
#    = \frac{e^{z_i}}{\sum_j e^{z_j}} .
#
# 所以只有 logits 之间的**差**有意义。数值上（float32）验证：

for c in (-50.0, 3.0, 1000.0):
    difference = (torch.softmax(z + c, dim=0) - p).abs().max().item()
    print(f"c = {c:>7}: max |softmax(z + c) - softmax(z)| = {difference:.2e}")

# %%
# 数值稳定的写法
# --------------
#
# float32 能表示的最大数约为 :math:`3.4 \times 10^{38}`，而 :math:`e^{89}` 就已经超过它。
# logits 稍大，照公式直接算 :math:`e^{z_i}` 就会上溢成 ``inf``，``inf / inf`` 得到 ``nan``；
# 所有 logits 都很负时，每个 :math:`e^{z_i}` 都下溢成 0，``0 / 0`` 同样是 ``nan``。利用上面的
# 平移不变性，先减去最大值 :math:`m = \max_j z_j`：
#
# .. math::
#
#    \operatorname{softmax}(\mathbf z)_i = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}} ,
#
# 这时最大的指数是 :math:`e^0 = 1`，分母至少为 1，既不会上溢也不会出现 0/0。``torch.softmax``
# 内部就是这样算的。写成代码只有两行：


def stable_softmax(z: torch.Tensor) -> torch.Tensor:
    """Softmax of a 1-D tensor of logits, computed without overflow: shift by the maximum first."""
    ### BEGIN SOLUTION
    shifted = z - z.max()  # the largest entry becomes 0, so exp() stays in (0, 1]
    return shifted.exp() / shifted.exp().sum()
    ### END SOLUTION


# %%
# 和照公式直接算的写法比较，logits 很大和很负各试一次，再和 ``torch.softmax`` 核对：


def naive_softmax(z: torch.Tensor) -> torch.Tensor:
    """Softmax straight from the formula: overflows or underflows for large |z|."""
    return z.exp() / z.exp().sum()


for logits in (torch.tensor([100.0, 101.0, 102.0]), torch.tensor([-120.0, -121.0, -122.0])):
    print(f"logits {logits.tolist()}")
    print("  exp(z)          ", show(logits.exp()))
    print("  naive softmax   ", show(naive_softmax(logits)))
    print("  stable softmax  ", show(stable_softmax(logits)))
    print("  torch.softmax   ", show(torch.softmax(logits, dim=0)))
    assert naive_softmax(logits).isnan().all()
    assert torch.allclose(stable_softmax(logits), torch.softmax(logits, dim=0))

# %%
# 下面一行是练习版的检查：练习版（页面底部下载）里 ``stable_softmax`` 的函数体留空，你写好之后
# 用它检查；这里检查的是上面的参考实现。

check_softmax(stable_softmax)

# %%
# 取对数时也一样：一个概率小到下溢成 0 后，:math:`\log 0 = -\infty`。``log_softmax`` 用
# :math:`\log p_i = z_i - m - \log \sum_j e^{z_j - m}`（log-sum-exp 技巧）直接算对数，结果有限。

far = torch.tensor([0.0, -200.0])
print("log(softmax(z)) ", show(torch.softmax(far, dim=0).log()))
print("log_softmax(z)  ", show(torch.log_softmax(far, dim=0)))

# %%
# 温度
# ----
#
# 把 logits 先除以温度 :math:`T > 0` 再做 softmax：:math:`p_i \propto e^{z_i / T}`。
# :math:`T \to 0` 时分布趋向 one-hot（就是 argmax），:math:`T \to \infty` 时趋向均匀分布；
# :math:`T = 1` 是普通的 softmax。顺序始终不变，改变的只是“自信”的程度。知识蒸馏用较高的温度
# 让小模型学习大模型给出的“软标签”，语言模型生成文本时用温度控制随机性。下图和下表用同一组 logits；
# 表中的熵 :math:`H = -\sum_i p_i \log p_i` 越大，分布越平（均匀分布时等于 :math:`\log C`）。

logits5 = torch.tensor([3.0, 1.5, 1.0, 0.2, -1.0])
temperatures = (0.25, 0.5, 1.0, 2.0, 5.0)
fig, ax = plt.subplots(layout="constrained")
width = 0.8 / len(temperatures)
print(f"{'T':>5}  {'probabilities':<38} {'entropy':>7}")
for i, T in enumerate(temperatures):
    probs = torch.softmax(logits5 / T, dim=0)
    entropy = -(probs * probs.log()).sum().item()
    print(f"{T:>5}  {show(probs, digits=3):<38} {entropy:>7.3f}")
    positions = np.arange(len(logits5)) + (i - (len(temperatures) - 1) / 2) * width
    ax.bar(positions, probs.numpy(), width=width, label=f"T = {T}")
print(f"log C = {np.log(len(logits5)):.3f} (entropy of the uniform distribution)")
ax.axhline(1 / len(logits5), color="0.5", ls="--", lw=1, label="uniform 1/C")
ax.set_xticks(range(len(logits5)), [f"class {k}\nz = {v:g}" for k, v in enumerate(logits5)])
ax.set_ylabel("probability")
ax.set_title("softmax(z / T) for the same logits z")
ax.legend()
ax.grid(axis="y", alpha=0.3)

# %%
# 交叉熵的梯度是 :math:`\mathbf p - \mathbf y`
# --------------------------------------------
#
# 对一个样本，:math:`L = -\log p_y = -z_y + \log \sum_j e^{z_j}`，对 :math:`z_k` 求导，第一项给出
# :math:`-y_k`，第二项给出 :math:`e^{z_k} / \sum_j e^{z_j} = p_k`。用 autograd 核对：

generator = torch.Generator().manual_seed(0)
logits = torch.randn(4, 3, generator=generator, requires_grad=True)
target = torch.tensor([0, 2, 1, 2])
F.cross_entropy(logits, target, reduction="sum").backward()
by_formula = torch.softmax(logits, dim=1) - F.one_hot(target, num_classes=3)
print("autograd gradient:\n", logits.grad)
print("p - y:\n", by_formula.detach())
print(f"max difference: {(logits.grad - by_formula).abs().max().item():.2e}")

# %%
# 梯度的大小由“错了多少”决定：:math:`|p_k - y_k| \le 1`，预测完全错时接近 1，完全对时接近 0。
# 对比两种常见的错误做法：对 softmax 概率用均方误差（MSE），梯度要先乘 softmax 的雅可比矩阵
# :math:`\operatorname{diag}(\mathbf p) - \mathbf p \mathbf p^\top`（两类时就是一个因子
# :math:`p(1-p)`），预测**错得很自信**时正确类的 :math:`p_y \to 0`，梯度也跟着消失；把概率再当
# logits 送进交叉熵（softmax 用了两次），梯度也会变弱。下图是两类问题，横轴是正确类与错误类的
# logit 之差 :math:`z_y - z_{\text{other}}`，纵轴是损失对 :math:`z_y` 的梯度的绝对值。

margin = torch.linspace(-8, 8, 401, requires_grad=True)
two_class = torch.stack((margin, torch.zeros_like(margin)), dim=1)  # class 0 is the correct one
correct = torch.zeros(len(margin), dtype=torch.long)
losses = {
    "cross-entropy on logits (correct)": lambda z: F.cross_entropy(z, correct, reduction="sum"),
    "cross-entropy on softmax (softmax twice)": lambda z: F.cross_entropy(
        torch.softmax(z, dim=1), correct, reduction="sum"
    ),
    "MSE on softmax probabilities": lambda z: (
        (torch.softmax(z, dim=1) - F.one_hot(correct, 2)) ** 2
    ).sum(),
}
fig, ax = plt.subplots(figsize=(10, 3.8), layout="constrained")
for name, loss_fn in losses.items():
    (gradient,) = torch.autograd.grad(loss_fn(two_class), margin)
    ax.plot(margin.detach(), gradient.abs(), label=name)
    at = {m: gradient[(margin - m).abs().argmin()].abs().item() for m in (-6.0, 0.0)}
    print(f"{name:<42} |dL/dz_y| at margin -6: {at[-6.0]:.4f}, at margin 0: {at[0.0]:.4f}")
ax.axvline(0, color="0.5", lw=1)
ax.set_xlabel("margin z_y - z_other  (negative = confidently wrong)")
ax.set_ylabel("|dL / dz_y|")
ax.legend()
ax.grid(alpha=0.3)

# %%
# ``CrossEntropyLoss`` 要的是 logits
# ----------------------------------
#
# PyTorch 的 ``nn.CrossEntropyLoss`` 等于 ``nn.LogSoftmax`` 加 ``nn.NLLLoss``：它自己先做（数值
# 稳定的）log-softmax，再取正确类的负对数概率求平均。所以模型最后一层**不要**再加 softmax。
# 在一批随机 logits 上核对三种算法，再看 softmax 用两次时的损失和梯度：

logits = torch.randn(8, 3, generator=generator) * 3
target = torch.randint(0, 3, (8,), generator=generator)
ce = torch.nn.CrossEntropyLoss()(logits, target)
nll = torch.nn.NLLLoss()(torch.nn.LogSoftmax(dim=1)(logits), target)
by_hand = -torch.log_softmax(logits, dim=1)[torch.arange(8), target].mean()
twice = torch.nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), target)
print(f"CrossEntropyLoss(logits)             {ce.item():.6f}")
print(f"NLLLoss(LogSoftmax(logits))          {nll.item():.6f}")
print(f"mean of -log softmax(logits)[y]      {by_hand.item():.6f}")
print(f"CrossEntropyLoss(softmax(logits))    {twice.item():.6f}   <- softmax applied twice")

# The gradients with respect to the logits, for the same batch:
logits.requires_grad_(True)
(grad_right,) = torch.autograd.grad(torch.nn.CrossEntropyLoss()(logits, target), logits)
(grad_twice,) = torch.autograd.grad(
    torch.nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), target), logits
)
print(f"gradient norm, logits:        {grad_right.norm().item():.4f}")
print(f"gradient norm, softmax twice: {grad_twice.norm().item():.4f}")

# %%
# softmax 用了两次时，送进损失的“logits”被压在 :math:`[0, 1]` 里，彼此最多差 1。即使网络完全自信地
# 预测对，损失也降不到 0，而是停在
#
# .. math::
#
#    -\log \frac{e^{1}}{e^{1} + (C - 1)\, e^{0}} = \log\bigl(1 + (C - 1)/e\bigr) ,
#
# 于是网络既得不到“更自信”的奖励，梯度又弱。下面在螺旋数据上比较：同一个网络，一个把 logits
# 直接送进 ``CrossEntropyLoss``，一个在最后多加一层 ``nn.Softmax`` 再送进去（softmax 用了两次），
# 只改这一层。
# 训练循环就写在这里，每轮是课程里的 ``zero_grad → forward → loss → backward → step``：

n_classes = 3
floor = np.log(1 + (n_classes - 1) / np.e)
perfect = torch.tensor([[1.0, 0.0, 0.0]])  # softmax output of a fully confident, correct model
floor_check = torch.nn.CrossEntropyLoss()(perfect, torch.tensor([0])).item()
print(f"lowest possible loss with softmax twice, C = 3: {floor:.4f} (PyTorch: {floor_check:.4f})")


def train(
    model: torch.nn.Module, optimizer: torch.optim.Optimizer, epochs: int
) -> tuple[list[float], list[float]]:
    """Full-batch training on (X_train, y_train): loss and accuracy per epoch, before its step."""
    criterion = torch.nn.CrossEntropyLoss()  # it is fed the model's output, whatever that is
    losses, accuracies = [], []
    for _ in range(epochs):
        optimizer.zero_grad()
        output = model(X_train)
        loss = criterion(output, y_train)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        accuracies.append((output.argmax(dim=1) == y_train).float().mean().item())
    return losses, accuracies


# %%
# 分别用 SGD 优化器（这里每步用全部数据，即全批量梯度下降；学习率取 1，学习率怎么选见问题 6）和
# Adam（学习率 0.01），各训练 300 轮，每种组合用 3 个随机种子初始化（数据和划分不变）。训练结束后
# 在训练集和测试集上各测一次准确率。

X, y = make_spiral(n_per_class=300, seed=12345)
X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0)
print(f"train points: {len(X_train)}, test points: {len(X_test)}")
OPTIMIZERS = {"sgd": (torch.optim.SGD, 1.0), "adam": (torch.optim.Adam, 1e-2)}
SEEDS = (0, 1, 2)
EPOCHS = 300
curves, final = {}, {}  # curves: seed 0 only; final: (train acc, test acc) per seed
swing = {}  # max - min of the training accuracy over the last 50 epochs, last seed
for name, (optimizer_class, lr) in OPTIMIZERS.items():
    for output in ("logits", "softmax twice"):
        final[name, output] = []
        for seed in SEEDS:
            torch.manual_seed(seed)
            model = mlp(hidden=100)
            if output == "softmax twice":
                model = torch.nn.Sequential(model, torch.nn.Softmax(dim=1))
            losses, accuracies = train(model, optimizer_class(model.parameters(), lr=lr), EPOCHS)
            with torch.no_grad():
                final[name, output].append(
                    [
                        (model(X_).argmax(dim=1) == y_).float().mean().item()
                        for X_, y_ in ((X_train, y_train), (X_test, y_test))
                    ]
                )
            if seed == SEEDS[0]:
                curves[name, output] = (losses, accuracies)
        train_acc, test_acc = np.array(final[name, output]).T
        print(
            f"{name:<4} lr={lr:<5} {output:<13}: train acc {train_acc.mean():.3f} ± "
            f"{train_acc.std(ddof=1):.3f}, "
            f"test acc {test_acc.mean():.3f} ± {test_acc.std(ddof=1):.3f}"
        )
        last = np.array(accuracies[-50:])  # the last seed's training accuracy, last 50 epochs
        swing[name, output] = last.max() - last.min()
        print(
            f"     training accuracy over the last 50 epochs: {last.min():.3f} to {last.max():.3f}"
        )

gap = {}  # test acc of logits minus test acc of softmax twice, seed by seed (same init)
for name in OPTIMIZERS:
    right = np.array(final[name, "logits"])[:, 1]
    twice = np.array(final[name, "softmax twice"])[:, 1]
    gap[name] = right - twice
    print(
        f"{name}: test acc, logits minus softmax twice: {gap[name].mean():+.3f} ± "
        f"{gap[name].std(ddof=1):.3f} (mean ± sample std over {len(SEEDS)} seeds)"
    )
print(f"one test point is {1 / len(X_test):.3f} of test accuracy")

# What the text below says, as checks: with softmax twice the loss never goes below the floor;
# the test accuracy falls clearly behind with SGD in every seed, much less with Adam.
for name in OPTIMIZERS:
    assert min(curves[name, "softmax twice"][0]) >= floor - 1e-6
assert (gap["sgd"] > 0.05).all() and abs(gap["adam"].mean()) < gap["sgd"].mean() / 3, gap
# SGD at lr=1 keeps jumping at the end, Adam much less; with SGD test acc > train acc in every seed.
assert swing["sgd", "logits"] > 3 * swing["adam", "logits"], swing
sgd_right = np.array(final["sgd", "logits"])
assert (sgd_right[:, 1] > sgd_right[:, 0]).all()

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
for (name, output), (losses, accuracies) in curves.items():
    style = dict(color="C0" if name == "sgd" else "C1", ls="-" if output == "logits" else "--")
    ax_loss.plot(losses, label=f"{name}, {output}", **style)
    ax_acc.plot(accuracies, label=f"{name}, {output}", **style)
ax_loss.axhline(floor, color="0.5", ls=":", lw=1.5, label="floor log(1 + 2/e)")
ax_loss.set(xlabel="epoch", ylabel="train loss (CrossEntropyLoss of the output)", yscale="log")
ax_acc.set(xlabel="epoch", ylabel="train accuracy (before each step)")
ax_loss.set_title("seed 0", fontsize=10)
for ax in (ax_loss, ax_acc):
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3)

# %%
# 从输出可以读到：三种正确的算法给出同一个损失（差别只在浮点舍入），softmax 用两次的损失是另一个
# 数，而且永远不低于上面算出的下限。训练时，softmax 用两次的网络损失停在下限之上；用 SGD 时它的
# 测试集准确率在每个种子上都明显落后（步长正比于梯度，梯度弱就学得慢）；用 Adam 时差距小得多
# （两行差值的平均值和种子间标准差见输出；差距只有几个测试点时，这个测试集分不出高下）。这与 Adam
# 的做法相符：它按梯度的大小归一化每个参数的步长（见问题 6），弱梯度也能走出正常大小的步子。不管
# 哪种优化器，这时的损失都不再是模型输出概率的负对数似然（下限不是 0），无法和别的模型比较。
#
# 学习率为 1 的 SGD 在 300 轮时还没有收敛：输出里“最后 50 轮的训练准确率”的范围比 Adam 大得多
# （这个范围既可能来自来回跳动，也可能来自仍在上升，本页没有区分），所以最后一轮测得的准确率取决于
# 停在哪一步。还要注意，用 SGD 时正确网络的测试集准确率在 3 个种子上都**高于**训练集准确率。这不说明
# 模型在没见过的数据上更好：3 个种子只换初始化，共用同一个训练/测试划分，测试集只有一百多个点
# （一个点的分量见输出），这个划分里的测试点可能恰好少有难分的点；本页没有检验这个原因。
#
# 预测时要得到概率，就在模型外面对输出调用 ``torch.softmax``；只要类别，``argmax`` 直接作用在
# logits 上即可，因为 softmax 不改变大小顺序。
#
# 动手试试
# --------
#
# * 把 ``z`` 换成你自己的 logits，例如全是负数，或者某一个特别大，看 softmax 和“除以总和”的区别。
# * 把数值稳定一节的 logits 改成 ``float64``（``torch.tensor([...], dtype=torch.float64)``），
#   看要多大的 logits 才会上溢（提示：:math:`e^{710}` 超过了 float64 的上限）。
# * 在温度一节加入 ``T = 0.05`` 和 ``T = 50``，检查熵是否分别趋近 0 和 :math:`\log C`。
# * 把训练的类别数改成 ``make_spiral(n_classes=5)``、``mlp(n_classes=5)``（``n_classes`` 也要改），
#   核对下限 :math:`\log(1 + (C-1)/e)` 随 :math:`C` 的变化。
# * 把梯度一节的 MSE 换成对 logits 本身做 MSE（不经过 softmax），看梯度曲线变成什么样。
