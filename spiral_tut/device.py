"""Choosing the device: CUDA when it exists, else the CPU, as in the course."""

from __future__ import annotations

import torch


def _available_types() -> list[str]:
    """The device types this machine can compute on."""
    types = ["cpu"]
    if torch.cuda.is_available():
        types.append("cuda")
    if torch.backends.mps.is_available():
        types.append("mps")
    return types


def default_device(device: str | torch.device | None = None) -> torch.device:
    """Return the device to compute on.

    ``None`` or ``"auto"`` picks ``cuda`` when a GPU is available and ``cpu``
    otherwise; anything else is taken as asked for, if this machine has it.

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
        parsed = torch.device(device)
    except RuntimeError:
        parsed = None
    if parsed is not None and parsed.type == "cuda" and not torch.cuda.is_available():
        raise ValueError("device is 'cuda' but no CUDA GPU is available; use 'cpu' or 'auto'")
    if parsed is None or parsed.type not in _available_types():
        raise ValueError(
            f"device must be 'auto' or a device this machine has ({', '.join(_available_types())}),"
            f" got {device!r}"
        )
    return parsed
