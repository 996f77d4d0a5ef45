"""Checks for lesson 02 (XOR, gradient descent and the 2-2-1 network)."""

import numpy as np

from ..data import GATES, logic_gate
from ..dense import Dense
from ..network import MLP
from ..optim import SGD
from ..perceptron import Perceptron
from ..training import fit, forward_backward
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
    separating line exactly when one exists (it converges on separable data).
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
    ones = int(y.sum())
    if separable and ones in (1, 3):
        odd = X[y == 1][0] if ones == 1 else X[y == 0][0]
        hint = (f"Three corners of the square have one target and the fourth, "
                f"({odd[0]:.0f}, {odd[1]:.0f}), the other: one line can always cut a single "
                "corner off. Try it in the explorer of lesson 01.")
    elif separable and ones == 2:
        corners = " and ".join(f"({p[0]:.0f}, {p[1]:.0f})" for p in X[y == 1])
        hint = (f"The two corners with target 1, {corners}, are neighbours: they make one side "
                "of the square, and the two with target 0 the opposite side. Can a line run "
                "between two opposite sides?")
    elif separable:
        hint = (f"All four targets are {y[0]}: there is nothing to separate. A line that misses "
                "the square has all four points on one side, and a neuron with that line "
                f"answers {y[0]} everywhere.")
    elif y[0] == 0:
        hint = ("Add the inequalities of the two rows with target 1, then those of the two "
                "rows with target 0: w1 + w2 + 2b comes out both ≥ 0 and < 0.")
    else:
        hint = ("This is XOR with every target flipped: the 1s sit on one diagonal of the "
                "square, the 0s on the other. Write its four inequalities and add them in the "
                "same pairs as the proof for XOR: is there a contradiction?")
    return Feedback(False, f"{name} is {'' if separable else 'not '}linearly separable.", hint)


# -- gradient descent -----------------------------------------------------------------------

#: The one-step exercise: the neuron y = σ(w·x) with input x = 3 and target t = 0.2, the
#: loss L = (y − t)² (squared error WITHOUT the ½), one step from w = 0.5 with η = 5.
STEP_W, STEP_X, STEP_T, STEP_LR = 0.5, 3.0, 0.2, 5.0


def _number(answer, what):
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.number)):
        return Feedback(False, f"{what} must be a number, got {answer!r}.",
                        "Compute it in code and pass the number, like check_one_step(0.5).")
    if not np.isfinite(answer):
        return Feedback(False, f"{what} must be a finite number, got {answer!r}.",
                        "Check your formula for a division by zero or an overflow.")
    return float(answer)


def _one_step_slope():
    """dL/dw of L = (y − t)² for the exercise's neuron, from nnlib's backward pass: a 1-input
    sigmoid Dense layer (bias 0) given dL/dy = 2 (y − t)."""
    layer = Dense(1, 1, activation="sigmoid")
    layer.W[:], layer.b[:] = STEP_W, 0.0
    y = layer.forward(np.array([[STEP_X]]))
    layer.backward(2 * (y - STEP_T))
    return float(layer.dW[0, 0])


