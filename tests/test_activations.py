"""Activations: values, derivatives against finite differences, and the sigmoid's safety."""

import warnings

import numpy as np
import pytest

from nnlib import activations

DIFFERENTIABLE = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_derivative_matches_finite_differences(name, rng):
    act = activations.get(name)
    z = rng.normal(scale=3, size=200)
    z = z[np.abs(z) > 1e-3]          # keep away from the kink of relu / leaky relu
    eps = 1e-6
    numeric = (act.f(z + eps) - act.f(z - eps)) / (2 * eps)
    np.testing.assert_allclose(act.df(z), numeric, rtol=1e-7, atol=1e-10)
    # Passing a = f(z) must give the same derivative.
    np.testing.assert_array_equal(act.df(z, act.f(z)), act.df(z))


def test_sigmoid_values_and_no_overflow():
    s = activations.get("sigmoid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            out = s.f(np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0]))
            d = s.df(np.array([-1000.0, 1000.0]))
    assert out[0] == 0.0 and out[-1] == 1.0 and out[2] == 0.5
    assert 0 < out[1] < 1e-17          # not rounded to zero
    np.testing.assert_array_equal(d, [0.0, 0.0])
    assert s.f(2.0) == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-15)


def test_sigmoid_derivative_is_at_most_a_quarter():
    s = activations.get("sigmoid")
    z = np.linspace(-50, 50, 200001)
    d = s.df(z)
    assert d.max() <= 0.25
    assert d.max() == pytest.approx(0.25)       # reached at z = 0
    assert s.df(0.0) == 0.25


def test_tanh_is_a_rescaled_sigmoid(rng):
    z = rng.normal(scale=4, size=1000)
    sig = activations.get("sigmoid").f
    np.testing.assert_allclose(activations.get("tanh").f(z), 2 * sig(2 * z) - 1,
                               rtol=0, atol=1e-15)


def test_relu_family():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    relu = activations.get("relu")
    np.testing.assert_array_equal(relu.f(z), [0, 0, 0, 0.5, 2])
    np.testing.assert_array_equal(relu.df(z), [0, 0, 0, 1, 1])
    leaky = activations.get("leaky_relu")
    assert leaky.slope == 0.01
    np.testing.assert_array_equal(leaky.f(z), [-0.02, -0.005, 0, 0.5, 2])
    np.testing.assert_array_equal(leaky.df(z), [0.01, 0.01, 0.01, 1, 1])
    leaky2 = activations.get("leaky_relu", slope=0.2)
    np.testing.assert_allclose(leaky2.f(z), [-0.4, -0.1, 0, 0.5, 2])


def test_identity_and_step():
    z = np.array([-1.5, 0.0, 2.0])
    np.testing.assert_array_equal(activations.get("identity").f(z), z)
    np.testing.assert_array_equal(activations.get("identity").df(z), [1, 1, 1])
    np.testing.assert_array_equal(activations.get("step").f(z), [0, 1, 1])
    np.testing.assert_array_equal(activations.get("step").df(z), [0, 0, 0])


def test_names_and_objects():
    assert activations.get("ReLU").name == "relu"
    act = activations.get("tanh")
    assert activations.get(act) is act
    assert repr(activations.get("leaky_relu", slope=0.1)) == "LeakyReLU(slope=0.1)"
    with pytest.raises(ValueError, match="unknown activation 'softplus'.*sigmoid"):
        activations.get("softplus")
    with pytest.raises(TypeError, match="activation must be a name"):
        activations.get(3)
    with pytest.raises(TypeError, match="does not take parameters"):
        activations.get("relu", slope=0.1)
