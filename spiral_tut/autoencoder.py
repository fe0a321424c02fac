"""Auto-encoders: a network trained to copy its input through a narrow code.

An encoder ``f`` maps an input ``x`` to a code ``z = f(x)`` and a decoder ``g``
maps it back to ``x̂ = g(z)``; training minimises the reconstruction error
``‖x - x̂‖²``. Also here: greedy layer-wise pre-training of a deep network
with one small auto-encoder per layer.

>>> import torch
>>> from spiral_tut.autoencoder import AutoEncoder, train_autoencoder
>>> X = torch.rand(64, 10)
>>> model = AutoEncoder(d_in=10, d_code=2, hidden=(8,))
>>> losses = train_autoencoder(model, X, epochs=5)
>>> model.encode(X).shape
torch.Size([64, 2])
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from ._checks import check_features, check_int, check_real
from .data import _generator
from .models import activation_layer
from .training import _make_optimizer, evaluating


class AutoEncoder(nn.Module):
    """An encoder ``d_in → hidden… → d_code`` and a mirrored decoder ``d_code → …hidden → d_in``.

    Every hidden layer is ``Linear`` followed by ``activation``; the code layer
    is followed by ``code_activation`` and the output by ``output_activation``
    (names from :data:`spiral_tut.models.ACTIVATIONS`, or modules). With no hidden
    layers and identity activations the auto-encoder is linear and learns the
    same subspace as PCA.

    >>> AutoEncoder(d_in=4, d_code=2, hidden=(3,), activation="tanh")
    AutoEncoder(
      (encoder): Sequential(
        (0): Linear(in_features=4, out_features=3, bias=True)
        (1): Tanh()
        (2): Linear(in_features=3, out_features=2, bias=True)
        (3): Identity()
      )
      (decoder): Sequential(
        (0): Linear(in_features=2, out_features=3, bias=True)
        (1): Tanh()
        (2): Linear(in_features=3, out_features=4, bias=True)
        (3): Identity()
      )
    )
    """

    def __init__(
        self,
        d_in: int,
        d_code: int,
        hidden: Sequence[int] = (),
        activation: str | nn.Module = "tanh",
        code_activation: str | nn.Module = "identity",
        output_activation: str | nn.Module = "identity",
    ) -> None:
        super().__init__()
        d_in = check_int("d_in", d_in)
        d_code = check_int("d_code", d_code)
        if isinstance(hidden, (str, bytes)) or not isinstance(hidden, Sequence):
            raise TypeError(f"hidden must be a sequence of widths, got {type(hidden).__name__}")
        hidden = [check_int(f"hidden[{i}]", width) for i, width in enumerate(hidden)]
        for name, value in (
            ("activation", activation),
            ("code_activation", code_activation),
            ("output_activation", output_activation),
        ):
            try:
                activation_layer(value)
            except (TypeError, ValueError) as error:
                raise type(error)(f"{name}: {error}") from None
        widths = [d_in, *hidden, d_code]
        self.encoder = _stack(widths, activation, code_activation)
        self.decoder = _stack(widths[::-1], activation, output_activation)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The code ``z = f(x)``."""
        return self.encoder(x)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """The reconstruction ``x̂ = g(z)``."""
        return self.decoder(z)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The reconstruction ``g(f(x))``."""
        return self.decoder(self.encoder(x))


def _stack(
    widths: list[int], activation: str | nn.Module, last_activation: str | nn.Module
) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (width_in, width_out) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
        last = i == len(widths) - 2
        layers += [
            nn.Linear(width_in, width_out),
            activation_layer(last_activation if last else activation),
        ]
    return nn.Sequential(*layers)


def reconstruction_error(model: nn.Module, X: torch.Tensor) -> float:
    """Mean squared error between ``X`` and ``model(X)``, per element, without gradients.

    >>> model = AutoEncoder(d_in=3, d_code=1)
    >>> reconstruction_error(model, torch.zeros(5, 3)) >= 0
    True
    """
    X = check_features("X", X)
    with evaluating(model):
        return (model(X) - X).square().mean().item()


def train_autoencoder(
    model: nn.Module,
    X: torch.Tensor,
    *,
    optimizer: str | torch.optim.Optimizer = "adam",
    lr: float = 1e-2,
    epochs: int = 500,
    batch_size: int | None = None,
    seed: int | None = 0,
    log_every: int = 0,
) -> list[float]:
    """Train ``model`` to reproduce ``X`` (mean squared error); return the loss of each epoch.

    Full batch by default, else shuffled mini-batches of ``batch_size`` rows
    (``seed`` fixes the order). ``optimizer`` is ``"sgd"``, ``"adam"`` or a
    ready optimizer. The model is moved to ``X``'s device. The loss is printed
    at epoch 0, every ``log_every`` epochs and at the last epoch (``0``: silent).

    >>> model = AutoEncoder(d_in=3, d_code=2)
    >>> losses = train_autoencoder(model, torch.randn(20, 3), epochs=50)
    >>> losses[-1] < losses[0]
    True
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    X = check_features("X", X)
    lr = check_real("lr", lr, minimum=0.0, strict=True)
    epochs = check_int("epochs", epochs, minimum=0)
    log_every = check_int("log_every", log_every, minimum=0)
    batch_size = len(X) if batch_size is None else check_int("batch_size", batch_size)
    generator = _generator(seed)  # seed=None: fresh randomness

    model.to(X.device)
    optimizer = _make_optimizer(optimizer, model, lr, 0.0)
    losses: list[float] = []
    if log_every:
        print(f"{'epoch':>6} {'recon_loss':>12}")
    was_training = model.training
    model.train()
    for epoch in range(epochs):
        if batch_size >= len(X):
            batches = [X]
        else:
            order = torch.randperm(len(X), generator=generator).to(X.device)
            batches = [X[order[i : i + batch_size]] for i in range(0, len(X), batch_size)]
        total = torch.zeros((), device=X.device)
        for batch in batches:
            loss = (model(batch) - batch).square().mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(batch)
        losses.append((total / len(X)).item())
        if log_every and (epoch % log_every == 0 or epoch == epochs - 1):
            print(f"{epoch:>6d} {losses[-1]:>12.6f}")
    model.train(was_training)
    return losses


