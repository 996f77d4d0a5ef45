"""Checks for lesson 01 (the perceptron). y is a neuron's output, t the target.

Each check recognises the plausible wrong answers (the weighted sums z instead of the
outputs, a forgotten bias, swapped weights, every answer flipped, a rule step with the wrong
sign or without η, ...) and gives the hint that fits that mistake.
"""

import numbers
from itertools import product

import numpy as np

from ..data import logic_gate
from .feedback import Feedback

_INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))


def _numbers(**values):
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v):
            return Feedback(False, f"{name} must be a finite number, got {v!r}.",
                            "Write the weights as numbers, like w1=1.0.")
    return None


def _z(X, w, b):
    """z = X w + b rounded to 9 decimals, so typed decimals meet at exactly 0 as in the maths
    (0.1 + 0.2 − 0.3 is 5.6e-17 in floating point, not 0)."""
    return np.round(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b, 9) + 0.0


def _outputs(w, b, inputs=_INPUTS):
    """The step neuron's outputs y on ``inputs`` (default (0,0), (0,1), (1,0), (1,1))."""
    return tuple(int(v) for v in _z(inputs, w, b) >= 0)


def _corners(n):
    """Every input of n bits, in the order of counting in binary: (0, 0, 0), (0, 0, 1), …"""
    return tuple(product((0, 1), repeat=n))


def _n_numbers(answer, n):
    """The answer as a tuple of n floats, or None if it is not n finite numbers."""
    if isinstance(answer, (str, bytes)):
        return None
    try:
        values = tuple(answer)
    except TypeError:
        return None
    if len(values) != n or any(isinstance(v, bool) or not isinstance(v, numbers.Real)
                               or not np.isfinite(v) for v in values):
        return None
    return tuple(float(v) for v in values)


def _name(x):
    return f"({', '.join(str(v) for v in x)})"


def check_neuron_outputs(answer, w=(2.0, -1.0), b=-1.0):
    """The learner's outputs y = step(w·x + b) of the neuron (w, b) on every input of 0s and 1s,
    in the order of counting in binary: for two weights (0, 0), (0, 1), (1, 0), (1, 1); for
    three, (0, 0, 0), (0, 0, 1), …, (1, 1, 1) (step(z) = 1 when z ≥ 0, else 0)."""
    if isinstance(w, (str, bytes)) or not hasattr(w, "__len__") or len(w) not in (2, 3):
        raise ValueError(f"w must hold 2 or 3 weights, got {w!r}")
    bad = _numbers(b=b, **{f"w{i + 1}": v for i, v in enumerate(w)})
    if bad is not None:
        return bad
    w = tuple(float(v) for v in w)
    n = len(w)
    inputs = _corners(n)
    names = ", ".join(_name(x) for x in inputs)
    truth = _outputs(w, b, inputs)
    got = _n_numbers(answer, len(inputs))
    example = [0, 1, 1, 0] if n == 2 else [0, 1, 1, 0, 0, 1, 1, 0]
    if got is None:
        return Feedback(False, f"answer with {len(inputs)} outputs, one per input, got "
                        f"{answer!r}.",
                        f"Write a list like {example}: the outputs for {names}, in that order.")
    z = tuple(float(v) for v in _z(inputs, w, b))
    if got == truth:
        return Feedback(True, f"z = {', '.join(f'{v:g}' for v in z)}, so y = step(z) = "
                        f"{list(truth)}.")
    if np.allclose(got, z) and not set(got) <= {0.0, 1.0}:
        return Feedback(False, "those are the weighted sums z, not the outputs.",
                        "The neuron passes each z through the step: y = 1 where z ≥ 0, "
                        "0 where z < 0.")
    if not set(got) <= {0.0, 1.0}:
        return Feedback(False, f"a step neuron outputs only 0 or 1, got {list(got)}.",
                        "Compute z = w·x + b for each input, then y = 1 if z ≥ 0, else 0.")
    got = tuple(int(v) for v in got)
    strict = tuple(int(v) for v in np.asarray(z) > 0)
    if got == strict:
        tie = [_name(x) for x, v in zip(inputs, z) if v == 0]
        return Feedback(False, f"wrong at {', '.join(tie)}, where z = 0 exactly.",
                        "The step answers 1 when z ≥ 0: z = 0 counts as the 1 side.")
    if got == tuple(1 - v for v in truth):
        return Feedback(False, "every output is flipped.",
                        "y = 1 on the side where z = w·x + b ≥ 0, and 0 where z < 0.")
    if got == _outputs(w, 0.0, inputs):
        return Feedback(False, "you left out the bias.",
                        f"z = w·x + b: at {_name(inputs[0])}, z = b = {b:g}.")
    if got == _outputs(w[::-1], b, inputs):
        pair = "w1 and w2" if n == 2 else "w1 and w3"
        return Feedback(False, f"these are the outputs with {pair} swapped, or with the inputs "
                        "read in another order.",
                        "x1 goes with " + ", ".join(f"w{i + 1} = {v:g}" if i == 0 else
                                                     f"x{i + 1} with w{i + 1} = {v:g}"
                                                     for i, v in enumerate(w))
                        + f"; the inputs come in the order {names}.")
    if n == 3 and got == _outputs((*w[:2], 0.0), b, inputs):
        return Feedback(False, "you left out the third input's term w3·x3.",
                        f"With three inputs, z = w1·x1 + w2·x2 + w3·x3 + b: at (0, 0, 1), "
                        f"z = w3 + b = {w[2] + b:g}.")
    wrong = [_name(x) for x, g, y in zip(inputs, got, truth) if g != y]
    terms = " + ".join(f"w{i + 1}·x{i + 1}" for i in range(n))
    return Feedback(False, f"wrong at {', '.join(wrong)}.",
                    f"For each input compute z = {terms} + b, then y = 1 if z ≥ 0, else 0.")


