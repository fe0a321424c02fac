"""Small images side by side: a mosaic with a thin grey frame around every image.

Used for bars-and-stripes patterns, auto-encoder reconstructions and RBM
weights. The frame is mid-grey so the tiles stay apart on light and dark pages.

>>> import torch
>>> from spiral_tut.images import plot_images
>>> ax = plot_images(torch.rand(6, 16), ncols=3)
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes

from ._checks import check_int


def image_mosaic(
    images: torch.Tensor | np.ndarray,
    shape: tuple[int, int] | None = None,
    ncols: int = 8,
    pad: int = 1,
) -> np.ndarray:
    """Tile ``images`` row by row into one array, ``ncols`` per row, ``pad`` NaN pixels between.

    ``images`` has shape ``(n, height, width)``, or ``(n, height·width)`` with
    ``shape=(height, width)`` (default: square). NaN marks the frame and empty
    tiles; :func:`plot_images` draws it grey.

    >>> mosaic = image_mosaic(np.ones((3, 4)), ncols=2)
    >>> mosaic.shape
    (7, 7)
    >>> int(np.isnan(mosaic).sum())  # 7·7 pixels, 3·4 of them image: frame + empty tile
    37
    """
    if isinstance(images, torch.Tensor):
        images = images.detach().cpu().numpy()
    if not isinstance(images, np.ndarray):
        raise TypeError(
            f"images must be a torch.Tensor or a numpy.ndarray, got {type(images).__name__}"
        )
    ncols = check_int("ncols", ncols)
    pad = check_int("pad", pad, minimum=0)
    if images.ndim == 2:
        if shape is None:
            side = math.isqrt(images.shape[1])
            if side * side != images.shape[1]:
                raise ValueError(
                    f"images of {images.shape[1]} pixels are not square; pass shape=(height, width)"
                )
            shape = (side, side)
        if len(shape) != 2 or shape[0] * shape[1] != images.shape[1]:
            raise ValueError(
                f"shape must be (height, width) with height·width = {images.shape[1]}, got {shape}"
            )
        images = images.reshape(len(images), *shape)
    elif images.ndim != 3:
        raise ValueError(
            f"images must have shape (n, height, width) or (n, pixels), got {images.shape}"
        )
    if len(images) == 0:
        raise ValueError("images must hold at least one image")
    n, height, width = images.shape
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    mosaic = np.full(
        (nrows * (height + pad) + pad, ncols * (width + pad) + pad), np.nan, dtype=float
    )
    for k, image in enumerate(images):
        row, col = divmod(k, ncols)
        top, left = pad + row * (height + pad), pad + col * (width + pad)
        mosaic[top : top + height, left : left + width] = image
    return mosaic


def plot_images(
    images: torch.Tensor | np.ndarray,
    shape: tuple[int, int] | None = None,
    *,
    ncols: int = 8,
    ax: Axes | None = None,
    cmap: str = "gray",
    vmin: float | None = 0.0,
    vmax: float | None = 1.0,
    title: str | None = None,
) -> Axes:
    """Draw ``images`` as a grid (see :func:`image_mosaic`) with mid-grey frames.

    ``vmin``/``vmax`` fix the colour scale (default ``0..1`` for pixel
    intensities; ``None`` fits it to the data). Returns the Axes.

    >>> ax = plot_images(np.eye(4), shape=(2, 2), ncols=4, title="one pixel each")
    """
    mosaic = image_mosaic(images, shape, ncols=ncols)
    colours = plt.get_cmap(cmap).with_extremes(bad="0.5")
    ax = plt.gca() if ax is None else ax
    ax.imshow(mosaic, cmap=colours, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    return ax
