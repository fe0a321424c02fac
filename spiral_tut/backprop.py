"""Back-propagation written by hand: an MLP's forward and backward pass with the chain rule.

No autograd is used here, only matrix products and element-wise operations, so
every gradient formula can be read in the code. With rows as samples, layer
``l`` of the network computes::

    Z_l = A_{l-1} W_l + b_l,    A_l = f(Z_l)    (A_0 = X, no f on the last layer),

the loss is the mean cross-entropy of ``softmax(Z_L)``, and the backward pass runs
the chain rule from the last layer to the first::

    δ_L = (softmax(Z_L) - Y) / n,           ∂L/∂W_l = A_{l-1}ᵀ δ_l,
    δ_{l-1} = (δ_l W_lᵀ) ⊙ f'(Z_{l-1}),     ∂L/∂b_l = Σ_rows δ_l.

Parameters are a list of ``(W, b)`` pairs, ``W`` of shape ``(d_in, d_out)``
(the transpose of ``nn.Linear.weight``), ``b`` of shape ``(d_out,)``.

>>> import torch
>>> params = init_params([2, 8, 3], seed=0)
>>> X, y = torch.randn(5, 2, dtype=torch.float64), torch.tensor([0, 1, 2, 1, 0])
>>> loss, grads = loss_and_gradients(params, X, y, activation="tanh")
>>> [tuple(dW.shape) for dW, db in grads]
[(2, 8), (8, 3)]
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from ._checks import check_features, check_int, check_labels, check_real

Layer = tuple[torch.Tensor, torch.Tensor]
"""One layer's parameters ``(W, b)``, or their gradients ``(∂L/∂W, ∂L/∂b)``."""

# The activations with a hand-written derivative. f'(z) is computed from z and
# from a = f(z), which the forward pass has already computed.
_ACTIVATIONS = {
    "tanh": (torch.tanh, lambda z, a: 1 - a**2),
    "sigmoid": (torch.sigmoid, lambda z, a: a * (1 - a)),
    "relu": (torch.relu, lambda z, a: (z > 0).to(z.dtype)),
}


def init_params(
    sizes: Sequence[int], *, seed: int = 0, dtype: torch.dtype = torch.float64
) -> list[Layer]:
    """Random ``(W, b)`` for layer widths ``sizes = [d_in, hidden..., n_classes]``.

    ``W`` is drawn from ``N(0, 1/d_in)``, ``b`` is zero (on the CPU).

    >>> [tuple(W.shape) for W, b in init_params([2, 16, 3])]
    [(2, 16), (16, 3)]
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ValueError(f"sizes must be a list of at least two layer widths, got {sizes!r}")
    sizes = [check_int(f"sizes[{i}]", size) for i, size in enumerate(sizes)]
    generator = torch.Generator().manual_seed(check_int("seed", seed, minimum=0))
    params = []
    for d_in, d_out in zip(sizes[:-1], sizes[1:], strict=True):
        W = torch.randn(d_in, d_out, generator=generator, dtype=dtype) / d_in**0.5
        params.append((W, torch.zeros(d_out, dtype=dtype)))
    return params


def params_from_module(model: nn.Module) -> list[Layer]:
    """Copy the ``nn.Linear`` layers of ``model`` (in order) as ``(W, b)`` pairs.

    The copies are detached, so this module's gradients and autograd's can be
    computed for the very same numbers.

    >>> from spiral_tut import mlp
    >>> [tuple(W.shape) for W, b in params_from_module(mlp(2, 16, 3, depth=2))]
    [(2, 16), (16, 16), (16, 3)]
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not linears or any(m.bias is None for m in linears):
        raise ValueError("model must contain nn.Linear layers, all with a bias")
    contiguous = torch.contiguous_format  # a fresh copy, rows stored one after another
    return [
        (m.weight.detach().T.clone(memory_format=contiguous), m.bias.detach().clone())
        for m in linears
    ]


