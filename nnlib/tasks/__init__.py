"""The lessons' tasks: every data set, network and batch a lesson trains on, in one home.

Notebooks, explorers and exercise checks all import them from here, so a lesson's
prose, its live figure and its check train on the same thing. numpy only (this is
the maths side: ``import nnlib.tasks`` loads neither matplotlib nor ipywidgets).

    lesson04   fixed_batch, deep_net, ACTIVATIONS, INITS: the deep nets of the gradient lesson
    lesson05   moons_task, overfit_task, range_task, range_net: the learning-rate lesson's data
"""

from .lesson04 import ACTIVATIONS, INITS, deep_net, fixed_batch
from .lesson05 import RANGE_SCALE, moons_task, overfit_task, range_net, range_task

__all__ = ["ACTIVATIONS", "INITS", "RANGE_SCALE", "deep_net", "fixed_batch", "moons_task",
           "overfit_task", "range_net", "range_task"]
