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


def test_steepest_fall_lies_below_the_lowest_point():
    """A fall that gets steeper right up to the lowest point, then a blow-up: the steepest fall
    is a central slope whose window lies inside the fall, strictly below the lowest point (a
    one-sided slope at the end of the slice used to put it *at* the lowest point)."""
    lrs = np.geomspace(1e-3, 10, 41)                  # ten steps per decade
    u = np.log10(lrs)
    smoothed = np.where(u <= 0, 1 - 0.1 * 10 ** u, 0.9 + 2 * u)    # lowest at lr = 1
    (lo, hi), steepest, at_min = nnlib.lr_finder._suggest(lrs, smoothed, smoothed)
    assert at_min == lrs[30] == hi and lo == lrs[21]
    # the fall from lrs[21] to lrs[30] is 9 steps: the window shrinks from ±5 to ±4 steps, and
    # the last centre whose window stays inside the fall is 26
    assert steepest == lrs[26]
    assert lo <= steepest < at_min


def test_a_wiggle_next_to_the_lowest_point_is_not_the_steepest_fall():
    """Lesson 05's failure: a dip one step wide just before the lowest point gave the steepest
    one-step slope, so the "steepest fall" sat at the bottom of the curve, next to the lowest
    point. Over half a decade each side the steady fall counts, not the wiggle."""
    lrs = np.geomspace(1e-3, 10, 41)                  # ten steps per decade
    i = np.arange(41)
    smoothed = np.where(i < 10, 1.0, 1 - 0.025 * (i - 10))          # −0.25 per decade
    smoothed[29] -= 0.05                              # the dip: now the lowest point
    smoothed[30:] = 0.5 + 0.3 * (i[30:] - 30)         # then the blow-up
    (lo, hi), steepest, at_min = nnlib.lr_finder._suggest(lrs, smoothed, smoothed)
    assert at_min == lrs[29]
    # (a one-step central slope puts it at lrs[28]: (s[29] − s[27]) / 0.2 = −0.5 per decade)
    assert lo <= steepest <= lrs[24]                  # at least half a decade below the dip


def test_steepest_fall_skips_a_noisy_start_and_rises():
    """The search starts where the fall has begun for good, and a point where the curve rises is
    never the steepest fall."""
    lrs = np.geomspace(1e-4, 1e-4 * 10 ** 4.5, 10)  # half a decade per step
    smoothed = np.array([1.0, 1.0, 0.4, 1.0, 1.0, 0.9, 0.8, 0.4, 0.35, 2.0])  # a dip at step 2
    # central slopes per decade: step 1 → −0.6 (the dip, before the fall begins for good),
    # 5 → −0.2, 6 → −0.5, 7 → −0.45; step 8 is the lowest point
    (lo, hi), steepest, at_min = nnlib.lr_finder._suggest(lrs, smoothed, smoothed)
    assert at_min == lrs[8] and lo == lrs[5]
    assert steepest == lrs[6]
    assert lo <= steepest < at_min


def test_lesson_range_test_steepest_is_inside_the_fall():
    """Lesson 05's range test: the steepest fall lies in the suggested range, below the lowest
    point, where the smoothed loss is falling, and inside the lesson's rule (a tenth to a half
    of the lowest point)."""
    X, y = nnlib.data.moons(200, noise=0.25, seed=0)
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    r = nnlib.lr_range_test(net, X, y, "binary_cross_entropy", lr_min=1e-4, lr_max=100)
    lo, hi = r.suggested
    assert lo <= r.lr_steepest < r.lr_min_loss == hi
    i = int(np.flatnonzero(r.lrs == r.lr_steepest)[0])
    assert r.smoothed[i + 1] < r.smoothed[i - 1]
    assert r.lr_min_loss / 10 <= r.lr_steepest <= r.lr_min_loss / 2


def _recording(net):
    """Replace ``net._forward`` by one that records the ``training`` flag of every call."""
    calls, forward = [], net._forward

    def recording(X, training=False):
        calls.append(training)
        return forward(X, training=training)

    net._forward = recording
    return calls


def test_the_sweep_takes_training_steps_and_restores_the_weights():
    X, y = nnlib.data.moons(64, noise=0.2, seed=0)
    net = nnlib.MLP([2, 4, 1], seed=0)
    before = net.get_params()
    calls = _recording(net)
    r = nnlib.lr_range_test(net, X, y, "binary_cross_entropy", steps=10, batch_size=16,
                            lr_max=1.0)
    assert len(calls) == len(r.lrs) == 10 and all(calls)     # every step is a training pass
    for a, b in zip(before, net.get_params()):
        np.testing.assert_array_equal(a, b)
