"""Batch norm and layer norm (nnlib.normalization, Dense(norm=...), MLP(norm=...)).

Gradients against centred finite differences with a random upstream gradient, for the
normalisation alone, a Dense layer and whole networks (with and without skips, several
activations, half-MSE and softmax cross-entropy, training and evaluation mode); running
statistics against the formulas of torch's BatchNorm1d written out here with np.var.
"""

import numpy as np
import pytest

import nnlib
from nnlib import normalization
from nnlib.gradcheck import numerical_gradient, relative_error

ACTIVATIONS = ["tanh", "sigmoid", "relu", "leaky_relu"]
LOSSES = {"half_mse": "identity", "softmax_cross_entropy": "identity"}


def _targets(loss, rng, n, k):
    if loss == "softmax_cross_entropy":
        return rng.integers(0, k, size=n)
    return rng.normal(size=(n, k))


# -- the normalisation alone ----------------------------------------------------------------

@pytest.mark.parametrize("mode", ["batch", "layer", "fixed"])
def test_norm_backward_matches_finite_differences(mode, rng):
    n, m = 6, 5
    Z = rng.normal(size=(n, m)) * 3 + 1
    gamma, beta = rng.normal(size=m), rng.normal(size=m)
    mean, var = rng.normal(size=m), rng.uniform(0.5, 2, size=m)
    G = rng.normal(size=(n, m))                       # random upstream dL/dz̃

    def forward():
        if mode == "fixed":
            return normalization.fixed_forward(Z, gamma, beta, mean, var)
        return normalization.normalize_forward(Z, gamma, beta, 0 if mode == "batch" else 1)

    def f():
        return float(np.sum(G * forward()[0]))

    dZ, dgamma, dbeta = normalization.norm_backward(G, gamma, forward()[1])
    assert relative_error(dZ, numerical_gradient(f, Z)) < 1e-8
    assert relative_error(dgamma, numerical_gradient(f, gamma)) < 1e-8
    assert relative_error(dbeta, numerical_gradient(f, beta)) < 1e-8


def test_normalised_z_has_mean_0_and_biased_variance_1(rng):
    Z = rng.normal(size=(8, 3)) * 5 + 2
    ones, zeros = np.ones(3), np.zeros(3)
    bn, _ = normalization.normalize_forward(Z, ones, zeros, 0)
    np.testing.assert_allclose(bn.mean(axis=0), 0, atol=1e-12)
    # biased variance (÷ n): var(ẑ) = σ²/(σ² + ε), not 1 − 1/n as the unbiased one would give
    var = Z.var(axis=0)
    np.testing.assert_allclose(bn.var(axis=0), var / (var + 1e-5), rtol=1e-12)
    ln, _ = normalization.normalize_forward(Z, ones, zeros, 1)
    np.testing.assert_allclose(ln.mean(axis=1), 0, atol=1e-12)
    var = Z.var(axis=1)
    np.testing.assert_allclose(ln.var(axis=1), var / (var + 1e-5), rtol=1e-12)


# -- a Dense layer ----------------------------------------------------------------------------

@pytest.mark.parametrize("norm", ["batch", "layer"])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dense_norm_layer_gradients(norm, training, activation, rng):
    layer = nnlib.Dense(4, 5, activation, rng=rng, norm=norm)
    layer.gamma[:] = rng.uniform(0.5, 2, size=5)
    layer.beta[:] = rng.normal(size=5)
    if norm == "batch":
        layer.running_mean[:] = rng.normal(size=5)
        layer.running_var[:] = rng.uniform(0.5, 2, size=5)
    X = rng.normal(size=(6, 4))
    G = rng.normal(size=(6, 5))

    def f():
        return float(np.sum(G * layer._forward(X, training)))

    layer.forward(X, training=training)
    dX = layer.backward(G)
    grads = {"W": layer.dW.copy(), "gamma": layer.dgamma.copy(), "beta": layer.dbeta.copy()}
    for name, g in grads.items():
        assert relative_error(g, numerical_gradient(f, getattr(layer, name))) < 1e-7, name
    assert relative_error(dX, numerical_gradient(f, X)) < 1e-7
    num_db = numerical_gradient(f, layer.b)
    if norm == "batch" and training:       # the batch mean takes b away: dL/db is exactly 0
        assert np.abs(layer.db).max() < 1e-12 and np.abs(num_db).max() < 1e-8
    else:
        assert relative_error(layer.db, num_db) < 1e-7


# -- whole networks ----------------------------------------------------------------------------

