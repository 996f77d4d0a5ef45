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


# -- the catalogue: every public entry of the maths layer, fed each kind of bad input ----------
#
# One row per call: (what is called with what, the call, the error, a regex the message must
# match, naming what was expected). Kinds: wrong shape, wrong dtype (text, objects, complex),
# NaN/inf, empty, unknown names, out-of-range numbers.

from nnlib import (  # noqa: E402
    activations,
    data,
    diagnostics,
    features,
    init,
    losses,
    preprocess,
    quadratic,
    tasks,
)

X4, Y4 = data.logic_gate("xor")
T4 = Y4.reshape(-1, 1).astype(float)
TEXT = [["a", "b"]]
OBJ = np.array([[object(), 1.0]], dtype=object)
CPLX = np.array([[1 + 1j, 2.0]])
NAN = np.array([[0.0, np.nan]])
INF = np.array([[0.0, np.inf]])
EMPTY = np.zeros((0, 2))
_rng = np.random.default_rng(0)


def _net():
    return nnlib.MLP([2, 3, 1], seed=0)


def _opt():
    return nnlib.SGD(0.1)


def _dense_after_forward():
    layer = nnlib.Dense(2, 3)
    layer.forward(X4)
    return layer


def _prelu_dense():
    return nnlib.Dense(2, 3, "prelu")


def _net_after_forward():
    net = _net()
    net.forward(X4)
    return net


