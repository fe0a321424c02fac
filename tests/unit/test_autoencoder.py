"""Auto-encoders, their training and greedy layer-wise pre-training."""

import pytest
import torch
from torch import nn

from spiral_tut import mlp
from spiral_tut.autoencoder import (
    AutoEncoder,
    pretrain_layerwise,
    reconstruction_error,
    train_autoencoder,
)


def plane_in_5d(n: int = 200, seed: int = 0) -> torch.Tensor:
    """Points near a 2-D plane in 5-D, plus a little noise in all directions."""
    g = torch.Generator().manual_seed(seed)
    basis = torch.randn(2, 5, generator=g)
    return torch.randn(n, 2, generator=g) @ basis + 0.05 * torch.randn(n, 5, generator=g) + 1.0


def test_autoencoder_shapes_and_mirrored_layers():
    model = AutoEncoder(d_in=6, d_code=2, hidden=(5, 3), activation="sigmoid")
    x = torch.randn(7, 6)
    assert model.encode(x).shape == (7, 2)
    assert model(x).shape == (7, 6)
    assert torch.equal(model(x), model.decode(model.encode(x)))
    widths = [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)]
    assert widths == [(6, 5), (5, 3), (3, 2), (2, 3), (3, 5), (5, 6)]
    assert isinstance(model.encoder[1], nn.Sigmoid) and isinstance(model.encoder[-1], nn.Identity)


def test_code_and_output_activations():
    model = AutoEncoder(3, 2, code_activation="tanh", output_activation="sigmoid")
    out = model(100 * torch.randn(50, 3))
    assert bool(((out > 0) & (out < 1)).all())
    assert bool((model.encode(100 * torch.randn(50, 3)).abs() <= 1).all())


def test_linear_autoencoder_finds_the_pca_error():
    X = plane_in_5d()
    centred = X - X.mean(dim=0)
    _, _, V = torch.linalg.svd(centred, full_matrices=False)
    pca = centred @ V[:2].T @ V[:2] + X.mean(dim=0)
    pca_error = (pca - X).square().mean().item()

    torch.manual_seed(0)
    model = AutoEncoder(5, 2)  # no hidden layer, identity activations: rank-2 affine map
    train_autoencoder(model, X, lr=3e-2, epochs=1000)
    error = reconstruction_error(model, X)
    # PCA is the best rank-2 affine reconstruction, so the auto-encoder cannot beat it ...
    assert error >= pca_error * (1 - 1e-4)
    # ... and trained well, it gets close (Adam's last steps still jitter a little).
    assert error <= pca_error * 1.1


def test_train_autoencoder_decreases_the_loss_with_mini_batches():
    X = plane_in_5d()
    torch.manual_seed(0)
    model = AutoEncoder(5, 2, hidden=(8,))
    model.eval()
    losses = train_autoencoder(model, X, epochs=30, batch_size=32, lr=1e-2)
    assert len(losses) == 30
    assert losses[-1] < losses[0] / 2
    assert not model.training  # mode restored
    # the loss of an epoch is the mean over all rows
    assert reconstruction_error(model, X) == pytest.approx(losses[-1], rel=0.5)


def test_train_autoencoder_is_reproducible():
    X = plane_in_5d()
    results = []
    for _ in range(2):
        torch.manual_seed(1)
        model = AutoEncoder(5, 2, hidden=(4,))
        results.append(train_autoencoder(model, X, epochs=5, batch_size=50, seed=3))
    assert results[0] == results[1]
    fresh = []
    for _ in range(2):  # seed=None: a new shuffling each time
        torch.manual_seed(1)
        model = AutoEncoder(5, 2, hidden=(4,))
        fresh.append(train_autoencoder(model, X, epochs=5, batch_size=50, seed=None))
    assert fresh[0] != fresh[1]


def test_reconstruction_error_is_the_mean_squared_error():
    model = nn.Identity()
    assert reconstruction_error(model, torch.ones(4, 3)) == 0.0
    model = AutoEncoder(2, 1)
    X = torch.randn(10, 2)
    with torch.no_grad():
        expected = ((model(X) - X) ** 2).mean().item()
    assert reconstruction_error(model, X) == pytest.approx(expected)


def test_train_autoencoder_logs(capsys):
    train_autoencoder(AutoEncoder(2, 1), torch.randn(8, 2), epochs=4, log_every=3)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["epoch", "recon_loss"]
    assert [line.split()[0] for line in lines[1:]] == ["0", "3"]


