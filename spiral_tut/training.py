"""Full-batch training exactly like the course's loop, plus ``predict`` and ``accuracy``."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import torch
from torch import nn

from ._checks import check_features, check_int, check_labels, check_real

#: Epochs of metrics kept on the device before they are copied into the History.
METRICS_BUFFER = 1000

OPTIMIZERS: dict[str, type[torch.optim.Optimizer]] = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
}


@dataclass
class History:
    """Per-epoch loss and accuracy recorded by :func:`fit`.

    Entry ``t`` is measured at epoch ``t`` before that epoch's update, as the
    course's loop prints it. ``val_loss`` and ``val_accuracy`` stay empty when
    no validation data was given.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.loss)


def _model_device(model: nn.Module, fallback: torch.device) -> torch.device:
    parameter = next(model.parameters(), None)
    return fallback if parameter is None else parameter.device


@contextlib.contextmanager
def evaluating(model: nn.Module) -> Iterator[nn.Module]:
    """Put ``model`` in eval mode without gradients, then restore its mode."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield model
    finally:
        model.train(was_training)


def _logits(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    """The model's outputs for ``X``, on the model's device, without grad, in eval mode."""
    _check_model(model)
    X = check_features("X", X)
    with evaluating(model):
        return _forward(model, X.to(_model_device(model, X.device)), "X")


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    """Return the predicted class of each row of ``X`` (on ``X``'s device).

    Runs on the model's device, without gradients and in eval mode; the model's
    previous mode is restored.

    >>> from spiral_tut import make_spiral, mlp
    >>> X, y = make_spiral(n_per_class=5, device="cpu")
    >>> predict(mlp(), X).shape
    torch.Size([15])
    """
    return _logits(model, X).argmax(dim=1).to(X.device)


def accuracy(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    """Return the fraction of rows of ``X`` whose predicted class equals ``y``.

    >>> from spiral_tut import make_spiral, mlp
    >>> X, y = make_spiral(n_per_class=5, device="cpu")
    >>> 0.0 <= accuracy(mlp(), X, y) <= 1.0
    True
    """
    logits = _logits(model, X)
    y = check_labels("y", y, n_samples=len(X), n_classes=logits.shape[1])
    return (logits.argmax(dim=1) == y.to(logits.device)).float().mean().item()


def _check_model(model: object) -> None:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")


def _forward(model: nn.Module, X: torch.Tensor, name: str) -> torch.Tensor:
    """Run the model, turning a shape mismatch into a clear error."""
    try:
        out = model(X)
    except RuntimeError as error:
        raise ValueError(
            f"{name} with {X.shape[1]} features and dtype {X.dtype} does not fit the model: {error}"
        ) from error
    if out.ndim != 2:
        raise ValueError(
            f"model must return logits of shape (n_samples, n_classes), got {tuple(out.shape)}"
        )
    return out


def _make_optimizer(
    optimizer: str | torch.optim.Optimizer, model: nn.Module, lr: float, weight_decay: float
) -> torch.optim.Optimizer:
    if isinstance(optimizer, torch.optim.Optimizer):
        held = {id(p) for group in optimizer.param_groups for p in group["params"]}
        if not any(id(p) in held for p in model.parameters()):
            raise ValueError(
                "optimizer holds none of the model's parameters (was it built for another "
                "model?); build it with model.parameters()"
            )
        return optimizer
    if not isinstance(optimizer, str):
        raise TypeError(
            "optimizer must be 'sgd', 'adam' or a torch.optim.Optimizer, "
            f"got {type(optimizer).__name__}"
        )
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, got {optimizer!r}")
    return OPTIMIZERS[optimizer](model.parameters(), lr=lr, weight_decay=weight_decay)


def _log_row(epoch: int, history: History) -> str:
    row = f"{epoch:>6d} {history.loss[-1]:>10.6f} {history.accuracy[-1]:>9.3f}"
    if history.val_loss:
        row += f" {history.val_loss[-1]:>10.6f} {history.val_accuracy[-1]:>9.3f}"
    return row


def fit(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    optimizer: str | torch.optim.Optimizer = "sgd",
    lr: float = 1e-3,
    weight_decay: float = 1e-5,
    epochs: int = 1000,
    X_val: torch.Tensor | None = None,
    y_val: torch.Tensor | None = None,
    log_every: int = 100,
    callback: Callable[[int, nn.Module, History], None] | None = None,
    progress: bool = False,
) -> History:
    """Train ``model`` on all of ``(X, y)`` at once, like the course's loop.

    Each epoch: forward pass, ``CrossEntropyLoss``, ``zero_grad``, ``backward``,
    ``step``. The model is moved to ``X``'s device. ``optimizer`` is ``"sgd"``,
    ``"adam"`` (built with ``lr`` and ``weight_decay``) or a ready optimizer, in
    which case ``lr`` and ``weight_decay`` are not used. A table is printed at
    epoch 0, every ``log_every`` epochs and at the last epoch (``0`` = silent).
    ``callback(epoch, model, history)`` runs after each update; reading the
    history there forces a device sync, so use it for snapshots, not logging.

    Labels of any integer dtype are accepted (converted to int64). If the loss
    becomes NaN or infinite, training stops with a ``FloatingPointError`` (found
    when the metrics are copied out: at a table row, a callback or every
    ``METRICS_BUFFER`` epochs); the model is left as it was then.

    >>> from spiral_tut import make_spiral, mlp
    >>> X, y = make_spiral(n_per_class=20, device="cpu")
    >>> history = fit(mlp(), X, y, optimizer="adam", lr=1e-2, epochs=5, log_every=0)
    >>> len(history.loss)
    5
    """
    _check_model(model)
    X = check_features("X", X)
    lr = check_real("lr", lr, minimum=0.0, strict=True)
    weight_decay = check_real("weight_decay", weight_decay, minimum=0.0)
    epochs = check_int("epochs", epochs, minimum=0)
    log_every = check_int("log_every", log_every, minimum=0)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable or None, got {type(callback).__name__}")
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val and y_val must be given together")

    model.to(X.device)
    with evaluating(model):
        n_classes = _forward(model, X[:1], "X").shape[1]
    # CrossEntropyLoss wants int64 labels; int32, int16, ... are converted.
    y = check_labels("y", y, n_samples=len(X), n_classes=n_classes).to(X.device, torch.long)
    validate = X_val is not None
    if validate:
        X_val = check_features("X_val", X_val, n_features=X.shape[1]).to(X.device)
        y_val = check_labels(
            "y_val", y_val, n_samples=len(X_val), n_classes=n_classes, x_name="X_val"
        )
        y_val = y_val.to(X.device, torch.long)
    optimizer = _make_optimizer(optimizer, model, lr, weight_decay)
    criterion = nn.CrossEntropyLoss()

    # Metrics stay on the device and are copied out only when printed or when the
    # buffer is full: a .item() every epoch would make the GPU wait for the CPU each time.
    metrics = torch.zeros(min(epochs, METRICS_BUFFER), 4 if validate else 2, device=X.device)
    history = History()
    if log_every:
        header = f"{'epoch':>6} {'loss':>10} {'accuracy':>9}"
        print(header + (f" {'val_loss':>10} {'val_acc':>9}" if validate else ""))

    epoch_range = range(epochs)
    if progress:
        from tqdm.auto import tqdm

        epoch_range = tqdm(epoch_range, desc="training", unit="epoch")
    was_training = model.training
    model.train()
    for epoch in epoch_range:
        row = epoch % len(metrics)  # the buffer's row for this epoch
        logits = model(X)
        loss = criterion(logits, y)
        metrics[row, 0] = loss.detach()
        metrics[row, 1] = (logits.argmax(dim=1) == y).float().mean()
        if validate:
            with evaluating(model):
                val_logits = model(X_val)
                metrics[row, 2] = criterion(val_logits, y_val)
                metrics[row, 3] = (val_logits.argmax(dim=1) == y_val).float().mean()

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        log_now = log_every > 0 and (epoch % log_every == 0 or epoch == epochs - 1)
        if log_now or callback is not None or row == len(metrics) - 1 or epoch == epochs - 1:
            _catch_up(history, metrics[: row + 1], first_epoch=epoch - row)
        if log_now:
            print(_log_row(epoch, history))
        if callback is not None:
            callback(epoch, model, history)
    model.train(was_training)
    return history


def _catch_up(history: History, metrics: torch.Tensor, first_epoch: int) -> None:
    """Append the metrics of the epochs from ``first_epoch`` on that ``history`` lacks.

    Raises ``FloatingPointError`` if the loss has become NaN or infinite.
    """
    start = len(history)
    columns = metrics[start - first_epoch :].T.tolist()
    lists = (history.loss, history.accuracy, history.val_loss, history.val_accuracy)
    # Without validation data there are two columns, so zip stops early.
    for values, column in zip(lists, columns, strict=False):
        values.extend(column)
    for epoch in range(start, len(history)):
        if not math.isfinite(history.loss[epoch]):
            raise FloatingPointError(
                f"loss became {history.loss[epoch]} at epoch {epoch}: the learning rate lr "
                "may be too large (or the values in X are); lower lr or rescale X"
            )