def check_and_not_weights(w1, w2, b):
    """Does y = step(w1·x1 + w2·x2 + b) give 1 only for the input (1, 0) ("x1 and not x2")?"""
    bad = _numbers(w1=w1, w2=w2, b=b)
    if bad is not None:
        return bad
    target = (0, 0, 1, 0)
    got = _outputs((w1, w2), b)
    if got == target:
        return Feedback(True, f"w1 = {w1:g}, w2 = {w2:g}, b = {b:g} gives 1 only for (1, 0): "
                        "b < 0, w2 + b < 0, w1 + b ≥ 0 and w1 + w2 + b < 0.")
    wrong = [f"({a}, {c})" for (a, c), g, t in zip(_INPUTS, got, target) if g != t]
    message = f"wrong on input{'s' if len(wrong) > 1 else ''} {', '.join(wrong)}."
    if got == (0, 0, 0, 1):
        hint = ("This neuron computes AND: it says 1 for (1, 1). For (1, 1) to give 0 while "
                "(1, 0) gives 1, x2 must pull z down: make w2 negative.")
    elif got == (0, 1, 0, 0):
        hint = "Your neuron picks out (0, 1), not (1, 0): swap w1 and w2."
    elif got == tuple(1 - t for t in target):
        hint = "Every answer is flipped: flip the signs of all three numbers."
    else:
        conditions = [("b < 0", b < 0, b), ("w2 + b < 0", w2 + b < 0, w2 + b),
                      ("w1 + b ≥ 0", w1 + b >= 0, w1 + b),
                      ("w1 + w2 + b < 0", w1 + w2 + b < 0, w1 + w2 + b)]
        failed = [f"{text} fails (it is {value:g})" for text, ok, value in conditions if not ok]
        hint = ("Write z = w·x + b for each of the four inputs: the neuron needs b < 0, "
                "w2 + b < 0, w1 + b ≥ 0 and w1 + w2 + b < 0. With yours, "
                + "; ".join(failed) + ".")
    return Feedback(False, message, hint)


