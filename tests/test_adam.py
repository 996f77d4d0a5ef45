"""Adam: Kingma & Ba (2015), Algorithm 1, against a hand-unrolled reference of the paper."""

import numpy as np
import pytest

import nnlib


def _net_with_grads(rng, sizes=(3, 4, 2), activation="sigmoid"):
    net = nnlib.MLP(list(sizes), activation=activation, seed=0)
    for layer in net.layers:
        layer.b[:] = rng.normal(size=layer.b.shape)
    _new_grads(net, rng)
    return net


def _new_grads(net, rng):
    # Gradients of very different sizes, so an update that is not normalised shows.
    for layer in net.layers:
        layer.dW = rng.normal(size=layer.W.shape) * 10.0 ** rng.integers(-3, 3, size=layer.W.shape)
        layer.db = rng.normal(size=layer.b.shape)
        if layer.a is not None:
            layer.da = rng.normal(size=layer.a.shape)


def _grads(net):
    out = []
    for layer in net.layers:
        out += [layer.dW.copy(), layer.db.copy()]
        if layer.a is not None:
            out.append(layer.da.copy())
    return out


def _paper_adam(params, grads_per_step, lr, beta1, beta2, eps):
    """Algorithm 1 of Kingma & Ba (2015), written out for a list of arrays, one step at a time."""
    params = [p.copy() for p in params]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t, grads in enumerate(grads_per_step, start=1):
        for i, g in enumerate(grads):
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g ** 2
            m_hat = m[i] / (1 - beta1 ** t)
            v_hat = v[i] / (1 - beta2 ** t)
            params[i] = params[i] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return params


@pytest.mark.parametrize("activation", ["sigmoid", "prelu"])
@pytest.mark.parametrize("lr, beta1, beta2, eps", [(0.01, 0.9, 0.999, 1e-8),
                                                   (0.3, 0.5, 0.8, 1e-3),
                                                   (0.1, 0.0, 0.0, 1e-8)])
def test_three_steps_match_the_paper(rng, activation, lr, beta1, beta2, eps):
    net = _net_with_grads(rng, activation=activation)
    start = net.get_params()
    opt = nnlib.Adam(lr, beta1=beta1, beta2=beta2, eps=eps)
    grads_per_step = []
    for _ in range(3):
        grads_per_step.append(_grads(net))
        opt.step(net)
        _new_grads(net, rng)
    expected = _paper_adam(start, grads_per_step, lr, beta1, beta2, eps)
    assert len(expected) == len(net.get_params())          # W, b (and PReLU a) of each layer
    for got, want, p0 in zip(net.get_params(), expected, start):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)
        assert not np.array_equal(got, p0)


def test_first_step_moves_each_parameter_by_lr_against_its_gradient(rng):
    # m̂/√v̂ = g/|g| at t = 1, whatever the size of g (here from 1e-3 to 1e2). Without the bias
    # correction the step would be lr·(1 − β1)/√(1 − β2) ≈ 3.16·lr; plain SGD's would be lr·g.
    net = _net_with_grads(rng)
    before = net.get_params()
    grads = _grads(net)
    nnlib.Adam(0.01).step(net)
    for p0, g, p1 in zip(before, grads, net.get_params()):
        assert np.all(g != 0)
        np.testing.assert_allclose(p1 - p0, -0.01 * np.sign(g), rtol=1e-4)   # ε/|g|


def test_zero_gradient_leaves_a_parameter_alone_on_the_first_step(rng):
    net = _net_with_grads(rng)
    net.layers[0].dW[...] = 0.0
    W0 = net.layers[0].W.copy()
    nnlib.Adam(0.1).step(net)
    np.testing.assert_array_equal(net.layers[0].W, W0)     # ε keeps 0/0 away


