"""Lesson 05's checks: right answers, the plausible wrong ones (each with its own hint), junk;
the notebook's solutions and first attempts; and the maths the checks use."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib import quadratic
from nnlib.exercises import (
    check_best_momentum,
    check_l2,
    check_largest_lr,
    check_lr_from_range_test,
    check_plain_steps,
)
from nnlib.exercises.lesson05 import (
    BOWL,
    LESSON_LR,
    START,
    _lesson_range_result,
    losses_with_l2,
    range_result,
    range_task,
    rule_band,
    val_loss_with_l2,
)


def test_d2l_numbers():
    """Source: D2L (Zhang et al., Dive into Deep Learning), 12.3.1: f(x) = x², x0 = 10, 10 steps."""
    ends = [quadratic.descend([1.0], [10.0], lr, 10)[0][-1, 0] for lr in (0.2, 0.05, 1.1)]
    assert [f"{x:.6f}" for x in ends] == ["0.060466", "3.486784", "61.917364"]
    assert np.allclose(quadratic.step_factor([1.0], [0.2, 0.05, 1.1][2]), 1.2)


def test_largest_stable_lr_is_the_edge():
    a = [0.1, 2.0]
    assert quadratic.largest_stable_lr(a) == 0.5 and quadratic.largest_stable_lr(a, 0.5) == 0.75
    assert not quadratic.descend(a, [-5, -2], 0.49, 200)[2]
    assert quadratic.descend(a, [-5, -2], 0.51, 2000)[2]
    assert not quadratic.descend(a, [-5, -2], 0.7, 500, momentum=0.5)[2]


@pytest.mark.parametrize("bad", [dict(a=[0, 1]), dict(lr=0), dict(momentum=1.0), dict(steps=0)])
def test_descend_bad_input(bad):
    args = dict(a=[1.0], x0=[1.0], lr=0.1, steps=3) | bad
    with pytest.raises((ValueError, TypeError)):
        quadratic.descend(**args)


@pytest.mark.parametrize("lr", [0.24, 0.23, 0.2499, 0.225])
def test_largest_lr_right(lr):
    fb = check_largest_lr(lr)
    assert fb and "within 10 % of the edge" in fb.message


@pytest.mark.parametrize("lr, message, hint", [
    (1.0, "diverges", "Which a limits η"),                                # the notebook's attempt
    (0.25, "does not converge", "this is the edge itself"),               # the edge: x2 = ±1
    (0.2501, "diverges", "Only just too large"),                          # grows by 1.0008
    (0.26, "diverges", "Only just too large"),
    (0.3, "diverges", "Which a limits η"),                                # past the edge
    (2.0, "diverges", "limit of the flat direction x1"),                  # 1/a of the flat one
    (0.5, "diverges", "the 2 from the derivative"),                       # 2/a: forgot the 2
    (0.125, "larger η does too", "lands on its minimum in one step"),     # 1/(2a)
    (0.1, "larger η does too", "Increase η"),                             # far too careful
    (0.22, "larger η does too", "Increase η"),                            # just outside 10 %
])
def test_largest_lr_wrong(lr, message, hint):
    fb = check_largest_lr(lr)
    assert not fb and message in fb.message and hint in fb.hint


@pytest.mark.parametrize("lr", [1.0, 0.3, 2.0, 0.5, 0.125, 0.1, 0.22, 0.26])
def test_largest_lr_hint_leads_to_the_method_not_the_answer(lr):
    """A wrong η gets the method (each direction's factor |1 − 2η·a| below 1: which a limits η?),
    never the inequality solved for this bowl: no |1 − 2η·4|, 8η, 1/4 or 0.25."""
    fb = check_largest_lr(lr)
    text = f"{fb.message} {fb.hint}"
    assert not fb and "|1 − 2η·a|" in text
    assert not re.search(r"2\s*η\s*·\s*4|η\s*·\s*4|8\s*η|1\s*/\s*4|0\.25\b", text), text
    assert "(a = 4) sets the limit" not in text and "fails first" not in text


def test_largest_lr_edge_does_not_converge():
    """The check's word for 0.25: "x2 … jumps between +1 and −1 for ever"."""
    path, _, diverged = quadratic.descend(BOWL, START, 0.25, 1000)
    assert not diverged and np.all(np.abs(path[-20:, 1]) == 1.0)
    assert quadratic.descend(BOWL, START, 0.2501, 20000)[2]


@pytest.mark.parametrize("junk", [0, -1.0, float("nan"), "0.25", None, True])
def test_largest_lr_junk(junk):
    fb = check_largest_lr(junk)
    assert not fb and "positive number" in fb.message


def test_range_task_is_the_moons_times_ten():
    X10, y10 = range_task()
    X, y = nnlib.data.moons(200, noise=0.25, seed=0)
    np.testing.assert_array_equal(X10, 10 * X)
    np.testing.assert_array_equal(y10, y)


def test_range_test_numbers_in_the_solution():
    """The solution says: "its lowest point is at η ≈ 0.248 … A tenth to a half of 0.248 is
    0.025 to 0.124", and the range test run as the learner is told to run it gives them; the
    band lies below the lesson's 0.5."""
    X10, y10 = range_task()
    net10 = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    r = nnlib.lr_range_test(net10, X10, y10, "binary_cross_entropy", lr_min=1e-4, lr_max=100)
    assert f"{r.lr_min_loss:.3g}" == "0.248"
    assert [f"{v:.2g}" for v in rule_band(r)] == ["0.025", "0.12"]
    assert r.lr_min_loss < LESSON_LR            # "0.5 now lies past its lowest point"
    assert range_result().lr_min_loss == r.lr_min_loss


@pytest.mark.parametrize("lr", [0.06, 0.1, 0.03, 0.0248, 0.124])
def test_lr_from_range_test_right(lr):
    fb = check_lr_from_range_test(lr, range_result())
    assert fb and "a tenth to a half of its lowest point 0.248" in fb.message


def test_the_verdict_does_not_zig_zag():
    """Every rate is judged by where it lies on the curve: a sweep of rates gets "too small",
    then "right", then "too large", each once, in that order (no noisy training loss decides)."""
    r = range_result()
    verdicts = []
    for lr in np.geomspace(1e-4, 10, 200):
        fb = check_lr_from_range_test(float(lr), r)
        verdict = "right" if fb else "small" if "Too small" in fb.hint else "large"
        if not verdicts or verdicts[-1] != verdict:
            verdicts.append(verdict)
    assert verdicts == ["small", "right", "large"]


@pytest.mark.parametrize("lr, message, hint", [
    (0.5, "past the lowest point of this data", "good rate for the lesson's moons"),  # attempt
    (0.248, "lowest point itself", "edge of the good rates, not the goal"),
    (1.0, "past the lowest point", "Too large"),
    (30.0, "past the lowest point", "Too large"),
    (0.2, "between half the lowest point and the lowest point", "at most half"),
    (0.15, "between half the lowest point and the lowest point", "at most half"),
    (0.001, "still flat", "Too small"),                   # the lesson's too-small rate
    (0.003, "still flat", "Too small"),
    (0.015, "only begun to fall", "at least a tenth"),
    (0.02, "only begun to fall", "at least a tenth"),     # the lesson's lowest / 100
])
def test_lr_from_range_test_wrong(lr, message, hint):
    fb = check_lr_from_range_test(lr, range_result())
    assert not fb and message in fb.message and hint in fb.hint


@pytest.mark.parametrize("lr", [0.05, 0.5, 0.06])
def test_lr_from_range_test_needs_the_range_test(lr):
    """0.05 (the lesson's 0.5 / 10) lies in the band, but without a range test nothing passes."""
    fb = check_lr_from_range_test(lr)
    assert not fb and "no range test" in fb.message and "lr_range_test" in fb.hint


def test_lr_from_range_test_refuses_other_curves():
    lesson = _lesson_range_result()
    fb = check_lr_from_range_test(0.05, lesson)
    assert not fb and "lesson's moons" in fb.message
    X10, y10 = range_task()
    other = nnlib.lr_range_test(nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0), X10, y10,
                                "binary_cross_entropy")            # default lr_min, lr_max
    fb = check_lr_from_range_test(0.05, other)
    assert not fb and "lr_min=1e-4" in fb.message
    fb = check_lr_from_range_test(0.05, 0.248)
    assert not fb and "what nnlib.lr_range_test returns" in fb.message


