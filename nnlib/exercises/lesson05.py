"""Checks for lesson 05 (the learning rate, batch size and weight decay)."""

import functools
import math
import numbers

import numpy as np

from .. import quadratic
from ..data import moons
from ..lr_finder import LRRangeResult, lr_range_test
from ..network import MLP
from ..optim import SGD
from ..tasks import overfit_task, range_net, range_task
from ..training import fit
from .feedback import Feedback

#: Exercise 1's bowl: f(x) = 0.5·x1² + 4·x2², from (3, 1).
BOWL, START = (0.5, 4.0), (3.0, 1.0)
#: Exercise 2: the data are the lesson's moons times RANGE_SCALE; the check reports (but is not
#: judged by) the loss after RANGE_EPOCHS epochs of mini-batches of 32.
RANGE_EPOCHS = 30
#: The good rate for the lesson's own moons (its table), a plausible wrong answer for exercise 2.
LESSON_LR = 0.5
#: Exercise 3: the L2 of the lesson's table, to beat; a gap between validation and training
#: loss above OVERFIT_GAP means the network still memorises (decay too weak).
TABLE_L2, OVERFIT_GAP = 0.003, 0.05


def _positive(name, v):
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v) or v <= 0:
        return Feedback(False, f"{name} must be a positive number, got {v!r}.",
                        f"Write {name} as a number, like 0.1.")
    return None


def _near(x, value, rel=0.05):
    return abs(x - value) <= rel * value


def check_largest_lr(lr):
    """Is ``lr`` within 10 % below the largest η for which descent on 0.5·x1² + 4·x2² converges?

    Judged by the exact factors |1 − 2η·a| (not by a run, which would need many steps to tell
    a factor of 1.001 from 0.999): descent converges exactly when every factor is below 1.
    """
    bad = _positive("lr", lr)
    if bad is not None:
        return bad
    lr = float(lr)
    a_flat, a_steep = BOWL
    limit = quadratic.largest_stable_lr(BOWL)
    factors = quadratic.step_factor(BOWL, lr)
    worst = f"the factors |1 − 2η·a| are {factors[0]:.4g} (x1) and {factors[1]:.4g} (x2)"
    if math.isclose(lr, limit, rel_tol=1e-9):
        return Feedback(False, f"with η = {lr:g} {worst}: x2 is multiplied by −1 every step, so "
                        "it jumps between +1 and −1 for ever. Descent does not converge.",
                        "A factor of exactly 1 neither shrinks nor grows: this is the edge "
                        "itself. Every η a little below it converges; give one of those.")
    if factors.max() > 1:
        if _near(lr, 1 / a_flat):
            hint = (f"1/a = {1 / a_flat:g} is the limit of the flat direction x1 (a = {a_flat:g}). "
                    "But every direction must stay stable at once: which one's factor "
                    "reaches 1 first as η grows?")
        elif _near(lr, 2 / a_steep):
            hint = (f"The gradient of {a_steep:g}·x2² is {2 * a_steep:g}·x2, so one step "
                    "multiplies x2 by 1 − 2η·a: did your limit count the 2 from the derivative?")
        elif lr < 1.1 * limit:
            hint = ("Only just too large: x2 grows by a tiny factor each step (it takes many "
                    "steps to see). The factor must stay below 1, not reach it.")
        else:
            hint = ("Each direction has its own factor |1 − 2η·a|, and every one of them must "
                    "stay below 1. Which a limits η, and at which η does its factor reach 1?")
        return Feedback(False, f"with η = {lr:g} descent diverges: {worst}; x2 grows every "
                        "step.", hint)
    if lr < 0.9 * limit:
        if _near(lr, 1 / (2 * a_steep)):
            hint = (f"η = 1/(2a) = {lr:g} makes the x2 factor 0: x2 lands on its minimum in one "
                    "step. But |1 − 2η·a| stays below 1 for larger η too, while x2 zig-zags.")
        else:
            hint = ("Increase η: find where the factor of the steepest direction would reach 1, "
                    "and stay just below it.")
        return Feedback(False, f"η = {lr:g} converges, but a larger η does too: {worst}.", hint)
    return Feedback(True, f"η = {lr:g} converges and is within 10 % of the edge: {worst}, both "
                    f"below 1. At 1/max(a) = {limit:g} the x2 factor reaches 1 (x2 flips between "
                    "+1 and −1 for ever); past it x2 grows and descent diverges.")


