"""spiral_tut.models: the course's linear model and the MLP."""

import pytest
import torch
from torch import nn

from spiral_tut import ACTIVATIONS, activation_layer, linear_model, mlp


def test_linear_model_is_two_linear_layers_and_nothing_else():
    model = linear_model(d_in=2, hidden=100, n_classes=3)
    assert [type(m) for m in model] == [nn.Linear, nn.Linear]
    assert (model[0].in_features, model[0].out_features) == (2, 100)
    assert (model[1].in_features, model[1].out_features) == (100, 3)


def test_linear_model_is_affine_end_to_end():
    torch.manual_seed(0)
    model = linear_model(d_in=2, hidden=16, n_classes=4)
    a, b = torch.randn(5, 2), torch.randn(5, 2)
    with torch.no_grad():
        mixed = model(0.3 * a + 0.7 * b)
        torch.testing.assert_close(mixed, 0.3 * model(a) + 0.7 * model(b))


def test_mlp_with_relu_is_not_affine():
    torch.manual_seed(0)
    model = mlp(hidden=16)
    a, b = torch.randn(50, 2), torch.randn(50, 2)
    with torch.no_grad():
        difference = model(0.5 * a + 0.5 * b) - 0.5 * (model(a) + model(b))
    assert difference.abs().max() > 1e-3


@pytest.mark.parametrize("depth", [1, 2, 5])
def test_mlp_has_depth_hidden_layers_of_width_hidden(depth):
    model = mlp(d_in=3, hidden=7, n_classes=4, depth=depth)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    assert len(linears) == depth + 1
    assert [(m.in_features, m.out_features) for m in linears] == (
        [(3, 7)] + [(7, 7)] * (depth - 1) + [(7, 4)]
    )
    assert sum(isinstance(m, nn.ReLU) for m in model) == depth
    assert model(torch.zeros(10, 3)).shape == (10, 4)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_by_name(name):
    assert set(ACTIVATIONS) == {"relu", "tanh", "sigmoid", "leaky_relu", "gelu", "identity"}
    model = mlp(depth=2, activation=name)
    assert [type(m) for m in model[1::2]] == [ACTIVATIONS[name]] * 2


def test_activation_module_is_copied_into_each_layer():
    act = nn.LeakyReLU(0.3)
    model = mlp(depth=3, activation=act)
    layers = list(model[1::2])
    assert all(isinstance(m, nn.LeakyReLU) and m.negative_slope == 0.3 for m in layers)
    assert len({id(m) for m in layers + [act]}) == 4
    assert isinstance(activation_layer("gelu"), nn.GELU)


@pytest.mark.parametrize(
    "build", [lambda: mlp(hidden=100_000_000), lambda: linear_model(hidden=100_000_000)]
)
def test_a_too_large_model_is_refused_before_any_layer_is_built(monkeypatch, build):
    def no_layer(*args, **kwargs):
        raise AssertionError("built a layer although the model is too large")

    monkeypatch.setattr(nn, "Linear", no_layer)
    with pytest.raises(ValueError, match=r"model too large: .*hidden=100000000.* parameters"):
        build()


def test_the_size_limit_is_exact(monkeypatch):
    from spiral_tut.models import MAX_PARAMETERS

    monkeypatch.setattr(nn, "Linear", lambda *args, **kwargs: nn.Identity())  # allocate nothing
    largest = (MAX_PARAMETERS - 3) // 6  # mlp(2, h, 3) has 3h + 3(h + 1) = 6h + 3 parameters
    assert isinstance(mlp(hidden=largest), nn.Sequential)
    with pytest.raises(ValueError, match="too large"):
        mlp(hidden=largest + 1)
