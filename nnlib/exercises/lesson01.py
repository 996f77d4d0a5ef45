"""Checks for lesson 01 (the perceptron)."""

import numbers

import numpy as np

from ..data import logic_gate
from .feedback import Feedback


def _numbers(**values):
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v):
            return Feedback(False, f"{name} must be a finite number, got {v!r}.",
                            "Write the weights as numbers, like w1=1.0.")
    return None


def check_nand_weights(w1, w2, b):
    """Do ŷ = step(w1·x1 + w2·x2 + b) and NAND agree on all four inputs? (step(0) = 1)"""
    bad = _numbers(w1=w1, w2=w2, b=b)
    if bad is not None:   # a Feedback that is falsy: the answer is not even numbers
        return bad
    X, y = logic_gate("nand")
    y_hat = (X @ np.array([w1, w2]) + b >= 0).astype(int)
    wrong = [f"({int(x1)}, {int(x2)})" for (x1, x2), p, t in zip(X, y_hat, y) if p != t]
    if not wrong:
        return Feedback(True, f"w1 = {w1:g}, w2 = {w2:g}, b = {b:g} computes NAND on all four "
                        "inputs.")
    if y_hat[3] == 1 and y_hat[:3].all():
        hint = ("NAND is 0 only for (1, 1): make w1 + w2 + b negative while b, w1 + b and "
                "w2 + b stay ≥ 0. Negative weights and a positive bias do it.")
    else:
        hint = "NAND is the opposite of AND: try the AND weights and bias with their signs flipped."
    return Feedback(False, f"wrong on input{'s' if len(wrong) > 1 else ''} {', '.join(wrong)}.",
                    hint)


def check_perceptron_output(answer, w=(1.0, 1.0), b=-1.5, x=(1.0, 0.0)):
    """The learner's ŷ for the neuron (w, b) at input x: 0 or 1."""
    truth = int(np.dot(w, x) + b >= 0)
    z = float(np.dot(w, x) + b)
    if answer not in (0, 1) or isinstance(answer, bool):
        return Feedback(False, f"the output of a step neuron is 0 or 1, got {answer!r}.",
                        "Compute z = w·x + b, then ŷ = 1 if z ≥ 0, else 0.")
    if answer == truth:
        return Feedback(True, f"z = {z:g}, so ŷ = step(z) = {truth}.")
    return Feedback(False, f"z = w·x + b = {z:g}, so ŷ = {truth}.",
                    "ŷ is 1 exactly when z ≥ 0.")
