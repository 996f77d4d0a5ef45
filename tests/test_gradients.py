"""Backprop against finite differences over many random architectures.

Two complementary checks, both in float64 with centred differences:

* each Dense layer alone, with a *random* upstream gradient G (the loss is
  Σ G ⊙ A), for every activation: dX, dW and db agree to < 1e-7 each;
* whole networks (depth 1–5, widths 1–8, every activation but step, every
  loss, batch sizes 1 and 5): all gradients together agree to < 1e-7, and
  each array of a net of depth ≤ 2 agrees to < 1e-7 on its own.

Deep narrow nets have first-layer gradients 1e-4 … 1e-6 times the loss,
below what a float64 finite difference resolves to 7 digits (its round-off
is about 1e-16·|L|/ε); the all-together error weighs each array by its size.
"""

import numpy as np
import pytest

import nnlib
from nnlib.gradcheck import numerical_gradient, relative_error

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]
LOSSES = ["half_mse", "binary_cross_entropy", "softmax_cross_entropy"]
OUTPUT_FOR = {"binary_cross_entropy": "sigmoid", "softmax_cross_entropy": "identity"}


def _targets(loss, rng, n, k):
    if loss == "softmax_cross_entropy":
        return rng.integers(0, k, size=n)
    if loss == "binary_cross_entropy":
        return rng.uniform(size=(n, k))
    return rng.normal(size=(n, k))


def _random_net(rng, activation, loss, depth):
    sizes = [int(s) for s in rng.integers(1, 9, size=depth + 1)]
    net = nnlib.MLP(sizes, activation=activation,
                    output_activation=OUTPUT_FOR.get(loss, activation),
                    seed=int(rng.integers(1 << 30)))
    for layer in net.layers:   # random biases: no unit sits exactly on a ReLU kink
        layer.b[:] = rng.normal(size=layer.b.shape)
    return net


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("n", [1, 5])
def test_dense_backward_with_random_upstream_gradient(activation, n, rng):
    for _ in range(10):
        n_in, n_out = (int(v) for v in rng.integers(1, 9, size=2))
        layer = nnlib.Dense(n_in, n_out, activation, rng=rng)
        layer.b[:] = rng.normal(size=n_out)
        X = rng.normal(size=(n, n_in))
        G = rng.normal(size=(n, n_out))            # random upstream dL/dA, not ones

        def f(layer=layer, X=X, G=G):
            return float(np.sum(G * layer.forward(X)))

        layer.forward(X)
        dX = layer.backward(G)
        dW, db = layer.dW.copy(), layer.db.copy()
        assert relative_error(dW, numerical_gradient(f, layer.W)) < 1e-7
        assert relative_error(db, numerical_gradient(f, layer.b)) < 1e-7
        assert relative_error(dX, numerical_gradient(f, X)) < 1e-7


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_random_networks_overall(activation, loss, rng):
    for depth in range(1, 6):
        for n in (1, 5):
            net = _random_net(rng, activation, loss, depth)
            X = rng.normal(size=(n, net.sizes[0]))
            T = _targets(loss, rng, n, net.sizes[-1])
            check = nnlib.check_gradients(net, X, T, loss)
            assert check.overall < 1e-7, (net, check)
            assert set(check) == {f"{p}{i}" for i in range(1, depth + 1) for p in "Wb"}


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_random_shallow_networks_every_array(activation, loss, rng):
    for depth in (1, 2):
        for n in (1, 5):
            net = _random_net(rng, activation, loss, depth)
            X = rng.normal(size=(n, net.sizes[0]))
            T = _targets(loss, rng, n, net.sizes[-1])
            check = nnlib.check_gradients(net, X, T, loss)
            assert check.max_error < 1e-7, (net, check)


def test_mlp_backward_with_random_upstream_gradient(rng):
    net = nnlib.MLP([3, 5, 4, 2], activation="tanh", output_activation="identity", seed=3)
    X = rng.normal(size=(4, 3))
    G = rng.normal(size=(4, 2))
    net.forward(X)
    dX = net.backward(G)
    np.testing.assert_allclose(dX, numerical_gradient(lambda: float(np.sum(G * net.forward(X))),
                                                      X), rtol=1e-7, atol=1e-10)


def test_check_catches_a_wrong_backward(rng, monkeypatch):
    """A backward pass that forgets the activation's derivative must be caught."""
    net = nnlib.MLP([2, 3, 1], seed=1)
    X = rng.normal(size=(4, 2))
    T = rng.uniform(size=(4, 1))
    assert nnlib.check_gradients(net, X, T, "half_mse").max_error < 1e-7

    real_df = nnlib.activations.Sigmoid.df
    monkeypatch.setattr(nnlib.activations.Sigmoid, "df", lambda self, z, a=None: np.ones_like(z))
    broken = nnlib.check_gradients(net, X, T, "half_mse")
    assert broken.max_error > 1e-2
    monkeypatch.setattr(nnlib.activations.Sigmoid, "df", real_df)


def test_check_leaves_parameters_unchanged(rng):
    net = nnlib.MLP([2, 3, 2], seed=1)
    before = net.get_params()
    nnlib.check_gradients(net, rng.normal(size=(3, 2)), rng.uniform(size=(3, 2)), "half_mse")
    for a, b in zip(before, net.get_params()):
        np.testing.assert_array_equal(a, b)


def test_check_evaluates_the_network_in_evaluation_mode():
    # finite differences need one fixed function: no dropout masks, no batch statistics
    X, y = nnlib.data.moons(8, noise=0.2, seed=0)
    net = nnlib.MLP([2, 3, 1], seed=0)
    calls, forward = [], net._forward

    def recording(X, training=False):
        calls.append(training)
        return forward(X, training=training)

    net._forward = recording
    nnlib.check_gradients(net, X, y, "binary_cross_entropy")
    assert len(calls) == 2 + 2 * net.n_params and not any(calls)


def test_bias_gradient_follows_the_latest_backward_pass(rng):
    """db is summed from delta when first read (Dense.db): after a second backward pass it
    must be the new Σ delta, never the first pass's, and it matches finite differences."""
    layer = nnlib.Dense(3, 2, "tanh", rng=rng)
    X = rng.normal(size=(5, 3))
    for upstream in (rng.normal(size=(5, 2)), rng.normal(size=(5, 2))):
        layer.forward(X)
        layer.backward(upstream)
        db = layer.db

        def loss(upstream=upstream):
            return float(np.sum(layer.forward(X) * upstream))

        assert np.array_equal(db, layer.delta.sum(axis=0))
        assert relative_error(db, numerical_gradient(loss, layer.b)) < 1e-7


def test_sgd_keeps_biases_fixed_and_still_reports_their_gradient(rng):
    net = nnlib.MLP([2, 3, 1], seed=1)
    b_before = [layer.b.copy() for layer in net.layers]
    X, T = rng.normal(size=(4, 2)), rng.uniform(size=(4, 1))
    nnlib.fit(net, X, T, "half_mse", nnlib.SGD(0.5, update_biases=False), epochs=3)
    assert all(np.array_equal(layer.b, b) for layer, b in zip(net.layers, b_before))
    assert all(np.array_equal(layer.db, layer.delta.sum(axis=0)) for layer in net.layers)
    assert any(np.abs(layer.db).max() > 0 for layer in net.layers)
