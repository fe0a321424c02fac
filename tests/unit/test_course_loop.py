"""``spiral_tut.fit`` is the course's training loop, packaged: the same losses and weights.

The spiral page teaches the loop written out (forward, loss, ``zero_grad``, ``backward``, ``step``)
and then uses ``fit`` for its controlled experiments; that is only honest if the two are the same.
"""

from __future__ import annotations

import copy

import pytest
import torch
from torch import nn

from spiral_tut import fit, make_spiral

EPOCHS = 25


def course_model(activation: bool) -> nn.Sequential:
    """The course's model from a fixed seed: Linear → Linear, or Linear → ReLU → Linear."""
    torch.manual_seed(12345)
    middle = [nn.ReLU()] if activation else []
    return nn.Sequential(nn.Linear(2, 100), *middle, nn.Linear(100, 3))


def course_optimizer(name: str, model: nn.Module) -> torch.optim.Optimizer:
    """The course's optimizers: SGD for the linear model, Adam for the ReLU network."""
    if name == "adam":
        return torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    return torch.optim.SGD(model.parameters(), lr=1e-3, weight_decay=1e-5)


def course_loop(model: nn.Module, optimizer: torch.optim.Optimizer, X, Y) -> list[float]:
    """The loop as the course writes it (without printing); returns each epoch's loss."""
    criterion = torch.nn.CrossEntropyLoss()
    losses = []
    for _ in range(EPOCHS):
        y_pred = model(X)
        loss = criterion(y_pred, Y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


@pytest.mark.parametrize(
    ("activation", "optimizer"),
    [(False, "sgd"), (True, "adam"), (True, "sgd"), (False, "adam")],
    ids=["linear+SGD", "ReLU+Adam", "ReLU+SGD", "linear+Adam"],
)
def test_fit_gives_exactly_the_course_loops_losses_and_weights(activation, optimizer):
    X, Y = make_spiral(n_per_class=100, seed=12345, device="cpu")
    by_hand = course_model(activation)
    packaged = copy.deepcopy(by_hand)

    losses = course_loop(by_hand, course_optimizer(optimizer, by_hand), X, Y)
    history = fit(
        packaged, X, Y, optimizer=course_optimizer(optimizer, packaged), epochs=EPOCHS, log_every=0
    )

    assert torch.equal(torch.tensor(history.loss), torch.tensor(losses))
    for (name, mine), theirs in zip(by_hand.named_parameters(), packaged.parameters(), strict=True):
        assert torch.equal(mine, theirs), name
    assert losses[-1] < losses[0]  # it did train: the comparison is not between two idle models


def test_fit_built_from_names_matches_the_loop_too():
    """``optimizer="adam"`` with ``lr`` and ``weight_decay`` builds the course's optimizer."""
    X, Y = make_spiral(n_per_class=100, seed=12345, device="cpu")
    by_hand = course_model(True)
    packaged = copy.deepcopy(by_hand)
    losses = course_loop(by_hand, course_optimizer("adam", by_hand), X, Y)
    history = fit(
        packaged, X, Y, optimizer="adam", lr=1e-3, weight_decay=1e-5, epochs=EPOCHS, log_every=0
    )
    assert torch.equal(torch.tensor(history.loss), torch.tensor(losses))
    assert all(
        torch.equal(a, b) for a, b in zip(by_hand.parameters(), packaged.parameters(), strict=True)
    )
