"""Counting a model's parameters, and sizing an MLP to a parameter budget.

Comparing a wide network with a deep one is only fair when both have about the
same number of parameters; :func:`width_for_budget` picks the hidden width that
gets :func:`~spiral_tut.mlp` of a given depth closest to a budget.
"""

from __future__ import annotations

from torch import nn

from ._checks import check_int


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """Return the number of scalar parameters (weights and biases) of ``model``.

    With ``trainable_only=True`` only parameters with ``requires_grad`` count.

    >>> from spiral_tut import mlp
    >>> count_parameters(mlp(d_in=2, hidden=100, n_classes=3))  # 2*100+100 + 100*3+3
    603
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not isinstance(trainable_only, bool):
        raise TypeError(f"trainable_only must be True or False, got {trainable_only!r}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def mlp_parameter_count(
    d_in: int = 2, hidden: int = 100, n_classes: int = 3, depth: int = 1
) -> int:
    """Return the parameter count of ``mlp(d_in, hidden, n_classes, depth)`` without building it.

    The first layer has ``(d_in + 1)·hidden`` parameters, each further hidden layer
    ``(hidden + 1)·hidden`` and the output layer ``(hidden + 1)·n_classes``.

    >>> mlp_parameter_count(hidden=10, depth=3)  # 30 + 2*110 + 33
    283
    """
    d_in = check_int("d_in", d_in)
    hidden = check_int("hidden", hidden)
    n_classes = check_int("n_classes", n_classes, minimum=2)
    depth = check_int("depth", depth)
    return (d_in + 1) * hidden + (depth - 1) * (hidden + 1) * hidden + (hidden + 1) * n_classes


def width_for_budget(budget: int, depth: int, d_in: int = 2, n_classes: int = 3) -> int:
    """Return the width at which ``mlp`` of ``depth`` layers has about ``budget`` parameters.

    The count grows with the width, so a bisection finds the first width at or
    above the budget; of it and the width below, the closer one wins (the
    smaller on a tie). The answer is at least 1.

    >>> width_for_budget(603, depth=1)
    100
    >>> width_for_budget(600, depth=3)
    15
    """
    budget = check_int("budget", budget)
    depth = check_int("depth", depth)

    def count(width: int) -> int:
        return mlp_parameter_count(d_in, width, n_classes, depth)

    low, high = 1, 1
    while count(high) < budget:  # find an upper bound, then bisect
        low, high = high, 2 * high
    while low < high:
        middle = (low + high) // 2
        if count(middle) < budget:
            low = middle + 1
        else:
            high = middle
    if high > 1 and budget - count(high - 1) <= count(high) - budget:
        return high - 1
    return high
