"""Checks for lesson 05's condition number: the best momentum, and the steps plain descent needs.

Both on the bowl f = x1² + κ·x2² from x₀ = (1, 1) (``nnlib.conditioning``). A check judges
what the answer does (the factor per step a momentum allows, the distance a number of
steps reaches), and names the plausible wrong formulas it recognises.
"""

import functools
import math
import numbers

from .. import conditioning, quadratic
from .feedback import Feedback

#: Exercise 4: the best momentum μ for this κ.
KAPPA_MU = 100.0
#: Exercise 5: the steps plain descent (at its best η) needs for this κ to reach this tolerance.
KAPPA_STEPS, TOL_STEPS = 1000.0, 1e-6
#: A μ is right when its best factor per step is within this fraction of the best of all
#: (the factor rises like a square root just below the best μ: 3-digit roundings of it pass).
MU_SLACK = 0.015
#: A step count is right within this fraction of the measured one.
STEPS_SLACK = 0.02


def _number(name, v, what):
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
        return Feedback(False, f"{name} must be a number, got {v!r}.", f"Write {name} as {what}.")
    return None


def best_factor_for(mu, kappa=KAPPA_MU):
    """The smallest factor per step any η gives momentum ``mu`` on the bowl (1, κ).

    A step's factor at curvature a grows with |1 + μ − 2η·a| alone (the roots of
    r² − (1 + μ − 2η·a)·r + μ), so the best η makes it equal at both ends of the bowl,
    η = (1 + μ)/(1 + κ); the factor is then ``quadratic.step_factor``'s at that η.
    """
    a = (1.0, kappa)
    return float(quadratic.step_factor(a, (1 + mu) / (1 + kappa), mu).max())


def _near(x, value, rel=0.01):
    return abs(x - value) <= rel * abs(value)


def check_best_momentum(mu):
    """Is ``mu`` the best momentum for κ = 100: does its best η give the smallest factor?"""
    bad = _number("mu", mu, "a number between 0 and 1, like 0.5")
    if bad is not None:
        return bad
    mu = float(mu)
    if not 0 <= mu < 1:
        return Feedback(False, f"μ must be at least 0 and below 1, got {mu:g}.",
                        "With μ ≥ 1 the velocity never forgets: descent does not settle.")
    kappa = KAPPA_MU
    best = conditioning.momentum_rate(kappa)
    factor = best_factor_for(mu, kappa)
    said = f"with μ = {mu:g} the best η gives a factor of {factor:.4f} per step"
    if factor <= best * (1 + MU_SLACK):
        return Feedback(True, f"{said} (the best of all μ: {best:.4f}, (√κ − 1)/(√κ + 1)). "
                        "Every direction of the bowl then shrinks by about √μ per step.")
    root = math.sqrt(kappa)
    if _near(mu, (kappa - 1) / (kappa + 1)):
        hint = ("(κ − 1)/(κ + 1) is plain descent's factor per step. Momentum's factor has √κ "
                "in place of κ, and μ is that factor squared.")
    elif _near(mu, (root - 1) / (root + 1)):
        hint = ("(√κ − 1)/(√κ + 1) is the factor per step at the best settings; the "
                "momentum that gives it is its square: the two roots r of each step have |r|² = μ.")
    elif _near(mu, ((kappa - 1) / (kappa + 1)) ** 2):
        hint = "You squared plain descent's factor: the formula has √κ, not κ."
    elif mu > ((root - 1) / (root + 1)) ** 2:
        hint = ("Too much momentum: every direction then circles in with |r| = √μ per step, "
                "slower than needed. Lower μ.")
    else:
        hint = ("Too little momentum: the flat direction still crawls. Raise μ; the best one "
                "makes the two ends of the bowl equally fast.")
    return Feedback(False, f"{said}: not the best.", hint)


@functools.lru_cache(maxsize=1)
def measured_steps():
    """The steps a run of plain descent at its best η takes to |x_t| ≤ 1e-6·|x₀| for κ = 1000."""
    return int(conditioning.iteration_counts([KAPPA_STEPS], [TOL_STEPS])[0, 0])


def check_plain_steps(n):
    """Is ``n`` the number of steps plain descent needs for κ = 1000 to reach 1e-6 (± 2 %)?"""
    bad = _number("n", n, "a whole number of steps, like 500")
    if bad is not None:
        return bad
    if n < 1:
        return Feedback(False, f"n must be at least 1 step, got {n!r}.",
                        "Count the steps: each multiplies the distance by (κ − 1)/(κ + 1).")
    measured = measured_steps()
    rate = conditioning.plain_rate(KAPPA_STEPS)
    reached = rate ** float(n)
    said = (f"after {n:g} steps at the best η the distance is {reached:.3g} of the start "
            f"(each step multiplies it by (κ − 1)/(κ + 1) = {rate:.4f})")
    if abs(n - measured) <= STEPS_SLACK * measured:
        return Feedback(True, f"{said}: a run needs {measured} steps to reach 1e-6.")
    kappa = KAPPA_STEPS
    if _near(n, kappa * math.log(1 / TOL_STEPS), 0.03):
        hint = ("That counts a factor 1 − 1/κ per step. At the best η it is (κ − 1)/(κ + 1), "
                "about 1 − 2/κ: twice as fast.")
    elif _near(n, kappa / 2 * math.log10(1 / TOL_STEPS), 0.05):
        hint = "Close to the right idea, but use the natural log: ln(1e-6) = −13.8, not −6."
    elif _near(n, conditioning.theory_iterations(kappa, TOL_STEPS, momentum=True), 0.1):
        hint = ("That is momentum's count, with √κ in its factor. Plain descent's factor is "
                "(κ − 1)/(κ + 1).")
    elif reached > TOL_STEPS:
        hint = "Too few: the distance has not yet shrunk a millionfold. Solve rateⁿ = 1e-6."
    else:
        hint = "Too many: the distance passed 1e-6 earlier. Solve rateⁿ = 1e-6 for n."
    return Feedback(False, f"{said}: not the count.", hint)