def pretrain_layerwise(
    model: nn.Sequential,
    X: torch.Tensor,
    *,
    standardize: bool = True,
    optimizer: str = "adam",
    lr: float = 1e-2,
    epochs: int = 200,
    batch_size: int | None = None,
    seed: int | None = 0,
    log_every: int = 0,
) -> list[list[float]]:
    """Greedy layer-wise pre-training of the hidden layers of ``model``, in place.

    ``model`` is a ``nn.Sequential`` like :func:`spiral_tut.mlp` builds:
    ``Linear`` layers, each followed by its activation, and a final ``Linear``
    output layer, which is left untouched. For hidden layer ``k`` in order, an
    auto-encoder is trained on ``h_{k-1}`` (``h_0 = X``): its encoder *is* the
    layer (its ``Linear`` and the modules after it), its decoder a fresh
    ``Linear`` back to the layer's input width. Then ``h_k`` = encoder output
    feeds the next layer. Labels are never used.

    With ``standardize=True`` each auto-encoder sees its input standardised,
    ``(h - mean) / std`` per feature (features constant on ``X`` are only
    centred), and afterwards the standardisation is folded into the layer:
    ``W ← W / std``, ``b ← b - W mean``. The layer then computes on raw ``h``
    what the encoder computed on standardised ``h``, and small-variance
    activations of deep layers do not make the later auto-encoders' task vanish.

    Returns the training losses of each layer's auto-encoder (see
    :func:`train_autoencoder`, which gets the remaining arguments; with
    ``standardize=True`` a loss is relative to the input's variance).

    >>> from spiral_tut import mlp
    >>> net = mlp(d_in=2, hidden=8, n_classes=3, depth=2, activation="sigmoid")
    >>> losses = pretrain_layerwise(net, torch.randn(50, 2), epochs=10)
    >>> len(losses), len(losses[0])
    (2, 10)
    """
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"model must be a torch.nn.Sequential, got {type(model).__name__}")
    if not isinstance(optimizer, str):
        raise TypeError(
            "optimizer must be 'sgd' or 'adam' (one is made per layer), "
            f"got {type(optimizer).__name__}"
        )
    if not isinstance(standardize, bool):
        raise TypeError(f"standardize must be True or False, got {type(standardize).__name__}")
    X = check_features("X", X)
    starts = [i for i, layer in enumerate(model) if isinstance(layer, nn.Linear)]
    if len(starts) < 2:
        raise ValueError(
            "model must have at least one hidden Linear layer before the output Linear layer, "
            f"got {len(starts)} Linear layer(s)"
        )
    if starts[0] != 0:
        raise ValueError(f"model must start with a Linear layer, got {type(model[0]).__name__}")
    first = model[0]
    if first.in_features != X.shape[1]:
        raise ValueError(
            f"X must have {first.in_features} features for this model, got shape {tuple(X.shape)}"
        )
    if standardize and any(model[i].bias is None for i in starts[:-1]):
        raise ValueError("standardize=True needs hidden Linear layers with a bias (bias=True)")
    seed_offset = 0 if seed is None else check_int("seed", seed, minimum=0)
    model.to(X.device)
    losses: list[list[float]] = []
    h = X
    for k, (start, stop) in enumerate(zip(starts[:-1], starts[1:], strict=True)):
        encoder = model[start:stop]  # the layer's Linear and its activation (shared modules)
        linear = model[start]
        if standardize:
            mean, std = h.mean(dim=0), h.std(dim=0)
            std = torch.where(std > 1e-6, std, torch.ones_like(std))  # constant: centre only
            inputs = (h - mean) / std
        else:
            inputs = h
        decoder = nn.Linear(linear.out_features, linear.in_features).to(X.device)
        layer_losses = train_autoencoder(
            nn.Sequential(encoder, decoder),
            inputs,
            optimizer=optimizer,
            lr=lr,
            epochs=epochs,
            batch_size=batch_size,
            seed=None if seed is None else seed_offset + k,
            log_every=log_every,
        )
        losses.append(layer_losses)
        with torch.no_grad():
            if standardize:  # W (x - m) / s + b  =  (W / s) x + (b - (W / s) m)
                linear.weight /= std
                linear.bias -= linear.weight @ mean
        with evaluating(encoder):
            h = encoder(h)
    return losses
