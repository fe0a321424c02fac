r"""
受限玻尔兹曼机：用能量描述数据的分布
====================================

自编码器学的是“把输入压缩再还原”；**受限玻尔兹曼机**\ （restricted Boltzmann machine, RBM）
换了一个角度：它是一个 **生成模型**，给每一种输入分配一个概率，
训练的目标是让训练数据的概率尽可能大。2006 年 Hinton 等人正是把 RBM 一层一层叠起来
预训练深度网络（深度信念网络，DBN），打开了“神经网络到深度学习”这一步（见
:ref:`逐层预训练 <sphx_glr_auto_examples_02_theory_plot_6_pretraining.py>`）。

RBM 有两层二值单元：**可见层** :math:`\mathbf v \in \{0,1\}^{m}`\ （数据，例如图像的像素）和
**隐藏层** :math:`\mathbf h \in \{0,1\}^{n}`\ （学到的特征）。两层之间全连接，层内 **没有** 连接——
这就是“受限”的含义。模型为每一对 :math:`(\mathbf v, \mathbf h)` 定义一个 **能量**

.. math::

   E(\mathbf v, \mathbf h) = -\mathbf a^\top \mathbf v - \mathbf b^\top \mathbf h
                             - \mathbf v^\top W \mathbf h ,

能量越低，概率越高：

.. math::

   p(\mathbf v, \mathbf h) = \frac{e^{-E(\mathbf v, \mathbf h)}}{Z}, \qquad
   Z = \sum_{\mathbf v, \mathbf h} e^{-E(\mathbf v, \mathbf h)} .

:math:`W` 是 :math:`m \times n` 的权重，:math:`\mathbf a`、:math:`\mathbf b`
是可见层和隐藏层的偏置。归一化常数 :math:`Z`\ （配分函数）要对所有 :math:`2^{m+n}` 种状态求和，
一般无法计算；本页的模型足够小（:math:`m = n = 16`），所以我们可以精确算出它，
直接观察训练是否真的提高了数据的概率。
"""

# %%
# 数据：条纹图案（bars and stripes）
# ----------------------------------
#
# 经典的 RBM 玩具数据：:math:`4 \times 4` 的二值图像，要么若干 **整行** 亮（stripes），
# 要么若干 **整列** 亮（bars）。全暗和全亮的图像两种都算，所以一共
# :math:`2 \cdot 2^4 - 2` 种不同的图案，由 :func:`spiral_tut.rbm.bars_and_stripes` 在代码里生成。
# 在 :math:`2^{16}` 种可能的 :math:`4 \times 4` 二值图像中，只有这几十种是“数据”——
# 模型要学会把概率集中到它们身上。
import math

import matplotlib.pyplot as plt
import torch

import spiral_tut
from spiral_tut import plot_images
from spiral_tut.rbm import RBM, bars_and_stripes, train_rbm

spiral_tut.set_default(figsize=(9, 1.6), theme="transparent")
torch.manual_seed(0)

SIZE = 4
data = bars_and_stripes(SIZE, device="cpu")
n_visible = data.shape[1]
print(f"{len(data)} distinct patterns of {SIZE}x{SIZE} = {n_visible} binary pixels")
print(f"all possible {SIZE}x{SIZE} binary images: 2^{n_visible} = {2**n_visible}")

fig, ax = plt.subplots(layout="constrained")
plot_images(data, ncols=15, ax=ax, title="training data: all 4x4 bars-and-stripes patterns")
plt.show()

