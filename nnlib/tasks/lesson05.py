"""Lesson 05's tasks: the noisy moons the lesson trains on, and its exercises' data."""

from ..data import moons
from ..network import MLP

#: Exercise 2's data are the lesson's moons measured in units RANGE_SCALE times smaller.
RANGE_SCALE = 10.0


def moons_task(seed=0):
    """The lesson's data: 200 noisy moons points to train on and 200 more to validate on."""
    X, y = moons(200, noise=0.25, seed=seed)
    Xv, yv = moons(200, noise=0.25, seed=seed + 100)
    return X, y, Xv, yv


def overfit_task():
    """Exercise 3's setup: 30 noisy training points, 200 validation points (for a 2-16-16-1 net)."""
    X, y = moons(30, noise=0.3, seed=3)
    Xv, yv = moons(200, noise=0.25, seed=100)
    return X, y, Xv, yv


def range_task():
    """Exercise 2's data: the lesson's 200 moons points, measured in units 10 times smaller.

    Returns ``(X, y)``: X (200, 2), every coordinate 10 times the lesson's; y (200,) 0/1.
    """
    X, y = moons(200, noise=0.25, seed=0)
    return RANGE_SCALE * X, y


def range_net():
    """Exercise 2's network: the lesson's 2-16-16-1 tanh net, seed 0."""
    return MLP([2, 16, 16, 1], activation="tanh", seed=0)
