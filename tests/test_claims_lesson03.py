"""What lesson 03 · Backpropagation says about its computed results.

Each test quotes the sentence it guards. Every claim is checked on this machine and on two
simulated others (last-bit noise in exp, tanh, log, …: tests/noise.py), so a sentence that would
be false on a learner's computer with other CPU kernels or another numpy turns the build red here.
The independent oracle is a plain-Python ledger (``math.exp``), as in the notebook; the published
digits are those of the worked example's source (seed 003, Matt Mazur's step-by-step post).
"""

import math

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib
from nnlib.exercises import backprop_a, backprop_b
from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.worked_example import WEIGHTS, weight, weight_grad

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")

I1, I2, T1, T2, B1, B2, LR = 0.05, 0.10, 0.01, 0.99, 0.35, 0.60, 0.5
W0 = tuple(WEIGHTS[f"w{k}"] for k in range(1, 9))


def _sig(z):
    return 1 / (1 + math.exp(-z))


def _forward(w, t1=T1):
    h1 = _sig(w[0] * I1 + w[1] * I2 + B1)
    h2 = _sig(w[2] * I1 + w[3] * I2 + B1)
    o1 = _sig(w[4] * h1 + w[5] * h2 + B2)
    o2 = _sig(w[6] * h1 + w[7] * h2 + B2)
    return h1, h2, o1, o2


def _error(w):
    _, _, o1, o2 = _forward(w)
    return 0.5 * (T1 - o1) ** 2 + 0.5 * (T2 - o2) ** 2


def _update(w, sequential=False):
    """One update of the ledger: all from one forward pass, or the source's one after another."""
    h1, h2, o1, o2 = _forward(w)
    d1, d2 = (o1 - T1) * o1 * (1 - o1), (o2 - T2) * o2 * (1 - o2)
    v = [w[4] - LR * d1 * h1, w[5] - LR * d1 * h2, w[6] - LR * d2 * h1, w[7] - LR * d2 * h2]
    back = v if sequential else w[4:]
    dh1 = (d1 * back[0] + d2 * back[2]) * h1 * (1 - h1)
    dh2 = (d1 * back[1] + d2 * back[3]) * h2 * (1 - h2)
    return (w[0] - LR * dh1 * I1, w[1] - LR * dh1 * I2, w[2] - LR * dh2 * I1,
            w[3] - LR * dh2 * I2, *v)


def test_03_first_output_far_too_big():
    """"The targets are 0.01 and 0.99, the outputs 0.75 and 0.77: the first output is far too
    big." """
    _, _, o1, o2 = _forward(W0)
    assert (round(o1, 2), round(o2, 2)) == (0.75, 0.77)
    assert o1 - T1 > 0.7 and abs(o2 - T2) < 0.25


@machines
def test_03_first_output_wants_h1_smaller(machine):
    """"The first output wants h1 smaller (its term is positive …), the second wants it bigger
    (its term is negative); the sum is what is left" (and the ledger matches nnlib)."""
    with last_bit_noise(machine):
        ex = nnlib.worked_example()
        nnlib.forward_backward(ex.net, "half_mse", ex.X, ex.T)
    d_o1, d_o2 = ex.net.layers[1].delta[0]
    via_o1, via_o2 = d_o1 * weight(ex.net, "w5"), d_o2 * weight(ex.net, "w7")
    assert via_o1 > 0 > via_o2 and via_o1 + via_o2 > 0
    assert round(via_o1 + via_o2, 9) == 0.036350306