# %%
# 条件分布与自由能
# ----------------
#
# 因为层内没有连接，给定一层时另一层的各个单元 **相互独立**，条件概率就是熟悉的 sigmoid：
#
# .. math::
#
#    p(h_j = 1 \mid \mathbf v) = \sigma\Big(b_j + \sum_i v_i W_{ij}\Big), \qquad
#    p(v_i = 1 \mid \mathbf h) = \sigma\Big(a_i + \sum_j W_{ij} h_j\Big).
#
# 所以 RBM 的隐藏层可以当作一个 sigmoid 全连接层来用（``rbm(v)`` 返回的就是
# :math:`p(\mathbf h = 1 \mid \mathbf v)`），这正是逐层预训练利用的性质。
#
# 对隐藏层求和可以消掉 :math:`\mathbf h`，得到只关于 :math:`\mathbf v` 的 **自由能**：
#
# .. math::
#
#    F(\mathbf v) = -\log \sum_{\mathbf h} e^{-E(\mathbf v, \mathbf h)}
#                 = -\mathbf a^\top \mathbf v
#                   - \sum_j \log\big(1 + e^{\,b_j + (\mathbf v^\top W)_j}\big),
#    \qquad p(\mathbf v) = \frac{e^{-F(\mathbf v)}}{Z}.
#
# 下面对一个图案把右边的公式和左边 :math:`2^{16}` 项的暴力求和比较一下。
rbm = RBM(n_visible, n_hidden=16, seed=0)
print(rbm)

v = data[5:6]
all_h = ((torch.arange(2**rbm.n_hidden)[:, None] >> torch.arange(rbm.n_hidden)) & 1).float()
brute_force = -torch.logsumexp(-rbm.energy(v.expand(len(all_h), -1), all_h), dim=0)
print(f"free energy, closed form:        {rbm.free_energy(v).item():.6f}")
print(f"free energy, sum over 2^16 h:    {brute_force.item():.6f}")

# %%
# 训练之前权重很小（:math:`0.01 \cdot \mathcal N(0, 1)`），模型几乎是所有 :math:`2^{16}` 种图像上的
# 均匀分布，每个训练图案的对数概率约为 :math:`-16 \log 2`。
# 我们用 :meth:`~spiral_tut.rbm.RBM.log_likelihood` （内部精确计算 :math:`\log Z`）来验证，
# 同时记下所有 :math:`2^{16}` 种图像在训练前的自由能，后面作对比。
all_v = ((torch.arange(2**n_visible)[:, None] >> torch.arange(n_visible)) & 1).float()
is_data = (all_v[:, None, :] == data[None]).all(dim=2).any(dim=1)
free_energy_before = rbm.free_energy(all_v)
print(f"mean log p(v) of the training patterns: {rbm.log_likelihood(data).mean().item():.4f}")
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
# Hinton（2002）的 **对比散度**\ （contrastive divergence, CD-1）
# 只从数据出发走 **一步** 吉布斯采样：
#
# .. math::
#
#    \mathbf v_0 = \text{data} \;\to\; \mathbf h_0 \sim p(\mathbf h \mid \mathbf v_0)
#    \;\to\; \mathbf v_1 \sim p(\mathbf v \mid \mathbf h_0), \qquad
#    \Delta W = \eta\,\big(\mathbf v_0^\top \mathbf q_0 - \mathbf v_1^\top \mathbf q_1\big) / N ,
#
# 其中 :math:`\mathbf q_k = p(\mathbf h = 1 \mid \mathbf v_k)`，:math:`N` 是批大小；偏置的更新同理。
# 下面把一步 CD-1 拆开写一遍，并确认它与 :meth:`~spiral_tut.rbm.RBM.cd1_step` 的更新相同。
batch = data[:10]
demo = RBM(n_visible, 16, seed=0)
generator = torch.Generator().manual_seed(1)
q0, h0 = demo.sample_h(batch, generator)  # positive phase: hidden units driven by the data
p1, v1 = demo.sample_v(h0, generator)  # one Gibbs step: the "reconstruction"
q1 = demo.hidden_probs(v1)  # negative phase
delta_W = 0.1 * (batch.T @ q0 - v1.T @ q1) / len(batch)

W_before = demo.weight.clone()
demo.cd1_step(batch, lr=0.1, generator=torch.Generator().manual_seed(1))
print(f"max |hand-written dW - cd1_step dW|: {(demo.weight - W_before - delta_W).abs().max():.2e}")

