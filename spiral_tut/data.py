"""The spiral data set of the course (§4.2) and a stratified train/test split."""

from __future__ import annotations

import math

import torch

from ._checks import check_features, check_int, check_labels, check_real
from .device import default_device

#: More points than any page needs (80 MB of float32 coordinates); larger requests are refused
#: before anything is allocated.
MAX_POINTS = 10_000_000
#: torch's generators take seeds in ``0..2**64 - 1``.
MAX_SEED = 2**64 - 1


def _generator(seed: int | None) -> torch.Generator:
    """A private CPU random-number generator, so the global RNG is left alone."""
    generator = torch.Generator()
    if seed is None:
        generator.seed()
    else:
        generator.manual_seed(check_int("seed", seed, minimum=0, maximum=MAX_SEED))
    return generator


def make_spiral(
    n_per_class: int = 1000,
    n_classes: int = 3,
    noise: float = 0.2,
    seed: int | None = 12345,
    device: str | torch.device | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Make ``n_classes`` interleaved spiral arms in the unit disc.

    Arm ``c`` has ``n_per_class`` points at radius ``t = linspace(0, 1, N)`` and angle
    ``linspace(2π/C·c, 2π/C·(2+c), N) + noise·randn(N)``, at ``t·(sin θ, cos θ)``.
    With the default arguments the points equal those of the course's loop run right
    after ``torch.manual_seed(12345)``. ``seed=None`` gives fresh randomness.

    Returns ``X`` (float32, shape ``(N·C, 2)``) and ``y`` (int64, ``N·C`` labels,
    classes in order ``0..C-1``) on ``device`` (default: CUDA if available).
    More than ``MAX_POINTS`` points, or a ``noise`` so large that the angles
    overflow float32, is refused.

    >>> X, y = make_spiral(n_per_class=100, device="cpu")
    >>> X.shape, y.shape, y.bincount().tolist()
    (torch.Size([300, 2]), torch.Size([300]), [100, 100, 100])
    """
    n_per_class = check_int("n_per_class", n_per_class)
    n_classes = check_int("n_classes", n_classes, minimum=2)
    noise = check_real("noise", noise, minimum=0.0)
    if n_per_class * n_classes > MAX_POINTS:
        raise ValueError(
            f"n_per_class * n_classes = {n_per_class * n_classes} points is too large "
            f"(at most {MAX_POINTS})"
        )
    device = default_device(device)
    generator = _generator(seed)

    radius = torch.linspace(0, 1, n_per_class)
    arms = []
    for c in range(n_classes):  # one draw per class, in the course's order
        start, stop = 2 * math.pi / n_classes * c, 2 * math.pi / n_classes * (2 + c)
        theta = torch.linspace(start, stop, n_per_class)
        theta = theta + torch.randn(n_per_class, generator=generator) * noise
        arms.append(radius[:, None] * torch.stack((theta.sin(), theta.cos()), dim=1))
    X = torch.cat(arms)
    if not bool(torch.isfinite(X).all()):  # the angles overflowed float32
        raise ValueError(f"noise={noise} is too large: the points are not finite numbers")
    y = torch.arange(n_classes).repeat_interleave(n_per_class)
    return X.to(device), y.to(device)


def train_test_split(
    X: torch.Tensor, y: torch.Tensor, test_size: float = 0.2, seed: int | None = 0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Split ``(X, y)`` at random into train and test parts, class by class.

    Each class puts ``round(test_size · n_c)`` of its ``n_c`` samples into the test
    part, so every class keeps its share in both parts. Returns
    ``X_train, X_test, y_train, y_test`` on the device of ``X``.

    >>> X, y = make_spiral(n_per_class=10, device="cpu")
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
    >>> y_train.bincount().tolist(), y_test.bincount().tolist()
    ([8, 8, 8], [2, 2, 2])
    """
    X = check_features("X", X)
    y = check_labels("y", y, n_samples=len(X))
    test_size = check_real("test_size", test_size)
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be between 0 and 1 (exclusive), got {test_size}")
    generator = _generator(seed)

    labels = y.cpu()
    train_parts, test_parts = [], []
    for c in labels.unique().tolist():
        members = torch.nonzero(labels == c).flatten()
        members = members[torch.randperm(len(members), generator=generator)]
        n_test = round(test_size * len(members))
        if n_test == 0 or n_test == len(members):
            raise ValueError(
                f"test_size={test_size} leaves class {c} ({len(members)} samples) empty in "
                "the train or the test part; use more samples or another test_size"
            )
        test_parts.append(members[:n_test])
        train_parts.append(members[n_test:])
    train_index = torch.cat(train_parts).sort().values.to(X.device)
    test_index = torch.cat(test_parts).sort().values.to(X.device)
    return X[train_index], X[test_index], y.to(X.device)[train_index], y.to(X.device)[test_index]