def check_one_step(w_new):
    """The weight after one step of gradient descent on the neuron y = σ(w·x) with x = 3,
    t = 0.2 and the loss L = (y − t)² (no ½), from w = 0.5 with η = 5:
    w_new = w − η·dL/dw with dL/dw = 2 (y − t)·σ′(z)·x."""
    w_new = _number(w_new, "w_new")
    if isinstance(w_new, Feedback):
        return w_new
    w, x, t, lr = STEP_W, STEP_X, STEP_T, STEP_LR
    slope = _one_step_slope()
    right = w - lr * slope
    y = 1 / (1 + np.exp(-w * x))
    ds = y * (1 - y)
    close = lambda v: abs(w_new - v) < 5e-4       # noqa: E731  (3 decimals are enough)
    if close(right):
        return Feedback(True, f"w goes from {w:g} to {right:.4f}: the slope dL/dw = "
                        f"{slope:.5f} is positive, so the step moves w to the left, downhill.")
    wrongs = [
        (w - lr * (y - t) * ds * x, "this is the step for the lesson's half squared error "
         "½ (y − t)².",
         "Here the loss is (y − t)², with no ½. Of the three factors of dL/dw, which one comes "
         "from the loss? Differentiate (y − t)² with respect to y."),
        (w - lr * (y - t) ** 2 * ds * x, "this step uses the loss (y − t)² itself as dL/dy.",
         "dL/dy is the slope of (y − t)² as y changes, not its value: how fast does (y − t)² "
         "grow with y?"),
        (w + lr * slope, "you stepped uphill.",
         "The slope is positive here, so the loss grows to the right: step against it, "
         "w − η·dL/dw."),
        (w - lr * 2 * (y - t) * x, "this is the step without σ′(z).",
         "dL/dw has three factors: dL/dy, dy/dz and dz/dw. Which one did you leave out?"),
        (w - lr * 2 * (y - t) * ds, "this is the step without the input x.",
         "z = w·x: how does z change when w changes? That is the third factor."),
        (w - slope, "this step forgot η.",
         f"The step is η·dL/dw with η = {lr:g}, not dL/dw alone."),
        (slope, "this is the slope dL/dw, not the new weight.",
         f"The new weight is w − η·dL/dw, starting from w = {w:g}."),
        (w, "this is the weight before the step.", "Take one step: w − η·dL/dw."),
    ]
    for value, message, hint in wrongs:
        if close(value):
            return Feedback(False, f"{w_new:.4f}: {message}", hint)
    return Feedback(False, f"{w_new:.4f} is not the weight after one step.",
                    "Compute z = w·x, y = σ(z), then the three factors dL/dy, dy/dz = σ′(z) "
                    "and dz/dw, their product dL/dw, and w − η·dL/dw, with w = 0.5, x = 3, "
                    "t = 0.2, η = 5.")


def xor_gradient(params):
    """dL/d(each parameter) of the 2-2-1 sigmoid network on XOR, for the half squared error
    L = mean over the four inputs of ½ (y − t)².

    ``params`` is the list [W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,)] (as ``MLP.get_params()``
    gives it); returns the list [dW1, db1, dW2, db2] of the same shapes, computed by nnlib's
    backward pass (lesson 03 opens it). The arrays in ``params`` are not changed.
    """
    net = MLP([2, 2, 1])
    net.set_params(params)
    X, t = logic_gate("xor")
    forward_backward(net, "half_mse", X, t)
    return [g.copy() for layer in net.layers for g in (layer.dW, layer.db)]


def _fit(start, lr, epochs):
    """What nnlib.fit does from ``start``: full-batch gradient descent on XOR."""
    net = MLP([2, 2, 1])
    net.set_params(start)
    X, t = logic_gate("xor")
    fit(net, X, t, "half_mse", SGD(lr), epochs=epochs, shuffle=False)
    return net.get_params()


def _variants(start, lr, epochs):
    """The results of the plausible wrong loops, each with what went wrong and a hint."""
    def loop(n, step, stale=False, sequential=False):
        params = [p.copy() for p in start]
        grads = xor_gradient(params)
        for _ in range(n):
            if sequential:
                for i in range(len(params)):
                    params[i] = step(params[i], xor_gradient(params)[i])
                continue
            if not stale:
                grads = xor_gradient(params)
            params = [step(p, g) for p, g in zip(params, grads)]
        return params

    down = lambda p, g: p - lr * g                     # noqa: E731
    return [
        ([p.copy() for p in start], "no weight changed.",
         "Inside `for p, g in zip(params, grads):` a line `p = ...` only gives the name p "
         "a new array; the list params keeps the old one. Build a new list, "
         "`params = [... for p, g in zip(params, grads)]`, or change each array in place, "
         "`p -= ...`; and return params."),
        (loop(epochs, lambda p, g: p + lr * g), "the loss went up: the weights moved uphill.",
         "The gradient points uphill. Step against it: w ← w − η·dL/dw, a minus sign."),
        (loop(epochs, lambda p, g: p - g), "the steps are the right direction but not the "
         "right size.",
         "Multiply the gradient by the learning rate: w ← w − η·dL/dw, with η = lr."),
        (loop(epochs, down, sequential=True), "each weight was updated before the gradient "
         "of the next one was computed.",
         "All gradients must be taken at the same weights: first grads = gradient(params) "
         "for all of them, then update every weight."),
        (loop(epochs, down, stale=True), "every step used the gradient of the starting "
         "weights.",
         "Compute the gradient again inside the loop, once per epoch, at the current weights."),
        (loop(1, down), "only one step was taken.",
         "Take one step per epoch: `for epoch in range(epochs):`, with the return after the "
         "loop, not inside it."),
        (loop(epochs - 1, down), f"{epochs - 1} steps were taken instead of {epochs}.",
         "`for epoch in range(epochs):` runs exactly epochs times."),
        (loop(epochs + 1, down), f"{epochs + 1} steps were taken instead of {epochs}.",
         "`for epoch in range(epochs):` runs exactly epochs times."),
    ]


