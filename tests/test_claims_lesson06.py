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


@machines
def test_06_untrained_output_is_nearly_flat(machine):
    """"The untrained network's output is nearly flat: pale everywhere, close to 0.5, so it is no
    better than a guess" (the stored figure at epoch 0)."""
    with last_bit_noise(machine):
        p = playground()
        plane = p.run.net(p.plane_features)          # the output over the figure's plane
        test = p.run.net(p.run.F_test)
    assert p.run.epoch == 0
    assert 0.35 < plane.min() and plane.max() < 0.65
    assert f"{test.min():.2f} {test.max():.2f}" == "0.41 0.59"
    assert 0.4 < p.run.accuracy["test"] < 0.6


@machines
def test_06_the_circle_is_learned_in_about_50_epochs(machine):
    """"every test point right for the first time in epoch 52; at epoch 200: test accuracy
    100.0 %" and the maps the prose describes at epoch 200: first-layer edges, a closed
    boundary at the output (the inner ring orange, the outer ring blue)."""
    with last_bit_noise(machine):
        p = playground(epochs=200)
        accuracy = p.run.test_accuracy
        out = p.run.net(p.run.F_test)[:, 0]
    assert len(accuracy) == 201 and accuracy.index(1.0) == 52 and accuracy[-1] == 1.0
    assert accuracy[0] < 0.6
    inner = p.run.y_test == 1
    assert out[inner].min() > 0.5 > out[~inner].max()


@machines
def test_06_features_decide_what_one_neuron_draws(machine):
    """"With x₁² and x₂² one neuron classifies every test point; with x₁ and x₂ it can only draw
    a line through two rings and does no better than a coin. … the one feature x₁x₂ is enough"
    (for XOR, the preset)."""
    with last_bit_noise(machine):
        squares = playground(features=("x1^2", "x2^2"), hidden=(), epochs=100)
        line = playground(features=("x1", "x2"), hidden=(), epochs=100)
        xor = playground()
        xor.apply_preset("xor with x₁x₂: one feature is enough")
        xor.update(epochs=100)
    assert squares.run.accuracy["test"] == 1.0
    assert line.run.accuracy["test"] <= 0.5
    assert xor.state()["features"] == ("x1*x2",) and xor.state()["hidden"] == ()
    assert xor.run.accuracy["test"] >= 0.99


@machines
def test_06_eta_10_stays_above_the_constant_guess_after_every_epoch(machine):
    """"the loss jumps up and stays above what a constant guess would score" — printed as
    "training loss above the constant guess's 0.693 after every epoch: True"."""
    with last_bit_noise(machine):
        p = playground(lr=10.0, epochs=60)
    assert all(loss > p.run.baseline for loss in p.run.train_loss[1:])
    assert len(p.run.train_loss) == 61


@machines
def test_06_a_dead_relu_network_stays_dead(machine):
    """"the whole network is dead" (layer 3: 100 % of its units), and "no further training can
    revive the network. Fifty more epochs change no weight at all; only the output's bias still
    moves"."""
    with last_bit_noise(machine):
        p = playground(hidden=(8, 8, 8), activation="relu", lr=3.0, epochs=10)
        dead = list(p.run.dead())
        before = [(layer.W.copy(), layer.b.copy()) for layer in p.run.net.layers]
        p.update(epochs=60)
    assert dead == [0.0, 0.0, 1.0]
    assert list(p.run.dead()) == dead
    for (W, b), layer in zip(before[:-1], p.run.net.layers[:-1]):
        assert np.array_equal(W, layer.W) and np.array_equal(b, layer.b)
    assert np.array_equal(before[-1][0], p.run.net.layers[-1].W)
    assert not np.array_equal(before[-1][1], p.run.net.layers[-1].b)
    assert p.run.train_loss[-1] > p.run.baseline and p.message.get_text().startswith("Dead")


@machines
def test_06_a_linear_network_at_eta_10_diverges_in_a_few_steps(machine):
    """"with η = 10 each step overshoots further than the last and the weights blow up within a
    few steps. nnlib.fit stops before the step that would blow them up" — printed as "diverged
    at step 3 (epoch 1)"."""
    with last_bit_noise(machine):
        p = playground(hidden=(8,) * 6, activation="linear", lr=10.0, epochs=3)
    assert p.run.diverged.split(":")[0] == "diverged at step 3 (epoch 1)"
    assert p.run.epoch == 1 and p.message.get_text().startswith("Diverged")
    assert all(np.isfinite(layer.W).all() for layer in p.run.net.layers)


def test_06_regression_targets_lie_between_minus_1_and_1():
    """"the plane and bumps sets give every point a target t between −1 and 1"."""
    from nnlib.widgets.playground_code import make_data
    for name in ("plane", "bumps"):
        _, t = make_data(name, 0, 0, "regression")
        assert -1 <= t.min() < 0 < t.max() <= 1, name


@machines
def test_06_the_bumps_are_learned(machine):
    """"test half-MSE 0.011, against 0.106 for the best constant guess"."""
    with last_bit_noise(machine):
        p = playground(data="bumps", problem="regression", hidden=(8, 8), lr=0.01, epochs=100)
    assert f"{p.run.test_loss[-1]:.3f} {p.run.baseline:.3f}" == "0.011 0.106"
