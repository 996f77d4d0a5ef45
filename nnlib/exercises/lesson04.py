"""Checks for lesson 04 (vanishing and exploding gradients)."""

import numbers

import numpy as np

from ..diagnostics import deep_net, fixed_batch, layer_norms
from ..optim import SGD
from ..training import fit
from .feedback import Feedback

#: The band of ‖δ_1‖ / ‖δ_L‖ that counts as "neither vanishes nor explodes".
RATIO_BAND = (1e-2, 1e2)


def _positive(value, name, example):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) \
            or value <= 0:
        return Feedback(False, f"{name} must be a positive number, got {value!r}.",
                        f"Write a number, like {example}.")
    return None


def check_smallest_gradient(layer, depth=5, width=32, activation="sigmoid", init="xavier",
                            scale=1.0, seed=0):
    """Which layer (1 = next to the input, depth + 1 = the output layer) gets the smallest
    ‖δ_l‖ at initialisation, on the lesson's batch?"""
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
    if truth == 1:
        hint = ("Backprop multiplies the error by Wᵀ and by f′(z) once per layer on its way "
                "down; with σ′ ≤ 1/4 each step shrinks it.")
    else:
        hint = ("With large weights each step down multiplies the error by more than 1, "
                "so it grows toward the input.")
    return Feedback(False, f"layer {layer} has ‖δ‖ = {norms[layer - 1]:.2g}, but layer {truth} "
                    f"has {norms[truth - 1]:.2g} (all layers: {listing}).", hint)


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
        return Feedback(False, f"with scale {scale:g} the first layer's error is only "
                        f"{ratio:.2g} × the last layer's: it vanishes.",
                        "Larger weights: each layer multiplies the error by about "
                        f"scale·√{width}; aim for 1.")
    return Feedback(False, f"with scale {scale:g} the first layer's error is {ratio:.2g} × the "
                    "last layer's: it explodes.", "Smaller weights: each layer multiplies the "
                    f"error by about scale·√{width}; aim for 1.")


#: The exploding setup of the clipping exercise.
CLIP_SETUP = dict(depth=6, width=16, activation="relu", init="normal", scale=1.0, seed=0)
CLIP_LR, CLIP_STEPS = 0.1, 200


def check_clip_norm(clip_norm):
    """Does SGD(lr=0.1, clip_norm=clip_norm) train the exploding ReLU net of ``CLIP_SETUP``
    for 200 steps to at least 90 % training accuracy without diverging?"""
    if clip_norm is not None:
        bad = _positive(clip_norm, "clip_norm", "1.0")
        if bad is not None:
            return bad
    X, T = fixed_batch()
    net = deep_net(**CLIP_SETUP)
    history = fit(net, X, T, "binary_cross_entropy", SGD(CLIP_LR, clip_norm=clip_norm),
                  epochs=CLIP_STEPS)
    if history.diverged:
        return Feedback(False, f"training diverged at step {history.diverged_at + 1}: "
                        + ("without clipping nothing stops the explosion." if clip_norm is None
                           else f"clipping at {clip_norm:g} is not enough."),
                        "Clip the global gradient norm to something of the order of 1.")
    acc = float(history.accuracy[-1])
    if acc >= 0.9:
        return Feedback(True, f"clipping at {clip_norm:g} tames the explosion: after "
                        f"{CLIP_STEPS} steps the loss is {history.loss[-1]:.3g} and "
                        f"{acc:.0%} of the points are right.")
    return Feedback(False, f"no divergence, but after {CLIP_STEPS} steps only {acc:.0%} of the "
                    f"points are right (loss {history.loss[-1]:.3g}).",
                    "Too small a clip norm makes every step tiny; too large lets huge steps "
                    "kill the ReLU units. Try values near 1.")