@functools.lru_cache(maxsize=1)
def range_result():
    """The range test on exercise 2's data, with the lesson's settings (1e-4 to 100)."""
    X, y = range_task()
    return lr_range_test(range_net(), X, y, "binary_cross_entropy", lr_min=1e-4, lr_max=100)


@functools.lru_cache(maxsize=1)
def _lesson_range_result():
    """The lesson's own range test (the moons in the lesson's units): a plausible wrong input."""
    X, y = moons(200, noise=0.25, seed=0)
    return lr_range_test(range_net(), X, y, "binary_cross_entropy", lr_min=1e-4, lr_max=100)


@functools.lru_cache(maxsize=64)
def _range_training(lr):
    X, y = range_task()
    return fit(range_net(), X, y, "binary_cross_entropy", SGD(lr), epochs=RANGE_EPOCHS,
               batch_size=32)


def _same_curve(a, b):
    return (len(a.lrs) == len(b.lrs) and np.allclose(a.lrs, b.lrs, rtol=1e-9, atol=0)
            and np.allclose(a.losses, b.losses, rtol=1e-9, atol=0))


def rule_band(result):
    """The lesson's rule on a range test's curve: (lowest / 10, lowest / 2) of its lowest point."""
    return result.lr_min_loss / 10, result.lr_min_loss / 2


def check_lr_from_range_test(lr, result=None):
    """Is ``lr`` a good rate for the moons measured ×10, read from *their* range test?

    ``result`` is the learner's ``nnlib.lr_range_test(net10, X10, y10, …)`` with the lesson's
    settings; the check makes sure it is that test. Right: η within the lesson's rule on that
    curve, a tenth to a half of its lowest point (3 % slack for rounding). The band comes from
    the curve, not from a training run, so neighbouring rates get the same verdict.
    """
    bad = _positive("lr", lr)
    if bad is not None:
        return bad
    lr = float(lr)
    own = range_result()
    bad = _not_their_range_test(result, own)
    if bad is not None:
        return bad
    return _lr_verdict(lr, own)


def _not_their_range_test(result, own):
    """A Feedback if ``result`` is not the range test of the ×10 moons (``own``), else None."""
    if result is None:
        return Feedback(False, "there is no range test to read yet: the check needs yours, "
                        "check_lr_from_range_test(lr, result10).",
                        "Run result10 = nnlib.lr_range_test(net10, X10, y10, "
                        "\"binary_cross_entropy\", lr_min=1e-4, lr_max=100), look at it, and "
                        "pass it along with your rate.")
    if not isinstance(result, LRRangeResult):
        return Feedback(False, f"result must be what nnlib.lr_range_test returns, got "
                        f"{type(result).__name__}.",
                        "Pass the range test's result itself: check_lr_from_range_test(lr, "
                        "result10).")
    if not _same_curve(result, own):
        if _same_curve(result, _lesson_range_result()):
            return Feedback(False, "that is the range test of the lesson's moons, not of X10.",
                            "Measured in other units the data need a test of their own: run "
                            "nnlib.lr_range_test on net10, X10, y10.")
        return Feedback(False, "that range test is not the one on net10, X10, y10 with "
                        "lr_min=1e-4, lr_max=100.",
                        "Run it on a fresh net10 = nnlib.MLP([2, 16, 16, 1], activation=\"tanh\", "
                        "seed=0) with X10, y10, lr_min=1e-4 and lr_max=100, as in the lesson.")
    return None


