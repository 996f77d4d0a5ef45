"""The lessons' tasks: every data set, network and batch a lesson trains on, in one home.

Notebooks, explorers and exercise checks all import them from here, so a lesson's
prose, its live figure and its check train on the same thing. numpy only (this is
the maths side: ``import nnlib.tasks`` loads neither matplotlib nor ipywidgets).

    lesson02   X_ONE, T_ONE, one_neuron_loss, one_neuron_descent: one neuron's loss and descent
    lesson04   fixed_batch, deep_net, ACTIVATIONS, INITS: the deep nets of the gradient lesson;
               wide_batch, wide_net, SCALES: the forward picture's wide nets
    lesson05   moons_task, overfit_task, range_task, range_net: the learning-rate lesson's data
    lesson06   make_data, MAX_LAYERS, MAX_NEURONS: the playground's data sets and limits
    lesson07   digit_sets, digit_net, final_run, …: the handwritten digits and their networks
"""

from .lesson02 import T_ONE, W_RANGE, X_ONE, one_neuron_bottom, one_neuron_descent, one_neuron_loss
from .lesson04 import ACTIVATIONS, INITS, SCALES, deep_net, fixed_batch, wide_batch, wide_net
from .lesson05 import RANGE_SCALE, moons_task, overfit_task, range_net, range_task
from .lesson06 import MAX_LAYERS, MAX_NEURONS, make_data
from .lesson07 import (
    capacity_run,
    confusion_matrix,
    deep_sigmoid_net,
    digit_net,
    digit_sets,
    final_run,
    gradient_norms_in,
    make_optimizer,
    small_training_set,
    weight_norm,
)

__all__ = [
    # 02
    "T_ONE", "W_RANGE", "X_ONE", "one_neuron_bottom", "one_neuron_descent", "one_neuron_loss",
    # 04
    "ACTIVATIONS", "INITS", "SCALES", "deep_net", "fixed_batch", "wide_batch", "wide_net",
    # 05
    "RANGE_SCALE", "moons_task", "overfit_task", "range_net", "range_task",
    # 06
    "MAX_LAYERS", "MAX_NEURONS", "make_data",
    # 07
    "capacity_run", "confusion_matrix", "deep_sigmoid_net", "digit_net", "digit_sets",
    "final_run", "gradient_norms_in", "make_optimizer", "small_training_set", "weight_norm",
]
