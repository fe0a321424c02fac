"""Week 1 of the deep-learning course: spiral data, models, training and plots.

>>> from spiral_tut import make_spiral, mlp, fit, accuracy
"""

from . import exercises
from .animation import AnimatedImage, animate_boundary
from .data import make_spiral, train_test_split
from .device import default_device
from .models import ACTIVATIONS, activation_layer, linear_model, mlp
from .plotting import plot_data, plot_history, plot_images, plot_model, set_default
from .training import History, accuracy, fit, predict

__all__ = [
    "ACTIVATIONS",
    "AnimatedImage",
    "History",
    "accuracy",
    "activation_layer",
    "animate_boundary",
    "default_device",
    "exercises",
    "fit",
    "linear_model",
    "make_spiral",
    "mlp",
    "plot_data",
    "plot_history",
    "plot_images",
    "plot_model",
    "predict",
    "set_default",
    "train_test_split",
]
__version__ = "0.1.0"
