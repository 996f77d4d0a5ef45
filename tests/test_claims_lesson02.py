"""What lesson 02 · XOR says about its computed results.

Each test quotes the sentence it guards. Every claim is checked on this machine and on two
simulated others (last-bit noise in exp, tanh, log, …: tests/noise.py), so a sentence that would
be false on a learner's computer with other CPU kernels or another numpy turns the build red
here. The experiments are the notebook's own, with the same settings.
"""

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib
from nnlib.data import logic_gate
from nnlib.tasks import T_ONE, X_ONE, one_neuron_descent, one_neuron_loss
from nnlib.widgets import xor_explorer
from nnlib.widgets.xor import PRESETS

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")
X, t = logic_gate("xor")
sigmoid = nnlib.activations.get("sigmoid")
W_STAR = np.log(T_ONE / (1 - T_ONE)) / X_ONE
HAND_BUILT = [np.array([[6.0, 6.0], [6.0, 6.0]]), np.array([-3.0, -9.0]),
              np.array([[10.0, -10.0]]), np.array([-5.0])]


def test_02_random_lines_get_at_most_three():
    """"many lines get 3 of 4, none gets all four" (the notebook's 100,000 random lines)."""
    rng = np.random.default_rng(0)
    w1, w2, b = rng.normal(0, 3, size=(3, 100_000))
    right = ((np.outer(X[:, 0], w1) + np.outer(X[:, 1], w2) + b >= 0)
             == (t[:, None] == 1)).sum(axis=0)
    counts = np.bincount(right, minlength=5)
    assert counts[4] == 0 and counts[3] > 10_000


def test_02_perceptron_never_settles_on_xor():
    """"the perceptron rule of lesson 01 never settles on XOR" — not in 100 epochs, nor 1000."""
    assert not nnlib.Perceptron(2).fit(X, t, epochs=100).converged
    assert not nnlib.Perceptron(2).fit(X, t, epochs=1000).converged


@machines
def test_02_hand_built_network(machine):
    """"Column h1 is ≈ OR of the inputs, column h2 ≈ AND", "All four outputs are on the right
    side of 0.5", "The hand-built network's outputs are within 0.02 of their targets", and in
    hidden space "(0, 0) lands near (0, 0), (1, 1) near (1, 1), and both (0, 1) and (1, 0) land
    near (1, 0)"."""
    with last_bit_noise(machine):
        net = nnlib.MLP([2, 2, 1])
        net.set_params(HAND_BUILT)
        y = net.forward(X)[:, 0]
        H = net.layers[0].A
    np.testing.assert_array_equal(H[:, 0] > 0.5, [False, True, True, True])     # OR
    np.testing.assert_array_equal(H[:, 1] > 0.5, [False, False, False, True])   # AND
    assert np.all((y > 0.5) == (t == 1))
    assert np.abs(y - t).max() < 0.02
    np.testing.assert_allclose(H, [[0, 0], [1, 0], [1, 0], [1, 1]], atol=0.06)


def test_02_explorer_questions():
    """The answers to the explorer's questions: "1. Only (1, 1) goes wrong … At v2 = 0 the output
    is σ(10·h1 − 5), h1 alone, and h1 ≈ OR says 1 for (1, 1)"; "2. AND: y = σ(10·h2 − 5) follows
    h2 ≈ AND, so only (0, 0) is right: (0, 1) and (1, 0) should give 1, and (1, 1) should give
    0"."""
    net = nnlib.MLP([2, 2, 1])
    for v2 in np.linspace(-10, 0, 101):
        net.set_params([*HAND_BUILT[:2], np.array([[10.0, v2]]), HAND_BUILT[3]])
        y = net.forward(X)[:, 0]
        wrong = [tuple(x) for x, ok in zip(X.astype(int), (y > 0.5) == (t == 1)) if not ok]
        assert wrong in ([], [(1, 1)]), (v2, wrong)
    assert wrong == [(1, 1)]
    np.testing.assert_array_equal(y > 0.5, [False, True, True, True])      # v2 = 0: OR
    e = xor_explorer(**PRESETS["one line is not enough"])
    assert e.state()["v1"] == 0.0 and e.state()["v2"] == 10.0
    _, y = e.forward(X)
    np.testing.assert_array_equal(y > 0.5, [False, False, False, True])    # AND
    assert "1 of 4 right" in e.right_text.get_text()


# -- gradient descent on one weight ---------------------------------------------------------

