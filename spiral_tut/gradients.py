"""Per-layer gradient norms: how strongly each layer's weights are pushed by the loss.

Used to see vanishing (or exploding) gradients: in a deep sigmoid network the
layers near the input get gradients many orders of magnitude smaller than the
layers near the output.
"""

from __future__ import annotations

import torch
from torch import nn

from ._checks import check_features, check_int, check_labels


def weight_parameters(model: nn.Module) -> dict[str, nn.Parameter]:
    """Return the weight matrices (or kernels) of ``model``, input side first.

    A "layer" is a trainable parameter whose name ends in ``weight`` and which has
    at least two dimensions: the weights of ``Linear`` and ``Conv`` layers, not the
    scale vectors of ``BatchNorm``/``LayerNorm``, and no biases.

    >>> from spiral_tut import mlp
    >>> list(weight_parameters(mlp(depth=2)))
    ['0.weight', '2.weight', '4.weight']
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return {
        name: parameter
        for name, parameter in model.named_parameters()
        if parameter.requires_grad and name.endswith("weight") and parameter.ndim >= 2
    }


def weight_gradient_norms(model: nn.Module) -> dict[str, float]:
    """Return the Euclidean norm of each weight's current ``.grad`` (after ``backward``).

    A weight without a gradient yet counts as ``0.0``.

    >>> import torch
    >>> from spiral_tut import mlp
    >>> model = mlp(depth=1)
    >>> model(torch.ones(4, 2)).sum().backward()
    >>> sorted(weight_gradient_norms(model))
    ['0.weight', '2.weight']
    """
    return {
        name: 0.0 if parameter.grad is None else parameter.grad.norm().item()
        for name, parameter in weight_parameters(model).items()
    }


def layer_gradient_norms(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    loss_fn: nn.Module | None = None,
) -> dict[str, float]:
    """Return the norm of ``d loss / d W`` for every weight ``W`` of ``model`` on ``(X, y)``.

    One forward and backward pass on the whole batch with ``loss_fn`` (default
    ``CrossEntropyLoss``), in the model's current mode (``BatchNorm`` in train mode
    uses, and updates, its batch statistics). The model's ``.grad`` fields are left
    untouched. Keys are parameter names, input side first.

    >>> from spiral_tut import make_spiral, mlp
    >>> X, y = make_spiral(n_per_class=20, device="cpu")
    >>> norms = layer_gradient_norms(mlp(depth=3, activation="sigmoid"), X, y)
    >>> len(norms), all(value > 0 for value in norms.values())
    (4, True)
    """
    weights = weight_parameters(model)
    if not weights:
        raise ValueError("model must have at least one weight matrix (Linear or Conv layer)")
    X = check_features("X", X)
    y = check_labels("y", y, n_samples=len(X))
    if loss_fn is None:
        loss_fn = nn.CrossEntropyLoss()
    device = next(iter(weights.values())).device
    loss = loss_fn(model(X.to(device)), y.to(device))
    grads = torch.autograd.grad(loss, list(weights.values()), allow_unused=True)
    return {
        name: 0.0 if grad is None else grad.norm().item()
        for name, grad in zip(weights, grads, strict=True)
    }


class GradientNormRecorder:
    """A :func:`~spiral_tut.fit` callback that records :func:`weight_gradient_norms`.

    Every ``every`` epochs (and at epoch 0) it stores the epoch in ``epochs`` and the
    norms of the gradients that epoch's update used in ``norms`` (one dict per record).

    >>> from spiral_tut import fit, make_spiral, mlp
    >>> X, y = make_spiral(n_per_class=20, device="cpu")
    >>> recorder = GradientNormRecorder(every=2)
    >>> _ = fit(mlp(), X, y, epochs=5, log_every=0, callback=recorder)
    >>> recorder.epochs
    [0, 2, 4]
    >>> recorder.as_tensor().shape
    torch.Size([3, 2])
    """

    def __init__(self, every: int = 1) -> None:
        self.every = check_int("every", every)
        self.epochs: list[int] = []
        self.norms: list[dict[str, float]] = []

    def __call__(self, epoch: int, model: nn.Module, history: object = None) -> None:
        if epoch % self.every == 0:
            self.epochs.append(epoch)
            self.norms.append(weight_gradient_norms(model))

    def as_tensor(self) -> torch.Tensor:
        """Return the records as a ``(n_records, n_layers)`` tensor, layers input side first."""
        if not self.norms:
            return torch.empty(0, 0)
        return torch.tensor([list(norms.values()) for norms in self.norms])
