"""A small binary restricted Boltzmann machine (RBM) trained with CD-1.

The RBM has binary visible units ``v``, binary hidden units ``h`` and the
energy ``E(v, h) = -aᵀv - bᵀh - vᵀWh``, with weights ``W`` (``weight``, shape
``(n_visible, n_hidden)``), visible bias ``a`` (``visible_bias``) and hidden
bias ``b`` (``hidden_bias``). The model's probability is
``p(v, h) = exp(-E(v, h)) / Z``. Also here: the bars-and-stripes patterns, the
classic toy data for RBMs.

>>> from spiral_tut.rbm import RBM, bars_and_stripes, train_rbm
>>> data = bars_and_stripes(4, device="cpu")
>>> rbm = RBM(16, 8, seed=0)
>>> errors = train_rbm(rbm, data, epochs=3, lr=0.1, batch_size=10)
>>> len(errors)
3
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from ._checks import check_int, check_real
from .data import _generator
from .device import default_device

#: Largest ``n_hidden`` for which :meth:`RBM.log_partition` enumerates all hidden states.
MAX_EXACT_HIDDEN = 20


def bars_and_stripes(size: int = 4, device: str | torch.device | None = None) -> torch.Tensor:
    """All distinct ``size × size`` bars-and-stripes images, flattened row by row.

    A *stripes* image switches whole rows on or off, a *bars* image whole
    columns. The all-off and all-on images are both, so there are
    ``2·2^size - 2`` distinct patterns: first the ``2^size`` stripes images,
    then the other bars images. Returns float32 0/1 values of shape
    ``(2·2^size - 2, size·size)`` on ``device`` (default: CUDA if available).

    >>> data = bars_and_stripes(2, device="cpu")
    >>> data.shape
    torch.Size([6, 4])
    >>> data[1].reshape(2, 2).tolist()  # a stripes image: the bottom row is on
    [[0.0, 0.0], [1.0, 1.0]]
    >>> data[4].reshape(2, 2).tolist()  # a bars image: the right column is on
    [[0.0, 1.0], [0.0, 1.0]]
    """
    size = check_int("size", size)
    device = default_device(device)
    # Row k of `bits` is the binary number k with `size` digits.
    shifts = torch.arange(size - 1, -1, -1)
    bits = ((torch.arange(2**size)[:, None] >> shifts) & 1).float()
    stripes = bits[:, :, None].expand(-1, size, size)  # pixel (r, c) = bits[r]
    bars = bits[:, None, :].expand(-1, size, size)  # pixel (r, c) = bits[c]
    patterns = torch.cat((stripes, bars[1:-1]))  # bars all-off / all-on are stripes too
    return patterns.reshape(len(patterns), size * size).to(device)


def _bernoulli(p: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    """Draw 0/1 values with probabilities ``p``, with the generator on its own device."""
    device = p.device if generator is None else generator.device
    uniform = torch.rand(p.shape, generator=generator, device=device).to(p.device)
    return (uniform < p).to(p.dtype)


def _check_batch(name: str, x: object, width: int) -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if x.ndim != 2 or x.shape[1] != width:
        raise ValueError(f"{name} must have shape (n_samples, {width}), got {tuple(x.shape)}")
    if not x.is_floating_point():
        raise TypeError(f"{name} must hold floating-point 0/1 values, got dtype {x.dtype}")
    return x


class RBM(nn.Module):
    """A binary RBM with ``n_visible`` visible and ``n_hidden`` hidden units.

    Weights start as ``init_std · N(0, 1)`` from a generator seeded with ``seed``
    (``None``: fresh randomness), biases at zero. All methods take a batch
    ``v`` of shape ``(n_samples, n_visible)`` or ``h`` of shape
    ``(n_samples, n_hidden)``. Calling the RBM returns ``p(h = 1 | v)``, so a
    trained RBM can serve as a sigmoid layer of a deeper network.

    >>> rbm = RBM(n_visible=4, n_hidden=3)
    >>> v = torch.tensor([[1.0, 0.0, 1.0, 0.0]])
    >>> rbm(v).shape, rbm.free_energy(v).shape
    (torch.Size([1, 3]), torch.Size([1]))
    """

    def __init__(
        self, n_visible: int, n_hidden: int, *, seed: int | None = 0, init_std: float = 0.01
    ) -> None:
        super().__init__()
        self.n_visible = check_int("n_visible", n_visible)
        self.n_hidden = check_int("n_hidden", n_hidden)
        init_std = check_real("init_std", init_std, minimum=0.0)
        generator = _generator(seed)  # seed=None: fresh randomness
        weight = torch.randn(self.n_visible, self.n_hidden, generator=generator) * init_std
        # Trained by hand with CD-1, not by autograd.
        self.weight = nn.Parameter(weight, requires_grad=False)
        self.visible_bias = nn.Parameter(torch.zeros(self.n_visible), requires_grad=False)
        self.hidden_bias = nn.Parameter(torch.zeros(self.n_hidden), requires_grad=False)

    def extra_repr(self) -> str:
        """The sizes shown by ``print(rbm)``."""
        return f"n_visible={self.n_visible}, n_hidden={self.n_hidden}"

    def _check(self, name: str, x: object, width: int) -> torch.Tensor:
        return _check_batch(name, x, width).to(self.weight.device)

    def energy(self, v: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
        """``E(v, h) = -aᵀv - bᵀh - vᵀWh`` for each row pair, shape ``(n_samples,)``."""
        v = self._check("v", v, self.n_visible)
        h = self._check("h", h, self.n_hidden)
        if len(v) != len(h):
            raise ValueError(
                f"v and h must have the same number of rows, got {len(v)} and {len(h)}"
            )
        interaction = ((v @ self.weight) * h).sum(dim=1)
        return -(v @ self.visible_bias) - (h @ self.hidden_bias) - interaction

    def free_energy(self, v: torch.Tensor) -> torch.Tensor:
        """``F(v) = -log Σ_h exp(-E(v, h)) = -aᵀv - Σ_j softplus(b_j + (vW)_j)``.

        Low free energy means high probability: ``p(v) = exp(-F(v)) / Z``.
        """
        v = self._check("v", v, self.n_visible)
        return -(v @ self.visible_bias) - F.softplus(v @ self.weight + self.hidden_bias).sum(dim=1)

    def hidden_probs(self, v: torch.Tensor) -> torch.Tensor:
        """``p(h_j = 1 | v) = σ(b_j + (vW)_j)``; hidden units are independent given ``v``."""
        v = self._check("v", v, self.n_visible)
        return torch.sigmoid(v @ self.weight + self.hidden_bias)

    def visible_probs(self, h: torch.Tensor) -> torch.Tensor:
        """``p(v_i = 1 | h) = σ(a_i + (Wh)_i)``; visible units are independent given ``h``."""
        h = self._check("h", h, self.n_hidden)
        return torch.sigmoid(h @ self.weight.T + self.visible_bias)

    def forward(self, v: torch.Tensor) -> torch.Tensor:
        """Same as :meth:`hidden_probs`."""
        return self.hidden_probs(v)

    def sample_h(
        self, v: torch.Tensor, generator: torch.Generator | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Return ``p(h = 1 | v)`` and a 0/1 sample ``h`` drawn from it."""
        p = self.hidden_probs(v)
        return p, _bernoulli(p, generator)

    def sample_v(
        self, h: torch.Tensor, generator: torch.Generator | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Return ``p(v = 1 | h)`` and a 0/1 sample ``v`` drawn from it."""
        p = self.visible_probs(h)
        return p, _bernoulli(p, generator)

    def gibbs(
        self, v: torch.Tensor, steps: int = 1, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        """Run ``steps`` rounds of block Gibbs sampling ``v → h → v`` and return the last ``v``.

        >>> rbm = RBM(4, 3)
        >>> g = torch.Generator().manual_seed(0)
        >>> rbm.gibbs(torch.zeros(2, 4), steps=10, generator=g).shape
        torch.Size([2, 4])
        """
        steps = check_int("steps", steps, minimum=0)
        v = self._check("v", v, self.n_visible)
        for _ in range(steps):
            _, h = self.sample_h(v, generator)
            _, v = self.sample_v(h, generator)
        return v

    def reconstruct(self, v: torch.Tensor) -> torch.Tensor:
        """Mean-field reconstruction ``p(v' = 1 | h = p(h = 1 | v))``, without sampling."""
        return self.visible_probs(self.hidden_probs(v))

    def reconstruction_error(self, v: torch.Tensor) -> float:
        """Mean squared difference between ``v`` and :meth:`reconstruct` of ``v``."""
        v = self._check("v", v, self.n_visible)
        return (v - self.reconstruct(v)).square().mean().item()

    def cd1_step(
        self, v: torch.Tensor, lr: float = 0.1, generator: torch.Generator | None = None
    ) -> float:
        """One contrastive-divergence (CD-1) update on the batch ``v``; returns the batch error.

        With ``h₀ ~ p(h | v₀)``, ``v₁ ~ p(v | h₀)`` and ``q_k = p(h = 1 | v_k)``,
        averaged over the batch::

            W += lr · (v₀ᵀq₀ - v₁ᵀq₁) / n,   a += lr · mean(v₀ - v₁),   b += lr · mean(q₀ - q₁)

        This follows the "data minus model" gradient of the log-likelihood, with the
        model's statistics estimated from a single Gibbs step started at the data.
        The returned error compares ``v₀`` with ``p(v = 1 | h₀)``.
        """
        lr = check_real("lr", lr, minimum=0.0, strict=True)
        v0 = self._check("v", v, self.n_visible)
        q0, h0 = self.sample_h(v0, generator)
        p1, v1 = self.sample_v(h0, generator)
        q1 = self.hidden_probs(v1)
        n = len(v0)
        self.weight += lr * (v0.T @ q0 - v1.T @ q1) / n
        self.visible_bias += lr * (v0 - v1).mean(dim=0)
        self.hidden_bias += lr * (q0 - q1).mean(dim=0)
        return (v0 - p1).square().mean().item()

    def log_partition(self) -> float:
        """Exact ``log Z``, summing over all ``2^n_hidden`` hidden states (``n_hidden <= 20``).

        ``Z = Σ_h exp(bᵀh) Π_i (1 + exp(a_i + (Wh)_i))``, so only the hidden
        states need to be enumerated.
        """
        if self.n_hidden > MAX_EXACT_HIDDEN:
            raise ValueError(
                f"log_partition enumerates 2^n_hidden states; n_hidden must be <= "
                f"{MAX_EXACT_HIDDEN}, got {self.n_hidden}"
            )
        shifts = torch.arange(self.n_hidden - 1, -1, -1, device=self.weight.device)
        states = torch.arange(2**self.n_hidden, device=self.weight.device)
        h = ((states[:, None] >> shifts) & 1).to(self.weight.dtype)
        terms = h @ self.hidden_bias + F.softplus(h @ self.weight.T + self.visible_bias).sum(dim=1)
        return torch.logsumexp(terms.double(), dim=0).item()

    def log_likelihood(self, v: torch.Tensor) -> torch.Tensor:
        """Exact ``log p(v) = -F(v) - log Z`` of each row (``n_hidden <= 20``)."""
        return -self.free_energy(v) - self.log_partition()


def train_rbm(
    rbm: RBM,
    data: torch.Tensor,
    *,
    epochs: int = 100,
    lr: float = 0.1,
    batch_size: int = 10,
    seed: int | None = 0,
    log_every: int = 0,
    callback: Callable[[int, RBM], None] | None = None,
) -> list[float]:
    """Train ``rbm`` on the rows of ``data`` with CD-1 in shuffled mini-batches.

    Returns the mean reconstruction error of the batches of each epoch. Prints
    it at epoch 0, every ``log_every`` epochs and at the last one (``0``:
    silent). ``callback(epoch, rbm)`` runs after each epoch. The RBM is moved
    to ``data``'s device; ``seed`` fixes the shuffling and the sampling.

    >>> rbm = RBM(16, 8)
    >>> errors = train_rbm(rbm, bars_and_stripes(device="cpu"), epochs=2)
    >>> len(errors)
    2
    """
    if not isinstance(rbm, RBM):
        raise TypeError(f"rbm must be a spiral_tut.rbm.RBM, got {type(rbm).__name__}")
    data = _check_batch("data", data, rbm.n_visible)
    epochs = check_int("epochs", epochs, minimum=0)
    batch_size = check_int("batch_size", batch_size)
    log_every = check_int("log_every", log_every, minimum=0)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable or None, got {type(callback).__name__}")
    generator = _generator(seed)  # seed=None: fresh randomness

    rbm.to(data.device)
    errors: list[float] = []
    if log_every:
        print(f"{'epoch':>6} {'recon_error':>12}")
    for epoch in range(epochs):
        order = torch.randperm(len(data), generator=generator).to(data.device)
        batch_errors = [
            rbm.cd1_step(data[order[start : start + batch_size]], lr, generator)
            for start in range(0, len(data), batch_size)
        ]
        errors.append(sum(batch_errors) / len(batch_errors))
        if log_every and (epoch % log_every == 0 or epoch == epochs - 1):
            print(f"{epoch:>6d} {errors[-1]:>12.4f}")
        if callback is not None:
            callback(epoch, rbm)
    return errors
