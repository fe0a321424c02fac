"""The binary RBM, CD-1 and the bars-and-stripes patterns."""

import itertools
import math

import pytest
import torch

from spiral_tut.rbm import RBM, bars_and_stripes, train_rbm


def all_binary(n: int) -> torch.Tensor:
    """Every 0/1 vector of length n, as rows (float64)."""
    return torch.tensor(list(itertools.product([0.0, 1.0], repeat=n)), dtype=torch.float64)


def random_rbm(n_visible: int, n_hidden: int, seed: int = 0) -> RBM:
    """An RBM with weights and biases large enough that the tests are not trivial."""
    rbm = RBM(n_visible, n_hidden, seed=seed).double()
    g = torch.Generator().manual_seed(seed + 100)
    rbm.weight.copy_(torch.randn(n_visible, n_hidden, generator=g, dtype=torch.float64))
    rbm.visible_bias.copy_(torch.randn(n_visible, generator=g, dtype=torch.float64))
    rbm.hidden_bias.copy_(torch.randn(n_hidden, generator=g, dtype=torch.float64))
    return rbm


# -- bars and stripes --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_bars_and_stripes_are_all_distinct_bars_or_stripes(size):
    data = bars_and_stripes(size, device="cpu")
    assert data.shape == (2 ** (size + 1) - 2, size * size)
    assert data.dtype == torch.float32
    assert set(data.unique().tolist()) <= {0.0, 1.0}
    assert len(data.unique(dim=0)) == len(data)
    images = data.reshape(-1, size, size)
    rows_constant = (images == images[:, :, :1]).flatten(1).all(dim=1)  # stripes
    cols_constant = (images == images[:, :1, :]).flatten(1).all(dim=1)  # bars
    assert bool((rows_constant | cols_constant).all())


def test_bars_and_stripes_holds_every_bars_and_every_stripes_image():
    images = {tuple(row) for row in bars_and_stripes(3, device="cpu").tolist()}
    for bits in itertools.product([0.0, 1.0], repeat=3):
        stripes = [bits[r] for r in range(3) for c in range(3)]
        bars = [bits[c] for r in range(3) for c in range(3)]
        assert tuple(stripes) in images and tuple(bars) in images


@pytest.mark.parametrize("size, error", [(0, ValueError), (2.0, TypeError), ("4", TypeError)])
def test_bars_and_stripes_rejects_bad_size(size, error):
    with pytest.raises(error, match="size"):
        bars_and_stripes(size, device="cpu")


# -- energy, free energy, conditionals ------------------------------------------------------------


def test_energy_of_a_one_by_one_rbm():
    rbm = RBM(1, 1)
    rbm.weight.fill_(2.0)
    rbm.visible_bias.fill_(0.5)
    rbm.hidden_bias.fill_(-1.0)
    v = torch.tensor([[1.0], [1.0], [0.0]])
    h = torch.tensor([[1.0], [0.0], [1.0]])
    # E = -a v - b h - v W h
    assert rbm.energy(v, h).tolist() == pytest.approx([-0.5 + 1.0 - 2.0, -0.5, 1.0])


def test_free_energy_sums_out_the_hidden_units():
    rbm = random_rbm(4, 3)
    v, h = all_binary(4), all_binary(3)
    energies = torch.stack([rbm.energy(v, h_row.expand(len(v), -1)) for h_row in h], dim=1)
    expected = -torch.logsumexp(-energies, dim=1)
    assert torch.allclose(rbm.free_energy(v), expected, atol=1e-12)


def test_conditionals_match_brute_force():
    rbm = random_rbm(3, 2)
    v, h = all_binary(3), all_binary(2)
    joint = torch.exp(-torch.stack([rbm.energy(v, hr.expand(len(v), -1)) for hr in h], dim=1))
    p_h_given_v = joint / joint.sum(dim=1, keepdim=True)  # rows: v, columns: h states
    expected_h = p_h_given_v @ h  # p(h_j = 1 | v)
    assert torch.allclose(rbm.hidden_probs(v), expected_h, atol=1e-12)
    p_v_given_h = joint / joint.sum(dim=0, keepdim=True)
    expected_v = p_v_given_h.T @ v  # p(v_i = 1 | h)
    assert torch.allclose(rbm.visible_probs(h), expected_v, atol=1e-12)
    assert torch.equal(rbm(v), rbm.hidden_probs(v))


def test_log_partition_and_likelihood_are_normalised():
    rbm = random_rbm(4, 3)
    v, h = all_binary(4), all_binary(3)
    energies = torch.stack([rbm.energy(v, hr.expand(len(v), -1)) for hr in h])
    assert rbm.log_partition() == pytest.approx(torch.logsumexp(-energies.flatten(), 0).item())
    assert rbm.log_likelihood(v).exp().sum().item() == pytest.approx(1.0)


def test_log_partition_refuses_too_many_hidden_units():
    with pytest.raises(ValueError, match="n_hidden"):
        RBM(2, 21).log_partition()


# -- sampling ------------------------------------------------------------------------------------


def test_samples_are_binary_and_follow_the_probabilities():
    rbm = random_rbm(3, 2).float()
    v = torch.tensor([[1.0, 0.0, 1.0]]).expand(20000, -1)
    g = torch.Generator().manual_seed(1)
    p, h = rbm.sample_h(v, g)
    assert set(h.unique().tolist()) <= {0.0, 1.0}
    assert torch.allclose(h.mean(dim=0), p[0], atol=0.02)
    p, v_new = rbm.sample_v(h, g)
    assert set(v_new.unique().tolist()) <= {0.0, 1.0}
    assert torch.allclose(v_new.mean(dim=0), p.mean(dim=0), atol=0.02)


