"""Lesson 03's checks: right answers, the plausible wrong ones with their own hints, and junk.

The exercises work on the SECOND update of the worked example (seed 003: inputs 0.05, 0.10;
targets 0.01, 0.99; w1..w8 = .15 .20 .25 .30 .40 .45 .50 .55; b1 = .35, b2 = .60; η = 0.5), so no
variable of the notebook's ledger holds an answer. The truths here come from an independent
oracle, a plain-Python ledger with math.exp; the digits the notebook's Solutions print
(∂E/∂w6 = 0.083631428, ∂E/∂w1 = 0.000375997 at the new weights) are checked against it.
"""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib.exercises import (
    backprop_a,
    backprop_b,
    check_backward,
    check_dE_dw1,
    check_dE_dw6,
    check_out_o2_after_update,
    check_wrong_implementation,
)
from nnlib.exercises.lesson03 import (
    RTOL,
    SLIP_RTOL,
    backward_cases,
    gradient_check_errors,
    out_o2_after_update,
    second_step,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "03_backprop.ipynb"
I1, I2, T1, T2, B1, B2, LR = 0.05, 0.10, 0.01, 0.99, 0.35, 0.60, 0.5
W0 = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)


def _sig(z):
    return 1 / (1 + math.exp(-z))


def _pass(w):
    """Forward values and the eight gradients of the ledger at weights w."""
    h1 = _sig(w[0] * I1 + w[1] * I2 + B1)
    h2 = _sig(w[2] * I1 + w[3] * I2 + B1)
    o1 = _sig(w[4] * h1 + w[5] * h2 + B2)
    o2 = _sig(w[6] * h1 + w[7] * h2 + B2)
    d1, d2 = (o1 - T1) * o1 * (1 - o1), (o2 - T2) * o2 * (1 - o2)
    dh1 = (d1 * w[4] + d2 * w[6]) * h1 * (1 - h1)
    dh2 = (d1 * w[5] + d2 * w[7]) * h2 * (1 - h2)
    g = (dh1 * I1, dh1 * I2, dh2 * I1, dh2 * I2, d1 * h1, d1 * h2, d2 * h1, d2 * h2)
    return dict(h1=h1, h2=h2, o1=o1, o2=o2, d1=d1, d2=d2, g=g)


OLD = _pass(W0)
NEW_W = tuple(w - LR * g for w, g in zip(W0, OLD["g"]))
NEW = _pass(NEW_W)


def test_the_oracle_gives_the_solutions_digits():
    assert f"{NEW['g'][5]:.9f} {OLD['g'][5]:.9f}" == "0.083631428 0.082667628"
    assert f"{NEW['g'][0]:.9f}" == "0.000375997"
    ex, first = second_step()
    assert abs(first["w6"] - OLD["g"][5]) < 1e-15
    assert np.abs(np.concatenate([layer.dW.ravel() for layer in ex.net.layers])
                  - np.array(NEW["g"])).max() < 1e-15


# -- exercise 1: ∂E/∂w6 at the new weights ------------------------------------------------------

def _finite_difference(k, eps=1e-5):
    """∂E/∂w_k at the new weights by centred finite differences of the notebook's error()."""
    p = np.array(NEW_W)
    return nnlib.gradcheck.numerical_gradient(lambda: _error(p), p, eps)[k]


def _error(w):
    d = _pass(w)
    return 0.5 * (T1 - d["o1"]) ** 2 + 0.5 * (T2 - d["o2"]) ** 2


def test_dE_dw6_right():
    assert check_dE_dw6(NEW["d1"] * NEW["h2"])
    assert check_dE_dw6((NEW["o1"] - T1) * NEW["h2"] * NEW["o1"] * (1 - NEW["o1"]))   # any order
    assert check_dE_dw6(np.array([NEW["d1"] * NEW["h2"]]))


@pytest.mark.parametrize("answer", [0.083631428, np.float64(0.0836314), "fd", "fd4"])
def test_dE_dw6_digits_or_finite_differences_refused(answer):
    """Typed digits and finite differences are near, but not the chain rule computed in code."""
    if isinstance(answer, str):
        answer = _finite_difference(5, 1e-4 if answer == "fd4" else 1e-5)
    fb = check_dE_dw6(answer)
    assert not fb and "significant digits" in fb.message and "Finite differences" in fb.hint


