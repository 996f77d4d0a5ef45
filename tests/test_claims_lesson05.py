"""What lesson 05 · The learning rate says about its computed results.

Each test quotes the sentence it guards. Every claim is checked on this machine and on two
simulated others (last-bit noise in exp, tanh, log, sin, …: tests/noise.py), so a sentence that
would be false on a learner's computer with other CPU kernels or another numpy turns the build
red here. The experiments are the notebooks' own, with the same settings.
"""

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib
from nnlib.exercises.lesson05 import overfit_task
from nnlib.widgets.lr_training import moons_task

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")


def _moons_run(lr):
    X, y, Xv, yv = moons_task()
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    return nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(lr), epochs=30,
                     batch_size=32, validation=(Xv, yv))


@machines
def test_05_far_too_large_rates_end_above_ln2(machine):
    """"η = 3.0: not learning: the loss ends above ln 2" (and η = 30), while η = 0.5 learns."""
    with last_bit_noise(machine):
        runs = {lr: _moons_run(lr) for lr in [0.5, 3.0, 30.0]}
    assert runs[0.5].epoch_loss[-1] < 0.3
    for lr in [3.0, 30.0]:
        assert runs[lr].diverged or runs[lr].epoch_loss[-1] > np.log(2), lr


def _overfit(**decay):
    Xs, ys, Xv, yv = overfit_task()
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    history = nnlib.fit(net, Xs, ys, "binary_cross_entropy", nnlib.SGD(0.2, **decay),
                        epochs=2000, validation=(Xv, yv))
    W = np.abs(np.concatenate([layer.W.ravel() for layer in net.layers]))
    return history, W


@machines
def test_05_weight_decay_table(machine):
    """"Without decay the training loss is tiny and the validation loss high … Both decays give
    up some training loss for a lower validation loss … L2 shrinks every weight: its largest
    weight is the smallest of the three. L1 leaves the largest weights about as large as without
    decay, and instead pushes about half of them to almost 0 (below 0.01), where without decay
    only a handful end up." """
    with last_bit_noise(machine):
        (h0, W0), (h2, W2), (h1, W1) = (_overfit(), _overfit(weight_decay=0.003),
                                        _overfit(l1=0.001))
    for h in (h2, h1):
        assert h.epoch_loss[-1] > h0.epoch_loss[-1]
        assert h.val_loss[-1] < h0.val_loss[-1]
    assert W2.max() < min(W0.max(), W1.max())
    assert abs(W1.max() / W0.max() - 1) < 0.05
    assert 0.4 < np.mean(W1 < 0.01) < 0.6
    assert np.count_nonzero(W0 < 0.01) <= 10
    # the printed table's digits are the same on every machine
    row = f"{h0.epoch_loss[-1]:.3f} {h0.val_loss[-1]:.3f} {W0.max():.2f}"
    assert row == "0.094 0.318 3.82"


@machines
def test_05_early_stopping(machine):
    """"It would stop before epoch 800 and keep those weights" — the validation loss is lowest
    well before the end, and higher again at epoch 2000."""
    with last_bit_noise(machine):
        history, _ = _overfit()
    best = int(np.argmin(history.val_loss))
    assert 300 < best + 1 < 800
    assert history.val_loss[-1] > history.val_loss[best] + 0.05
