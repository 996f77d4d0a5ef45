"""What lesson 01 · The perceptron says about its computed results.

Each test quotes the sentence it guards. The lesson's numbers are exact (sums of ±1 and of the
inputs 0 and 1, no exp or tanh), but each claim that runs nnlib is still checked on this machine
and on two simulated others (tests/noise.py), as every lesson's claims are. Oracles are
independent of nnlib where they can be: integer arithmetic for the lines, a rule written out in
fractions for the updates.
"""

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")

INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]
GATES = {"and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "nand": (1, 1, 1, 0), "nor": (1, 0, 0, 0),
         "xor": (0, 1, 1, 0)}


def _step(z):
    return 1 if z >= 0 else 0


def test_01_the_gate_table():
    """The lesson's table of the five gates, and "AND is 1 only when both inputs are 1, OR when
    at least one is, XOR ("exclusive or") when exactly one is; NAND ("not and") and NOR ("not
    or") are AND and OR with every answer flipped." """
    for gate, column in GATES.items():
        X, t = nnlib.data.logic_gate(gate)
        assert [tuple(x) for x in X.astype(int).tolist()] == INPUTS
        assert tuple(t) == column, gate
    ones = [x1 + x2 for x1, x2 in INPUTS]
    assert GATES["and"] == tuple(int(n == 2) for n in ones)
    assert GATES["or"] == tuple(int(n >= 1) for n in ones)
    assert GATES["xor"] == tuple(int(n == 1) for n in ones)
    assert GATES["nand"] == tuple(1 - v for v in GATES["and"])
    assert GATES["nor"] == tuple(1 - v for v in GATES["or"])


@machines
def test_01_the_hand_neuron_is_an_and_gate(machine):
    """"The outputs y match the targets t = (0, 0, 0, 1) on all four inputs: with w = (1, 1) and
    b = −1.5 this single neuron *is* an AND gate." (and, above it, "z = 1 − 1.5 = −0.5 is
    negative, so the neuron outputs y = 0")"""
    with last_bit_noise(machine):
        X, t = nnlib.data.logic_gate("and")
        y = nnlib.activations.get("step").f(X @ np.array([1.0, 1.0]) - 1.5)
    assert tuple(t) == GATES["and"] == (0, 0, 0, 1)
    np.testing.assert_array_equal(y, t)
    assert float(np.array([1.0, 1.0]) @ np.array([1.0, 0.0]) - 1.5) == -0.5


def test_01_w_is_perpendicular_and_points_to_the_1_side():
    """"The weight vector w is perpendicular to the line and points towards the 1 side; the bias
    shifts the line without turning it." """
    rng = np.random.default_rng(1)
    for _ in range(200):
        w, b = rng.normal(size=2), rng.normal()
        on_line = -b * w / (w @ w)                  # the point of the line nearest the origin
        along = np.array([-w[1], w[0]])             # a direction along the line
        assert abs(w @ on_line + b) < 1e-12
        assert abs(w @ (on_line + 3 * along) + b) < 1e-9 * (1 + abs(b))   # stays on the line
        assert abs(along @ w) < 1e-12                                      # w ⟂ the line
        assert w @ (on_line + 0.1 * w) + b > 0                             # w points to z > 0
        for b2 in rng.normal(size=3):               # another bias: the same direction
            on_line2 = -b2 * w / (w @ w)
            assert abs(w @ (on_line2 + along) + b2) < 1e-9 * (1 + abs(b2))


def test_01_more_negative_bias_moves_the_line_out_inputs_only_leave():
    """"Making b more negative moves the line x1 + x2 = −b away from the origin, towards (1, 1)
    and past it: inputs can only leave the 1 side, never join it." Every bias the explorer's
    slider offers (−3 … 3 in steps of 0.05), in integer arithmetic (z in units of 0.05)."""
    previous_side, previous_distance = None, None
    for kb in range(60, -61, -1):                   # b = kb / 20, from 3 down to −3
        side = {x for x in INPUTS if 20 * (x[0] + x[1]) + kb >= 0}
        distance = abs(kb) / 20 / np.sqrt(2)        # |b| / |w| for w = (1, 1)
        if previous_side is not None:
            assert side <= previous_side            # nothing joins the 1 side
            if kb < 0:
                assert distance > previous_distance
        previous_side, previous_distance = side, distance
    assert previous_side == set()                   # at b = −3 the line is past (1, 1)


