"""The course's two models: the "linear" one and a multi-layer perceptron."""

from __future__ import annotations

import copy

from torch import nn

from ._checks import check_int

#: Far more parameters than any page needs (400 MB of float32 weights); larger models are
#: refused before anything is allocated.
MAX_PARAMETERS = 100_000_000

ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "leaky_relu": nn.LeakyReLU,
    "gelu": nn.GELU,
    "identity": nn.Identity,
}


def activation_layer(activation: str | nn.Module) -> nn.Module:
    """Return a fresh activation module from a name in ``ACTIVATIONS`` or a module.

    >>> activation_layer("tanh")
    Tanh()
    """
    if isinstance(activation, nn.Module):
        return copy.deepcopy(activation)
    if not isinstance(activation, str):
        raise TypeError(
            f"activation must be a name or an nn.Module, got {type(activation).__name__}"
        )
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {sorted(ACTIVATIONS)} or an nn.Module, got {activation!r}"
        )
    return ACTIVATIONS[activation]()


def _check_size(d_in: int, hidden: int, n_classes: int, depth: int) -> None:
    """Refuse an MLP of these sizes before building it, if it has too many parameters."""
    # first layer, depth - 1 further hidden layers, output layer (weights and biases)
    count = (d_in + 1) * hidden + (depth - 1) * (hidden + 1) * hidden + (hidden + 1) * n_classes
    if count > MAX_PARAMETERS:
        raise ValueError(
            f"model too large: d_in={d_in}, hidden={hidden}, n_classes={n_classes}, "
            f"depth={depth} give {count} parameters (at most {MAX_PARAMETERS})"
        )


def linear_model(d_in: int = 2, hidden: int = 100, n_classes: int = 3) -> nn.Sequential:
    """The course's first model: ``Linear → Linear`` with nothing in between.

    Two stacked affine maps are one affine map, so its class regions are
    wedges separated by straight lines.

    >>> linear_model()
    Sequential(
      (0): Linear(in_features=2, out_features=100, bias=True)
      (1): Linear(in_features=100, out_features=3, bias=True)
    )
    """
    d_in = check_int("d_in", d_in)
    hidden = check_int("hidden", hidden)
    n_classes = check_int("n_classes", n_classes, minimum=2)
    _check_size(d_in, hidden, n_classes, depth=1)  # the same layer shapes as mlp(depth=1)
    return nn.Sequential(nn.Linear(d_in, hidden), nn.Linear(hidden, n_classes))


def mlp(
    d_in: int = 2,
    hidden: int = 100,
    n_classes: int = 3,
    depth: int = 1,
    activation: str | nn.Module = "relu",
) -> nn.Sequential:
    """A multi-layer perceptron with ``depth`` hidden layers of width ``hidden``.

    ``activation`` is a name from ``ACTIVATIONS`` or a module (copied per layer).
    Models of more than ``MAX_PARAMETERS`` parameters are refused before any
    layer is built.

    >>> mlp(depth=2, activation="tanh")
    Sequential(
      (0): Linear(in_features=2, out_features=100, bias=True)
      (1): Tanh()
      (2): Linear(in_features=100, out_features=100, bias=True)
      (3): Tanh()
      (4): Linear(in_features=100, out_features=3, bias=True)
    )
    """
    d_in = check_int("d_in", d_in)
    hidden = check_int("hidden", hidden)
    n_classes = check_int("n_classes", n_classes, minimum=2)
    depth = check_int("depth", depth)
    _check_size(d_in, hidden, n_classes, depth)
    activation_layer(activation)  # validate before building anything
    layers: list[nn.Module] = []
    width_in = d_in
    for _ in range(depth):
        layers += [nn.Linear(width_in, hidden), activation_layer(activation)]
        width_in = hidden
    layers.append(nn.Linear(width_in, n_classes))
    return nn.Sequential(*layers)
