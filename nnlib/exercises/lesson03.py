"""Checks for lesson 03 (backpropagation on the 2-2-2 worked example).

The truths come from nnlib's own backward pass on ``nnlib.worked_example()``;
any answer within 1e-6 of them is right.
"""

import numbers

import numpy as np

from ..activations import get as get_activation
from ..training import forward_backward
from ..worked_example import weight, weight_grad, worked_example
from .feedback import Feedback

TOLERANCE = 1e-6


def _gradients():
    ex = worked_example()
    forward_backward(ex.net, "half_mse", ex.X, ex.T)
    return ex


def _number(answer, what):
    """The answer as a float, or a Feedback saying why it is not a number."""
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not np.isfinite(answer):
        return Feedback(False, f"{what} must be one finite number, got {answer!r}.",
                        "Multiply the factors of the ledger and give the result as a number, "
                        "like 0.0123.")
    return float(answer)


def _diagnose(answer, truth, what, near):
    """Right if within TOLERANCE; else the first matching known mistake in ``near``."""
    if abs(answer - truth) <= TOLERANCE:
        return Feedback(True, f"{what} = {truth:.9f}.")
    for value, why, hint in near:
        if abs(answer - value) <= TOLERANCE:
            return Feedback(False, f"{answer:.9f} is {why}.", hint)
    return Feedback(False, f"{answer:.9f} is not {what} (it is off by {answer - truth:+.2e}).",
                    "Write the three chain-rule factors as in the ledger, compute each from the "
                    "forward pass, and multiply them.")


def check_dE_dw6(answer):
    """The learner's ∂E/∂w6 for the worked example (w6 joins h2 to o1)."""
    a = _number(answer, "∂E/∂w6")
    if isinstance(a, Feedback):
        return a
    ex = _gradients()
    out, hidden = ex.net.layers[1], ex.net.layers[0]
    y1, h2 = out.A[0, 0], hidden.A[0, 1]
    near = [
        (weight_grad(ex.net, "w5"), "∂E/∂w5",
         "w6 leaves h2, not h1: the last factor ∂net_o1/∂w6 is out_h2."),
        (weight_grad(ex.net, "w8"), "∂E/∂w8",
         "w6 goes into o1, so use out_o1 and t1 in the first two factors."),
        (-weight_grad(ex.net, "w6"), "the right size with the wrong sign",
         "∂E/∂out_o1 = out_o1 − t1, which is positive here (the output is too big)."),
        ((y1 - ex.T[0, 0]) * h2, "missing the sigmoid's factor out_o1(1 − out_o1)",
         "The chain goes E → out_o1 → net_o1 → w6: three factors."),
        (weight(ex.net, "w6") - ex.lr * weight_grad(ex.net, "w6"), "the updated weight w6⁺",
         "The exercise asks for the gradient ∂E/∂w6, before it is multiplied by η."),
    ]
    return _diagnose(a, weight_grad(ex.net, "w6"), "∂E/∂w6", near)


def check_dE_dw1(answer):
    """The learner's ∂E/∂w1 for the worked example (w1 joins i1 to h1)."""
    a = _number(answer, "∂E/∂w1")
    if isinstance(a, Feedback):
        return a
    ex = _gradients()
    out, hidden = ex.net.layers[1], ex.net.layers[0]
    d_o1, d_o2 = out.delta[0]
    h1, x1 = hidden.A[0, 0], ex.X[0, 0]
    s = h1 * (1 - h1)
    near = [
        (d_o1 * weight(ex.net, "w5") * s * x1, "only the path through o1",
         "h1 feeds both outputs: ∂E/∂out_h1 = δo1·w5 + δo2·w7."),
        (d_o2 * weight(ex.net, "w7") * s * x1, "only the path through o2",
         "h1 feeds both outputs: ∂E/∂out_h1 = δo1·w5 + δo2·w7."),
        ((d_o1 * weight(ex.net, "w5") + d_o2 * weight(ex.net, "w7")) * x1,
         "missing the factor out_h1(1 − out_h1)", "h1 is a sigmoid too: multiply by its slope."),
        (weight_grad(ex.net, "w2"), "∂E/∂w2", "w1 comes from input i1 = 0.05, not i2."),
        (-weight_grad(ex.net, "w1"), "the right size with the wrong sign",
         "δo1 is positive and δo2 negative; add δo1·w5 and δo2·w7 with their signs."),
        (weight(ex.net, "w1") - ex.lr * weight_grad(ex.net, "w1"), "the updated weight w1⁺",
         "The exercise asks for the gradient ∂E/∂w1, before it is multiplied by η."),
    ]
    return _diagnose(a, weight_grad(ex.net, "w1"), "∂E/∂w1", near)


