"""Hand-written back-propagation (spiral_tut.backprop) against autograd and finite differences."""

import pytest
import torch
from torch import nn

from spiral_tut import mlp
from spiral_tut.backprop import (
    backward,
    forward,
    init_params,
    loss_and_gradients,
    numerical_gradients,
    params_from_module,
    softmax_cross_entropy,
)


def _data(n=20, d_in=2, n_classes=3, dtype=torch.float64, seed=0):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d_in, generator=generator, dtype=dtype)
    y = torch.randint(n_classes, (n,), generator=generator)
    return X, y


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
@pytest.mark.parametrize("depth", [1, 3])
def test_gradients_match_autograd_of_the_same_nn_module(activation, depth):
    torch.manual_seed(depth)
    model = mlp(2, 7, 3, depth=depth, activation=activation).double()
    X, y = _data()
    nn.functional.cross_entropy(model(X), y).backward()
    autograd = [(m.weight.grad.T, m.bias.grad) for m in model if isinstance(m, nn.Linear)]

    loss, grads = loss_and_gradients(params_from_module(model), X, y, activation)

    assert loss.item() == pytest.approx(nn.functional.cross_entropy(model(X), y).item())
    assert len(grads) == depth + 1
    for (dW, db), (gW, gb) in zip(grads, autograd, strict=True):
        torch.testing.assert_close(dW, gW, rtol=1e-10, atol=1e-12)
        torch.testing.assert_close(db, gb, rtol=1e-10, atol=1e-12)


def test_float32_gradients_agree_with_autograd_to_float32_rounding():
    torch.manual_seed(0)
    model = mlp(2, 16, 3, depth=2, activation="tanh")
    X, y = _data(n=50, dtype=torch.float32)
    nn.functional.cross_entropy(model(X), y).backward()
    _, grads = loss_and_gradients(params_from_module(model), X, y, "tanh")
    assert grads[0][0].dtype == torch.float32
    error = (grads[0][0] - model[0].weight.grad.T).abs().max().item()
    assert 0 <= error < 1e-5


def test_gradients_match_central_differences():
    params = init_params([3, 5, 4, 2], seed=3)
    X, y = _data(n=10, d_in=3, n_classes=2)
    _, grads = loss_and_gradients(params, X, y, "sigmoid")
    numeric = numerical_gradients(params, X, y, "sigmoid", eps=1e-6)
    for (dW, db), (nW, nb) in zip(grads, numeric, strict=True):
        torch.testing.assert_close(dW, nW, rtol=1e-6, atol=1e-9)
        torch.testing.assert_close(db, nb, rtol=1e-6, atol=1e-9)


def test_numerical_gradients_accept_transposed_weights_of_a_module():
    torch.manual_seed(0)
    model = mlp(2, 3, 2, depth=1, activation="tanh").double()
    X, y = _data(n=5, n_classes=2)
    model[0].weight.data = model[0].weight.data.T.contiguous().T  # non-contiguous storage
    params = params_from_module(model)
    numeric = numerical_gradients(params, X, y)
    _, grads = loss_and_gradients(params, X, y)
    torch.testing.assert_close(numeric[0][0], grads[0][0], rtol=1e-6, atol=1e-9)
    params[0][0].T[0, 0] = 0.0  # writable through any view without touching the model
    assert model[0].weight[0, 0] != 0


def test_numerical_gradients_leave_params_unchanged():
    params = init_params([2, 3, 2], seed=1)
    before = [(W.clone(), b.clone()) for W, b in params]
    numerical_gradients(params, *_data(n=4, n_classes=2))
    for (W, b), (W0, b0) in zip(params, before, strict=True):
        assert torch.equal(W, W0) and torch.equal(b, b0)


def test_a_wrong_gradient_is_detected_by_the_check():
    """The comparison can fail: a sign error in one layer is far off the finite differences."""
    params = init_params([2, 4, 3], seed=0)
    X, y = _data(n=8)
    _, grads = loss_and_gradients(params, X, y)
    numeric = numerical_gradients(params, X, y)
    assert not torch.allclose(-grads[0][0], numeric[0][0], atol=1e-6)


