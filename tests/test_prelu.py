"""PReLU: leaky ReLU whose negative-side slope ``a`` is learned, one per unit (He et al., 2015).

The slope's gradient is checked against centred finite differences in float64
(as every other gradient in tests/test_gradients.py), at the layer with a
random upstream gradient and through whole networks; then SGD, dead units
and bad input.
"""

import copy

import numpy as np
import pytest

import nnlib
from nnlib import activations
from nnlib.diagnostics import dead_fraction, negative_fraction
from nnlib.gradcheck import numerical_gradient, relative_error


def _prelu_layer(rng, n_in=4, n_out=5):
    layer = nnlib.Dense(n_in, n_out, activation="prelu", rng=rng)
    layer.b[:] = rng.normal(size=n_out)           # no unit sits exactly on the kink at 0
    layer.a = rng.uniform(0.05, 0.6, size=n_out)   # slopes that differ per unit
    return layer


def test_starts_at_a_quarter_one_slope_per_unit():
    layer = nnlib.Dense(3, 4, activation="prelu", rng=np.random.default_rng(0))
    np.testing.assert_array_equal(layer.a, np.full(4, 0.25))    # He et al. 2015 start at 0.25
    assert layer.n_params == 3 * 4 + 4 + 4
    assert nnlib.Dense(3, 4, activation="relu").a is None
    assert nnlib.Dense(3, 4, activation="relu").da is None
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(activations.get("prelu").f(z), [-0.5, 0.0, 3.0])
    np.testing.assert_array_equal(activations.get("prelu", slope=0.1).df(z), [0.1, 0.1, 1.0])
    assert repr(activations.get("prelu")) == "PReLU(slope=0.25)"


def test_each_layer_of_a_net_owns_its_slopes():
    net = nnlib.MLP([2, 3, 3, 1], activation="prelu", seed=0)
    net.layers[0].a[0] = 0.9
    assert net.layers[1].a[0] == 0.25
    assert [name for name, _ in net.parameters()] == ["W1", "b1", "a1", "W2", "b2", "a2",
                                                        "W3", "b3"]


def test_forward_uses_each_units_slope(rng):
    layer = _prelu_layer(rng)
    X = rng.normal(size=(6, 4))
    A = layer.forward(X)
    Z = X @ layer.W.T + layer.b
    np.testing.assert_allclose(A, np.maximum(Z, 0) + layer.a * np.minimum(Z, 0), rtol=1e-15)


@pytest.mark.parametrize("seed", range(5))
def test_da_matches_finite_differences_at_the_layer(seed):
    """L = Σ G ⊙ A with a random upstream gradient G; dX, dW, db and da each < 1e-7."""
    rng = np.random.default_rng(seed)
    layer = _prelu_layer(rng)
    X = rng.normal(size=(6, 4))
    G = rng.normal(size=(6, 5))
    layer.forward(X)
    dX = layer.backward(G)

    def loss():
        return float(np.sum(G * layer.forward(X)))

    for analytic, p in [(layer.da, layer.a), (layer.dW, layer.W), (layer.db, layer.b), (dX, X)]:
        assert relative_error(analytic, numerical_gradient(loss, p)) < 1e-7


@pytest.mark.parametrize("loss, output", [("half_mse", "prelu"),
                                          ("binary_cross_entropy", "sigmoid"),
                                          ("softmax_cross_entropy", "identity")])
def test_whole_net_gradients_include_the_slopes(rng, loss, output):
    net = nnlib.MLP([3, 5, 4, 2], activation="prelu", output_activation=output, seed=3)
    for layer in net.layers:
        layer.b[:] = rng.normal(size=layer.b.shape)
    X = rng.normal(size=(5, 3))
    T = (rng.integers(0, 2, size=5) if loss == "softmax_cross_entropy"
         else rng.uniform(size=(5, 2)))
    check = nnlib.check_gradients(net, X, T, loss)
    assert {"a1", "a2"} <= set(check)
    assert ("a3" in check) == (output == "prelu")
    assert check.max_error < 1e-7, check


