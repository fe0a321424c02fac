"""spiral_tut.training: fit, History, predict and accuracy."""

import pytest
import torch
from torch import nn

from spiral_tut import History, accuracy, fit, linear_model, make_spiral, mlp, predict


@pytest.fixture(scope="module")
def spiral():
    return make_spiral(device="cpu")


@pytest.fixture
def small():
    return make_spiral(n_per_class=30, device="cpu")


# --- the course's results, with the course's hyper-parameters ------------------------


def test_linear_model_with_sgd_stays_near_chance_as_in_the_course(spiral):
    X, y = spiral
    torch.manual_seed(12345)
    model = linear_model(2, 100, 3)
    history = fit(
        model, X, y, optimizer="sgd", lr=1e-3, weight_decay=1e-5, epochs=1000, log_every=0
    )
    assert len(history) == 1000
    assert history.loss[-1] < history.loss[0]  # it does learn a little
    assert accuracy(model, X, y) <= 0.55


def test_two_layer_relu_with_adam_fits_the_spiral_as_in_the_course(spiral):
    X, y = spiral
    torch.manual_seed(12345)
    model = mlp(2, 100, 3, depth=1, activation="relu")
    history = fit(
        model, X, y, optimizer="adam", lr=1e-3, weight_decay=1e-5, epochs=1000, log_every=0
    )
    assert accuracy(model, X, y) >= 0.93
    assert history.accuracy[-1] >= 0.93
    assert history.loss[-1] < 0.3 < history.loss[0]


# --- History --------------------------------------------------------------------------


def _train(X, y, **kwargs):
    torch.manual_seed(0)
    model = mlp(hidden=16)
    kwargs = {"optimizer": "adam", "lr": 1e-2, "epochs": 20, "log_every": 0} | kwargs
    return model, fit(model, X, y, **kwargs)


def test_history_lengths_and_values(small):
    X, y = small
    _, history = _train(X, y, epochs=17)
    assert len(history) == len(history.loss) == len(history.accuracy) == 17
    assert history.val_loss == [] and history.val_accuracy == []
    assert all(isinstance(v, float) for v in history.loss + history.accuracy)
    assert all(0.0 <= a <= 1.0 for a in history.accuracy)
    # entry 0 is measured before the first update, i.e. on the initial model
    torch.manual_seed(0)
    initial = mlp(hidden=16)
    assert history.accuracy[0] == pytest.approx(accuracy(initial, X, y))
    assert history.loss[0] == pytest.approx(nn.functional.cross_entropy(initial(X), y).item())


def test_history_with_validation_data(small):
    X, y = small
    X_val, y_val = make_spiral(n_per_class=10, seed=1, device="cpu")
    model, history = _train(X, y, X_val=X_val, y_val=y_val, epochs=12)
    assert len(history.val_loss) == len(history.val_accuracy) == 12
    assert history.val_loss != history.loss
    assert all(0.0 <= a <= 1.0 for a in history.val_accuracy)


def test_same_seed_gives_identical_history_and_weights(small):
    X, y = small
    model_a, history_a = _train(X, y)
    model_b, history_b = _train(X, y)
    assert history_a == history_b
    for a, b in zip(model_a.parameters(), model_b.parameters(), strict=True):
        assert torch.equal(a, b)


def test_zero_epochs_is_allowed_and_records_nothing(small):
    X, y = small
    model, history = _train(X, y, epochs=0)
    assert len(history) == 0 and history == History()


# --- the printed table ------------------------------------------------------------------


def _rows(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.split() and line.split()[0].isdigit()]


@pytest.mark.parametrize(
    ("epochs", "log_every", "logged"),
    [(1000, 100, [*range(0, 1000, 100), 999]), (25, 10, [0, 10, 20, 24]), (5, 100, [0, 4])],
)
def test_table_is_printed_every_log_every_epochs(small, capsys, epochs, log_every, logged):
    X, y = small
    X, y = X[::10], y[::10]  # tiny, so 1000 epochs stay fast
    _train(X, y, epochs=epochs, log_every=log_every)
    out = capsys.readouterr().out
    assert "loss" in out.splitlines()[0] and "accuracy" in out.splitlines()[0]
    assert [int(row.split()[0]) for row in _rows(out)] == logged
    assert len(out.splitlines()) == len(logged) + 1


