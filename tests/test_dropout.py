"""Inverted dropout in MLP: masks, scaling, evaluation mode, and backprop through the masks.

The gradient checks hold the masks fixed: ``forward(X, training=True)`` draws them and keeps
them in ``net.masks``; ``forward(X, training=True, keep_masks=True)`` evaluates the very same
thinned network again, which is the function whose gradient ``backward`` computes.
"""

import numpy as np
import pytest

import nnlib
from nnlib.gradcheck import numerical_gradient, relative_error

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]


def _net(activation="tanh", dropout=0.5, sizes=(4, 6, 5, 3), seed=0, rng=None):
    net = nnlib.MLP(list(sizes), activation=activation, output_activation="identity",
                    seed=seed, dropout=dropout)
    if rng is not None:          # random biases: no ReLU unit sits exactly on its kink
        for layer in net.layers:
            layer.b[:] = rng.normal(size=layer.b.shape)
    return net


def _loss_and_targets(name, rng, n, k):
    loss = nnlib.losses.get(name)
    T = rng.integers(0, k, size=n) if name == "softmax_cross_entropy" else rng.normal(size=(n, k))
    return loss, loss.targets(T, (n, k))


@pytest.mark.parametrize("p", [0.2, 0.5])
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss_name", ["softmax_cross_entropy", "half_mse"])
def test_backprop_through_fixed_masks_matches_finite_differences(p, activation, loss_name, rng):
    net = _net(activation, p, rng=rng)
    X = rng.normal(size=(7, 4))
    loss, T = _loss_and_targets(loss_name, rng, 7, 3)
    Y = net.forward(X, training=True)
    masks = [m.copy() for m in net.masks]
    assert any((m == 0).any() for m in masks)             # some units really are dropped
    dX = net.backward(loss.grad(Y, T))
    analytic = [g.copy() for layer in net.layers for g in (layer.dW, layer.db)]

    def f():
        return loss.value(net.forward(X, training=True, keep_masks=True), T)

    numeric = [numerical_gradient(f, q) for _, q in net.parameters()]
    for (name, _), a, n in zip(net.parameters(), analytic, numeric):
        assert relative_error(a, n) < 1e-7, name
    Xc = X.copy()
    dX_numeric = numerical_gradient(lambda: loss.value(
        net.forward(Xc, training=True, keep_masks=True), T), Xc)
    assert relative_error(dX, dX_numeric) < 1e-7
    for kept, m in zip(net.masks, masks):                 # keep_masks drew nothing new
        np.testing.assert_array_equal(kept, m)


def test_no_gradient_flows_through_a_dropped_unit(rng):
    net = _net("sigmoid", 0.5, sizes=(3, 8, 2), rng=rng)
    X = rng.normal(size=(1, 3))                           # one sample: one mask row
    Y = net.forward(X, training=True)
    mask = net.masks[0][0]
    dropped, kept = mask == 0, mask != 0
    assert dropped.any() and kept.any()
    np.testing.assert_array_equal(mask[kept], 2.0)        # kept units scaled by 1/(1 − p)
    net.backward(rng.normal(size=Y.shape))
    hidden, out = net.layers
    np.testing.assert_array_equal(hidden.db[dropped], 0.0)       # their δ is 0
    np.testing.assert_array_equal(hidden.dW[dropped], 0.0)
    np.testing.assert_array_equal(out.dW[:, dropped], 0.0)       # their output is 0
    assert np.all(out.dW[:, kept] != 0)
    # A kept unit's δ is twice what the same unit gets with its mask set to 1 (no scaling).
    delta_kept = hidden.delta[0, kept]
    unscaled = (out.delta @ out.W)[0, kept] * hidden.activation.df(hidden.Z, hidden.A)[0, kept]
    np.testing.assert_allclose(delta_kept, 2.0 * unscaled, rtol=1e-12)


def test_training_output_matches_evaluation_in_expectation():
    # One hidden layer and a linear output: E[y_train] = y_eval exactly, so the mean over many
    # masks must come within a few standard errors. Without the 1/(1 − p) scaling the mean
    # would be (1 − p)·(the hidden part), many standard errors away.
    p = 0.3
    net = _net("sigmoid", p, sizes=(2, 16, 1), seed=3)
    X = np.tile([[0.5, -1.0]], (40000, 1))
    y_eval = net.forward(X[:1])[0, 0]
    y_train = net.forward(X, training=True)[:, 0]
    se = y_train.std() / np.sqrt(len(y_train))
    assert abs(y_train.mean() - y_eval) < 4 * se
    unscaled = (y_train - net.layers[-1].b[0]) * (1 - p) + net.layers[-1].b[0]
    assert abs(unscaled.mean() - y_eval) > 20 * se
    assert abs(np.mean(net.masks[0] == 0) - p) < 0.005    # a fraction p of units dropped


