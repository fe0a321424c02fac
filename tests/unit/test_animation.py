"""spiral_tut.animation: the animated decision-boundary picture of the spiral tutorial."""

import base64
import copy
import io
import re

import matplotlib.pyplot as plt
import pytest
import torch
from PIL import Image

from spiral_tut import AnimatedImage, animate_boundary, fit, make_spiral, mlp, set_default

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def trained():
    """A small model, trained for 4 epochs, with a snapshot before and after each update."""
    X, y = make_spiral(n_per_class=30, device="cpu")
    torch.manual_seed(0)
    model = mlp(hidden=16)
    snapshots = [(0, copy.deepcopy(model.state_dict()))]

    def keep(epoch, model, history):
        snapshots.append((epoch + 1, copy.deepcopy(model.state_dict())))

    fit(model, X, y, optimizer="adam", lr=0.05, epochs=4, log_every=0, callback=keep)
    return X, y, model, snapshots


def _frames(animation):
    image = Image.open(io.BytesIO(animation.data))
    frames = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append((image.convert("RGBA"), image.info.get("duration")))
    return image.format, frames


def test_one_frame_per_snapshot_of_the_asked_size(trained):
    X, y, model, snapshots = trained
    animation = animate_boundary(X, y, model, snapshots, size=2, dpi=50)
    image_format, frames = _frames(animation)
    assert image_format == "WEBP"
    assert animation.n_frames == len(frames) == len(snapshots) == 5
    assert animation.size == (100, 100)
    assert all(frame.size == (100, 100) for frame, _ in frames)


def test_frames_follow_the_snapshots(trained):
    X, y, model, snapshots = trained
    _, frames = _frames(animate_boundary(X, y, model, snapshots, size=2, dpi=50))
    # Training moved the boundary: the first and the last picture differ.
    assert frames[0][0].tobytes() != frames[-1][0].tobytes()
    # The same snapshot gives the same picture (lossless encoding, no hidden randomness).
    _, once = _frames(animate_boundary(X, y, model, [snapshots[2]], size=2, dpi=50))
    _, again = _frames(animate_boundary(X, y, model, [snapshots[2]], size=2, dpi=50))
    assert once[0][0].tobytes() == again[0][0].tobytes() == frames[2][0].tobytes()


def test_durations_follow_fps_and_hold(trained):
    X, y, model, snapshots = trained
    animation = animate_boundary(X, y, model, snapshots[:3], size=1, dpi=40, fps=5, hold=1.5)
    _, frames = _frames(animation)
    assert [duration for _, duration in frames] == [200, 200, 1700]


def test_the_model_is_left_unchanged(trained):
    X, y, model, snapshots = trained
    before = copy.deepcopy(model.state_dict())
    animate_boundary(X, y, model, snapshots[:2], size=1, dpi=40)
    after = model.state_dict()
    assert all(torch.equal(before[name], after[name]) for name in before)


def test_transparent_theme_keeps_half_transparent_pixels(trained):
    # The reason for WebP: a GIF has only fully opaque or fully clear pixels.
    X, y, model, snapshots = trained
    set_default(theme="transparent")
    _, frames = _frames(animate_boundary(X, y, model, snapshots[:1], size=2, dpi=50))
    alpha = frames[0][0].getchannel("A")
    low, high = alpha.getextrema()
    assert low == 0
    assert sum(alpha.histogram()[1:255]) > 0


def test_no_figure_is_left_open(trained):
    X, y, model, snapshots = trained
    animate_boundary(X, y, model, snapshots[:1], size=1, dpi=40)
    assert plt.get_fignums() == []


def test_title_is_formatted_per_frame(trained, monkeypatch):
    X, y, model, snapshots = trained
    titles = []
    import spiral_tut.animation as animation_module

    real_plot_model = animation_module.plot_model

    def recording_plot_model(*args, title=None, **kwargs):
        titles.append(title)
        return real_plot_model(*args, title=title, **kwargs)

    monkeypatch.setattr(animation_module, "plot_model", recording_plot_model)
    animate_boundary(X, y, model, snapshots[:2], size=1, dpi=40, title="e={epoch} a={accuracy:.3f}")
    assert [t.split()[0] for t in titles] == ["e=0", "e=1"]
    assert all(re.fullmatch(r"e=\d+ a=[01]\.\d{3}", t) for t in titles)


def test_html_inlines_the_image_and_save_writes_it(trained, tmp_path):
    X, y, model, snapshots = trained
    animation = animate_boundary(X, y, model, snapshots[:2], size=1, dpi=40)
    html = animation._repr_html_()
    match = re.search(r'src="data:image/webp;base64,([A-Za-z0-9+/=]+)"', html)
    assert match and base64.b64decode(match.group(1)) == animation.data
    assert 'alt="decision regions from epoch 0 to epoch 1"' in html
    path = animation.save(tmp_path / "training.webp")
    assert path.read_bytes() == animation.data
    assert repr(animation) == "AnimatedImage(2 frames, 40x40 px, WebP)"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"snapshots": []}, ValueError, "snapshots must be a non-empty"),
        ({"snapshots": [({}, 0)]}, TypeError, r"snapshots\[0\] must be an \(epoch, state_dict\)"),
        ({"model": "mlp"}, TypeError, "model must be a torch.nn.Module"),
        ({"fps": 0}, ValueError, "fps must be > 0"),
        ({"hold": -1}, ValueError, "hold must be >= 0"),
        ({"colors": 1}, ValueError, "colors must be >= 2"),
        ({"colors": 300}, ValueError, "colors must be between 2 and 256"),
        ({"title": 3}, TypeError, "title must be a format string"),
    ],
)
def test_bad_arguments_are_named(trained, kwargs, error, message):
    X, y, model, snapshots = trained
    arguments = {"model": model, "snapshots": snapshots[:1], **kwargs}
    with pytest.raises(error, match=message):
        animate_boundary(X, y, arguments.pop("model"), arguments.pop("snapshots"), **arguments)


def test_from_frames_needs_one_duration_per_frame():
    frames = [Image.new("RGBA", (4, 4)) for _ in range(2)]
    with pytest.raises(ValueError, match="one duration per frame"):
        AnimatedImage.from_frames(frames, durations=[100])
    with pytest.raises(ValueError, match="at least one frame"):
        AnimatedImage.from_frames([], durations=[])