CATALOGUE = [
    # nnlib.data
    ("logic_gate number", lambda: data.logic_gate(3), TypeError, "logic gate must be a name"),
    ("logic_gate unknown", lambda: data.logic_gate("xnr"), ValueError, "unknown logic gate 'xnr'"),
    ("moons n text", lambda: data.moons(n="a"), TypeError, "n must be a positive integer"),
    ("moons n 0", lambda: data.moons(n=0), ValueError, "n must be a positive integer"),
    ("moons n float", lambda: data.moons(n=2.5), TypeError, "n must be a positive integer"),
    ("moons noise NaN", lambda: data.moons(noise=np.nan), ValueError, "noise must be a finite"),
    ("moons noise < 0", lambda: data.moons(noise=-1), ValueError, "noise must be .* >= 0"),
    ("moons noise complex", lambda: data.moons(noise=1j), TypeError, "noise must be a number"),
    ("moons seed text", lambda: data.moons(seed="x"), TypeError, "seed must be an integer"),
    ("circles factor NaN", lambda: data.circles(factor=np.nan), ValueError, "factor must be"),
    ("circles factor text", lambda: data.circles(factor="a"), TypeError, "factor must be a number"),
    ("circles factor 2", lambda: data.circles(factor=2), ValueError, "factor must be between"),
    ("spiral classes 0", lambda: data.spiral(classes=0), ValueError, "classes must be"),
    ("spiral turns NaN", lambda: data.spiral(turns=np.nan), ValueError, "turns must be a finite"),
    ("spiral turns text", lambda: data.spiral(turns="a"), TypeError, "turns must be a number"),
    ("blobs centers 0", lambda: data.blobs(centers=0), ValueError, "centers must be"),
    ("blobs std inf", lambda: data.blobs(std=np.inf), ValueError, "std must be a finite"),
    ("gauss noise < 0", lambda: data.gauss(noise=-1), ValueError, "noise"),
    ("xor noise NaN", lambda: data.xor(noise=np.nan), ValueError, "noise"),
    ("plane n < 0", lambda: data.plane(n=-1), ValueError, "n must be a positive integer"),
    ("bumps noise inf", lambda: data.bumps(noise=np.inf), ValueError, "noise"),
    ("split lengths", lambda: data.train_test_split(X4, Y4[:3]), ValueError, "same number"),
    ("split X text", lambda: data.train_test_split(TEXT, [0]), TypeError, "X must be a 2-D array"),
    ("split X NaN", lambda: data.train_test_split(np.full((4, 2), np.nan), Y4), ValueError,
     "X contains NaN"),
    ("split y NaN", lambda: data.train_test_split(X4, Y4 * np.nan), ValueError, "y contains NaN"),
    ("split X complex", lambda: data.train_test_split(X4 * 1j, Y4), TypeError,
     "X must be .*complex"),
    ("split X 1-D", lambda: data.train_test_split(np.zeros(4), Y4), ValueError, "X must be 2-D"),
    ("split X scalar", lambda: data.train_test_split(3, Y4), ValueError, "X must be 2-D"),
    ("split fraction NaN", lambda: data.train_test_split(X4, Y4, test_fraction=np.nan), ValueError,
     "test_fraction"),
    ("split fraction text", lambda: data.train_test_split(X4, Y4, test_fraction="a"), TypeError,
     "test_fraction must be a number"),
    # nnlib.losses
    ("losses.get unknown", lambda: losses.get("hinge"), ValueError, "unknown loss 'hinge'"),
    ("losses.get number", lambda: losses.get(3), TypeError, "loss must be a name"),
    ("loss Y text", lambda: losses.half_mse.value("ab", [[1]]), TypeError, r"Y \(the network"),
    ("loss Y objects", lambda: losses.half_mse.value(OBJ, [[1, 2]]), TypeError, r"Y \(the netw"),
    ("loss Y complex", lambda: losses.half_mse.value(CPLX, [[1, 2]]), TypeError, "Y .*complex"),
    ("loss Y NaN", lambda: losses.half_mse.grad(NAN, [[1, 2]]), ValueError, "Y .*NaN or inf"),
    ("loss Y empty", lambda: losses.half_mse.value(EMPTY, EMPTY), ValueError, "at least one"),
    ("loss Y 1-D", lambda: losses.half_mse.grad(np.zeros(2), np.zeros(2)), ValueError,
     "Y .*must be 2-D"),
    ("loss T text", lambda: losses.half_mse.value([[1.0]], [["a"]]), TypeError,
     "targets T must be an array of numbers"),
    ("loss T objects", lambda: losses.half_mse.value([[1.0, 2]], OBJ), TypeError, "targets T"),
    ("loss T complex", lambda: losses.half_mse.value([[1.0, 2]], CPLX), TypeError,
     "targets T .*complex"),
    ("loss T None", lambda: losses.half_mse.value([[1.0]], None), TypeError, "targets T"),
    ("loss T NaN", lambda: losses.half_mse.value([[1.0]], [[np.nan]]), ValueError, "T .*NaN"),
    ("loss T shape", lambda: losses.half_mse.value(np.zeros((2, 1)), np.zeros((3, 1))),
     ValueError, r"targets T must have the outputs' shape \(2, 1\)"),
    ("loss T scalar", lambda: losses.half_mse.value([[0.5]], 0), ValueError, "outputs' shape"),
    ("bce Y > 1", lambda: losses.binary_cross_entropy.value([[2.0]], [[1]]), ValueError,
     "probabilities Y between 0 and 1"),
    ("bce T > 1", lambda: losses.binary_cross_entropy.grad([[0.5]], [[2]]), ValueError,
     "targets between 0 and 1"),
    ("bce logits text", lambda: losses.binary_cross_entropy.value_from_logits("a", [[1]]),
     TypeError, r"Z \(the logits\)"),
    ("bce logits NaN", lambda: losses.binary_cross_entropy.value_from_logits([[np.nan]], [[1]]),
     ValueError, "Z .*NaN"),
    ("sce label 0.5", lambda: losses.softmax_cross_entropy.value([[0.5, 1]], [0.5]), ValueError,
     "class labels must be integers 0 … 1"),
    ("sce label 3", lambda: losses.softmax_cross_entropy.value([[0.5, 1]], [3]), ValueError,
     "class labels must be integers"),
    ("sce labels count", lambda: losses.softmax_cross_entropy.value([[0.5, 1]], [0, 1]),
     ValueError, "one class label per sample"),
    ("sce one-hot sum", lambda: losses.softmax_cross_entropy.value([[0.5, 1]], [[1, 1]]),
     ValueError, "each row must sum to 1"),
    ("sce T 3-D", lambda: losses.softmax_cross_entropy.value([[0.5, 1]], np.zeros((1, 2, 1))),
     ValueError, "labels of shape"),
    ("softmax text", lambda: losses.softmax("ab"), TypeError, r"Z \(the logits\)"),
    ("softmax 1-D", lambda: losses.softmax([1.0, 2.0]), ValueError, "Z .*must be 2-D"),
    ("softmax NaN", lambda: losses.softmax(NAN), ValueError, "Z .*NaN"),
    ("softmax empty", lambda: losses.softmax(EMPTY), ValueError, "at least one sample"),
    ("softmax complex", lambda: losses.softmax(CPLX), TypeError, "Z .*complex"),
    # nnlib.activations (get, and every activation's f/df: real numbers, any shape; NaN and inf
    # pass through elementwise on purpose, so only text, None, objects and complex are refused)
    ("activation unknown", lambda: activations.get("swish"), ValueError,
     "unknown activation 'swish'"),
    ("activation number", lambda: activations.get(3), TypeError, "activation must be a name"),
    ("activation None", lambda: activations.get(None), TypeError, "activation must be a name"),
    ("activation stray parameter", lambda: activations.get("relu", slope=1), TypeError,
     "does not take parameters"),
    ("leaky slope NaN", lambda: activations.get("leaky_relu", slope=np.nan), ValueError,
     "slope must be a finite"),
    ("LeakyReLU slope text", lambda: activations.LeakyReLU("a"), TypeError,
     "slope must be a number"),
    ("PReLU slope < 0", lambda: activations.PReLU(-1), ValueError, "slope must be"),
    ("leaky slope text via get", lambda: activations.get("leaky_relu", slope="a"), TypeError,
     "slope must be a number"),
    ("prelu slope NaN via get", lambda: activations.get("prelu", slope=np.nan), ValueError,
     "slope must be a finite"),
    ("prelu stray parameter", lambda: activations.get("prelu", alpha=1), TypeError,
     r"does not take parameters \['alpha'\]"),
    ("Sigmoid f text", lambda: activations.Sigmoid().f("a"), TypeError, "z must be .*numbers"),
    ("Sigmoid df complex", lambda: activations.Sigmoid().df(np.array([1 + 1j])), TypeError,
     "z must be .*complex"),
    ("Sigmoid df a text", lambda: activations.Sigmoid().df(0.0, "a"), TypeError,
     "a must be .*numbers"),
    ("Tanh f text", lambda: activations.Tanh().f("a"), TypeError, "z must be .*numbers"),
    ("Tanh f complex", lambda: activations.Tanh().f(np.array([1 + 1j])), TypeError,
     "z must be .*complex"),
    ("Tanh df None", lambda: activations.Tanh().df(None), TypeError, "z must be .*numbers"),
    ("ReLU f text", lambda: activations.ReLU().f("a"), TypeError, "z must be .*numbers"),
    ("ReLU f complex", lambda: activations.ReLU().f(np.array([1 + 1j])), TypeError,
     "z must be .*complex"),
    ("ReLU df objects", lambda: activations.ReLU().df(OBJ), TypeError, "z must be .*numbers"),
    ("LeakyReLU f text", lambda: activations.LeakyReLU().f("a"), TypeError,
     "z must be .*numbers"),
    ("LeakyReLU df complex", lambda: activations.LeakyReLU().df([1j]), TypeError,
     "z must be .*complex"),
    ("PReLU f text", lambda: activations.PReLU().f("a"), TypeError, "z must be .*numbers"),
    ("PReLU df complex", lambda: activations.PReLU().df([1j]), TypeError, "z must be .*complex"),
    ("PReLU dslope text", lambda: activations.PReLU().dslope(TEXT), TypeError,
     "z must be .*numbers"),
    ("Identity f text", lambda: activations.Identity().f("a"), TypeError, "z must be .*numbers"),
    ("Identity df complex", lambda: activations.Identity().df(CPLX), TypeError,
     "z must be .*complex"),
    ("Step f text", lambda: activations.Step().f("a"), TypeError, "z must be .*numbers"),
    ("Step df complex", lambda: activations.Step().df(CPLX), TypeError, "z must be .*complex"),
    ("activation f ragged", lambda: activations.get("sigmoid").f([[1.0], [1.0, 2.0]]),
     TypeError, "z must be .*numbers"),
    # nnlib.init
    ("init unknown", lambda: init.weights("uniform", 2, 3, _rng), ValueError,
     "unknown init 'uniform'"),
    ("init number", lambda: init.weights(3, 2, 3, _rng), TypeError, "init must be a name"),
    ("init n_in 0", lambda: init.weights("xavier", 0, 3, _rng), ValueError, "n_in must be"),
    ("init n_in < 0", lambda: init.weights("xavier", -1, 3, _rng), ValueError, "n_in must be"),
    ("init n_in float", lambda: init.weights("xavier", 2.5, 3, _rng), TypeError, "n_in must be"),
    ("init n_in text", lambda: init.weights("xavier", "a", 3, _rng), TypeError, "n_in must be"),
    ("init n_out 0", lambda: init.weights("he", 2, 0, _rng), ValueError, "n_out must be"),
    ("init rng int", lambda: init.weights("xavier", 2, 3, 42), TypeError,
     "rng must be a numpy.random.Generator"),
    ("init rng None", lambda: init.weights("normal", 2, 3, None), TypeError, "rng must be"),
    ("init scale NaN", lambda: init.weights("xavier", 2, 3, _rng, scale=np.nan), ValueError,
     "init_scale must be a finite"),
    ("init scale < 0", lambda: init.weights("xavier", 2, 3, _rng, scale=-1), ValueError,
     "init_scale must be .* > 0"),
    ("xavier n 0", lambda: init.xavier(0, 0, _rng), ValueError, "n_in must be"),
    ("he n_in 0", lambda: init.he(0, 3, _rng), ValueError, "n_in must be"),
    ("normal rng None", lambda: init.normal(2, 3, None), TypeError, "rng must be"),
    ("zeros n_in < 0", lambda: init.zeros(-1, 3), ValueError, "n_in must be"),
    # nnlib.Perceptron
    ("Perceptron n_in 0", lambda: nnlib.Perceptron(0), ValueError, "n_in must be"),
    ("Perceptron n_in text", lambda: nnlib.Perceptron("2"), TypeError, "n_in must be"),
    ("Perceptron lr NaN", lambda: nnlib.Perceptron(2, lr=np.nan), ValueError, "lr"),
    ("Perceptron X width", lambda: nnlib.Perceptron(2).fit(np.zeros((4, 3)), Y4), ValueError,
     "X must have 2 columns"),
    ("Perceptron X empty", lambda: nnlib.Perceptron(2).fit(EMPTY, []), ValueError,
     "at least one sample"),
    ("Perceptron y text", lambda: nnlib.Perceptron(2).fit(X4, ["a"] * 4), TypeError, "y must be"),
    ("Perceptron y objects", lambda: nnlib.Perceptron(2).fit(X4, np.array([object()] * 4)),
     TypeError, "y must be"),
    ("Perceptron y complex", lambda: nnlib.Perceptron(2).fit(X4, np.array([1j] * 4)), TypeError,
     "y must be .*complex"),
    ("Perceptron y NaN", lambda: nnlib.Perceptron(2).fit(X4, [0, 1, np.nan, 0]), ValueError,
     "y contains NaN"),
    ("Perceptron y None", lambda: nnlib.Perceptron(2).fit(X4, None), TypeError, "y must be"),
    ("Perceptron y 2-D", lambda: nnlib.Perceptron(2).fit(X4, np.zeros((4, 2))), ValueError,
     "one 0/1 target per sample"),
    ("Perceptron y = 2", lambda: nnlib.Perceptron(2).fit(X4, Y4 * 2), ValueError, "0 or 1"),
    ("Perceptron epochs 0", lambda: nnlib.Perceptron(2).fit(X4, Y4, epochs=0), ValueError,
     "epochs must be"),
    ("Perceptron predict complex", lambda: nnlib.Perceptron(2).predict(CPLX), TypeError,
     "X must be .*complex"),
    ("Perceptron predict NaN", lambda: nnlib.Perceptron(2).predict(NAN), ValueError, "NaN"),
    # nnlib.MLP, nnlib.Dense (arguments and inputs checked at the entry)
    ("MLP X complex", lambda: _net().forward(CPLX), TypeError, "X must be .*complex"),
    ("MLP X objects", lambda: _net().forward(OBJ), TypeError, "X must be a 2-D array of numbers"),
    ("MLP X inf", lambda: _net().forward(INF), ValueError, "NaN or inf"),
    ("MLP seed text", lambda: nnlib.MLP([2, 1], seed="a"), TypeError, "seed must be an integer"),
    ("MLP init_scale NaN", lambda: nnlib.MLP([2, 1], init_scale=np.nan), ValueError,
     "init_scale"),
    ("MLP sizes None", lambda: nnlib.MLP(None), TypeError, "sizes must be a list"),
    ("MLP sizes NaN", lambda: nnlib.MLP([2, np.nan]), TypeError, r"sizes\[1\]"),
    ("MLP gradient_norms which", lambda: _net().gradient_norms("x"), ValueError, "which must be"),
    ("Dense X text", lambda: nnlib.Dense(2, 1).forward("a"), TypeError, "X must be"),
    ("Dense X complex", lambda: nnlib.Dense(2, 1).forward(CPLX), TypeError, "X must be"),
    ("Dense init unknown", lambda: nnlib.Dense(2, 1, init="u"), ValueError, "unknown init 'u'"),
    ("Dense backward dA NaN", lambda: _dense_after_forward().backward(np.full((4, 3), np.nan)),
     ValueError, "dA contains NaN or inf"),
    ("Dense backward dA text", lambda: _dense_after_forward().backward("a"), TypeError,
     r"dA must be an array of numbers of shape \(4, 3\)"),
    ("Dense backward delta complex", lambda: _dense_after_forward().backward(
        delta=np.full((4, 3), 1j)), TypeError, "delta must be .*complex"),
    ("Dense slopes a NaN", lambda: setattr(_prelu_dense(), "a", [np.nan] * 3), ValueError,
     "a contains NaN"),
    ("MLP backward dY NaN", lambda: _net_after_forward().backward(np.full((4, 1), np.nan)),
     ValueError, "NaN or inf"),
    ("MLP backward dY text", lambda: _net_after_forward().backward("a"), TypeError,
     r"must be an array of numbers of shape \(4, 1\)"),
    ("MLP backward delta inf", lambda: _net_after_forward().backward(
        delta=np.full((4, 1), np.inf)), ValueError, "delta contains NaN or inf"),
    ("MLP set_params NaN", lambda: _net().set_params(
        [np.full_like(p, np.nan) for p in _net().get_params()]), ValueError,
     "W1 contains NaN or inf"),
    ("MLP set_params text", lambda: _net().set_params(["a"] * 4), TypeError,
     r"W1 must be an array of numbers of shape \(3, 2\)"),
    ("MLP set_params complex", lambda: _net().set_params(
        [p * 1j for p in _net().get_params()]), TypeError, "W1 must be .*complex"),
    ("MLP set_params number", lambda: _net().set_params(3), TypeError,
     "params must be a list of arrays"),
    ("MLP set_params None", lambda: _net().set_params(None), TypeError,
     "params must be a list of arrays"),
    # nnlib.SGD
    ("SGD lr 0", lambda: nnlib.SGD(0), ValueError, "lr"),
    ("SGD lr text", lambda: nnlib.SGD("a"), TypeError, "lr"),
    ("SGD lr NaN", lambda: nnlib.SGD(np.nan), ValueError, "lr"),
    ("SGD lr complex", lambda: nnlib.SGD(1j), TypeError, "lr"),
    ("SGD momentum 1", lambda: nnlib.SGD(0.1, momentum=1), ValueError, "momentum"),
    ("SGD weight_decay < 0", lambda: nnlib.SGD(0.1, weight_decay=-1), ValueError, "weight_decay"),
    ("SGD l1 NaN", lambda: nnlib.SGD(0.1, l1=np.nan), ValueError, "l1"),
    ("SGD clip_norm 0", lambda: nnlib.SGD(0.1, clip_norm=0), ValueError, "clip_norm"),
    ("SGD step None", lambda: nnlib.SGD(0.1).step(None), TypeError, "step needs an MLP"),
    # nnlib.Adam
    ("Adam lr 0", lambda: nnlib.Adam(0), ValueError, r"lr \(learning rate\) must be .* > 0"),
    ("Adam lr text", lambda: nnlib.Adam("a"), TypeError, "lr"),
    ("Adam beta1 1", lambda: nnlib.Adam(0.1, beta1=1), ValueError, r"beta1 must be in \[0, 1\)"),
    ("Adam beta2 < 0", lambda: nnlib.Adam(0.1, beta2=-0.5), ValueError,
     r"beta2 must be in \[0, 1\)"),
    ("Adam beta1 complex", lambda: nnlib.Adam(0.1, beta1=1j), TypeError, "beta1 must be a number"),
    ("Adam eps 0", lambda: nnlib.Adam(0.1, eps=0), ValueError, "eps must be .* > 0"),
    ("Adam eps inf", lambda: nnlib.Adam(0.1, eps=np.inf), ValueError, "eps must be a finite"),
    ("Adam step None", lambda: nnlib.Adam(0.1).step(None), TypeError, "step needs an MLP"),
    # MLP(dropout=p)
    ("MLP dropout 1", lambda: nnlib.MLP([2, 3, 1], dropout=1.0), ValueError,
     r"dropout must be in \[0, 1\)"),
    ("MLP dropout < 0", lambda: nnlib.MLP([2, 3, 1], dropout=-0.2), ValueError,
     r"dropout must be in \[0, 1\)"),
    ("MLP dropout text", lambda: nnlib.MLP([2, 3, 1], dropout="0.5"), TypeError,
     "dropout must be a number"),
    ("MLP dropout NaN", lambda: nnlib.MLP([2, 3, 1], dropout=np.nan), ValueError,
     "dropout must be a finite"),
    ("MLP keep_masks first", lambda: nnlib.MLP([2, 3, 1], dropout=0.5).forward(
        X4, training=True, keep_masks=True), ValueError, "keep_masks=True needs a previous"),
    # nnlib.preprocess
    ("split X text", lambda: preprocess.split(TEXT, [0]), TypeError, "X must be a 2-D array"),
    ("split X NaN", lambda: preprocess.split(NAN, [0]), ValueError, "X contains NaN"),
    ("split X 1-D", lambda: preprocess.split(np.ones(4), Y4), ValueError, "X must be 2-D"),
    ("split y length", lambda: preprocess.split(X4, [0, 1]), ValueError,
     "X and y must have the same number of samples"),
    ("split y text", lambda: preprocess.split(X4, ["a"] * 4), TypeError, "y must be"),
    ("split fractions sum", lambda: preprocess.split(X4, Y4, fractions=(0.5, 0.2)), ValueError,
     "fractions must be two or more numbers > 0 that add up to 1"),
    ("split fractions one", lambda: preprocess.split(X4, Y4, fractions=(1.0,)), ValueError,
     "fractions must be two or more"),
    ("split fractions number", lambda: preprocess.split(X4, Y4, fractions=0.5), TypeError,
     "fractions must be a list"),
    ("split fractions text", lambda: preprocess.split(X4, Y4, fractions=("a", 1)), TypeError,
     "each fraction must be a number"),
    ("split stratify floats", lambda: preprocess.split(X4, [0.5, 1.5, 2, 3], fractions=(0.5, 0.5)),
     ValueError, "stratify=True needs class labels"),
    ("split seed text", lambda: preprocess.split(X4, Y4, fractions=(0.5, 0.5), seed="a"),
     TypeError, "seed must be an integer"),
    ("standardize X_train 1-D", lambda: preprocess.standardize(np.ones(3)), ValueError,
     "X must be 2-D"),
    ("standardize other width", lambda: preprocess.standardize(X4, np.ones((2, 3))), ValueError,
     "X must have 2 columns"),
    ("standardize other NaN", lambda: preprocess.standardize(X4, NAN), ValueError, "NaN"),
    ("Standardizer empty", lambda: preprocess.Standardizer().fit(EMPTY), ValueError,
     "at least one sample"),
    ("Standardizer unfitted", lambda: preprocess.Standardizer().transform(X4), ValueError,
     "call fit"),
    # nnlib.fit, forward_backward
    ("fit T text", lambda: nnlib.fit(_net(), X4, ["a"] * 4, "half_mse", _opt(), 1), TypeError,
     "targets T"),
    ("fit T NaN", lambda: nnlib.fit(_net(), X4, [0, np.nan, 1, 0], "half_mse", _opt(), 1),
     ValueError, "T .*NaN"),
    ("fit T complex", lambda: nnlib.fit(_net(), X4, Y4 * 1j, "half_mse", _opt(), 1), TypeError,
     "targets T .*complex"),
    ("fit X complex", lambda: nnlib.fit(_net(), X4 * 1j, Y4, "half_mse", _opt(), 1), TypeError,
     "X must be .*complex"),
    ("fit X empty", lambda: nnlib.fit(_net(), EMPTY, [], "half_mse", _opt(), 1), ValueError,
     "at least one sample"),
    ("fit epochs float", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1.5), TypeError,
     "epochs must be"),
    ("fit batch_size float", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1,
                                               batch_size=2.5), TypeError, "batch_size"),
    ("fit validation width", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1,
                                               validation=(np.zeros((4, 3)), Y4)),
     ValueError, "validation X must have 2 columns"),
    ("fit net None", lambda: nnlib.fit(None, X4, Y4, "half_mse", _opt(), 1), TypeError,
     "net must be an MLP"),
    ("fit optimizer None", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", None, 1), TypeError,
     "optimizer must be an optimiser like nnlib.SGD"),
    ("fit optimizer name", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", "sgd", 1), TypeError,
     "optimizer must be"),
    ("fit seed text", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1, seed="a"),
     TypeError, "seed must be an integer"),
    ("fit seed float", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1, seed=1.5),
     TypeError, "seed must be an integer"),
    ("fit seed < 0", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1, seed=-1),
     ValueError, "seed must be an integer >= 0"),
    ("fit validation number", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1,
                                                validation=3), TypeError,
     r"validation must be a pair \(X_val, T_val\)"),
    ("fit validation one item", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1,
                                                  validation=(X4,)), ValueError,
     r"validation must be a pair \(X_val, T_val\), got 1 items"),
    ("fit validation text", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1,
                                              validation="ab"), TypeError, "validation must be"),
    ("fit validation T NaN", lambda: nnlib.fit(_net(), X4, Y4, "half_mse", _opt(), 1,
                                               validation=(X4, Y4 * np.nan)), ValueError,
     "T .*NaN"),
    ("forward_backward net None", lambda: nnlib.forward_backward(None, "half_mse", X4, Y4),
     TypeError, "net must be an MLP"),
    ("forward_backward loss", lambda: nnlib.forward_backward(_net(), 3, X4, Y4), TypeError,
     "loss must be a name"),
    ("forward_backward T shape", lambda: nnlib.forward_backward(_net(), "half_mse", X4, Y4[:2]),
     ValueError, "outputs' shape"),
    # nnlib.lr_range_test
    ("lr_range steps 2", lambda: nnlib.lr_range_test(_net(), X4, Y4, "half_mse", steps=2),
     ValueError, "steps must be at least 3"),
    ("lr_range lr_max NaN", lambda: nnlib.lr_range_test(_net(), X4, Y4, "half_mse",
                                                        lr_max=np.nan), ValueError, "lr_max"),
    ("lr_range lr_min text", lambda: nnlib.lr_range_test(_net(), X4, Y4, "half_mse",
                                                         lr_min="a"), TypeError, "lr_min"),
    ("lr_range smoothing 1", lambda: nnlib.lr_range_test(_net(), X4, Y4, "half_mse",
                                                         smoothing=1), ValueError, "smoothing"),
    ("lr_range momentum 2", lambda: nnlib.lr_range_test(_net(), X4, Y4, "half_mse",
                                                        momentum=2), ValueError, "momentum"),
    ("lr_range diverge_factor 0", lambda: nnlib.lr_range_test(_net(), X4, Y4, "half_mse",
                                                              diverge_factor=0), ValueError,
     "diverge_factor"),
    ("lr_range seed text", lambda: nnlib.lr_range_test(_net(), X4, Y4, "half_mse", seed="a"),
     TypeError, "seed must be an integer"),
    ("lr_range net None", lambda: nnlib.lr_range_test(None, X4, Y4, "half_mse"), TypeError,
     "net must be an MLP"),
    ("lr_range X NaN", lambda: nnlib.lr_range_test(_net(), X4 * np.nan, Y4, "half_mse"),
     ValueError, "X contains NaN"),
    ("lr_range loss unknown", lambda: nnlib.lr_range_test(_net(), X4, Y4, "x"), ValueError,
     "unknown loss 'x'"),
    # nnlib.check_gradients
    ("check_gradients eps NaN", lambda: nnlib.check_gradients(_net(), X4, Y4, "half_mse",
                                                              eps=np.nan), ValueError, "eps"),
    ("check_gradients eps text", lambda: nnlib.check_gradients(_net(), X4, Y4, "half_mse",
                                                               eps="a"), TypeError, "eps"),
    ("check_gradients net None", lambda: nnlib.check_gradients(None, X4, Y4, "half_mse"),
     TypeError, "net must be an MLP"),
    ("check_gradients T NaN", lambda: nnlib.check_gradients(_net(), X4, Y4 * np.nan, "half_mse"),
     ValueError, "T .*NaN"),
    # nnlib.worked_example
    ("worked_example unknown weight", lambda: nnlib.worked_example({"w9": 1}), ValueError,
     "unknown weight 'w9'"),
    ("worked_example weight text", lambda: nnlib.worked_example({"w1": "a"}), TypeError,
     "weight w1 must be a number"),
    ("worked_example weight NaN", lambda: nnlib.worked_example({"w1": np.nan}), ValueError,
     "weight w1 must be a finite"),
    ("worked_example weights not a dict", lambda: nnlib.worked_example(3), TypeError,
     "weights must be a dict"),
    ("worked_example x length", lambda: nnlib.worked_example(x=(1,)), ValueError,
     "x .* must be two numbers"),
    ("worked_example x text", lambda: nnlib.worked_example(x=("a", "b")), TypeError, "x "),
    ("worked_example x NaN", lambda: nnlib.worked_example(x=(np.nan, 0)), ValueError, "x .*NaN"),
    ("worked_example t length", lambda: nnlib.worked_example(t=(1, 2, 3)), ValueError,
     "t .* must be two numbers"),
    ("worked_example t NaN", lambda: nnlib.worked_example(t=(np.nan, 0)), ValueError, "t .*NaN"),
    ("worked_example b1 NaN", lambda: nnlib.worked_example(b1=np.nan), ValueError, "b1"),
    ("worked_example b1 text", lambda: nnlib.worked_example(b1="a"), TypeError, "b1"),
    ("worked_example lr 0", lambda: nnlib.worked_example(lr=0), ValueError, "lr"),
    # nnlib.diagnostics (the checks it gets from MLP and the losses)
    ("deep_net width 0", lambda: tasks.deep_net(2, 0), ValueError, r"sizes\[1\]"),
    ("deep_net activation", lambda: tasks.deep_net(2, 4, "swish"), ValueError,
     "unknown activation 'swish'"),
    ("deep_net scale NaN", lambda: tasks.deep_net(2, 4, scale=np.nan), ValueError,
     "init_scale"),
    ("deep_net depth 0", lambda: tasks.deep_net(0, 4), ValueError,
     "depth must be a positive integer"),
    ("deep_net depth float", lambda: tasks.deep_net(2.5, 4), TypeError,
     "depth must be a positive integer"),
    ("deep_net depth text", lambda: tasks.deep_net("a", 4), TypeError,
     "depth must be a positive integer"),
    ("deep_net width float", lambda: tasks.deep_net(2, 2.5), TypeError, r"sizes\[1\]"),
    ("deep_net width text", lambda: tasks.deep_net(2, "a"), TypeError, r"sizes\[1\]"),
    ("fixed_batch n 0", lambda: tasks.fixed_batch(0), ValueError, "n must be"),
    ("layer_norms measure", lambda: diagnostics.layer_norms(_net(), X4, Y4, "x"), ValueError,
     "measure must be 'delta' or 'W'"),
    ("layer_norms X width", lambda: diagnostics.layer_norms(_net(), np.zeros((4, 3)), Y4),
     ValueError, "X must have 2 columns"),
    ("layer_norms X NaN", lambda: diagnostics.layer_norms(_net(), X4 * np.nan, Y4), ValueError,
     "X contains NaN"),
    ("layer_norms T = 3", lambda: diagnostics.layer_norms(_net(), X4, Y4 * 3), ValueError,
     "targets between 0 and 1"),
    ("layer_norms net None", lambda: diagnostics.layer_norms(None, X4, Y4), TypeError,
     "net must be an MLP"),
    ("span_decades text", lambda: diagnostics.span_decades(["a"]), TypeError, "norms must be"),
    ("span_decades negative", lambda: diagnostics.span_decades([-1.0, 1.0]), ValueError,
     "per-layer norms >= 0"),
    ("span_decades empty", lambda: diagnostics.span_decades([]), ValueError, "non-empty"),
    ("cure_spans seed text", lambda: __import__(
        "nnlib.exercises.lesson04_cures", fromlist=["cure_spans"]).cure_spans(seed="a"),
     TypeError, "seed must be an integer"),
    ("hidden_activations net", lambda: diagnostics.hidden_activations("net", X4), TypeError,
     "net must be an MLP"),
    ("hidden_activations X width", lambda: diagnostics.hidden_activations(
        _net(), np.zeros((4, 3))), ValueError, "X must have 2 columns"),
    ("variance_check skips", lambda: diagnostics.variance_check(
        tasks.deep_net(3, 4, residual=True), X4), ValueError, "without skips or normalisation"),
    ("variance_check X width", lambda: diagnostics.variance_check(_net(), np.zeros((4, 3))),
     ValueError, "X must have 2 columns"),
    ("layer_norms training text", lambda: diagnostics.layer_norms(_net(), X4, Y4, "delta", "yes"),
     TypeError, "training must be True, False or None"),
    ("wide_net scale name", lambda: tasks.wide_net("relu", "huge"), ValueError,
     "scale_name must be one of"),
    ("wide_batch n 0", lambda: tasks.wide_batch(0), ValueError, "n must be"),
    ("dead_fraction net None", lambda: diagnostics.dead_fraction(None, X4), TypeError,
     "net must be an MLP"),
    ("dead_fraction X text", lambda: diagnostics.dead_fraction(_net(), "a"), TypeError, "X must"),
    ("dead_fraction X NaN", lambda: diagnostics.dead_fraction(_net(), X4 * np.nan), ValueError,
     "X contains NaN"),
    ("negative_fraction net None", lambda: diagnostics.negative_fraction(None, X4), TypeError,
     "net must be an MLP"),
    ("negative_fraction X text", lambda: diagnostics.negative_fraction(_net(), "a"), TypeError,
     "X must"),
    ("negative_fraction X NaN", lambda: diagnostics.negative_fraction(_net(), X4 * np.nan),
     ValueError, "X contains NaN"),
    ("verdict empty", lambda: diagnostics.verdict([]), ValueError,
     "norms must be a non-empty 1-D list"),
    ("verdict number", lambda: diagnostics.verdict(1.0), ValueError,
     r"norms must be a non-empty 1-D list.*shape \(\)"),
    ("verdict 2-D", lambda: diagnostics.verdict([[1, 2], [3, 4]]), ValueError,
     r"1-D list of per-layer norms.*\(2, 2\)"),
    ("verdict negative", lambda: diagnostics.verdict([-1, 1]), ValueError,
     "norms must be >= 0"),
    ("verdict -inf", lambda: diagnostics.verdict([-np.inf, 1]), ValueError,
     "norms must be >= 0"),
    ("verdict text", lambda: diagnostics.verdict(["a", "b"]), TypeError,
     "norms must be a list of per-layer norms"),
    ("verdict complex", lambda: diagnostics.verdict([1j, 1]), TypeError, "norms .*complex"),
    ("verdict None", lambda: diagnostics.verdict(None), TypeError, "norms must be"),
    ("verdict objects", lambda: diagnostics.verdict(np.array([object()])), TypeError,
     "norms must be"),
    # nnlib.features
    ("expand unknown name", lambda: features.expand(X4, ["x3"]), ValueError,
     "unknown feature 'x3'"),
    ("expand names number", lambda: features.expand(X4, 3), TypeError, "features must be a list"),
    ("expand no names", lambda: features.expand(X4, []), ValueError, "at least one"),
    ("expand X width", lambda: features.expand(np.zeros((4, 3))), ValueError, "X must have 2"),
    ("expand X NaN", lambda: features.expand(X4 * np.nan), ValueError, "X contains NaN"),
    ("expand X complex", lambda: features.expand(X4 * 1j), TypeError, "X must be .*complex"),
    ("check_names unknown", lambda: features.check_names(["x1", "z"]), ValueError,
     "unknown feature 'z'"),
    ("check_names repeated", lambda: features.check_names(["x1", "x1"]), ValueError,
     "must not repeat"),
    ("check_names nested", lambda: features.check_names([["x1"]]), TypeError,
     "each feature must be a name"),
    # nnlib.quadratic (lesson 05's bowl)
    ("bowl text", lambda: quadratic.bowl("a"), TypeError, "a must be a list of positive"),
    ("bowl empty", lambda: quadratic.bowl([]), ValueError, "a must be a list of positive"),
    ("bowl complex", lambda: quadratic.bowl([1j]), TypeError, "a must be .*complex"),
    ("bowl objects", lambda: quadratic.bowl(np.array([object()])), TypeError, "a must be"),
    ("bowl NaN", lambda: quadratic.bowl([np.nan]), ValueError, "a must be a list of positive"),
    ("f x text", lambda: quadratic.f([1.0], "x"), TypeError, "x must be"),
    ("f x NaN", lambda: quadratic.f([1.0], [np.nan]), ValueError, "x contains NaN"),
    ("f x shape", lambda: quadratic.f([1.0, 2.0], [[1.0, 2.0, 3.0]]), ValueError,
     "x must have 2 coordinates"),
    ("descend x0 shape", lambda: quadratic.descend([1.0, 2.0], [1.0, 2.0, 3.0], 0.1, 5),
     ValueError, "x0 .* must have 2 coordinates"),
    ("descend x0 text", lambda: quadratic.descend([1.0], "a", 0.1, 5), TypeError, "x0"),
    ("descend x0 NaN", lambda: quadratic.descend([1.0], [np.nan], 0.1, 5), ValueError,
     "x0 .*NaN"),
    ("descend x0 complex", lambda: quadratic.descend([1.0], [1j], 0.1, 5), TypeError, "x0"),
    ("descend x0 empty", lambda: quadratic.descend([1.0], [], 0.1, 5), ValueError, "x0"),
    ("descend lr NaN", lambda: quadratic.descend([1.0], [1.0], np.nan, 5), ValueError, "lr"),
    ("descend steps 0", lambda: quadratic.descend([1.0], [1.0], 0.1, 0), ValueError, "steps"),
    ("step_factor lr 0", lambda: quadratic.step_factor([1.0], 0), ValueError, "lr"),
    ("largest_stable_lr momentum NaN", lambda: quadratic.largest_stable_lr([1.0], np.nan),
     ValueError, "momentum"),
]


