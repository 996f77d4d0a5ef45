"""fit and History: learning XOR, divergence, determinism, what is recorded."""

import warnings

import numpy as np
import pytest

import nnlib


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
