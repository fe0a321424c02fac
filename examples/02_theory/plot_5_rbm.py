r"""
受限玻尔兹曼机：用能量描述数据的分布
====================================

自编码器学的是“把输入压缩再还原”；**受限玻尔兹曼机（RBM）**（restricted Boltzmann machine）
换了一个角度：它是一个**生成模型**，给每一种输入分配一个概率，
训练的目标是让训练数据的概率尽可能大。2006 年 Hinton 等人正是把 RBM 一层一层叠起来
预训练深度网络（深度信念网络，DBN），打开了“神经网络到深度学习”这一步（见
:ref:`逐层预训练 <sphx_glr_auto_examples_02_theory_plot_6_pretraining.py>`）。

RBM 有两层二值单元：**可见层** :math:`\mathbf v \in \{0,1\}^{m}`（数据，例如图像的像素）和
**隐藏层** :math:`\mathbf h \in \{0,1\}^{n}`（学到的特征）。两层之间全连接，层内**没有**连接——
这就是“受限”的含义。与 :ref:`理论笔记 <theory>` 一样用行向量记号（:math:`\mathbf v`、
:math:`\mathbf h`、:math:`\mathbf a`、:math:`\mathbf b` 都是行向量，代码里一批样本按行排列），
模型为每一对 :math:`(\mathbf v, \mathbf h)` 定义一个**能量**

.. math::

   E(\mathbf v, \mathbf h) = -\mathbf v \mathbf a^\top - \mathbf h \mathbf b^\top
                             - \mathbf v W \mathbf h^\top ,

能量越低，概率越高：

.. math::

   p(\mathbf v, \mathbf h) = \frac{e^{-E(\mathbf v, \mathbf h)}}{Z}, \qquad
   Z = \sum_{\mathbf v, \mathbf h} e^{-E(\mathbf v, \mathbf h)} .

:math:`W` 是 :math:`m \times n` 的权重，:math:`\mathbf a`、:math:`\mathbf b`
是可见层和隐藏层的偏置。归一化常数 :math:`Z`（配分函数）要对所有 :math:`2^{m+n}` 种状态求和，
一般无法计算；本页的模型足够小（:math:`m = n = 16`），所以我们可以精确算出它，
直接观察训练是否真的提高了数据的概率。本页的 RBM、CD-1 训练和采样都在下面的代码里从头写出。
"""

# %%
# 数据：条纹图案
# --------------
#
# 经典的 RBM 玩具数据是**条纹图案**（bars and stripes）：:math:`4 \times 4` 的二值图像，
# 要么若干**整行**亮，要么若干**整列**亮。按行选有 :math:`2^4` 种，按列选也有 :math:`2^4` 种；
# 但全暗和全亮的图像既是按行选的、也是按列选的，被数了两次，去掉重复后一共
# :math:`2 \cdot 2^4 - 2` 种不同的图案。在 :math:`2^{16}` 种可能的 :math:`4 \times 4` 二值图像中，
# 只有这几十种是“数据”——模型要学会把概率集中到它们身上。
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

import spiral_tut
from spiral_tut import plot_images

spiral_tut.set_default(figsize=(9, 1.6), theme="transparent")


def binary_rows(n_bits: int) -> torch.Tensor:
    """All 2**n_bits vectors of 0/1 as the rows of a float tensor (row k is k in binary)."""
    shifts = torch.arange(n_bits - 1, -1, -1)
    return ((torch.arange(2**n_bits)[:, None] >> shifts) & 1).float()


def bars_and_stripes(size: int = 4) -> torch.Tensor:
    """All distinct size x size bars-and-stripes images, flattened row by row."""
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    bits = binary_rows(size)  # which rows (stripes) or columns (bars) are on
    stripes = bits[:, :, None].expand(-1, size, size)  # pixel (r, c) = bits[r]
    bars = bits[:, None, :].expand(-1, size, size)  # pixel (r, c) = bits[c]
    patterns = torch.cat((stripes, bars[1:-1]))  # all-off and all-on are stripes already
    return patterns.reshape(len(patterns), size * size)


SIZE = 4
data = bars_and_stripes(SIZE)
n_visible = data.shape[1]
assert len(data) == 2 * 2**SIZE - 2 and len(data.unique(dim=0)) == len(data)
print(f"{len(data)} distinct patterns of {SIZE}x{SIZE} = {n_visible} binary pixels")
print(f"all possible {SIZE}x{SIZE} binary images: 2^{n_visible} = {2**n_visible}")