def test_table_has_validation_columns_when_validating(small, capsys):
    X, y = small
    _train(X, y, X_val=X, y_val=y, epochs=3, log_every=1)
    lines = capsys.readouterr().out.splitlines()
    assert "val_loss" in lines[0]
    assert all(len(row.split()) == 5 for row in lines[1:])


def test_log_every_zero_is_silent(small, capsys):
    X, y = small
    _train(X, y, epochs=30, log_every=0)
    assert capsys.readouterr() == ("", "")


def test_progress_bar(small, capsys):
    X, y = small
    _train(X, y, epochs=7, progress=True)
    err = capsys.readouterr().err
    assert "training" in err and "7/7" in err


# --- callback, modes, devices, optimizers -----------------------------------------------


def test_callback_sees_each_epoch_with_the_history_so_far(small):
    X, y = small
    calls = []

    def callback(epoch, model, history):
        assert isinstance(model, nn.Module) and isinstance(history, History)
        calls.append((epoch, len(history), len(history.loss), history.loss[-1]))

    _, history = _train(X, y, epochs=6, callback=callback)
    assert [c[0] for c in calls] == list(range(6))
    assert all(length == epoch + 1 == n_loss for epoch, length, n_loss, _ in calls)
    assert [c[3] for c in calls] == history.loss


def test_callback_can_snapshot_the_model(small):
    X, y = small
    snapshots = []
    model, _ = _train(
        X, y, epochs=3, callback=lambda e, m, h: snapshots.append(predict(m, X).clone())
    )
    assert torch.equal(snapshots[-1], predict(model, X))
    assert len(snapshots) == 3


@pytest.mark.parametrize("training", [True, False])
def test_fit_restores_the_training_mode(small, training):
    X, y = small
    model = mlp(hidden=8).train(training)
    fit(model, X, y, epochs=3, log_every=0)
    assert model.training is training


class Probe(nn.Module):
    """A small model that records, at each forward pass, its mode and whether grad is on."""

    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(2, 3)
        self.seen = []
        self.moved_to = []

    def forward(self, x):
        self.seen.append((self.training, torch.is_grad_enabled()))
        return self.layer(x)

    def to(self, *args, **kwargs):
        self.moved_to.append(args[0] if args else kwargs.get("device"))
        return super().to(*args, **kwargs)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("function", [predict, accuracy])
def test_predict_and_accuracy_use_eval_mode_without_grad_and_restore_mode(
    small, function, training
):
    X, y = small
    model = Probe().train(training)
    result = predict(model, X) if function is predict else accuracy(model, X, y)
    assert model.seen == [(False, False)]
    assert model.training is training
    assert torch.is_grad_enabled()
    if function is predict:
        assert result.shape == (len(X),) and result.dtype == torch.int64
    else:
        assert isinstance(result, float)


def test_predict_and_accuracy_agree():
    X, y = make_spiral(n_per_class=20, device="cpu")
    torch.manual_seed(1)
    model = mlp(hidden=8)
    assert accuracy(model, X, y) == pytest.approx((predict(model, X) == y).float().mean().item())


def test_fit_moves_the_model_to_the_device_of_X(small):
    X, y = small
    model = Probe()
    fit(model, X, y, epochs=2, log_every=0)
    assert model.moved_to == [X.device]
    # training passes in train mode with grad; validation/size probes in eval mode without
    assert (True, True) in model.seen


def test_an_optimizer_instance_is_used_as_given(small):
    X, y = small
    torch.manual_seed(0)
    model = mlp(hidden=8)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    before = [p.detach().clone() for p in model.parameters()]
    fit(model, X, y, optimizer=optimizer, epochs=3, log_every=0)
    assert all(len(optimizer.state[p]) > 0 for p in model.parameters())  # momentum buffers
    assert all(not torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))


