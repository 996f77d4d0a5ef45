"""Checks for lesson 03 (backpropagation on the 2-2-2 worked example).

The truths come from nnlib's own backward pass on ``nnlib.worked_example()``. A number is right
when it agrees with the truth to a relative 1e-12: the chain rule computed in float64 agrees to
about 15 digits whatever the order of its products, while finite differences of the error (about
8 to 10 digits) and digits typed from a printout do not. The known slips are recognised to a
relative 3e-6 (so their printed digits are recognised too); the nearest of them, the old/new
mixes, differ from the truth by more than 1e-5, so none is mistaken for another or for the truth.
"""

import numbers

import numpy as np

from ..activations import get as get_activation
from ..gradcheck import numerical_gradient, relative_error
from ..losses import half_mse
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
        "Exercise: the second update. Run the forward pass with the new weights first "
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


# -- the learner's own backward pass ----------------------------------------------------------

_ARRAYS = ("dW1", "db1", "dW2", "db2")
_SHAPE = {"dW1": (2, 2), "db1": (2,), "dW2": (2, 2), "db2": (2,)}


def backward_cases(n_random=2, seed=3):
    """The networks ``check_backward`` tries: the worked example, then ``n_random`` others.

    Each case is a dict with the forward values the learner's function gets (``x``, ``a1``,
    ``y``, ``t``, ``W2``; 1-D arrays of 2 numbers, W2 of shape (2, 2)) and the truth from
    nnlib's backward pass (``dW1``, ``db1``, ``dW2``, ``db2``), one sample, E = ½ Σ (y − t)².
    """
    if isinstance(n_random, bool) or not isinstance(n_random, numbers.Integral) or n_random < 0:
        raise ValueError(f"n_random must be a whole number ≥ 0, got {n_random!r}")
    rng = np.random.default_rng(seed)
    nets = [worked_example()]
    for _ in range(n_random):
        ex = worked_example(weights={n: rng.uniform(-2, 2) for n in POSITION},
                            b1=rng.uniform(-1, 1), b2=rng.uniform(-1, 1),
                            x=rng.uniform(-1, 1, 2), t=rng.uniform(0, 1, 2))
        ex.net.layers[0].b[:] = rng.uniform(-1, 1, 2)     # two different biases per layer
        ex.net.layers[1].b[:] = rng.uniform(-1, 1, 2)
        nets.append(ex)
    cases = []
    for ex in nets:
        forward_backward(ex.net, "half_mse", ex.X, ex.T)
        hidden, out = ex.net.layers
        cases.append(dict(x=ex.X[0].copy(), a1=hidden.A[0].copy(), y=out.A[0].copy(),
                          t=ex.T[0].copy(), W2=out.W.copy(), W1=hidden.W.copy(),
                          dW1=hidden.dW.copy(), db1=hidden.db.copy(),
                          dW2=out.dW.copy(), db2=out.db.copy()))
    return cases


