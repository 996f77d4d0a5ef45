"""Checks for lesson 05 (the learning rate, batch size and weight decay)."""

import functools
import math
import numbers

from .. import quadratic
from ..data import moons
from ..lr_finder import lr_range_test
from ..network import MLP
from ..optim import SGD
from ..training import fit
from .feedback import Feedback

#: Exercise 1's bowl: f(x) = 0.5·x1² + 4·x2², from (3, 1).
BOWL, START = (0.5, 4.0), (3.0, 1.0)
#: Exercise 2: the last epoch's mean loss must end below this after this many epochs of
#: mini-batches of 32; the data are the lesson's moons times RANGE_SCALE.
RANGE_LOSS, RANGE_EPOCHS, RANGE_SCALE = 0.31, 30, 10.0
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
    """Is ``lr`` the largest η (within 10 %) for which descent on 0.5·x1² + 4·x2² converges?"""
    bad = _positive("lr", lr)
    if bad is not None:
        return bad
    a_flat, a_steep = BOWL
    limit = quadratic.largest_stable_lr(BOWL)
    factors = quadratic.step_factor(BOWL, lr)
    _, losses, diverged = quadratic.descend(BOWL, START, lr, 100)
    grows = diverged or losses[-1] > losses[0] * (1 + 1e-9)
    worst = f"the factors |1 − 2η·a| are {factors[0]:.3g} (x1) and {factors[1]:.3g} (x2)"
    if grows:
        if _near(lr, 1 / a_flat):
            hint = (f"1/a = {1 / a_flat:g} is the limit of the flat direction x1 (a = {a_flat:g}). "
                    f"Every direction must stay stable, and the steep one (a = {a_steep:g}) "
                    "fails first.")
        elif _near(lr, 2 / a_steep):
            hint = (f"The gradient of {a_steep:g}·x2² is {2 * a_steep:g}·x2, so one step "
                    "multiplies x2 by 1 − 2η·a: the 2 from the derivative halves your limit.")
        else:
            hint = (f"The steepest direction (a = {a_steep:g}) sets the limit: "
                    f"|1 − 2η·{a_steep:g}| must stay at most 1.")
        return Feedback(False, f"with η = {lr:g} descent diverges: {worst}; x2 grows every "
                        "step.", hint)
    if lr < 0.9 * limit:
        if _near(lr, 1 / (2 * a_steep)):
            hint = (f"η = 1/(2a) = {lr:g} makes the x2 factor 0: x2 lands on its minimum in one "
                    "step. But |1 − 2η·a| stays below 1 for larger η too, while x2 zig-zags.")
        else:
            hint = "Increase η until the factor of the steepest direction reaches 1."
        return Feedback(False, f"η = {lr:g} converges, but a larger η does too: {worst}.", hint)
    edge = (" At exactly the edge x2 jumps between +1 and −1 for ever; just below it, it "
            "converges." if lr == limit else "")
    return Feedback(True, f"η = {lr:g} is within 10 % of the edge: {worst}. Past 1/max(a) = "
                    f"{limit:g} the x2 direction grows and descent diverges.{edge}")


def range_task():
    """Exercise 2's data: the lesson's 200 moons points, measured in units 10 times smaller.

    Returns ``(X, y)``: X (200, 2), every coordinate 10 times the lesson's; y (200,) 0/1.
    """
    X, y = moons(200, noise=0.25, seed=0)
    return RANGE_SCALE * X, y


def range_net():
    """Exercise 2's network: the lesson's 2-16-16-1 tanh net, seed 0."""
    return MLP([2, 16, 16, 1], activation="tanh", seed=0)


@functools.lru_cache(maxsize=1)
def range_result():
    """The range test on exercise 2's data, with the lesson's settings (1e-4 to 100)."""
    X, y = range_task()
    return lr_range_test(range_net(), X, y, "binary_cross_entropy", lr_min=1e-4, lr_max=100)


@functools.lru_cache(maxsize=64)
def _range_training(lr):
    X, y = range_task()
    return fit(range_net(), X, y, "binary_cross_entropy", SGD(lr), epochs=RANGE_EPOCHS,
               batch_size=32)


def check_lr_from_range_test(lr):
    """Is ``lr`` a good rate for the moons measured ×10, read from *their* range test?

    Right: below the range test's lowest point, and 30 epochs of mini-batches of 32 end with
    the epoch loss below 0.31, without diverging.
    """
    bad = _positive("lr", lr)
    if bad is not None:
        return bad
    lr = float(lr)
    result = range_result()
    low, lowest = result.suggested
    rule = "The lesson's rule: a tenth to a half of the rate at the curve's lowest point."
    if lr >= lowest * 0.97:
        if _near(lr, LESSON_LR, 0.2):
            return Feedback(False, f"η = {lr:g} is past the lowest point of this data's "
                            "range-test curve.",
                            "That was the good rate for the lesson's moons. Measured in other "
                            "units the gradients are larger: run nnlib.lr_range_test on X10, "
                            "y10 and read its own curve. " + rule)
        if lr <= lowest * 1.03:
            return Feedback(False, f"η = {lr:g} is the range test's lowest point itself.",
                            "At the lowest point the loss is about to turn up: it is the edge "
                            "of the good rates, not the goal. " + rule)
        return Feedback(False, f"η = {lr:g} is past the lowest point of the range-test "
                        "curve, where the loss rises again.", "Too large. " + rule)
    if lr < low:
        return Feedback(False, f"η = {lr:g} lies where the range-test curve is still flat: "
                        "the rate is too small to change anything yet.",
                        "Too small: pick η where the curve falls, below its lowest point.")
    history = _range_training(lr)
    end = float(history.epoch_loss[-1]) if history.epochs else float("inf")
    if not history.diverged and end < RANGE_LOSS:
        return Feedback(True, f"with η = {lr:g} the loss ends at {end:.3f} after {RANGE_EPOCHS} "
                        f"epochs (below {RANGE_LOSS}), and η lies in the falling part of the "
                        "range test, below its lowest point.")
    if history.diverged or end > math.log(2):
        why = history.message if history.diverged else f"the loss ends at {end:.3f}, above ln 2"
        return Feedback(False, f"with η = {lr:g}: {why}.", "Too large. " + rule)
    if lr < result.lr_steepest:
        return Feedback(False, f"with η = {lr:g} the loss only fell to {end:.3f} in "
                        f"{RANGE_EPOCHS} epochs (it must end below {RANGE_LOSS}).",
                        "Too small: the curve falls faster at larger rates. Pick η where it "
                        "falls steeply.")
    return Feedback(False, f"with η = {lr:g} the loss jumps about and ends at {end:.3f} after "
                    f"{RANGE_EPOCHS} epochs (it must end below {RANGE_LOSS}).",
                    "Too large: so close to the lowest point the steps overshoot. " + rule)


def overfit_task():
    """Exercise 3's setup: 30 noisy training points, 200 validation points, a 2-16-16-1 net."""
    X, y = moons(30, noise=0.3, seed=3)
    Xv, yv = moons(200, noise=0.25, seed=100)
    return X, y, Xv, yv


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
