"""``spiral-tut train``: train a model on the spiral data from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch
from torch import nn

from .data import make_spiral, train_test_split
from .device import default_device
from .models import ACTIVATIONS, linear_model, mlp
from .training import OPTIMIZERS, evaluating, fit


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
    train.add_argument("--depth", type=int, default=1, help="number of hidden layers of the mlp")
    train.add_argument(
        "--activation", choices=sorted(ACTIVATIONS), default="relu", help="activation of the mlp"
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
        help="save the decision-boundary figure to this file (e.g. boundary.png)",
    )
    return parser


def train(args: argparse.Namespace) -> str:
    """Run ``spiral-tut train`` and return its final summary line."""
    if args.plot:
        _check_plot_path(args.plot)  # before training, not after
    device = default_device(args.device)
    X, y = make_spiral(seed=args.seed, device=device)
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=args.seed)
    torch.manual_seed(args.seed)
    if args.model == "linear":
        model = linear_model(hidden=args.hidden)
    else:
        model = mlp(hidden=args.hidden, depth=args.depth, activation=args.activation)
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
    if args.plot:
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
    from matplotlib.backend_bases import FigureCanvasBase

    if not Path(path).resolve().parent.is_dir():
        raise ValueError(f"--plot: the directory of {path!r} does not exist")
    suffix = Path(path).suffix.lstrip(".").lower()
    if suffix and suffix not in FigureCanvasBase.get_supported_filetypes():
        raise ValueError(f"--plot: unknown figure format {suffix!r}, use e.g. .png, .svg or .pdf")


def _save_plot(
    path: str, X: torch.Tensor, y: torch.Tensor, model: nn.Module, test_accuracy: float
) -> None:
    from matplotlib.figure import Figure

    from .plotting import plot_model

    figure = Figure(figsize=(6, 6), dpi=100)
    plot_model(X, y, model, ax=figure.add_subplot(), title=f"held-out accuracy {test_accuracy:.3f}")
    try:
        figure.savefig(path)
    except OSError as error:
        raise ValueError(f"--plot: cannot save the figure to {path!r}: {error}") from error


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        print(train(args))
    except (TypeError, ValueError) as error:
        message = " ".join(str(error).split())  # always one line
        parser.exit(2, f"{parser.prog}: error: {message}\n")
    return 0
