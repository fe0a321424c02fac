"""spiral_tut.plotting: the drop-in replacement for the course's plot_lib."""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.contour import ContourSet
from torch import nn

from spiral_tut import History, make_spiral, mlp, plot_data, plot_history, plot_model, set_default

# Any warning fails these tests, in particular matplotlib's "Glyph ... missing from font".
pytestmark = pytest.mark.filterwarnings("error")


def _draw(figure) -> None:
    """Render the figure (text glyphs are only looked up when drawing)."""
    figure.savefig(io.BytesIO(), format="png")


def _scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def _filled_contours(ax):
    return [c for c in ax.collections if isinstance(c, ContourSet) and c.filled]


@pytest.fixture
def data():
    return make_spiral(n_per_class=100, device="cpu")


@pytest.fixture
def model():
    torch.manual_seed(0)
    return mlp(hidden=16)


def test_notebook_sequence_draws_scatter_and_filled_contour(data, model):
    X, Y = data
    # the original notebook's cells, with only the import line changed
    set_default()
    plot_data(X, Y)
    plot_model(X, Y, model)

    ax = plt.gca()
    assert len(_scatters(ax)) == 2  # plot_data, then plot_model's own data layer
    assert len(_filled_contours(ax)) == 1
    assert _filled_contours(ax)[0].get_alpha() == 0.3
    offsets = _scatters(ax)[0].get_offsets()
    np.testing.assert_allclose(offsets, X.numpy())
    assert ax.get_xlim() == pytest.approx((-1.1, 1.1)) and ax.get_ylim() == pytest.approx(
        (-1.1, 1.1)
    )
    assert not ax.axison
    assert plt.gcf().get_size_inches().tolist() == [10, 10]
    _draw(plt.gcf())


def test_plot_model_fills_the_predicted_classes(data):
    X, y = data

    class Right(nn.Module):  # class 1 on the right half-plane, class 0 on the left
        def forward(self, x):
            return torch.stack((-x[:, 0], x[:, 0]), dim=1)

    ax = plot_model(X, y, Right())
    levels = _filled_contours(ax)[0].levels
    assert levels.min() <= 0 and levels.max() >= 1


def test_plot_model_fills_a_constant_prediction_with_that_class_colour():
    X, y = make_spiral(n_per_class=20, n_classes=3, device="cpu")

    class AlwaysTwo(nn.Module):  # predicts the last class everywhere
        def forward(self, x):
            return torch.tensor([0.0, 0.0, 1.0]).expand(len(x), 3)

    _, ax = plt.subplots()
    plot_model(X, y, AlwaysTwo(), ax=ax)
    contour, points = _filled_contours(ax)[0], _scatters(ax)[0]
    _draw(ax.figure)
    drawn = [i for i, path in enumerate(contour.get_paths()) if len(path.vertices)]
    assert len(drawn) == 1  # one band covers the plane
    filled = contour.get_facecolor()[drawn[0]][:3]
    class_two = points.cmap(points.norm(2))[:3]
    np.testing.assert_allclose(filled, class_two)


def test_plot_data_zoom_and_auto(data):
    X, y = data
    ax = plot_data(X, y, zoom=2)
    assert ax.get_xlim() == pytest.approx((-2.2, 2.2))
    _, ax2 = plt.subplots()
    plot_data(X * 3, y, auto=True, ax=ax2)
    assert ax2.get_xlim()[1] >= float(X[:, 0].max() * 3)


@pytest.mark.parametrize("training", [True, False])
def test_plot_model_does_not_move_the_model_or_change_its_mode(data, training):
    X, y = data

    class Pinned(nn.Module):
        """Fails if anyone moves or casts it (model.cpu(), .to(...), .float() ...)."""

        def __init__(self):
            super().__init__()
            self.layer = nn.Linear(2, 3)

        def _apply(self, *args, **kwargs):
            raise AssertionError("the model was moved or cast")

        def forward(self, x):
            assert not torch.is_grad_enabled() and not self.training
            return self.layer(x)

    model = Pinned().train(training)
    parameters = {name: (p, p.data_ptr(), p.device) for name, p in model.named_parameters()}
    plot_model(X, y, model)
    assert model.training is training
    for name, p in model.named_parameters():
        assert parameters[name] == (p, p.data_ptr(), p.device)


