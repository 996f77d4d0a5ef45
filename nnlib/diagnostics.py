"""Diagnostics of a deep network's gradients: per-layer norms, dead units, a verdict in words.

These are the numbers lesson 04 prints and its explorers draw: for a freshly
initialised (or trained) network on one fixed batch, how large the error
δ_l = dL/dZ_l or the weight gradient of each layer is, and how many ReLU
units output 0 for every input. numpy only.
"""

import math

import numpy as np

from ._validate import as_real_array, network
from .training import forward_backward

#: The loss the lesson's diagnostics use (two moons, one sigmoid output).
LOSS = "binary_cross_entropy"


def layer_norms(net, X, T, measure="delta"):
    """One backward pass of ``net`` on (X, T); one norm per layer, input side first.

    ``measure="delta"``: ‖δ_l‖, the Frobenius norm over the batch of dL/dZ at
    layer l (what backprop hands down); ``"W"``: ‖∂L/∂W_l‖. Overflow gives
    inf or NaN in the result, never a warning.
    """
    network(net)
    if measure not in ("delta", "W"):
        raise ValueError(f"measure must be 'delta' or 'W', got {measure!r}")
    with np.errstate(all="ignore"):
        forward_backward(net, LOSS, X, T)
        if measure == "W":
            return net.gradient_norms("W")
        return np.array([math.sqrt(np.vdot(layer.delta, layer.delta)) for layer in net.layers])


def dead_fraction(net, X):
    """For each hidden layer, the fraction of its units that output 0 for every row of X.

    A ReLU unit whose z is ≤ 0 on every input passes no gradient back, so it
    never changes again: it is dead. Leaky ReLU, PReLU (with a slope ≠ 0),
    sigmoid and tanh units are never exactly 0, so their fraction is 0.
    """
    return _fraction_always(net, X, lambda layer: layer.A == 0)


def negative_fraction(net, X):
    """For each hidden layer, the fraction of its units whose z (normalised, if the layer is) is
    <= 0 for every row of X.

    For ReLU this is the same as ``dead_fraction``: such a unit outputs 0 and passes
    no gradient back. A leaky ReLU or PReLU unit in that state is not dead (it still
    passes its slope α times the gradient, and outputs α z), but it works only on its
    weak side; ``dead_fraction`` counts it as 0, this counts it.
    """
    return _fraction_always(net, X, lambda layer: layer.Z_tilde <= 0)   # what f sees


def _fraction_always(net, X, condition):
    """One forward pass of ``net`` on X; for each hidden layer, the fraction of its units for
    which ``condition(layer)`` (an (n, n_out) array of bools) holds on every row of X."""
    network(net)
    with np.errstate(all="ignore"):
        net.forward(X)
    return np.array([float(np.mean(np.all(condition(layer), axis=0)))
                     for layer in net.layers[:-1]])


def verdict(norms, vanish=1e-2, explode=1e2):
    """A sentence about per-layer norms (input side first), or '' when they look healthy.

    Healthy means finite, none below 1e-30, none above 1e6, and the first layer's norm
    within ``vanish`` … ``explode`` times the last layer's (the band exercise 2 accepts).
    """
    norms = as_real_array(norms, "norms", "a list of per-layer norms (numbers >= 0)",
                          finite=False)    # inf/NaN are allowed: they mean overflow
    if norms.ndim != 1 or norms.size == 0:
        raise ValueError("norms must be a non-empty 1-D list of per-layer norms, input side "
                         f"first, got shape {norms.shape}")
    if (norms < 0).any():
        raise ValueError(f"norms must be >= 0 (they are lengths), got {norms.min():g}")
    if not np.all(np.isfinite(norms)):
        bad = int(np.argmin(np.isfinite(norms))) + 1
        return (f"Overflow: layer {bad}'s gradient is inf or NaN.\nThe numbers no longer fit "
                "in float64;\ntraining would stop at once.")
    if norms.min() < 1e-30:
        worst = int(np.argmin(norms)) + 1
        return (f"Vanished: layer {worst}'s gradient is {norms.min():.1e}\n"
                "(below 1e-30): that layer cannot learn.")
    if norms.max() > 1e6:
        return (f"Exploding: gradients reach {norms.max():.1e}.\nOne step of gradient "
                "descent would throw\nthe weights far away (NaN soon after).")
    ratio = norms[0] / norms[-1]
    if ratio < vanish:
        return (f"Vanishing: layer 1's gradient is only\n{ratio:.1e} × the output "
                "layer's.")
    if ratio > explode:
        return (f"Exploding: layer 1's gradient is\n{ratio:.1e} × the output layer's: "
                "it grows\nlayer by layer toward the input.")
    return ""
