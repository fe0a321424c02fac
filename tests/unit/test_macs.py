"""spiral_tut.macs: multiply-adds per layer, counted with forward hooks."""

import pytest
import torch
from torch import nn

from spiral_tut import count_macs


def test_linear_layers_cost_in_times_out():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    assert count_macs(model, (3,)) == {"0": 3 * 4, "2": 4 * 2}


def test_linear_layer_on_a_sequence_counts_every_position():
    assert count_macs(nn.Linear(4, 5), (7, 4)) == {"": 7 * 5 * 4}


@pytest.mark.parametrize(
    ("conv", "input_shape", "expected"),
    [
        # 8 x 10 x 10 outputs, each 3 channels x 3 x 3 weights
        (nn.Conv2d(3, 8, 3, padding=1), (3, 10, 10), 8 * 10 * 10 * 3 * 3 * 3),
        # groups=2: each output sees 4 / 2 = 2 input channels; output 8 x 3 x 3
        (nn.Conv2d(4, 8, 3, groups=2), (4, 5, 5), 8 * 3 * 3 * 2 * 3 * 3),
        # stride 2: 2 x 2 outputs of 2 x 2 weights
        (nn.Conv2d(1, 1, 2, stride=2), (1, 4, 4), 2 * 2 * 2 * 2),
        (nn.Conv1d(2, 3, 5), (2, 9), 3 * 5 * 2 * 5),
    ],
)
def test_conv_layers_cost_outputs_times_kernel_volume(conv, input_shape, expected):
    assert count_macs(conv, input_shape) == {"": expected}


def test_lenet5_total_matches_a_hand_count():
    lenet5 = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(),
        nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10),
    )  # fmt: skip
    macs = count_macs(lenet5, (1, 32, 32))
    # C1 6x28x28 x 25, C3 16x10x10 x 150, C5 120 x 400, F6 84 x 120, output 10 x 84
    assert macs == {"0": 117_600, "3": 240_000, "6": 48_000, "9": 10_080, "11": 840}


def test_a_shared_layer_called_twice_counts_twice():
    layer = nn.Linear(3, 3)
    assert count_macs(nn.Sequential(layer, nn.ReLU(), layer), (3,)) == {"0": 2 * 9}


def test_uncounted_layers_are_left_out():
    model = nn.Sequential(nn.BatchNorm1d(4), nn.Dropout(0.5), nn.ReLU())
    assert count_macs(model, (4,)) == {}


def test_mode_is_restored_and_hooks_removed():
    model = nn.Sequential(nn.Linear(2, 3), nn.Dropout(0.5))
    model.train()
    count_macs(model, (2,))
    assert model.training and model[1].training
    assert not model[0]._forward_hooks
    model.eval()
    count_macs(model, (2,))
    assert not model.training


def test_a_shape_that_does_not_fit_raises_and_removes_hooks():
    model = nn.Linear(3, 2)
    with pytest.raises(RuntimeError):
        count_macs(model, (4,))
    assert not model._forward_hooks


@pytest.mark.parametrize(
    ("model", "input_shape", "error"),
    [
        ("model", (3,), TypeError),
        (nn.Linear(3, 2), "abc", TypeError),
        (nn.Linear(3, 2), 3, TypeError),
        (nn.Linear(3, 2), (), ValueError),
        (nn.Linear(3, 2), (0, 3), ValueError),
        (nn.Linear(3, 2), (3.0,), ValueError),
        (nn.Linear(3, 2), (True,), ValueError),
    ],
)
def test_bad_arguments_are_named(model, input_shape, error):
    with pytest.raises(error, match="model" if isinstance(model, str) else "input_shape"):
        count_macs(model, input_shape)


def test_no_gradients_are_recorded():
    model = nn.Linear(3, 2)
    count_macs(model, (3,))
    assert model.weight.grad is None
    assert torch.is_grad_enabled()
