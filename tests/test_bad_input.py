"""Bad input gets a ValueError/TypeError that names what was expected."""

import numpy as np
import pytest

import nnlib


@pytest.fixture
def net():
    return nnlib.MLP([2, 3, 1], seed=0)


def test_wrong_x_width(net):
    with pytest.raises(ValueError, match=r"X must have 2 columns.*\(4, 3\)"):
        net.forward(np.zeros((4, 3)))


def test_one_dimensional_x(net):
    with pytest.raises(ValueError, match=r"X must be 2-D.*reshape\(1, -1\)"):
        net.forward(np.zeros(2))


def test_non_numeric_x(net):
    with pytest.raises(TypeError, match="X must be a 2-D array of numbers"):
        net.forward([["a", "b"]])
    with pytest.raises(TypeError, match="X must be a 2-D array of numbers"):
        net.forward(None)


def test_nan_and_empty_x(net):
    with pytest.raises(ValueError, match="NaN or inf"):
        net.forward([[0.0, np.nan]])
    with pytest.raises(ValueError, match="NaN or inf"):
        net.forward([[0.0, np.inf]])
    with pytest.raises(ValueError, match="at least one sample"):
        net.forward(np.zeros((0, 2)))


@pytest.mark.parametrize("kwargs, match", [
    (dict(activation="swish"), "unknown activation 'swish'"),
    (dict(output_activation="softmax"), "unknown activation 'softmax'"),
    (dict(init="uniform"), "unknown init 'uniform'"),
    (dict(init_scale=0), "init_scale"),
])
def test_unknown_names(kwargs, match):
    with pytest.raises(ValueError, match=match):
        nnlib.MLP([2, 3, 1], **kwargs)


def test_unknown_loss(net):
    X, y = nnlib.data.logic_gate("xor")
    with pytest.raises(ValueError, match="unknown loss 'hinge'.*half_mse"):
        nnlib.fit(net, X, y, "hinge", nnlib.SGD(0.1), epochs=1)


@pytest.mark.parametrize("sizes, error", [
    ([2, 0, 1], ValueError), ([2, -3, 1], ValueError), ([2], ValueError), ([2, 1.5], TypeError),
    ("2,1", TypeError), (3, TypeError),
])
def test_bad_sizes(sizes, error):
    with pytest.raises(error, match="size"):
        nnlib.MLP(sizes)


def test_dense_arguments():
    with pytest.raises(ValueError, match="n_out must be a positive integer"):
        nnlib.Dense(2, 0)
    with pytest.raises(ValueError, match="step activation has no useful gradient"):
        nnlib.Dense(2, 1, "step")
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        nnlib.Dense(2, 1, rng=42)
    layer = nnlib.Dense(2, 3)
    with pytest.raises(ValueError, match="call forward"):
        layer.backward(np.zeros((1, 3)))
    layer.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"dA must have shape \(4, 3\)"):
        layer.backward(np.zeros((4, 2)))


def test_fit_arguments(net):
    X, y = nnlib.data.logic_gate("xor")
    opt = nnlib.SGD(0.1)
    with pytest.raises(ValueError, match=r"targets T must have the outputs' shape \(4, 1\)"):
        nnlib.fit(net, X, np.zeros((4, 2)), "half_mse", opt, epochs=1)
    with pytest.raises(ValueError, match=r"outputs' shape \(4, 1\)"):
        nnlib.fit(net, X, y[:3], "half_mse", opt, epochs=1)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        nnlib.fit(net, X, y, "half_mse", opt, epochs=0)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        nnlib.fit(net, X, y, "half_mse", opt, epochs=1, batch_size=0)
    with pytest.raises(ValueError, match="NaN or inf"):
        nnlib.fit(net, np.full((4, 2), np.nan), y, "half_mse", opt, epochs=1)
    with pytest.raises(ValueError, match="targets between 0 and 1"):
        nnlib.fit(net, X, y * 3, "binary_cross_entropy", opt, epochs=1)
    with pytest.raises(ValueError, match="integers 0 … 0"):
        nnlib.fit(net, X, y, "softmax_cross_entropy", opt, epochs=1)
    with pytest.raises(TypeError, match="callback"):
        nnlib.fit(net, X, y, "half_mse", opt, epochs=1, callback=3)


def test_lr_range_test_arguments(net):
    X, y = nnlib.data.logic_gate("xor")
    with pytest.raises(ValueError, match="lr_max"):
        nnlib.lr_range_test(net, X, y, "half_mse", lr_min=1.0, lr_max=0.1)
    with pytest.raises(ValueError, match="lr_min"):
        nnlib.lr_range_test(net, X, y, "half_mse", lr_min=-1.0)


def test_check_gradients_arguments(net):
    X, y = nnlib.data.logic_gate("xor")
    with pytest.raises(ValueError, match="eps"):
        nnlib.check_gradients(net, X, y, "half_mse", eps=0)
    with pytest.raises(ValueError, match="3 columns"):
        nnlib.check_gradients(nnlib.MLP([3, 1]), X, y, "half_mse")


def test_set_params(net):
    with pytest.raises(ValueError, match="expected 4 arrays"):
        net.set_params([np.zeros(1)])
    params = net.get_params()
    params[0] = np.zeros((5, 5))
    with pytest.raises(ValueError, match=r"W1 must have shape \(3, 2\)"):
        net.set_params(params)


def test_reprs_are_readable(net):
    assert repr(net) == ("MLP([2, 3, 1], activation=sigmoid, output_activation=sigmoid, "
                         "init=xavier, 13 parameters)")
    assert repr(net.layers[0]) == "Dense(2 → 3, activation=sigmoid, init=xavier)"
    assert repr(nnlib.losses.half_mse) == "<loss half_mse>"
    check = nnlib.check_gradients(net, *nnlib.data.logic_gate("xor"), "half_mse")
    assert repr(check).startswith("GradientCheck(W1: ")