def test_get_set_and_copy_carry_the_slopes():
    net = nnlib.MLP([2, 3, 1], activation="prelu", seed=0)
    saved = net.get_params()
    twin = net.copy()
    net.layers[0].a[:] = 0.7
    assert twin.layers[0].a[0] == 0.25                # copy() is independent
    net.set_params(saved)
    np.testing.assert_array_equal(net.layers[0].a, 0.25)
    np.testing.assert_array_equal(copy.deepcopy(net).layers[0].a, net.layers[0].a)


def _one_step(optimizer, seed=0):
    rng = np.random.default_rng(seed)
    net = nnlib.MLP([2, 4, 1], activation="prelu", seed=seed)
    X, T = rng.normal(size=(8, 2)), rng.uniform(size=(8, 1))
    nnlib.forward_backward(net, "half_mse", X, T)
    a0, da = net.layers[0].a.copy(), net.layers[0].da.copy()
    optimizer.step(net)
    return a0, da, net.layers[0].a


def test_sgd_updates_the_slopes_without_decaying_them():
    a0, da, a1 = _one_step(nnlib.SGD(0.5))
    assert np.abs(da).max() > 0
    np.testing.assert_allclose(a1, a0 - 0.5 * da, rtol=1e-15)
    # Weight decay and L1 act on W only: the slopes take the same step as without them.
    a0, da, a1 = _one_step(nnlib.SGD(0.5, weight_decay=0.3, l1=0.2, momentum=0.9))
    np.testing.assert_allclose(a1, a0 - 0.5 * da, rtol=1e-15)


def test_clipping_counts_the_slopes():
    rng = np.random.default_rng(0)
    net = nnlib.MLP([2, 4, 1], activation="prelu", seed=0)
    nnlib.forward_backward(net, "half_mse", rng.normal(size=(8, 2)), rng.uniform(size=(8, 1)))
    grads = [g for layer in net.layers for g in (layer.dW, layer.db, layer.da) if g is not None]
    norm = np.sqrt(sum(np.vdot(g, g) for g in grads))
    assert nnlib.optim.global_norm(net.layers) == pytest.approx(norm, rel=1e-14)
    a0, da = net.layers[0].a.copy(), net.layers[0].da.copy()
    nnlib.SGD(1.0, clip_norm=norm / 4).step(net)
    np.testing.assert_allclose(net.layers[0].a, a0 - da / 4, rtol=1e-12)


def test_a_unit_pushed_negative_is_not_dead():
    """Every input gives the unit z < 0: ReLU passes nothing back, PReLU passes slope × dA."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    grads = {}
    for name in ["relu", "prelu"]:
        layer = nnlib.Dense(3, 2, activation=name, rng=np.random.default_rng(1))
        layer.b[0] = -100.0                    # unit 0: z < 0 for every input
        layer.forward(X)
        dX = layer.backward(rng.normal(size=(20, 2)))
        grads[name] = (layer.dW[0], layer.db[0], dX)
    assert not np.any(grads["relu"][0]) and grads["relu"][1] == 0
    assert np.all(grads["prelu"][0] != 0) and grads["prelu"][1] != 0
    net = nnlib.MLP([3, 2, 1], activation="prelu", seed=1)
    net.layers[0].b[0] = -100.0
    assert dead_fraction(net, X)[0] == 0.0               # not dead: it passes slope × dA
    assert negative_fraction(net, X)[0] == 0.5           # but 1 of its 2 units sits at z <= 0


def test_bad_input():
    with pytest.raises(ValueError, match="slope"):
        activations.get("prelu", slope=-0.1)
    with pytest.raises(ValueError, match="slope"):
        nnlib.MLP([2, 3, 1], activation=activations.get("prelu", slope=float("nan")))
    with pytest.raises(TypeError):
        activations.get("prelu", slope="big")
    layer = nnlib.Dense(2, 3, activation="prelu")
    with pytest.raises(ValueError, match="shape"):
        layer.a = np.ones(4)
    layer.forward(np.ones((1, 2)))
    with pytest.raises(ValueError, match="dA"):
        layer.backward(delta=np.ones((1, 3)))
    with pytest.raises(AttributeError):
        nnlib.Dense(2, 3, activation="relu").a = np.ones(3)