def test_03_one_update_and_the_sources_procedure():
    """"The error fell from 0.298371109 to 0.291027774. Every gradient came from the same forward
    pass …: that is one step of gradient descent" and, in the aside, "After one update the source
    prints the error 0.291027924 … (0.149817639 instead of 0.149780716) and the error lands
    1.5·10⁻⁷ higher … only the first procedure is a gradient step." """
    same, seq = _update(W0), _update(W0, sequential=True)
    assert f"{_error(W0):.9f} {_error(same):.9f} {_error(seq):.9f}" == (
        "0.298371109 0.291027774 0.291027924")
    assert f"{_error(seq) - _error(same):.1e}" == "1.5e-07"
    # a gradient step is w − η·(the slope at w); finite differences measure the slope
    eps = 1e-6
    for k in range(8):
        up, down = list(W0), list(W0)
        up[k] += eps
        down[k] -= eps
        slope = (_error(up) - _error(down)) / (2 * eps)
        assert abs(same[k] - (W0[k] - LR * slope)) < 1e-9
    assert f"{seq[0]:.9f} {same[0]:.9f}" == "0.149817639 0.149780716"


def test_03_aside_outputs_after_10000_updates():
    """Aside: "The source's outputs after 10,000 updates, 0.015912196 and 0.984065734, come from
    the one-after-another procedure too; 10,000 gradient steps give 0.01591362 and 0.98406427."
    (The gradient steps are run with nnlib on three machines in the next test's setting.)"""
    w = W0
    for _ in range(10000):
        w = _update(w, sequential=True)
    _, _, o1, o2 = _forward(w)
    assert f"{o1:.9f} {o2:.9f}" == "0.015912196 0.984065734"
    for machine in MACHINES:
        with last_bit_noise(machine):
            ex = nnlib.worked_example()
            nnlib.fit(ex.net, ex.X, ex.T, "half_mse", ex.optimizer, epochs=10000)
            y1, y2 = ex.net.forward(ex.X)[0]
        assert f"{y1:.8f} {y2:.8f}" == "0.01591362 0.98406427", machine


@machines
def test_03_ten_thousand_updates(machine):
    """"Repeating forward pass, backward pass and update, the error keeps falling." and "after
    10,000 rounds the error is 0.0000351085: that is the error on its 10,000th forward pass" """
    with last_bit_noise(machine):
        ex = nnlib.worked_example()
        history = nnlib.fit(ex.net, ex.X, ex.T, "half_mse", ex.optimizer, epochs=10000)
    loss = np.array(history.loss)
    assert len(loss) == 10000 and (np.diff(loss) < 0).all()
    assert f"{loss[0]:.9f} {loss[9999]:.10f}" == "0.298371109 0.0000351085"


@machines
def test_03_explorer_claims(machine):
    """"With t1 ≈ out_o1 … ∂E/∂w5 nearly vanishes … ∂E/∂w1 does not vanish, because h1 still
    hears from o2 through w7. Each step lowers E_total a little; a larger learning rate takes
    bigger steps." """
    def grads(t1):
        ex = nnlib.worked_example(t=(t1, 0.99))
        nnlib.forward_backward(ex.net, "half_mse", ex.X, ex.T)
        return weight_grad(ex.net, "w5"), weight_grad(ex.net, "w1")

    with last_bit_noise(machine):
        (w5_far, w1_far), (w5_near, w1_near) = grads(0.01), grads(0.75)
        drops = {}
        for lr in [0.05, 0.5, 2.0, 5.0]:     # the explorer's learning-rate slider: 0.05–5
            for t1 in [0.01, 0.75]:
                ex = nnlib.worked_example(t=(t1, 0.99), lr=lr)
                E = [nnlib.forward_backward(ex.net, "half_mse", ex.X, ex.T)]
                for _ in range(20):
                    ex.optimizer.step(ex.net)
                    E.append(nnlib.forward_backward(ex.net, "half_mse", ex.X, ex.T))
                assert (np.diff(E) < 0).all(), (lr, t1)
                drops[lr, t1] = E[0] - E[1]
    assert abs(w5_near) < 0.01 * abs(w5_far)
    assert abs(w1_near) > 0.1 * abs(w1_far)
    for t1 in [0.01, 0.75]:
        assert drops[0.05, t1] < drops[0.5, t1] < drops[2.0, t1] < drops[5.0, t1]


