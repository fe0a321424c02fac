"""Week 1 of the deep-learning course: spiral data, models, training and plots.

>>> from spiral_tut import make_spiral, mlp, fit, accuracy
"""

from .animation import AnimatedImage, animate_boundary
from .autoencoder import AutoEncoder, pretrain_layerwise, train_autoencoder
from .data import make_spiral, train_test_split
from .device import default_device
from .images import plot_images
from .models import ACTIVATIONS, activation_layer, linear_model, mlp
from .plotting import plot_data, plot_history, plot_model, set_default
from .rbm import RBM, bars_and_stripes, train_rbm
from .training import History, accuracy, fit, predict

__all__ = [
    "ACTIVATIONS",
    "RBM",
    "AnimatedImage",
    "AutoEncoder",
    "History",
    "accuracy",
    "activation_layer",
    "animate_boundary",
    "bars_and_stripes",
    "default_device",
    "fit",
    "linear_model",
    "make_spiral",
    "mlp",
    "plot_data",
    "plot_history",
    "plot_images",
    "plot_model",
    "predict",
    "pretrain_layerwise",
    "set_default",
    "train_autoencoder",
    "train_rbm",
    "train_test_split",
]
__version__ = "0.1.0"