def _mistakes(c):
    """Plausible wrong backward passes for case ``c``: {array name: [(value, why, hint)]}."""
    x, a1, y, t, W2 = c["x"], c["a1"], c["y"], c["t"], c["W2"]
    s1, s2 = a1 * (1 - a1), y * (1 - y)
    d2 = (y - t) * s2
    d1 = (W2.T @ d2) * s1
    sig = 1 / (1 + np.exp(-y))
    sum_hint = ("A hidden neuron feeds every output, so its δ adds what each output sends back: "
                "δ1 = (W2ᵀ δ2) ⊙ a1(1 − a1), the sum δo1·w5 + δo2·w7 of the ledger for h1.")
    return {
        "dW2": [
            (-np.outer(d2, a1), "dW2 has the right size but the wrong sign",
             "∂E/∂y = y − t (the output minus the target); t − y flips every gradient, and "
             "w − η·(that) would climb the error instead of descending."),
            (np.outer(y - t, a1), "dW2 is missing the output sigmoid's slope",
             "δ2 = (y − t) ⊙ σ′(z2), and σ′(z2) = y(1 − y): forgot σ′?"),
            (np.outer((y - t) * sig * (1 - sig), a1), "dW2 applies σ′ to y instead of to z2",
             "σ′(z2) = σ(z2)(1 − σ(z2)) = y(1 − y): y already is σ(z2), so do not apply σ "
             "again."),
            (np.outer(d2, x), "dW2 multiplies δ2 by the inputs x",
             "Each weight's gradient is δ of the neuron it enters times the output of the neuron "
             "it leaves: the output layer's weights leave the hidden neurons, so dW2 = "
             "np.outer(delta2, a1)."),
            (np.outer(d2, y), "dW2 multiplies δ2 by the layer's own outputs y",
             "A weight's gradient uses the activation it carries, the layer's input a1, not its "
             "output y: dW2 = np.outer(delta2, a1)."),
            (np.outer(a1, d2), "dW2 is transposed",
             "Row k of W2 holds the weights into output k, so row k of dW2 is δ2[k] times a1: "
             "np.outer(delta2, a1), not np.outer(a1, delta2)."),
        ],
        "db2": [
            (-d2, "db2 has the wrong sign", "∂E/∂y = y − t, not t − y."),
            (y - t, "db2 is missing the slope y(1 − y)", "∂E/∂b2 = δ2, and δ2 includes σ′(z2)."),
            (d2 * a1, "db2 multiplies δ2 by a1",
             "A bias is a weight whose input is always 1: ∂E/∂b2 = δ2."),
            (d1, "db2 is the hidden layer's δ1", "The output biases belong to the output layer: "
             "∂E/∂b2 = δ2."),
        ],
        "dW1": [
            (np.outer(W2.T @ d2, x), "dW1 is missing the hidden sigmoid's slope",
             "The hidden neurons are sigmoids too: δ1 = (W2ᵀ δ2) ⊙ a1(1 − a1). Forgot σ′?"),
            (np.outer((W2.T @ d2) * s2, x), "dW1 uses the slope of the output layer, y(1 − y)",
             "δ1 needs the slope of the hidden layer's own sigmoid, σ′(z1) = a1(1 − a1)."),
            (np.outer((W2 @ d2) * s1, x), "dW1 sends δ2 back through W2 instead of its transpose",
             "Hidden neuron j collects δ2[k]·W2[k, j] over the outputs k (column j of W2), which "
             "is W2ᵀ δ2 (W2.T @ delta2), not W2 @ delta2: the transposed W."),
            (np.outer(W2[0] * d2[0] * s1, x), "dW1 uses only the path through o1", sum_hint),
            (np.outer(W2[1] * d2[1] * s1, x), "dW1 uses only the path through o2", sum_hint),
            (np.outer(np.diag(W2) * d2 * s1, x), "dW1 pairs each hidden neuron with one output "
             "(δ1 = diag(W2) ⊙ δ2 ⊙ σ′), without summing", sum_hint),
            (np.outer((W2.T @ (y - t)) * s1, x), "dW1 sends back y − t instead of δ2",
             "Send back the output neurons' δ2 = (y − t) ⊙ y(1 − y), slope included: "
             "δ1 = (W2ᵀ δ2) ⊙ a1(1 − a1)."),
            (np.outer(d1, a1), "dW1 multiplies δ1 by the hidden outputs a1",
             "The hidden layer's weights leave the inputs: dW1 = np.outer(delta1, x)."),
            (np.outer(x, d1), "dW1 is transposed",
             "Row j of W1 holds the weights into hidden neuron j: dW1 = np.outer(delta1, x)."),
            (-np.outer(d1, x), "dW1 has the wrong sign (dW2 is right)",
             "δ1 is sent back from δ2 with a plus: δ1 = (W2ᵀ δ2) ⊙ a1(1 − a1)."),
        ],
        "db1": [
            (d2, "db1 is the output layer's δ2", "The hidden biases belong to the hidden layer: "
             "∂E/∂b1 = δ1."),
            (d1 * x, "db1 multiplies δ1 by the inputs",
             "A bias is a weight whose input is always 1: ∂E/∂b1 = δ1."),
            (-d1, "db1 has the wrong sign", "∂E/∂b1 = δ1, the same δ1 as in dW1."),
            (W2.T @ d2, "db1 is missing the hidden slope a1(1 − a1)", "∂E/∂b1 = δ1, σ′ included."),
        ],
    }


def _close(a, b):
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-7, atol=1e-12)


