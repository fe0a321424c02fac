"""Argument checks shared by the public functions.

Every check raises ``TypeError`` or ``ValueError`` whose message names the
argument and says what was expected, so a student sees the mistake instead of
a deep PyTorch traceback.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import torch


def check_int(name: str, value: object, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as ``int`` if it is an integer ``>= minimum`` (and ``<= maximum``)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return int(value)


def check_real(
    name: str, value: object, *, minimum: float | None = None, strict: bool = False
) -> float:
    """Return ``value`` as a finite ``float`` that is ``>= minimum`` (``>`` if strict)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None and (value <= minimum if strict else value < minimum):
        relation = ">" if strict else ">="
        raise ValueError(f"{name} must be {relation} {minimum}, got {value}")
    return value


def check_features(name: str, X: object, *, n_features: int | None = None) -> torch.Tensor:
    """Check that ``X`` is a finite floating-point tensor of shape ``(n, d)``."""
    if not isinstance(X, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(X).__name__}")
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(
            f"{name} must have shape (n_samples, n_features) with n_samples >= 1, "
            f"got {tuple(X.shape)}"
        )
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} features (columns), got shape {tuple(X.shape)}"
        )
    if not X.is_floating_point():
        raise TypeError(f"{name} must hold floating-point numbers, got dtype {X.dtype}")
    if not bool(torch.isfinite(X).all()):
        raise ValueError(f"{name} contains NaN or infinite values")
    return X


def check_labels(
    name: str, y: object, *, n_samples: int, n_classes: int | None = None, x_name: str = "X"
) -> torch.Tensor:
    """Check that ``y`` is a 1-D integer tensor of ``n_samples`` labels in ``0..n_classes-1``."""
    if not isinstance(y, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(y).__name__}")
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one label per sample), got shape {tuple(y.shape)}")
    if y.dtype.is_floating_point or y.dtype.is_complex or y.dtype == torch.bool:
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    if len(y) != n_samples:
        raise ValueError(f"{name} has {len(y)} labels but {x_name} has {n_samples} samples")
    if len(y) and int(y.min()) < 0:
        raise ValueError(f"{name} must hold labels >= 0, got {int(y.min())}")
    if n_classes is not None and len(y) and int(y.max()) >= n_classes:
        raise ValueError(
            f"{name} must hold labels in 0..{n_classes - 1} (the model has {n_classes} "
            f"outputs), got {int(y.max())}"
        )
    return y