fig, ax = plt.subplots(layout="constrained")
plot_images(data, ncols=15, ax=ax, title="training data: all 4x4 bars-and-stripes patterns")
plt.show()

# %%
# 模型：条件分布、自由能和配分函数
# --------------------------------
#
# 因为层内没有连接，给定一层时另一层的各个单元**相互独立**，条件概率就是熟悉的 sigmoid：
#
# .. math::
#
#    p(h_j = 1 \mid \mathbf v) = \sigma\big(b_j + (\mathbf v W)_j\big), \qquad
#    p(v_i = 1 \mid \mathbf h) = \sigma\big(a_i + (\mathbf h W^\top)_i\big).
#
# 所以 RBM 的隐藏层可以当作一个 sigmoid 全连接层来用（下面的 ``p_h``），这正是逐层预训练利用的性质。
#
# 对隐藏层求和可以消掉 :math:`\mathbf h`，得到只关于 :math:`\mathbf v` 的**自由能**：
#
# .. math::
#
#    F(\mathbf v) = -\log \sum_{\mathbf h} e^{-E(\mathbf v, \mathbf h)}
#                 = -\mathbf v \mathbf a^\top
#                   - \sum_j \log\big(1 + e^{b_j + (\mathbf v W)_j}\big),
#    \qquad p(\mathbf v) = \frac{e^{-F(\mathbf v)}}{Z}.
#
# 同样可以先对 :math:`\mathbf v` 求和：
# :math:`\log Z = \log \sum_{\mathbf h} \exp\big(\mathbf h \mathbf b^\top
# + \sum_i \log(1 + e^{a_i + (\mathbf h W^\top)_i})\big)`，
# 只需枚举 :math:`2^{16}` 个隐藏状态，所以本页能精确算出 :math:`\log p(\mathbf v)`。
# 整个模型就是三个张量和几行公式：