def test_sgd_and_adam_by_name_train_differently(small):
    X, y = small
    _, sgd = _train(X, y, optimizer="sgd")
    _, adam = _train(X, y, optimizer="adam")
    assert sgd.loss[0] == adam.loss[0]  # same initial model
    assert sgd.loss[-1] != adam.loss[-1]


def test_an_optimizer_for_another_model_is_refused_before_training(small):
    X, y = small
    model, other = mlp(hidden=8), mlp(hidden=8)
    before = [p.detach().clone() for p in model.parameters()]
    with pytest.raises(ValueError, match="optimizer holds none of the model's parameters"):
        fit(model, X, y, optimizer=torch.optim.SGD(other.parameters(), lr=0.1), log_every=0)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))


def test_an_optimizer_for_part_of_the_model_is_fine(small):
    """Training only the last layer (fine-tuning) is allowed; the rest stays as it was."""
    X, y = small
    model = mlp(hidden=8)
    first = model[0].weight.detach().clone()
    optimizer = torch.optim.SGD(model[-1].parameters(), lr=0.1)
    fit(model, X, y, optimizer=optimizer, epochs=3, log_every=0)
    assert torch.equal(model[0].weight, first)


# --- diverging runs, label dtypes, very long runs ---------------------------------------


@pytest.mark.parametrize(
    ("scale", "lr", "named"),
    [(1.0, 1e30, "lr"), (1e38, 1e-2, "X")],  # a huge step, or inputs near float32's limit
)
@pytest.mark.parametrize("log_every", [0, 1])
def test_a_diverging_run_stops_with_a_clear_error(small, scale, lr, named, log_every):
    X, y = small
    with pytest.raises(FloatingPointError, match=r"loss became (nan|inf) at epoch \d+") as info:
        _train(X * scale, y, optimizer="sgd", lr=lr, epochs=5, log_every=log_every)
    assert f" {named} " in str(info.value)


def test_divergence_is_found_within_one_metrics_buffer(small, monkeypatch):
    import spiral_tut.training

    monkeypatch.setattr(spiral_tut.training, "METRICS_BUFFER", 4)
    X, y = small
    epochs_run = []
    original = nn.CrossEntropyLoss.forward

    def counting(self, *args):
        epochs_run.append(1)
        return original(self, *args)

    monkeypatch.setattr(nn.CrossEntropyLoss, "forward", counting)
    with pytest.raises(FloatingPointError):
        _train(X * 1e38, y, epochs=1000, log_every=0)
    assert len(epochs_run) == 4  # stopped at the first copy-out, not after 1000 epochs


@pytest.mark.parametrize("dtype", [torch.int32, torch.int16, torch.int8, torch.uint8])
def test_labels_of_any_integer_dtype_train_like_int64(small, dtype):
    X, y = small
    _, expected = _train(X, y, X_val=X, y_val=y)
    _, history = _train(X, y.to(dtype), X_val=X, y_val=y.to(dtype))
    assert history == expected


def test_history_is_the_same_whatever_the_metrics_buffer(small, monkeypatch):
    import spiral_tut.training

    X, y = small
    _, expected = _train(X, y, epochs=23, X_val=X, y_val=y)
    monkeypatch.setattr(spiral_tut.training, "METRICS_BUFFER", 5)
    _, history = _train(X, y, epochs=23, X_val=X, y_val=y)
    assert history == expected and len(history) == 23


def test_a_huge_epochs_count_allocates_nothing_of_that_size(small):
    """epochs=10**12 would need terabytes if the metrics were allocated up front."""

    class Stop(Exception):
        pass

    def stop_after_three(epoch, model, history):
        if epoch == 2:
            raise Stop

    X, y = small
    with pytest.raises(Stop):
        _train(X, y, epochs=10**12, callback=stop_after_three)
