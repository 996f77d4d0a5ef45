"""Lesson 02's task: one sigmoid neuron with one weight, and gradient descent on its loss.

The neuron of the lesson's first descent picture is y = σ(w·x) with one input x = 2 and the
target t = 0.8 (no bias). Its loss L(w) = ½ (σ(w·x) − t)² has its bottom at
w* = ln(t / (1 − t)) / x = ln 4 / 2 ≈ 0.693. ``slope_explorer`` draws these numbers.
"""

import numpy as np

from ..activations import get as activation
from ..dense import Dense
from ..losses import half_mse

#: The input x and the target t of lesson 02's one-weight neuron.
X_ONE, T_ONE = 2.0, 0.8
#: The weights the lesson shows, w from −4 to 6.
W_RANGE = (-4.0, 6.0)


def one_neuron_bottom(x=X_ONE, t=T_ONE):
    """The weight w* = ln(t / (1 − t)) / x where σ(w*·x) = t: the bottom of the loss."""
    return float(np.log(t / (1 - t)) / x)


def one_neuron_loss(w, x=X_ONE, t=T_ONE):
    """L(w) = ½ (σ(w·x) − t)² of the neuron y = σ(w·x), for an array of weights ``w``
    (any shape; the result has the same shape)."""
    y = activation("sigmoid").f(np.asarray(w, dtype=np.float64) * x)
    return 0.5 * (y - t) ** 2


def one_neuron_descent(w0, lr, steps, x=X_ONE, t=T_ONE):
    """Gradient descent w ← w − η·dL/dw on the one-weight neuron, from ``w0``.

    The slope comes from nnlib's own backward pass (a 1-input, 1-output sigmoid
    ``Dense`` layer with its bias held at 0): dL/dw = δ·x with δ = (y − t)·σ′(z).
    Returns ``(w, L, slope)``, arrays of shape (steps + 1,): the weight, the loss
    and the slope before each step (and after the last).
    """
    lr = float(lr)
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr (the learning rate η) must be a positive number, got {lr!r}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0, got {steps!r}")
    layer = Dense(1, 1, activation="sigmoid")
    layer.b[:] = 0.0
    X, T = np.array([[x]]), np.array([[t]])
    w = float(w0)
    ws, losses, slopes = [], [], []
    for i in range(int(steps) + 1):
        layer.W[:] = w
        Y = layer.forward(X)
        layer.backward(half_mse.grad(Y, T))    # fills delta = (y − t)·σ′(z) and dW = delta·x
        ws.append(w)
        losses.append(half_mse.value(Y, T))
        slopes.append(float(layer.dW[0, 0]))
        if i < steps:
            w = w - lr * slopes[-1]            # the step: w ← w − η·dL/dw
    return np.array(ws), np.array(losses), np.array(slopes)


def overshoots(ws, w_star, margin=0.05):
    """How many steps of the path ``ws`` (shape (n,)) jumped across the bottom ``w_star`` and
    landed more than ``margin`` past it."""
    ws = np.asarray(ws, dtype=np.float64)
    side = np.sign(ws - w_star)
    return int(np.sum((side[1:] * side[:-1] < 0) & (np.abs(ws[1:] - w_star) > margin)))