def _same(a, b):
    return all(x.shape == y.shape and np.allclose(x, y, rtol=1e-9, atol=1e-12)
               for x, y in zip(a, b))


def _as_params(out, start):
    """The learner's result as 4 float arrays of the start's shapes, or a Feedback."""
    if out is None:
        return Feedback(False, "your function returned None.",
                        "End it with `return params` (after the loop).")
    try:
        out = [np.asarray(p, dtype=np.float64) for p in out]
    except (TypeError, ValueError):
        return Feedback(False, f"your function returned {type(out).__name__}, not a list of "
                        "arrays.", "Return the list [W1, b1, W2, b2] of updated arrays.")
    if len(out) != len(start) or any(p.shape != q.shape for p, q in zip(out, start)):
        return Feedback(False, "your function must return 4 arrays of the shapes it was "
                        f"given, {[q.shape for q in start]}; got "
                        f"{[p.shape for p in out]}.",
                        "Return the list [W1, b1, W2, b2] of updated arrays.")
    return out


def check_gradient_descent(gradient_descent):
    """Run the learner's ``gradient_descent(params, gradient, lr, epochs)`` and compare it with
    nnlib.fit (full batch, plain SGD) from the same start.

    ``params`` is the list [W1, b1, W2, b2] of the 2-2-1 XOR network, ``gradient(params)``
    returns [dW1, db1, dW2, db2], and the function must return the weights after ``epochs``
    steps of w ← w − lr·dL/dw. It is tried twice: 3 steps with lr = 0.5 from a random start
    (where each plausible mistake gives its own result), and then 2000 epochs with lr = 3,
    which should train XOR.
    """
    if not callable(gradient_descent):
        return Feedback(False, f"pass your function itself, got {gradient_descent!r}.",
                        "Write check_gradient_descent(gradient_descent), without () after "
                        "the name.")
    for seed, lr, epochs in [(3, 0.5, 3), (0, 3.0, 2000)]:
        start = MLP([2, 2, 1], seed=seed).get_params()
        try:
            out = gradient_descent([p.copy() for p in start], xor_gradient, lr, epochs)
        except Exception as error:           # the learner's code: say what it raised
            return Feedback(False, f"your function raised {type(error).__name__}: {error}",
                            "Call it yourself on a small case to see where: "
                            "gradient_descent(params, xor_gradient, 0.5, 3).")
        out = _as_params(out, start)
        if isinstance(out, Feedback):
            return out
        expected = _fit(start, lr, epochs)
        if _same(out, expected):
            continue
        if epochs == 3:
            for variant, message, hint in _variants(start, lr, epochs):
                if _same(out, variant):
                    return Feedback(False, message, hint)
        gap = max(float(np.abs(p - q).max()) for p, q in zip(out, expected))
        return Feedback(False, f"after {epochs} epochs with lr = {lr:g} your weights differ "
                        f"from nnlib.fit's by up to {gap:.3g}.",
                        "In each epoch: grads = gradient(params) at the current weights, then "
                        "every weight w − lr·g; after the loop, return params.")
    X, t = logic_gate("xor")
    net = MLP([2, 2, 1])
    net.set_params(out)
    y = net.forward(X)[:, 0]
    right = int(np.sum((y > 0.5) == (t == 1)))
    return Feedback(True, "your loop takes the same steps as nnlib.fit, to the last digit; "
                    f"2000 epochs with lr = 3 get {right} of 4 XOR inputs right.")