@pytest.mark.parametrize("answer, message, hint", [
    (OLD["g"][5], "first update, at the old weights", "forward(*new)"),       # the ledger's dE_dw6
    (OLD["d1"] * NEW["h2"], "δo1 of the old pass", "delta_o1 belongs to the old"),
    (NEW["d1"] * OLD["h2"], "out_h2 of the old one", "out_h2 belongs to the old"),
    (NEW["g"][4], "∂E/∂w5", "w6 leaves h2"),
    (NEW["g"][7], "∂E/∂w8", "w6 goes into o1"),
    (-NEW["g"][5], "wrong sign", "out_o1 − t1"),
    ((NEW["o1"] - T1) * NEW["h2"], "missing the sigmoid's factor", "three factors"),
    (NEW_W[5] - LR * NEW["g"][5], "updated weight", "before it is multiplied by η"),
])
def test_dE_dw6_wrong(answer, message, hint):
    fb = check_dE_dw6(answer)
    assert not fb and message in fb.message and hint in fb.hint, repr(fb)


def test_dE_dw6_far_off_gets_the_general_hint():
    fb = check_dE_dw6(0.5)
    assert not fb and "off by" in fb.message and "three chain-rule factors" in fb.hint


# -- exercise 2: ∂E/∂w1 at the new weights ------------------------------------------------------

def _w1(d1, d2, w5, w7, slope=True):
    h1 = NEW["h1"]
    return (d1 * w5 + d2 * w7) * (h1 * (1 - h1) if slope else 1) * I1


def test_dE_dw1_right():
    assert check_dE_dw1(_w1(NEW["d1"], NEW["d2"], NEW_W[4], NEW_W[6]))
    assert check_dE_dw1(NEW["g"][0])


@pytest.mark.parametrize("answer", [0.000376, 0.000375997, "fd"])
def test_dE_dw1_digits_or_finite_differences_refused(answer):
    fb = check_dE_dw1(_finite_difference(0) if answer == "fd" else answer)
    assert not fb and "significant digits" in fb.message and "chain-rule factors" in fb.hint


@pytest.mark.parametrize("answer, message, hint", [
    (OLD["g"][0], "first update, at the old weights", "forward(*new)"),       # the ledger's dE_dw1
    (_w1(NEW["d1"], NEW["d2"], 0.40, 0.50), "through the old w5 = 0.40", "w5⁺ and w7⁺"),
    # the old/new mixes: each within 1e-5 or 3e-2 of the truth, each with its own hint
    (_w1(NEW["d1"], NEW["d2"], NEW_W[4], NEW_W[6]) / (NEW["h1"] * (1 - NEW["h1"]))
     * OLD["h1"] * (1 - OLD["h1"]), "slope out_h1(1 − out_h1) of the old pass", "h1 of forward"),
    (_w1(OLD["d1"], OLD["d2"], NEW_W[4], NEW_W[6]), "old pass's δo1 and δo2 sent back through the "
     "new weights", "compute both output δ again"),
    (_w1(OLD["d1"], OLD["d2"], 0.40, 0.50), "old pass's ∂E/∂out_h1 times the new slope",
     "Only h1's slope is from the new pass"),
    (_w1(NEW["d1"], 0, NEW_W[4], 0), "only the path through o1", "δo1·w5 + δo2·w7"),
    (_w1(0, NEW["d2"], 0, NEW_W[6]), "only the path through o2", "δo1·w5 + δo2·w7"),
    (_w1(NEW["d1"], NEW["d2"], NEW_W[4], NEW_W[6], slope=False), "missing the factor",
     "multiply by its slope"),
    (NEW["g"][1], "∂E/∂w2", "i1 = 0.05, not i2"),
    (-NEW["g"][0], "wrong sign", "with their signs"),
    (NEW_W[0] - LR * NEW["g"][0], "updated weight", "before it is multiplied by η"),
])
def test_dE_dw1_wrong(answer, message, hint):
    fb = check_dE_dw1(answer)
    assert not fb and message in fb.message and hint in fb.hint, repr(fb)
    typed = float(f"{answer:.9f}")                   # the same slip, read off a printout
    fb = check_dE_dw1(typed)
    assert not fb and message in fb.message and hint in fb.hint, (typed, repr(fb))


