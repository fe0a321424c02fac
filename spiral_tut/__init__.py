"""Week 1 of the deep-learning course: spiral data, models, training and plots.

>>> from spiral_tut import make_spiral, mlp, fit, accuracy
"""

from . import backprop
from .animation import AnimatedImage, animate_boundary
from .data import make_spiral, train_test_split
from .device import default_device
from .gradients import GradientNormRecorder, layer_gradient_norms, weight_gradient_norms
from .macs import count_macs
from .models import ACTIVATIONS, activation_layer, linear_model, mlp
from .parameters import count_parameters, mlp_parameter_count, width_for_budget
from .plotting import plot_data, plot_history, plot_images, plot_model, set_default
from .training import History, accuracy, fit, predict

__all__ = [
    "ACTIVATIONS",
    "AnimatedImage",
    "GradientNormRecorder",
    "History",
    "accuracy",
    "activation_layer",
    "animate_boundary",
    "backprop",
    "count_macs",
    "count_parameters",
    "default_device",
    "fit",
    "layer_gradient_norms",
    "linear_model",
    "make_spiral",
    "mlp",
    "mlp_parameter_count",
    "plot_data",
    "plot_history",
    "plot_images",
    "plot_model",
    "predict",
    "set_default",
    "train_test_split",
    "weight_gradient_norms",
    "width_for_budget",
]
__version__ = "0.1.0"