def test_02_loss_curve_values():
    """"The loss falls from w = −2 to w = 0.5, and rises again by w = 3: the bottom lies in
    between, where the output hits the target, σ(2w) = 0.8 … w* = ln 4 / 2 ≈ 0.693" (and the
    steps of its solution) and "Both say −0.15"."""
    assert abs(1 / (1 + np.exp(-2 * W_STAR)) - 0.8) < 1e-15
    assert abs(np.exp(-2 * W_STAR) - 0.25) < 1e-15
    L = one_neuron_loss(np.array([-2.0, 0.0, 0.5, W_STAR, 3.0]))
    assert L[0] > L[1] > L[2] > L[3] < L[4]
    assert L[3] < 1e-20 and round(W_STAR, 3) == 0.693
    grid = np.linspace(-4, 6, 100_001)
    assert abs(grid[np.argmin(one_neuron_loss(grid))] - W_STAR) < 1e-3
    _, _, slopes = one_neuron_descent(0.0, 1.0, 0)
    assert round(slopes[0], 6) == -0.15
    h = 1e-6
    assert round((one_neuron_loss(h) - one_neuron_loss(-h)) / (2 * h), 6) == -0.15


def test_02_sigmoid_slope():
    """"σ′ is largest at z = 0, where σ = ½ and σ′ = ¼, and almost 0 once |z| is above 5" and
    σ′ = σ(1 − σ)."""
    z = np.linspace(-8, 8, 801)
    s, ds = sigmoid.f(z), sigmoid.df(z)
    np.testing.assert_allclose(ds, s * (1 - s), rtol=1e-12)
    assert z[np.argmax(ds)] == 0 and ds.max() == 0.25
    assert ds[np.abs(z) > 5].max() < 0.007


@machines
def test_02_ball_presets(machine):
    """"Too small (η = 1) it crawls: after 20 steps it has covered barely half the way."
    "η = 3 rolls to the bottom without ever passing it … within 0.01 of w* after 17 steps."
    "η = 10 … one of them overshoots … rolls back. It is within 0.01 of w* after 12 steps: a
    little sooner than η = 3, not three times sooner." "Too large (η = 30): … bounces … never
    settles." "On a plateau (w₀ = −3.5) … with η = 3 the ball moves less than 0.1 in 20 steps.
    η = 30 does push it off the plateau and down, but then bounces across the bottom"."""
    with last_bit_noise(machine):
        paths = {lr: one_neuron_descent(-2.0, lr, 20)[0] for lr in [1.0, 3.0, 10.0, 30.0]}
        plateau = one_neuron_descent(-3.5, 3.0, 20)[0]
        pushed = one_neuron_descent(-3.5, 30.0, 20)[0]
    start = -2.0 - W_STAR
    assert 0.4 < (paths[1.0][-1] + 2.0) / -start < 0.6            # about half the way
    assert np.all(paths[1.0] < W_STAR)                            # never overshoots
    assert np.all(paths[3.0] < W_STAR) and abs(paths[3.0][-1] - W_STAR) < 0.01
    past = paths[10.0] - W_STAR
    assert abs(past[-1]) < 1e-3                                    # rolled back to the bottom
    assert np.sum(past > 0.05) >= 1 and np.sum(np.diff(np.sign(past[past != 0])) != 0) >= 1
    steps_to = {lr: int(np.argmax(np.abs(paths[lr] - W_STAR) < 0.01)) for lr in (3.0, 10.0)}
    assert steps_to == {3.0: 17, 10.0: 12}
    assert steps_to[3.0] / steps_to[10.0] < 2                      # not three times sooner
    side = np.sign(paths[30.0][2:] - W_STAR)
    assert np.sum(side[1:] != side[:-1]) >= 5                      # bounces
    assert np.abs(paths[30.0][-5:] - W_STAR).max() > 0.05          # not settled
    assert np.abs(plateau[-1] - plateau[0]) < 0.1 and plateau[-1] < -3
    assert np.abs(pushed - W_STAR).min() < 0.05                    # off the plateau, down
    side = np.sign(pushed - W_STAR)
    assert np.sum(side[1:] != side[:-1]) >= 3                      # and bouncing
    assert np.abs(pushed[-5:] - W_STAR).max() > 0.05


@machines
def test_02_where_the_ball_stops_settling(machine):
    """The answer to question 3 of the slope explorer: "Up to about η = 15.5 the ball is at the
    bottom after 20 steps. From about η = 16 it is not: one stride throws it far past the bottom
    onto the flat right side of the curve (w above 2), where the slope is small and it creeps
    back. From about η = 21 it gets back to the bottom but bounces across it." On the η slider's
    own values (log scale, 10^(k/100))."""
    grid = 10 ** (np.arange(200, 249) / 100)                       # η = 10 … 30.2
    with last_bit_noise(machine):
        paths = {lr: one_neuron_descent(-2.0, lr, 20)[0] for lr in grid}
    at_bottom = {lr: abs(w[-1] - W_STAR) < 0.01 for lr, w in paths.items()}
    assert all(at_bottom[lr] for lr in grid if lr < 15.5)
    assert not any(at_bottom[lr] for lr in grid if lr > 15.6)
    for lr in grid[(grid > 15.6) & (grid < 21)]:                   # thrown onto the flat right
        w = paths[lr]
        assert w.max() > 2 and np.all(np.diff(w[4:]) < 0) and w[-1] > W_STAR + 0.1
    for lr in grid[(grid > 21) & (grid < 30.5)]:                   # back at the bottom, bouncing
        side = np.sign(paths[lr][-10:] - W_STAR)
        assert np.sum(side[1:] != side[:-1]) >= 3


