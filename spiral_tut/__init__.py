"""Week 1 of the deep-learning course: spiral data, models, training and plots.

>>> from spiral_tut import make_spiral, mlp, fit, accuracy
"""

from . import backprop, exercises
from .animation import AnimatedImage, animate_boundary
from .autoencoder import AutoEncoder, pretrain_layerwise, train_autoencoder
from .data import make_spiral, train_test_split
from .device import default_device
from .gradients import GradientNormRecorder, layer_gradient_norms, weight_gradient_norms
from .images import plot_images
from .macs import count_macs
from .models import ACTIVATIONS, activation_layer, linear_model, mlp
from .parameters import count_parameters, mlp_parameter_count, width_for_budget
from .plotting import plot_data, plot_history, plot_model, set_default
from .rbm import RBM, bars_and_stripes, train_rbm
from .training import History, accuracy, fit, predict

__all__ = [
    "ACTIVATIONS",
    "RBM",
    "AnimatedImage",
    "AutoEncoder",
    "GradientNormRecorder",
    "History",
    "accuracy",
    "activation_layer",
    "animate_boundary",
    "backprop",
    "bars_and_stripes",
    "count_macs",
    "count_parameters",
    "default_device",
    "exercises",
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
    "pretrain_layerwise",
    "set_default",
    "train_autoencoder",
    "train_rbm",
    "train_test_split",
    "weight_gradient_norms",
    "width_for_budget",
]
__version__ = "0.1.0"
