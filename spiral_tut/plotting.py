"""Plots of the data, a model's decision regions and training curves.

A drop-in replacement for the course's ``plot_lib``: ``set_default``,
``plot_data`` and ``plot_model`` keep their names and positional arguments,
accept CUDA tensors and NumPy arrays, leave the model where it is, and return
the Axes they drew on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from torch import nn

from ._checks import check_int, check_real
from .training import History, predict

#: Figure colours for each theme of :func:`set_default`. ``transparent`` draws
#: mid-grey text on no background, readable on light and dark pages alike.
THEMES: dict[str, dict[str, str]] = {
    "light": {"background": "white", "text": "black", "cross": "0.8"},
    "dark": {"background": "black", "text": "white", "cross": "0.2"},
    "transparent": {"background": "none", "text": "0.5", "cross": "0.5"},
}

_style = {"cross": THEMES["light"]["cross"]}


def set_default(
    figsize: tuple[float, float] = (10, 10), dpi: float = 100, theme: str = "light"
) -> None:
    """Set matplotlib's figure size, resolution and colour ``theme``.

    ``theme`` is ``"light"`` (white), ``"dark"`` (black, like the course's
    ``plot_lib``) or ``"transparent"`` (for web pages with light and dark modes).

    >>> set_default(figsize=(4, 4), theme="transparent")
    """
    if not isinstance(theme, str) or theme not in THEMES:
        raise ValueError(f"theme must be one of {sorted(THEMES)}, got {theme!r}")
    if not isinstance(figsize, Sequence) or len(figsize) != 2:
        raise ValueError(f"figsize must be (width, height), got {figsize!r}")
    for name, value in (("figsize[0]", figsize[0]), ("figsize[1]", figsize[1]), ("dpi", dpi)):
        check_real(name, value, minimum=0, strict=True)
    colours = THEMES[theme]
    plt.rcdefaults()
    plt.rcParams.update(
        {
            "figure.figsize": tuple(figsize),
            "figure.dpi": dpi,
            "figure.facecolor": colours["background"],
            "savefig.facecolor": colours["background"],
            "axes.facecolor": colours["background"],
            "axes.edgecolor": colours["text"],
            "axes.labelcolor": colours["text"],
            "axes.titlecolor": colours["text"],
            "text.color": colours["text"],
            "xtick.color": colours["text"],
            "ytick.color": colours["text"],
            "legend.facecolor": colours["background"],
            "legend.edgecolor": colours["text"],
            "savefig.transparent": theme == "transparent",
        }
    )
    _style["cross"] = colours["cross"]


def _to_numpy(name: str, values: object) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        return values.detach().cpu().numpy()
    if isinstance(values, np.ndarray):
        return values
    raise TypeError(
        f"{name} must be a torch.Tensor or a numpy.ndarray, got {type(values).__name__}"
    )


def _points(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    X, y = _to_numpy("X", X), _to_numpy("y", y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2), got {X.shape}")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"y must hold one label per row of X ({len(X)}), got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if not np.issubdtype(X.dtype, np.number):
        raise TypeError(f"X must hold numbers, got dtype {X.dtype}")
    if not np.isfinite(X).all():  # matplotlib would silently leave such points out
        raise ValueError("X contains NaN or infinite values")
    return X, y


def plot_data(
    X: torch.Tensor | np.ndarray,
    y: torch.Tensor | np.ndarray,
    d: float = 0,
    auto: bool = False,
    zoom: float = 1,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Scatter the 2-D points ``X`` coloured by class ``y``.

    Square axes limited to ±1.1·``zoom`` (or fitted to the data with
    ``auto=True``), no frame, a faint cross-hair at 0. ``d`` is kept for
    compatibility with the course's ``plot_lib``, where it has no effect.
    ``y`` must hold integer class labels and ``X`` finite numbers: NaN or
    infinite points are refused, not silently left out.

    >>> from spiral_tut import make_spiral
    >>> ax = plot_data(*make_spiral(n_per_class=50, device="cpu"))
    """
    X, y = _points(X, y)
    zoom = check_real("zoom", zoom, minimum=0, strict=True)
    ax = plt.gca() if ax is None else ax
    ax.scatter(X[:, 0], X[:, 1], c=y, s=20, cmap=plt.cm.Spectral)
    ax.axis("square")
    ax.axis(np.array((-1.1, 1.1, -1.1, 1.1)) * zoom)
    if auto:
        ax.axis("equal")
    ax.axis("off")
    ax.axvline(0, color=_style["cross"], lw=1, zorder=0)
    ax.axhline(0, color=_style["cross"], lw=1, zorder=0)
    if title is not None:
        ax.set_title(title)
    return ax


def plot_model(
    X: torch.Tensor | np.ndarray,
    y: torch.Tensor | np.ndarray,
    model: nn.Module,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Fill each point of a fine grid with ``model``'s predicted class, then draw the data.

    The grid is evaluated on the model's own device, without gradients and in
    eval mode; the model is neither moved nor left in another mode.

    >>> from spiral_tut import make_spiral, mlp
    >>> X, y = make_spiral(n_per_class=50, device="cpu")
    >>> ax = plot_model(X, y, mlp())
    """
    X, y = _points(X, y)
    mesh = np.arange(-1.1, 1.1, 0.01)
    xx, yy = np.meshgrid(mesh, mesh)
    grid = torch.from_numpy(np.stack((xx.ravel(), yy.ravel()), axis=1)).float()
    classes = predict(model, grid).numpy().reshape(xx.shape)
    ax = plt.gca() if ax is None else ax
    # One band per class and the colour scale of plot_data's scatter (classes 0 .. n - 1), so a
    # model that predicts one class everywhere fills the plane with that class's colour.
    n = int(max(y.max(), classes.max())) + 1
    levels = np.arange(n + 1) - 0.5
    ax.contourf(xx, yy, classes, levels=levels, cmap=plt.cm.Spectral, vmin=0, vmax=n - 1, alpha=0.3)
    return plot_data(X, y, ax=ax, title=title)


def plot_history(history: History, ax: Sequence[Axes] | None = None) -> tuple[Axes, Axes]:
    """Draw loss (left) and accuracy (right) per epoch, train and validation.

    ``ax`` is a pair of Axes to draw on; by default a new 1×2 figure is made.

    >>> from spiral_tut import History
    >>> loss_ax, acc_ax = plot_history(History(loss=[1.0, 0.5], accuracy=[0.3, 0.8]))
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a spiral_tut.History, got {type(history).__name__}")
    if ax is None:
        width, _ = plt.rcParams["figure.figsize"]
        _, ax = plt.subplots(1, 2, figsize=(width, width * 0.4), layout="constrained")
    pair = list(ax) if isinstance(ax, (Sequence, np.ndarray)) else [ax]
    if len(pair) != 2 or not all(isinstance(a, Axes) for a in pair):
        got = ", ".join(type(a).__name__ for a in pair) or "nothing"
        raise ValueError(
            f"ax must be a pair of Axes (loss, accuracy), e.g. from plt.subplots(1, 2); got {got}"
        )
    loss_ax, acc_ax = pair
    for axes, train, val, label in (
        (loss_ax, history.loss, history.val_loss, "loss"),
        (acc_ax, history.accuracy, history.val_accuracy, "accuracy"),
    ):
        axes.plot(train, label="train")
        if val:
            axes.plot(val, label="validation")
        axes.set_xlabel("epoch")
        axes.set_ylabel(label)
        axes.grid(alpha=0.3)
        axes.legend()
    return loss_ax, acc_ax


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
