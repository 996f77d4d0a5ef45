"""Toy data sets: shapes, labels, seeding."""

import numpy as np
import pytest

from nnlib import data

MAKERS = [data.moons, data.circles, data.spiral, data.blobs, data.gauss, data.xor]


@pytest.mark.parametrize("make", MAKERS)
def test_shapes_and_seeds(make):
    X, y = make(101, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,) and set(np.unique(y)) == {0, 1}
    X2, y2 = make(101, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(101, seed=4)
    assert not np.array_equal(X, X3)


def test_logic_gates():
    X, y = data.logic_gate("XOR")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    np.testing.assert_array_equal(data.logic_gate("and")[1], [0, 0, 0, 1])
    np.testing.assert_array_equal(data.logic_gate("or")[1], [0, 1, 1, 1])
    np.testing.assert_array_equal(data.logic_gate("nand")[1], [1, 1, 1, 0])
    with pytest.raises(ValueError, match="unknown logic gate 'xand'"):
        data.logic_gate("xand")


def test_geometry():
    X, y = data.circles(400, noise=0.0, factor=0.5, seed=0)
    r = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.5)
    X, y = data.xor(300, seed=0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    X, y = data.gauss(400, seed=0)
    assert X[y == 1].mean() > 0.8 and X[y == 0].mean() < -0.8
    X, y = data.spiral(300, classes=3, seed=0)
    assert set(np.unique(y)) == {0, 1, 2}
    assert np.linalg.norm(X, axis=1).max() <= 1.0 + 1e-12


def test_train_test_split():
    X, y = data.moons(100, seed=0)
    Xt, yt, Xv, yv = data.train_test_split(X, y, 0.3, seed=1)
    assert len(Xv) == 30 and len(Xt) == 70
    both = np.vstack([Xt, Xv])
    assert sorted(map(tuple, both)) == sorted(map(tuple, X))


def test_bad_arguments():
    with pytest.raises(ValueError, match="n must be a positive integer"):
        data.moons(0)
    with pytest.raises(TypeError, match="n must be a positive integer"):
        data.moons(10.5)
    with pytest.raises(ValueError, match="noise"):
        data.moons(10, noise=-1)
    with pytest.raises(ValueError, match="factor"):
        data.circles(10, factor=2)
    with pytest.raises(TypeError, match="seed must be an integer"):
        data.moons(10, seed="a")