@machines
def test_03_matrix_form_is_the_ledger(machine):
    """"Same numbers: every difference is below 10⁻¹⁵, which is rounding (the same products and
    sums, done in a different order)" (outputs, dW of both layers, the new weights)."""
    w = W0
    h1, h2, o1, o2 = _forward(w)
    d_o1, d_o2 = (o1 - T1) * o1 * (1 - o1), (o2 - T2) * o2 * (1 - o2)
    d_h1 = (d_o1 * w[4] + d_o2 * w[6]) * h1 * (1 - h1)
    d_h2 = (d_o1 * w[5] + d_o2 * w[7]) * h2 * (1 - h2)
    dW1 = np.array([[d_h1 * I1, d_h1 * I2], [d_h2 * I1, d_h2 * I2]])
    dW2 = np.array([[d_o1 * h1, d_o1 * h2], [d_o2 * h1, d_o2 * h2]])
    with last_bit_noise(machine):
        ex = nnlib.worked_example()
        nnlib.forward_backward(ex.net, "half_mse", ex.X, ex.T)
        out = np.concatenate([ex.net.layers[0].A[0], ex.net.layers[1].A[0]])
        assert np.abs(out - [h1, h2, o1, o2]).max() < 1e-15
        assert np.abs(ex.net.layers[0].dW - dW1).max() < 1e-15
        assert np.abs(ex.net.layers[1].dW - dW2).max() < 1e-15
        ex.optimizer.step(ex.net)
    new = np.vstack([ex.net.layers[0].W, ex.net.layers[1].W]).ravel()
    assert np.abs(new - np.array(_update(W0))).max() < 1e-15


def _ledger_gradients(w, broken=False):
    h1, h2, o1, o2 = _forward(w)
    d_o1 = (o1 - T1) * o1 * (1 - o1)
    d_o2 = (o2 - T2) if broken else (o2 - T2) * o2 * (1 - o2)
    d_h1 = (d_o1 * w[4] + d_o2 * w[6]) * h1 * (1 - h1)
    d_h2 = (d_o1 * w[5] + d_o2 * w[7]) * h2 * (1 - h2)
    return np.array([d_h1 * I1, d_h1 * I2, d_h2 * I1, d_h2 * I2,
                     d_o1 * h1, d_o1 * h2, d_o2 * h1, d_o2 * h2])


@machines
def test_03_gradient_check(machine):
    """"When backprop is right it is below 10⁻⁸ …; a wrong line gives far more" (the broken
    copy: 4.5e-01); "the broken copy is off exactly where δo2 is used: w7, w8 directly and all
    four hidden weights …; w5 and w6 are fine"; and nnlib.check_gradients agrees, below 1e-8."""
    p = np.array(W0)
    with last_bit_noise(machine):
        numeric = numerical_gradient(lambda: _error(p), p)
        ex = nnlib.worked_example()
        check = nnlib.check_gradients(ex.net, ex.X, ex.T, "half_mse")
    assert relative_error(_ledger_gradients(p), numeric) < 1e-8
    broken = relative_error(_ledger_gradients(p, broken=True), numeric)
    assert f"{broken:.1e}" == "4.5e-01"
    bad = np.abs(_ledger_gradients(p, broken=True) - numeric) > 1e-8
    assert [f"w{k + 1}" for k in np.flatnonzero(bad)] == ["w1", "w2", "w3", "w4", "w7", "w8"]
    assert sorted(check) == ["W1", "W2", "b1", "b2"] and check.max_error < 1e-8


@machines
def test_03_exercise_4_solution_numbers(machine):
    """Solutions: "The gradient check of backprop_a gives a relative error of about 0.8, far from
    rounding; backprop_b agrees with the finite differences to about 1e-9"."""
    with last_bit_noise(machine):
        ex = nnlib.worked_example()
        a, b = backprop_a(ex.net, ex.X, ex.T), backprop_b(ex.net, ex.X, ex.T)
        numeric = numerical_gradient(lambda: nnlib.losses.half_mse.value(ex.net(ex.X), ex.T),
                                     ex.net.layers[0].W)
    assert round(relative_error(a["W1"], numeric), 1) == 0.8
    assert 1e-10 < relative_error(b["W1"], numeric) < 1e-8


