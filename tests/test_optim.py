"""SGD: the order of operations, weight decay on weights only, clipping, momentum."""

import numpy as np
import pytest

import nnlib
from nnlib import quadratic
from nnlib.optim import global_norm


def _net_with_grads(rng, sizes=(3, 4, 2)):
    net = nnlib.MLP(list(sizes), seed=0)
    for layer in net.layers:
        layer.b[:] = rng.normal(size=layer.b.shape)
        layer.dW = rng.normal(size=layer.W.shape)
        layer.db = rng.normal(size=layer.b.shape)
    return net


def test_plain_step(rng):
    net = _net_with_grads(rng)
    before = net.get_params()
    grads = [g for layer in net.layers for g in (layer.dW.copy(), layer.db.copy())]
    nnlib.SGD(0.1).step(net)
    for p0, g, p1 in zip(before, grads, net.get_params()):
        np.testing.assert_allclose(p1, p0 - 0.1 * g)


def test_weight_decay_and_l1_leave_biases_alone(rng):
    net = _net_with_grads(rng)
    for layer in net.layers:            # zero gradients: only the decay moves anything
        layer.dW[...] = 0
        layer.db[...] = 0
    W0 = [layer.W.copy() for layer in net.layers]
    b0 = [layer.b.copy() for layer in net.layers]
    nnlib.SGD(0.5, weight_decay=0.1, l1=0.01).step(net)
    for layer, W, b in zip(net.layers, W0, b0):
        np.testing.assert_array_equal(layer.b, b)
        np.testing.assert_allclose(layer.W, W - 0.5 * (0.1 * W + 0.01 * np.sign(W)))


def test_update_biases_false_keeps_biases(rng):
    net = _net_with_grads(rng)
    b0 = [layer.b.copy() for layer in net.layers]
    W0 = [layer.W.copy() for layer in net.layers]
    nnlib.SGD(0.5, update_biases=False).step(net)
    for layer, b, W in zip(net.layers, b0, W0):
        np.testing.assert_array_equal(layer.b, b)
        assert not np.array_equal(layer.W, W)


def test_clipping_bounds_the_global_norm(rng):
    net = _net_with_grads(rng)
    norm = global_norm(net.layers)
    assert norm > 1.0
    before = net.get_params()
    grads = [g for layer in net.layers for g in (layer.dW.copy(), layer.db.copy())]
    nnlib.SGD(1.0, clip_norm=1.0).step(net)
    steps = [p0 - p1 for p0, p1 in zip(before, net.get_params())]
    step_norm = np.sqrt(sum(np.sum(s * s) for s in steps))
    assert step_norm == pytest.approx(1.0)
    for s, g in zip(steps, grads):      # same direction, scaled by clip/norm
        np.testing.assert_allclose(s, g / norm)
    # A norm already under the limit is left alone.
    net2 = _net_with_grads(np.random.default_rng(1))
    before2 = net2.get_params()
    grads2 = [g for layer in net2.layers for g in (layer.dW.copy(), layer.db.copy())]
    nnlib.SGD(1.0, clip_norm=1e6).step(net2)
    for p0, g, p1 in zip(before2, grads2, net2.get_params()):
        np.testing.assert_allclose(p1, p0 - g)


def test_clipping_happens_before_decay(rng):
    net = _net_with_grads(rng)
    W0 = net.layers[0].W.copy()
    dW = net.layers[0].dW.copy()
    norm = global_norm(net.layers)
    nnlib.SGD(1.0, clip_norm=0.5, weight_decay=0.2).step(net)
    np.testing.assert_allclose(net.layers[0].W, W0 - (dW * 0.5 / norm + 0.2 * W0))


def test_momentum_matches_the_formula(rng):
    net = nnlib.MLP([2, 3, 1], seed=0)
    opt = nnlib.SGD(0.1, momentum=0.9, weight_decay=0.01)
    W = net.layers[0].W.copy()
    v = np.zeros_like(W)
    for _ in range(5):
        g = rng.normal(size=W.shape)
        for layer in net.layers:
            layer.dW = rng.normal(size=layer.W.shape) if layer is not net.layers[0] else g.copy()
            layer.db = np.zeros_like(layer.b)
        v = 0.9 * v + (g + 0.01 * W)
        W = W - 0.1 * v
        opt.step(net)
        np.testing.assert_allclose(net.layers[0].W, W)
    opt.reset()
    assert opt._velocity == {}


def test_repr_and_bad_arguments():
    assert repr(nnlib.SGD(0.1)) == "SGD(lr=0.1)"
    assert (repr(nnlib.SGD(0.1, momentum=0.9, clip_norm=5))
            == "SGD(lr=0.1, momentum=0.9, clip_norm=5)")
    for bad, match in [(dict(lr=0), "lr"), (dict(lr=-1), "lr"), (dict(lr=float("nan")), "lr"),
                       (dict(lr=0.1, momentum=1.0), "momentum"),
                       (dict(lr=0.1, weight_decay=-1), "weight_decay"),
                       (dict(lr=0.1, clip_norm=0), "clip_norm")]:
        with pytest.raises(ValueError, match=match):
            nnlib.SGD(**bad)
    with pytest.raises(TypeError, match="lr"):
        nnlib.SGD("0.1")
    with pytest.raises(TypeError, match="MLP or a Dense"):
        nnlib.SGD(0.1).step("net")


@pytest.mark.parametrize("a, lr, momentum", [
    ([0.1, 2.0], 0.6, 0.5), ([0.1, 2.0], 0.4, 0.0), ([0.5, 4.0], 0.3, 0.9),
    ([1.0], 0.05, 0.2), ([0.1, 2.0], 0.8, 0.5), ([3.0], 0.01, 0.99),
])
def test_step_factor_is_the_rate_descent_shrinks_or_grows(a, lr, momentum):
    """quadratic.step_factor against the path itself: over many steps each coordinate's size
    changes by the factor per step (the largest |eigenvalue| of the step on (x, v))."""
    factors = quadratic.step_factor(a, lr, momentum)
    for i, (ai, q) in enumerate(zip(a, factors)):
        x, v, sizes = 1.0, 0.0, []
        for _ in range(400):                    # one coordinate, by hand: v = μv + 2ax, x −= ηv
            v = momentum * v + 2 * ai * x
            x = x - lr * v
            sizes.append(np.hypot(x, v))
        measured = (sizes[-1] / sizes[199]) ** (1 / 200)
        assert abs(measured - q) < 0.01 * q + 1e-3, (i, measured, q)
        # below 1 exactly when η is below the stability limit (1 + μ)/a
        assert (q < 1) == (lr < quadratic.largest_stable_lr([ai], momentum))


def test_step_factor_without_momentum_is_exact():
    np.testing.assert_array_equal(quadratic.step_factor([0.1, 2.0], 0.6), [0.88, 1.4])
    with pytest.raises(ValueError, match="momentum"):
        quadratic.step_factor([1.0], 0.1, momentum=1.0)