def _returned(result):
    """The learner's four arrays as a dict, or a Feedback saying what is wrong with them."""
    how = ("End the function with  return dW1, db1, dW2, db2  (dW of shape (2, 2), db of 2 "
           "numbers).")
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        return Feedback(False, f"backward must return four arrays (dW1, db1, dW2, db2), got "
                        f"{type(result).__name__} {result!r:.80}.", how)
    arrays = {}
    for name, value in zip(_ARRAYS, result):
        try:
            a = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            return Feedback(False, f"{name} must be an array of numbers, got {value!r:.80}.", how)
        if name.startswith("db") and a.size == 2:
            a = a.reshape(2)
        if a.shape != _SHAPE[name]:
            return Feedback(False, f"{name} has shape {a.shape}; it must be {_SHAPE[name]}.",
                            "np.outer(delta, a) of two vectors of 2 is 2 × 2; δ and db are 1-D "
                            "(2,). If δ came out 2 × 2, a sum is missing: W2.T @ delta2 sums over "
                            "the outputs, W2.T * delta2 does not.")
        if not np.isfinite(a).all():
            return Feedback(False, f"{name} holds inf or NaN.", how)
        arrays[name] = a
    return arrays


def check_backward(backward):
    """The learner's backward pass of the 2-2-2 sigmoid network, against nnlib's.

    ``backward(x, a1, y, t, W2)`` gets one sample's inputs ``x``, hidden outputs ``a1 = σ(z1)``,
    outputs ``y = σ(z2)``, targets ``t`` (1-D arrays of 2) and the output weights ``W2`` (2 × 2,
    row k = the weights into output k), and returns ``(dW1, db1, dW2, db2)`` for
    E = ½ Σ (y − t)². It is tried on the worked example and on two other networks.
    """
    if not callable(backward):
        return Feedback(False, f"pass your function itself, got {type(backward).__name__}.",
                        "Write check_backward(backward), without calling backward.")
    for k, c in enumerate(backward_cases()):
        args = {n: c[n].copy() for n in ("x", "a1", "y", "t", "W2")}
        try:
            result = backward(**args)
        except Exception as error:      # the learner's code: report, never a traceback
            return Feedback(False, f"backward raised {type(error).__name__}: {error}",
                            "Test it on its own first: backward(x, a1, y, t, W2) with x, a1, y, "
                            "t arrays of 2 numbers and W2 a 2 × 2 array. Use only these "
                            "arguments and numpy; * is ⊙, @ the matrix product.")
        got = _returned(result)
        if isinstance(got, Feedback):
            return got
        wrong = [n for n in ("dW2", "db2", "dW1", "db1") if not _close(got[n], c[n])]
        if not wrong:
            continue
        if k > 0:
            return Feedback(False, f"right on the worked example, but {', '.join(wrong)} wrong on "
                            f"another network (x = {np.round(c['x'], 3)}, t = "
                            f"{np.round(c['t'], 3)}).",
                            "Use only the function's arguments: the ledger's variables (out_h1, "
                            "w5, t1, …) belong to the worked example.")
        name = wrong[0]
        if not got[name].any():
            return Feedback(False, f"{name} is still all zeros.",
                            "Start at the output layer: its δ2 is the first of the four "
                            "equations; dW2 and db2 follow from δ2 and the layer's input. Then "
                            "send δ2 back to the hidden layer.")
        for value, why, hint in _mistakes(c)[name]:
            if _close(got[name], value):
                return Feedback(False, f"{why}.", hint)
        return Feedback(False, f"{name} is off (relative error "
                        f"{relative_error(got[name], c[name]):.1e}).",
                        "Compare your lines with the four equations: δ2 = (y − t) ⊙ σ′(z2), "
                        "δ1 = (W2ᵀ δ2) ⊙ σ′(z1), dW = np.outer(δ, input of the layer), db = δ.")
    return Feedback(True, "your backward pass gives nnlib's dW1, db1, dW2, db2 on the worked "
                    "example and on two other networks.")


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


def gradient_check_errors():
    """The relative errors a gradient check of ``backprop_a`` and ``backprop_b`` finds.

    On ``nnlib.worked_example()`` under half-MSE, against ``numerical_gradient``: a dict
    ``{"a": {"W1": e, "W2": e}, "b": {...}, "a-b": {...}}``, "a-b" comparing the two
    implementations with each other (a slip: that checks neither).
    """
    ex = worked_example()
    grads = {"a": backprop_a(ex.net, ex.X, ex.T), "b": backprop_b(ex.net, ex.X, ex.T)}
    errors = {"a": {}, "b": {}, "a-b": {}}
    for k, layer in enumerate(ex.net.layers):
        name = f"W{k + 1}"
        numeric = numerical_gradient(lambda: half_mse.value(ex.net(ex.X), ex.T), layer.W)
        for key in ("a", "b"):
            errors[key][name] = relative_error(grads[key][name], numeric)
        errors["a-b"][name] = relative_error(grads["a"][name], grads["b"][name])
    return errors


