"""Losses: values from their formulas, gradients against finite differences, target checks."""

import numpy as np
import pytest

from nnlib import losses
from nnlib.gradcheck import numerical_gradient


def _fd_grad(loss, Y, T):
    Y = Y.copy()
    return numerical_gradient(lambda: loss.value(Y, T), Y, 1e-6)


def test_half_mse_is_the_textbook_total_error():
    Y = np.array([[0.75136507, 0.772928465]])
    T = np.array([[0.01, 0.99]])
    # E_total = ½(0.01 − 0.75136507)² + ½(0.99 − 0.772928465)² = 0.298371109
    assert losses.half_mse.value(Y, T) == pytest.approx(0.298371109, abs=5e-10)


def test_half_mse_averages_over_samples(rng):
    Y, T = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    per_sample = 0.5 * ((Y - T) ** 2).sum(axis=1)
    assert losses.half_mse.value(Y, T) == pytest.approx(per_sample.mean())
    np.testing.assert_allclose(losses.half_mse.grad(Y, T), (Y - T) / 5)


def test_binary_cross_entropy_value(rng):
    Y = rng.uniform(0.05, 0.95, size=(4, 2))
    T = rng.uniform(size=(4, 2))
    expected = -(T * np.log(Y) + (1 - T) * np.log(1 - Y)).sum(axis=1).mean()
    assert losses.binary_cross_entropy.value(Y, T) == pytest.approx(expected)


def test_binary_cross_entropy_from_logits_matches(rng):
    Z = rng.normal(scale=4, size=(5, 3))
    T = rng.uniform(size=(5, 3))
    Y = 1 / (1 + np.exp(-Z))
    assert losses.binary_cross_entropy.value_from_logits(Z, T) == pytest.approx(
        losses.binary_cross_entropy.value(Y, T), rel=1e-12)


def test_binary_cross_entropy_saturated_is_finite():
    v = losses.binary_cross_entropy.value([[0.0], [1.0]], [[1.0], [0.0]])
    assert np.isfinite(v) and v > 20


def test_softmax_cross_entropy_labels_and_onehot(rng):
    Z = rng.normal(scale=3, size=(6, 4))
    labels = rng.integers(0, 4, size=6)
    onehot = np.eye(4)[labels]
    p = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    expected = -np.log(p[np.arange(6), labels]).mean()
    sce = losses.softmax_cross_entropy
    assert sce.value(Z, labels) == pytest.approx(expected)
    assert sce.value(Z, onehot) == pytest.approx(expected)
    # The gradient on logits is softmax(Z) − T, divided by n.
    np.testing.assert_allclose(sce.grad(Z, labels), (p - onehot) / 6, atol=1e-15)
    np.testing.assert_allclose(losses.softmax(Z), p)


def test_softmax_does_not_overflow():
    Z = np.array([[1000.0, 0.0], [-1000.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        v = losses.softmax_cross_entropy.value(Z, [0, 1])
    assert v == pytest.approx(0.0)


@pytest.mark.parametrize("name", ["half_mse", "binary_cross_entropy", "softmax_cross_entropy"])
def test_gradient_matches_finite_differences(name, rng):
    loss = losses.get(name)
    Y = rng.uniform(0.1, 0.9, size=(3, 4))
    if name == "softmax_cross_entropy":
        T = rng.integers(0, 4, size=3)
    else:
        T = rng.uniform(size=(3, 4))
    np.testing.assert_allclose(loss.grad(Y, T), _fd_grad(loss, Y, T), rtol=1e-6, atol=1e-10)


def test_bce_with_sigmoid_gives_y_minus_t():
    from nnlib.activations import get
    Y = np.array([[0.9], [0.2]])
    T = np.array([[0.0], [1.0]])
    delta = losses.binary_cross_entropy.output_delta(Y, T, get("sigmoid"))
    np.testing.assert_allclose(delta, (Y - T) / 2)
    chained = losses.binary_cross_entropy.grad(Y, T) * Y * (1 - Y)
    np.testing.assert_allclose(delta, chained)
    assert losses.binary_cross_entropy.output_delta(Y, T, get("tanh")) is None


def test_one_output_accepts_flat_targets():
    Y = np.array([[0.2], [0.7]])
    assert losses.half_mse.value(Y, [0, 1]) == losses.half_mse.value(Y, [[0], [1]])


def test_bad_targets_are_named():
    with pytest.raises(ValueError, match=r"shape \(2, 2\).*got shape \(2, 3\)"):
        losses.half_mse.value(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="targets between 0 and 1"):
        losses.binary_cross_entropy.value([[0.5]], [[2.0]])
    with pytest.raises(ValueError, match="probabilities Y between 0 and 1"):
        losses.binary_cross_entropy.value([[1.5]], [[1.0]])
    with pytest.raises(ValueError, match="integers 0 … 2"):
        losses.softmax_cross_entropy.value(np.zeros((2, 3)), [0, 3])
    with pytest.raises(ValueError, match="integers"):
        losses.softmax_cross_entropy.value(np.zeros((2, 3)), [0.5, 1])
    with pytest.raises(ValueError, match="one class label per sample"):
        losses.softmax_cross_entropy.value(np.zeros((2, 3)), [0, 1, 2])
    with pytest.raises(ValueError, match="each row must sum to 1"):
        losses.softmax_cross_entropy.value(np.zeros((2, 2)), [[1, 1], [0, 1]])
    with pytest.raises(ValueError, match="NaN"):
        losses.half_mse.value([[0.5]], [[np.nan]])
    with pytest.raises(ValueError, match="unknown loss 'mse'"):
        losses.get("mse")
