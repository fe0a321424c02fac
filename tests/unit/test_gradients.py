"""spiral_tut.gradients: per-layer gradient norms and the fit callback that records them."""

import copy
import math

import pytest
import torch
from torch import nn

from spiral_tut import fit, make_spiral, mlp
from spiral_tut.gradients import (
    GradientNormRecorder,
    layer_gradient_norms,
    weight_gradient_norms,
    weight_parameters,
)


@pytest.fixture
def data():
    return make_spiral(n_per_class=30, device="cpu")


def test_weight_parameters_are_linear_and_conv_weights_input_side_first():
    model = nn.Sequential(
        nn.Conv1d(1, 2, 3),
        nn.BatchNorm1d(2),
        nn.Flatten(),
        nn.Linear(4, 3),
        nn.LayerNorm(3),
        nn.Linear(3, 2, bias=False),
    )
    assert list(weight_parameters(model)) == ["0.weight", "3.weight", "5.weight"]


def test_frozen_weights_are_not_layers():
    model = mlp(depth=2)
    model[0].requires_grad_(False)
    assert list(weight_parameters(model)) == ["2.weight", "4.weight"]


def test_hand_computed_gradient_of_one_linear_layer():
    # Zero weights: uniform softmax (1/2, 1/2); dL/dlogits = p - onehot = (-1/2, 1/2);
    # dL/dW = (p - onehot)^T x = [[-1/2, 0], [1/2, 0]], whose norm is sqrt(1/2).
    layer = nn.Linear(2, 2)
    nn.init.zeros_(layer.weight)
    nn.init.zeros_(layer.bias)
    norms = layer_gradient_norms(layer, torch.tensor([[1.0, 0.0]]), torch.tensor([0]))
    assert norms == {"weight": pytest.approx(math.sqrt(0.5))}


def test_layer_gradient_norms_equal_backward_and_leave_grad_alone(data):
    X, y = data
    torch.manual_seed(0)
    model = mlp(hidden=16, depth=3, activation="tanh")
    norms = layer_gradient_norms(model, X, y)
    assert all(p.grad is None for p in model.parameters())

    nn.CrossEntropyLoss()(model(X), y).backward()
    expected = {name: p.grad.norm().item() for name, p in weight_parameters(model).items()}
    assert list(norms) == list(expected) == ["0.weight", "2.weight", "4.weight", "6.weight"]
    assert norms == pytest.approx(expected, rel=1e-5)
    assert weight_gradient_norms(model) == pytest.approx(expected, rel=1e-6)


def test_custom_loss_function_is_used(data):
    X, y = data
    torch.manual_seed(0)
    model = mlp(hidden=8)
    mean_loss = layer_gradient_norms(model, X, y)
    summed = layer_gradient_norms(model, X, y, loss_fn=nn.CrossEntropyLoss(reduction="sum"))
    for name, value in mean_loss.items():
        assert summed[name] == pytest.approx(len(X) * value, rel=1e-4)


def test_deep_sigmoid_network_has_vanishing_gradients(data):
    X, y = data
    torch.manual_seed(0)
    norms = list(
        layer_gradient_norms(mlp(hidden=16, depth=10, activation="sigmoid"), X, y).values()
    )
    assert norms[0] < 1e-4 * norms[-1]
    assert all(earlier < later for earlier, later in zip(norms[:-1], norms[1:], strict=True))


def test_weight_gradient_norms_is_zero_before_backward():
    assert weight_gradient_norms(mlp(depth=1)) == {"0.weight": 0.0, "2.weight": 0.0}


GOOD_X, GOOD_Y = torch.zeros(3, 2), torch.zeros(3, dtype=torch.long)


@pytest.mark.parametrize(
    ("model", "X", "y", "error", "match"),
    [
        ("not a model", GOOD_X, GOOD_Y, TypeError, "model"),
        (nn.ReLU(), GOOD_X, GOOD_Y, ValueError, "weight"),
        (mlp(), [[0.0, 1.0]], GOOD_Y, TypeError, "X"),
        (mlp(), GOOD_X, torch.zeros(2, dtype=torch.long), ValueError, "y"),
        (mlp(), GOOD_X, torch.zeros(3), TypeError, "y"),
    ],
)
def test_bad_arguments_are_named(model, X, y, error, match):
    with pytest.raises(error, match=match):
        layer_gradient_norms(model, X, y)


def test_recorder_stores_the_gradients_of_the_recorded_epochs(data):
    X, y = data
    torch.manual_seed(0)
    model = mlp(hidden=8, depth=2)
    at_start = layer_gradient_norms(copy.deepcopy(model), X, y)
    recorder = GradientNormRecorder(every=3)
    fit(model, X, y, lr=0.1, weight_decay=0.0, epochs=8, log_every=0, callback=recorder)
    assert recorder.epochs == [0, 3, 6]
    assert recorder.norms[0] == pytest.approx(at_start, rel=1e-5)
    assert recorder.as_tensor().shape == (3, 3)
    assert recorder.as_tensor()[0].tolist() == pytest.approx(list(at_start.values()), rel=1e-5)


def test_empty_recorder_gives_an_empty_tensor():
    assert GradientNormRecorder().as_tensor().shape == (0, 0)


@pytest.mark.parametrize(("every", "error"), [(0, ValueError), (1.5, TypeError), (True, TypeError)])
def test_recorder_rejects_bad_every(every, error):
    with pytest.raises(error, match="every"):
        GradientNormRecorder(every=every)