def _check_params(params: object) -> list[Layer]:
    if not isinstance(params, Sequence) or len(params) == 0:
        raise TypeError(f"params must be a non-empty list of (W, b) pairs, got {params!r}")
    previous = None
    for i, layer in enumerate(params):
        if not (isinstance(layer, Sequence) and len(layer) == 2):
            raise TypeError(f"params[{i}] must be a (W, b) pair of tensors")
        W, b = layer
        if not (isinstance(W, torch.Tensor) and isinstance(b, torch.Tensor)):
            raise TypeError(f"params[{i}] must be a (W, b) pair of tensors")
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(
                f"params[{i}] must have W of shape (d_in, d_out) and b of shape (d_out,), "
                f"got {tuple(W.shape)} and {tuple(b.shape)}"
            )
        if previous is not None and W.shape[0] != previous:
            raise ValueError(
                f"params[{i}] takes {W.shape[0]} inputs but params[{i - 1}] gives {previous}"
            )
        previous = W.shape[1]
    return list(params)


def _check_activation(activation: object) -> str:
    if not isinstance(activation, str) or activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    return activation


def forward(
    params: Sequence[Layer], X: torch.Tensor, activation: str = "tanh"
) -> tuple[torch.Tensor, list[torch.Tensor], list[torch.Tensor]]:
    """Run the network on ``X``: return the logits ``Z_L`` and the caches ``Z``, ``A``.

    ``activation`` (hidden layers only) is ``"tanh"``, ``"sigmoid"`` or ``"relu"``.

    ``Z[l]`` is layer ``l+1``'s pre-activation, ``A[l]`` its input (``A[0] = X``);
    :func:`backward` needs both.

    >>> params = init_params([2, 4, 3])
    >>> logits, Z, A = forward(params, torch.zeros(5, 2, dtype=torch.float64))
    >>> tuple(logits.shape), len(Z), len(A)
    ((5, 3), 2, 2)
    """
    params = _check_params(params)
    X = check_features("X", X, n_features=params[0][0].shape[0])
    if X.dtype != params[0][0].dtype:
        raise TypeError(f"X must have the parameters' dtype {params[0][0].dtype}, got {X.dtype}")
    f, _ = _ACTIVATIONS[_check_activation(activation)]
    Z, A = [], []
    a = X
    for i, (W, b) in enumerate(params):
        A.append(a)
        z = a @ W + b
        Z.append(z)
        a = z if i == len(params) - 1 else f(z)
    return Z[-1], Z, A