_HOW = ('error_a = relative_error(grads_a["W1"], numeric_W1), and error_b the same for '
        'grads_b: each implementation against the finite differences.')


def _measured(value, name):
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) \
            or value < 0:
        return Feedback(False, f"{name} must be a relative error, one number ≥ 0, got "
                        f"{value!r:.80}.", _HOW)
    return float(value)


def check_wrong_implementation(answer, error_a=None, error_b=None):
    """Which of ``backprop_a`` and ``backprop_b`` is wrong, and the gradient check that says so.

    ``answer`` is "a" or "b" (or the function); ``error_a`` and ``error_b`` are the relative
    errors the learner measured between each implementation's dW1 (or dW2) and finite
    differences. A guess without the two measurements is refused.
    """
    names = {backprop_a: "a", backprop_b: "b"}
    if callable(answer) and answer in names:
        answer = names[answer]
    key = answer.strip().lower().removeprefix("backprop_") if isinstance(answer, str) else None
    if key not in ("a", "b", "both", "a and b", "neither", "none"):
        return Feedback(False, f'answer "a" or "b", got {answer!r:.80}.',
                        "Compare each implementation's dW with numerical_gradient on the same "
                        "network, then name the one that disagrees.")
    if error_a is None or error_b is None:
        return Feedback(False, "a guess is not a check: pass the two relative errors you "
                        "measured as well, check_wrong_implementation(answer, error_a, error_b).",
                        _HOW)
    got = {}
    for name, value in (("error_a", error_a), ("error_b", error_b)):
        got[name] = _measured(value, name)
        if isinstance(got[name], Feedback):
            return got[name]
    ea, eb = got["error_a"], got["error_b"]
    truth = gradient_check_errors()
    if ea == 0 or eb == 0:
        return Feedback(False, "a relative error of exactly 0 means an array was compared with "
                        "itself.", _HOW)
    if any(_near(ea, v, 1e-6) and _near(eb, v, 1e-6) for v in truth["a-b"].values()):
        return Feedback(False, "error_a and error_b both compare backprop_a with backprop_b: "
                        "that tells you they differ, not which one is wrong.", _HOW)
    a_ok = any(_near(ea, v, 1e-6) for v in truth["a"].values())
    b_ok = eb < 1e-6
    if not (a_ok and b_ok):
        if ea < 1e-6 and any(_near(eb, v, 1e-6) for v in truth["a"].values()):
            return Feedback(False, "error_a and error_b are swapped: error_a is what backprop_b "
                            "gives, error_b what backprop_a gives.", _HOW)
        which = "error_a" if not a_ok else "error_b"
        impl = "backprop_a" if not a_ok else "backprop_b"
        value = ea if not a_ok else eb
        return Feedback(False, f"{which} = {value:.3g} is not the relative error of {impl}'s dW1 "
                        "(or dW2) against finite differences.", _HOW)
    if key == "a":
        return Feedback(True, f"backprop_a is wrong: its relative error {ea:.2g} is far from "
                        f"rounding, while backprop_b agrees to {eb:.0e}. Reading its code now: "
                        "its dW uses the layer's output A where the maths has the layer's input "
                        "X (dW = δᵀ X).")
    if key == "b":
        return Feedback(False, f"your own numbers say otherwise: error_b = {eb:.0e}.",
                        "Finite differences and a right backward pass agree to about 1e-8 or "
                        "better (what is left is rounding); a relative error near 1 means a "
                        "wrong line. Which implementation has that?")
    if key in ("both", "a and b"):
        return Feedback(False, "only one of them is wrong.",
                        "A relative error of 1e-8 or less is rounding, not a bug: one of your "
                        "two numbers is that small.")
    return Feedback(False, "one of them is wrong.",
                    "A relative error near 1 is not rounding: finite differences and backprop "
                    "agree to 1e-8 or better when the backward pass is right.")
