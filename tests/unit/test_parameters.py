"""Tests of spiral_tut.parameters: parameter counts and widths for a budget."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

from spiral_tut import mlp
from spiral_tut.parameters import count_parameters, mlp_parameter_count, width_for_budget


def test_count_parameters_of_a_hand_counted_model():
    model = nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 3, bias=False))
    assert count_parameters(model) == (2 * 5 + 5) + 5 * 3


def test_count_parameters_of_a_model_without_parameters_is_zero():
    assert count_parameters(nn.ReLU()) == 0


def test_trainable_only_leaves_out_frozen_parameters():
    model = nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 3))
    model[0].requires_grad_(False)
    assert count_parameters(model) == 12 + 15
    assert count_parameters(model, trainable_only=True) == 15


def test_shared_parameters_count_once():
    layer = nn.Linear(3, 3)
    assert count_parameters(nn.Sequential(layer, layer)) == 12


@given(
    d_in=st.integers(1, 5),
    hidden=st.integers(1, 40),
    n_classes=st.integers(2, 6),
    depth=st.integers(1, 5),
)
def test_mlp_parameter_count_matches_the_built_model(d_in, hidden, n_classes, depth):
    model = mlp(d_in=d_in, hidden=hidden, n_classes=n_classes, depth=depth)
    assert mlp_parameter_count(d_in, hidden, n_classes, depth) == count_parameters(model)


@given(budget=st.integers(1, 100_000), depth=st.integers(1, 10))
def test_width_for_budget_is_the_closest_width(budget, depth):
    width = width_for_budget(budget, depth)
    assert width >= 1
    error = abs(mlp_parameter_count(hidden=width, depth=depth) - budget)
    assert error <= abs(mlp_parameter_count(hidden=width + 1, depth=depth) - budget)
    if width > 1:
        assert error <= abs(mlp_parameter_count(hidden=width - 1, depth=depth) - budget)


def test_width_for_budget_hits_an_exact_count():
    assert width_for_budget(mlp_parameter_count(hidden=37, depth=4), depth=4) == 37


def test_width_for_budget_below_the_smallest_model_is_one():
    assert width_for_budget(1, depth=3) == 1


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: count_parameters("model"), TypeError, "model"),
        (lambda: count_parameters(nn.ReLU(), trainable_only=1), TypeError, "trainable_only"),
        (lambda: mlp_parameter_count(hidden=0), ValueError, "hidden"),
        (lambda: mlp_parameter_count(n_classes=1), ValueError, "n_classes"),
        (lambda: width_for_budget(0, depth=1), ValueError, "budget"),
        (lambda: width_for_budget(100, depth=0), ValueError, "depth"),
        (lambda: width_for_budget(100.0, depth=1), TypeError, "budget"),
    ],
)
def test_bad_arguments_name_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_count_parameters_includes_every_tensor_element():
    model = nn.Conv2d(3, 8, kernel_size=5)
    assert count_parameters(model) == 8 * 3 * 5 * 5 + 8
    assert count_parameters(model) == sum(t.numel() for t in model.state_dict().values())
    assert isinstance(count_parameters(model), int)
