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
    assert "converged" in p.message
    assert len(p.updates) > 0


def test_does_not_converge_on_xor_and_says_so():
    X, y = nnlib.data.logic_gate("xor")
    p = nnlib.Perceptron(2).fit(X, y, epochs=1000)
    assert not p.converged
    assert p.cycled and p.epochs_run < 1000
    assert "no line separates" in p.message
    assert np.any(p.predict(X) != y)


def test_updates_replay_the_rule():
    X, y = nnlib.data.logic_gate("and")
    p = nnlib.Perceptron(2, lr=0.5).fit(X, y)
    w, b = np.zeros(2), 0.0
    for u in p.updates:
        assert u.y_hat == (1.0 if u.x @ w + b >= 0 else 0.0) != u.y
        w = w + 0.5 * (u.y - u.y_hat) * u.x
        b = b + 0.5 * (u.y - u.y_hat)
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
