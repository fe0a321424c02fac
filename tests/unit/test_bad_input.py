"""Every public function refuses bad input with an error that names the argument."""

import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from spiral_tut import (
    History,
    accuracy,
    default_device,
    fit,
    linear_model,
    make_spiral,
    mlp,
    plot_data,
    plot_history,
    plot_model,
    predict,
    set_default,
    train_test_split,
)

torch.manual_seed(0)
X, y = make_spiral(n_per_class=10, device="cpu")
MODEL = mlp(hidden=4)


def _with(tensor, index, value):
    tensor = tensor.clone()
    tensor[index] = value
    return tensor


def _fit(**kwargs):
    args = {"model": mlp(hidden=4), "X": X, "y": y, "epochs": 1, "log_every": 0} | kwargs
    return fit(args.pop("model"), args.pop("X"), args.pop("y"), **args)


CASES = [
    # make_spiral: counts, classes, noise, seed, device
    ("n_per_class", ValueError, lambda: make_spiral(n_per_class=0)),
    ("n_per_class", ValueError, lambda: make_spiral(n_per_class=-5)),
    ("n_per_class", TypeError, lambda: make_spiral(n_per_class=2.5)),
    ("n_per_class", TypeError, lambda: make_spiral(n_per_class=True)),
    ("n_per_class", TypeError, lambda: make_spiral(n_per_class="100")),
    ("n_classes", ValueError, lambda: make_spiral(n_classes=1)),
    ("n_classes", TypeError, lambda: make_spiral(n_classes=3.0)),
    ("noise", ValueError, lambda: make_spiral(noise=-0.1)),
    ("noise", ValueError, lambda: make_spiral(noise=math.nan)),
    ("noise", ValueError, lambda: make_spiral(noise=math.inf)),
    ("noise", TypeError, lambda: make_spiral(noise="0.2")),
    ("seed", ValueError, lambda: make_spiral(seed=-1)),
    ("seed", TypeError, lambda: make_spiral(seed=1.5)),
    ("device", ValueError, lambda: make_spiral(device="gpu")),
    ("device", TypeError, lambda: make_spiral(device=0.5)),
    ("noise", ValueError, lambda: make_spiral(noise=1e300)),  # the angles overflow float32
    ("seed", ValueError, lambda: make_spiral(seed=2**64)),
    ("n_per_class", ValueError, lambda: make_spiral(n_per_class=10**12)),  # before allocating
    # train_test_split: test_size, X and y
    ("test_size", ValueError, lambda: train_test_split(X, y, test_size=0)),
    ("test_size", ValueError, lambda: train_test_split(X, y, test_size=1)),
    ("test_size", ValueError, lambda: train_test_split(X, y, test_size=1.5)),
    ("test_size", ValueError, lambda: train_test_split(X, y, test_size=-0.2)),
    ("test_size", ValueError, lambda: train_test_split(X, y, test_size=math.nan)),
    ("test_size", TypeError, lambda: train_test_split(X, y, test_size=True)),
    ("y", ValueError, lambda: train_test_split(X, y[:-1])),
    ("X", ValueError, lambda: train_test_split(X[:, 0], y)),
    ("X", TypeError, lambda: train_test_split(X.long(), y)),
    ("X", TypeError, lambda: train_test_split(X.tolist(), y)),
    ("X", ValueError, lambda: train_test_split(_with(X, (3, 1), math.nan), y)),
    ("y", TypeError, lambda: train_test_split(X, y.float())),
    ("y", ValueError, lambda: train_test_split(X, _with(y, 0, -1))),
    ("y", ValueError, lambda: train_test_split(X, y[:, None])),
    ("seed", TypeError, lambda: train_test_split(X, y, seed="0")),
    ("seed", ValueError, lambda: train_test_split(X, y, seed=2**64)),
    # models
    ("hidden", ValueError, lambda: linear_model(hidden=0)),
    ("d_in", ValueError, lambda: linear_model(d_in=-2)),
    ("n_classes", ValueError, lambda: linear_model(n_classes=1)),
    ("depth", ValueError, lambda: mlp(depth=0)),
    ("hidden", TypeError, lambda: mlp(hidden=True)),
    ("hidden", TypeError, lambda: mlp(hidden=10.0)),
    ("activation", ValueError, lambda: mlp(activation="swish")),
    ("activation", TypeError, lambda: mlp(activation=3)),
    ("activation", TypeError, lambda: mlp(activation=torch.relu)),
    ("hidden", ValueError, lambda: mlp(hidden=100_000_000)),  # too large, before allocating
    ("hidden", ValueError, lambda: mlp(hidden=10_000, depth=3)),
    ("hidden", ValueError, lambda: linear_model(hidden=100_000_000)),
    # fit
    ("model", TypeError, lambda: fit("mlp", X, y)),
    ("lr", ValueError, lambda: _fit(lr=0)),
    ("lr", ValueError, lambda: _fit(lr=-1e-3)),
    ("lr", ValueError, lambda: _fit(lr=math.nan)),
    ("lr", TypeError, lambda: _fit(lr="1e-3")),
    ("weight_decay", ValueError, lambda: _fit(weight_decay=-1e-5)),
    ("epochs", ValueError, lambda: _fit(epochs=-1)),
    ("epochs", TypeError, lambda: _fit(epochs=2.0)),
    ("epochs", TypeError, lambda: _fit(epochs=False)),
    ("log_every", ValueError, lambda: _fit(log_every=-10)),
    ("optimizer", ValueError, lambda: _fit(optimizer="rmsprop")),
    ("optimizer", ValueError, lambda: _fit(optimizer="SGD ")),
    ("optimizer", TypeError, lambda: _fit(optimizer=torch.optim.SGD)),
    # an optimizer built for another model would train nothing
    ("optimizer", ValueError, lambda: _fit(optimizer=torch.optim.SGD(MODEL.parameters(), lr=0.1))),
    ("callback", TypeError, lambda: _fit(callback="print")),
    ("y", ValueError, lambda: _fit(y=_with(y, 0, 3))),  # 3 classes: labels 0..2
    ("y", ValueError, lambda: _fit(y=y[:-1])),
    ("y", TypeError, lambda: _fit(y=y.float())),
    ("X", ValueError, lambda: _fit(X=_with(X, (0, 0), math.inf))),
    ("X", ValueError, lambda: _fit(X=torch.zeros(len(y), 3))),
    ("X", ValueError, lambda: _fit(X=X[:0], y=y[:0])),
    ("X", ValueError, lambda: _fit(X=X.double())),
    ("X", TypeError, lambda: _fit(X=X.numpy())),
    ("X_val", ValueError, lambda: _fit(X_val=X)),
    ("X_val", ValueError, lambda: _fit(X_val=torch.zeros(4, 3), y_val=y[:4])),
    ("y_val", ValueError, lambda: _fit(X_val=X, y_val=_with(y, 5, 7))),
    ("y_val", ValueError, lambda: _fit(X_val=X, y_val=y[:5])),
    ("y", TypeError, lambda: _fit(y=y.tolist())),
    (
        "model",
        ValueError,
        lambda: _fit(model=torch.nn.Sequential(mlp(hidden=4), torch.nn.Flatten(0))),
    ),
    # predict, accuracy
    ("model", TypeError, lambda: predict(None, X)),
    ("X", ValueError, lambda: predict(MODEL, _with(X, (1, 1), math.nan))),
    ("X", ValueError, lambda: predict(MODEL, X[:, :1])),
    ("y", ValueError, lambda: accuracy(MODEL, X, y[:-2])),
    ("y", ValueError, lambda: accuracy(MODEL, X, _with(y, 0, 3))),
    # plots
    ("X", TypeError, lambda: plot_data(X.tolist(), y)),
    ("X", ValueError, lambda: plot_data(torch.zeros(5, 3), y[:5])),
    ("y", ValueError, lambda: plot_data(X, y[:-1])),
    ("y", TypeError, lambda: plot_data(X, list(y))),
    ("zoom", ValueError, lambda: plot_data(X, y, zoom=0)),
    ("model", TypeError, lambda: plot_model(X, y, "model")),
    ("X", ValueError, lambda: plot_model(np.zeros((5, 1)), y[:5], MODEL)),
    ("theme", ValueError, lambda: set_default(theme="blue")),
    ("theme", ValueError, lambda: set_default(theme=None)),
    ("figsize", ValueError, lambda: set_default(figsize=10)),
    ("figsize", ValueError, lambda: set_default(figsize=(1, 2, 3))),
    ("figsize[1]", ValueError, lambda: set_default(figsize=(4, -4))),
    ("dpi", ValueError, lambda: set_default(dpi=0)),
    ("y", TypeError, lambda: plot_data(X, np.array(list("abc"))[y])),  # string labels
    ("y", TypeError, lambda: plot_data(X, y.float())),
    ("X", ValueError, lambda: plot_data(_with(X, (2, 0), math.nan), y)),  # would be left out
    ("X", ValueError, lambda: plot_model(_with(X, (2, 1), math.inf), y, MODEL)),
    ("X", TypeError, lambda: plot_data(np.array([["a", "b"]] * len(y)), y)),
    ("history", TypeError, lambda: plot_history({"loss": [1.0]})),
    ("ax", ValueError, lambda: plot_history(History([1.0], [0.5]), ax=[None])),
    ("ax", ValueError, lambda: plot_history(History([1.0], [0.5]), ax=plt.figure().add_subplot())),
    ("ax", ValueError, lambda: plot_history(History([1.0], [0.5]), ax=[None, None])),
    ("ax", ValueError, lambda: plot_history(History([1.0], [0.5]), ax=5)),
    # device
    ("device", TypeError, lambda: default_device(1)),
    ("device", ValueError, lambda: default_device("quantum")),
    ("device", ValueError, lambda: default_device("xpu")),  # a torch device this machine lacks
]


@pytest.mark.parametrize(
    ("name", "error", "call"), CASES, ids=[f"{i:02d}-{case[0]}" for i, case in enumerate(CASES)]
)
def test_bad_input_raises_an_error_that_names_the_argument(name, error, call):
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    assert re.search(rf"(?<![\w\[]){re.escape(name)}(?![\w\[])", str(info.value)), str(info.value)


def test_there_are_at_least_twenty_cases():
    assert len(CASES) >= 20


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_asking_for_cuda_without_a_gpu_is_an_error():
    with pytest.raises(ValueError, match="cuda"):
        make_spiral(device="cuda")


def test_bad_input_changes_nothing():
    """A refused call leaves the model as it was (nothing half-done, nothing clipped)."""
    model = mlp(hidden=4)
    before = [p.detach().clone() for p in model.parameters()]
    with pytest.raises(ValueError):
        fit(model, X, _with(y, 0, 3), epochs=5, log_every=0)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))