class RBM:
    """A binary RBM, E(v, h) = -v a^T - h b^T - v W h^T; rows of v and h are samples."""

    def __init__(self, n_visible: int, n_hidden: int, seed: int = 0) -> None:
        generator = torch.Generator().manual_seed(seed)
        self.W = 0.01 * torch.randn(n_visible, n_hidden, generator=generator)
        self.a = torch.zeros(n_visible)  # visible bias
        self.b = torch.zeros(n_hidden)  # hidden bias

    def energy(self, v: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
        return -(v @ self.a) - (h @ self.b) - ((v @ self.W) * h).sum(dim=1)

    def p_h(self, v: torch.Tensor) -> torch.Tensor:
        """p(h_j = 1 | v) for every hidden unit j."""
        return torch.sigmoid(v @ self.W + self.b)

    def p_v(self, h: torch.Tensor) -> torch.Tensor:
        """p(v_i = 1 | h) for every visible unit i."""
        return torch.sigmoid(h @ self.W.T + self.a)

    def free_energy(self, v: torch.Tensor) -> torch.Tensor:
        return -(v @ self.a) - F.softplus(v @ self.W + self.b).sum(dim=1)

    def log_z(self) -> float:
        """Exact log Z, enumerating all 2**n_hidden hidden states (v is summed in closed form)."""
        h = binary_rows(len(self.b))
        terms = h @ self.b + F.softplus(h @ self.W.T + self.a).sum(dim=1)
        return torch.logsumexp(terms.double(), dim=0).item()

    def log_prob(self, v: torch.Tensor) -> torch.Tensor:
        """Exact log p(v) = -F(v) - log Z of each row of v."""
        return -self.free_energy(v) - self.log_z()


# %%
# 训练之前权重很小（:math:`0.01 \cdot \mathcal N(0, 1)`），模型几乎是所有 :math:`2^{16}` 种图像上的
# 均匀分布，每个训练图案的对数概率约为 :math:`-16 \log 2`。
# 先检查公式：自由能的闭式与对 :math:`2^{16}` 个 :math:`\mathbf h` 的暴力求和相同，
# 所有 :math:`2^{16}` 种图像的概率加起来等于 1。
rbm = RBM(n_visible, n_hidden=16, seed=0)
all_h = binary_rows(16)
all_v = binary_rows(n_visible)
v = data[5:6]
brute_force = -torch.logsumexp(-rbm.energy(v.expand(len(all_h), -1), all_h), dim=0)
print(f"free energy, closed form:         {rbm.free_energy(v).item():.6f}")
print(f"free energy, sum over 2^16 h:     {brute_force.item():.6f}")
print(f"sum of p(v) over all 2^16 images: {rbm.log_prob(all_v).exp().sum().item():.6f}")
assert torch.allclose(rbm.free_energy(v), brute_force, atol=1e-4)
assert abs(rbm.log_prob(all_v).double().exp().sum().item() - 1) < 1e-4

is_data = (all_v[:, None, :] == data[None]).all(dim=2).any(dim=1)  # which images are patterns
free_energy_before = rbm.free_energy(all_v)
print(f"mean log p(v) of the training patterns: {rbm.log_prob(data).mean().item():.4f}")
print(f"-16 log 2 (uniform over 2^16 images):   {-n_visible * math.log(2):.4f}")
print(f"best possible, log(1/{len(data)}):            {-math.log(len(data)):.4f}")

# %%
# 对比散度 CD-1
# -------------
#
# 对数似然对权重的梯度是两个相关量之差：
#
# .. math::
#
#    \frac{\partial \log p(\mathbf v)}{\partial W_{ij}}
#    = \langle v_i h_j \rangle_{\text{data}} - \langle v_i h_j \rangle_{\text{model}} .
#
# 第一项在数据上算（“正相”，把数据的能量压低），第二项要对模型分布求期望
# （“负相”，把模型自己偏爱的状态的能量抬高），需要长时间的吉布斯采样。
# Hinton（2002）的**对比散度**（contrastive divergence, CD-1）只从数据出发走**一步**吉布斯采样：
#
# .. math::
#
#    V_0 = \text{data} \;\to\; H_0 \sim p(\mathbf h \mid V_0)
#    \;\to\; V_1 \sim p(\mathbf v \mid H_0), \qquad
#    \Delta W = \eta\,\big(V_0^\top Q_0 - V_1^\top Q_1\big) / N ,
#
# 其中一批 :math:`N` 个样本按行排成 :math:`V_0`，:math:`Q_k = p(\mathbf h = 1 \mid V_k)`
# 是逐行算出的隐藏单元概率；偏置的更新同理。
# 写成代码只有几行：


def bernoulli(p: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Draw 0/1 values, each 1 with its probability in p."""
    return (torch.rand(p.shape, generator=generator) < p).float()


def cd1_step(rbm: RBM, v0: torch.Tensor, lr: float, generator: torch.Generator) -> float:
    """One CD-1 update on the batch v0; returns the mean squared error per pixel of p(v | h0)."""
    q0 = rbm.p_h(v0)
    h0 = bernoulli(q0, generator)  # positive phase: hidden units driven by the data
    p1 = rbm.p_v(h0)
    v1 = bernoulli(p1, generator)  # one Gibbs step: the "reconstruction"
    q1 = rbm.p_h(v1)  # negative phase
    rbm.W += lr * (v0.T @ q0 - v1.T @ q1) / len(v0)
    rbm.a += lr * (v0 - v1).mean(dim=0)
    rbm.b += lr * (q0 - q1).mean(dim=0)
    return (v0 - p1).square().mean().item()


# %%
# 在全部 30 个图案上训练 1000 轮：每轮把它们打乱，分成 3 个大小为 10 的小批量，各做一步 CD-1。
# 除了重构误差——:math:`\mathbf v_0` 与 :math:`p(\mathbf v = 1 \mid \mathbf h_0)` 之差的平方
# 对像素和样本取平均，即每个像素的均方误差——每 10 轮还精确计算一次训练图案的平均对数概率。
# 表中的重构误差是两次对数似然评估之间 10 轮的平均值（单独一轮的值波动较大）。
EPOCHS, LR, BATCH = 1000, 0.1, 10
generator = torch.Generator().manual_seed(0)  # shuffling and sampling
errors = []
log_likelihood = {0: rbm.log_prob(data).mean().item()}
for epoch in range(1, EPOCHS + 1):
    order = torch.randperm(len(data), generator=generator)
    batch_errors = [
        cd1_step(rbm, data[order[i : i + BATCH]], LR, generator) for i in range(0, len(data), BATCH)
    ]
    errors.append(sum(batch_errors) / len(batch_errors))
    if epoch % 10 == 0:
        log_likelihood[epoch] = rbm.log_prob(data).mean().item()

best = -math.log(len(data))
recon = {epoch: sum(errors[epoch - 10 : epoch]) / 10 for epoch in log_likelihood if epoch > 0}
print(f"{'epoch':>6} {'recon_error':>12} {'mean log p(v)':>14} {'gap to best':>12}")
for epoch in (10, *range(100, EPOCHS + 1, 100)):
    ll = log_likelihood[epoch]
    print(f"{epoch:>6} {recon[epoch]:>12.4f} {ll:>14.4f} {best - ll:>12.4f}")

fig, (ax_err, ax_ll) = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained")
ax_err.semilogy(range(1, EPOCHS + 1), errors)
ax_err.set(xlabel="epoch", ylabel="reconstruction error (MSE)", title="CD-1 reconstruction error")
epochs, values = zip(*sorted(log_likelihood.items()), strict=True)
ax_ll.plot(epochs, values, label="RBM, 16 hidden units")
ax_ll.axhline(best, color="tab:green", ls="--", label="best possible: log(1/30)")
ax_ll.axhline(-n_visible * math.log(2), color="tab:red", ls=":", label="uniform: -16 log 2")
ax_ll.set(xlabel="epoch", ylabel="mean log p(v)", title="exact log-likelihood of the data")
ax_ll.legend(loc="lower right")
for ax in (ax_err, ax_ll):
    ax.grid(alpha=0.3)
plt.show()

slow = recon[100] / recon[10]  # epochs 91-100 vs epochs 1-10
top = max(log_likelihood.values())
settled = min(epoch for epoch, ll in log_likelihood.items() if ll >= top - 0.5)
late = [epoch for epoch in sorted(recon) if epoch >= settled]
late_ll = [log_likelihood[epoch] for epoch in late]
both_fell = sum(  # 10-epoch steps in which the error fell and the log-likelihood fell too
    recon[e1] < recon[e0] and log_likelihood[e1] < log_likelihood[e0]
    for e0, e1 in zip(late[:-1], late[1:], strict=True)
)
factor = recon[settled] / recon[EPOCHS]
print(f"reconstruction error, epochs 91-100 / epochs 1-10: {slow:.2f}")
print(f"highest mean log p(v): {top:.2f}, {best - top:.2f} below the best possible {best:.2f}")
print(f"from epoch {settled} (log p(v) first within 0.5 of its highest value) to {EPOCHS}:")
print(f"  reconstruction error {recon[settled]:.4f} -> {recon[EPOCHS]:.4f} ({factor:.1f}x smaller)")
print(f"  mean log p(v) only between {min(late_ll):.2f} and {max(late_ll):.2f}")
print(f"  in {both_fell} of {len(late) - 1} ten-epoch steps the error fell and log p(v) fell too")
assert slow > 0.9 and best - top > 1.0
assert factor > 2 and both_fell >= 5  # the error keeps falling while log p(v) does not follow

# %%
# 重构误差起初下降得**很慢**：第 91～100 轮和第 1～10 轮几乎一样，几百轮之后才明显下降；
# 这段时间里对数似然也在上升，两条曲线一起变化。
# 它们的分歧出现在训练后期（上面最后四行）：对数似然接近它的最高值之后，只在一个窄范围里上下波动，
# 重构误差却又缩小了（倍数见输出），不少 10 轮区间里重构误差下降、对数似然反而下降。
# 重构误差变小并不意味着模型变好：从一个训练图案出发走一步，
# 几乎总能回到它自己，但模型仍把相当一部分概率放在非训练图像上，对数似然始终比
# :math:`\log(1/30)` 低一截（表中最后一列）。:math:`\log(1/30)` 是任何模型都不能超过的上界：
# 30 个训练图案的平均对数概率最大时，模型给每个图案的概率都是 1/30。
# 重构误差只是方便的监控量，**不是** CD-1 优化的目标，也不能代替似然——这是 Hinton 的
# 《A Practical Guide to Training Restricted Boltzmann Machines》（2010）特别提醒的一点。
#
# 学到的权重
# ----------
#
# 每个隐藏单元 :math:`j` 的权重 :math:`W_{:,j}` 有 16 个数，正好排成一张 :math:`4 \times 4` 图像：
# 红色像素亮时会提高 :math:`p(h_j = 1 \mid \mathbf v)`，蓝色像素亮时会降低它。
fig, ax = plt.subplots(figsize=(7, 2.6), layout="constrained")
limit = rbm.W.abs().max().item()
plot_images(rbm.W.T, ncols=8, ax=ax, cmap="coolwarm", vmin=-limit, vmax=limit)
ax.set_title("weights of the 16 hidden units (one 4x4 image each)")
fig.colorbar(ax.get_images()[0], ax=ax, shrink=0.8, label="W_ij")
plt.show()

# %%
# 找一找哪些单元的红、蓝色块沿整行或整列排列：这样的单元在检测“某几行亮”或“某几列亮”，
# 正是训练数据的结构。单个单元不必对应一种图案，图案由多个单元**组合**表示。
#
# 能量地形
# --------
#
# “学习”在能量的语言里就是：**压低训练数据的自由能，抬高其它状态的自由能**。
# 因为只有 :math:`2^{16}` 种图像，我们可以把它们的自由能全部算出来，比较训练前后的分布。
free_energy_after = rbm.free_energy(all_v)
mass_on_data = torch.exp(-free_energy_after[is_data] - rbm.log_z()).sum().item()
print(
    f"probability mass on the {len(data)} patterns, if uniform (untrained): {len(data) / 2**16:.5f}"
)
print(f"probability mass on the {len(data)} patterns, after training:  {mass_on_data:.4f}")

fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained", sharey=True)
for ax, free_energy, when in zip(
    axes, (free_energy_before, free_energy_after), ("before", "after"), strict=True
):
    bins = torch.linspace(free_energy.min().item(), free_energy.max().item(), 60).numpy()
    ax.hist(free_energy[~is_data].numpy(), bins=bins, color="tab:gray", label="other images")
    ax.hist(free_energy[is_data].numpy(), bins=bins, color="tab:orange", label="training patterns")
    ax.set(yscale="log", xlabel="free energy F(v)", title=f"all 2^16 images, {when} training")
    ax.grid(alpha=0.3)
axes[0].set_ylabel("number of images")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()

# %%
# 训练前所有图像的自由能都挤在一起（模型近似均匀分布）；训练后训练图案（橙色）
# 大多被推到了最低的一端。但“大多”不是“全部”：把自由能最低的 30 张图像逐一和训练图案比对。
lowest = free_energy_after.argsort()[: len(data)]
intruders = lowest[~is_data[lowest]]  # low free energy, but not a training pattern
missed = data[~(data[:, None, :] == all_v[lowest][None]).all(dim=2).any(dim=1)]
ranks = (~is_data[lowest]).nonzero().flatten().tolist()  # 0 = the lowest free energy
distance = (all_v[intruders][:, None, :] != data[None]).sum(dim=2).min(dim=1).values
print(f"the {len(data)} lowest-F images: {int(is_data[lowest].sum())} training patterns, "
      f"{len(intruders)} other images")  # fmt: skip
print(f"  ranks of the other images (0 = lowest F): {ranks}")
print(f"  pixels by which each differs from its nearest training pattern: {distance.tolist()}")
assert (distance == 1).all()  # the prose below says "1 pixel"
print(f"training patterns not among them: {len(missed)}")
print(f"  pixels on in each of these: {missed.sum(dim=1).int().tolist()}")
assert len(intruders) > 0  # some of the lowest-energy images are not training patterns
assert len(missed) == 0 or missed.sum(dim=1).max() <= SIZE  # those left behind are sparse

fig, (ax_in, ax_out) = plt.subplots(2, 1, figsize=(6, 2.6), layout="constrained")
plot_images(all_v[intruders], ncols=len(data), ax=ax_in, title="low F, not a training pattern")
plot_images(missed, ncols=len(data), ax=ax_out, title="training patterns with higher F")
plt.show()

# %%
# 自由能最低的 30 张图像里有几张**不是**训练图案（上图第一行），它们和最近的训练图案都只差
# 1 个像素（上面的输出，代码断言了这一点），像是“差一点”的条纹图案；相应地也有同样多的训练图案
# 排在它们后面（第二行），都是亮像素很少的图案（全暗，或只有一行、一列亮）。
# 模型学到了“整行或整列”的倾向，却也偏爱一些不属于数据的图像——这和对数似然离上界
# 还差一截是同一件事的两种说法。
#
# 从模型中采样
# ------------
#
# 生成模型可以“做梦”：从随机图像出发，交替采样 :math:`\mathbf h \sim p(\mathbf h \mid \mathbf v)`、
# :math:`\mathbf v \sim p(\mathbf v \mid \mathbf h)`（吉布斯采样），链走得足够久，
# :math:`\mathbf v` 就服从模型的分布 :math:`p(\mathbf v)`。
# 下图每一行是一条链，每一列是走了若干步之后的状态。


def gibbs(rbm: RBM, v: torch.Tensor, steps: int, generator: torch.Generator) -> torch.Tensor:
    """Run `steps` rounds of block Gibbs sampling v -> h -> v and return the last v."""
    for _ in range(steps):
        h = bernoulli(rbm.p_h(v), generator)
        v = bernoulli(rbm.p_v(h), generator)
    return v


steps = (0, 1, 2, 3, 5, 10, 20, 50, 100, 1000)
generator = torch.Generator().manual_seed(0)
chains = torch.bernoulli(torch.full((8, n_visible), 0.5), generator=generator)
snapshots, done = [], 0
for step in steps:
    chains = gibbs(rbm, chains, step - done, generator)
    done = step
    snapshots.append(chains)
grid = torch.stack(snapshots, dim=1).reshape(-1, n_visible)  # row = chain, column = step

fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
plot_images(grid, ncols=len(steps), ax=ax)
for col, step in enumerate(steps):
    ax.text(1 + col * (SIZE + 1) + SIZE / 2 - 0.5, -0.6, str(step), ha="center", va="bottom")
ax.set_title("Gibbs chains (rows) after k steps (columns)", pad=18)
plt.show()

# %%
# 随机的起点在几步之内就开始出现整行、整列的结构。再用 2000 条链各走 1000 步，
# 数一数有多少样本恰好是训练图案，并和模型精确给出的概率质量比较。2000 条链相互独立，
# 若它们都已走到模型分布，样本中训练图案的比例就是一个二项比例，它的标准误差是
# :math:`\sqrt{\hat p(1 - \hat p)/2000}`；两者之差应当只有一两个标准误差。
samples = gibbs(
    rbm, torch.bernoulli(torch.full((2000, n_visible), 0.5), generator=generator), 1000, generator
)
hits = (samples[:, None, :] == data[None]).all(dim=2)
print(f"samples that are training patterns:        {hits.any(dim=1).float().mean().item():.3f}")
print(f"model's exact probability of that event:   {mass_on_data:.3f}")
print(f"distinct training patterns among samples:  {int(hits.any(dim=0).sum())} of {len(data)}")
fraction = hits.any(dim=1).float().mean().item()
standard_error = math.sqrt(fraction * (1 - fraction) / len(samples))
gap = abs(fraction - mass_on_data) / standard_error
print(f"standard error of the sampled fraction:    {standard_error:.3f}")
print(f"difference from the exact probability:     {gap:.1f} standard errors")
assert abs(fraction - mass_on_data) < 3 * standard_error

# %%
# 小结
# ----
#
# * RBM 用能量 :math:`E(\mathbf v, \mathbf h)` 定义概率；
#   训练就是压低数据的（自由）能量、抬高其它状态的能量。
# * 层内无连接使 :math:`p(\mathbf h \mid \mathbf v)` 和 :math:`p(\mathbf v \mid \mathbf h)`
#   都是逐单元的 sigmoid，采样和计算都很简单。
# * CD-1 用一步吉布斯采样近似“模型分布”的统计量，便宜，但它不是精确的似然梯度。
#   本页的训练把对数似然提高了很多，却停在上界 :math:`\log(1/30)` 之下；差距来自 CD-1 的偏差、
#   只有 16 个隐藏单元，还是学习率和训练长度，本页没有区分（动手试试第 1～3 题分别改变其中一个）。
#   重构误差接近 0 并不说明模型已经学好。
# * 训练好的 RBM 既能生成样本，它的隐藏层 :math:`p(\mathbf h \mid \mathbf v)` 也是一层特征——
#   把多个 RBM 叠起来逐层训练，就是深度信念网络的预训练。
#
# 动手试试
# --------
#
# 1. 把隐藏单元数改成 4、8 或 32，比较最终的对数似然、训练图案得到的概率质量和样本。
# 2. 把学习率 ``LR`` 改成 0.01 或 0.5，观察两条训练曲线。
# 3. 实现 CD-k：在 ``cd1_step`` 里用 ``gibbs(rbm, v0, k, generator)`` 得到负相样本，
#    看看 :math:`k = 5` 是否让似然更接近最优值。
# 4. 让吉布斯链从某个训练图案出发而不是从随机图像出发，它会在不同图案之间跳转吗？要走多少步？
# 5. 用 ``bars_and_stripes(3)`` 换一个更小的问题，此时训练图案有多少个？最优对数似然是多少？
