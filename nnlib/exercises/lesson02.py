"""Checks for lesson 02 (XOR and the 2-2-1 network)."""

import numpy as np

from ..data import GATES, logic_gate
from ..network import MLP
from ..perceptron import Perceptron
from .feedback import Feedback

_SHAPES = {"W1": (2, 2), "b1": (2,), "W2": (1, 2), "b2": (1,)}


def _arrays(**values):
    """The learner's numbers as float arrays of the 2-2-1 shapes, or a Feedback saying what is
    wrong with them. W2 may be given as 2 numbers, b2 as 1 number."""
    out = []
    for name, v in values.items():
        shape = _SHAPES[name]
        try:
            a = np.asarray(v, dtype=np.float64)
        except (TypeError, ValueError):
            return Feedback(False, f"{name} must be numbers, got {v!r}.",
                            "Write the weights as numbers in lists, like "
                            "W1=[[1, 1], [1, 1]], b1=[0, 0], W2=[1, 1], b2=0.")
        if a.size == int(np.prod(shape)) and name in ("W2", "b2"):
            a = a.reshape(shape)
        if a.shape != shape:
            rows = ("2 rows (one per hidden unit) of 2 weights (one per input)" if name == "W1"
                    else f"{int(np.prod(shape))} number(s)")
            return Feedback(False, f"{name} must hold {rows}, shape {shape}; got shape "
                            f"{a.shape}.",
                            "W1 is 2×2 (row i = hidden unit i), b1 has 2 numbers, W2 has 2 "
                            "(one per hidden unit), b2 is one number.")
        if not np.isfinite(a).all():
            return Feedback(False, f"{name} must be finite numbers, got {v!r}.",
                            "Use ordinary numbers: no inf or nan.")
        out.append(a)
    return out


def check_xor_weights(W1, b1, W2, b2):
    """Does the 2-2-1 sigmoid network with these numbers compute XOR?

    h = σ(W1 x + b1) with ``W1`` of shape (2, 2) (row i = hidden unit i's two
    weights) and ``b1`` of shape (2,); y = σ(W2 h + b2) with ``W2`` two
    numbers (shape (2,) or (1, 2)) and ``b2`` one number. Right when y > 0.5
    exactly for (0, 1) and (1, 0), and y < 0.5 for (0, 0) and (1, 1).
    """
    params = _arrays(W1=W1, b1=b1, W2=W2, b2=b2)
    if isinstance(params, Feedback):
        return params
    net = MLP([2, 2, 1])
    net.set_params(params)
    X, t = logic_gate("xor")
    y = net.forward(X)[:, 0]
    wrong = [i for i in range(4) if (y[i] > 0.5) != (t[i] == 1) or y[i] == 0.5]
    outputs = ", ".join(f"({X[i, 0]:.0f}, {X[i, 1]:.0f}) → {y[i]:.3f}" for i in range(4))
    if not wrong:
        return Feedback(True, f"all four outputs are on the right side of 0.5: {outputs}.")
    names = ", ".join(f"({X[i, 0]:.0f}, {X[i, 1]:.0f}) gives {y[i]:.3f} but should be "
                      f"{'above' if t[i] else 'below'} 0.5" for i in wrong)
    if len(wrong) == 4:
        hint = "Every output is on the wrong side: flip the signs of W2 and b2."
    else:
        H = net.layers[0].A
        where = ", ".join(f"({X[i, 0]:.0f}, {X[i, 1]:.0f}) → ({H[i, 0]:.2f}, {H[i, 1]:.2f})"
                          for i in range(4))
        hint = (f"The hidden layer sends the inputs to h = {where}. The output is one neuron on "
                "h: it needs W2·h + b2 > 0 exactly for (0, 1) and (1, 0). If an input with "
                "target 0 and one with target 1 land on (almost) the same h, no output line "
                "can split them: change W1 and b1 first.")
    return Feedback(False, f"wrong on {len(wrong)} input{'s' if len(wrong) > 1 else ''}: "
                    f"{names}.", hint)


def check_separable(gate, answer):
    """The learner's ``answer`` (True or False): can a single line separate ``gate``'s classes?

    The truth comes from the perceptron learning rule, which finds a separating
    line exactly when one exists (it converges on separable data).
    """
    if not isinstance(gate, str) or gate.lower() not in GATES:
        return Feedback(False, f"gate must be one of {list(GATES)}, got {gate!r}.",
                        'Name the gate as a string, like check_separable("xor", False).')
    if not isinstance(answer, (bool, np.bool_)):
        return Feedback(False, f"answer True or False, got {answer!r}.",
                        "True means: one line w·x + b = 0 puts the 1s on one side and the 0s "
                        "on the other.")
    X, y = logic_gate(gate)
    separable = Perceptron(2).fit(X, y, epochs=100).converged
    name = gate.upper()
    if bool(answer) == separable:
        why = ("the perceptron rule finds such a line" if separable
               else "no w1, w2, b satisfy all four inequalities at once")
        return Feedback(True, f"{name} is {'' if separable else 'not '}linearly separable: "
                        f"{why}.")
    return Feedback(False, f"{name} is {'' if separable else 'not '}linearly separable.",
                    "Write the four inequalities w·x + b ≥ 0 (for 1) or < 0 (for 0) and see "
                    "whether adding them leads to a contradiction; or try it in the explorer "
                    "of lesson 01.")