@pytest.mark.parametrize("junk", [0, "1", float("inf"), None, -0.1, True])
def test_lr_from_range_test_junk(junk):
    fb = check_lr_from_range_test(junk, range_result())
    assert not fb and "positive number" in fb.message


@pytest.mark.parametrize("l2", [0.005, 0.006, 0.004])
def test_l2_right(l2):
    fb = check_l2(l2)
    assert fb and "lower than the table's L2 = 0.003" in fb.message


def test_l2_solution_reasoning():
    """The solution: "0.003 still overfits a little (validation loss above training loss); 0.01
    already underfits (training loss above validation loss) … 0.005 or 0.006 reach a validation
    loss of 0.215", against the table's 0.226."""
    train, val = losses_with_l2(0.003)
    assert val > train and f"{val:.3f}" == "0.226"
    train, val = losses_with_l2(0.01)
    assert train > val
    assert [f"{val_loss_with_l2(l2):.3f}" for l2 in (0.005, 0.006)] == ["0.215", "0.215"]


@pytest.mark.parametrize("l2, hint", [
    (0.1, "Too strong"),                    # the notebook's attempt: underfits
    (0.01, "Too strong"),                   # just too strong
    (0.003, "the table's own L2"),          # copying the table
    (0, "no decay at all"),
    (0.001, "Too weak"),
    (0.002, "Too weak"),
])
def test_l2_wrong(l2, hint):
    fb = check_l2(l2)
    assert not fb and "not lower" in fb.message and hint in fb.hint


