"""Lesson 03's check of the learner's own backward pass of the 2-2-2 sigmoid network.

``check_backward`` runs the learner's ``backward(x, a1, y, t, W2)`` on the worked example and
on two random networks (``backward_cases``), compares each array with nnlib's backward pass,
and names the plausible slip (a sign, a missing σ′, a transposed W, one path of two) it made.
"""

import numbers

import numpy as np

from ..gradcheck import relative_error
from ..training import forward_backward
from ..worked_example import POSITION, worked_example
from .feedback import Feedback

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
    d2 = (y - t) * s2                 # δ2 = (y − t) ⊙ σ′(z2)
    d1 = (W2.T @ d2) * s1             # δ1 = (W2ᵀ δ2) ⊙ σ′(z1)
    return {**_output_mistakes(x, a1, y, t, d2, d1), **_hidden_mistakes(x, a1, y, t, W2, d2, d1)}


def _output_mistakes(x, a1, y, t, d2, d1):
    """The slips in the output layer's dW2 and db2 (δ2 = ``d2``, δ1 = ``d1``)."""
    sig = 1 / (1 + np.exp(-y))
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
    }


def _hidden_mistakes(x, a1, y, t, W2, d2, d1):
    """The slips in the hidden layer's dW1 and db1 (δ2 = ``d2``, δ1 = ``d1``)."""
    s1, s2 = a1 * (1 - a1), y * (1 - y)
    sum_hint = ("A hidden neuron feeds every output, so its δ adds what each output sends back: "
                "δ1 = (W2ᵀ δ2) ⊙ a1(1 − a1), the sum δo1·w5 + δo2·w7 of the ledger for h1.")
    return {
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