def test_every_known_slip_is_told_apart_from_the_truth():
    """A slip within the tolerance of the truth would be accepted: each must be farther, and the
    tolerance is relative, so the small ∂E/∂w1 is held as tightly as ∂E/∂w6."""
    for truth, check in [(NEW["g"][5], check_dE_dw6), (NEW["g"][0], check_dE_dw1)]:
        assert check(truth) and check(truth * (1 + 0.5 * RTOL))
        for wrong in (truth * (1 + 2 * RTOL), truth * (1 - 2 * RTOL)):
            assert not check(wrong)
    slips6 = [OLD["g"][5], OLD["d1"] * NEW["h2"], NEW["d1"] * OLD["h2"], NEW["g"][4], NEW["g"][7]]
    old_slope = OLD["h1"] * (1 - OLD["h1"]) / (NEW["h1"] * (1 - NEW["h1"]))
    slips1 = [OLD["g"][0], _w1(NEW["d1"], NEW["d2"], 0.40, 0.50), NEW["g"][0] * old_slope,
              _w1(OLD["d1"], OLD["d2"], NEW_W[4], NEW_W[6])]
    for truth, slips in [(NEW["g"][5], slips6), (NEW["g"][0], slips1)]:
        values = [truth, *slips]
        gaps = [abs(u / v - 1) for u in values for v in values if u is not v]
        assert min(gaps) > 3 * SLIP_RTOL         # no slip is taken for another or for the truth
    assert abs(NEW["g"][0] * old_slope / NEW["g"][0] - 1) < 2e-5     # the mix the reviewer found


# -- exercise 3: the learner's backward pass ----------------------------------------------------

