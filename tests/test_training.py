"""fit and History: learning XOR, divergence, determinism, what is recorded."""

import warnings

import numpy as np
import pytest

import nnlib
from nnlib.tasks import deep_net, fixed_batch


@pytest.fixture
def xor():
    return nnlib.data.logic_gate("xor")


def test_two_hidden_units_learn_xor(xor):
    X, y = xor
    net = nnlib.MLP([2, 2, 1], seed=0)
    history = nnlib.fit(net, X, y, "half_mse", nnlib.SGD(2.0), epochs=5000)
    Y = net.forward(X).ravel()
    assert np.all((Y > 0.5) == (y == 1)), Y
    assert history.accuracy[-1] == 1.0
    assert history.loss[-1] < 0.01 < history.loss[0]
    assert not history.diverged


def test_history_shapes(xor):
    X, y = xor
    net = nnlib.MLP([2, 3, 3, 1], seed=1)
    h = nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(0.5), epochs=7, batch_size=3)
    assert h.epochs == 7 and h.steps == 14 == len(h)     # 4 samples in batches of 3: 2 steps
    assert h.loss.shape == (14,)
    assert h.grad_norms.shape == (14, 3)
    assert h.epoch_loss.shape == (7,) and h.accuracy.shape == (7,)
    assert h.val_loss is None
    assert np.all(np.isfinite(h.grad_norms))
    assert np.all(h.grad_norms[:, 1:] > 0)   # layer 1 may see only the input (0, 0): dW1 = 0
    assert "7 epochs" in repr(h)


def test_grad_norms_are_the_layers_dW_norms(xor):
    X, y = xor
    net = nnlib.MLP([2, 3, 1], seed=1)
    h = nnlib.fit(net, X, y, "half_mse", nnlib.SGD(0.1), epochs=1)
    fresh = nnlib.MLP([2, 3, 1], seed=1)
    nnlib.forward_backward(fresh, "half_mse", X, y)
    np.testing.assert_allclose(h.grad_norms[0], fresh.gradient_norms())
    np.testing.assert_allclose(fresh.gradient_norms(),
                               [np.linalg.norm(layer.dW) for layer in fresh.layers])


def test_regression_has_no_accuracy():
    ex = nnlib.worked_example()
    h = nnlib.fit(ex.net, ex.X, ex.T, "half_mse", ex.optimizer, epochs=3)
    assert h.accuracy is None


def test_full_batch_equals_manual_steps(xor):
    X, y = xor
    net = nnlib.MLP([2, 2, 1], seed=3)
    manual = net.copy()
    nnlib.fit(net, X, y, "half_mse", nnlib.SGD(0.7), epochs=10)
    opt = nnlib.SGD(0.7)
    for _ in range(10):
        nnlib.forward_backward(manual, "half_mse", X, y)
        opt.step(manual)
    for a, b in zip(net.get_params(), manual.get_params()):
        np.testing.assert_array_equal(a, b)


def test_huge_learning_rate_diverges_quietly(xor):
    X, y = xor
    for loss in ["half_mse", "binary_cross_entropy"]:
        net = nnlib.MLP([2, 2, 1], seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            h = nnlib.fit(net, X, y, loss, nnlib.SGD(1e6), epochs=100)
        assert h.diverged, loss
        assert h.steps < 100
        assert "diverged" in h.message
        assert all(np.isfinite(p).all() for p in net.get_params())


def test_exploding_linear_network_diverges_on_nan():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(32, 4))
    T = rng.normal(size=(32, 1))
    net = nnlib.MLP([4, 16, 16, 1], activation="relu", output_activation="identity",
                    init="normal", init_scale=3.0, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = nnlib.fit(net, X, T, "half_mse", nnlib.SGD(1.0), epochs=50)
    assert h.diverged
    assert h.diverged_at is not None and h.diverged_at == h.steps - 1


def test_clipping_counts_in_the_blowup_test():
    """A huge gradient that the optimiser clips to a small step is not a divergence."""
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(64, 4)), rng.normal(size=(64, 1))

    def run(clip_norm):
        net = nnlib.MLP([4, 16, 16, 16, 1], activation="relu", output_activation="identity",
                        init="normal", init_scale=5.0, seed=0)
        return nnlib.fit(net, X, T, "half_mse", nnlib.SGD(1e-3, clip_norm=clip_norm), epochs=5)

    assert run(None).diverged          # the unclipped steps blow the weights up
    assert not run(0.01).diverged


def test_moderate_learning_rate_does_not_count_as_divergence(xor):
    X, y = xor
    h = nnlib.fit(nnlib.MLP([2, 2, 1], seed=0), X, y, "half_mse", nnlib.SGD(10.0), epochs=200)
    assert not h.diverged


