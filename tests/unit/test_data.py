"""spiral_tut.data: the course's spiral data set and the stratified split."""

import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from spiral_tut import default_device, make_spiral, train_test_split


def course_spiral() -> tuple[torch.Tensor, torch.Tensor]:
    """The course's loop (week1.md §4.2), copied as written, on the CPU."""
    device = "cpu"
    N, D, C = 1000, 2, 3
    X = torch.zeros(N * C, D).to(device)
    Y = torch.zeros(N * C, dtype=torch.long).to(device)
    for c in range(C):
        index = 0
        t = torch.linspace(0, 1, N)
        inner_var = torch.linspace((2 * math.pi / C) * c, (2 * math.pi / C) * (2 + c), N) + (
            torch.randn(N) * 0.2
        )
        for ix in range(N * c, N * (c + 1)):
            X[ix] = t[index] * torch.FloatTensor(
                (math.sin(inner_var[index]), math.cos(inner_var[index]))
            )
            Y[ix] = c
            index += 1
    return X, Y


def test_default_spiral_equals_the_course_loop_after_manual_seed_12345():
    torch.manual_seed(12345)
    X_course, y_course = course_spiral()

    X, y = make_spiral(device="cpu")

    assert torch.allclose(X, X_course, atol=1e-6)
    assert torch.equal(y, y_course)
    # not trivially equal: the points really are spread over the disc
    assert X.std() > 0.3


def test_make_spiral_leaves_the_global_rng_alone():
    torch.manual_seed(7)
    before = torch.get_rng_state()
    make_spiral(n_per_class=50, device="cpu")
    make_spiral(n_per_class=50, seed=None, device="cpu")
    assert torch.equal(torch.get_rng_state(), before)


def test_seed_none_gives_fresh_data_each_call():
    X1, y1 = make_spiral(n_per_class=50, seed=None, device="cpu")
    X2, y2 = make_spiral(n_per_class=50, seed=None, device="cpu")
    assert not torch.equal(X1, X2)
    assert torch.equal(y1, y2)  # labels do not depend on the noise


def test_same_seed_same_tensors_other_seed_other_tensors():
    X1, y1 = make_spiral(n_per_class=100, seed=3, device="cpu")
    X2, y2 = make_spiral(n_per_class=100, seed=3, device="cpu")
    X3, _ = make_spiral(n_per_class=100, seed=4, device="cpu")
    assert torch.equal(X1, X2) and torch.equal(y1, y2)
    assert not torch.equal(X1, X3)


def test_zero_noise_puts_points_exactly_on_the_spiral_arms():
    X, y = make_spiral(n_per_class=50, n_classes=4, noise=0.0, device="cpu")
    t = torch.linspace(0, 1, 50)
    for c in range(4):
        theta = torch.linspace(2 * math.pi / 4 * c, 2 * math.pi / 4 * (2 + c), 50)
        expected = t[:, None] * torch.stack((theta.sin(), theta.cos()), dim=1)
        torch.testing.assert_close(X[y == c], expected)


@given(
    n_per_class=st.integers(1, 60),
    n_classes=st.integers(2, 7),
    noise=st.floats(0.0, 5.0),
    seed=st.one_of(st.none(), st.integers(0, 2**32)),
)
def test_shapes_dtypes_balance_and_radius(n_per_class, n_classes, noise, seed):
    X, y = make_spiral(n_per_class, n_classes, noise, seed=seed, device="cpu")
    n = n_per_class * n_classes
    assert X.shape == (n, 2) and X.dtype == torch.float32
    assert y.shape == (n,) and y.dtype == torch.int64
    # classes in order 0..C-1, exactly n_per_class each
    assert torch.equal(y, torch.arange(n_classes).repeat_interleave(n_per_class))
    assert bool(torch.isfinite(X).all())
    assert float(X.norm(dim=1).max()) <= 1 + 1e-6


def test_default_device_is_the_default_of_make_spiral():
    X, y = make_spiral(n_per_class=5)
    assert X.device == y.device == default_device()