# %%
# 在全部 30 个图案上训练：每个 epoch 把它们打乱，分成 3 个大小为 10 的小批量，各做一步 CD-1。
# 除了重构误差 :math:`\|\mathbf v_0 - p(\mathbf v \mid \mathbf h_0)\|^2`，每 10 个 epoch
# 还精确计算一次训练图案的平均对数概率。
EPOCHS = 1000
log_likelihood = {0: rbm.log_likelihood(data).mean().item()}


def record(epoch: int, model: RBM) -> None:
    """Every 10 epochs: the exact mean log-probability of the training patterns."""
    if (epoch + 1) % 10 == 0:
        log_likelihood[epoch + 1] = model.log_likelihood(data).mean().item()


errors = train_rbm(rbm, data, epochs=EPOCHS, lr=0.1, batch_size=10, seed=0, callback=record)

print(f"{'epoch':>6} {'recon_error':>12} {'mean log p(v)':>14}")
for epoch in (10, 100, 200, 300, 500, 700, 1000):
    print(f"{epoch:>6} {errors[epoch - 1]:>12.4f} {log_likelihood[epoch]:>14.4f}")

fig, (ax_err, ax_ll) = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained")
ax_err.semilogy(range(1, EPOCHS + 1), errors)
ax_err.set(xlabel="epoch", ylabel="reconstruction error (MSE)", title="CD-1 reconstruction error")
epochs, values = zip(*sorted(log_likelihood.items()), strict=True)
ax_ll.plot(epochs, values, label="RBM, 16 hidden units")
ax_ll.axhline(-math.log(len(data)), color="tab:green", ls="--", label="best possible: log(1/30)")
ax_ll.axhline(-n_visible * math.log(2), color="tab:red", ls=":", label="uniform: -16 log 2")
ax_ll.set(xlabel="epoch", ylabel="mean log p(v)", title="exact log-likelihood of the data")
ax_ll.legend(loc="lower right")
for ax in (ax_err, ax_ll):
    ax.grid(alpha=0.3)
plt.show()

# %%
# 两条曲线讲的不是同一件事。重构误差很快降到接近 0：从一个训练图案出发走一步，几乎总能回到它自己。
# 但对数似然停在最优值 :math:`\log(1/30)` 之下（见上面的表格）：模型仍把一部分概率放在非训练图案上。
# 重构误差只是方便的监控量，**不是** CD-1 优化的目标，也不能代替似然——
# 这是 Hinton 在 RBM 训练指南中特别提醒的一点。
#
# 学到的权重
# ----------
#
# 每个隐藏单元 :math:`j` 的权重 :math:`W_{:,j}` 有 16 个数，正好排成一张 :math:`4 \times 4` 图像：
# 红色像素亮时会提高 :math:`p(h_j = 1 \mid \mathbf v)`，蓝色像素亮时会降低它。
fig, ax = plt.subplots(figsize=(7, 2.6), layout="constrained")
limit = rbm.weight.abs().max().item()
plot_images(rbm.weight.T, ncols=8, ax=ax, cmap="coolwarm", vmin=-limit, vmax=limit)
ax.set_title("weights of the 16 hidden units (one 4x4 image each)")
fig.colorbar(ax.get_images()[0], ax=ax, shrink=0.8, label="W_ij")
plt.show()

