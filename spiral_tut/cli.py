"""``spiral-tut train``: train a model on the spiral data from the command line."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import torch
from torch import nn

from .data import make_spiral, train_test_split
from .device import default_device
from .models import ACTIVATIONS, linear_model, mlp
from .training import OPTIMIZERS, evaluating, fit

#: Options that only the mlp has, with their defaults. They have no parser default, so
#: that giving one with ``--model linear`` can be told apart from not giving it.
MLP_OPTIONS = {"depth": 1, "activation": "relu"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit code 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="spiral-tut", description="Week-1 spiral classification.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    train = commands.add_parser(
        "train",
        help="train a model on the spiral data",
        description="Train on 80% of the spiral data, report loss and accuracy on both parts.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    train.add_argument(
        "--model",
        choices=["linear", "mlp"],
        default="mlp",
        help="linear (Linear-Linear) or mlp (with activations)",
    )
    train.add_argument("--hidden", type=int, default=100, help="units per hidden layer")
    train.add_argument(
        "--depth",
        type=int,
        default=argparse.SUPPRESS,
        help=f"number of hidden layers (mlp only; default: {MLP_OPTIONS['depth']})",
    )
    train.add_argument(
        "--activation",
        choices=sorted(ACTIVATIONS),
        default=argparse.SUPPRESS,
        help=f"activation function (mlp only; default: {MLP_OPTIONS['activation']})",
    )
    train.add_argument(
        "--optimizer",
        choices=sorted(OPTIMIZERS),
        default="adam",
        help="sgd or adam (built with --lr and --weight-decay)",
    )
    train.add_argument("--lr", type=float, default=1e-3, help="learning rate")
    train.add_argument(
        "--weight-decay",
        type=float,
        default=1e-5,
        help="L2 penalty (weight_decay of the optimizer)",
    )
    train.add_argument("--epochs", type=int, default=1000, help="number of full-batch epochs")
    train.add_argument("--seed", type=int, default=12345, help="seed for data and weights")
    train.add_argument(
        "--device",
        choices=["auto", "cpu", "cuda"],
        default="auto",
        help="where to compute; auto picks cuda if available",
    )
    train.add_argument(
        "--plot",
        metavar="PATH",
        help="save the decision-boundary figure to this file; its extension (.png, .svg, "
        ".pdf, ...) sets the format",
    )
    return parser


def train(args: argparse.Namespace) -> str:
    """Run ``spiral-tut train`` and return its final summary line."""
    if args.plot is not None:
        _check_plot_path(args.plot)  # before training, not after
    mlp_options = {name: getattr(args, name, default) for name, default in MLP_OPTIONS.items()}
    if args.model == "linear" and any(hasattr(args, name) for name in MLP_OPTIONS):
        given = " and ".join(f"--{name}" for name in MLP_OPTIONS if hasattr(args, name))
        raise ValueError(f"--model linear does not take {given} (mlp only)")
    device = default_device(args.device)
    X, y = make_spiral(seed=args.seed, device=device)
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=args.seed)
    torch.manual_seed(args.seed)
    if args.model == "linear":
        model = linear_model(hidden=args.hidden)
    else:
        model = mlp(hidden=args.hidden, **mlp_options)
    fit(
        model,
        X_train,
        y_train,
        optimizer=args.optimizer,
        lr=args.lr,
        weight_decay=args.weight_decay,
        epochs=args.epochs,
        log_every=0,
        progress=sys.stderr.isatty(),
    )
    train_loss, train_acc = _scores(model, X_train, y_train)
    test_loss, test_acc = _scores(model, X_test, y_test)
    if args.plot is not None:
        _save_plot(args.plot, X, y, model, test_acc)
    return (
        f"train loss {train_loss:.4f} accuracy {train_acc:.3f} | "
        f"held-out loss {test_loss:.4f} accuracy {test_acc:.3f}"
    )


def _scores(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Cross-entropy loss and accuracy of the trained model on ``(X, y)``."""
    with evaluating(model):
        logits = model(X)
    loss = nn.functional.cross_entropy(logits, y).item()
    return loss, (logits.argmax(dim=1) == y).float().mean().item()


def _check_plot_path(path: str) -> None:
    """Refuse a ``--plot`` target the figure could not be saved to, before any training."""
    from matplotlib.backend_bases import FigureCanvasBase

    if not path:
        raise ValueError("--plot: the file name is empty, give one such as boundary.png")
    target = Path(path)
    if target.is_dir():
        raise ValueError(f"--plot: {path!r} is a directory, give a file name such as boundary.png")
    if target.exists() and not target.is_file():
        raise ValueError(f"--plot: {path!r} is not a regular file")
    suffix = target.suffix.lstrip(".").lower()
    if not suffix:  # matplotlib would silently append ".png" to the name
        raise ValueError(f"--plot: {path!r} has no file extension, give e.g. boundary.png")
    if suffix not in FigureCanvasBase.get_supported_filetypes():
        raise ValueError(f"--plot: unknown figure format {suffix!r}, use e.g. .png, .svg or .pdf")
    if not target.resolve().parent.is_dir():
        raise ValueError(f"--plot: the directory of {path!r} does not exist")
    try:  # can a file be created there?
        tempfile.TemporaryFile(dir=target.resolve().parent).close()
    except OSError as error:
        reason = error.strerror or error
        raise ValueError(
            f"--plot: cannot write into the directory of {path!r}: {reason}"
        ) from error


def _save_plot(
    path: str, X: torch.Tensor, y: torch.Tensor, model: nn.Module, test_accuracy: float
) -> None:
    from matplotlib.figure import Figure

    from .plotting import plot_model

    figure = Figure(figsize=(6, 6), dpi=100)
    plot_model(X, y, model, ax=figure.add_subplot(), title=f"held-out accuracy {test_accuracy:.3f}")
    # Write a temporary file beside the target, then rename it: an interrupted or
    # failed save leaves no half-written figure behind.
    target = Path(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        figure.savefig(partial, format=target.suffix.lstrip(".").lower())
        os.replace(partial, target)
    except OSError as error:
        raise ValueError(f"--plot: cannot save the figure to {path!r}: {error}") from error
    finally:
        partial.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        print(train(args))
    except (TypeError, ValueError) as error:  # bad options: exit 2, like argparse
        parser.exit(2, f"{parser.prog}: error: {_one_line(error)}\n")
    except FloatingPointError as error:  # the training diverged
        parser.exit(1, f"{parser.prog}: error: {_one_line(error)}\n")
    except KeyboardInterrupt:  # Ctrl-C: no traceback, the shell's exit code for SIGINT
        parser.exit(130, f"{parser.prog}: interrupted\n")
    return 0


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
