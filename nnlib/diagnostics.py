"""Diagnostics of a deep network's gradients: per-layer norms, dead units, a verdict in words.

These are the numbers lesson 04 prints and its explorers draw: for a freshly
initialised (or trained) network on one fixed batch, how large the error
δ_l = dL/dZ_l or the weight gradient of each layer is, and how many ReLU
units output 0 for every input. numpy only.
"""

import math

import numpy as np

from . import losses
from ._validate import as_batch, as_real_array, network
from .training import forward_backward_unchecked

#: The loss the lesson's diagnostics use (two moons, one sigmoid output).
LOSS = "binary_cross_entropy"


def layer_norms(net, X, T, measure="delta", training=None):
    """One backward pass of ``net`` on (X, T); one norm per layer, input side first.

    ``measure="delta"``: ‖δ_l‖, the Frobenius norm over the batch of dL/dZ at
    layer l (what backprop hands down); ``"W"``: ‖∂L/∂W_l‖. Overflow gives
    inf or NaN in the result, never a warning. ``training``: the pass of a training
    step (batch statistics, dropout) or of evaluation; None (the default) takes a
    training step's pass for a batch-norm network, whose gradient that is, and
    evaluation otherwise.
    """
    network(net)
    if measure not in ("delta", "W"):
        raise ValueError(f"measure must be 'delta' or 'W', got {measure!r}")
    if training is None:
        training = net.norm == "batch"
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"training must be True, False or None, got {training!r}")
    loss = losses.get(LOSS)
    X = as_batch(X, "X", net.sizes[0])
    T = loss.targets(T, (X.shape[0], net.sizes[-1]))
    with np.errstate(all="ignore"):
        forward_backward_unchecked(net, loss, X, T, training=bool(training))
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
                "it grows\ntoward the input.")
    return ""


def span_decades(norms):
    """How many powers of ten per-layer norms span: log10(largest / smallest).

    0 means every layer gets the same; 18 means the largest is 10^18 times the smallest.
    inf when a norm is 0 (a layer gets no gradient at all), NaN when one is NaN.
    """
    norms = as_real_array(norms, "norms", "a list of per-layer norms (numbers >= 0)",
                          finite=False)
    if norms.ndim != 1 or norms.size == 0 or (norms < 0).any():
        raise ValueError("norms must be a non-empty 1-D list of per-layer norms >= 0, "
                         f"got {norms!r}")
    with np.errstate(all="ignore"):
        return float(np.log10(norms.max()) - np.log10(norms.min()))


def hidden_activations(net, X):
    """One forward pass of ``net`` on X (n, n_in); each hidden layer's activations a_l = f(z_l),
    a list of (n, n_l) arrays, input side first (the forward picture's histograms)."""
    network(net)
    with np.errstate(all="ignore"):
        net.forward(X)
    return [layer.A.copy() for layer in net.layers[:-1]]


def variance_check(net, X):
    """Measured Var(z_l) of each layer against the variance argument's prediction.

    For weights of mean 0 drawn independently of the layer's inputs, z = Σ_j w_j a_j has
    Var(z_l) = n_in · Var(w) · E[a²_{l−1}] (E[a²] = Var(a) for inputs of mean 0).
    Returns (measured, predicted), two arrays (n_hidden,), one entry per hidden layer, input
    side first: measured is the variance of z_l over the batch and the layer's units;
    predicted takes n_in · Var(W_l) from the layer's actual weights (their mean square) and
    E[a²_{l−1}] from the batch. Needs a plain net (no skips, no normalisation) with zero
    biases, as initialised.
    """
    network(net)
    if net.residual or net.norm is not None:
        raise ValueError("variance_check needs a network without skips or normalisation "
                         "(the argument is about z = W a alone)")
    with np.errstate(all="ignore"):
        net.forward(X)
        measured = np.array([float(np.var(layer.Z)) for layer in net.layers[:-1]])
        predicted = np.array([layer.n_in * float(np.mean(layer.W ** 2))
                              * float(np.mean(layer.X ** 2)) for layer in net.layers[:-1]])
    return measured, predicted