def _lr_verdict(lr, own):
    """The verdict on ``lr`` read from the ×10 moons' range test ``own``: the lesson's rule
    (a tenth to a half of the lowest point), or why it is too small or too large."""
    lowest = own.lr_min_loss
    lo, hi = rule_band(own)
    rule = (f"The lesson's rule: a tenth to a half of the rate at the curve's lowest point "
            f"(here {lowest:.3g}).")
    if lo * 0.97 <= lr <= hi * 1.03:
        history = _range_training(lr)
        trained = ("it diverged when trained" if history.diverged else
                   f"30 epochs with it end at a loss of {float(history.epoch_loss[-1]):.2f}")
        return Feedback(True, f"η = {lr:g} lies in the falling part of your curve, a tenth to a "
                        f"half of its lowest point {lowest:.3g} ({lo:.3g} … {hi:.3g}); "
                        f"{trained}.")
    if lr >= lowest * 0.97:
        if _near(lr, LESSON_LR, 0.2):
            return Feedback(False, f"η = {lr:g} is past the lowest point of this data's "
                            "range-test curve.",
                            "That was the good rate for the lesson's moons. Measured in other "
                            "units the gradients are larger: read your own curve. " + rule)
        if lr <= lowest * 1.03:
            return Feedback(False, f"η = {lr:g} is the range test's lowest point itself.",
                            "At the lowest point the loss is about to turn up: it is the edge "
                            "of the good rates, not the goal. " + rule)
        return Feedback(False, f"η = {lr:g} is past the lowest point of the range-test "
                        "curve, where the loss rises again.", "Too large. " + rule)
    if lr > hi:
        return Feedback(False, f"η = {lr:g} lies between half the lowest point and the lowest "
                        "point: the short sweep still fell there, but a whole training run at "
                        "one rate so close to the edge overshoots.",
                        "Too large for the rule: take at most half of the lowest point. " + rule)
    if lr < own.suggested[0]:
        return Feedback(False, f"η = {lr:g} lies where the range-test curve is still flat: "
                        "the rate is too small to change anything yet.",
                        "Too small: pick η where the curve falls, below its lowest point. " + rule)
    return Feedback(False, f"η = {lr:g} lies where the curve has only begun to fall: "
                    "training crawls there.",
                    "Too small for the rule: take at least a tenth of the lowest point. " + rule)


@functools.lru_cache(maxsize=32)
def losses_with_l2(l2, epochs=2000):
    """(training, validation) loss after ``epochs`` full-batch steps (η = 0.2) with L2 = ``l2``."""
    X, y, Xv, yv = overfit_task()
    net = MLP([2, 16, 16, 1], activation="tanh", seed=0)
    history = fit(net, X, y, "binary_cross_entropy", SGD(0.2, weight_decay=l2), epochs=epochs,
                  validation=(Xv, yv))
    if history.diverged:
        return float("inf"), float("inf")
    return float(history.epoch_loss[-1]), float(history.val_loss[-1])


def val_loss_with_l2(l2, epochs=2000):
    """Validation loss after ``epochs`` full-batch steps (η = 0.2) with weight decay ``l2``."""
    return losses_with_l2(l2, epochs)[1]


def check_l2(l2):
    """Does weight decay ``l2`` beat the lesson's L2 = 0.003 on the validation loss?"""
    if isinstance(l2, bool) or not isinstance(l2, numbers.Real) or not math.isfinite(l2) \
            or l2 < 0 or l2 >= 1:
        return Feedback(False, f"l2 must be a number from 0 to 1, got {l2!r}.",
                        "Write the weight decay as a small number, like 0.001.")
    l2 = float(l2)
    table = val_loss_with_l2(TABLE_L2)
    train, val = losses_with_l2(l2)
    said = (f"L2 = {l2:g}: training loss {train:.3f}, validation loss {val:.3f} (L2 = "
            f"{TABLE_L2:g} reached {table:.3f})")
    if val < table:
        return Feedback(True, f"{said}: lower than the table's L2 = {TABLE_L2:g}.")
    if l2 == TABLE_L2:
        hint = (f"That is the table's own L2 = {TABLE_L2:g}: it ties itself. Look at its two "
                "losses and decide whether the decay should be a little stronger or weaker.")
    elif l2 == 0:
        hint = "0 is no decay at all: the network memorises the noise. Try a positive value."
    elif val - train > OVERFIT_GAP:
        hint = ("Too weak: validation loss is far above training loss, so the network still "
                "memorises the noise. Make the decay stronger.")
    else:
        hint = ("Too strong: the training loss is as high as the validation loss (or higher), "
                "so the decay holds the weights so small that the network underfits. Make it "
                "weaker.")
    return Feedback(False, f"{said}: not lower.", hint)