@pytest.mark.parametrize("junk", [-0.1, 1.0, "0.01", float("nan"), None, True])
def test_l2_junk(junk):
    fb = check_l2(junk)
    assert not fb and "from 0 to 1" in fb.message


def _notebook_cells():
    path = Path(__file__).resolve().parent.parent / "notebooks" / "05_learning_rate.ipynb"
    return [("".join(c["source"]), c) for c in json.loads(path.read_text())["cells"]]


CHECKS = {"check_largest_lr": check_largest_lr, "check_lr_from_range_test":
          check_lr_from_range_test, "check_l2": check_l2,
          "check_best_momentum": check_best_momentum, "check_plain_steps": check_plain_steps}


def test_every_solution_the_notebook_prints_passes():
    solutions = [s for s, _ in _notebook_cells() if "<summary><b>Solutions" in s]
    assert len(solutions) == 1
    calls = re.findall(r"`(check_\w+)\(([^)`]*)\)`", solutions[0])
    assert {name for name, _ in calls} == set(CHECKS) and len(calls) >= 5
    for name, arg in calls:          # result10: the learner's range test, as the solution runs it
        args = eval(f"({arg},)", {"result10": range_result()})
        assert CHECKS[name](*args), (name, arg)


def test_every_first_attempt_in_the_notebook_is_refused():
    attempts = [re.findall(r"^(check_\w+)\((.*)\)$", s, re.M) for s, c in _notebook_cells()
                if c["cell_type"] == "code"]
    attempts = [a for found in attempts for a in found]
    assert {name for name, _ in attempts} == set(CHECKS)
    for name, arg in attempts:     # refused before the range test is run (None) and after it
        for result10 in (None, range_result()):
            args = eval(f"({arg},)", {"result10": result10})
            assert not CHECKS[name](*args), (name, arg, result10)


# -- exercises 4 and 5: the condition number ----------------------------------------------------

@pytest.mark.parametrize("mu", [0.8186, 0.819, (19 / 21) ** 2, 0.81859, 0.8182])
def test_best_momentum_right(mu):
    fb = check_best_momentum(mu)
    assert fb, fb
    assert "0.9048" in fb.message and "κ = 400" in fb.message      # (√400 − 1)/(√400 + 1) = 19/21


@pytest.mark.parametrize("mu, hint", [
    (399 / 401, "plain descent's factor"),               # (κ − 1)/(κ + 1)
    (19 / 21, "its square"),                              # the rate, not μ
    ((399 / 401) ** 2, "squared plain descent's"),
    (0.4026, "κ is not"),                                 # the valley's μ (κ = 20), shown above
    (0.818, "Keep every digit"),                          # truncated: 0.8 % slower per step
    (0.8180, "Keep every digit"),
    (0.820, "Keep every digit"),                          # rounded the wrong way
    (0.9, "Not the best μ"),                              # a popular default
    (0.95, "Not the best μ"),
    (0.5, "Not the best μ"),
    (0.0, "Not the best μ"),
    (0.669, "Not the best μ"),                            # κ = 100's answer
])
def test_best_momentum_wrong(mu, hint):
    fb = check_best_momentum(mu)
    assert not fb and hint in fb.hint, (mu, fb)


@pytest.mark.parametrize("mu", [0.5, 0.7, 0.8, 0.818, 0.82, 0.9, 0.99])
def test_best_momentum_hints_never_say_which_way(mu):
    """No "too much" or "too little", "raise" or "lower": a learner cannot bisect to a pass."""
    fb = check_best_momentum(mu)
    text = (fb.message + " " + fb.hint).lower()
    assert not any(w in text for w in ("too much", "too little", "raise", "lower", "higher"))


def test_only_a_narrow_band_of_mu_passes():
    """Trial and error does not pass: of μ on a grid of 0.0001 from 0.80 to 0.84, only those
    within rounding of the computed (19/21)² = 0.81859 are accepted."""
    passed = [m for m in np.arange(0.8, 0.84, 0.0001) if check_best_momentum(float(m))]
    assert min(passed) > 0.8180 and max(passed) < 0.8191
    # and the check's verdict agrees with the factor: μ = 0.819 shrinks faster than 0.818 or 0.82
    from nnlib.exercises.lesson05_conditioning import best_factor_for
    assert best_factor_for(0.819) < min(best_factor_for(0.818), best_factor_for(0.82))