def right(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def right_by_loops(x, a1, y, t, W2):
    """The ledger's way: one number at a time, lists, db as a row."""
    d2 = [(y[k] - t[k]) * y[k] * (1 - y[k]) for k in range(2)]
    d1 = [sum(d2[k] * W2[k][j] for k in range(2)) * a1[j] * (1 - a1[j]) for j in range(2)]
    dW1 = [[d1[j] * x[i] for i in range(2)] for j in range(2)]
    dW2 = [[d2[k] * a1[j] for j in range(2)] for k in range(2)]
    return dW1, [d1], dW2, np.array(d2)


def forgot_output_slope(x, a1, y, t, W2):
    delta2 = y - t
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def forgot_hidden_slope(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = W2.T @ delta2
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def sigma_of_y(x, a1, y, t, W2):
    s = 1 / (1 + np.exp(-y))
    delta2 = (y - t) * s * (1 - s)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def output_weights_times_x(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, x), delta2


def output_weights_times_y(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, y), delta2


def hidden_weights_times_a1(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, a1), delta1, np.outer(delta2, a1), delta2


def hidden_slope_of_outputs(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * y * (1 - y)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def transposed_W(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2 @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def transposed_dW2(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(a1, delta2), delta2


def transposed_dW1(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(x, delta1), delta1, np.outer(delta2, a1), delta2


def sign_error(x, a1, y, t, W2):
    delta2 = (t - y) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def only_path_through_o1(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = W2[0] * delta2[0] * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def no_sum_diagonal(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = np.diag(W2) * delta2 * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def no_sum_broadcast(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T * delta2) * a1 * (1 - a1)          # a 2 × 2 δ: the sum over k is missing
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def sends_back_error(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ (y - t)) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def bias_times_input(x, a1, y, t, W2):
    delta2 = (y - t) * y * (1 - y)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return np.outer(delta1, x), delta1 * x, np.outer(delta2, a1), delta2


def uses_the_ledger(x, a1, y, t, W2):
    """Right for the worked example only: the targets are the ledger's t1, t2."""
    t = np.array([T1, T2])
    return right(x, a1, y, t, W2)


@pytest.mark.parametrize("backward", [right, right_by_loops])
def test_backward_right(backward):
    fb = check_backward(backward)
    assert fb and "two other networks" in fb.message


@pytest.mark.parametrize("backward, message, hint", [
    (forgot_output_slope, "dW2 is missing the output sigmoid's slope", "forgot σ′"),
    (forgot_hidden_slope, "dW1 is missing the hidden sigmoid's slope", "Forgot σ′"),
    (sigma_of_y, "applies σ′ to y instead of to z2", "do not apply σ again"),
    (output_weights_times_x, "dW2 multiplies δ2 by the inputs x", "np.outer(delta2, a1)"),
    (output_weights_times_y, "the layer's own outputs y", "the layer's input a1"),
    (hidden_weights_times_a1, "dW1 multiplies δ1 by the hidden outputs a1", "np.outer(delta1, x)"),
    (hidden_slope_of_outputs, "slope of the output layer", "a1(1 − a1)"),
    (transposed_W, "instead of its transpose", "the transposed W"),
    (transposed_dW2, "dW2 is transposed", "not np.outer(a1, delta2)"),
    (transposed_dW1, "dW1 is transposed", "row j of W1"),
    (sign_error, "wrong sign", "y − t"),
    (only_path_through_o1, "only the path through o1", "adds what each output sends back"),
    (no_sum_diagonal, "without summing", "adds what each output sends back"),
    (no_sum_broadcast, "shape", "a sum is missing"),
    (sends_back_error, "sends back y − t instead of δ2", "slope included"),
    (bias_times_input, "db1 multiplies δ1 by the inputs", "input is always 1"),
    (uses_the_ledger, "right on the worked example", "ledger's variables"),
])
def test_backward_wrong(backward, message, hint):
    fb = check_backward(backward)
    assert not fb and message in fb.message and hint.lower() in fb.hint.lower(), repr(fb)


def test_backward_junk():
    def zeros(x, a1, y, t, W2):
        return np.zeros((2, 2)), np.zeros(2), np.zeros((2, 2)), np.zeros(2)

    def three(x, a1, y, t, W2):
        return right(x, a1, y, t, W2)[:3]

    def typo(x, a1, y, t, W2):
        return delta2        # noqa: F821 (the learner's NameError)

    def nan(x, a1, y, t, W2):
        dW1, db1, dW2, db2 = right(x, a1, y, t, W2)
        return dW1 * np.nan, db1, dW2, db2

    assert "still all zeros" in check_backward(zeros).message
    assert "four arrays" in check_backward(three).message
    fb = check_backward(typo)
    assert not fb and "raised NameError" in fb.message
    assert "inf or NaN" in check_backward(nan).message
    assert "function itself" in check_backward(right(*[np.ones(2)] * 4, np.eye(2))).message
    assert "function itself" in check_backward(None).message


def test_backward_cases_are_independent_of_the_check():
    """The other networks really differ (so a function built on the ledger's numbers fails),
    and their truths agree with finite differences of E, not only with nnlib's own backward."""
    cases = backward_cases()
    assert len(cases) == 3
    for c in cases[1:]:
        assert not np.allclose(c["x"], cases[0]["x"]) and not np.allclose(c["W2"], c["W2"].T)
        W1, W2 = c["W1"].copy(), c["W2"].copy()
        # rebuild the biases from the forward values: z1 = W1 x + b1, a1 = σ(z1)
        b1 = np.log(c["a1"] / (1 - c["a1"])) - W1 @ c["x"]
        b2 = np.log(c["y"] / (1 - c["y"])) - W2 @ c["a1"]

        def E(W1=W1, W2=W2, b1=b1, b2=b2, c=c):
            a1 = 1 / (1 + np.exp(-(W1 @ c["x"] + b1)))
            y = 1 / (1 + np.exp(-(W2 @ a1 + b2)))
            return 0.5 * np.sum((y - c["t"]) ** 2)

        for W, name in [(W1, "dW1"), (W2, "dW2")]:
            numeric = nnlib.gradcheck.numerical_gradient(E, W)
            assert nnlib.gradcheck.relative_error(numeric, c[name]) < 1e-7


@pytest.mark.parametrize("n_random", [-1, 1.5, "2", True])
def test_backward_cases_bad_input(n_random):
    with pytest.raises(ValueError, match="n_random"):
        backward_cases(n_random)


def test_learner_cannot_spoil_the_cases():
    def mutating(x, a1, y, t, W2):
        out = right(x, a1, y, t, W2)
        for arr in (x, a1, y, t, W2):
            arr[...] = 0
        return out

    assert check_backward(mutating) and check_backward(right)


# -- exercise 4 and the old exercise 3 ----------------------------------------------------------

def _measured():
    """The two relative errors a learner's gradient check finds, as the Solutions compute them."""
    ex = nnlib.worked_example()
    a, b = backprop_a(ex.net, ex.X, ex.T), backprop_b(ex.net, ex.X, ex.T)
    numeric = nnlib.gradcheck.numerical_gradient(
        lambda: nnlib.losses.half_mse.value(ex.net(ex.X), ex.T), ex.net.layers[0].W)
    rel = nnlib.gradcheck.relative_error
    return rel(a["W1"], numeric), rel(b["W1"], numeric), rel(a["W1"], b["W1"])


def test_wrong_implementation():
    ea, eb, _ = _measured()
    assert 0.5 < ea < 1 and eb < 1e-8                  # independent of the check's own numbers
    assert check_wrong_implementation("a", ea, eb)
    assert check_wrong_implementation(backprop_a, ea, eb)
    assert check_wrong_implementation(" Backprop_A ", np.float64(ea), np.array([eb]))
    errors = gradient_check_errors()                   # dW2's check counts as well
    assert check_wrong_implementation("a", errors["a"]["W2"], errors["b"]["W2"])


@pytest.mark.parametrize("eps", [1e-4, 1e-5, 1e-6])
def test_wrong_implementation_accepts_any_usual_step_and_three_digits(eps):
    """A right check with another finite-difference step, or its numbers copied from a print
    to 3 significant digits, is a right check."""
    errors = gradient_check_errors(eps)
    for W in ("W1", "W2"):
        ea, eb = errors["a"][W], errors["b"][W]
        assert check_wrong_implementation("a", ea, eb), (eps, W)
        assert check_wrong_implementation("a", float(f"{ea:.3g}"), float(f"{eb:.3g}")), (eps, W)


def _wrong_cases():
    ea, eb, eab = _measured()
    return [
        (("a",), "a guess is not a check", "relative_error(grads_a"),            # no evidence
        (("b",), "a guess is not a check", "relative_error(grads_a"),
        (("b", ea, eb), "your own numbers say otherwise", "Which implementation"),
        ((backprop_b, ea, eb), "your own numbers say otherwise", "Which implementation"),
        (("both", ea, eb), "only one of them", "one of your two numbers"),
        (("neither", ea, eb), "one of them is wrong", "not rounding"),
        (("a", eab, eab), "both compare backprop_a with backprop_b", "against the finite"),
        (("a", eb, ea), "swapped", "each implementation"),
        (("a", 0.8, eb), "error_a = 0.8 is not the relative error of backprop_a", "relative_error"),
        (("a", ea, 0.0), "exactly 0", "relative_error"),
        (("a", ea, 0.01), "error_b = 0.01 is not the relative error of backprop_b",
         "relative_error"),
        (("a", ea, "tiny"), "must be a relative error", "relative_error"),
        (("a", ea, -1e-9), "must be a relative error", "relative_error"),
        # error_b is measured, not typed: any small number is not enough
        (("a", ea, 1e-9), "is small, but it is none of the relative errors", "relative_error"),
        (("a", ea, eb * 3), "is small, but it is none of the relative errors", "relative_error"),
    ]


@pytest.mark.parametrize("k", range(15))
def test_wrong_implementation_refused(k):
    args, message, hint = _wrong_cases()[k]
    fb = check_wrong_implementation(*args)
    assert not fb and message in fb.message and hint in fb.hint, repr(fb)


def test_wrong_implementation_refusals_do_not_name_the_answer():
    """A refused guess must not say which one is right (two choices: that would give it away)."""
    for guess in ("a", "b", "both", "neither"):
        fb = check_wrong_implementation(guess)
        text = (fb.message + fb.hint).lower()
        assert not fb and "right one" not in text and "0.8" not in text and "1e-9" not in text


def test_out_o2_after_update():
    truth = out_o2_after_update()
    assert round(truth, 9) == round(_pass(NEW_W)["o2"], 9) == 0.775284968
    assert check_out_o2_after_update(truth) and check_out_o2_after_update(0.7752850)
    fb = check_out_o2_after_update(0.772928465)
    assert not fb and "before the update" in fb.message
    assert "out_o1 after the update" in check_out_o2_after_update(NEW["o1"]).message
    assert check_out_o2_after_update(out_o2_after_update(sequential=True))


def test_junk_gives_feedback_not_a_traceback():
    for junk in [None, "0.08", [0.08, 0.1], float("nan"), True, np.array([1.0, 2.0])]:
        for check in (check_dE_dw6, check_dE_dw1, check_out_o2_after_update):
            fb = check(junk)
            assert not fb and "finite number" in fb.message
    for junk in [None, "c", "", 1, "ab", print]:
        fb = check_wrong_implementation(junk, 0.77, 1e-9)
        assert not fb and '"a" or "b"' in fb.message


# -- the notebook: its attempts are refused, its printed solutions pass ------------------------

def _notebook():
    return json.loads(NOTEBOOK.read_text())["cells"]


def _exercises():
    """The code cells between "## Exercises" and the Solutions, and the Solutions' text."""
    cells, attempts, inside = _notebook(), [], False
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and text.startswith("## Exercises"):
            inside = True
        elif "<summary><b>Solutions</b>" in text:
            return attempts, text
        elif inside and cell["cell_type"] == "code":
            attempts.append(text)
    raise AssertionError("no Solutions cell after the exercises")


def _namespace():
    """The notebook's code cells before the exercises, run (explorers left out)."""
    ns = {}
    for cell in _notebook():
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and text.startswith("## Exercises"):
            return ns
        if cell["cell_type"] == "code" and "nnlib.widgets." not in text:
            exec(text, ns)
    raise AssertionError("no exercises section")


def _run(code, ns):
    """Run a block of code and return the value of its last line (a check call)."""
    *body, last = code.strip().splitlines()
    exec("\n".join(body), ns)
    return eval(last, ns)


def test_notebook_solutions_pass_and_attempts_fail():
    ns = _namespace()
    attempts, solutions = _exercises()
    blocks = re.findall(r"```python\n(.*?)```", solutions, flags=re.S)
    assert len(attempts) == len(blocks) == 4
    for attempt in attempts:                             # the stored attempts are refused
        fb = _run(attempt, ns)
        assert not fb and fb.hint, attempt
    for block in blocks:                                 # every printed solution passes
        fb = _run(block, ns)
        assert fb, (block, fb)
    assert "0.083631428" in solutions and "0.000375997" in solutions


def test_notebook_holds_no_answer_above_the_exercises():
    """No variable, and no function of the notebook that takes weights, gives an answer: every
    value above the exercises is refused by the checks, and the only notebook functions that
    accept weights are the forward pass and the error (whose finite differences are refused)."""
    ns = _namespace()
    for name, value in ns.items():
        if isinstance(value, float):
            assert not check_dE_dw6(value) and not check_dE_dw1(value), name
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            for v in value.ravel():
                assert not check_dE_dw6(v) and not check_dE_dw1(v), name
    defined = {n for n, v in ns.items() if getattr(v, "__code__", None) is not None
               and v.__code__.co_filename == "<string>"}
    # sigmoid(z), forward(w1 … w8), error(*weights), one_after_another(n from the published
    # weights): no function of the notebook returns a gradient at weights the caller chooses
    assert defined == {"sigmoid", "forward", "error", "one_after_another"}, defined
    p = np.array(ns["new"])
    for k, check in [(5, check_dE_dw6), (0, check_dE_dw1)]:
        fd = nnlib.gradcheck.numerical_gradient(lambda: ns["error"](*p), p)[k]
        assert not check(fd) and "significant digits" in check(fd).message
