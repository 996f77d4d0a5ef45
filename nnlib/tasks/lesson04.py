"""Lesson 04's task: deep networks on one fixed batch of the two moons, and the forward picture's
wide networks on standard normal inputs."""

import numpy as np

from .._validate import positive_int
from ..data import moons
from ..network import MLP

#: The hidden activations and initialisations the gradient lesson compares.
ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "prelu"]
INITS = ["xavier", "he", "normal"]
#: The forward picture's four starting scales: name -> (init, scale).
SCALES = {"small": ("normal", 0.01), "Xavier": ("xavier", 1.0), "He": ("he", 1.0),
          "large": ("normal", 1.0)}


def fixed_batch(n=256, seed=0):
    """The lesson's batch: ``n`` points of the two moons (X (n, 2), labels (n,)), from ``seed``."""
    return moons(n, noise=0.1, seed=seed)


def deep_net(depth, width, activation="sigmoid", init="xavier", scale=1.0, seed=0,
             residual=False, norm=None):
    """An MLP [2, width × depth, 1]: ``depth`` hidden layers, one sigmoid output.

    ``residual=True`` adds skip connections (every hidden layer after the first computes
    a_l = a_{l−1} + f(z_l)); ``norm="batch"``/``"layer"`` normalises each hidden z."""
    depth = positive_int(depth, "depth")     # width is checked by MLP, as sizes[1]
    return MLP([2] + [width] * depth + [1], activation=activation,
               output_activation="sigmoid", init=init, init_scale=scale, seed=seed,
               residual=residual, norm=norm)


def wide_batch(n=1000, n_in=64, seed=0):
    """The forward picture's inputs: X (n, n_in) from N(0, 1), zero mean and variance 1."""
    n = positive_int(n, "n")
    n_in = positive_int(n_in, "n_in")
    return np.random.default_rng(seed).standard_normal((n, n_in))


def wide_net(activation, scale_name, depth=5, width=64, seed=0):
    """An MLP [width] × (depth + 1) + [1] for the forward picture: ``depth`` hidden layers of
    ``width`` units, weights from ``SCALES[scale_name]`` ("small", "Xavier", "He", "large")."""
    if scale_name not in SCALES:
        raise ValueError(f"scale_name must be one of {list(SCALES)}, got {scale_name!r}")
    init, scale = SCALES[scale_name]
    depth = positive_int(depth, "depth")
    return MLP([width] * (depth + 1) + [1], activation=activation, init=init, init_scale=scale,
               seed=seed)
