"""Checks for lesson 04 (vanishing and exploding gradients): where the error is smallest, an
init scale for a deep tanh net, a clip norm; the δ exercise is in ``lesson04_delta``."""

import numbers

import numpy as np

from ..diagnostics import layer_norms
from ..optim import SGD
from ..tasks import deep_net, fixed_batch
from ..training import fit
from .feedback import Feedback
from .lesson04_cures import CURE_SETUPS, check_deep_cures
from .lesson04_delta import DELTA_NETS, check_layer_delta
from .lesson04_variance import check_relu_weight_std

#: The band of ‖δ_1‖ / ‖δ_L‖ that counts as "neither vanishes nor explodes" over 20 layers:
#: one decade either way (He's scale for ReLU, √(2/32) = 0.25, gives 16: refused).
RATIO_BAND = (1e-1, 1e1)


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
                        f"the last layer's: within a factor 10 either way over {depth} "
                        f"layers. Compare 1/√{width} = {1 / np.sqrt(width):.3f}.")
    if np.isfinite(ratio) and ratio < lo:
        hint = ("Larger weights. On its way down the error is a sum over the "
                f"{width} units above, each weighted by a weight of size about scale: how "
                "does the size of such a sum grow with the number of terms?")
        if any(abs(scale - v) < 0.03 * v for v in (1 / width, 2 / width)):
            hint = (f"{scale:g} is a variance (Xavier's 2/({width} + {width}) = 1/{width}, or "
                    f"He's 2/{width}); the scale is the standard deviation, its square root.")
        return Feedback(False, f"with scale {scale:g} the first layer's error is only "
                        f"{ratio:.2g} × the last layer's: it vanishes (the check wants "
                        f"{lo:g} to {hi:g}).", hint)
    hint = ("Smaller weights. On its way down the error is a sum over the "
            f"{width} units above, each weighted by a weight of size about scale, and tanh′ "
            "≤ 1 takes little away: choose the scale so that such a sum is about as large as "
            "one of its terms was.")
    if abs(scale - np.sqrt(2 / width)) < 0.03 * np.sqrt(2 / width):
        hint = (f"√(2/{width}) is He's scale, made for ReLU, which sets half of its inputs "
                "to 0 and so passes half of the signal. tanh passes nearly all of it near 0: "
                "which scale suits it?")
    return Feedback(False, f"with scale {scale:g} the first layer's error is {ratio:.2g} × the "
                    f"last layer's: it explodes (the check wants {lo:g} to {hi:g}).", hint)


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


__all__ = ["CLIP_ACCURACY", "CLIP_LR", "CLIP_SETUP", "CLIP_STEPS", "CURE_SETUPS", "DELTA_NETS",
           "LESSON_CLIP", "check_deep_cures",
           "LESSON_LR", "RATIO_BAND", "check_clip_norm", "check_layer_delta",
           "check_relu_weight_std", "check_smallest_gradient", "check_tanh_scale"]
