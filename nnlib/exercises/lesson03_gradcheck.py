"""Lesson 03's gradient-checking exercise: two implementations of backprop, one of them wrong.

The learner checks ``backprop_a`` and ``backprop_b`` against finite differences and names the
wrong one; ``check_wrong_implementation`` accepts the answer only with the two relative errors
that show it.
"""

import functools
import numbers

import numpy as np

from ..activations import get as get_activation
from ..gradcheck import numerical_gradient, relative_error
from ..losses import half_mse
from ..worked_example import worked_example
from .feedback import Feedback


def _near(a, b, rtol):
    return abs(a - b) <= rtol * abs(b)


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


def gradient_check_errors(eps=1e-5):
    """The relative errors a gradient check of ``backprop_a`` and ``backprop_b`` finds.

    On ``nnlib.worked_example()`` under half-MSE, against ``numerical_gradient`` with step
    ``eps``: a dict ``{"a": {"W1": e, "W2": e}, "b": {...}, "a-b": {...}}``, "a-b" comparing
    the two implementations with each other (a slip: that checks neither).
    """
    ex = worked_example()
    grads = {"a": backprop_a(ex.net, ex.X, ex.T), "b": backprop_b(ex.net, ex.X, ex.T)}
    errors = {"a": {}, "b": {}, "a-b": {}}
    for k, layer in enumerate(ex.net.layers):
        name = f"W{k + 1}"
        numeric = numerical_gradient(lambda: half_mse.value(ex.net(ex.X), ex.T), layer.W,
                                     eps=eps)
        for key in ("a", "b"):
            errors[key][name] = relative_error(grads[key][name], numeric)
        errors["a-b"][name] = relative_error(grads["a"][name], grads["b"][name])
    return errors


_HOW = ('error_a = relative_error(grads_a["W1"], numeric_W1), and error_b the same for '
        'grads_b: each implementation against the finite differences.')


#: How close a measured error must be to the check's own: three significant digits, so that a
#: value copied from a print passes (a typed "1e-9" for the right implementation does not).
B_RTOL = 5e-3
#: The finite-difference steps a learner may reasonably use; error_b (rounding-sized) depends
#: on the step, so the check measures with each.
STEPS = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7)


@functools.lru_cache(maxsize=1)
def _errors_at_every_step():
    """{"a": (...), "b": (...), "a-b": (...)}: every relative error of gradient_check_errors
    over STEPS and both weight matrices (measured once: the check is called again and again)."""
    out = {"a": [], "b": [], "a-b": []}
    for eps in STEPS:
        for key, errors in gradient_check_errors(eps).items():
            out[key] += list(errors.values())
    return {key: tuple(values) for key, values in out.items()}


def _measured(value, name):
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) \
            or value < 0:
        return Feedback(False, f"{name} must be a relative error, one number ≥ 0, got "
                        f"{value!r:.80}.", _HOW)
    return float(value)


def _wrong_measurements(ea, eb):
    """A Feedback when ``error_a``/``error_b`` are not the relative errors the exercise asks
    for (compared with the check's own measurement), else None."""
    truth = _errors_at_every_step()
    if ea == 0 or eb == 0:
        return Feedback(False, "a relative error of exactly 0 means an array was compared with "
                        "itself.", _HOW)
    if any(_near(ea, v, B_RTOL) and _near(eb, v, B_RTOL) for v in truth["a-b"]):
        return Feedback(False, "error_a and error_b both compare backprop_a with backprop_b: "
                        "that tells you they differ, not which one is wrong.", _HOW)
    a_ok = any(_near(ea, v, B_RTOL) for v in truth["a"])
    # error_b is rounding-sized, and a typed "1e-9" is small as well: it must be a number the
    # check itself measures, the way the exercise asks, with one of the usual steps
    b_ok = any(_near(eb, v, B_RTOL) for v in truth["b"])
    if not (a_ok and b_ok):
        if (any(_near(ea, v, B_RTOL) for v in truth["b"])
                and any(_near(eb, v, B_RTOL) for v in truth["a"])):
            return Feedback(False, "error_a and error_b are swapped: error_a is what backprop_b "
                            "gives, error_b what backprop_a gives.", _HOW)
        if a_ok and eb < 1e-6:
            return Feedback(False, f"error_b = {eb:.3g} is small, but it is none of the relative "
                            "errors this check measures for backprop_b's dW1 or dW2 (with "
                            "numerical_gradient's step anywhere from 1e-3 to 1e-7): pass the "
                            "number relative_error returns, to 3 significant digits or more, "
                            "not a typed one.", _HOW)
        which = "error_a" if not a_ok else "error_b"
        impl = "backprop_a" if not a_ok else "backprop_b"
        value = ea if not a_ok else eb
        return Feedback(False, f"{which} = {value:.3g} is not the relative error of {impl}'s dW1 "
                        "(or dW2) against finite differences, to 3 significant digits.", _HOW)
    return None


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
    refused = _wrong_measurements(ea, eb)
    if refused is not None:
        return refused
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
