"""Lesson 02's checks on XOR: which gates one line separates, and XOR's weights by hand.

``check_separable`` asks the perceptron rule (it converges exactly on separable gates);
``check_xor_weights`` runs the learner's 2-2-1 weights and reads its hidden units as gates.
"""

import numpy as np

from ..data import GATES, logic_gate
from ..network import MLP
from ..perceptron import Perceptron
from .feedback import Feedback

_SHAPES = {"W1": (2, 2), "b1": (2,), "W2": (1, 2), "b2": (1,)}
# what a hidden unit computes on the inputs (0,0), (0,1), (1,0), (1,1), read as h > 0.5
_OR, _AND = (False, True, True, True), (False, False, False, True)
_X1_NOT_X2, _X2_NOT_X1 = (False, False, True, False), (False, True, False, False)
_GATES = {_OR: "OR", _AND: "AND", (True, True, True, False): "NAND",
          (True, False, False, False): "NOR", (False, True, True, False): "XOR",
          (True, False, False, True): "XNOR", _X1_NOT_X2: '"x1 and not x2"',
          _X2_NOT_X1: '"x2 and not x1"', (True, False, True, True): '"x1 or not x2"',
          (True, True, False, True): '"x2 or not x1"', (False, False, True, True): '"x1"',
          (False, True, False, True): '"x2"', (True, True, False, False): '"not x1"',
          (True, False, True, False): '"not x2"'}