def test_same_seed_same_history_bit_for_bit():
    X, y = nnlib.data.moons(60, noise=0.2, seed=1)

    def run():
        net = nnlib.MLP([2, 5, 1], activation="tanh", seed=4)
        return net, nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(0.5, momentum=0.5),
                              epochs=5, batch_size=8, seed=11)

    (net1, h1), (net2, h2) = run(), run()
    np.testing.assert_array_equal(h1.loss, h2.loss)
    np.testing.assert_array_equal(h1.grad_norms, h2.grad_norms)
    for a, b in zip(net1.get_params(), net2.get_params()):
        np.testing.assert_array_equal(a, b)
    net3 = nnlib.MLP([2, 5, 1], activation="tanh", seed=4)
    h3 = nnlib.fit(net3, X, y, "binary_cross_entropy", nnlib.SGD(0.5, momentum=0.5),
                   epochs=5, batch_size=8, seed=12)
    assert not np.array_equal(h1.loss, h3.loss)     # the shuffling seed matters


def test_sgd_mode_one_sample_per_step():
    X, y = nnlib.data.blobs(20, seed=0)
    h = nnlib.fit(nnlib.MLP([2, 3, 1], seed=0), X, y, "half_mse", nnlib.SGD(0.1), epochs=2,
                  batch_size=1)
    assert h.steps == 40


def test_callback_can_stop(xor):
    X, y = xor
    seen = []

    def callback(epoch, history):
        seen.append((epoch, history.epochs))
        return epoch < 2

    h = nnlib.fit(nnlib.MLP([2, 2, 1]), X, y, "half_mse", nnlib.SGD(1.0), epochs=50,
                  callback=callback)
    assert seen == [(0, 1), (1, 2), (2, 3)]
    assert h.epochs == 3 and h.stopped_by_callback


@pytest.mark.parametrize("answer, epochs", [(np.False_, 1), (np.True_, 4), (None, 4), (0, 4)])
def test_a_numpy_false_stops_too_anything_else_goes_on(xor, answer, epochs):
    # `return history.accuracy[-1] < 1` gives np.False_: it must stop like False does
    X, y = xor
    h = nnlib.fit(nnlib.MLP([2, 2, 1]), X, y, "half_mse", nnlib.SGD(1.0), epochs=4,
                  callback=lambda epoch, history: answer)
    assert h.epochs == epochs and h.stopped_by_callback == (epochs == 1)


def test_validation_data_is_recorded():
    X, y = nnlib.data.moons(80, noise=0.2, seed=0)
    Xt, yt, Xv, yv = nnlib.data.train_test_split(X, y, 0.25, seed=0)
    net = nnlib.MLP([2, 8, 1], activation="tanh", seed=0)
    h = nnlib.fit(net, Xt, yt, "binary_cross_entropy", nnlib.SGD(0.5), epochs=4,
                  validation=(Xv, yv))
    assert h.val_loss.shape == (4,) and h.val_accuracy.shape == (4,)
    expected = nnlib.losses.binary_cross_entropy.value(net.forward(Xv), yv)
    assert h.val_loss[-1] == pytest.approx(expected)


def test_softmax_classifier_accuracy():
    X, y = nnlib.data.blobs(90, centers=3, std=0.3, seed=2)
    net = nnlib.MLP([2, 8, 3], activation="relu", output_activation="identity", init="he",
                    seed=0)
    h = nnlib.fit(net, X, y, "softmax_cross_entropy", nnlib.SGD(0.2), epochs=200,
                  batch_size=16)
    assert h.accuracy[-1] > 0.95
    assert (net.forward(X).argmax(axis=1) == y).mean() > 0.95


# -- divergence hidden by saturation (issue 19) -------------------------------------------

def _size(net):
    return np.sqrt(sum(np.vdot(p, p) for p in net.get_params()))


def test_huge_learning_rate_on_the_moons_is_flagged_though_the_loss_stays_finite():
    # η = 1000: two steps take the weights from 1.5 to about 12 000 (each step below the
    # per-step bar of 1000× their size), every sigmoid saturates, the gradients vanish and
    # the loss stays finite (cross-entropy at its clip level): nothing is inf or NaN.
    X, y = nnlib.data.moons(200, noise=0.2, seed=0)
    net = nnlib.MLP([2, 4, 1])
    start = _size(net)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(1000), epochs=50)
    assert h.diverged and h.epochs < 50, h
    assert "weights grew" in h.message and h.diverged_at == h.steps - 1
    assert _size(net) > 1000 * start
    assert all(np.isfinite(p).all() for p in net.get_params())
    assert np.isfinite(h.loss).all()            # the loss alone could not have said it


def test_growth_is_counted_over_the_epoch_not_per_step():
    # mini-batches: the blow-up happens inside the first epoch, over several steps
    X, y = nnlib.data.moons(200, noise=0.2, seed=0)
    h = nnlib.fit(nnlib.MLP([2, 4, 1]), X, y, "binary_cross_entropy", nnlib.SGD(1000),
                  epochs=5, batch_size=20)
    assert h.diverged and h.epochs == 1 and "epoch 1" in h.message