def test_01_flipping_every_sign_makes_and_a_nand():
    """"Flipping all three signs keeps the line but swaps its sides, since every z changes sign:
    each input off the line gets the other output, and the AND neuron becomes a NAND neuron
    (NAND, "not and", is 0 only for (1, 1))." Every slider setting (−3 … 3 by 0.05), as
    integers."""
    k = np.arange(-60, 61)
    k1, k2, kb = np.meshgrid(k, k, k, indexing="ij")
    for x1, x2 in INPUTS:
        z = k1 * x1 + k2 * x2 + kb
        y, flipped = z >= 0, -z >= 0
        off = z != 0
        assert np.all(flipped[off] != y[off])       # off the line: the other output
        assert np.all(flipped[~off] & y[~off])      # on it: z = 0 = −z, both say 1
    and_neuron = [_step(x1 + x2 - 1.5) for x1, x2 in INPUTS]
    flipped = [_step(-x1 - x2 + 1.5) for x1, x2 in INPUTS]
    assert tuple(and_neuron) == GATES["and"] and tuple(flipped) == GATES["nand"]
    assert GATES["nand"].count(0) == 1 and GATES["nand"][3] == 0
    X, t = nnlib.data.logic_gate("nand")
    assert tuple(t) == GATES["nand"]


def test_01_xor_best_line_gets_three_of_four():
    """"On XOR, every line you try gets at least one input wrong: 3 of 4 is the best." (the
    explorer: "3 of 4 is the best any line can do on XOR"). Every setting of the explorer's
    three sliders, in integer arithmetic."""
    k = np.arange(-60, 61)
    k1, k2, kb = np.meshgrid(k, k, k, indexing="ij")
    right = sum(((k1 * x1 + k2 * x2 + kb) >= 0) == bool(target)
                for (x1, x2), target in zip(INPUTS, GATES["xor"]))
    assert right.max() == 3
    X, t = nnlib.data.logic_gate("xor")
    assert tuple(t) == GATES["xor"]


def _updates(gate, lr, machine=None):
    with last_bit_noise(machine):
        X, t = nnlib.data.logic_gate(gate)
        return nnlib.Perceptron(2, lr=lr).fit(X, t, epochs=100)


@machines
@pytest.mark.parametrize("lr", [0.1, 0.5, 1.0, 2.0])
def test_01_an_update_moves_z_by_eta_times_norm_plus_one(machine, lr):
    """"The update is *error × input*: with error +1, w moves towards x, and z for that input goes
    up by η (‖x‖² + 1); with error −1 it goes down by as much." and "correct outputs change
    nothing" (an update happens only on a mistake)."""
    for gate in GATES:
        p = _updates(gate, lr, machine)
        w, b = np.zeros(2), 0.0
        for u in p.updates:
            assert u.y != u.t                       # updates only on mistakes
            before = u.x @ w + b
            after = u.x @ u.w + u.b
            assert after - before == pytest.approx(lr * (u.t - u.y) * (u.x @ u.x + 1), abs=1e-12)
            w, b = u.w, u.b


@machines
def test_01_and_needs_11_updates_or_fewer(machine):
    """"On AND the rule needed 11 updates." and "OR needs fewer updates than AND." """
    assert len(_updates("and", 1.0, machine).updates) == 11
    assert len(_updates("or", 1.0, machine).updates) < 11