def test_default_device_picks_cuda_when_available(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert default_device() == torch.device("cuda")
    assert default_device("auto") == torch.device("cuda")
    assert default_device("cpu") == torch.device("cpu")


def test_default_device_falls_back_to_cpu_without_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert default_device() == torch.device("cpu")
    with pytest.raises(ValueError, match="cuda"):
        default_device("cuda")


def test_a_device_this_machine_lacks_gets_the_same_message_as_an_unknown_one(monkeypatch):
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    messages = {}
    for name in ("mps", "tpu"):
        with pytest.raises(ValueError) as info:
            make_spiral(n_per_class=5, device=name)
        messages[name] = str(info.value).replace(repr(name), "NAME")
    assert messages["mps"] == messages["tpu"]
    assert messages["mps"].startswith("device must be 'auto' or a device this machine has (cpu")


def test_mps_is_used_where_it_exists(monkeypatch):
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert default_device("mps") == torch.device("mps")


# --- sizes, seeds and noise at their limits ---------------------------------------------


def test_the_largest_seed_torch_takes_is_accepted():
    X, _ = make_spiral(n_per_class=5, seed=2**64 - 1, device="cpu")
    assert X.shape == (15, 2)


def test_large_but_representable_noise_gives_finite_points_in_the_unit_disc():
    X, _ = make_spiral(n_per_class=50, noise=1e30, device="cpu")
    assert bool(torch.isfinite(X).all()) and float(X.norm(dim=1).max()) <= 1 + 1e-6


def test_too_many_points_are_refused_before_anything_is_allocated(monkeypatch):
    def no_allocation(*args, **kwargs):
        raise AssertionError("allocated although the request is too large")

    monkeypatch.setattr(torch, "linspace", no_allocation)
    with pytest.raises(ValueError, match=r"n_per_class \* n_classes = 3000000000000 points is too"):
        make_spiral(n_per_class=10**12, device="cpu")


# --- train_test_split ------------------------------------------------------------------


def _indexed(n_per_class=(50, 30, 20)):
    """Data whose first column is the row number, so rows can be traced after a split."""
    y = torch.cat([torch.full((n,), c) for c, n in enumerate(n_per_class)])
    X = torch.stack((torch.arange(len(y)).float(), torch.zeros(len(y))), dim=1)
    return X, y


@pytest.mark.parametrize("test_size", [0.1, 0.2, 0.5, 0.75])
def test_split_is_stratified_disjoint_and_covering(test_size):
    X, y = _indexed()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size)

    train_rows, test_rows = X_train[:, 0].long(), X_test[:, 0].long()
    assert set(train_rows.tolist()).isdisjoint(test_rows.tolist())
    assert sorted(train_rows.tolist() + test_rows.tolist()) == list(range(len(y)))
    # every row keeps its label
    assert torch.equal(y[train_rows], y_train) and torch.equal(y[test_rows], y_test)
    # every class keeps its share
    for c, n in enumerate((50, 30, 20)):
        assert int((y_test == c).sum()) == round(test_size * n)
        assert int((y_train == c).sum()) == n - round(test_size * n)


def test_split_of_the_spiral_keeps_classes_balanced():
    X, y = make_spiral(n_per_class=100, device="cpu")
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    assert y_train.bincount().tolist() == [80, 80, 80]
    assert y_test.bincount().tolist() == [20, 20, 20]
    assert X_train.shape == (240, 2) and X_test.shape == (60, 2)


def test_split_is_deterministic_with_a_seed_and_random_across_seeds():
    X, y = _indexed()
    a = train_test_split(X, y, seed=1)
    b = train_test_split(X, y, seed=1)
    c = train_test_split(X, y, seed=2)
    assert all(torch.equal(u, v) for u, v in zip(a, b, strict=True))
    assert not torch.equal(a[1], c[1])


def test_split_leaves_the_global_rng_alone():
    X, y = _indexed()
    before = torch.get_rng_state()
    train_test_split(X, y, seed=None)
    assert torch.equal(torch.get_rng_state(), before)


def test_split_that_would_empty_a_class_is_refused():
    X, y = _indexed((10, 1))
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X, y, test_size=0.2)