def test_pretrain_layerwise_trains_hidden_layers_only():
    torch.manual_seed(0)
    net = mlp(d_in=2, hidden=6, n_classes=3, depth=3, activation="sigmoid")
    before = [p.clone() for p in net.parameters()]
    X = torch.randn(100, 2)
    losses = pretrain_layerwise(net, X, epochs=40, lr=1e-2)
    after = list(net.parameters())
    assert len(losses) == 3 and all(len(layer) == 40 for layer in losses)
    assert all(layer[-1] < layer[0] for layer in losses)
    # the three hidden Linear layers (weight and bias each) changed, the output layer did not
    changed = [not torch.equal(b, a) for b, a in zip(before, after, strict=True)]
    assert changed == [True] * 6 + [False] * 2
    assert len(net) == 7  # nothing added or removed


def test_pretrain_layerwise_feeds_each_layer_the_previous_code():
    torch.manual_seed(0)
    net = mlp(d_in=2, hidden=4, n_classes=2, depth=2, activation="sigmoid")
    X = torch.randn(60, 2)
    losses = pretrain_layerwise(net, X, standardize=False, epochs=1, lr=1e-9)  # a tiny step
    # the first loss of layer 2 is that of an auto-encoder on sigmoid(layer 1(X)), in (0, 1):
    # its error is far below that of the first layer on X, whose values are of order 1
    assert losses[1][0] < losses[0][0]


def test_standardized_pretraining_does_not_depend_on_the_input_scale():
    X = torch.randn(80, 2)
    nets = []
    for scale, shift in ((1.0, 0.0), (50.0, -3.0)):
        torch.manual_seed(0)
        net = mlp(d_in=2, hidden=5, n_classes=2, depth=2, activation="sigmoid")
        pretrain_layerwise(net, X * scale + shift, epochs=30, lr=1e-2, seed=1)
        nets.append((net, X * scale + shift))
    # the folded standardisation makes each hidden layer see the same standardised input
    with torch.no_grad():
        hidden = [net[:4](inputs) for net, inputs in nets]
    assert torch.allclose(hidden[0], hidden[1], atol=1e-4)


def test_standardized_pretraining_keeps_deep_activations_varied():
    X = torch.randn(100, 2)
    spread = {}
    for standardize in (False, True):
        torch.manual_seed(0)
        net = mlp(d_in=2, hidden=16, n_classes=2, depth=5, activation="sigmoid")
        pretrain_layerwise(net, X, standardize=standardize, epochs=60, lr=1e-2)
        with torch.no_grad():
            spread[standardize] = net[:-1](X).std(dim=0).mean().item()
    # without standardisation the last hidden layer barely reacts to its input
    assert spread[True] > 10 * spread[False]


@pytest.mark.parametrize(
    "model, X, error, match",
    [
        (nn.Linear(2, 3), torch.zeros(4, 2), TypeError, "nn.Sequential"),
        (nn.Sequential(nn.Linear(2, 3)), torch.zeros(4, 2), ValueError, "hidden Linear"),
        (mlp(d_in=2), torch.zeros(4, 3), ValueError, "2 features"),
        (nn.Sequential(nn.ReLU(), nn.Linear(2, 2), nn.Linear(2, 2)), torch.zeros(1, 2), ValueError,
         "start with a Linear"),
    ],
)  # fmt: skip
def test_pretrain_layerwise_rejects_bad_models(model, X, error, match):
    with pytest.raises(error, match=match):
        pretrain_layerwise(model, X, epochs=1)


def test_bad_arguments_are_rejected():
    with pytest.raises(TypeError, match="hidden"):
        AutoEncoder(4, 2, hidden="8")
    with pytest.raises(ValueError, match=r"hidden\[1\]"):
        AutoEncoder(4, 2, hidden=(3, 0))
    with pytest.raises(ValueError, match="activation"):
        AutoEncoder(4, 2, activation="swishy")
    with pytest.raises(TypeError, match="model"):
        train_autoencoder("model", torch.zeros(2, 2))
    with pytest.raises(ValueError, match="X must have shape"):
        train_autoencoder(AutoEncoder(2, 1), torch.zeros(4))
    with pytest.raises(ValueError, match="batch_size"):
        train_autoencoder(AutoEncoder(2, 1), torch.zeros(4, 2), batch_size=0)
    with pytest.raises(TypeError, match="optimizer"):
        pretrain_layerwise(mlp(), torch.zeros(4, 2), optimizer=torch.optim.SGD)
    with pytest.raises(TypeError, match="standardize"):
        pretrain_layerwise(mlp(), torch.zeros(4, 2), standardize="yes")
    no_bias = nn.Sequential(nn.Linear(2, 3, bias=False), nn.Sigmoid(), nn.Linear(3, 2))
    with pytest.raises(ValueError, match="bias"):
        pretrain_layerwise(no_bias, torch.zeros(4, 2))
    pretrain_layerwise(no_bias, torch.randn(4, 2), standardize=False, epochs=1)  # fine
