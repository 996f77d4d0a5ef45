"""Smith's learning-rate range test."""

import numpy as np

import nnlib


def _setup():
    X, y = nnlib.data.moons(200, noise=0.15, seed=0)
    net = nnlib.MLP([2, 16, 1], activation="tanh", seed=0)
    return net, X, y


def test_restores_the_weights_and_stops_on_divergence():
    net, X, y = _setup()
    before = net.get_params()
    result = nnlib.lr_range_test(net, X, y, "binary_cross_entropy", lr_min=1e-4, lr_max=1e3,
                                 steps=200, batch_size=16)
    for a, b in zip(before, net.get_params()):
        np.testing.assert_array_equal(a, b)
    assert result.diverged
    assert len(result.lrs) < 200                # it stopped before lr_max
    assert result.smoothed[-1] > 4 * result.smoothed.min() or not np.isfinite(result.losses[-1])
    assert np.all(np.diff(result.lrs) > 0)


def test_suggested_range_trains_the_net():
    net, X, y = _setup()
    result = nnlib.lr_range_test(net, X, y, "binary_cross_entropy", lr_min=1e-4, lr_max=1e3,
                                 steps=200, batch_size=16)
    lo, hi = result.suggested
    assert 1e-4 < lo < hi < 1e3
    lr = float(np.sqrt(lo * hi))
    h = nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(lr), epochs=30, batch_size=16)
    assert not h.diverged
    assert h.epoch_loss[-1] < 0.5 * h.epoch_loss[0]
    # far below the range hardly anything happens in the same time
    slow = nnlib.fit(nnlib.MLP([2, 16, 1], activation="tanh", seed=0), X, y,
                     "binary_cross_entropy", nnlib.SGD(lo / 1000), epochs=30, batch_size=16)
    assert slow.epoch_loss[-1] > 0.9 * slow.epoch_loss[0]
    assert "suggested range" in repr(result)