def test_numpy_arrays_are_accepted(data, model):
    X, y = data
    ax = plot_model(X.numpy(), y.numpy(), model)
    assert len(_scatters(ax)) == 1 and len(_filled_contours(ax)) == 1
    np.testing.assert_allclose(_scatters(ax)[0].get_offsets(), X.numpy())


def test_tensors_that_require_grad_are_accepted(data):
    X, y = data
    ax = plot_data(X.clone().requires_grad_(), y)
    assert len(_scatters(ax)) == 1


def test_ax_and_title(data, model):
    X, y = data
    figure, (left, right) = plt.subplots(1, 2)
    plt.sca(left)
    returned = plot_model(X, y, model, ax=right, title="after training")
    assert returned is right
    assert right.get_title() == "after training"
    assert len(left.collections) == 0 and len(right.collections) == 2
    assert plot_data(X, y, ax=left, title="data") is left and left.get_title() == "data"
    _draw(figure)


def test_themes():
    set_default()
    assert to_rgba(plt.rcParams["figure.facecolor"]) == to_rgba("white")
    assert to_rgba(plt.rcParams["axes.facecolor"]) != to_rgba("black")
    set_default(theme="dark")
    assert to_rgba(plt.rcParams["figure.facecolor"]) == to_rgba("black")
    assert to_rgba(plt.rcParams["text.color"]) == to_rgba("white")
    set_default(figsize=(4, 3), dpi=50, theme="transparent")
    assert to_rgba(plt.rcParams["figure.facecolor"])[3] == 0
    assert plt.rcParams["savefig.transparent"]
    assert tuple(plt.rcParams["figure.figsize"]) == (4, 3) and plt.rcParams["figure.dpi"] == 50
    with pytest.raises(ValueError, match="theme"):
        set_default(theme="solarized")


def test_plot_history_without_validation():
    history = History(loss=[1.0, 0.6, 0.4], accuracy=[0.3, 0.6, 0.8])
    loss_ax, acc_ax = plot_history(history)
    assert [line.get_label() for line in loss_ax.get_lines()] == ["train"]
    assert acc_ax.get_lines()[0].get_ydata().tolist() == [0.3, 0.6, 0.8]
    assert loss_ax.get_xlabel() == "epoch" and acc_ax.get_ylabel() == "accuracy"
    _draw(loss_ax.figure)


def test_plot_history_with_validation_on_given_axes():
    history = History([1.0, 0.5], [0.4, 0.9], [1.1, 0.7], [0.3, 0.8])
    figure, axes = plt.subplots(1, 2)
    loss_ax, acc_ax = plot_history(history, ax=axes)
    assert (loss_ax, acc_ax) == tuple(axes)
    assert [line.get_label() for line in loss_ax.get_lines()] == ["train", "validation"]
    assert loss_ax.get_lines()[1].get_ydata().tolist() == [1.1, 0.7]
    assert acc_ax.get_lines()[1].get_ydata().tolist() == [0.3, 0.8]
    _draw(figure)


def test_transparent_theme_renders_without_warnings(data, model):
    set_default(figsize=(3, 3), theme="transparent")
    X, y = data
    plot_model(X, y, model, title="decision regions")
    buffer = io.BytesIO()
    plt.savefig(buffer, format="png")
    assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_history_refuses_a_single_axes_and_draws_nothing():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"^ax must be a pair of Axes .*; got Axes$"):
        plot_history(History([1.0], [0.5]), ax=ax)
    assert ax.get_lines() == []


def test_plot_history_takes_a_list_of_two_axes():
    figure = plt.figure()
    pair = [figure.add_subplot(1, 2, 1), figure.add_subplot(1, 2, 2)]
    assert plot_history(History([1.0], [0.5]), ax=pair) == tuple(pair)


@pytest.mark.parametrize(
    ("labels", "error"),
    [(np.array(["a", "b", "c"]), TypeError), (np.array([0.0, 1.0, 2.0]), TypeError)],
)
def test_plot_data_refuses_labels_that_are_not_integer_classes(labels, error):
    X = np.zeros((3, 2))
    with pytest.raises(error, match=r"^y must hold integer class labels, got dtype"):
        plot_data(X, labels)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_plot_data_refuses_points_it_would_silently_leave_out(data, bad):
    X, y = data
    X = X.numpy().copy()
    X[5, 1] = bad
    with pytest.raises(ValueError, match=r"^X contains NaN or infinite values$"):
        plot_data(X, y)
    assert plt.gcf().axes == [] or _scatters(plt.gca()) == []