def test_gibbs_is_reproducible_and_zero_steps_is_the_identity():
    rbm = random_rbm(4, 3).float()
    start = torch.tensor([[1.0, 0.0, 0.0, 1.0]] * 5)
    first = rbm.gibbs(start, steps=7, generator=torch.Generator().manual_seed(3))
    again = rbm.gibbs(start, steps=7, generator=torch.Generator().manual_seed(3))
    assert torch.equal(first, again)
    assert torch.equal(rbm.gibbs(start, steps=0), start)


def test_long_gibbs_chains_sample_the_model_distribution():
    rbm = random_rbm(3, 2).float()
    g = torch.Generator().manual_seed(0)
    v = rbm.gibbs(torch.zeros(20000, 3), steps=30, generator=g)
    patterns = all_binary(3).float()
    counts = (v[:, None, :] == patterns[None]).all(dim=2).float().mean(dim=0)
    expected = rbm.double().log_likelihood(patterns.double()).exp().float()
    assert torch.allclose(counts, expected, atol=0.02)


# -- CD-1 ----------------------------------------------------------------------------------------


def test_cd1_step_applies_the_data_minus_reconstruction_update():
    rbm = random_rbm(4, 3).float()
    before = {name: value.clone() for name, value in rbm.named_parameters()}
    v0 = torch.tensor([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0]])
    g = torch.Generator().manual_seed(5)
    q0, h0 = rbm.sample_h(v0, g)
    p1, v1 = rbm.sample_v(h0, g)
    q1 = rbm.hidden_probs(v1)
    lr = 0.3
    error = rbm.cd1_step(v0, lr=lr, generator=torch.Generator().manual_seed(5))
    assert torch.allclose(rbm.weight, before["weight"] + lr * (v0.T @ q0 - v1.T @ q1) / 3)
    assert torch.allclose(rbm.visible_bias, before["visible_bias"] + lr * (v0 - v1).mean(0))
    assert torch.allclose(rbm.hidden_bias, before["hidden_bias"] + lr * (q0 - q1).mean(0))
    assert error == pytest.approx((v0 - p1).square().mean().item())


def test_training_on_bars_and_stripes_raises_the_likelihood():
    data = bars_and_stripes(4, device="cpu")
    rbm = RBM(16, 16, seed=0)
    start_ll = rbm.log_likelihood(data).mean().item()
    start_error = rbm.reconstruction_error(data)
    errors = train_rbm(rbm, data, epochs=600, lr=0.1, batch_size=10, seed=0)
    ll = rbm.log_likelihood(data).mean().item()
    assert start_ll == pytest.approx(-16 * math.log(2), abs=0.05)  # tiny weights: ~uniform
    assert ll > start_ll + 3
    # No distribution gives 30 patterns a larger mean log-probability than the uniform one.
    assert ll <= -math.log(len(data)) + 1e-6
    assert rbm.reconstruction_error(data) < start_error / 10
    assert len(errors) == 600 and errors[-1] < errors[0] / 10


def test_train_rbm_is_reproducible_and_calls_back():
    data = bars_and_stripes(3, device="cpu")
    seen = []
    first, second = RBM(9, 4, seed=1), RBM(9, 4, seed=1)
    errors = train_rbm(first, data, epochs=5, seed=2, callback=lambda e, r: seen.append(e))
    assert errors == train_rbm(second, data, epochs=5, seed=2)
    assert torch.equal(first.weight, second.weight)
    assert seen == [0, 1, 2, 3, 4]


def test_train_rbm_logs(capsys):
    train_rbm(RBM(4, 2), bars_and_stripes(2, device="cpu"), epochs=3, log_every=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["epoch", "recon_error"]
    assert [line.split()[0] for line in lines[1:]] == ["0", "2"]


def test_rbm_seed_fixes_the_initial_weights():
    assert torch.equal(RBM(5, 3, seed=4).weight, RBM(5, 3, seed=4).weight)
    assert not torch.equal(RBM(5, 3, seed=4).weight, RBM(5, 3, seed=5).weight)
    assert RBM(5, 3, init_std=0.0).weight.abs().sum().item() == 0.0
    assert not torch.equal(RBM(5, 3, seed=None).weight, RBM(5, 3, seed=None).weight)
    assert repr(RBM(5, 3)) == "RBM(n_visible=5, n_hidden=3)"


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "v, error, match",
    [
        (torch.zeros(2, 5), ValueError, r"v must have shape \(n_samples, 4\)"),
        (torch.zeros(4), ValueError, "v must have shape"),
        (torch.zeros(2, 4, dtype=torch.long), TypeError, "floating-point"),
        ([[0.0, 1.0, 0.0, 1.0]], TypeError, "torch.Tensor"),
    ],
)
def test_bad_visible_batches_are_rejected(v, error, match):
    with pytest.raises(error, match=match):
        RBM(4, 2).free_energy(v)


def test_bad_arguments_are_rejected():
    rbm = RBM(4, 2)
    with pytest.raises(ValueError, match="n_hidden"):
        RBM(4, 0)
    with pytest.raises(ValueError, match="lr"):
        rbm.cd1_step(torch.zeros(1, 4), lr=0.0)
    with pytest.raises(ValueError, match="same number of rows"):
        rbm.energy(torch.zeros(2, 4), torch.zeros(3, 2))
    with pytest.raises(ValueError, match=r"h must have shape \(n_samples, 2\)"):
        rbm.visible_probs(torch.zeros(1, 4))
    with pytest.raises(TypeError, match="rbm"):
        train_rbm(torch.nn.Linear(4, 2), torch.zeros(1, 4))
    with pytest.raises(ValueError, match="data must have shape"):
        train_rbm(rbm, torch.zeros(3, 5))
    with pytest.raises(TypeError, match="callback"):
        train_rbm(rbm, torch.zeros(3, 4), callback=3)
