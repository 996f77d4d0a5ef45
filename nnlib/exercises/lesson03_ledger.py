"""Lesson 03's checks on the worked example's ledger: ∂E/∂w6 and ∂E/∂w1 at the weights after one
update, and out_o2 after that update.

The truths come from nnlib's own backward pass on ``nnlib.worked_example()``. A number is right
when it agrees with the truth to a relative 1e-12: the chain rule computed in float64 agrees to
about 15 digits whatever the order of its products, while finite differences of the error (about
8 to 10 digits) and digits typed from a printout do not. The known slips are recognised to a
relative 3e-6 (so their printed digits are recognised too); the nearest of them, the old/new
mixes, differ from the truth by more than 1e-5, so none is mistaken for another or for the truth.
"""

import numbers

import numpy as np

from ..training import forward_backward
from ..worked_example import POSITION, WEIGHTS, weight, weight_grad, worked_example
from .feedback import Feedback

RTOL = 1e-12          #: relative tolerance of a right answer
SLIP_RTOL = 3e-6      #: relative tolerance within which an answer is a known slip (printed digits)


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
                        "Compute it from the chain-rule factors in code and pass the result, "
                        "a number.")
    return float(answer)


def _near(a, b, rtol):
    return abs(a - b) <= rtol * abs(b)


def _diagnose(answer, truth, what, near, rtol=RTOL):
    """Right if within ``rtol``; else the first matching known slip in ``near``; else how close."""
    if _near(answer, truth, rtol):
        return Feedback(True, f"{what} = {truth:.9f}.")
    for value, why, hint in near:
        if _near(answer, value, SLIP_RTOL):
            return Feedback(False, f"{answer:.9f} is {why}.", hint)
    rel = abs(answer - truth) / abs(truth)
    if rtol == RTOL and rel < 1e-4:
        digits = int(np.floor(-np.log10(rel)))
        return Feedback(False, f"{answer:.12g} agrees with {what} to only about {digits} "
                        "significant digits.",
                        "Finite differences of the error, or digits typed from a printout, come "
                        "this close; the chain rule computed in code agrees to about 15 digits. "
                        "Build it from the chain-rule factors of one forward pass and pass the "
                        "expression itself.")
    return Feedback(False, f"{answer:.9f} is not {what} (it is off by {answer - truth:+.2e}).",
                    "Write the three chain-rule factors as in the ledger, compute each from the "
                    "forward pass with the new weights, and multiply them.")


def second_step():
    """The worked example after one update, with the second forward and backward pass done.

    Returns ``(ex, first)``: ``ex.net`` holds the updated weights w⁺ and, in its layers, the
    activations, δ and dW of the second pass; ``first`` maps "w1" … "w8" to ∂E/∂w of the first
    pass (at the published weights).
    """
    ex = _gradients()
    first = {name: weight_grad(ex.net, name) for name in POSITION}
    ex.optimizer.step(ex.net)
    forward_backward(ex.net, "half_mse", ex.X, ex.T)
    return ex, first


_OLD = ("the gradient of the first update, at the old weights",
        "Run the forward pass with the new weights first "
        "(h1, h2, o1, o2 = forward(*new)) and build the gradient from those values.")


def check_dE_dw6(answer):
    """The learner's ∂E/∂w6 at the weights after one update (``new``); w6 joins h2 to o1."""
    a = _number(answer, "∂E/∂w6")
    if isinstance(a, Feedback):
        return a
    ex, first = second_step()
    out, hidden = ex.net.layers[1], ex.net.layers[0]
    y1, h2 = out.A[0, 0], hidden.A[0, 1]
    d_o1 = out.delta[0, 0]
    old = _gradients().net
    old_d_o1, old_h2 = old.layers[1].delta[0, 0], old.layers[0].A[0, 1]
    truth = weight_grad(ex.net, "w6")
    near = [
        (first["w6"], *_OLD),
        (weight_grad(ex.net, "w5"), "∂E/∂w5",
         "w6 leaves h2, not h1: the last factor ∂net_o1/∂w6 is out_h2."),
        (weight_grad(ex.net, "w8"), "∂E/∂w8",
         "w6 goes into o1, so use out_o1 and t1 in the first two factors."),
        (-truth, "the right size with the wrong sign",
         "∂E/∂out_o1 = out_o1 − t1, which is positive here (the output is too big)."),
        ((y1 - ex.T[0, 0]) * h2, "missing the sigmoid's factor out_o1(1 − out_o1)",
         "The chain goes E → out_o1 → net_o1 → w6: three factors."),
        (d_o1 * old_h2, "δo1 of the new pass times out_h2 of the old one",
         "Take every factor from the same forward pass, the one with the new weights: the "
         "ledger's out_h2 belongs to the old weights."),
        (old_d_o1 * h2, "δo1 of the old pass times out_h2 of the new one",
         "Take every factor from the same forward pass, the one with the new weights: the "
         "ledger's delta_o1 belongs to the old weights."),
        (weight(ex.net, "w6") - ex.lr * truth, "the updated weight w6⁺⁺",
         "The exercise asks for the gradient ∂E/∂w6, before it is multiplied by η."),
    ]
    return _diagnose(a, truth, "∂E/∂w6 at the new weights", near)