def out_o2_after_update(sequential=False):
    """out_o2 on the next forward pass after one update of all eight weights.

    ``sequential=True`` updates w5 … w8 first and then computes the hidden
    layer's δ with the *new* w5 … w8 (the procedure behind the post's 0.291027924).
    """
    ex = _gradients()
    net = ex.net
    if sequential:
        out, hidden = net.layers[1], net.layers[0]
        out.W -= ex.lr * out.dW
        delta_h = (out.delta @ out.W) * hidden.A * (1 - hidden.A)
        hidden.W -= ex.lr * delta_h.T @ ex.X
    else:
        ex.optimizer.step(net)
    return float(net.forward(ex.X)[0, 1])


def check_out_o2_after_update(answer):
    """The learner's out_o2 after one gradient-descent update of all eight weights."""
    a = _number(answer, "out_o2")
    if isinstance(a, Feedback):
        return a
    ex = _gradients()
    before = float(ex.net.layers[1].A[0, 1])
    ex.optimizer.step(ex.net)
    after = ex.net.forward(ex.X)[0]
    near = [
        (before, "out_o2 before the update", "Update all eight weights with w⁺ = w − η·∂E/∂w, "
         "then run the forward pass again."),
        (float(after[0]), "out_o1 after the update", "o2 is the lower output (w7, w8)."),
    ]
    return _diagnose(a, float(after[1]), "out_o2 after one update", near)


# -- two gradient implementations, one of them wrong ------------------------------------------

def backprop_a(net, X, T):
    """dE/dW of every layer of a sigmoid MLP under half-MSE: a dict {"W1": dW1, "W2": dW2, …}."""
    sigmoid = get_activation("sigmoid")
    Y = net.forward(X)
    delta = (Y - T) / len(X) * sigmoid.df(net.layers[-1].Z, Y)
    grads = {}
    for k in range(len(net.layers) - 1, -1, -1):
        layer = net.layers[k]
        grads[f"W{k + 1}"] = delta.T @ layer.A
        if k > 0:
            below = net.layers[k - 1]
            delta = (delta @ layer.W) * sigmoid.df(below.Z, below.A)
    return grads


def backprop_b(net, X, T):
    """dE/dW of every layer of a sigmoid MLP under half-MSE: a dict {"W1": dW1, "W2": dW2, …}."""
    sigmoid = get_activation("sigmoid")
    Y = net.forward(X)
    delta = (Y - T) / len(X) * sigmoid.df(net.layers[-1].Z, Y)
    grads = {}
    for k in range(len(net.layers) - 1, -1, -1):
        layer = net.layers[k]
        grads[f"W{k + 1}"] = delta.T @ layer.X
        if k > 0:
            below = net.layers[k - 1]
            delta = (delta @ layer.W) * sigmoid.df(below.Z, below.A)
    return grads


def check_wrong_implementation(answer):
    """Which of ``backprop_a`` and ``backprop_b`` is wrong? Answer "a" or "b" (or the function)."""
    names = {backprop_a: "a", backprop_b: "b"}
    if callable(answer) and answer in names:
        answer = names[answer]
    key = answer.strip().lower().removeprefix("backprop_") if isinstance(answer, str) else None
    if key not in ("a", "b"):
        return Feedback(False, f'answer "a" or "b", got {answer!r}.',
                        "Compare each implementation's dW with numerical_gradient on the same "
                        "network; the wrong one has a large relative error.")
    if key == "a":
        return Feedback(True, "backprop_a is wrong: its dW uses the layer's output A where the "
                        "maths has the layer's input X (dW = δᵀ X), and the gradient check shows "
                        "a relative error far above 1e-7.")
    return Feedback(False, "backprop_b agrees with the finite differences to about 1e-10: it is "
                    "the right one.",
                    "Run the gradient check on backprop_a too: a relative error near 1 (rather "
                    "than 1e-10) means a wrong line.")
