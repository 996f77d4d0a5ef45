"""Lesson 04's exercise "write a layer's δ": the learner's δ_l = (W_(l+1)ᵀ δ_(l+1)) ⊙ σ′(z_l),
checked against nnlib's backward pass on every hidden layer of two sigmoid networks, with the
plausible wrong formulas (no transpose, no σ′, the wrong layer) recognised and explained."""

import numpy as np

from .. import activations
from ..network import MLP
from ..training import forward_backward
from .feedback import Feedback

#: The two sigmoid networks the δ check runs on: every layer of 4 units (so that a formula
#: with the wrong shapes still runs and its numbers can say what went wrong), then layers of
#: different widths (so that a formula that only works on square matrices is caught).
DELTA_NETS = ([4, 4, 4, 4, 4], [3, 5, 4, 6, 2])

_SIGMOID = activations.get("sigmoid")

#: Plausible wrong formulas for δ_l, each with what it means and a hint that fits it.
_WRONG_DELTAS = [
    (lambda l, W, z, a, d: (W[l + 1] @ d[l + 1]) * _SIGMOID.df(z[l]),
     "your δ_l is W_(l+1) δ_(l+1) ⊙ σ′(z_l): the weight matrix is not transposed.",
     "W_(l+1) has shape (n_(l+1) × n_l): it carries layer l forward to layer l + 1. The error "
     "goes back down through its transpose (in numpy, .T)."),
    (lambda l, W, z, a, d: W[l + 1].T @ d[l + 1],
     "your δ_l is W_(l+1)ᵀ δ_(l+1) alone: the activation's derivative is missing.",
     "δ_l = ∂L/∂z_l, and z_l reaches the layer above only through a_l = σ(z_l): the chain "
     "rule multiplies, element by element, by σ′ at this layer's weighted sums."),
    (lambda l, W, z, a, d: (W[l + 1].T @ d[l + 1]) * _SIGMOID.df(a[l]),
     "your δ_l uses σ′(a_l): the derivative is taken at the activation, not at z_l.",
     "σ′ takes the weighted sum z_l, not a_l. (Or write it with a: σ′(z) = σ(z)(1 − σ(z)) "
     "= a(1 − a).)"),
    (lambda l, W, z, a, d: (W[l + 1].T @ d[l + 1]) * z[l] * (1 - z[l]),
     "your δ_l uses z_l (1 − z_l): the formula a(1 − a) with z in place of a.",
     "σ′(z) = σ(z)(1 − σ(z)) = a(1 − a): the formula holds with a, not with z."),
    (lambda l, W, z, a, d: (W[l + 1].T @ d[l + 1]) * a[l],
     "your δ_l multiplies by σ(z_l) = a_l, the activation itself, not its derivative.",
     "The chain rule needs the slope σ′(z_l), not the value σ(z_l)."),
    (lambda l, W, z, a, d: d[l + 1] * _SIGMOID.df(z[l]),
     "your δ_l is δ_(l+1) ⊙ σ′(z_l): the weights between the layers are missing.",
     "Each unit of layer l reaches the layer above through its weights: carry δ_(l+1) down "
     "through W_(l+1)ᵀ before multiplying by σ′(z_l)."),
    (lambda l, W, z, a, d: (W[l].T @ d[l + 1]) * _SIGMOID.df(z[l]),
     "your δ_l uses W_l, layer l's own weights: the wrong layer.",
     "The error comes down from the layer above, through the weights that connect l to "
     "l + 1: W_(l+1). (W_l connects layer l − 1 to l.)"),
    (lambda l, W, z, a, d: (W[l] @ d[l + 1]) * _SIGMOID.df(z[l]),
     "your δ_l uses W_l, layer l's own weights (and no transpose): the wrong layer.",
     "The error comes down from the layer above, through W_(l+1)ᵀ."),
    (lambda l, W, z, a, d: (W[l + 1].T @ d[l + 1]) * _SIGMOID.df(z[l + 1]),
     "your δ_l uses σ′(z_(l+1)), the layer above's weighted sum: the wrong layer.",
     "The derivative belongs to the layer whose δ you compute: σ′(z_l)."),
]


def _one_sample(sizes, seed):
    """W, z, a, delta (dicts keyed by layer number 1..L) of one sample through a sigmoid net."""
    rng = np.random.default_rng(seed)
    net = MLP(sizes, activation="sigmoid", output_activation="sigmoid", seed=seed)
    for layer in net.layers:       # biases too, so that no z is special
        layer.b[:] = rng.normal(0, 0.5, size=layer.b.shape)
    x = rng.normal(size=(1, sizes[0]))
    t = rng.uniform(size=(1, sizes[-1]))
    forward_backward(net, "half_mse", x, t)
    keys = range(1, len(net.layers) + 1)
    W = {k: layer.W.copy() for k, layer in zip(keys, net.layers)}
    z = {k: layer.Z[0].copy() for k, layer in zip(keys, net.layers)}
    a = {k: layer.A[0].copy() for k, layer in zip(keys, net.layers)}
    delta = {k: layer.delta[0].copy() for k, layer in zip(keys, net.layers)}
    return W, z, a, delta


def _close(mine, truth):
    return mine.shape == truth.shape and bool(np.all(np.isfinite(mine))) and \
        np.max(np.abs(mine - truth)) <= 1e-9 * max(np.max(np.abs(truth)), 1e-300)