def _net(rng, norm, residual, activation, loss, dropout=0.0):
    net = nnlib.MLP([3, 5, 5, 5, 4], activation=activation, output_activation=LOSSES[loss],
                    seed=int(rng.integers(1 << 30)), norm=norm, residual=residual,
                    dropout=dropout)
    for layer in net.layers:
        layer.b[:] = rng.normal(size=layer.b.shape)
        if layer.norm:
            layer.gamma[:] = rng.uniform(0.5, 2, size=layer.n_out)
            layer.beta[:] = rng.normal(size=layer.n_out)
    return net


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("norm", ["batch", "layer"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_network_gradients(activation, norm, residual, training, loss, rng):
    net = _net(rng, norm, residual, activation, loss)
    X = rng.normal(size=(7, 3))
    T = _targets(loss, rng, 7, 4)
    if not training:                          # evaluation uses statistics from training passes
        for _ in range(3):
            net.forward(rng.normal(size=(7, 3)) * 2, training=True)
    stats = [p.copy() for _, p in net.running_stats()]
    check = nnlib.check_gradients(net, X, T, loss, training=training)
    names = {f"{p}{i}" for i in range(1, 5) for p in "Wb"}
    names |= {f"{p}{i}" for i in range(1, 4) for p in ("gamma", "beta")}
    assert set(check) == names
    for name, err in check.items():
        if norm == "batch" and training and name in ("b1", "b2", "b3"):
            continue                          # exactly 0: checked below by size
        assert err < 1e-7, (name, check)
    if norm == "batch" and training:
        for layer in net.layers[:-1]:
            assert np.abs(layer.db).max() < 1e-12
    for (_, p), old in zip(net.running_stats(), stats):  # the check changed no running stat
        np.testing.assert_array_equal(p, old)

    # dL/dX through every path
    lossf = nnlib.losses.get(loss)
    Tt = lossf.targets(T, (7, 4))
    Y = net._forward(X, training)
    dX = net.backward(lossf._grad(Y, Tt))
    num = numerical_gradient(lambda: float(lossf._value(net._forward(X, training), Tt)), X)
    assert relative_error(dX, num) < 1e-7


def test_gradients_with_dropout_and_batch_norm(rng):
    net = _net(rng, "batch", True, "tanh", "half_mse", dropout=0.3)
    X, T = rng.normal(size=(8, 3)), rng.normal(size=(8, 4))
    check = nnlib.check_gradients(net, X, T, "half_mse", training=True)
    assert all(err < 1e-7 for name, err in check.items() if name not in ("b1", "b2", "b3"))
    assert net.masks is not None


def test_gradient_check_catches_a_missing_gamma_term(rng, monkeypatch):
    net = _net(rng, "layer", False, "tanh", "half_mse")
    X, T = rng.normal(size=(5, 3)), rng.normal(size=(5, 4))
    assert nnlib.check_gradients(net, X, T, "half_mse").max_error < 1e-7
    real = normalization.norm_backward

    def no_gamma(dZ_tilde, gamma, cache):       # forgets that dL/dẑ = γ ⊙ dL/dz̃
        return real(dZ_tilde, np.ones_like(gamma), cache)

    monkeypatch.setattr(normalization, "norm_backward", no_gamma)
    broken = nnlib.check_gradients(net, X, T, "half_mse")
    assert broken["W3"] > 1e-3 and broken["gamma3"] < 1e-7   # the error is below dL/dγ


# -- running statistics and the two modes ------------------------------------------------------

def test_running_statistics_follow_batchnorm1d(rng):
    net = nnlib.MLP([3, 4, 2], activation="tanh", seed=1, norm="batch")
    layer = net.layers[0]
    np.testing.assert_array_equal(layer.running_mean, 0)
    np.testing.assert_array_equal(layer.running_var, 1)
    mean, var = np.zeros(4), np.ones(4)
    for n in (5, 2, 9):
        X = rng.normal(size=(n, 3)) * 2 + 1
        net.forward(X, training=True)
        Z = X @ layer.W.T + layer.b
        mean = 0.9 * mean + 0.1 * Z.mean(axis=0)
        var = 0.9 * var + 0.1 * Z.var(axis=0, ddof=1)      # unbiased, as torch
        np.testing.assert_allclose(layer.running_mean, mean, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(layer.running_var, var, rtol=1e-13)
        # the training pass normalised with the batch's biased variance
        Z_tilde = (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + 1e-5)
        np.testing.assert_allclose(layer.Z_tilde, Z_tilde, rtol=1e-12, atol=1e-13)
    X = rng.normal(size=(4, 3))
    before = layer.running_mean.copy()
    net.forward(X)                                        # evaluation: running statistics
    Z = X @ layer.W.T + layer.b
    np.testing.assert_allclose(layer.Z_tilde, (Z - mean) / np.sqrt(var + 1e-5), rtol=1e-12)
    np.testing.assert_array_equal(layer.running_mean, before)


def test_evaluation_treats_each_sample_alone(rng):
    net = nnlib.MLP([3, 6, 6, 2], seed=2, norm="batch", residual=True)
    for _ in range(4):
        net.forward(rng.normal(size=(10, 3)), training=True)
    X = rng.normal(size=(5, 3))
    together = net.forward(X)
    alone = np.vstack([net.forward(X[i:i + 1]) for i in range(5)])
    np.testing.assert_allclose(together, alone, rtol=1e-12)
    assert not np.allclose(net.forward(X, training=True), together)


def test_layer_norm_is_the_same_in_both_modes(rng):
    net = nnlib.MLP([3, 6, 2], seed=2, norm="layer")
    X = rng.normal(size=(5, 3))
    np.testing.assert_array_equal(net.forward(X, training=True), net.forward(X))
    assert net.layers[0].running_mean is None
    np.testing.assert_allclose(net.forward(X[:1]), net.forward(X)[:1], rtol=1e-12)


def test_a_training_batch_of_one_sample_is_refused_by_batch_norm():
    net = nnlib.MLP([2, 3, 1], norm="batch")
    with pytest.raises(ValueError, match="at least 2 samples"):
        net.forward(np.ones((1, 2)), training=True)
    net.forward(np.ones((1, 2)))                          # evaluation: fine
    nnlib.MLP([2, 3, 1], norm="layer").forward(np.ones((1, 2)), training=True)


def test_fit_trains_with_batch_statistics(rng):
    X, y = nnlib.data.moons(64, noise=0.1, seed=0)
    net = nnlib.MLP([2, 8, 8, 1], activation="relu", seed=0, norm="batch", residual=True)
    history = nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(0.5), epochs=20,
                        batch_size=16)
    assert not history.diverged
    assert history.epoch_loss[-1] < 0.5 * history.epoch_loss[0]
    assert not np.array_equal(net.layers[0].running_var, np.ones(8))


# -- parameters, optimisers, bookkeeping ---------------------------------------------------------

def test_parameters_and_bookkeeping():
    net = nnlib.MLP([2, 3, 3, 1], seed=0, norm="batch")
    assert [n for n, _ in net.parameters()] == [
        "W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"]
    assert net.n_params == 9 + 6 + 12 + 6 + 4 == sum(p.size for _, p in net.parameters())
    assert repr(net) == ("MLP([2, 3, 3, 1], activation=sigmoid, output_activation=sigmoid, "
                         "init=xavier, norm=batch, 37 parameters)")
    assert "norm=layer" in repr(nnlib.Dense(2, 3, norm="layer"))
    plain = nnlib.MLP([2, 3, 3, 1], seed=0)
    for layer, same in zip(net.layers, plain.layers):    # the norm draws no random numbers
        np.testing.assert_array_equal(layer.W, same.W)
    assert net.layers[-1].norm is None and net.layers[-1].gamma is None
    params = net.get_params()
    params[2][:] = 3.0
    twin = net.copy()
    net.set_params(params)
    np.testing.assert_array_equal(net.layers[0].gamma, 3.0)
    np.testing.assert_array_equal(twin.layers[0].gamma, 1.0)
    net.forward(np.ones((4, 2)), training=True)
    assert not np.shares_memory(twin.layers[0].running_var, net.layers[0].running_var)
    np.testing.assert_array_equal(twin.layers[0].running_var, 1.0)


@pytest.mark.parametrize("norm", [None, "batch", "layer"])
def test_bad_norm_values(norm):
    nnlib.MLP([2, 3, 1], norm=norm)
    for bad in ("group", "", True, 1):
        with pytest.raises(ValueError, match="norm must be None, 'batch' or 'layer'"):
            nnlib.MLP([2, 3, 1], norm=bad)
    with pytest.raises(ValueError, match="norm must be"):
        nnlib.Dense(2, 3, norm="instance")
    layer = nnlib.Dense(2, 3, norm="layer")
    layer.forward(np.ones((2, 2)))
    with pytest.raises(ValueError, match="gamma and beta from dA"):
        layer.backward(delta=np.ones((2, 3)))


def test_sgd_updates_gamma_and_beta_like_biases(rng):
    net = nnlib.MLP([3, 4, 2], activation="tanh", seed=0, norm="layer")
    X, T = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    nnlib.forward_backward(net, "half_mse", X, T)
    layer = net.layers[0]
    gamma, beta, W = layer.gamma.copy(), layer.beta.copy(), layer.W.copy()
    dgamma, dbeta, dW = layer.dgamma.copy(), layer.dbeta.copy(), layer.dW.copy()
    nnlib.SGD(0.1, weight_decay=0.5, l1=0.2).step(net)
    np.testing.assert_allclose(layer.gamma, gamma - 0.1 * dgamma, rtol=1e-15)  # not decayed
    np.testing.assert_allclose(layer.beta, beta - 0.1 * dbeta, rtol=1e-15)
    np.testing.assert_allclose(layer.W, W - 0.1 * (dW + 0.5 * W + 0.2 * np.sign(W)), rtol=1e-14)


def test_clipping_counts_gamma_and_beta(rng):
    net = nnlib.MLP([3, 4, 2], activation="tanh", seed=0, norm="layer")
    nnlib.forward_backward(net, "half_mse", rng.normal(size=(5, 3)), rng.normal(size=(5, 2)))
    grads = [g for _, _, _, g in nnlib.optim.parameters_and_grads(net.layers)]
    assert len(grads) == 6
    norm = np.sqrt(sum(np.vdot(g, g) for g in grads))
    assert nnlib.optim.global_norm(net.layers) == pytest.approx(norm, rel=1e-14)
    gamma, dgamma = net.layers[0].gamma.copy(), net.layers[0].dgamma.copy()
    nnlib.SGD(1.0, clip_norm=norm / 2).step(net)
    np.testing.assert_allclose(net.layers[0].gamma, gamma - dgamma / 2, rtol=1e-14)


def test_adam_updates_gamma_and_beta(rng):
    net = nnlib.MLP([3, 4, 2], activation="tanh", seed=0, norm="batch")
    nnlib.forward_backward(net, "half_mse", rng.normal(size=(5, 3)), rng.normal(size=(5, 2)))
    layer = net.layers[0]
    gamma, beta = layer.gamma.copy(), layer.beta.copy()
    nnlib.Adam(0.01).step(net)
    # first Adam step: each number moves by lr · sign(g)
    np.testing.assert_allclose(layer.gamma, gamma - 0.01 * np.sign(layer.dgamma), rtol=1e-6)
    np.testing.assert_allclose(layer.beta, beta - 0.01 * np.sign(layer.dbeta), rtol=1e-6)


def test_range_test_puts_batch_norms_running_statistics_back():
    # The sweep trains, so batch norm's running mean and variance move; like the weights, they
    # must be as they were afterwards, or a later evaluation pass uses the sweep's statistics.
    X, y = nnlib.data.moons(64, noise=0.2, seed=0)
    net = nnlib.MLP([2, 8, 8, 1], activation="relu", norm="batch", seed=0)
    net.forward(X, training=True)                   # running statistics away from 0 and 1
    before = [p.copy() for _, p in net.running_stats()]
    nnlib.lr_range_test(net, X, y, "binary_cross_entropy", steps=20, batch_size=16)
    for (name, p), b in zip(net.running_stats(), before):
        assert np.array_equal(p, b), name


def test_negative_fraction_counts_what_the_activation_sees():
    # With batch norm, f gets z̃ = γ(z − μ)/σ + β, not z = W·x + b: once the running mean has
    # learnt the shift, a layer whose every z is negative has units above 0 after the norm.
    X, _ = nnlib.data.moons(64, noise=0.2, seed=0)
    net = nnlib.MLP([2, 8, 1], activation="leaky_relu", norm="batch", seed=0)
    net.layers[0].b[:] = -100.0                     # every z below 0
    assert (net.forward(X) is not None) and (net.layers[0].Z < 0).all()
    for _ in range(200):                            # running mean → the batch's mean, about −100
        net.forward(X, training=True)
    (fraction,) = nnlib.diagnostics.negative_fraction(net, X)
    assert fraction == 0


def test_fit_refuses_a_last_batch_of_one_with_batch_norm_before_training():
    # A batch of 1 has no batch variance; torch raises in the middle of the epoch. fit says so
    # before the first step, and leaves the network untouched.
    X, y = nnlib.data.moons(33, noise=0.2, seed=0)
    net = nnlib.MLP([2, 4, 1], norm="batch", seed=0)
    before = net.get_params()
    with pytest.raises(ValueError, match="last batch of 1"):
        nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(0.1), epochs=1, batch_size=16)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.get_params()))
    nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(0.1), epochs=1, batch_size=11)
    layer_norm = nnlib.MLP([2, 4, 1], norm="layer", seed=0)   # no batch statistics: fine
    nnlib.fit(layer_norm, X, y, "binary_cross_entropy", nnlib.SGD(0.1), epochs=1, batch_size=16)