def check_dE_dw1(answer):
    """The learner's ∂E/∂w1 at the weights after one update (``new``); w1 joins i1 to h1."""
    a = _number(answer, "∂E/∂w1")
    if isinstance(a, Feedback):
        return a
    ex, first = second_step()
    out, hidden = ex.net.layers[1], ex.net.layers[0]
    d_o1, d_o2 = out.delta[0]
    h1, x1 = hidden.A[0, 0], ex.X[0, 0]
    s = h1 * (1 - h1)
    old = _gradients().net
    old_d_o1, old_d_o2 = old.layers[1].delta[0]
    old_h1 = old.layers[0].A[0, 0]
    old_s = old_h1 * (1 - old_h1)
    w5, w7 = weight(ex.net, "w5"), weight(ex.net, "w7")
    truth = weight_grad(ex.net, "w1")
    near = [
        (first["w1"], *_OLD),
        (d_o1 * w5 * s * x1, "only the path through o1",
         "h1 feeds both outputs: ∂E/∂out_h1 = δo1·w5 + δo2·w7."),
        (d_o2 * w7 * s * x1, "only the path through o2",
         "h1 feeds both outputs: ∂E/∂out_h1 = δo1·w5 + δo2·w7."),
        ((d_o1 * w5 + d_o2 * w7) * x1,
         "missing the factor out_h1(1 − out_h1)", "h1 is a sigmoid too: multiply by its slope."),
        ((d_o1 * WEIGHTS["w5"] + d_o2 * WEIGHTS["w7"]) * s * x1,
         "δ sent back through the old w5 = 0.40 and w7 = 0.50",
         "Every factor comes from the forward pass you differentiate, the weights it used "
         "included: that pass ran with new, so δ goes back through w5⁺ and w7⁺."),
        ((d_o1 * w5 + d_o2 * w7) * old_s * x1,
         "the new pass's δ with the slope out_h1(1 − out_h1) of the old pass",
         "The ledger's out_h1 and dout_dnet_h1 belong to the old weights: take h1's slope "
         "from h1 of forward(*new)."),
        ((old_d_o1 * w5 + old_d_o2 * w7) * s * x1,
         "the old pass's δo1 and δo2 sent back through the new weights",
         "The ledger's delta_o1 and delta_o2 belong to the old forward pass: compute both output "
         "δ again from o1 and o2 of forward(*new)."),
        ((old_d_o1 * WEIGHTS["w5"] + old_d_o2 * WEIGHTS["w7"]) * s * x1,
         "the old pass's ∂E/∂out_h1 times the new slope of h1",
         "Only h1's slope is from the new pass here: δo1, δo2 and the weights they are sent back "
         "through must come from it as well."),
        (weight_grad(ex.net, "w2"), "∂E/∂w2", "w1 comes from input i1 = 0.05, not i2."),
        (-truth, "the right size with the wrong sign",
         "δo1 is positive and δo2 negative; add δo1·w5 and δo2·w7 with their signs."),
        (weight(ex.net, "w1") - ex.lr * truth, "the updated weight w1⁺⁺",
         "The exercise asks for the gradient ∂E/∂w1, before it is multiplied by η."),
    ]
    return _diagnose(a, truth, "∂E/∂w1 at the new weights", near)


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
    # an older check, kept for its callers: a value read off a printout (to 1e-6) is right
    return _diagnose(a, float(after[1]), "out_o2 after one update", near, rtol=1.3e-6)