def _layer_answer(layer_delta, l, W, z, a, above, sizes):
    """The learner's δ_l for layer ``l`` as a 1-D array (n_l,), or a Feedback saying what went
    wrong calling it (it gets copies, and ``above`` holds δ of the layers above l only)."""
    try:
        with np.errstate(all="ignore"):
            out = layer_delta(l, {k: v.copy() for k, v in W.items()},
                              {k: v.copy() for k, v in z.items()},
                              {k: v.copy() for k, v in a.items()}, above)
    except KeyError as err:
        return Feedback(False, f"for layer {l} your function asked for entry {err} of a "
                        f"dict that has none: delta holds only the layers above, "
                        f"{sorted(above)}.", "δ_l is computed from the layer above, "
                        "l + 1, and from layer l's own z_l.")
    except ValueError as err:
        if "matmul" in str(err) or "broadcast" in str(err) or "shapes" in str(err):
            return Feedback(False, f"for layer {l} the shapes do not fit (layers of "
                            f"{sizes} units): {err}", "W_(l+1) has shape (n_(l+1) × n_l) "
                            "and δ_(l+1) has n_(l+1) entries; δ_l needs n_l, one per unit "
                            "of layer l. Which product of the two gives that?")
        return Feedback(False, f"for layer {l} your function raised ValueError: {err}",
                        "δ_l = (W_(l+1)ᵀ δ_(l+1)) ⊙ σ′(z_l): find each factor among "
                        "the arguments.")
    except Exception as err:          # the learner's code: say what it raised
        return Feedback(False, f"for layer {l} your function raised "
                        f"{type(err).__name__}: {err}", "δ_l = (W_(l+1)ᵀ δ_(l+1)) ⊙ "
                        "σ′(z_l): an array with one entry per unit of layer l.")
    if out is None:
        return Feedback(False, f"for layer {l} your function returned None.",
                        "Did you forget the return? End it with return followed by δ_l.")
    try:
        mine = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        return Feedback(False, f"for layer {l} your function returned {out!r}, not an "
                        "array of numbers.", "Return a numpy array: one δ per unit of "
                        "layer l.")
    if mine.size != sizes[l] or mine.ndim > 2 or (mine.ndim == 2 and 1 not in mine.shape):
        return Feedback(False, f"for layer {l} your function returned shape {mine.shape}, "
                        f"but layer {l} has {sizes[l]} units.", "δ_l has one entry per "
                        "unit of layer l.")
    return mine.reshape(-1)


def _delta_feedback(layer_delta, sizes, seed):
    """None if ``layer_delta`` gives nnlib's δ_l for every hidden layer, else a Feedback."""
    W, z, a, delta = _one_sample(sizes, seed)
    L = len(sizes) - 1
    answers = {}
    for l in range(L - 1, 0, -1):                      # top hidden layer first, as backprop
        above = {k: delta[k].copy() for k in delta if k > l}   # what is known by then
        mine = _layer_answer(layer_delta, l, W, z, a, above, sizes)
        if isinstance(mine, Feedback):
            return mine
        answers[l] = mine
    wrong = [l for l in answers if not _close(answers[l], delta[l])]
    if not wrong:
        return None
    for formula, message, hint in _WRONG_DELTAS:
        try:
            with np.errstate(all="ignore"):
                same = all(_close(answers[l], np.asarray(formula(l, W, z, a, delta)))
                           for l in answers)
        except (ValueError, KeyError):
            same = False
        if same:
            return Feedback(False, message, hint)
    l = max(wrong)
    return Feedback(False, f"for layer {l} your δ is {np.round(answers[l], 4)}, nnlib's "
                    f"backward pass gives {np.round(delta[l], 4)}.",
                    "Go through the recap's first equation factor by factor: which layer's "
                    "weights carry the error down, in which direction, and at which layer's "
                    "weighted sums is the slope taken?")


def check_layer_delta(layer_delta):
    """Does ``layer_delta(l, W, z, a, delta)`` return δ_l = (W_(l+1)ᵀ δ_(l+1)) ⊙ σ′(z_l)?

    One sample through a sigmoid network; the arguments are dicts keyed by layer number
    (1 = first hidden layer, L = output layer): ``W[k]`` (n_k × n_(k−1)), ``z[k]`` and
    ``a[k]`` (n_k,), and ``delta[k]`` (n_k,) for the layers above l only. The answer is
    compared with nnlib's backward pass for every hidden layer of the two ``DELTA_NETS``.
    """
    if not callable(layer_delta):
        return Feedback(False, f"the answer is a function layer_delta(l, W, z, a, delta), got "
                        f"{layer_delta!r}.", "Define it with def, then pass its name.")
    for i, sizes in enumerate(DELTA_NETS):
        fb = _delta_feedback(layer_delta, sizes, seed=i)
        if fb is not None:
            if i > 0:
                fb.message = (f"right on a network whose layers all have 4 units, but not on "
                              f"layers of {sizes[1:-1]} units: " + fb.message)
            return fb
    return Feedback(True, "your δ_l equals nnlib's backward pass for every hidden layer of "
                    f"two sigmoid networks ({' and '.join(str(s) for s in DELTA_NETS)}).")
