"""Gradient checking: compare backprop's gradients with finite differences.

For each parameter θ, the centred difference

    (L(θ + ε) − L(θ − ε)) / 2ε

approximates dL/dθ with an error of order ε². If backprop is right, the two
agree to many digits; a wrong line in a backward pass shows up as a large
relative error in the arrays it touches.
"""

import numpy as np

from . import losses
from ._validate import as_batch, network, positive_float


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖): 0 when equal, 1 when unrelated; 0 if both are zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def numerical_gradient(f, p, eps=1e-5):
    """Centred finite differences of the scalar function ``f()`` with respect to the array ``p``.

    ``p`` is changed in place one entry at a time and restored.
    """
    grad = np.zeros_like(p)
    it = np.nditer(p, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = p[i]
        p[i] = old + eps
        up = f()
        p[i] = old - eps
        down = f()
        p[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


class GradientCheck(dict):
    """Relative error per parameter array (``{"W1": 3e-11, "b1": 2e-11, ...}``).

    ``overall`` is the relative error of all gradients taken as one vector.
    Finite differences in float64 carry a round-off error of roughly
    1e-16·|L|/ε, so an array whose gradient is tiny next to the loss (the
    first layers of a deep sigmoid net) shows a larger relative error than
    the maths deserves; ``overall`` weighs each array by its size.
    """

    overall = 0.0

    @property
    def max_error(self):
        """The largest relative error over all arrays."""
        return max(self.values())

    def __repr__(self):
        rows = ", ".join(f"{k}: {v:.1e}" for k, v in self.items())
        return f"GradientCheck({rows}; overall {self.overall:.1e})"


def check_gradients(net, X, T, loss, eps=1e-5, training=False):
    """Backprop's gradients against centred finite differences, for every W, b (and PReLU a,
    and γ, β of normalised layers).

    ``net`` is an MLP (or anything with ``layers``, ``_forward`` and ``backward``).
    Returns a ``GradientCheck``: a dict from "W1", "b1", "W2", … (and "a1", …
    for PReLU layers, "gamma1", "beta1", … for normalised ones) to the relative error
    ‖g_backprop − g_numeric‖ / (‖g_backprop‖ + ‖g_numeric‖) of that array.
    Below about 1e-7 the gradients agree; above 1e-3 one is wrong.

    ``training=True`` checks the function a training step differentiates: batch norm with
    the batch's statistics, and dropout with one set of masks held fixed. Batch norm's
    running statistics are left as they were. There the bias of a batch-normalised layer has
    a gradient of exactly 0 (the batch mean takes b away), so its relative error compares
    round-off with round-off and means nothing: judge ``db`` by its size (``overall`` is fine).
    """
    network(net)
    loss = losses.get(loss)
    X = as_batch(X, "X", net.sizes[0])
    T = loss.targets(T, (X.shape[0], net.sizes[-1]))
    eps = positive_float(eps, "eps")
    training = bool(training)
    saved = [p.copy() for _, p in _running_stats(net)]
    _forward_backward(net, loss, X, T, training, keep_masks=False)
    analytic = {}
    for i, layer in enumerate(net.layers, start=1):
        for name in ("W", "b", "a", "gamma", "beta"):
            if getattr(layer, name, None) is not None:
                analytic[f"{name}{i}"] = getattr(layer, "d" + name).copy()

    out = net.layers[-1]
    from_logits = out.activation.name == "sigmoid" and hasattr(loss, "value_from_logits")

    def f():
        Y = net._forward(X, training, keep_masks=True) if training else net._forward(X)
        # For a sigmoid output with cross-entropy, evaluate the same function from the logits:
        # near y = 1 the probability form loses digits that the finite difference would see.
        return loss.value_from_logits(out.Z, T) if from_logits else loss._value(Y, T)

    result = GradientCheck()
    numeric = {}
    for name, p in net.parameters():
        numeric[name] = numerical_gradient(f, p, eps)
        result[name] = relative_error(analytic[name], numeric[name])
    result.overall = relative_error(np.concatenate([g.ravel() for g in analytic.values()]),
                                    np.concatenate([g.ravel() for g in numeric.values()]))
    _forward_backward(net, loss, X, T, training, keep_masks=True)   # leave backprop's gradients
    for (_, p), old in zip(_running_stats(net), saved):
        p[...] = old
    return result


def _running_stats(net):
    """Batch norm's running statistics of ``net`` (an empty list for other networks)."""
    stats = getattr(net, "running_stats", None)
    return [] if stats is None else stats()


def _forward_backward(net, loss, X, T, training, keep_masks):
    # forward_backward_unchecked's pass, able to hold the dropout masks of the last one.
    Y = net._forward(X, training, keep_masks=keep_masks) if training else net._forward(X)
    delta = loss.output_delta(Y, T, net.layers[-1].activation)
    if delta is None:
        net._backward(dY=loss._grad(Y, T))
    else:
        net._backward(delta)