def test_learning_rate_ten_on_the_moons_is_not_flagged():
    X, y = nnlib.data.moons(200, noise=0.2, seed=0)
    net = nnlib.MLP([2, 4, 1])
    start = _size(net)
    h = nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(10), epochs=50)
    assert not h.diverged and h.accuracy[-1] > 0.8
    assert _size(net) > 3 * start               # the weights grew, a lot, and that is fine


def test_growth_is_measured_from_where_training_began():
    # large weights that stay large are not a blow-up; neither is a tiny start growing to 1
    X, y = nnlib.data.moons(100, noise=0.2, seed=0)
    big = nnlib.MLP([2, 4, 1], init_scale=3000.0, seed=0)
    assert not nnlib.fit(big, X, y, "binary_cross_entropy", nnlib.SGD(0.1), epochs=3).diverged
    tiny = nnlib.MLP([2, 4, 1], init_scale=1e-4, seed=0)
    h = nnlib.fit(tiny, X, y, "binary_cross_entropy", nnlib.SGD(5.0), epochs=30)
    assert not h.diverged and _size(tiny) > 100 * 1e-4


def test_certain_and_wrong_at_the_start_is_not_divergence_if_it_recovers():
    # lesson 04's exploding ReLU net: its sigmoid output starts certain (within 1e-12 of 0
    # or 1) and wrong on some points; with clipped steps cross-entropy's y − t pulls it back
    X, T = fixed_batch()
    net = deep_net(6, 16, "relu", "normal", 1.0, seed=0)
    Y = net.forward(X).ravel()
    assert np.any((Y < 1e-12) & (T == 1)) or np.any((Y > 1 - 1e-12) & (T == 0))
    h = nnlib.fit(net, X, T, "binary_cross_entropy", nnlib.SGD(1.0, clip_norm=0.1), epochs=200)
    assert not h.diverged and h.accuracy[-1] > 0.95


# -- the training and evaluation passes ----------------------------------------------------

def test_steps_train_with_training_true_and_validation_evaluates_with_false():
    X, y = nnlib.data.moons(40, noise=0.2, seed=0)
    net = nnlib.MLP([2, 3, 1], seed=0)
    calls = []
    forward = net._forward

    def recording(X, training=False):
        calls.append((X.shape[0], training))
        return forward(X, training=training)

    net._forward = recording
    nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(0.5), epochs=2, batch_size=16,
              validation=(X[:10], y[:10]))
    # per epoch: three steps (16, 16, 8 samples) in training mode, then one validation pass
    assert calls == [(16, True), (16, True), (8, True), (10, False)] * 2


def test_unchecked_step_is_the_checked_one_without_checks():
    X, y = nnlib.data.moons(30, noise=0.2, seed=0)
    a, b = nnlib.MLP([2, 4, 1], seed=1), nnlib.MLP([2, 4, 1], seed=1)
    L = nnlib.forward_backward(a, "binary_cross_entropy", X, y)
    bce = nnlib.losses.binary_cross_entropy
    L2 = nnlib.training.forward_backward_unchecked(b, bce, X, y.reshape(-1, 1))
    assert L == L2
    for la, lb in zip(a.layers, b.layers):
        np.testing.assert_array_equal(la.dW, lb.dW)
        np.testing.assert_array_equal(la.db, lb.db)


def test_mini_batches_cover_the_data_once_per_epoch():
    X = np.arange(10.0).reshape(-1, 1)
    T = X * 2
    batches = list(nnlib.training.mini_batches(X, T, 4, np.random.default_rng(0)))
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    seen = np.concatenate([b[0].ravel() for b in batches])
    assert sorted(seen) == list(range(10)) and list(seen) != list(range(10))   # shuffled
    for Xb, Tb in batches:
        np.testing.assert_array_equal(Tb, 2 * Xb)                               # rows kept paired
    in_order = list(nnlib.training.mini_batches(X, T, 4))
    assert np.concatenate([b[0].ravel() for b in in_order]).tolist() == list(range(10))
    (whole,) = nnlib.training.mini_batches(X, T, 10)
    assert whole[0] is X


def test_history_records_epochs_from_its_steps():
    h = nnlib.History(4, 2, 1, classifier=True, validation=True)
    h.record_step(1.0, [0.5], 3, 2)
    h.record_step(3.0, [0.5], 1, 1)
    h.record_epoch(4, val_loss=0.7, val_accuracy=0.5)
    assert h.epoch_loss.tolist() == [(1.0 * 3 + 3.0 * 1) / 4]      # weighted by batch size
    assert h.accuracy.tolist() == [0.75] and h.val_loss.tolist() == [0.7]
    h.record_step(2.0, [0.1], 4, 4)
    h.record_epoch(4, val_loss=0.6, val_accuracy=1.0)
    assert h.epoch_loss.tolist()[1] == 2.0 and h.accuracy.tolist()[1] == 1.0   # sums restart
    h.record_stop("diverged at step 3", diverged=True)
    assert h.diverged and h.diverged_at == 2 and h.steps == 3
