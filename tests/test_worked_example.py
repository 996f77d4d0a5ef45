"""The classic 2-2-2 backprop example, to the digits its source prints.

Source: the worked example summarised in shared/seeds/README.md (seed 003):
inputs 0.05, 0.10; targets 0.01, 0.99; w1..w8 = .15 .20 .25 .30 .40 .45 .50 .55;
b1 = .35, b2 = .60 (fixed); sigmoid everywhere; E = Σ ½(t − y)²; lr 0.5.
"""

import numpy as np
import pytest

import nnlib
from nnlib.worked_example import weight, weight_grad


def _digits(x, printed):
    """x rounded to the number of decimals ``printed`` shows equals it."""
    decimals = len(printed.split(".")[1])
    return round(x, decimals) == float(printed)


@pytest.fixture
def ex():
    return nnlib.worked_example()


def test_forward_pass(ex):
    net, X, T = ex.net, ex.X, ex.T
    Y = net.forward(X)
    h = net.layers[0]
    assert _digits(h.Z[0, 0], "0.3775")
    assert _digits(h.A[0, 0], "0.593269992")
    assert _digits(h.A[0, 1], "0.596884378")
    assert _digits(net.layers[1].Z[0, 0], "1.105905967")
    assert _digits(Y[0, 0], "0.75136507")
    assert _digits(Y[0, 1], "0.772928465")
    E = 0.5 * (T - Y) ** 2
    assert _digits(E[0, 0], "0.274811083")
    assert _digits(E[0, 1], "0.023560026")
    assert _digits(nnlib.losses.half_mse.value(Y, T), "0.298371109")


def test_chain_rule_for_w5(ex):
    net, X, T = ex.net, ex.X, ex.T
    nnlib.forward_backward(net, "half_mse", X, T)
    out_o1 = net.layers[1].A[0, 0]
    out_h1 = net.layers[0].A[0, 0]
    dE_dout = out_o1 - T[0, 0]
    dout_dnet = out_o1 * (1 - out_o1)
    assert _digits(dE_dout, "0.74136507")
    assert _digits(dout_dnet, "0.186815602")
    assert _digits(weight_grad(net, "w5"), "0.082167041")
    assert weight_grad(net, "w5") == pytest.approx(dE_dout * dout_dnet * out_h1, rel=1e-14)


PUBLISHED = {"w5": "0.35891648", "w6": "0.408666186", "w7": "0.511301270", "w8": "0.561370121",
             "w1": "0.149780716", "w2": "0.19956143", "w3": "0.24975114", "w4": "0.29950229"}


def test_all_eight_updated_weights(ex):
    net = ex.net
    nnlib.forward_backward(net, "half_mse", ex.X, ex.T)
    ex.optimizer.step(net)
    for name, printed in PUBLISHED.items():
        assert _digits(weight(net, name), printed), (name, weight(net, name), printed)
    # The biases stay fixed, as in the source.
    np.testing.assert_array_equal(net.layers[0].b, [0.35, 0.35])
    np.testing.assert_array_equal(net.layers[1].b, [0.60, 0.60])


def test_error_after_one_update(ex):
    """All weights updated from one forward pass: 0.291027774 (the source prints 0.291027924)."""
    net = ex.net
    nnlib.fit(net, ex.X, ex.T, "half_mse", ex.optimizer, epochs=1)
    E = nnlib.losses.half_mse.value(net.forward(ex.X), ex.T)
    assert _digits(E, "0.291027774")
    assert not _digits(E, "0.291027924")


def test_error_after_many_updates(ex):
    """The source's 0.0000351085 is the error seen on its 10,000th forward pass, i.e. after
    9,999 updates (its first forward pass is before any update)."""
    history = nnlib.fit(ex.net, ex.X, ex.T, "half_mse", ex.optimizer, epochs=9999)
    assert np.all(np.diff(history.loss) < 0)
    E = nnlib.losses.half_mse.value(ex.net.forward(ex.X), ex.T)
    assert _digits(E, "0.0000351085")
    assert _digits(history.loss[0], "0.298371109")