@pytest.mark.parametrize("call, error, match", [pytest.param(*row[1:], id=row[0])
                                                for row in CATALOGUE])
def test_catalogue(call, error, match):
    with pytest.raises(error, match=match) as info:
        call()
    assert type(info.value) in (ValueError, TypeError)     # never a numpy subclass of them


# Public names the catalogue does not call directly, and why. A new public function must get
# rows above or a line here.
NOT_CALLED = {
    "nnlib.History": "a result of fit, not built by a learner",
    "nnlib.losses.Loss": "used through the instances half_mse, binary_cross_entropy, …",
    "nnlib.losses.HalfMSE": "used through half_mse",
    "nnlib.losses.BinaryCrossEntropy": "used through binary_cross_entropy",
    "nnlib.losses.SoftmaxCrossEntropy": "used through softmax_cross_entropy",
    "nnlib.activations.Activation": "base class",
    "nnlib.data.digits": "takes no arguments: there is no bad input to give it",
}


def test_catalogue_calls_every_public_name():
    import inspect

    called = set()
    for _, call, *_ in CATALOGUE:
        called |= set(call.__code__.co_names)
    called |= {"MLP", "SGD"}                  # through _net() and _opt()
    public = [f"nnlib.{n}" for n in nnlib.__all__
              if not inspect.ismodule(getattr(nnlib, n))]
    for mod in (data, losses, activations, init, diagnostics, features, quadratic, preprocess):
        public += [f"{mod.__name__}.{n}" for n, o in vars(mod).items()
                   if not n.startswith("_") and (inspect.isfunction(o) or inspect.isclass(o))
                   and o.__module__ == mod.__name__]
    missing = [p for p in public if p.rsplit(".", 1)[1] not in called and p not in NOT_CALLED]
    assert not missing, f"add bad-input rows for {missing}"


