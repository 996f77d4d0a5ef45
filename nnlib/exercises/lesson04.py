"""Checks for lesson 04 (vanishing and exploding gradients)."""

import numbers

import numpy as np

from .. import activations
from ..diagnostics import layer_norms
from ..network import MLP
from ..optim import SGD
from ..tasks import deep_net, fixed_batch
from ..training import fit, forward_backward
from .feedback import Feedback

#: The band of ‖δ_1‖ / ‖δ_L‖ that counts as "neither vanishes nor explodes".
RATIO_BAND = (1e-2, 1e2)


def _positive(value, name, example):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) \
            or value <= 0:
        return Feedback(False, f"{name} must be a positive number, got {value!r}.",
                        f"Write a number, like {example}.")
    return None


def check_smallest_gradient(layer, depth=5, width=32, activation="sigmoid", init="normal",
                            scale=3.0, seed=0):
    """Which layer (1 = next to the input, depth + 1 = the output layer) gets the smallest
    ‖δ_l‖ at initialisation, on the lesson's batch? The exercise's network: five hidden
    sigmoid layers of 32 with large weights, N(0, 3²)."""
    n_layers = depth + 1
    if isinstance(layer, bool) or not isinstance(layer, numbers.Integral) \
            or not 1 <= layer <= n_layers:
        return Feedback(False, f"the answer is a layer number from 1 to {n_layers}, "
                        f"got {layer!r}.", "Layer 1 is next to the input; the output layer "
                        f"is layer {n_layers}.")
    X, T = fixed_batch()
    norms = layer_norms(deep_net(depth, width, activation, init, scale, seed), X, T)
    truth = int(np.argmin(norms)) + 1
    listing = ", ".join(f"{n:.2g}" for n in norms)
    if layer == truth:
        return Feedback(True, f"layer {truth} has the smallest error: ‖δ‖ per layer = "
                        f"{listing}.")
    if 1 < layer < n_layers:
        hint = ("Each layer on the way down multiplies the error by Wᵀ and by σ′(z). Estimate "
                "both for these weights and decide whether their product is below or above "
                "1: that decides where along the layers the error is smallest.")
    elif truth == 1:
        hint = ("Backprop multiplies the error by Wᵀ and by f′(z) once per layer on its way "
                "down; with σ′ ≤ 1/4 and weights of moderate size each step shrinks it.")
    elif activation == "sigmoid":
        hint = ("σ′ ≤ 1/4 shrinks the error, but each layer also multiplies it by Wᵀ: "
                f"a sum of {width} weights of standard deviation {scale:g}. How large is "
                "that factor, and which of the two wins?")
    else:
        hint = ("With large weights each step down multiplies the error by more than 1, "
                "so it grows toward the input.")
    return Feedback(False, f"layer {layer} has ‖δ‖ = {norms[layer - 1]:.2g}, but another "
                    "layer's is smaller.", hint)


def check_tanh_scale(scale, depth=20, width=32, seed=0):
    """An init scale (standard deviation of N(0, scale²) weights) for a ``depth``-layer tanh
    net such that ‖δ_1‖ / ‖δ_last‖ lies in ``RATIO_BAND``."""
    bad = _positive(scale, "scale", "0.5")
    if bad is not None:
        return bad
    X, T = fixed_batch()
    norms = layer_norms(deep_net(depth, width, "tanh", "normal", float(scale), seed), X, T)
    ratio = norms[0] / norms[-1]
    lo, hi = RATIO_BAND
    if np.isfinite(ratio) and lo <= ratio <= hi:
        return Feedback(True, f"with scale {scale:g} the first layer's error is {ratio:.3g} × "
                        f"the last layer's: it neither vanishes nor explodes over {depth} "
                        f"layers. Compare 1/√{width} = {1 / np.sqrt(width):.3f}.")
    if np.isfinite(ratio) and ratio < lo:
        hint = ("Larger weights. On its way down the error is a sum over the "
                f"{width} units above, each weighted by a weight of size about scale: how "
                "does the size of such a sum grow with the number of terms?")
        if any(abs(scale - v) < 0.03 * v for v in (1 / width, 2 / width)):
            hint = (f"{scale:g} is a variance (Xavier's 2/({width} + {width}) = 1/{width}, or "
                    f"He's 2/{width}); the scale is the standard deviation, its square root.")
        return Feedback(False, f"with scale {scale:g} the first layer's error is only "
                        f"{ratio:.2g} × the last layer's: it vanishes.", hint)
    return Feedback(False, f"with scale {scale:g} the first layer's error is {ratio:.2g} × the "
                    "last layer's: it explodes.", "Smaller weights. On its way down the error "
                    f"is a sum over the {width} units above, each weighted by a weight of "
                    "size about scale, and tanh′ ≤ 1 takes little away: choose the scale so "
                    "that such a sum is about as large as one of its terms was.")


