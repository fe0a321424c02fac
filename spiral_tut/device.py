"""Choosing the device: CUDA when it exists, else the CPU, as in the course."""

from __future__ import annotations

import torch


def default_device(device: str | torch.device | None = None) -> torch.device:
    """Return the device to compute on.

    ``None`` or ``"auto"`` picks ``cuda`` when a GPU is available and ``cpu``
    otherwise; anything else is taken as asked for.

    >>> default_device("cpu")
    device(type='cpu')
    """
    if device is None or device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if not isinstance(device, (str, torch.device)):
        raise TypeError(
            f"device must be None, 'auto', a string or a torch.device, got {type(device).__name__}"
        )
    try:
        device = torch.device(device)
    except RuntimeError as error:
        raise ValueError(
            f"device must name a torch device such as 'cpu' or 'cuda', got {device!r}"
        ) from error
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError("device is 'cuda' but no CUDA GPU is available; use 'cpu' or 'auto'")
    return device
