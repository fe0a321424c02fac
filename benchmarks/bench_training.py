"""The spiral tutorial's training, timed against the course's own loop in the same process.

The course (§4.2) trains with a loop that calls ``loss.item()`` and prints a line every epoch,
then clears the output (``display.clear_output``). The tutorial page trains with
``spiral_tut.fit``, which keeps the metrics on the device and prints a table every 100 epochs.
Both run here on the same data, from the same initial weights (same seed), with the same
hyper-parameters and epochs, for the linear model with SGD and the ReLU network with Adam.
The script prints both times, their ratio and how far apart the per-epoch losses and the final
weights are (they should be identical: the same operations in the same order).

    python benchmarks/bench_training.py                # CPU or GPU (auto), 1 thread, best of 3
    python benchmarks/bench_training.py --device cpu --threads 2 --repeat 5

This is a benchmark that prints figures, not a test; it exits with status 1 only if the two
ways of training disagree.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import platform
import statistics
import time
from collections.abc import Callable

import torch
from torch import nn

import spiral_tut

SEED = 12345
LEARNING_RATE = 1e-3
WEIGHT_DECAY = 1e-5
N, D, C, H = 1000, 2, 3, 100
TOLERANCE = 1e-6
WARM_UP_EPOCHS = 20

#: name -> (model factory, optimizer, keep snapshots like the page's animation does)
CASES: dict[str, tuple[Callable[[], nn.Module], str, bool]] = {
    "linear + SGD": (lambda: spiral_tut.linear_model(D, H, C), "sgd", False),
    "ReLU + Adam": (lambda: spiral_tut.mlp(D, H, C), "adam", False),
    "ReLU + Adam + snapshots": (lambda: spiral_tut.mlp(D, H, C), "adam", True),
}
OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}


def course_loop(model: nn.Module, X, Y, optimizer_name: str, epochs: int) -> list[float]:
    """The course's training loop, line by line; the screen is a StringIO cleared every epoch."""
    model.to(X.device)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = OPTIMIZERS[optimizer_name](
        model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY
    )
    screen = io.StringIO()
    losses = []
    for t in range(epochs):
        y_pred = model(X)
        loss = criterion(y_pred, Y)
        score, predicted = torch.max(y_pred, 1)
        acc = (Y == predicted).sum().float() / len(Y)
        losses.append(loss.item())
        line = "[EPOCH]: %i, [LOSS]: %.6f, [ACCURACY]: %.3f" % (t, losses[-1], acc)  # noqa: UP031
        print(line, file=screen)
        screen.seek(0)  # display.clear_output(wait=True)
        screen.truncate()

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


def tutorial_fit(
    model: nn.Module, X, Y, optimizer_name: str, epochs: int, snapshots: bool
) -> list[float]:
    """The page's way: ``fit`` with its table every 100 epochs (captured, as on the page)."""
    kept = []

    def keep_snapshot(epoch, model, history):  # the page's animation callback
        if (epoch + 1) % 50 == 0:
            kept.append((epoch + 1, copy.deepcopy(model.state_dict())))

    with contextlib.redirect_stdout(io.StringIO()):
        history = spiral_tut.fit(
            model,
            X,
            Y,
            optimizer=optimizer_name,
            lr=LEARNING_RATE,
            weight_decay=WEIGHT_DECAY,
            epochs=epochs,
            log_every=100,
            callback=keep_snapshot if snapshots else None,
        )
    return history.loss


def timed(
    run: Callable[[nn.Module], list[float]], factory, device
) -> tuple[float, float, list, nn.Module]:
    """Seed, build the model, train it; return wall and CPU seconds, the losses and the model.

    CPU seconds (this process only) are steadier than wall seconds on a machine shared with
    other jobs; on a GPU the wall time is the one that counts.
    """
    torch.manual_seed(SEED)
    model = factory().to(device)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    start, start_cpu = time.perf_counter(), time.process_time()
    losses = run(model)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return time.perf_counter() - start, time.process_time() - start_cpu, losses, model


def _seconds(times: list[float]) -> str:
    return f"{min(times):.3f} / {statistics.median(times):.3f} s"


def largest_weight_difference(a: nn.Module, b: nn.Module) -> float:
    pairs = zip(a.state_dict().values(), b.state_dict().values(), strict=True)
    return max((x - y).abs().max().item() for x, y in pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each; best is shown")
    parser.add_argument("--device", default="auto", help="auto (CUDA if present), cpu or cuda")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (docs use 1)")
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    device = spiral_tut.default_device(args.device)
    X, Y = spiral_tut.make_spiral(n_per_class=N, n_classes=C, seed=SEED, device=device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor()
    print(
        f"device: {device} ({name or platform.machine()}), torch {torch.__version__}, "
        f"{torch.get_num_threads()} thread(s), {len(X)} points, {args.epochs} epochs, "
        f"best of {args.repeat} (after a {WARM_UP_EPOCHS}-epoch warm-up of each)"
    )
    header = (
        f"{'case':<24} {'course loop':>17} {'spiral_tut.fit':>17} {'ratio':>6} {'cpu ratio':>9} "
        f"{'max |loss diff|':>16} {'max |weight diff|':>18} {'final loss':>11}"
    )
    print(header)
    print("-" * len(header))

    agree = True
    for case, (factory, optimizer_name, snapshots) in CASES.items():

        def run_course(model, epochs=args.epochs, optimizer_name=optimizer_name):
            return course_loop(model, X, Y, optimizer_name, epochs)

        def run_fit(model, epochs=args.epochs, optimizer_name=optimizer_name, snapshots=snapshots):
            return tutorial_fit(model, X, Y, optimizer_name, epochs, snapshots)

        for run in (run_course, run_fit):  # warm-up: first-call costs out of the timings
            timed(lambda model, run=run: run(model, epochs=WARM_UP_EPOCHS), factory, device)
        course_times, fit_times, course_cpu, fit_cpu = [], [], [], []
        for index in range(args.repeat):  # alternate the order, so neither always goes first
            order = (run_course, run_fit) if index % 2 == 0 else (run_fit, run_course)
            for run in order:
                seconds, cpu_seconds, losses, model = timed(run, factory, device)
                if run is run_course:
                    course_times.append(seconds)
                    course_cpu.append(cpu_seconds)
                    course_losses, course_model = losses, model
                else:
                    fit_times.append(seconds)
                    fit_cpu.append(cpu_seconds)
                    fit_losses, fit_model = losses, model

        loss_difference = max(abs(a - b) for a, b in zip(course_losses, fit_losses, strict=True))
        weight_difference = largest_weight_difference(course_model, fit_model)
        agree &= loss_difference <= TOLERANCE and weight_difference <= TOLERANCE
        ratio = min(course_times) / min(fit_times)
        cpu_ratio = min(course_cpu) / min(fit_cpu)
        print(
            f"{case:<24} {_seconds(course_times):>17} {_seconds(fit_times):>17} "
            f"{ratio:>5.2f}x {cpu_ratio:>8.2f}x {loss_difference:>16.1e} "
            f"{weight_difference:>18.1e} {fit_losses[-1]:>11.6f}"
        )

    print(
        "times: best / median wall seconds; ratio = best course loop / best spiral_tut.fit "
        "(> 1: fit is faster); cpu ratio: the same for this process's CPU time.\n"
        "Losses and weights "
        f"{'agree' if agree else 'DISAGREE'} (tolerance {TOLERANCE:.0e})."
    )
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
