"""Gradient flow through deep networks at initialisation, from fixed seeds.

The qualitative facts of lesson 04 (seeds 001 and 004; Nielsen, *Neural Networks and
Deep Learning*, ch. 5: for [784, 30, 30, 30, 10] the hidden layers' ‖δ‖ grow roughly
0.012 → 0.060 → 0.283 toward the output): in a deep sigmoid net the per-layer
gradient norms shrink toward the input; with large initial weights they grow.
"""

import numpy as np
import pytest

from nnlib.diagnostics import dead_fraction, layer_norms, negative_fraction, verdict
from nnlib.tasks import deep_net, fixed_batch

X, T = fixed_batch()


@pytest.mark.parametrize("measure", ["delta", "W"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_deep_sigmoid_norms_shrink_toward_the_input(measure, seed):
    norms = layer_norms(deep_net(8, 32, "sigmoid", "xavier", 1.0, seed), X, T, measure)
    assert np.all(np.diff(norms) > 0), norms          # strictly growing toward the output
    assert norms[0] / norms[-1] < 1e-3


def test_nielsen_ordering_on_the_course_data():
    """Three hidden sigmoid layers of 30: ‖δ‖ grows toward the output, ×2–20 per layer,
    like Nielsen's 0.012 → 0.060 → 0.283 (×5 and ×4.7)."""
    net = deep_net(3, 30, "sigmoid", "xavier", 1.0, 0)
    layer_norms(net, X, T)
    hidden = net.gradient_norms("b")[:3]               # ‖Σ δ‖ per hidden layer, as Nielsen
    steps = hidden[1:] / hidden[:-1]
    assert np.all((2 < steps) & (steps < 20)), hidden


@pytest.mark.parametrize("activation,scale,measure", [
    ("tanh", 1.0, "delta"), ("tanh", 1.0, "W"), ("relu", 1.0, "delta"), ("sigmoid", 5.0, "delta"),
])
def test_large_init_norms_grow_toward_the_input(activation, scale, measure):
    # (‖∂L/∂W_l‖ = ‖δ_lᵀ a_(l−1)‖ also carries the activations, which grow *forward* in a
    # large ReLU or sigmoid net, so there the clean signal is ‖δ_l‖.)
    norms = layer_norms(deep_net(10, 32, activation, "normal", scale, 0), X, T, measure)
    assert norms[0] > 10 * norms[-1], norms
    assert np.polyfit(np.arange(norms.size), np.log(norms), 1)[0] < 0   # decreasing trend


def test_xavier_scale_keeps_tanh_balanced():
    # 1/√width is Xavier's standard deviation for a square layer: neither vanishing nor exploding
    norms = layer_norms(deep_net(20, 32, "tanh", "normal", 1 / np.sqrt(32), 0), X, T)
    assert 1e-2 < norms[0] / norms[-1] < 1e2


def test_extremes_give_numbers_or_inf_never_warnings():
    for activation in ["sigmoid", "tanh", "relu", "leaky_relu"]:
        for init in ["xavier", "he", "normal"]:
            norms = layer_norms(deep_net(30, 64, activation, init, 5.0, 0), X, T)
            assert norms.shape == (31,)
            assert verdict(norms) != "", (activation, init, norms)


def test_verdicts():
    assert verdict([1.0, 1.0]) == ""
    assert verdict([1e-5, 1.0]).startswith("Vanishing")
    assert verdict([1e5, 1.0]).startswith("Exploding")
    assert verdict([0.0, 1.0]).startswith("Vanished")
    assert verdict([np.inf, 1.0]).startswith("Overflow")
    assert verdict([np.nan, 1.0]).startswith("Overflow")
    assert verdict([1e7, 1e7]).startswith("Exploding")


def test_dead_fraction():
    net = deep_net(2, 4, "relu", "he", 1.0, 0)
    assert dead_fraction(net, X).shape == (2,)
    net.layers[0].b[:] = -1e6                         # every unit of layer 1 off for all inputs
    assert dead_fraction(net, X)[0] == 1.0
    leaky = deep_net(2, 4, "leaky_relu", "he", 1.0, 0)
    leaky.layers[0].b[:] = -1e6
    assert dead_fraction(leaky, X)[0] == 0.0


def test_negative_fraction_counts_what_dead_fraction_cannot():
    """dead_fraction is 0 for leaky ReLU by definition; negative_fraction sees units at z <= 0."""
    for activation in ["relu", "leaky_relu", "prelu"]:
        net = deep_net(2, 4, activation, "he", 1.0, 0)
        net.layers[1].b[:2] = -1e6                    # two units of layer 2 off for all inputs
        np.testing.assert_array_equal(negative_fraction(net, X), [0.0, 0.5])
        assert dead_fraction(net, X)[1] == (0.5 if activation == "relu" else 0.0)
    relu = deep_net(3, 16, "relu", "he", 1.0, 0)
    np.testing.assert_array_equal(negative_fraction(relu, X), dead_fraction(relu, X))
    sigmoid = deep_net(2, 4, "sigmoid", "xavier", 1.0, 0)
    sigmoid.layers[0].b[:] = -20.0                   # z < 0 everywhere, yet σ(z) > 0
    assert negative_fraction(sigmoid, X)[0] == 1.0 and dead_fraction(sigmoid, X)[0] == 0.0


def test_negative_fraction_bad_input():
    with pytest.raises(TypeError):
        negative_fraction(None, X)
    with pytest.raises(TypeError, match="X must"):
        negative_fraction(deep_net(1, 2), "a")


def test_bad_measure():
    with pytest.raises(ValueError, match="measure must be 'delta' or 'W'"):
        layer_norms(deep_net(1, 2), X, T, "b")
