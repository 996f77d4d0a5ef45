"""Checks for lesson 05 (the learning rate, batch size and weight decay)."""

import functools
import math
import numbers

import numpy as np

from .. import quadratic
from ..data import moons
from ..network import MLP
from ..optim import SGD
from ..training import fit
from .feedback import Feedback

#: Exercise 1's bowl: f(x) = 0.5·x1² + 4·x2², from (3, 1).
BOWL, START = (0.5, 4.0), (3.0, 1.0)
#: Exercise 2: below this mean epoch loss within this many epochs of mini-batch 32.
RANGE_LOSS, RANGE_EPOCHS = 0.32, 30


def _positive(name, v):
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v) or v <= 0:
        return Feedback(False, f"{name} must be a positive number, got {v!r}.",
                        f"Write {name} as a number, like 0.1.")
    return None


def moons_net(seed=0):
    """The exercises' data and network: 200 noisy moons points, a 2-16-16-1 tanh net."""
    X, y = moons(200, noise=0.25, seed=seed)
    return X, y, MLP([2, 16, 16, 1], activation="tanh", seed=seed)


def check_largest_lr(lr):
    """Is ``lr`` the largest η (within 10 %) for which descent on 0.5·x1² + 4·x2² converges?"""
    bad = _positive("lr", lr)
    if bad is not None:
        return bad
    limit = quadratic.largest_stable_lr(BOWL)
    factors = quadratic.step_factor(BOWL, lr)
    _, losses, diverged = quadratic.descend(BOWL, START, lr, 100)
    grows = diverged or losses[-1] > losses[0] * (1 + 1e-9)
    worst = f"the factors |1 − 2η·a| are {factors[0]:.3g} (x1) and {factors[1]:.3g} (x2)"
    if grows:
        return Feedback(False, f"with η = {lr:g} descent diverges: {worst}; x2 grows every "
                        "step.",
                        "The steepest direction (a = 4) sets the limit: |1 − 2η·4| must stay "
                        "at most 1.")
    if lr < 0.9 * limit:
        return Feedback(False, f"η = {lr:g} converges, but a larger η does too: {worst}.",
                        "Increase η until the factor of the steepest direction reaches 1.")
    return Feedback(True, f"η = {lr:g} is within 10 % of the edge: {worst}. Past 1/max(a) = "
                    f"{limit:g} the x2 direction grows and descent diverges.")


def check_lr_from_range_test(lr):
    """Does ``lr`` train the moons net below loss 0.32 within 30 epochs of mini-batch 32?"""
    bad = _positive("lr", lr)
    if bad is not None:
        return bad
    X, y, net = moons_net()
    history = fit(net, X, y, "binary_cross_entropy", SGD(lr), epochs=RANGE_EPOCHS,
                  batch_size=32)
    losses = history.epoch_loss
    best = float(np.nanmin(losses)) if len(losses) else float("inf")
    if not history.diverged and best < RANGE_LOSS:
        return Feedback(True, f"with η = {lr:g} the loss reached {best:.3f} (below "
                        f"{RANGE_LOSS}) within {RANGE_EPOCHS} epochs.")
    if history.diverged:
        return Feedback(False, f"with η = {lr:g} training diverged: {history.message}.",
                        "Too large: pick η below where the range-test curve is lowest.")
    if losses[-1] > min(losses[0], math.log(2)):
        return Feedback(False, f"with η = {lr:g} the loss jumps about and ends at "
                        f"{losses[-1]:.3f}, worse than a coin toss (ln 2 = 0.693) or than "
                        "where it started.",
                        "Too large: pick η below where the range-test curve is lowest.")
    return Feedback(False, f"with η = {lr:g} the loss only fell to {best:.3f} in "
                    f"{RANGE_EPOCHS} epochs (it must go below {RANGE_LOSS}).",
                    "Too small: pick η where the range-test curve falls steeply.")


def overfit_task():
    """Exercise 3's setup: 30 noisy training points, 200 validation points, a 2-16-16-1 net."""
    X, y = moons(30, noise=0.3, seed=3)
    Xv, yv = moons(200, noise=0.25, seed=100)
    return X, y, Xv, yv


@functools.lru_cache(maxsize=32)
def val_loss_with_l2(l2, epochs=2000):
    """Validation loss after ``epochs`` full-batch steps (η = 0.2) with weight decay ``l2``."""
    X, y, Xv, yv = overfit_task()
    net = MLP([2, 16, 16, 1], activation="tanh", seed=0)
    history = fit(net, X, y, "binary_cross_entropy", SGD(0.2, weight_decay=l2), epochs=epochs,
                  validation=(Xv, yv))
    return float(history.val_loss[-1]) if not history.diverged else float("inf")


def check_l2(l2):
    """Does weight decay ``l2`` give a lower validation loss than no decay, on the overfit task?"""
    if isinstance(l2, bool) or not isinstance(l2, numbers.Real) or not math.isfinite(l2) \
            or l2 < 0 or l2 >= 1:
        return Feedback(False, f"l2 must be a number from 0 to 1, got {l2!r}.",
                        "Write the weight decay as a small number, like 0.001.")
    plain = val_loss_with_l2(0.0)
    ours = val_loss_with_l2(float(l2))
    if ours < plain:
        return Feedback(True, f"validation loss {ours:.3f} with L2 = {l2:g}, against "
                        f"{plain:.3f} without decay.")
    if l2 == 0:
        hint = "0 is no decay at all: try a small positive value."
    elif l2 > 0.01:
        hint = "Too strong: the decay pulls the weights so far in that the net underfits."
    else:
        hint = "Try a little stronger decay."
    return Feedback(False, f"validation loss {ours:.3f} with L2 = {l2:g}, not below the "
                    f"{plain:.3f} of no decay.", hint)