#: The exploding setup of the clipping exercise, at ten times the lesson's learning rate.
CLIP_SETUP = dict(depth=6, width=16, activation="relu", init="normal", scale=1.0, seed=0)
CLIP_LR, CLIP_STEPS, CLIP_ACCURACY = 1.0, 200, 0.99
#: The clipped run the lesson shows: learning rate 0.1, clip norm 1.0.
LESSON_LR, LESSON_CLIP = 0.1, 1.0


def check_clip_norm(clip_norm):
    """Does SGD(lr=1.0, clip_norm=clip_norm) train the exploding ReLU net of ``CLIP_SETUP``
    for 200 steps to at least 99 % training accuracy without diverging?"""
    if clip_norm is not None:
        bad = _positive(clip_norm, "clip_norm", "1.0")
        if bad is not None:
            return bad
    X, T = fixed_batch()
    net = deep_net(**CLIP_SETUP)
    history = fit(net, X, T, "binary_cross_entropy", SGD(CLIP_LR, clip_norm=clip_norm),
                  epochs=CLIP_STEPS)
    if history.diverged:
        if clip_norm is None:
            return Feedback(False, f"training diverged at step {history.diverged_at + 1}: "
                            "without clipping nothing stops the explosion.",
                            "Give a clip norm c: every step's gradient is then scaled down to "
                            f"length c at most, so no step moves the weights by more than "
                            f"learning rate × c = {CLIP_LR:g} × c.")
        return Feedback(False, f"training diverged at step {history.diverged_at + 1}: "
                        f"clipping at {clip_norm:g} is not enough.",
                        f"A step can still move the weights by up to {CLIP_LR:g} × "
                        f"{clip_norm:g}: a smaller clip norm caps the steps more.")
    acc = float(history.accuracy[-1])
    if acc >= CLIP_ACCURACY:
        return Feedback(True, f"clipping at {clip_norm:g} tames the explosion: after "
                        f"{CLIP_STEPS} steps the loss is {history.loss[-1]:.2g} and "
                        f"{acc:.0%} of the points are right. No step moved the weights by "
                        f"more than {CLIP_LR:g} × {clip_norm:g} = {CLIP_LR * clip_norm:.2g}.")
    longest = CLIP_LR * clip_norm
    lesson = LESSON_LR * LESSON_CLIP
    if clip_norm < 1 and longest < lesson / 2:
        hint = (f"A clip norm of {clip_norm:g} caps every step at {CLIP_LR:g} × {clip_norm:g} "
                f"= {longest:.2g}: {CLIP_STEPS} such steps do not get far enough. How long "
                "could a step be in the lesson's clipped run?")
    elif abs(clip_norm - LESSON_CLIP) < 1e-9:
        hint = (f"{clip_norm:g} worked in the lesson, at learning rate {LESSON_LR:g}. Here the "
                f"learning rate is {CLIP_LR:g}. How far can one clipped step move the "
                "weights now, and how far could it in the lesson's run? Steps that are too "
                "long throw the weights far and kill ReLU units.")
    else:
        hint = (f"A clip norm of {clip_norm:g} lets steps of length up to {CLIP_LR:g} × "
                f"{clip_norm:g} = {longest:.2g} through; they throw the weights far and kill "
                "ReLU units. What is the longest step in the lesson's clipped run?")
    return Feedback(False, f"no divergence, but after {CLIP_STEPS} steps only {acc:.0%} of the "
                    f"points are right (loss {history.loss[-1]:.2g}).", hint)


# -- Exercise: write a layer's δ -------------------------------------------------------------

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


def _delta_feedback(layer_delta, sizes, seed):
    """None if ``layer_delta`` gives nnlib's δ_l for every hidden layer, else a Feedback."""
    W, z, a, delta = _one_sample(sizes, seed)
    L = len(sizes) - 1
    answers = {}
    for l in range(L - 1, 0, -1):                      # top hidden layer first, as backprop
        above = {k: delta[k].copy() for k in delta if k > l}   # what is known by then
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
        answers[l] = mine.reshape(-1)
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