def _rule_in_fractions(gate, lr, epochs=100):
    """The rule in exact arithmetic: the list of (sample, output) per update, converged?"""
    lr, w, b, log = Fraction(lr), [Fraction(0)] * 2, Fraction(0), []
    for _ in range(epochs):
        mistakes = 0
        for i, (x, target) in enumerate(zip(INPUTS, GATES[gate])):
            y = _step(w[0] * x[0] + w[1] * x[1] + b)
            if y != target:
                mistakes += 1
                w = [w[0] + lr * (target - y) * x[0], w[1] + lr * (target - y) * x[1]]
                b += lr * (target - y)
                log.append((i, y))
        if mistakes == 0:
            return log, True
    return log, False


@machines
def test_01_the_learning_rate_changes_nothing(machine):
    """"The learning rate changes nothing here: the weights start at 0 … so at any moment w and
    b are η times what they would be with η = 1. Every z is scaled by η and keeps its sign, so
    every output, every mistake and the line itself are the same" — the printed table
    (η = 0.1, 1, 2) and every η the explorer's slider offers (0.1 … 2 by 0.1), against the rule
    in exact arithmetic."""
    for gate in ["and", "or", "nand", "nor"]:
        exact, converged = _rule_in_fractions(gate, 1)
        reference = _updates(gate, 1.0, machine)
        for lr in [round(0.1 * i, 1) for i in range(1, 21)] + [0.35, 1.7]:
            p = _updates(gate, lr, machine)
            assert [(u.sample, u.y) for u in p.updates] == exact
            assert p.converged == converged
            for u, r in zip(p.updates, reference.updates):
                np.testing.assert_allclose(u.w, lr * r.w, rtol=1e-12, atol=1e-15)
                assert u.b == pytest.approx(lr * r.b, rel=1e-12, abs=1e-15)


@machines
def test_01_separable_gates_take_4_to_11_updates(machine):
    """"AND, OR, NAND and NOR are linearly separable: one neuron computes each of them, and the
    perceptron learning rule finds its weights in 4 to 11 updates, the same number for every
    learning rate." """
    counts = []
    for gate in ["and", "or", "nand", "nor"]:
        for lr in [0.1, 0.5, 1.0, 1.5, 2.0]:
            p = _updates(gate, lr, machine)
            assert p.converged
            X, t = nnlib.data.logic_gate(gate)
            np.testing.assert_array_equal(p.predict(X), t)
            counts.append(len(p.updates))
    assert min(counts) == 4 and max(counts) == 11


@machines
def test_01_xor_cycles_from_epoch_3(machine):
    """"On XOR it never stops. In epoch 3 it makes four updates that bring the weights back to
    where the epoch started, w = (−1, 0), b = 0; the rule always does the same from the same
    weights, so every epoch after that repeats those four updates, forever." Checked against
    the rule written out in fractions, run for 50 epochs."""
    p = _updates("xor", 1.0, machine)
    assert p.cycled and not p.converged and p.repeats == (3, 2)
    epoch3 = [u for u in p.updates if u.epoch == 3]
    assert len(epoch3) == 4
    before3 = [u for u in p.updates if u.epoch == 2][-1]
    assert list(before3.w) == [-1, 0] and before3.b == 0
    assert list(epoch3[-1].w) == [-1, 0] and epoch3[-1].b == 0
    exact, converged = _rule_in_fractions("xor", 1, epochs=50)
    assert not converged
    cycle = [(u.sample, u.y) for u in epoch3]
    start = len(p.updates) - 4
    assert [(u.sample, u.y) for u in p.updates] == exact[:len(p.updates)]
    assert exact[start:] == cycle * 48          # epochs 3 … 50: the same four updates


def test_01_convergence_theorem_on_separable_data():
    """"The perceptron convergence theorem guarantees that when a separating line exists, the
    rule stops after finitely many mistakes." — on every two-input gate that some line
    separates (14 of the 16), and never on XOR and XNOR; and on random separable point sets."""
    k = np.arange(-20, 21)
    k1, k2, kb = np.meshgrid(k, k, k, indexing="ij")
    X = np.array(INPUTS, dtype=float)
    for outputs in product([0, 1], repeat=4):
        separable = np.any(np.all([((k1 * x1 + k2 * x2 + kb) >= 0) == bool(o)
                                   for (x1, x2), o in zip(INPUTS, outputs)], axis=0))
        p = nnlib.Perceptron(2).fit(X, outputs, epochs=1000)
        assert p.converged == separable, outputs
        assert separable == (outputs not in [(0, 1, 1, 0), (1, 0, 0, 1)])
    rng = np.random.default_rng(0)
    for _ in range(20):
        w, b = rng.normal(size=2), rng.normal(scale=0.3)
        P = rng.uniform(-1, 1, size=(60, 2))
        P = P[np.abs(P @ w + b) > 0.05]             # a margin: a separating line exists
        p = nnlib.Perceptron(2).fit(P, (P @ w + b >= 0).astype(float), epochs=10_000)
        assert p.converged