def _gate_name(column):
    """What a hidden unit computes, as a gate's name (its outputs on the four inputs > 0.5)."""
    return _GATES.get(column, "always " + ("1" if column[0] else "0"))


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
    """Does the 2-2-1 sigmoid network with these numbers compute XOR as (x1 and not x2) OR
    (x2 and not x1)?

    h = σ(W1 x + b1) with ``W1`` of shape (2, 2) (row i = hidden unit i's two
    weights) and ``b1`` of shape (2,); y = σ(W2 h + b2) with ``W2`` two
    numbers (shape (2,) or (1, 2)) and ``b2`` one number. Right when y > 0.5
    exactly for (0, 1) and (1, 0), and y < 0.5 for (0, 0) and (1, 1), and the hidden
    units (read as h > 0.5) are "x1 and not x2" and "x2 and not x1", in either order: the
    lesson's hand-built OR/AND weights, and the weights its training runs print, are above
    the exercise.
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
        H = net.layers[0].A > 0.5
        gates = {tuple(H[:, 0]), tuple(H[:, 1])}
        if gates == {_OR, _AND}:
            return Feedback(False, "these weights compute XOR, but with the lesson's own idea: "
                            "one hidden unit is OR and the other AND, as in the hand-built "
                            "solution above.",
                            "Build the other idea: h1 = \"x1 and not x2\", h2 = \"x2 and "
                            "not x1\", and the output h1 OR h2.")
        if gates != {_X1_NOT_X2, _X2_NOT_X1}:
            names = " and ".join(_gate_name(tuple(H[:, i])) for i in range(2))
            return Feedback(False, f"these weights compute XOR, with hidden units {names}; "
                            "the exercise asks for \"x1 and not x2\" and \"x2 and not x1\".",
                            "Hidden unit 1 should be on only for (1, 0): a large positive weight "
                            "on x1, a large negative one on x2, and a negative bias. Hidden unit "
                            "2 the mirror image. Then the output is their OR.")
        return Feedback(True, f"all four outputs are on the right side of 0.5: {outputs}.")
    names = ", ".join(f"({X[i, 0]:.0f}, {X[i, 1]:.0f}) gives {y[i]:.3f} but should be "
                      f"{'above' if t[i] else 'below'} 0.5" for i in wrong)
    return Feedback(False, f"wrong on {len(wrong)} input{'s' if len(wrong) > 1 else ''}: "
                    f"{names}.", _xor_weights_hint(net.layers[0].A, X, t, len(wrong)))


def _xor_weights_hint(H, X, t, n_wrong):
    """The hint for wrong XOR weights: about the hidden layer while its units are not yet the
    two asked for, about the output unit once they are."""
    where = ", ".join(f"({X[i, 0]:.0f}, {X[i, 1]:.0f}) → ({H[i, 0]:.2f}, {H[i, 1]:.2f})"
                      for i in range(4))
    on = H > 0.5
    if {tuple(on[:, 0]), tuple(on[:, 1])} == {_X1_NOT_X2, _X2_NOT_X1}:
        if n_wrong == 4:
            return ("Your hidden units are right, and every output is on the wrong side: "
                    "flip the signs of W2 and b2.")
        return (f"Your hidden units are right: h = {where}. Now the output unit, one neuron "
                "on h: W2·h + b2 must be above 0 where exactly one hidden unit is on, and "
                "below 0 where neither is. What does that ask of b2, compared with W2?")
    flat = [i for i in range(2) if H[:, i].max() - H[:, i].min() < 0.1]
    if flat:
        i = flat[0]
        return (f"Hidden unit {i + 1} gives about {H[:, i].mean():.2f} for every input: its "
                "weights are 0 (or tiny), so it cannot tell the inputs apart. Start with "
                "hidden unit 1, on only for (1, 0): which sign must its weight on x1 have, "
                "which its weight on x2, and which its bias, so that w·x + b > 0 at (1, 0) "
                "and < 0 at the other three inputs?")
    same = [(i, j) for i in range(4) for j in range(i + 1, 4)
            if t[i] != t[j] and np.abs(H[i] - H[j]).max() < 0.1]
    if same:
        return (f"The hidden layer sends the inputs to h = {where}. An input with target 0 "
                "and one with target 1 land on (almost) the same h, and no output line can "
                "split them: change W1 and b1 first.")
    names = " and ".join(f"hidden unit {i + 1} computes {_gate_name(tuple(on[:, i]))}"
                         for i in range(2))
    have = {tuple(on[:, 0]), tuple(on[:, 1])}
    corner = "(0, 1)" if _X1_NOT_X2 in have else "(1, 0)"
    return (f"Read as h > 0.5, {names}; the exercise asks for \"x1 and not x2\" and "
            f"\"x2 and not x1\". A unit that is on only for {corner} needs w·x + b > 0 there "
            "and < 0 at the other three inputs: which signs do its two weights and its bias "
            "need?")


_INPUTS = "(0, 0), (0, 1), (1, 0), (1, 1)"


def _table(gate):
    """``gate`` as (name, targets): a gate's name from nnlib.data.GATES, or the four 0/1
    targets of the inputs (0, 0), (0, 1), (1, 0), (1, 1); or None."""
    if isinstance(gate, str):
        if gate.lower() not in GATES:
            return None
        return gate.upper(), logic_gate(gate)[1]
    try:
        targets = np.asarray(gate)
    except (TypeError, ValueError):
        return None
    if (targets.shape != (4,) or targets.dtype == object
            or not np.isin(targets, (0, 1)).all() or targets.dtype.kind not in "biuf"):
        return None
    targets = targets.astype(int)
    name = _gate_name(tuple(targets == 1))
    return f"{name.strip(chr(34))} (targets {targets.tolist()})", targets


def check_separable(gate, answer):
    """The learner's ``answer`` (True or False): can a single line separate ``gate``'s 1s from
    its 0s?

    ``gate`` is a gate's name (``"and"``, ``"xnor"``, … as in nnlib.data.GATES) or any function
    of two inputs as its four targets for the inputs (0, 0), (0, 1), (1, 0), (1, 1), like
    ``[0, 0, 1, 1]``. The truth comes from the perceptron learning rule, which finds a
    separating line exactly when one exists (it converges on separable data). A wrong answer
    gets a way to decide, never the verdict.
    """
    table = _table(gate)
    if table is None:
        return Feedback(False, f"gate must be one of {list(GATES)}, or the four targets (0 or 1) "
                        f"of the inputs {_INPUTS}; got {gate!r}.",
                        'Name a gate as a string, like check_separable("xor", False), or give '
                        "its targets, like check_separable([0, 1, 1, 0], False).")
    if not isinstance(answer, (bool, np.bool_)):
        return Feedback(False, f"answer True or False, got {answer!r}.",
                        "True means: one line w·x + b = 0 puts the 1s on one side and the 0s "
                        "on the other.")
    name, y = table
    X = logic_gate("xor")[0]
    separable = Perceptron(2).fit(X, y, epochs=100).converged
    if bool(answer) == separable:
        why = ("the perceptron rule finds such a line" if separable
               else "no w1, w2, b satisfy all four inequalities at once")
        return Feedback(True, f"{name} is {'' if separable else 'not '}linearly separable: "
                        f"{why}.")
    return Feedback(False, f"look again at {name}.", _how_to_decide(X, y))


def _how_to_decide(X, y):
    """A wrong answer's hint: how to decide, from the gate's own targets, whether one line
    separates them. The same words whichever way the truth lies: a hint that differed would
    give the verdict away."""
    ones = ", ".join(f"({p[0]:.0f}, {p[1]:.0f})" for p in X[y == 1]) or "no corner"
    zeros = ", ".join(f"({p[0]:.0f}, {p[1]:.0f})" for p in X[y == 0]) or "no corner"
    return (f"Draw the square's four corners and mark them: target 1 at {ones}; target 0 at "
            f"{zeros}. Try to draw one straight line with every 1 on one side and every 0 on "
            "the other. If you find one, write it as w1·x1 + w2·x2 + b = 0 and check the sign "
            "of w·x + b at all four corners. If no line seems to work, write the four "
            "inequalities, one per corner, as the lesson did for XOR, and add them in pairs: "
            "only a contradiction shows that no line exists.")