# -- training the network -------------------------------------------------------------------

def _train(sizes, seed, epochs=3000):
    net = nnlib.MLP(sizes, seed=seed)
    history = nnlib.fit(net, X, t, "half_mse", nnlib.SGD(3.0), epochs=epochs)
    return net, history


@machines
def test_02_training_one_two_stuck(machine):
    """One hidden unit: "at most 3 of 4 can be right, and that is what training found"; two
    (seed 0): "All four right"; seed 1: "Two of the outputs sit at about 0.5 … more epochs of
    the same descent do not get it out" (30,000 more)."""
    with last_bit_noise(machine):
        _, one = _train([2, 1, 1], 1)
        _, two = _train([2, 2, 1], 0)
        stuck, h = _train([2, 2, 1], 1)
        y = stuck.forward(X)[:, 0]
        more = nnlib.fit(stuck, X, t, "half_mse", nnlib.SGD(3.0), epochs=30_000)
    assert one.accuracy[-1] == 0.75 and two.accuracy[-1] == 1.0
    assert h.accuracy[-1] == 0.5
    assert np.sum(np.abs(y - 0.5) < 0.01) == 2
    assert max(more.accuracy) == 0.5


@machines
def test_02_explorer_train_solves(machine):
    """The stored run `xor_explorer().train(3000)` ends with all four right: "Training from
    random start … did not find OR and AND", the table "h1 = σ(5.7·x1 − 5.4·x2 + 2.7): on off on
    on; h2 = σ(−6.5·x1 + 6.6·x2 + 3.4): on on off on", "h1 is on for every input except (0, 1),
    and h2 is on for every input except (1, 0) … The output … is the NAND of h1 and h2 … this
    network's output is a blue valley between its two lines, orange outside"."""
    with last_bit_noise(machine):
        e = xor_explorer().train(3000)
        H, y = e.forward(X)
        W1, b1, W2, b2 = e.params()
        centre, corners = e.forward(np.array([[0.5, 0.5]]))[1], e.forward(
            np.array([[-0.5, 1.5], [1.5, -0.5]]))[1]
    assert "4 of 4 right" in e.right_text.get_text()
    np.testing.assert_array_equal(H[:, 0] > 0.5, [True, False, True, True])   # all but (0, 1)
    np.testing.assert_array_equal(H[:, 1] > 0.5, [True, True, False, True])   # all but (1, 0)
    for h1, h2 in [(0, 0), (0, 1), (1, 0), (1, 1)]:                            # NAND of h
        assert (W2[0, 0] * h1 + W2[0, 1] * h2 + b2[0] > 0) == (not (h1 and h2))
    # the numbers the prose prints: h1 = σ(5.7·x1 − 5.4·x2 + 2.7), h2 = σ(−6.5·x1 + 6.6·x2 +
    # 3.4), y = σ(−6.8·h1 − 6.7·h2 + 9.9)
    np.testing.assert_allclose([*W1[0], b1[0]], [5.7, -5.4, 2.7], atol=0.05)
    np.testing.assert_allclose([*W1[1], b1[1]], [-6.5, 6.6, 3.4], atol=0.05)
    np.testing.assert_allclose([*W2[0], b2[0]], [-6.8, -6.7, 9.9], atol=0.05)
    assert centre[0] < 0.5 and (corners > 0.5).all()                           # a valley


def test_02_wider_succeeds_more_often(machine=None):
    """"One hidden unit never solves XOR … Two units can, but a sizeable share of the runs have
    not solved it within 1000 epochs: some of them are only slow and get there with many more
    epochs, others are stuck like the run above. Three or four units succeed more often" (50
    seeds, ≤ 1000 epochs, η = 3; "many more": 10,000 epochs).

    200 training runs: on this machine only; the notebook's stored counts are checked under
    last-bit noise by CI's second and third notebook runs."""
    def run(width, seed, epochs):
        net = nnlib.MLP([2, width, 1], seed=seed)
        history = nnlib.fit(net, X, t, "half_mse", nnlib.SGD(3.0), epochs=epochs,
                            callback=lambda epoch, h: h.accuracy[-1] < 1.0)
        return history.accuracy[-1] == 1.0

    with last_bit_noise(machine):
        wins = [sum(run(width, seed, 1000) for seed in range(50)) for width in [1, 2, 3, 4]]
        failed = [seed for seed in range(50) if not run(2, seed, 1000)]
        later = [run(2, seed, 10_000) for seed in failed]
    assert wins[0] == 0
    assert 0 < wins[1] <= 40                              # a sizeable share (≥ 10 of 50) unsolved
    assert wins[1] < wins[2] <= wins[3]
    assert 1 in failed                                    # the stuck run above is among them
    assert any(later) and not all(later)                  # some only slow, others stuck
