"""Skip connections: MLP(residual=True) computes a_l = a_{l−1} + f(z_l) for every hidden layer
after the first, and sends the gradient back along both paths."""

import numpy as np
import pytest

import nnlib
from nnlib.gradcheck import numerical_gradient, relative_error

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]


def _manual_forward(net, X, masks=None):
    """The residual forward pass written out: no skip on the first hidden layer or the output."""
    a = X
    for i, layer in enumerate(net.layers[:-1]):
        f = layer.activation.f(a @ layer.W.T + layer.b)
        if masks is not None:
            f = f * masks[i]
        a = a + f if i > 0 else f
    out = net.layers[-1]
    return out.activation.f(a @ out.W.T + out.b)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_forward_adds_each_hidden_layers_input(activation, rng):
    net = nnlib.MLP([3, 4, 4, 4, 2], activation=activation, seed=1, residual=True)
    X = rng.normal(size=(6, 3))
    np.testing.assert_allclose(net.forward(X), _manual_forward(net, X), rtol=1e-14)
    plain = nnlib.MLP([3, 4, 4, 4, 2], activation=activation, seed=1)
    assert not np.allclose(plain.forward(X), net.forward(X))


@pytest.mark.parametrize("loss, out", [("half_mse", "identity"), ("softmax_cross_entropy",
                                                                  "identity"),
                                       ("binary_cross_entropy", "sigmoid")])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradients_match_finite_differences(activation, loss, out, rng):
    for depth in (2, 3, 5):
        net = nnlib.MLP([3] + [5] * depth + [2], activation=activation, output_activation=out,
                        seed=int(rng.integers(1 << 30)), residual=True)
        for layer in net.layers:
            layer.b[:] = rng.normal(size=layer.b.shape)
        X = rng.normal(size=(5, 3))
        T = (rng.integers(0, 2, size=5) if loss == "softmax_cross_entropy"
             else rng.uniform(size=(5, 2)))
        check = nnlib.check_gradients(net, X, T, loss)
        assert check.max_error < 1e-7, check
        G = rng.normal(size=(5, 2))                 # dL/dX with a random upstream gradient
        net.forward(X)
        dX = net.backward(G)
        num = numerical_gradient(lambda G=G, net=net, X=X: float(np.sum(G * net.forward(X))), X)
        assert relative_error(dX, num) < 1e-7


def test_the_skip_carries_the_gradient(rng):
    """With W2 = 0 and b2 = 0 (tanh(0) = 0), layer 2 passes a1 straight through: layer 1's
    gradient then reaches it along the identity alone, and a plain net gives it none."""
    for residual in (True, False):
        net = nnlib.MLP([3, 4, 4, 1], activation="tanh", seed=0, residual=residual)
        net.layers[1].W[:] = 0
        X, T = rng.normal(size=(5, 3)), rng.normal(size=(5, 1))
        nnlib.forward_backward(net, "half_mse", X, T)
        if not residual:
            np.testing.assert_array_equal(net.layers[0].dW, 0)
            continue
        short = nnlib.MLP([3, 4, 1], activation="tanh", seed=0)
        short.layers[0].W[:], short.layers[1].W[:] = net.layers[0].W, net.layers[2].W
        nnlib.forward_backward(short, "half_mse", X, T)
        np.testing.assert_allclose(net.layers[0].dW, short.layers[0].dW, rtol=1e-13)


def test_dropout_masks_the_branch_not_the_identity(rng):
    net = nnlib.MLP([3, 4, 4, 4, 2], activation="tanh", seed=0, residual=True, dropout=0.5)
    X = rng.normal(size=(8, 3))
    Y = net.forward(X, training=True)
    np.testing.assert_allclose(Y, _manual_forward(net, X, net.masks), rtol=1e-14)
    # where layer 3 dropped a unit, a_3 = a_2 there: the identity survives
    a2 = net.layers[2].X
    a3 = net.layers[3].X
    dropped = net.masks[2] == 0
    assert dropped.any()
    np.testing.assert_array_equal(a3[dropped], a2[dropped])
    check = nnlib.check_gradients(net, X, rng.normal(size=(8, 2)), "half_mse", training=True)
    assert check.max_error < 1e-7, check


def test_widths_must_match_and_flags_are_checked():
    nnlib.MLP([2, 5, 5, 5, 1], residual=True)
    nnlib.MLP([7, 5, 3], residual=True)         # one hidden layer: nothing to add, allowed
    with pytest.raises(ValueError, match=r"same width; got widths \[5, 6, 5\]"):
        nnlib.MLP([2, 5, 6, 5, 1], residual=True)
    nnlib.MLP([2, 5, 6, 5, 1], residual=False)
    with pytest.raises(TypeError, match="residual must be True or False"):
        nnlib.MLP([2, 5, 5, 1], residual="yes")


def test_repr_copy_and_parameters():
    net = nnlib.MLP([2, 3, 3, 1], seed=0, residual=True)
    assert repr(net) == ("MLP([2, 3, 3, 1], activation=sigmoid, output_activation=sigmoid, "
                         "init=xavier, residual=True, 25 parameters)")
    assert [n for n, _ in net.parameters()] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    twin = net.copy()
    assert twin.residual
    X = np.ones((2, 2))
    np.testing.assert_array_equal(twin.forward(X), net.forward(X))


def test_a_deep_sigmoid_net_keeps_its_gradient_with_skips(rng):
    """30 hidden layers of sigmoid: without skips the first layer's gradient all but vanishes;
    with them it stays within a few orders of the last layer's."""
    X, T = rng.normal(size=(16, 8)), rng.normal(size=(16, 1))
    ratios = {}
    for residual in (False, True):
        net = nnlib.MLP([8] + [8] * 30 + [1], seed=0, residual=residual,
                        output_activation="identity")
        nnlib.forward_backward(net, "half_mse", X, T)
        norms = net.gradient_norms()
        ratios[residual] = norms[0] / norms[-2]
    assert ratios[False] < 1e-10 and ratios[True] > 1e-3, ratios
