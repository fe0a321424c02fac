"""Multiply-adds (MACs): how much arithmetic one forward pass of a network costs."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from .training import _model_device, evaluating

#: The layers whose multiply-adds :func:`count_macs` counts.
COUNTED_LAYERS = (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d)


def count_macs(model: nn.Module, input_shape: Sequence[int]) -> dict[str, int]:
    """Return the multiply-adds of each ``Linear``/``Conv`` layer for ONE input sample.

    Runs one forward pass, in eval mode and without gradients, on a zero tensor of
    shape ``(1, *input_shape)`` with forward hooks. A ``Linear`` layer costs
    ``in_features`` multiply-adds per output number, a ``Conv`` layer
    ``in_channels / groups · prod(kernel_size)``. Bias additions, activations,
    pooling and normalisation are not counted (they are small next to the matrix
    products). Keys are module names, in call order; a layer called twice counts twice.

    >>> from torch import nn
    >>> count_macs(nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)), (3,))
    {'0': 12, '2': 8}
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if isinstance(input_shape, (str, bytes)) or not isinstance(input_shape, Sequence):
        raise TypeError(f"input_shape must be a sequence of ints, got {input_shape!r}")
    if not input_shape or not all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in input_shape
    ):
        raise ValueError(
            f"input_shape must hold positive ints (no batch size), got {input_shape!r}"
        )

    macs: dict[str, int] = {}

    def counter(name: str):
        def hook(module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
            per_output = module.weight[0].numel()  # the weights behind one output number
            macs[name] = macs.get(name, 0) + output[0].numel() * per_output

        return hook

    handles = [
        module.register_forward_hook(counter(name))
        for name, module in model.named_modules()
        if isinstance(module, COUNTED_LAYERS)
    ]
    device = _model_device(model, torch.device("cpu"))
    try:
        with evaluating(model):
            model(torch.zeros(1, *input_shape, device=device))
    finally:
        for handle in handles:
            handle.remove()
    return macs
