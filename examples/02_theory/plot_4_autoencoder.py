r"""
自编码器：把输入压缩成一个短编码再还原
======================================

**自编码器**（auto-encoder）是一个“学习复制输入”的网络，但中间要经过一个很窄的**瓶颈**：

.. math::

   \mathbf z = f_\theta(\mathbf x) \quad\text{(编码器)}, \qquad
   \hat{\mathbf x} = g_\phi(\mathbf z) \quad\text{(解码器)}, \qquad
   \min_{\theta, \phi} \; \frac{1}{N} \sum_{k=1}^{N}
   \big\| \mathbf x_k - g_\phi(f_\theta(\mathbf x_k)) \big\|^2 .

训练只用输入本身，**不需要标签**（无监督学习）。编码 :math:`\mathbf z` 的维数远小于输入，
网络无法逐像素地“抄”过去，只能用少数几个数来描述每一个输入。
这个“不用标签、先学表示”的思路，就是 2006 年前后深度网络**逐层预训练**的基础
（见 :ref:`逐层预训练 <sphx_glr_auto_examples_02_theory_plot_6_pretraining.py>`）。

本页用一个能看清楚的例子：:math:`16 \times 16 = 256` 像素的图像，每张图上只有一个模糊的亮斑，
亮斑的中心位置 :math:`(c_x, c_y)` 随机。图像有 256 维，但真正变化的只有 **2 个数**。
我们**选定**编码为 2 维——这是知道答案之后由我们定下的瓶颈宽度，网络不会自己找出这个数——
然后看自编码器能否只用这 2 个数还原图像，它的编码又是否反映了亮斑的位置。
"""

# %%
# 数据：亮斑图像
# --------------
#
# 每张图是一个以 :math:`(c_x, c_y)` 为中心、宽度 :math:`s = 2.5` 像素的高斯亮斑：
# :math:`x_{rc} = \exp\!\big(-[(c - c_x)^2 + (r - c_y)^2] / (2 s^2)\big)`，像素值在 0 到 1 之间。
# 2000 张组成训练集，500 张组成测试集（只用来测量）。
import matplotlib.pyplot as plt
import torch
from torch import nn

import spiral_tut
from spiral_tut import plot_images

spiral_tut.set_default(figsize=(9, 1.6), theme="transparent")
torch.manual_seed(0)

SIZE = 16


def blob_images(centres: torch.Tensor, width: float = 2.5) -> torch.Tensor:
    """One SIZE x SIZE image per row of `centres` (c_x, c_y): a Gaussian blob, flattened."""
    pixels = torch.arange(SIZE, dtype=torch.float32)
    dx = pixels[None, None, :] - centres[:, 0, None, None]  # column offset
    dy = pixels[None, :, None] - centres[:, 1, None, None]  # row offset
    return torch.exp(-(dx**2 + dy**2) / (2 * width**2)).reshape(len(centres), SIZE * SIZE)


generator = torch.Generator().manual_seed(0)
centres = 2 + torch.rand(2500, 2, generator=generator) * (SIZE - 5)  # c_x, c_y in [2, 13]
X = blob_images(centres)
X_train, X_test = X[:2000], X[2000:]
centres_test = centres[2000:]
print(f"train images: {tuple(X_train.shape)}, test images: {tuple(X_test.shape)}")

fig, ax = plt.subplots(layout="constrained")
plot_images(X_train[:16], ncols=16, ax=ax, title="training images: one blob at a random place")
plt.show()

# %%
# 模型和训练循环
# --------------
#
# 编码器是几层 ``Linear`` 加激活函数，解码器是它的镜像：宽度 ``widths = [256, ..., 2]`` 的编码器
# 配上宽度 ``[2, ..., 256]`` 的解码器。编码层后面不加激活，输出层的激活可以另选。
# 训练就是一个普通的小批量训练循环，只是“标签”换成了输入自己：损失是 :math:`\|\hat{\mathbf x} -
# \mathbf x\|^2` 对像素取平均。