def test_masks_differ_between_calls_and_repeat_for_the_same_seed():
    X = np.random.default_rng(0).normal(size=(5, 4))
    a, b = _net(seed=4), _net(seed=4)
    first = [m.copy() for m in (a.forward(X, training=True), *a.masks)]
    second = [m.copy() for m in (a.forward(X, training=True), *a.masks)]
    assert not all(np.array_equal(u, v) for u, v in zip(first, second))
    again = [m.copy() for m in (b.forward(X, training=True), *b.masks)]
    for u, v in zip(first, again):
        np.testing.assert_array_equal(u, v)
    c = _net(seed=5)
    c.forward(X, training=True)
    assert not np.array_equal(c.masks[0], first[1])


def test_dropout_does_not_change_the_initial_weights():
    for seed in (0, 1):
        with_dropout = nnlib.MLP([4, 6, 3], seed=seed, dropout=0.5)
        without = nnlib.MLP([4, 6, 3], seed=seed)
        for p, q in zip(with_dropout.get_params(), without.get_params()):
            np.testing.assert_array_equal(p, q)


def test_p_zero_is_bit_identical_to_no_dropout(rng):
    X = rng.normal(size=(9, 4))
    dY = rng.normal(size=(9, 3))
    plain, zero = _net(dropout=0.0), _net(dropout=0.0)
    Y_plain = plain.forward(X)
    Y_zero = zero.forward(X, training=True)
    np.testing.assert_array_equal(Y_zero, Y_plain)
    assert zero.masks is None
    plain.backward(dY)
    zero.backward(dY)
    for lp, lz in zip(plain.layers, zero.layers):
        np.testing.assert_array_equal(lz.dW, lp.dW)
        np.testing.assert_array_equal(lz.db, lp.db)
    assert repr(zero) == repr(plain) and "dropout" not in repr(zero)


def test_evaluation_mode_ignores_p(rng):
    X = rng.normal(size=(6, 4))
    net, plain = _net(dropout=0.5), _net(dropout=0.0)
    state = net.dropout_rng.bit_generator.state
    np.testing.assert_array_equal(net.forward(X), plain.forward(X))
    np.testing.assert_array_equal(net(X), plain(X))
    assert net.dropout_rng.bit_generator.state == state          # no mask was drawn
    net.forward(X, training=True)
    assert net.masks is not None
    net.forward(X)                                               # an evaluation pass …
    assert net.masks is None                                     # … leaves no masks behind
    dY = rng.normal(size=(6, 3))
    net.backward(dY)
    plain.forward(X)
    plain.backward(dY)
    np.testing.assert_array_equal(net.layers[0].dW, plain.layers[0].dW)


def test_output_layer_is_never_dropped(rng):
    net = _net("relu", 0.9, sizes=(3, 4, 50), seed=0, rng=rng)
    X = rng.normal(size=(20, 3))
    Y = net.forward(X, training=True)
    assert len(net.masks) == 1 and net.masks[0].shape == (20, 4)
    np.testing.assert_array_equal(Y, net.layers[-1].A)      # no mask after the last layer


def test_copy_keeps_dropout_and_its_generator():
    X = np.ones((3, 4))
    net = _net(dropout=0.25)
    net.forward(X, training=True)
    twin = net.copy()
    assert twin.dropout == 0.25 and "dropout=0.25" in repr(twin)
    np.testing.assert_array_equal(twin.forward(X, training=True), net.forward(X, training=True))


def test_repr_and_bad_input():
    assert repr(nnlib.MLP([2, 3, 1], dropout=0.2)) == (
        "MLP([2, 3, 1], activation=sigmoid, output_activation=sigmoid, init=xavier, "
        "dropout=0.2, 13 parameters)")
    for p in (1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\)"):
            nnlib.MLP([2, 3, 1], dropout=p)
    with pytest.raises(ValueError, match="dropout must be a finite number"):
        nnlib.MLP([2, 3, 1], dropout=np.nan)
    with pytest.raises(TypeError, match="dropout must be a number"):
        nnlib.MLP([2, 3, 1], dropout="0.5")
    net = nnlib.MLP([2, 3, 1], dropout=0.5)
    with pytest.raises(ValueError, match="keep_masks=True needs a previous forward"):
        net.forward(np.ones((2, 2)), training=True, keep_masks=True)
    net.forward(np.ones((2, 2)), training=True)
    with pytest.raises(ValueError, match="same size"):
        net.forward(np.ones((3, 2)), training=True, keep_masks=True)
    single = nnlib.MLP([2, 1], dropout=0.5)            # no hidden layer: nothing to drop
    single.forward(np.ones((2, 2)), training=True)
    assert single.masks == []
    np.testing.assert_array_equal(single.forward(np.ones((2, 2)), training=True, keep_masks=True),
                                  single.forward(np.ones((2, 2))))
