"""The perceptron learning rule: converges on linearly separable gates, cycles on XOR."""

import numpy as np
import pytest

import nnlib


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_converges_on_separable_gates(gate):
    X, y = nnlib.data.logic_gate(gate)
    p = nnlib.Perceptron(2).fit(X, y)
    assert p.converged and not p.cycled
    np.testing.assert_array_equal(p.predict(X), y)
    assert "converged" in p.message and "every output matches its target" in p.message
    assert "side of the line" not in p.message     # a sample may lie on the line (z = 0 → 1)
    assert len(p.updates) > 0


def test_does_not_converge_on_xor_and_says_so():
    X, y = nnlib.data.logic_gate("xor")
    p = nnlib.Perceptron(2).fit(X, y, epochs=1000)
    assert not p.converged
    assert p.cycled and p.epochs_run < 1000
    assert "no line separates" in p.message
    assert p.repeats == (3, 2)
    assert "after epoch 3 the weights are what they were after epoch 2" in p.message
    assert np.any(p.predict(X) != y)


def test_updates_replay_the_rule():
    X, y = nnlib.data.logic_gate("and")
    p = nnlib.Perceptron(2, lr=0.5).fit(X, y)
    w, b = np.zeros(2), 0.0
    for u in p.updates:
        assert u.y == (1.0 if u.x @ w + b >= 0 else 0.0) != u.t     # y output, t target
        assert u.t == y[u.sample] and u.y_hat == u.y                # y_hat: the old name
        w = w + 0.5 * (u.t - u.y) * u.x
        b = b + 0.5 * (u.t - u.y)
        np.testing.assert_array_equal(u.w, w)
        assert u.b == b
    np.testing.assert_array_equal(p.w, w)


def test_without_enough_epochs_it_just_stops():
    X, y = nnlib.data.logic_gate("nand")
    p = nnlib.Perceptron(2).fit(X, y, epochs=1)
    assert not p.converged and not p.cycled
    assert "not converged after 1 epochs" in p.message


def test_bad_input():
    X, y = nnlib.data.logic_gate("and")
    with pytest.raises(ValueError, match="0 or 1"):
        nnlib.Perceptron(2).fit(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match="one 0/1 target per sample"):
        nnlib.Perceptron(2).fit(X, [0, 1])
    with pytest.raises(ValueError, match="3 columns"):
        nnlib.Perceptron(3).fit(X, y)
    with pytest.raises(ValueError, match="lr"):
        nnlib.Perceptron(2, lr=0)
    assert repr(nnlib.Perceptron(2)).startswith("Perceptron(w=[0, 0], b=0")


def _reference_run(X, t, lr, epochs=100):
    """The rule written out in exact rational arithmetic (an independent oracle): the list of
    (sample, target, output, w, b) per update, and whether an epoch made no mistake."""
    from fractions import Fraction

    lr = Fraction(lr)
    w, b, log = [Fraction(0)] * X.shape[1], Fraction(0), []
    for _ in range(epochs):
        mistakes = 0
        for i, (x, target) in enumerate(zip(X, t)):
            x = [Fraction(v) for v in x]
            y = 1 if sum(wi * xi for wi, xi in zip(w, x)) + b >= 0 else 0
            if y != target:
                mistakes += 1
                w = [wi + lr * (int(target) - y) * xi for wi, xi in zip(w, x)]
                b = b + lr * (int(target) - y)
                log.append((i, int(target), y, [float(v) for v in w], float(b)))
        if mistakes == 0:
            return log, True
    return log, False


@pytest.mark.parametrize("gate", ["and", "or", "nand", "nor"])
@pytest.mark.parametrize("lr", [0.1, 0.3, 0.7, 1.0, 1.3, 2.0, 0.05 * 7])
def test_matches_exact_arithmetic_for_every_learning_rate(gate, lr):
    # In floats, w and b accumulated as 0.1 + 0.1 + ... break the ties z = 0 differently for
    # different lr (AND took 8 updates at lr = 0.1, 11 at lr = 1); the rule must decide as the
    # maths does, where lr only scales the weights.
    X, t = nnlib.data.logic_gate(gate)
    p = nnlib.Perceptron(2, lr=lr).fit(X, t)
    log, converged = _reference_run(X, t, lr)
    assert p.converged == converged
    assert [(u.sample, u.t, u.y) for u in p.updates] == [entry[:3] for entry in log]
    for u, (*_, w, b) in zip(p.updates, log):
        np.testing.assert_allclose(u.w, w, rtol=1e-12, atol=1e-12)
        assert u.b == pytest.approx(b, rel=1e-12, abs=1e-12)
    np.testing.assert_array_equal(p.predict(X), t)


def test_after_k_updates():
    X, t = nnlib.data.logic_gate("and")
    p = nnlib.Perceptron(2, lr=0.1).fit(X, t)
    assert p.after(0).predict(X).tolist() == [1, 1, 1, 1]          # w = 0, b = 0: z = 0 → 1
    for k, u in enumerate(p.updates, start=1):
        q = p.after(k)
        np.testing.assert_array_equal(q.w, u.w)
        assert q.b == u.b and q.updates == p.updates[:k]
    np.testing.assert_array_equal(p.after(len(p.updates)).predict(X), t)
    with pytest.raises(ValueError, match="between 0 and 11"):
        p.after(12)
    with pytest.raises(ValueError, match="between 0 and 11"):
        p.after(-1)


def test_weights_can_be_set():
    p = nnlib.Perceptron(2, lr=0.5)
    p.w, p.b = [1.0, 1.0], -1.5                  # the AND neuron of lesson 01
    np.testing.assert_array_equal(p.w, [1.0, 1.0])
    assert p.b == -1.5
    X, t = nnlib.data.logic_gate("and")
    np.testing.assert_array_equal(p.predict(X), t)
    np.testing.assert_array_equal(p.net_input(X), X @ p.w + p.b)
    with pytest.raises(ValueError, match="2 weights"):
        p.w = [1.0, 2.0, 3.0]
    with pytest.raises(TypeError, match="w must be"):
        p.w = "ab"
    with pytest.raises(ValueError, match="b must be one number"):
        p.b = [1.0, 2.0]
