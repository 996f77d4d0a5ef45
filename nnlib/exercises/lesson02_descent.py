"""Lesson 02's checks on gradient descent: one step by hand, and the learner's descent loop.

``check_one_step`` recognises each plausible slip of w ← w − η·dL/dw on one sigmoid neuron;
``check_gradient_descent`` runs the learner's loop on the 2-2-1 XOR network and compares it
with ``nnlib.fit`` to the last digit.
"""

import numpy as np

from ..data import logic_gate
from ..dense import Dense
from ..network import MLP
from ..optim import SGD
from ..training import fit, forward_backward
from .feedback import Feedback

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
    # the messages name the slip but print no number: the half-loss step's value, say,
    # would give the answer by arithmetic (w − 2·(w − w_new))
    for value, message, hint in wrongs:
        if close(value):
            return Feedback(False, message, hint)
    if abs(w_new - right) < 5e-3:                     # the right number, rounded to 2 decimals
        return Feedback(False, "close, but not to 3 decimals.",
                        "Give the new weight to at least 3 decimals: print it unrounded.")
    return Feedback(False, "this is not the weight after one step.",
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
         "Inside the loop for p, g in zip(params, grads), a line p = ... only gives the "
         "name p a new array; the list params keeps the old one. Either build a new list "
         "and give it the name params, or change each array in place (an augmented "
         "assignment such as +=, -= or *= writes into the array p names), and return "
         "params."),
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
         "Take one step per epoch, in the loop for epoch in range(epochs), with the return "
         "after the loop, not inside it."),
        (loop(epochs - 1, down), f"{epochs - 1} steps were taken instead of {epochs}.",
         "The loop for epoch in range(epochs) runs exactly epochs times."),
        (loop(epochs + 1, down), f"{epochs + 1} steps were taken instead of {epochs}.",
         "The loop for epoch in range(epochs) runs exactly epochs times."),
    ]


def _same(a, b):
    return all(x.shape == y.shape and np.allclose(x, y, rtol=1e-9, atol=1e-12)
               for x, y in zip(a, b))


def _as_params(out, start):
    """The learner's result as 4 float arrays of the start's shapes, or a Feedback."""
    if out is None:
        return Feedback(False, "your function returned None.",
                        "End it with the line return params, after the loop.")
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