# %%
# 找一找哪些单元的红、蓝色块沿整行或整列排列：这样的单元在检测“某几行亮”或“某几列亮”，
# 正是训练数据的结构。单个单元不必对应一种图案，图案由多个单元 **组合** 表示。
#
# 能量地形
# --------
#
# “学习”在能量的语言里就是：**压低训练数据的自由能，抬高其它状态的自由能**。
# 因为只有 :math:`2^{16}` 种图像，我们可以把它们的自由能全部算出来，比较训练前后的分布。
free_energy_after = rbm.free_energy(all_v)
log_z = rbm.log_partition()
mass_on_data = torch.exp(-free_energy_after[is_data] - log_z).sum().item()
lowest = free_energy_after.argsort()[: len(data)]
print(f"probability mass on the {len(data)} patterns, before training: {len(data) / 2**16:.5f}")
print(f"probability mass on the {len(data)} patterns, after training:  {mass_on_data:.4f}")
print(f"training patterns among the {len(data)} lowest-F images: {int(is_data[lowest].sum())}")

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
# 训练前所有图像的自由能都挤在一起（模型近似均匀分布）；训练后训练图案（橙色）被推到了最低的一端，
# 它们分到的总概率见上面的输出。
#
# 从模型中采样
# ------------
#
# 生成模型可以“做梦”：从随机图像出发，交替采样 :math:`\mathbf h \sim p(\mathbf h \mid \mathbf v)`、
# :math:`\mathbf v \sim p(\mathbf v \mid \mathbf h)`\ （吉布斯采样），链走得足够久，
# :math:`\mathbf v` 就服从模型的分布 :math:`p(\mathbf v)`。
# 下图每一行是一条链，每一列是走了若干步之后的状态。
steps = (0, 1, 2, 3, 5, 10, 20, 50, 100, 1000)
generator = torch.Generator().manual_seed(0)
chains = torch.bernoulli(torch.full((8, n_visible), 0.5), generator=generator)
snapshots, done = [], 0
for step in steps:
    chains = rbm.gibbs(chains, steps=step - done, generator=generator)
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
# 随机的起点在几步之内就变成了条纹或竖条图案。再用 2000 条链各走 1000 步，
# 数一数有多少样本恰好是训练图案，并和模型精确给出的概率质量比较：两者应该接近。
samples = rbm.gibbs(
    torch.bernoulli(torch.full((2000, n_visible), 0.5), generator=generator),
    steps=1000,
    generator=generator,
)
hits = (samples[:, None, :] == data[None]).all(dim=2)
print(f"samples that are training patterns:        {hits.any(dim=1).float().mean().item():.3f}")
print(f"model's exact probability of that event:   {mass_on_data:.3f}")
print(f"distinct training patterns among samples:  {int(hits.any(dim=0).sum())} of {len(data)}")

# %%
# 小结
# ----
#
# * RBM 用能量 :math:`E(\mathbf v, \mathbf h)` 定义概率；
#   训练就是压低数据的（自由）能量、抬高其它状态的能量。
# * 层内无连接使 :math:`p(\mathbf h \mid \mathbf v)` 和 :math:`p(\mathbf v \mid \mathbf h)`
#   都是逐单元的 sigmoid，采样和计算都很简单。
# * CD-1 用一步吉布斯采样近似“模型分布”的统计量，便宜而有效，但它不是精确的似然梯度；
#   重构误差只是监控量。
# * 训练好的 RBM 既能生成样本，它的隐藏层 :math:`p(\mathbf h \mid \mathbf v)` 也是一层特征——
#   把多个 RBM 叠起来逐层训练，就是深度信念网络的预训练。
#
# 动手试试
# --------
#
# 1. 把隐藏单元数改成 4、8 或 32，比较最终的对数似然、训练图案得到的概率质量和样本。
# 2. 把学习率 ``lr`` 改成 0.01 或 0.5，观察两条训练曲线。
# 3. 实现 CD-k：在自己的训练循环里用 ``rbm.gibbs(v0, steps=k)`` 得到负相样本
#    （参照 :meth:`~spiral_tut.rbm.RBM.cd1_step` 的源码），
#    看看 :math:`k = 5` 是否让似然更接近最优值。
# 4. 让吉布斯链从某个训练图案出发而不是从随机图像出发，它会在不同图案之间跳转吗？要走多少步？
# 5. 用 ``bars_and_stripes(3)`` 换一个更小的问题，此时训练图案有多少个？最优对数似然是多少？