def test_01_the_step_has_no_slope_to_follow():
    """"the step's slope is 0 wherever it has one, so there is no way to tell how a small change
    of a weight would help" """
    step = nnlib.activations.get("step")
    z = np.array([-5.0, -1e-9, 1e-9, 0.3, 7.0])
    np.testing.assert_array_equal(step.df(z), 0)
    np.testing.assert_array_equal(step.f(z + 1e-12), step.f(z))


@machines
def test_01_the_gradient_rule_is_error_times_input(machine):
    """"For one neuron that gradient rule turns out to be an error times the input again,
    δ × x, with an error term δ that lesson 02 defines" — one sigmoid neuron, half squared
    error: ∂L/∂w = δ x with δ = (y − t) σ′(z), so −η ∂L/∂w = η (t − y) σ′(z) x, the perceptron's
    error × input with one more factor."""
    rng = np.random.default_rng(3)
    with last_bit_noise(machine):
        for _ in range(10):
            layer = nnlib.Dense(2, 1, activation="sigmoid", rng=rng)
            x, t = rng.normal(size=(1, 2)), rng.integers(0, 2, size=(1, 1)).astype(float)
            y = layer.forward(x)
            layer.backward(nnlib.losses.half_mse.grad(y, t))
            sigma_prime = y * (1 - y)
            np.testing.assert_allclose(layer.delta, (y - t) * sigma_prime, rtol=1e-12)
            np.testing.assert_allclose(layer.dW, layer.delta.T @ x, rtol=1e-12)
            assert np.all(np.sign(-layer.dW) == np.sign((t - y) * x)) or np.any(x == 0)


@machines
def test_01_one_one_lies_on_the_line_and_gets_output_1(machine):
    """"Look at (1, 1): with w = (2, 1) and b = −3 its z = 2 + 1 − 3 = 0, so it lies *exactly on*
    the line … the step outputs 1 when z ≥ 0, so the line itself belongs to the 1 side, and
    (1, 1) gets the output 1 its target asks for. The rule stops when every output is right, not
    when every input is clear of the line." (and the printed "every output matches its target")"""
    p = _updates("and", 1.0, machine)
    assert p.converged and list(p.w) == [2, 1] and p.b == -3
    X, t = nnlib.data.logic_gate("and")
    z = [Fraction(int(p.w[0])) * x1 + Fraction(int(p.w[1])) * x2 + Fraction(int(p.b))
         for x1, x2 in INPUTS]
    assert z == [-3, -2, -1, 0]                     # (1, 1) is on the line, the rest off it
    with last_bit_noise(machine):
        np.testing.assert_array_equal(p.net_input(X), [-3, -2, -1, 0])
        np.testing.assert_array_equal(p.predict(X), t)
    assert "every output matches its target" in p.message


@machines
@pytest.mark.parametrize("lr", [0.1, 0.5, 1.0, 2.0])
def test_01_xor_never_converges_at_any_learning_rate(machine, lr):
    """"On XOR it never stops, at any learning rate." and the table's XOR row, "never" at
    η = 0.1, 1 and 2: at every η the rule cycles (it cannot converge: no line separates XOR),
    and the rule in exact arithmetic makes a mistake in every one of 100 epochs."""
    p = _updates("xor", lr, machine)
    assert p.cycled and not p.converged
    exact, converged = _rule_in_fractions("xor", lr)
    assert not converged and len(exact) >= 100