def layers(widths: list[int], activation: type[nn.Module], last: type[nn.Module]) -> nn.Sequential:
    """Linear layers of the given widths, each followed by `activation`, the last by `last`."""
    modules: list[nn.Module] = []
    for k in range(len(widths) - 1):
        modules += [nn.Linear(widths[k], widths[k + 1])]
        modules += [last() if k == len(widths) - 2 else activation()]
    return nn.Sequential(*modules)


class AutoEncoder(nn.Module):
    """Encoder widths[0] -> ... -> widths[-1] (the code) and the mirrored decoder."""

    def __init__(
        self, widths: list[int], activation: type[nn.Module], output: type[nn.Module]
    ) -> None:
        super().__init__()
        self.encoder = layers(widths, activation, last=nn.Identity)
        self.decoder = layers(widths[::-1], activation, last=output)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))


def train(model: nn.Module, X: torch.Tensor, lr: float, epochs: int, log_every: int = 0) -> None:
    """Adam on the mean squared reconstruction error, shuffled mini-batches of 50 images."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(0)  # the order of the mini-batches
    for epoch in range(epochs):
        order = torch.randperm(len(X), generator=generator)
        total = 0.0
        for start in range(0, len(X), 50):
            batch = X[order[start : start + 50]]
            loss = (model(batch) - batch).square().mean()  # the target is the input itself
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        if log_every and (epoch % log_every == 0 or epoch == epochs - 1):
            print(f"epoch {epoch:>3}: training loss {total / len(X):.6f}")


def reconstruction_error(reconstruct, X: torch.Tensor) -> float:
    """Mean squared error per pixel between X and reconstruct(X)."""
    with torch.no_grad():
        return (reconstruct(X) - X).square().mean().item()


# %%
# 基准：主成分分析（PCA）
# -----------------------
#
# 最简单的“压缩再还原”是线性的：把 :math:`\mathbf x` 投影到 2 个方向上，再从这 2 个系数线性地还原。
# 在训练集上最优的 2 个方向由**主成分分析**给出（中心化训练数据的奇异值分解的前两个右奇异向量，
# 按列排成 :math:`256 \times 2` 的 :math:`V_2`）。与其他页面一样，
# :math:`\mathbf x`、:math:`\mathbf z` 是行向量：
#
# .. math::
#
#    \mathbf z = (\mathbf x - \bar{\mathbf x}) V_2, \qquad
#    \hat{\mathbf x} = \bar{\mathbf x} + \mathbf z V_2^\top .
#
# 没有非线性激活的自编码器（带偏置、用平方误差训练）在**训练集**上最好也只能达到 PCA：
# 它的最优解张成的正是主成分子空间（Baldi 和 Hornik，1989）。下面同时训练一个这样的**线性自编码器**
# （256 → 2 → 256），在训练集上验证这一点，并在测试集上测量两者的误差。
mean = X_train.mean(dim=0)
_, _, Vh = torch.linalg.svd(X_train - mean, full_matrices=False)
V2 = Vh[:2].T  # (256, 2): the two principal directions


def pca_encode(x: torch.Tensor) -> torch.Tensor:
    return (x - mean) @ V2


def pca_decode(z: torch.Tensor) -> torch.Tensor:
    return mean + z @ V2.T


pca_error = reconstruction_error(lambda x: pca_decode(pca_encode(x)), X_test)
pca_train_error = reconstruction_error(lambda x: pca_decode(pca_encode(x)), X_train)
linear_ae = AutoEncoder([SIZE * SIZE, 2], activation=nn.Identity, output=nn.Identity)
train(linear_ae, X_train, lr=1e-2, epochs=40)
linear_error = reconstruction_error(linear_ae, X_test)
linear_train_error = reconstruction_error(linear_ae, X_train)
print("reconstruction error (MSE per pixel)      training     test")
print(f"PCA with 2 components                     {pca_train_error:.5f}  {pca_error:.5f}")
print(f"linear auto-encoder 256-2-256             {linear_train_error:.5f}  {linear_error:.5f}")
assert linear_train_error > 0.999 * pca_train_error  # PCA is optimal on the training set

# %%
# 非线性自编码器
# --------------
#
# 现在给编码器和解码器各加两层 :math:`\tanh` 隐藏层，编码仍然只有 2 维：
#
# .. math::
#
#    256 \xrightarrow{\tanh} 128 \xrightarrow{\tanh} 32 \to \mathbf z \in \mathbb R^2
#    \to 32 \xrightarrow{\tanh} 128 \xrightarrow{\tanh} 256 \xrightarrow{\sigma} \hat{\mathbf x} .
#
# 输出层用 sigmoid，因为像素值在 0 到 1 之间。用上面的 ``train`` 以 Adam、批大小 50 训练 30 轮
# （每轮把训练集完整过一遍）。
torch.manual_seed(0)  # the initial weights
autoencoder = AutoEncoder([SIZE * SIZE, 128, 32, 2], activation=nn.Tanh, output=nn.Sigmoid)
train(autoencoder, X_train, lr=3e-3, epochs=30, log_every=10)
ae_error = reconstruction_error(autoencoder, X_test)
print(f"test reconstruction error, non-linear auto-encoder: {ae_error:.5f}")
print(f"PCA error / auto-encoder error: {pca_error / ae_error:.1f}")
assert ae_error < pca_error / 10

# %%
# 重构结果
# --------
#
# 第一行是测试图像，第二行是非线性自编码器从 2 个数还原出的图像，第三行是 PCA 从 2 个数还原的结果。
with torch.no_grad():
    shown = X_test[:12]
    rows = {
        "input (test images)": shown,
        "auto-encoder, 2-D code": autoencoder(shown),
        "PCA, 2 components": pca_decode(pca_encode(shown)).clamp(0, 1),
    }
fig, axes = plt.subplots(3, 1, figsize=(9, 3.6), layout="constrained")
for ax, (title, images) in zip(axes, rows.items(), strict=True):
    plot_images(images, ncols=12, ax=ax, title=title)
plt.show()

# %%
# PCA 只能在平均图像上叠加两张固定的“基图像”，还原出的光晕位置大致对，却模糊成一片；
# 非线性自编码器则几乎原样还原了亮斑。
#
# 学到的编码
# ----------
#
# 把每张测试图的 2 维编码 :math:`\mathbf z` 画成一个点，并按亮斑真实的横坐标 :math:`c_x`
# （左列）或纵坐标 :math:`c_y`（右列）上色。网络从未见过 :math:`(c_x, c_y)`，只见过像素。
with torch.no_grad():
    codes = {"PCA": pca_encode(X_test), "auto-encoder": autoencoder.encoder(X_test)}
fig, axes = plt.subplots(2, 2, figsize=(8, 7), layout="constrained")
for row, (name, z) in zip(axes, codes.items(), strict=True):
    for ax, coordinate, label in zip(row, (0, 1), ("blob x", "blob y"), strict=True):
        points = ax.scatter(z[:, 0], z[:, 1], c=centres_test[:, coordinate], s=8, cmap="viridis")
        ax.set(xlabel="z1", ylabel="z2", title=f"{name} code, colour = {label}")
        fig.colorbar(points, ax=ax, label=label)
plt.show()

# %%
# 自编码器的编码（下排）里，:math:`c_x` 的颜色沿一个方向渐变，:math:`c_y` 沿另一个方向渐变：
# 两个编码维度合起来表示了亮斑的位置（编码坐标轴被旋转、拉伸都无关紧要）。
# 注意“2 维”是我们定的瓶颈宽度，不是网络的发现；网络做到的是在这 2 个数里排出了亮斑的位置。
#
# 颜色是看出来的；下面把它变成一个数：对每张测试图，在编码平面上找训练图里离它最近的 5 个编码，
# 用它们亮斑位置的平均值去“猜”这张图的亮斑位置。编码若按位置排列，猜出的位置就准。
# 作为对照，同样地用**随机**挑的 5 张训练图去猜。
with torch.no_grad():
    train_codes = {"PCA": pca_encode(X_train), "auto-encoder": autoencoder.encoder(X_train)}
centres_train = centres[:2000]
chance = torch.randint(0, 2000, (len(X_test), 5), generator=generator)
position_error = {"random 5 training images": centres_train[chance].mean(dim=1) - centres_test}
for name, z in codes.items():
    nearest = torch.cdist(z, train_codes[name]).topk(5, largest=False).indices
    position_error[f"5 nearest {name} codes"] = centres_train[nearest].mean(dim=1) - centres_test
distance = {name: error.norm(dim=1).mean().item() for name, error in position_error.items()}
print("mean distance (pixels) between the true blob centre and the one guessed from")
for name, value in distance.items():
    print(f"  {name:<28} {value:.2f}")
assert distance["5 nearest auto-encoder codes"] < distance["random 5 training images"] / 5

# %%
# PCA 的编码（上排）其实也反映了位置（用它猜位置的误差也远小于随机对照），只是被压成一个环，
# 靠近图像边缘的亮斑都挤在环上，猜得不如自编码器的编码准。
# PCA 的问题主要在**解码**一侧：平均图像加上两张固定“基图像”的线性组合，
# 系数怎么取都画不出一个位置可变的清晰亮斑。
#
# 注意这只是一次（固定随机种子的）训练结果。换一个初始化，编码平面可能被“撕开”：
# 图像里相邻的亮斑被送到相距很远的编码（动手试试第 5 题）。重构误差只要求能还原，并不要求编码连续，
# 这是普通自编码器学到的表示的一个常见毛病。
#
# 解码器是一个生成器
# ------------------
#
# 解码器把任意一个 2 维编码变成一张图像。在编码的取值范围内取一个 :math:`8 \times 8` 的网格，
# 逐点解码：
with torch.no_grad():
    z_ae = codes["auto-encoder"]
    z1 = torch.linspace(z_ae[:, 0].min().item(), z_ae[:, 0].max().item(), 8)
    z2 = torch.linspace(z_ae[:, 1].max().item(), z_ae[:, 1].min().item(), 8)
    grid = torch.stack(torch.meshgrid(z2, z1, indexing="ij")[::-1], dim=-1).reshape(-1, 2)
    decoded = autoencoder.decoder(grid)
fig, ax = plt.subplots(figsize=(5, 5), layout="constrained")
plot_images(decoded, ncols=8, ax=ax, title="decoder output on an 8x8 grid of codes")
plt.show()

# %%
# 沿网格移动，亮斑在图像里平滑地移动。网格的角上可能没有训练数据，那里的解码结果会走样，
# 如左上角所示，变得模糊、过亮、亮斑过大：解码器只在见过的编码附近可靠。
# 把这个想法推进一步——训练时让编码服从一个先验分布，并把编码器看作后验分布的近似——
# 就是后来的变分自编码器（VAE）。
#
# 小结
# ----
#
# * 自编码器用**重构误差**做训练目标，不需要标签；瓶颈迫使它学到数据的紧凑表示。
#   瓶颈的宽度（这里是 2）是我们选的；网络学到的是怎样用这几个数描述每个输入。
# * 线性自编码器在训练集上最好也只能达到 PCA；非线性让它能把弯曲的数据流形展开，
#   用同样多的编码维数重构得好得多。
# * 编码器可以当作**特征提取器**，解码器可以当作**生成器**。
#
# 动手试试
# --------
#
# 1. 把编码维数从 2 改成 1 或 4，重构误差怎样变化？1 维编码为什么不够？
# 2. 去掉非线性：把 ``activation=nn.Tanh`` 改成 ``nn.Identity``（保留隐藏层），
#    误差是否退回到 PCA 的水平？
# 3. 把亮斑宽度 ``width`` 改成 3 或 0.8，PCA 与自编码器的差距如何变化？
# 4. 只用 200 张训练图像，测试误差会怎样？（提示：看训练误差和测试误差之差。）
# 5. 把 ``torch.manual_seed(0)`` 换成别的种子重新训练，编码平面还连续吗？
# 6. 给输入加噪声、让网络还原无噪声的图像，就是**去噪自编码器**：试着在
#    ``train`` 的基础上自己写这个训练循环。