def test_shapes_and_caches():
    params = init_params([2, 6, 5, 3], seed=0)
    X, y = _data(n=9)
    logits, Z, A = forward(params, X, "relu")
    assert logits.shape == (9, 3)
    assert [tuple(z.shape) for z in Z] == [(9, 6), (9, 5), (9, 3)]
    assert [tuple(a.shape) for a in A] == [(9, 2), (9, 6), (9, 5)]
    assert torch.equal(A[0], X) and torch.equal(A[1], torch.relu(Z[0]))
    loss, dlogits = softmax_cross_entropy(logits, y)
    grads = backward(params, Z, A, dlogits, "relu")
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        assert dW.shape == W.shape and db.shape == b.shape


def test_softmax_cross_entropy_matches_torch_and_is_stable():
    logits = torch.tensor([[1000.0, 0.0, -1000.0], [0.5, 0.2, 0.1]], dtype=torch.float64)
    y = torch.tensor([1, 2])
    loss, dlogits = softmax_cross_entropy(logits, y)
    reference = logits.clone().requires_grad_()
    expected = nn.functional.cross_entropy(reference, y)
    expected.backward()
    assert torch.isfinite(loss)
    assert loss.item() == pytest.approx(expected.item())
    torch.testing.assert_close(dlogits, reference.grad)
    torch.testing.assert_close(dlogits.sum(dim=1), torch.zeros(2, dtype=torch.float64))


def test_params_from_module_copies_and_transposes():
    model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3))
    params = params_from_module(model)
    assert torch.equal(params[0][0], model[0].weight.T)
    assert not params[0][0].requires_grad
    params[0][0].zero_()
    assert model[0].weight.abs().sum() > 0  # a copy, not a view


def test_init_params_is_seeded():
    first, second = init_params([2, 3, 2], seed=5), init_params([2, 3, 2], seed=5)
    assert torch.equal(first[0][0], second[0][0])
    assert not torch.equal(first[0][0], init_params([2, 3, 2], seed=6)[0][0])


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda p, X, y: forward(p, X, "softplus"), ValueError, "activation"),
        (lambda p, X, y: forward(p, X[:, :1]), ValueError, "X"),
        (lambda p, X, y: forward(p, X.float()), TypeError, "X"),
        (lambda p, X, y: forward(p, X.tolist()), TypeError, "X"),
        (lambda p, X, y: forward([], X), TypeError, "params"),
        (lambda p, X, y: forward([p[0], p[0]], X), ValueError, "params[1]"),
        (lambda p, X, y: forward([p[0][:1]], X), TypeError, "params[0]"),
        (lambda p, X, y: forward([(p[0][0].tolist(), p[0][1])], X), TypeError, "params[0]"),
        (lambda p, X, y: forward([(p[0][0], p[0][1][:2])], X), ValueError, "params[0]"),
        (lambda p, X, y: loss_and_gradients(p, X, y[:-1]), ValueError, "y"),
        (lambda p, X, y: loss_and_gradients(p, X, y + 3), ValueError, "y"),
        (lambda p, X, y: loss_and_gradients(p, X, y.double()), TypeError, "y"),
        (lambda p, X, y: numerical_gradients(p, X, y, eps=0), ValueError, "eps"),
        (lambda p, X, y: init_params([2]), ValueError, "sizes"),
        (lambda p, X, y: init_params([2, 0, 3]), ValueError, "sizes[1]"),
        (lambda p, X, y: params_from_module("model"), TypeError, "model"),
        (lambda p, X, y: params_from_module(nn.ReLU()), ValueError, "model"),
    ],
)
def test_bad_input_names_the_argument(call, error, argument):
    params = init_params([2, 4, 3])
    X, y = _data(n=6)
    with pytest.raises(error, match=argument.replace("[", r"\[").replace("]", r"\]")):
        call(params, X, y)


def test_backward_rejects_caches_from_another_network():
    params = init_params([2, 4, 3])
    X, y = _data(n=6)
    logits, Z, A = forward(params, X)
    _, dlogits = softmax_cross_entropy(logits, y)
    with pytest.raises(ValueError, match="Z and A"):
        backward(params, Z[:1], A[:1], dlogits)
    with pytest.raises(ValueError, match="dlogits"):
        backward(params, Z, A, dlogits[:, :2])
