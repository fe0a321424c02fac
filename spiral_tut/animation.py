"""An animated picture of a model's decision regions as it trains.

Keep copies of the weights during training (``fit(..., callback=...)``), then
:func:`animate_boundary` draws one :func:`~spiral_tut.plot_model` frame per copy
and packs the frames into one animated WebP image. Unlike a GIF, WebP keeps the
half-transparent colours of ``set_default(theme="transparent")``, so the
animation reads well on light and dark pages. It shows itself in Jupyter and on
sphinx-gallery pages (``_repr_html_``, an ``<img>`` with the image inlined: no
JavaScript, no web fonts, no network).
"""

from __future__ import annotations

import base64
import copy
import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from PIL import Image, features
from torch import nn

from ._checks import check_int, check_real
from .plotting import plot_model
from .training import accuracy

# One training snapshot: (epoch, state_dict). Private: a documented alias of a builtin type
# would send Sphinx's viewcode looking for the source of "builtins".
_Snapshot = tuple[int, Mapping[str, torch.Tensor]]


class AnimatedImage:
    """An animated WebP image held in memory.

    It shows as an ``<img>`` in Jupyter and on sphinx-gallery pages; :meth:`save`
    writes it to a file.

    >>> from PIL import Image
    >>> frames = [Image.new("RGBA", (8, 8), (255, 0, 0, 128)) for _ in range(2)]
    >>> AnimatedImage.from_frames(frames, durations=[100, 500])
    AnimatedImage(2 frames, 8x8 px, WebP)
    """

    def __init__(self, data: bytes, n_frames: int, size: tuple[int, int], alt: str = "") -> None:
        self.data = data
        self.n_frames = n_frames
        self.size = size
        self.alt = alt

    @classmethod
    def from_frames(
        cls, frames: Sequence[Image.Image], durations: Sequence[int], alt: str = ""
    ) -> AnimatedImage:
        """Encode RGBA ``frames`` shown for ``durations`` milliseconds each (lossless, looping)."""
        if not features.check("webp"):  # pragma: no cover - Pillow wheels include WebP
            raise RuntimeError("this Pillow was built without WebP support")
        if not frames or len(durations) != len(frames):
            raise ValueError(
                f"need one duration per frame and at least one frame, got {len(frames)} "
                f"frames and {len(durations)} durations"
            )
        buffer = io.BytesIO()
        frames[0].save(
            buffer,
            format="WEBP",
            save_all=True,
            append_images=list(frames[1:]),
            duration=[int(d) for d in durations],
            loop=0,
            lossless=True,
            method=4,
        )
        return cls(buffer.getvalue(), len(frames), frames[0].size, alt)

    def _repr_html_(self) -> str:
        encoded = base64.b64encode(self.data).decode("ascii")
        width, height = self.size
        return (
            f'<img src="data:image/webp;base64,{encoded}" width="{width}" height="{height}" '
            f'alt="{html.escape(self.alt)}" style="max-width: 100%; height: auto;">'
        )

    def __repr__(self) -> str:
        width, height = self.size
        return f"AnimatedImage({self.n_frames} frames, {width}x{height} px, WebP)"

    def save(self, path: str | Path) -> Path:
        """Write the image to ``path`` (use a ``.webp`` name) and return the path."""
        path = Path(path)
        path.write_bytes(self.data)
        return path


def _check_snapshots(snapshots: object) -> list[_Snapshot]:
    if not isinstance(snapshots, Sequence) or isinstance(snapshots, str) or not snapshots:
        raise ValueError("snapshots must be a non-empty list of (epoch, state_dict) pairs")
    for index, item in enumerate(snapshots):
        if not (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], int)
            and isinstance(item[1], Mapping)
        ):
            raise TypeError(
                f"snapshots[{index}] must be an (epoch, state_dict) pair, got {item!r:.80}"
            )
    return list(snapshots)


def _frame(figure: plt.Figure) -> Image.Image:
    """The figure as an RGBA image, saved the way sphinx-gallery saves figures."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="rgba", dpi=figure.dpi)
    return Image.frombuffer(
        "RGBA", figure.canvas.get_width_height(), buffer.getvalue(), "raw", "RGBA", 0, 1
    )


def animate_boundary(
    X: torch.Tensor,
    y: torch.Tensor,
    model: nn.Module,
    snapshots: Sequence[tuple[int, Mapping[str, torch.Tensor]]],
    *,
    title: str = "epoch {epoch}: accuracy {accuracy:.2f}",
    size: float = 4.5,
    dpi: float = 80,
    fps: float = 4,
    hold: float = 2,
    colors: int = 64,
) -> AnimatedImage:
    """Animate ``model``'s decision regions over the ``(epoch, state_dict)`` ``snapshots``.

    Each frame loads one snapshot into a copy of ``model`` (``model`` itself is not
    changed) and draws it with :func:`~spiral_tut.plot_model`; ``title`` is
    formatted with ``epoch`` and the frame's ``accuracy`` on ``(X, y)``. Frames are
    ``size`` inches square at ``dpi``, shown at ``fps`` frames per second, the last
    one for ``hold`` more seconds. Each frame is reduced to ``colors`` colours
    (2 to 256), which keeps the file small.

    >>> import copy
    >>> from spiral_tut import fit, make_spiral, mlp
    >>> X, y = make_spiral(n_per_class=20, device="cpu")
    >>> model = mlp(hidden=8)
    >>> snapshots = [(0, copy.deepcopy(model.state_dict()))]
    >>> def keep(epoch, model, history):
    ...     snapshots.append((epoch + 1, copy.deepcopy(model.state_dict())))
    >>> history = fit(model, X, y, epochs=2, log_every=0, callback=keep)
    >>> animate_boundary(X, y, model, snapshots, size=2)
    AnimatedImage(3 frames, 160x160 px, WebP)
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    snapshots = _check_snapshots(snapshots)
    if not isinstance(title, str):
        raise TypeError(f"title must be a format string, got {type(title).__name__}")
    size = check_real("size", size, minimum=0, strict=True)
    dpi = check_real("dpi", dpi, minimum=0, strict=True)
    fps = check_real("fps", fps, minimum=0, strict=True)
    hold = check_real("hold", hold, minimum=0)
    colors = check_int("colors", colors, minimum=2)
    if colors > 256:
        raise ValueError(f"colors must be between 2 and 256, got {colors}")

    frame_model = copy.deepcopy(model)
    figure, ax = plt.subplots(figsize=(size, size), dpi=dpi, layout="constrained")
    frames = []
    try:
        for epoch, state in snapshots:
            frame_model.load_state_dict(state)
            ax.clear()
            label = title.format(epoch=epoch, accuracy=accuracy(frame_model, X, y))
            plot_model(X, y, frame_model, ax=ax, title=label)
            image = _frame(figure)
            image = image.quantize(colors, method=Image.Quantize.FASTOCTREE).convert("RGBA")
            frames.append(image)
    finally:
        plt.close(figure)

    step = round(1000 / fps)
    durations = [step] * (len(frames) - 1) + [step + round(1000 * hold)]
    alt = f"decision regions from epoch {snapshots[0][0]} to epoch {snapshots[-1][0]}"
    return AnimatedImage.from_frames(frames, durations, alt=alt)
