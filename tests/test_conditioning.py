"""nnlib.conditioning: the condition number κ, the best rates of descent and momentum, measured.

Sources: B. T. Polyak, "Some methods of speeding up the convergence of iteration methods"
(1964), and G. Goh, "Why Momentum Really Works", Distill 2017: on a quadratic with curvatures
(eigenvalues of the Hessian) from m to L, plain descent at its best step contracts by
(κ − 1)/(κ + 1) per step, heavy-ball momentum at its best step and momentum by
(√κ − 1)/(√κ + 1), κ = L/m. Here f = Σ a_i·x_i², so the Hessian's eigenvalues are 2·a_i.
The oracles below are runs of ``quadratic.descend`` and the eigenvalues of
``quadratic.step_factor``, not the formulas under test.
"""

import math

import numpy as np
import pytest

from nnlib import conditioning as C
from nnlib import quadratic

BOWLS = [(0.1, 2.0), (1.0, 100.0), (0.3, 1.0, 7.0), (2.0, 2.0)]


def test_condition_number():
    assert C.condition_number([0.1, 2.0]) == pytest.approx(20)
    assert C.condition_number([3.0, 1.0, 7.0]) == pytest.approx(7)
    assert C.condition_number([5.0]) == 1


@pytest.mark.parametrize("a", BOWLS)
def test_best_plain_rate_is_measured_and_no_other_lr_beats_it(a):
    lr, rate = C.best_plain(a)
    kappa = C.condition_number(a)
    assert rate == pytest.approx((kappa - 1) / (kappa + 1))
    assert C.measured_rate(a, lr) == pytest.approx(rate, abs=1e-12)
    for other in (0.9 * lr, 0.99 * lr, 1.01 * lr, 1.1 * lr, 1 / max(a), 0.5 / max(a)):
        if math.isclose(other, lr):
            continue                      # a round bowl: 1/(2a) is the best η itself
        assert quadratic.step_factor(a, other).max() > rate + 1e-6, other


@pytest.mark.parametrize("a", BOWLS)
def test_best_momentum_rate_is_measured_and_no_neighbour_beats_it(a):
    lr, mu, rate = C.best_momentum(a)
    kappa = C.condition_number(a)
    assert rate == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1))
    assert mu == pytest.approx(rate ** 2)
    if kappa > 1:
        # every curvature between min a and max a contracts by exactly √μ per step
        inside = np.linspace(min(a), max(a), 50)
        assert np.allclose(quadratic.step_factor(inside, lr, mu), rate, rtol=1e-6)
        # a run: the double root adds a factor t, so over steps 1000..2000 it reads a little above
        measured = C.measured_rate(a, lr, mu, steps=2000)
        assert rate <= measured < rate * 1.002
        for dlr, dmu in [(0.95, 1), (1.05, 1), (1, 0.95), (1, 1.05), (1.05, 1.05)]:
            worse = quadratic.step_factor(a, lr * dlr, min(mu * dmu, 0.999)).max()
            assert worse > rate + 1e-4, (dlr, dmu)
        # the plain descent formula at momentum's η is not it
        assert rate < C.plain_rate(kappa)


def test_momentum_beats_plain_more_the_larger_kappa():
    for kappa in (4.0, 100.0, 1e4):
        assert C.momentum_rate(kappa) < C.plain_rate(kappa)
    assert C.momentum_rate(100.0) == pytest.approx(9 / 11)
    assert C.plain_rate(100.0) == pytest.approx(99 / 101)


@pytest.mark.parametrize("a", [(0.1, 2.0), (1.0, 7.0)])
@pytest.mark.parametrize("mu", [0.0, 0.5, 0.9])
def test_bisection_on_runs_finds_one_plus_mu_over_max_a(a, mu):
    found = C.stable_lr_by_bisection(a, mu)
    assert found == pytest.approx(quadratic.largest_stable_lr(a, mu), rel=1e-3)
    # and it is not the limit without momentum, nor 2/max a
    if mu > 0:
        assert abs(found - 1 / max(a)) > 0.1 / max(a)


def _count_by_descend(kappa, tol, lr, mu):
    path, _, _ = quadratic.descend([1.0, kappa], [1.0, 1.0], lr, 5000, mu)
    ratio = np.sqrt(np.sum(path ** 2, axis=1)) / math.sqrt(2)
    return int(np.argmax(ratio <= tol))


@pytest.mark.parametrize("kappa", [1.0, 3.0, 20.0, 100.0])
def test_iteration_counts_are_those_of_runs(kappa):
    tols = [1e-2, 1e-6]
    plain = C.iteration_counts([kappa], tols, momentum=False)[0]
    momentum = C.iteration_counts([kappa], tols, momentum=True, chunk=7)[0]
    lr_p, _ = C.best_plain([1.0, kappa])
    lr_m, mu, _ = C.best_momentum([1.0, kappa])
    for i, tol in enumerate(tols):
        assert plain[i] == _count_by_descend(kappa, tol, lr_p, 0.0)
        assert momentum[i] == _count_by_descend(kappa, tol, lr_m, mu)


def test_iteration_counts_against_theory():
    kappas = [10.0, 100.0, 1e4]
    plain = C.iteration_counts(kappas, [1e-6])[:, 0]
    momentum = C.iteration_counts(kappas, [1e-6], momentum=True)[:, 0]
    for k, p, m in zip(kappas, plain, momentum):
        assert p == math.ceil(C.theory_iterations(k, 1e-6))            # |x_t| = rate^t exactly
        assert C.theory_iterations(k, 1e-6, True) <= m <= 1.6 * C.theory_iterations(k, 1e-6, True)
    # 100 times the κ: plain needs about 100 times the steps, momentum about √100 = 10 times
    assert 95 < plain[2] / plain[1] < 105
    assert 8 < momentum[2] / momentum[1] < 13
    assert np.isnan(C.iteration_counts([1e4], [1e-6], max_steps=100)[0, 0])


def test_theory_iterations():
    assert C.theory_iterations(1.0, 1e-6) == 1
    assert C.theory_iterations(100.0, 1e-6) == pytest.approx(math.log(1e-6) / math.log(99 / 101))
    assert C.theory_iterations(100.0, 1e-6, momentum=True) == pytest.approx(
        math.log(1e-6) / math.log(9 / 11))


@pytest.mark.parametrize("call, error, match", [
    (lambda: C.plain_rate(0.5), ValueError, "at least 1"),
    (lambda: C.momentum_rate("big"), TypeError, "kappa"),
    (lambda: C.theory_iterations(10, 2.0), ValueError, "below 1"),
    (lambda: C.iteration_counts([10], [1.5]), ValueError, "below 1"),
    (lambda: C.iteration_counts([0.5], [1e-3]), ValueError, "at least 1"),
    (lambda: C.measured_rate([1, 2], 0.1, steps=1), ValueError, "at least 2"),
    (lambda: C.condition_number([0, 1]), ValueError, "positive curvatures"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
