"""Image mosaics with grey frames (spiral_tut.plotting.plot_images)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from spiral_tut.plotting import image_mosaic, plot_images


def test_mosaic_places_images_row_by_row_with_nan_frames():
    images = np.arange(5 * 2 * 3, dtype=float).reshape(5, 2, 3)
    mosaic = image_mosaic(images, ncols=3, pad=1)
    assert mosaic.shape == (2 * 3 + 1, 3 * 4 + 1)
    for k in range(5):
        row, col = divmod(k, 3)
        top, left = 1 + row * 3, 1 + col * 4
        assert np.array_equal(mosaic[top : top + 2, left : left + 3], images[k])
    assert np.isnan(mosaic[0]).all() and np.isnan(mosaic[:, 0]).all()  # outer frame
    assert np.isnan(mosaic[4:6, 9:12]).all()  # sixth tile is empty
    assert np.isnan(mosaic).sum() == mosaic.size - images.size


def test_flat_images_are_reshaped_square_or_as_asked():
    flat = torch.arange(2 * 16, dtype=torch.float32).reshape(2, 16)
    square = image_mosaic(flat, pad=0)
    assert square.shape == (4, 8)
    assert np.array_equal(square[:, :4], flat[0].reshape(4, 4).numpy())
    wide = image_mosaic(flat, shape=(2, 8), ncols=1, pad=0)
    assert np.array_equal(wide, flat.reshape(4, 8).numpy())


def test_bad_images_are_rejected():
    with pytest.raises(ValueError, match="not square"):
        image_mosaic(np.zeros((2, 6)))
    with pytest.raises(ValueError, match="shape must be"):
        image_mosaic(np.zeros((2, 6)), shape=(2, 2))
    with pytest.raises(ValueError, match="images must have shape"):
        image_mosaic(np.zeros(4))
    with pytest.raises(ValueError, match="at least one"):
        image_mosaic(np.zeros((0, 4)))
    with pytest.raises(TypeError, match="images"):
        image_mosaic([[0.0, 1.0, 1.0, 0.0]])
    with pytest.raises(ValueError, match="ncols"):
        image_mosaic(np.zeros((1, 4)), ncols=0)


def test_plot_images_draws_the_mosaic_with_grey_frames():
    fig, ax = plt.subplots()
    images = torch.rand(3, 4)
    assert plot_images(images, ncols=2, ax=ax, title="t") is ax
    (drawn,) = ax.get_images()
    expected = image_mosaic(images, ncols=2)
    assert np.array_equal(np.ma.filled(drawn.get_array(), np.nan), expected, equal_nan=True)
    assert drawn.get_cmap().get_bad().tolist() == pytest.approx([0.5, 0.5, 0.5, 1.0])
    assert drawn.get_clim() == (0.0, 1.0)
    assert ax.get_title() == "t"
    plt.close(fig)