def test_best_momentum_factor_is_measured_not_looked_up():
    """The factor the check quotes is that of a run at the η it names, within the k-factor of
    the double root (an independent oracle: quadratic.descend)."""
    from nnlib import conditioning
    from nnlib.exercises.lesson05_conditioning import best_factor_for
    for mu in (0.5, 0.8186, 0.9):
        lr = (1 + mu) / 401
        measured = conditioning.measured_rate((1.0, 400.0), lr, mu, steps=4000)
        assert measured == pytest.approx(best_factor_for(mu), rel=3e-3), mu
        for other in (0.97 * lr, 1.03 * lr):            # no other η does better
            assert quadratic.step_factor((1.0, 400.0), other, mu).max() >= best_factor_for(mu)


@pytest.mark.parametrize("junk", [1.0, -0.1, 1.5, "0.67", None, float("nan"), True])
def test_best_momentum_junk(junk):
    assert not check_best_momentum(junk)


@pytest.mark.parametrize("n", [2590, 2591, 2590.4])
def test_plain_steps_right(n):
    fb = check_plain_steps(n)
    assert fb, fb
    assert "2590.4" in fb.message and "step 2591" in fb.message


@pytest.mark.parametrize("n, hint", [
    (5181, "steps of the distance"),                      # forgot that f is a sum of squares
    (5176, "1 − 1/κ"),                                    # a factor 1 − 1/κ on the loss
    (10352, "1 − 1/κ"),                                   # both
    (1125, "natural logarithm"),                          # log10(1e-9) = −9
    (116, "momentum's count"),                            # the √κ formula
    (2586, "rounded ρ"),                                  # ρ = 0.9960, rounded
    (2589, "Within 1 %"),
    (2592, "Within 1 %"),
    (1000, "Not the count"),
    (3454, "Not the count"),                              # the distance, to 1e-6 (the explorer)
    (6908, "Not the count"),                              # the old exercise's κ = 1000
])
def test_plain_steps_wrong(n, hint):
    fb = check_plain_steps(n)
    assert not fb and hint in fb.hint, (n, fb)


@pytest.mark.parametrize("n", [100, 1000, 2000, 2500, 2589, 2592, 2700, 3000, 9000])
def test_plain_steps_never_says_which_way_or_how_far(n):
    """The verdict names no distance reached and no direction ("too few", "too many")."""
    fb = check_plain_steps(n)
    text = (fb.message + " " + fb.hint).lower()
    assert not any(w in text for w in ("too few", "too many", "more", "fewer", "of the start"))


def test_plain_steps_is_a_run():
    """2591 is the first step at which quadratic.descend's loss is at most 1e-9 of its start,
    and ln(1e-9)/(2·ln(499/501)) = 2590.4; a rounded ρ = 0.9960 gives 2586, and counting the
    distance instead, 5181 (the solution's numbers)."""
    import math
    path, losses, _ = quadratic.descend([0.02, 10.0], [1.0, 1.0], 1 / 10.02, 2700)
    assert int(np.argmax(losses <= 1e-9 * losses[0])) == 2591
    assert f"{math.log(1e-9) / (2 * math.log(499 / 501)):.1f}" == "2590.4"
    assert math.ceil(math.log(1e-9) / (2 * math.log(0.9960))) == 2586
    assert round(math.log(1e-9) / math.log(499 / 501)) == 5181
    assert f"{(19 / 21) ** 2:.4f} {19 / 21:.4f} {399 / 401:.3f}" == "0.8186 0.9048 0.995"


def test_the_explorer_cannot_show_the_exercises_kappas():
    """The explorer gives neither answer away: its title shows no μ (exercise 4), and exercise 5
    asks about the loss falling 1e-9-fold, which is the distance falling 10^-4.5-fold, a
    tolerance the explorer's slider (whole decades) does not have; neither κ, 400 or 500, is
    exactly on its κ slider (steps of 10^0.01)."""
    from nnlib.exercises.lesson05_conditioning import TOL_LOSS
    from nnlib.widgets import conditioning_explorer
    e = conditioning_explorer()
    for kappa in (400.0, 1000.0):
        e.update(kappa=kappa)
        assert "μ =" not in e.title.get_text() and "0.8186" not in e.title.get_text()
    tol = e.controls["tol"]
    decades = np.arange(tol.min, tol.max + 1e-9, tol.step)
    assert np.min(np.abs(decades - np.log10(TOL_LOSS) / 2)) >= 0.5
    kappa = e.controls["kappa"]
    grid = 10 ** np.arange(kappa.min, kappa.max + 1e-9, kappa.step)
    for k in (400.0, 500.0):
        assert np.min(np.abs(grid - k)) / k > 0.001


@pytest.mark.parametrize("junk", [0, -5, "2591", None, float("inf"), True])
def test_plain_steps_junk(junk):
    assert not check_plain_steps(junk)
