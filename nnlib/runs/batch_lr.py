"""Batch size and learning rate together (lesson 05): the best η per batch size, and the noise.

``lr_grid`` trains the lesson's 2-16-16-1 tanh network on its moons once per (batch size,
η), judged by its loss on all 200 training points after training. Two budgets: the same
number of epochs (every run sees the same samples, the same arithmetic; batch 1 then takes
200 times the steps of batch 200), or about the same number of *steps* (batch 200 then sees
200 times the samples), so that the number of steps cannot be what sets the best η.
``seed_grids`` repeats a grid for several seeds (the network's start and the batches' order),
and ``best_lr_range`` reports the best η per batch size as the range over those seeds: a
single seed's best η is often a near tie.

``gradient_noise`` measures how far a mini-batch's gradient lies from the full-batch
gradient at the start, relative to the full gradient's length, for a batch size b.
numpy only (this is the maths side).
"""

import numpy as np

from .._validate import positive_int
from ..losses import get as get_loss
from ..network import MLP
from ..optim import SGD
from ..tasks import moons_task
from ..training import fit, forward_backward

#: The grid of lesson 05: batch sizes (200 is the whole training set) and learning rates.
BATCH_SIZES = (1, 4, 16, 64, 200)
LRS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: Every run sees EPOCHS × 200 samples.
EPOCHS = 20
#: The seeds a grid is repeated for; the same-steps budget.
SEEDS = (0, 1, 2, 3)
STEPS = 1000


def _net(seed):
    return MLP([2, 16, 16, 1], activation="tanh", seed=seed)


def final_loss(batch_size, lr, epochs=EPOCHS, seed=0):
    """Loss on all 200 training moons after ``epochs`` epochs of SGD(lr) with ``batch_size``;
    inf when the run diverged."""
    X, y, _, _ = moons_task()
    net = _net(seed)
    history = fit(net, X, y, "binary_cross_entropy", SGD(lr), epochs=epochs,
                  batch_size=batch_size, seed=seed)
    if history.diverged:
        return np.inf
    return float(get_loss("binary_cross_entropy").value(net(X), y))


def epochs_for_steps(batch_size, steps):
    """The epochs that give ``steps`` steps (or the fewest more) with ``batch_size`` on the 200
    moons: ⌈steps / ⌈200 / b⌉⌉ (batch 1: 5 epochs for 1000 steps; batch 200: 1000)."""
    batch_size, steps = positive_int(batch_size, "batch_size"), positive_int(steps, "steps")
    per_epoch = -(-len(moons_task()[0]) // batch_size)
    return -(-steps // per_epoch)


def lr_grid(batch_sizes=BATCH_SIZES, lrs=LRS, epochs=EPOCHS, seed=0, steps=None):
    """Final losses, shape (len(batch_sizes), len(lrs)): row = batch size, column = η.

    ``epochs`` epochs each (the same samples seen), or, with ``steps``, about that many steps
    each (``epochs_for_steps``)."""
    return np.array([[final_loss(b, lr, epochs if steps is None else epochs_for_steps(b, steps),
                                 seed) for lr in lrs] for b in batch_sizes])


def seed_grids(seeds=SEEDS, lrs=LRS, steps=None):
    """``lr_grid`` for every seed: shape (len(seeds), len(BATCH_SIZES), len(lrs))."""
    return np.array([lr_grid(lrs=lrs, seed=seed, steps=steps) for seed in seeds])


def best_lr_range(grids, lrs=LRS):
    """The lowest and highest best η over the seeds, per batch size: shape (batch sizes, 2)
    from ``grids`` of shape (seeds, batch sizes, len(lrs))."""
    grids = np.asarray(grids, dtype=np.float64)
    if grids.ndim != 3:
        raise ValueError(f"grids must have shape (seeds, batch sizes, learning rates), got "
                         f"shape {grids.shape}")
    best = np.array([best_lrs(grid, lrs) for grid in grids])                # (seeds, batches)
    return np.column_stack([best.min(axis=0), best.max(axis=0)])


def best_lrs(grid, lrs=LRS):
    """The η of the lowest final loss in each row of ``grid`` (shape (rows,))."""
    grid = np.asarray(grid, dtype=np.float64)
    if grid.ndim != 2 or grid.shape[1] != len(lrs):
        raise ValueError(f"grid must have one column per learning rate ({len(lrs)}), got "
                         f"shape {grid.shape}")
    return np.asarray(lrs, dtype=np.float64)[np.argmin(grid, axis=1)]


def _gradient(net, X, y):
    """Every dW and db of ``net`` on the batch (X, y), as one flat vector."""
    forward_backward(net, "binary_cross_entropy", X, y)
    return np.concatenate([g.ravel() for layer in net.layers for g in (layer.dW, layer.db)])


def gradient_noise(batch_size, draws=200, seed=0):
    """How far a mini-batch's gradient lies from the full gradient, at the start of training.

    ``draws`` batches of ``batch_size`` moons drawn without replacement; returns the root mean
    square of |g_batch − g_full| / |g_full| (0 for the whole set: its batch is the full set).
    """
    batch_size = positive_int(batch_size, "batch_size")
    draws = positive_int(draws, "draws")
    X, y, _, _ = moons_task()
    if batch_size > len(X):
        raise ValueError(f"batch_size must be at most the {len(X)} training points, "
                         f"got {batch_size}")
    net = _net(seed)
    full = _gradient(net, X, y)
    rng = np.random.default_rng(seed)
    errors = []
    for _ in range(draws):
        rows = rng.choice(len(X), size=batch_size, replace=False)
        errors.append(np.sum((_gradient(net, X[rows], y[rows]) - full) ** 2))
    return float(np.sqrt(np.mean(errors)) / np.sqrt(np.sum(full ** 2)))