def check_rule_update(w, b, w_start=(0.5, -1.0), b_start=0.0, lr=0.5, x=(1.0, 0.0), t=0):
    """The learner's w and b after one visit of the perceptron rule to the sample (x, t),
    starting from w_start, b_start: w ← w + η (t − y) x, b ← b + η (t − y) on a mistake."""
    w0, x = np.asarray(w_start, dtype=float), np.asarray(x, dtype=float)
    got = _n_numbers(w, 2)
    got = _n_numbers((*got, b), 3) if got is not None else None
    if got is None:
        return Feedback(False, f"answer w as two numbers and b as one number, got w={w!r}, "
                        f"b={b!r}.", "Like check_rule_update(w=(0.5, -1.0), b=0.0).")
    z = float(_z(x, w0, b_start))
    y = int(z >= 0)
    error = t - y

    def after(dw, db):
        return (*np.round(w0 + dw, 9), round(b_start + db, 9))

    truth = after(lr * error * x, lr * error)
    if np.allclose(got, truth, rtol=0, atol=1e-9):
        if error == 0:
            return Feedback(True, f"z = {z:g}, so y = {y} = t: no mistake, nothing changes.")
        return Feedback(True, f"z = {z:g}, so y = {y} but t = {t}: t − y = {error:+d}, so "
                        f"w = ({truth[0]:g}, {truth[1]:g}) and b = {truth[2]:g}.")
    steps = [
        (after(0 * x, 0), "these are the weights before the visit, unchanged.",
         "They stay only if the output is right. Compute z = w·x + b and y = step(z), and "
         "compare y with the target t."),
        (after(-lr * error * x, -lr * error), "your step has the wrong sign.",
         f"t − y = {t} − {y} = {error:+d}: add η (t − y) x, which moves z towards the target."),
        (after(error * x, error), "your step is too large: η is missing.",
         f"Multiply by the learning rate η = {lr:g}: w ← w + η (t − y) x."),
        (after(lr * error * np.ones_like(x), lr * error), "every weight moved by the same amount.",
         "Each weight moves by η (t − y) times its own input: an input that is 0 leaves its "
         "weight alone."),
        (after(lr * (t - z) * x, lr * (t - z)), "you used t − z; the rule uses t − y.",
         f"The error is target minus output: y = step(z) = {y}, so t − y = {error:+d}."),
        (after(lr * error * x, 0), "w is right, but the bias did not change.",
         "The bias is updated too: b ← b + η (t − y)."),
    ]
    for wrong, message, hint in steps:
        if error != 0 and np.allclose(got, wrong, rtol=0, atol=1e-9):
            return Feedback(False, message, hint)
    return Feedback(False, "not the weights after this update.",
                    "First compute z = w·x + b and y = step(z); if y ≠ t, w ← w + η (t − y) x "
                    "and b ← b + η (t − y).")


def check_nand_weights(w1, w2, b):
    """Do y = step(w1·x1 + w2·x2 + b) and NAND agree on all four inputs? (step(0) = 1)"""
    bad = _numbers(w1=w1, w2=w2, b=b)
    if bad is not None:   # a Feedback that is falsy: the answer is not even numbers
        return bad
    X, t = logic_gate("nand")
    y = np.array(_outputs((w1, w2), b))
    wrong = [f"({int(x1)}, {int(x2)})" for (x1, x2), out, target in zip(X, y, t)
             if out != target]
    if not wrong:
        return Feedback(True, f"w1 = {w1:g}, w2 = {w2:g}, b = {b:g} computes NAND on all four "
                        "inputs.")
    if y[3] == 1 and y[:3].all():
        hint = ("NAND is 0 only for (1, 1): make w1 + w2 + b negative while b, w1 + b and "
                "w2 + b stay ≥ 0. Negative weights and a positive bias do it.")
    else:
        hint = "NAND is the opposite of AND: try the AND weights and bias with their signs flipped."
    return Feedback(False, f"wrong on input{'s' if len(wrong) > 1 else ''} {', '.join(wrong)}.",
                    hint)


def check_perceptron_output(answer, w=(1.0, 1.0), b=-1.5, x=(1.0, 0.0)):
    """The learner's output y for the neuron (w, b) at input x: 0 or 1."""
    z = float(_z(x, w, b))
    truth = int(z >= 0)
    if answer not in (0, 1) or isinstance(answer, bool):
        return Feedback(False, f"the output of a step neuron is 0 or 1, got {answer!r}.",
                        "Compute z = w·x + b, then y = 1 if z ≥ 0, else 0.")
    if answer == truth:
        return Feedback(True, f"z = {z:g}, so y = step(z) = {truth}.")
    return Feedback(False, f"z = w·x + b = {z:g}, so y = {truth}.",
                    "y is 1 exactly when z ≥ 0.")
