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


# -- issue 24: the variance argument, spans in decades, skips and normalisation ----------------

def test_span_decades():
    from nnlib.diagnostics import span_decades
    assert span_decades([1e-3, 1.0, 10.0]) == pytest.approx(4.0)
    assert span_decades([2.0]) == 0.0
    assert span_decades([0.0, 1.0]) == np.inf            # a layer with no gradient at all
    assert np.isnan(span_decades([np.nan, 1.0]))
    for bad in ([], [[1.0, 2.0]], [-1.0, 1.0]):
        with pytest.raises(ValueError, match="per-layer norms"):
            span_decades(bad)


@pytest.mark.parametrize("activation,init,scale", [("tanh", "xavier", 1.0), ("relu", "he", 1.0),
                                                   ("relu", "normal", 0.3),
                                                   ("sigmoid", "normal", 0.5)])
def test_variance_formula_matches_measured(activation, init, scale):
    """Var(z_l) = n_in · Var(w) · E[a²_{l−1}]: on 256 units and 4000 samples the measured variance
    is within 10 % of the formula (a formula without E[a²], or with Var(a) for ReLU's
    non-centred a, misses by 30 % or more: checked below)."""
    from nnlib import MLP
    from nnlib.diagnostics import variance_check
    from nnlib.tasks import wide_batch
    X = wide_batch(n=4000, n_in=256)
    net = MLP([256] * 5 + [1], activation=activation, init=init, init_scale=scale)
    measured, predicted = variance_check(net, X)
    assert measured.shape == (4,)
    assert np.all(np.abs(measured / predicted - 1) < 0.1), measured / predicted
    if activation == "relu":      # E[a²] is not Var(a): ReLU's a has mean > 0
        wrong = np.array([layer.n_in * np.mean(layer.W ** 2) * np.var(layer.X)
                          for layer in net.layers[1:-1]])
        assert np.all(measured[1:] / wrong > 1.3)     # theory: 1 / (1 − 1/π) = 1.47


def test_he_keeps_relu_variance_and_xavier_halves_it():
    from nnlib import MLP
    from nnlib.diagnostics import variance_check
    from nnlib.tasks import wide_batch
    X = wide_batch(n=2000, n_in=256)
    he, _ = variance_check(MLP([256] * 9 + [1], activation="relu", init="he"), X)
    xavier, _ = variance_check(MLP([256] * 9 + [1], activation="relu", init="xavier"), X)
    assert np.all(np.abs(he[1:] / he[:-1] - 1) < 0.15)
    assert np.all(np.abs(xavier[1:] / xavier[:-1] - 0.5) < 0.08)


def test_variance_check_and_hidden_activations_input():
    from nnlib.diagnostics import hidden_activations, variance_check
    net = deep_net(4, 8, "relu", "he")
    acts = hidden_activations(net, X)
    assert [a.shape for a in acts] == [(256, 8)] * 4
    assert np.array_equal(acts[-1], np.maximum(net.layers[3].Z, 0))
    for bad in (deep_net(4, 8, residual=True), deep_net(4, 8, norm="layer")):
        with pytest.raises(ValueError, match="without skips or normalisation"):
            variance_check(bad, X)


def test_skips_keep_thirty_sigmoid_layers_within_a_few_decades():
    from nnlib.diagnostics import span_decades
    for seed in (0, 1, 2):
        plain = layer_norms(deep_net(30, 16, "sigmoid", "xavier", seed=seed), X, T)
        skips = layer_norms(deep_net(30, 16, "sigmoid", "xavier", seed=seed, residual=True), X, T)
        assert span_decades(plain) > 15 and span_decades(skips) < 3, seed


@pytest.mark.parametrize("cure", [dict(residual=True), dict(norm="batch"), dict(norm="layer"),
                                  dict(residual=True, norm="batch")])
def test_layer_norms_are_the_gradients_of_the_training_loss(cure):
    """layer_norms(measure="W") of a net with skips or normalisation against centred finite
    differences of the loss (batch norm: the training pass, with the batch's statistics, which
    layer_norms takes by default for a batch-norm net)."""
    from nnlib import losses
    net = deep_net(4, 5, "tanh", "xavier", seed=3, **cure)
    Xs, Ts = X[:32], T[:32]
    norms = layer_norms(net, Xs, Ts, "W")
    loss = losses.get("binary_cross_entropy")
    training = net.norm == "batch"
    rng = np.random.default_rng(0)
    for l, layer in enumerate(net.layers):
        numeric = np.zeros_like(layer.W)
        for i, j in zip(rng.integers(0, layer.W.shape[0], 4), rng.integers(0, layer.W.shape[1], 4)):
            old = layer.W[i, j]
            values = []
            for h in (1e-6, -1e-6):
                layer.W[i, j] = old + h
                values.append(loss.value(net.forward(Xs, training=training), Ts.reshape(-1, 1)))
            layer.W[i, j] = old
            numeric[i, j] = (values[0] - values[1]) / 2e-6
        layer_norms(net, Xs, Ts, "W")
        picked = numeric != 0
        assert np.allclose(layer.dW[picked], numeric[picked], rtol=1e-5, atol=1e-9), l
    assert np.allclose(norms, net.gradient_norms("W"))


def test_layer_norms_training_must_be_a_bool():
    with pytest.raises(TypeError, match="training must be True, False or None"):
        layer_norms(deep_net(2, 4), X, T, "delta", "yes")
    net = deep_net(3, 8, "tanh", norm="batch", seed=1)
    # the default for a batch-norm net is the training pass (batch statistics), not evaluation
    assert np.array_equal(layer_norms(net, X, T), layer_norms(net, X, T, training=True))
    assert not np.allclose(layer_norms(net, X, T), layer_norms(net, X, T, training=False))
