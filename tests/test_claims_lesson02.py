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
from nnlib.widgets import xor_explorer
from nnlib.widgets.descent import T_ONE, X_ONE, one_neuron_descent, one_neuron_loss
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
    """Explorer question 1: dragging v2 from −10 up to 0 makes exactly one input wrong, (1, 1);
    question 2: *one line is not enough* computes OR; exercise 3's solution (flip v1, v2, b2)
    computes XNOR, every output y becoming 1 − y."""
    net = nnlib.MLP([2, 2, 1])
    for v2 in np.linspace(-10, 0, 101):
        net.set_params([*HAND_BUILT[:2], np.array([[10.0, v2]]), HAND_BUILT[3]])
        y = net.forward(X)[:, 0]
        wrong = [tuple(x) for x, ok in zip(X.astype(int), (y > 0.5) == (t == 1)) if not ok]
        assert wrong in ([], [(1, 1)]), (v2, wrong)
    assert wrong == [(1, 1)]
    e = xor_explorer(**PRESETS["one line is not enough"])
    _, y = e.forward(X)
    np.testing.assert_array_equal(y > 0.5, [False, True, True, True])
    _, y_xor = xor_explorer(**PRESETS["hand-built solution"]).forward(X)
    flipped = dict(PRESETS["hand-built solution"], v1=-10.0, v2=10.0, b2=5.0)
    _, y_xnor = xor_explorer(**flipped).forward(X)
    np.testing.assert_allclose(y_xnor, 1 - y_xor, atol=1e-12)
    np.testing.assert_array_equal(y_xnor > 0.5, t == 0)


# -- gradient descent on one weight ---------------------------------------------------------

def test_02_loss_curve_values():
    """"The loss falls from w = −2 to w = 0.5, and rises again by w = 3: the bottom lies in
    between, where σ(2w) = 0.8, at w* = ln 4 / 2 ≈ 0.693" and "Both say −0.15"."""
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
    """"Too small (η = 1) it crawls: after 20 steps it has covered barely half the way. η = 3
    rolls to the bottom … η = 10 is faster, but one step overshoots … Too large (η = 30): every
    step near the bottom jumps across it; the ball bounces … and never settles. On a plateau
    (w₀ = −3.5) … every step is tiny"."""
    with last_bit_noise(machine):
        paths = {lr: one_neuron_descent(-2.0, lr, 20)[0] for lr in [1.0, 3.0, 10.0, 30.0]}
        plateau = one_neuron_descent(-3.5, 3.0, 20)[0]
    start = -2.0 - W_STAR
    assert 0.4 < (paths[1.0][-1] + 2.0) / -start < 0.6            # about half the way
    assert np.all(paths[1.0] < W_STAR)                            # never overshoots
    assert np.all(paths[3.0] < W_STAR) and abs(paths[3.0][-1] - W_STAR) < 0.01
    past = paths[10.0] - W_STAR
    assert abs(past[-1]) < 1e-3                                    # rolled back to the bottom
    assert np.sum(past > 0.05) >= 1 and np.sum(np.diff(np.sign(past[past != 0])) != 0) >= 1
    # faster: η = 10 is within 0.01 of the bottom in fewer steps than η = 3
    steps_to = {lr: int(np.argmax(np.abs(p - W_STAR) < 0.01)) for lr, p in paths.items()
                if lr in (3.0, 10.0)}
    assert steps_to[10.0] < steps_to[3.0]
    side = np.sign(paths[30.0][2:] - W_STAR)
    assert np.sum(side[1:] != side[:-1]) >= 5                      # bounces
    assert np.abs(paths[30.0][-5:] - W_STAR).max() > 0.05          # not settled
    assert np.abs(np.diff(plateau)).max() < 0.01 and plateau[-1] < -3


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
    """The stored run `xor_explorer().train(3000)` ends with all four right."""
    with last_bit_noise(machine):
        e = xor_explorer().train(3000)
    assert "4 of 4 right" in e.right_text.get_text()


def test_02_wider_succeeds_more_often(machine=None):
    """"One hidden unit never solves XOR … Two units can, but a sizeable share of random starts
    get stuck. Three or four units succeed more often" (50 seeds, ≤ 1000 epochs, η = 3).

    200 training runs: on this machine only; the notebook's stored counts are checked under
    last-bit noise by CI's second and third notebook runs."""
    def successes(width):
        wins = 0
        for seed in range(50):
            net = nnlib.MLP([2, width, 1], seed=seed)
            history = nnlib.fit(net, X, t, "half_mse", nnlib.SGD(3.0), epochs=1000,
                                callback=lambda epoch, h: h.accuracy[-1] < 1.0)
            wins += history.accuracy[-1] == 1.0
        return wins

    with last_bit_noise(machine):
        wins = [successes(width) for width in [1, 2, 3, 4]]
    assert wins[0] == 0
    assert 0 < wins[1] <= 40                              # a sizeable share (≥ 10 of 50) stuck
    assert wins[1] < wins[2] <= wins[3]
