"""``spiral-tut train``: train a model on the spiral data from the command line."""

from __future__ import annotations

import argparse
import sys

import torch

from .data import make_spiral, train_test_split
from .device import default_device
from .models import ACTIVATIONS, linear_model, mlp
from .training import OPTIMIZERS, accuracy, fit


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit code 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="spiral-tut", description="Week-1 spiral classification.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    train = commands.add_parser(
        "train",
        help="train a model on the spiral data",
        description="Train on 80%% of the spiral data, report loss and accuracy on both parts.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    train.add_argument("--model", choices=["linear", "mlp"], default="mlp", help="model family")
    train.add_argument("--hidden", type=int, default=100, help="units per hidden layer")
    train.add_argument("--depth", type=int, default=1, help="hidden layers of the mlp")
    train.add_argument(
        "--activation", choices=sorted(ACTIVATIONS), default="relu", help="mlp activation"
    )
    train.add_argument("--optimizer", choices=sorted(OPTIMIZERS), default="adam")
    train.add_argument("--lr", type=float, default=1e-3, help="learning rate")
    train.add_argument("--weight-decay", type=float, default=1e-5, help="L2 penalty")
    train.add_argument("--epochs", type=int, default=1000, help="full-batch epochs")
    train.add_argument("--seed", type=int, default=12345, help="seed for data and weights")
    train.add_argument(
        "--device", choices=["auto", "cpu", "cuda"], default="auto", help="where to compute"
    )
    train.add_argument("--plot", metavar="PATH", help="save the decision-boundary figure here")
    return parser


def train(args: argparse.Namespace) -> str:
    """Run ``spiral-tut train`` and return its final summary line."""
    device = default_device(args.device)
    X, y = make_spiral(seed=args.seed, device=device)
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=args.seed)
    torch.manual_seed(args.seed)
    if args.model == "linear":
        model = linear_model(hidden=args.hidden)
    else:
        model = mlp(hidden=args.hidden, depth=args.depth, activation=args.activation)
    history = fit(
        model,
        X_train,
        y_train,
        optimizer=args.optimizer,
        lr=args.lr,
        weight_decay=args.weight_decay,
        epochs=args.epochs,
        X_val=X_test,
        y_val=y_test,
        log_every=0,
        progress=sys.stderr.isatty(),
    )
    if args.plot:
        _save_plot(args.plot, X, y, model, accuracy(model, X_test, y_test))
    loss = history.loss[-1] if len(history) else float("nan")
    val_loss = history.val_loss[-1] if len(history) else float("nan")
    return (
        f"train loss {loss:.4f} accuracy {accuracy(model, X_train, y_train):.3f} | "
        f"held-out loss {val_loss:.4f} accuracy {accuracy(model, X_test, y_test):.3f}"
    )


def _save_plot(path: str, X: torch.Tensor, y: torch.Tensor, model, test_accuracy: float) -> None:
    from matplotlib.figure import Figure

    from .plotting import plot_model

    figure = Figure(figsize=(6, 6), dpi=100)
    plot_model(X, y, model, ax=figure.add_subplot(), title=f"held-out accuracy {test_accuracy:.3f}")
    try:
        figure.savefig(path)
    except (OSError, ValueError) as error:
        raise ValueError(f"--plot: cannot save the figure to {path!r}: {error}") from error


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        print(train(args))
    except (TypeError, ValueError) as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    return 0
