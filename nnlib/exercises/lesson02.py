"""Checks for lesson 02 (XOR, gradient descent and the 2-2-1 network)."""

import numpy as np

from ..data import GATES, logic_gate
from ..network import MLP
from ..optim import SGD
from ..perceptron import Perceptron
from ..training import fit, forward_backward
from ..widgets.descent import T_ONE, X_ONE, one_neuron_descent
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
    if separable:
        ones = y == 1
        odd = X[ones][0] if ones.sum() == 1 else X[~ones][0]
        hint = (f"Three corners of the square have one target and the fourth, "
                f"({odd[0]:.0f}, {odd[1]:.0f}), the other: one line can always cut a single "
                "corner off. Try it in the explorer of lesson 01.")
    elif gate.lower() == "xor":
        hint = ("Add the inequalities of the two rows with target 1, then those of the two "
                "rows with target 0: w1 + w2 + 2b comes out both ≥ 0 and < 0.")
    else:
        hint = ("XNOR is XOR with every target flipped. Write its four inequalities and add "
                "them in the same pairs as the proof for XOR: is there a contradiction?")
    return Feedback(False, f"{name} is {'' if separable else 'not '}linearly separable.", hint)


# -- gradient descent -----------------------------------------------------------------------

#: The one-step exercise: the neuron y = σ(w·x) with x = 2, t = 0.8, one step from w = 1.
STEP_W, STEP_LR = 1.0, 10.0


def _number(answer, what):
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.number)):
        return Feedback(False, f"{what} must be a number, got {answer!r}.",
                        "Compute it in code and pass the number, like check_one_step(0.5).")
    if not np.isfinite(answer):
        return Feedback(False, f"{what} must be a finite number, got {answer!r}.",
                        "Check your formula for a division by zero or an overflow.")
    return float(answer)


def check_one_step(w_new):
    """The weight after one step of gradient descent on the neuron y = σ(w·x), x = 2, t = 0.8,
    from w = 1 with η = 10: w_new = w − η·dL/dw with dL/dw = (y − t)·σ′(z)·x."""
    w_new = _number(w_new, "w_new")
    if isinstance(w_new, Feedback):
        return w_new
    w, x, t, lr = STEP_W, X_ONE, T_ONE, STEP_LR
    right = one_neuron_descent(w, lr, 1)[0][1]
    y = 1 / (1 + np.exp(-w * x))
    slope = (y - t) * y * (1 - y) * x
    close = lambda v: abs(w_new - v) < 5e-4       # noqa: E731  (3 decimals are enough)
    if close(right):
        return Feedback(True, f"w goes from {w:g} to {right:.4f}: the slope dL/dw = "
                        f"{slope:.5f} is positive, so the step moves w to the left, downhill.")
    wrongs = [
        (w + lr * slope, "you stepped uphill.",
         "The slope is positive here, so the loss grows to the right: step against it, "
         "w − η·dL/dw."),
        (w - lr * (y - t) * x, "this is the step without σ′(z).",
         "dL/dw has three factors: dL/dy = y − t, dy/dz = σ′(z) = σ(z)(1 − σ(z)), and "
         "dz/dw = x. You left out the middle one."),
        (w - lr * (y - t) * y * (1 - y), "this is the step without the input x.",
         "z = w·x, so dz/dw = x = 2: multiply δ = (y − t)·σ′(z) by the input."),
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
                    "Compute z = w·x, y = σ(z), δ = (y − t)·σ′(z), dL/dw = δ·x, then "
                    "w − η·dL/dw, with w = 1, x = 2, t = 0.8, η = 10.")


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
