"""Lesson 04's task: deep networks on one fixed batch of the two moons."""

from .._validate import positive_int
from ..data import moons
from ..network import MLP

#: The hidden activations and initialisations the gradient lesson compares.
ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "prelu"]
INITS = ["xavier", "he", "normal"]


def fixed_batch(n=256, seed=0):
    """The lesson's batch: ``n`` points of the two moons (X (n, 2), labels (n,)), from ``seed``."""
    return moons(n, noise=0.1, seed=seed)


def deep_net(depth, width, activation="sigmoid", init="xavier", scale=1.0, seed=0):
    """An MLP [2, width × depth, 1]: ``depth`` hidden layers, one sigmoid output."""
    depth = positive_int(depth, "depth")     # width is checked by MLP, as sizes[1]
    return MLP([2] + [width] * depth + [1], activation=activation,
               output_activation="sigmoid", init=init, init_scale=scale, seed=seed)
