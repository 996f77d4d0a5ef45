"""What lesson 06 · The playground says about its computed results.

Each test quotes the sentence it guards. Every claim is checked on this machine and on two
simulated others (last-bit noise in exp, tanh, log, sin, …: tests/noise.py), so a sentence that
would be false on a learner's computer with other CPU kernels or another numpy turns the build
red here. The experiments are the notebooks' own, with the same settings.
"""

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib
from nnlib.widgets import playground

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")


@machines
def test_06_depth_follows_the_spiral(machine):
    """"With x₁ and x₂ only, one layer of a few neurons cannot follow two arms … Three layers
    of 8 can" (the README quotes the 98.8 % of this run)."""
    with last_bit_noise(machine):
        small, deep = (playground(data="spiral", hidden=hidden, lr=0.1, batch_size=20,
                                  epochs=500) for hidden in [(4, 2), (8, 8, 8)])
    assert small.run.accuracy["test"] < 0.6
    assert f"{deep.run.accuracy['test']:.1%}" == "98.8%"


@machines
def test_06_eta_10_stays_above_the_constant_guess(machine):
    """"With η = 10 the steps overshoot: the loss jumps up and stays above what a constant guess
    would score." """
    with last_bit_noise(machine):
        p = playground(lr=10.0, epochs=60)
    assert p.run.train_loss[-1] > p.run.baseline
    assert p.message.get_text().startswith("Not learning")


@machines
def test_06_l1_switches_off_half_the_weights_at_no_cost(machine):
    """"With L1 half of the edges in the figure fade away, at no cost in test loss." """
    settings = dict(noise=20, features=nnlib.features.NAMES, hidden=(8,) * 6, lr=0.01,
                    batch_size=25, epochs=300)
    with last_bit_noise(machine):
        runs = {reg: playground(**settings, regularization=reg, rate=rate)
                for reg, rate in [("none", 0.0), ("L1", 0.01)]}
    small = {reg: np.mean(np.abs(np.concatenate([l.W.ravel() for l in p.run.net.layers]))
                          < 0.01) for reg, p in runs.items()}
    assert small["none"] < 0.05 and 0.45 < small["L1"] < 0.55
    assert abs(runs["L1"].run.test_loss[-1] - runs["none"].run.test_loss[-1]) < 0.005