def test_state_is_per_parameter_array(rng):
    # One optimiser stepping two nets keeps separate m, v and t for each: net B's first step
    # is a first step (±lr), not a continuation of net A's running means.
    a = _net_with_grads(rng)
    b = _net_with_grads(np.random.default_rng(7))
    b_alone = b.copy()
    shared = nnlib.Adam(0.05)
    for _ in range(3):
        shared.step(a)
        _new_grads(a, rng)
    shared.step(b)
    nnlib.Adam(0.05).step(b_alone)
    for got, want in zip(b.get_params(), b_alone.get_params()):
        np.testing.assert_array_equal(got, want)
    # Within one net, two arrays of the same shape do not share state either.
    net = nnlib.MLP([2, 2, 2], seed=0)
    for layer in net.layers:
        layer.dW = np.ones((2, 2))
        layer.db = np.zeros(2)
    opt = nnlib.Adam(0.1)
    opt.step(net)
    net.layers[1].dW = -np.ones((2, 2))                     # opposite gradient for layer 2 only
    net.layers[0].dW = np.ones((2, 2))
    W1, W2 = net.layers[0].W.copy(), net.layers[1].W.copy()
    opt.step(net)
    step1, step2 = net.layers[0].W - W1, net.layers[1].W - W2
    np.testing.assert_allclose(step1, -0.1, rtol=1e-6)     # same sign twice: still ≈ −lr
    assert np.all(step2 > 0.0)                             # its own m turned positive


def test_reset_starts_again_from_t_zero(rng):
    net = _net_with_grads(rng)
    opt = nnlib.Adam(0.01)
    opt.step(net)
    opt.step(net)
    opt.reset()
    before, grads = net.get_params(), _grads(net)
    opt.step(net)
    for p0, g, p1 in zip(before, grads, net.get_params()):
        np.testing.assert_allclose(p1 - p0, -0.01 * np.sign(g), rtol=1e-4)   # ε/|g|


def test_adam_steps_a_lone_dense_layer(rng):
    layer = nnlib.Dense(3, 2, rng=rng)
    layer.dW = rng.normal(size=(2, 3))
    layer.db = rng.normal(size=2)
    W0, b0 = layer.W.copy(), layer.b.copy()
    nnlib.Adam(0.02).step(layer)
    np.testing.assert_allclose(layer.W - W0, -0.02 * np.sign(layer.dW), rtol=1e-5)
    np.testing.assert_allclose(layer.b - b0, -0.02 * np.sign(layer.db), rtol=1e-5)


def test_fit_with_adam_learns_xor():
    X, y = nnlib.data.logic_gate("xor")
    net = nnlib.MLP([2, 4, 1], activation="tanh", seed=0)
    history = nnlib.fit(net, X, y.reshape(-1, 1), "binary_cross_entropy", nnlib.Adam(0.05),
                        epochs=300)
    assert not history.diverged and history.accuracy[-1] == 1.0


def test_repr_and_bad_input():
    assert repr(nnlib.Adam(0.001)) == "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)"
    assert repr(nnlib.Adam(0.5, beta1=0.0, beta2=0.99, eps=1e-6)) == \
        "Adam(lr=0.5, beta1=0, beta2=0.99, eps=1e-06)"
    for kwargs, match in [({"lr": 0}, r"lr \(learning rate\) must be a finite number > 0"),
                          ({"lr": -1}, "lr"),
                          ({"lr": 0.1, "beta1": 1.0}, r"beta1 must be in \[0, 1\)"),
                          ({"lr": 0.1, "beta1": -0.1}, r"beta1 must be in \[0, 1\)"),
                          ({"lr": 0.1, "beta2": 1.0}, r"beta2 must be in \[0, 1\)"),
                          ({"lr": 0.1, "beta2": np.nan}, "beta2 must be a finite number"),
                          ({"lr": 0.1, "eps": 0.0}, "eps must be a finite number > 0")]:
        with pytest.raises(ValueError, match=match):
            nnlib.Adam(**kwargs)
    with pytest.raises(TypeError, match="beta1 must be a number"):
        nnlib.Adam(0.1, beta1="0.9")
    with pytest.raises(TypeError, match="step needs an MLP or a Dense layer"):
        nnlib.Adam(0.1).step("net")


def test_fit_does_not_read_adams_large_gradients_as_a_blow_up():
    # Inputs 10⁵ times the moons' give gradient norms near 4·10⁴: at η = 0.1, lr × ‖g‖ would
    # be a step of thousands of times the weights' size for SGD, but Adam moves each number by
    # about lr, so training goes on and learns (History's rule 2 is SGD's).
    X, y = nnlib.data.moons(200, noise=0.2, seed=0)
    net = nnlib.MLP([2, 8, 1], activation="relu", seed=0)
    history = nnlib.fit(net, 1e5 * X, y, "binary_cross_entropy", nnlib.Adam(0.1), epochs=30,
                        batch_size=20)
    assert not history.diverged, history.message
    assert history.accuracy[-1] > 0.75