def softmax_cross_entropy(
    logits: torch.Tensor, y: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean cross-entropy of ``softmax(logits)`` and its gradient ``(softmax - onehot) / n``.

    >>> loss, dlogits = softmax_cross_entropy(torch.zeros(2, 4), torch.tensor([0, 3]))
    >>> round(loss.item(), 4), dlogits[0].tolist()
    (1.3863, [-0.375, 0.125, 0.125, 0.125])
    """
    logits = check_features("logits", logits)
    y = check_labels("y", y, n_samples=len(logits), n_classes=logits.shape[1])
    shifted = logits - logits.max(dim=1, keepdim=True).values  # exp() cannot overflow
    log_p = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    n = len(logits)
    loss = -log_p[torch.arange(n), y].mean()
    onehot = torch.zeros_like(logits)
    onehot[torch.arange(n), y] = 1
    return loss, (log_p.exp() - onehot) / n


def backward(
    params: Sequence[Layer],
    Z: Sequence[torch.Tensor],
    A: Sequence[torch.Tensor],
    dlogits: torch.Tensor,
    activation: str = "tanh",
) -> list[Layer]:
    """Chain rule from the last layer to the first: return ``(∂L/∂W, ∂L/∂b)`` per layer.

    ``Z`` and ``A`` come from :func:`forward`, ``dlogits = ∂L/∂Z_L`` from
    :func:`softmax_cross_entropy`.

    >>> params = init_params([2, 4, 3])
    >>> X, y = torch.randn(5, 2, dtype=torch.float64), torch.tensor([0, 1, 2, 0, 1])
    >>> logits, Z, A = forward(params, X)
    >>> loss, dlogits = softmax_cross_entropy(logits, y)
    >>> [tuple(db.shape) for dW, db in backward(params, Z, A, dlogits)]
    [(4,), (3,)]
    """
    params = _check_params(params)
    f, f_prime = _ACTIVATIONS[_check_activation(activation)]
    if len(Z) != len(params) or len(A) != len(params):
        raise ValueError(f"Z and A must hold one tensor per layer ({len(params)}), from forward()")
    if dlogits.shape != Z[-1].shape:
        raise ValueError(
            f"dlogits must have the logits' shape {tuple(Z[-1].shape)}, got {tuple(dlogits.shape)}"
        )
    grads: list[Layer] = []
    delta = dlogits  # δ_L = ∂L/∂Z_L
    for layer in reversed(range(len(params))):
        W, _ = params[layer]
        grads.append((A[layer].T @ delta, delta.sum(dim=0)))  # ∂L/∂W_l, ∂L/∂b_l
        if layer > 0:  # δ_{l-1} = (δ_l W_lᵀ) ⊙ f'(Z_{l-1}), with A[layer] = f(Z_{l-1})
            delta = (delta @ W.T) * f_prime(Z[layer - 1], A[layer])
    return grads[::-1]


def loss_and_gradients(
    params: Sequence[Layer], X: torch.Tensor, y: torch.Tensor, activation: str = "tanh"
) -> tuple[torch.Tensor, list[Layer]]:
    """Forward pass, loss and backward pass in one call: return ``(loss, grads)``.

    >>> params = init_params([2, 4, 3])
    >>> X, y = torch.randn(6, 2, dtype=torch.float64), torch.tensor([0, 1, 2, 0, 1, 2])
    >>> loss, grads = loss_and_gradients(params, X, y, activation="relu")
    >>> len(grads)
    2
    """
    logits, Z, A = forward(params, X, activation)
    loss, dlogits = softmax_cross_entropy(logits, y)
    return loss, backward(params, Z, A, dlogits, activation)


def numerical_gradients(
    params: Sequence[Layer],
    X: torch.Tensor,
    y: torch.Tensor,
    activation: str = "tanh",
    eps: float = 1e-6,
) -> list[Layer]:
    """Central differences ``(L(θ+ε) - L(θ-ε)) / 2ε``, one parameter at a time.

    Two forward passes per parameter: slow, but independent of the chain rule,
    so it checks :func:`backward`. Use float64 (the rounding error is ``~1e-16/ε``).

    >>> params = init_params([2, 3, 2])
    >>> X, y = torch.randn(4, 2, dtype=torch.float64), torch.tensor([0, 1, 1, 0])
    >>> _, grads = loss_and_gradients(params, X, y)
    >>> numeric = numerical_gradients(params, X, y)
    >>> bool(torch.allclose(grads[0][0], numeric[0][0], atol=1e-8))
    True
    """
    eps = check_real("eps", eps, minimum=0.0, strict=True)
    params = [(W.contiguous().clone(), b.contiguous().clone()) for W, b in _check_params(params)]

    def loss_at() -> float:
        return softmax_cross_entropy(forward(params, X, activation)[0], y)[0].item()

    numeric = []
    for W, b in params:
        layer_grads = []
        for tensor in (W, b):
            grad = torch.zeros(tensor.shape, dtype=tensor.dtype, device=tensor.device)
            flat, flat_grad = tensor.view(-1), grad.view(-1)
            for k in range(flat.numel()):
                saved = flat[k].item()
                flat[k] = saved + eps
                plus = loss_at()
                flat[k] = saved - eps
                minus = loss_at()
                flat[k] = saved
                flat_grad[k] = (plus - minus) / (2 * eps)
            layer_grads.append(grad)
        numeric.append((layer_grads[0], layer_grads[1]))
    return numeric