@machines
def test_03_cross_entropy_pushes_harder(machine):
    """"Cross-entropy pushes 150 times harder." and "(the outputs are not saturated there, so the
    gap is smaller)" — the ratios 5.4 and 5.7 of the worked example."""
    sig = nnlib.activations.get("sigmoid")
    with last_bit_noise(machine):
        z, t = np.array([[5.0]]), np.array([[0.0]])
        y = sig.f(z)
        mse = nnlib.losses.half_mse.grad(y, t) * sig.df(z, y)
        ce = nnlib.losses.binary_cross_entropy.output_delta(y, t, sig)
        ratio = float(ce[0, 0] / mse[0, 0])
        ex = nnlib.worked_example()
        deltas = []
        for loss in ["half_mse", "binary_cross_entropy"]:
            nnlib.forward_backward(ex.net, loss, ex.X, ex.T)
            deltas.append(ex.net.layers[1].delta[0].copy())
    assert round(ratio) == 150
    small = deltas[1] / deltas[0]
    assert (1 < small).all() and (small < ratio).all()
    assert list(np.round(small, 1)) == [5.4, 5.7]


@machines
def test_03_softmax(machine):
    """"Softmax turns them into probabilities, positive and adding up to 1" and "The gradient is
    the softmax output minus the one-hot target (0, 0, 1)." """
    z = np.array([[2.0, 1.0, 0.1]])
    with last_bit_noise(machine):
        p = nnlib.losses.softmax(z)
        grad = nnlib.losses.softmax_cross_entropy.grad(z, [2])
        grad_one_hot = nnlib.losses.softmax_cross_entropy.grad(z, np.array([[0.0, 0.0, 1.0]]))
    exact = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert (p > 0).all() and abs(p.sum() - 1) < 1e-15 and np.allclose(p, exact, rtol=1e-14)
    assert np.allclose(grad, p - [0, 0, 1], rtol=0, atol=1e-15)
    assert np.allclose(grad, grad_one_hot, rtol=0, atol=1e-15)


@machines
def test_03_half_mse_stalls(machine):
    """"As z grows with target 0, the cross-entropy gradient climbs towards 1, while the half-MSE
    gradient peaks early and then sinks back towards 0 … When the neuron is right and sure, both
    gradients are small" and "At y = 2/3, z = ln 2"."""
    from nnlib.widgets.backprop import LossComparisonExplorer

    e = LossComparisonExplorer.__new__(LossComparisonExplorer)   # only its maths, no figure
    e.sigmoid = nnlib.activations.get("sigmoid")
    zs = np.linspace(0, 6, 601)
    with last_bit_noise(machine):
        _, _, d_mse, d_ce = e.losses_at(zs, 0)
        _, _, sure_mse, sure_ce = e.losses_at([5.0], 1)
    assert (np.diff(d_ce) > 0).all() and d_ce[-1] > 0.99
    peak = int(np.argmax(d_mse))
    assert abs(zs[peak] - math.log(2)) <= 0.005
    assert (np.diff(d_mse[peak:]) < 0).all() and d_mse[-1] < 0.01
    assert abs(sure_mse[0]) < 0.01 and abs(sure_ce[0]) < 0.01
    assert abs(_sig(math.log(2)) - 2 / 3) < 1e-15


@machines
def test_03_half_mse_peak_printout(machine):
    """"peak at z = 0.693 (ln 2 = 0.693), where y = 0.667 (2/3 = 0.667)": the notebook's grid of
    12001 points, δ = y · y(1 − y) for target 0, on three machines."""
    with last_bit_noise(machine):
        zs = np.linspace(-6, 6, 12001)
        ys = 1 / (1 + np.exp(-zs))
        k = int(np.argmax((ys - 0) * ys * (1 - ys)))
    assert f"{zs[k]:.3f} {ys[k]:.3f}" == "0.693 0.667" == f"{math.log(2):.3f} {2 / 3:.3f}"