def test_activation_options_match_constructors():
    # activations.get names unknown keyword parameters from each class's ``_options``
    # (inspect is not imported by the maths modules); keep the two in step.
    import inspect

    for name in activations.NAMES:
        cls = type(activations.get(name))
        assert set(cls._options) == set(inspect.signature(cls).parameters), name


# -- skips and normalisation layers (MLP(residual=..., norm=...), Dense(norm=...)) -------------

NORM_CATALOGUE = [
    ("MLP norm unknown", lambda: nnlib.MLP([2, 3, 1], norm="group"), ValueError,
     "norm must be None, 'batch' or 'layer'"),
    ("MLP norm bool", lambda: nnlib.MLP([2, 3, 1], norm=True), ValueError,
     "norm must be None, 'batch' or 'layer'"),
    ("Dense norm unknown", lambda: nnlib.Dense(2, 3, norm="instance"), ValueError,
     "norm must be None, 'batch' or 'layer'"),
    ("MLP residual widths", lambda: nnlib.MLP([2, 4, 5, 1], residual=True), ValueError,
     r"same width; got widths \[4, 5\]"),
    ("MLP residual text", lambda: nnlib.MLP([2, 4, 4, 1], residual="no"), TypeError,
     "residual must be True or False"),
    ("batch norm training on 1 sample",
     lambda: nnlib.MLP([2, 3, 1], norm="batch").forward(np.ones((1, 2)), training=True),
     ValueError, "at least 2 samples"),
    ("fit batch norm batch_size 1",
     lambda: nnlib.fit(nnlib.MLP([2, 3, 1], norm="batch"), X4, T4, "half_mse",
                       nnlib.SGD(0.1), epochs=1, batch_size=1),
     ValueError, "at least 2 samples"),
    ("Dense norm backward delta",
     lambda: _normed_dense().backward(delta=np.ones((4, 3))), ValueError, "pass dA"),
    ("set_params without gamma",
     lambda: nnlib.MLP([2, 3, 1], norm="layer").set_params(nnlib.MLP([2, 3, 1]).get_params()),
     ValueError, "gamma and beta of each normalised layer"),
]


def _normed_dense():
    layer = nnlib.Dense(2, 3, norm="layer")
    layer.forward(X4)
    return layer


@pytest.mark.parametrize("call, error, match", [pytest.param(*row[1:], id=row[0])
                                                for row in NORM_CATALOGUE])
def test_norm_and_residual_catalogue(call, error, match):
    with pytest.raises(error, match=match) as info:
        call()
    assert type(info.value) in (ValueError, TypeError)
