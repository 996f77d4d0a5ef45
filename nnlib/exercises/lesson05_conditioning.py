"""Checks for lesson 05's condition number: the best momentum, and the steps plain descent needs.

Exercise 4's bowl is f = 0.05·x1² + 20·x2² (κ = 400), exercise 5's f = 0.02·x1² + 10·x2²
(κ = 500), both from x₀ = (1, 1) (``nnlib.quadratic``). Neither κ is one the lesson's explorer
can show (its κ slider moves in steps of 10^0.01), and exercise 5 asks about the loss f, not the
distance the explorer counts. A check judges what the answer does (the factor per step a momentum
allows, the step at which a run's loss falls below the tolerance), accepts only what the
computation gives (to its rounding), and names the plausible wrong formulas it recognises; its
hints never say "more" or "less", so a learner cannot home in on a pass by trial.
"""

import functools
import math
import numbers

from .. import conditioning, quadratic
from .feedback import Feedback

#: Exercise 4: the best momentum μ for this bowl (κ = 400).
BOWL_MU = (0.05, 20.0)
#: Exercise 5: the steps plain descent (at its best η) needs on this bowl (κ = 500), from
#: START, until the loss f is at most TOL_LOSS of its start.
BOWL_STEPS, START, TOL_LOSS = (0.02, 10.0), (1.0, 1.0), 1e-9
#: A μ is right within this distance of the computed best, ((√κ − 1)/(√κ + 1))² = 0.81859…:
#: the exact value and its roundings to three or more decimals (0.819, 0.8186, 0.81859) pass;
#: 0.818 (0.8 % slower per step) and 0.820 do not. (Judged on μ, not on the factor: just below
#: the best μ the factor rises so steeply that 0.81859 would lose to 0.819.)
MU_ROUNDING = 0.0005


def _number(name, v, what):
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
        return Feedback(False, f"{name} must be a number, got {v!r}.", f"Write {name} as {what}.")
    return None


def best_factor_for(mu, kappa=None):
    """The smallest factor per step any η gives momentum ``mu`` on the bowl (1, κ)
    (κ of exercise 4's bowl unless given).

    A step's factor at curvature a grows with |1 + μ − 2η·a| alone (the roots of
    r² − (1 + μ − 2η·a)·r + μ), so the best η makes it equal at both ends of the bowl,
    η = (1 + μ)/(1 + κ); the factor is then ``quadratic.step_factor``'s at that η.
    """
    kappa = conditioning.condition_number(BOWL_MU) if kappa is None else kappa
    a = (1.0, kappa)
    return float(quadratic.step_factor(a, (1 + mu) / (1 + kappa), mu).max())


def _near(x, value, rel=0.01):
    return abs(x - value) <= rel * abs(value)


def _mu_formula(kappa):
    root = math.sqrt(kappa)
    return ((root - 1) / (root + 1)) ** 2


def check_best_momentum(mu):
    """Is ``mu`` the best momentum for 0.05·x1² + 20·x2², the one whose best η gives the smallest
    factor per step (to the rounding ``MU_ROUNDING``)? The verdict quotes ``mu``'s factor."""
    bad = _number("mu", mu, "a number between 0 and 1, like 0.5")
    if bad is not None:
        return bad
    mu = float(mu)
    if not 0 <= mu < 1:
        return Feedback(False, f"μ must be at least 0 and below 1, got {mu:g}.",
                        "With μ ≥ 1 the velocity never forgets: descent does not settle.")
    kappa = conditioning.condition_number(BOWL_MU)
    best = conditioning.momentum_rate(kappa)
    factor = best_factor_for(mu, kappa)
    said = f"with μ = {mu:g} the best η gives a factor of {factor:.4f} per step"
    if abs(mu - _mu_formula(kappa)) <= MU_ROUNDING:
        return Feedback(True, f"{said}, the best of all μ ((√κ − 1)/(√κ + 1) = {best:.4f}, "
                        f"κ = {kappa:g}). Every direction of the bowl then shrinks by √μ per step.")
    root = math.sqrt(kappa)
    a_max = max(BOWL_MU)
    if _near(mu, (kappa - 1) / (kappa + 1), 0.001):
        hint = ("(κ − 1)/(κ + 1) is plain descent's factor per step. Momentum's factor has √κ "
                "in place of κ, and μ is that factor squared.")
    elif _near(mu, (root - 1) / (root + 1), 0.001):
        hint = ("(√κ − 1)/(√κ + 1) is the factor per step at the best settings; the "
                "momentum that gives it is its square: the two roots r of each step have |r|² = μ.")
    elif _near(mu, ((kappa - 1) / (kappa + 1)) ** 2, 0.001):
        hint = "You squared plain descent's factor: the formula has √κ, not κ."
    elif any(_near(mu, _mu_formula(k), 0.002) for k in (a_max, 1 / min(BOWL_MU), root)):
        hint = ("The formula is right but κ is not: κ is the ratio of the largest curvature to "
                "the smallest, max a / min a.")
    elif _near(mu, _mu_formula(kappa), 0.005):
        hint = ("Within half a percent of the best μ, but not it: near the best μ the factor "
                "changes fast. Keep every digit (three decimals at least) of your result.")
    else:
        hint = ("Not the best μ. Find κ of this bowl first; the lesson derived which μ makes "
                "both ends of a bowl shrink equally fast.")
    return Feedback(False, f"{said}: not the best.", hint)


@functools.lru_cache(maxsize=1)
def measured_steps():
    """The first step k at which a run of plain descent at its best η on exercise 5's bowl has
    f(x_k) ≤ 1e-9·f(x₀) (a run of ``quadratic.descend``; exact arithmetic: products only)."""
    lr, rate = conditioning.best_plain(BOWL_STEPS)
    steps = int(math.log(TOL_LOSS) / (2 * math.log(rate))) + 10
    _, losses, _ = quadratic.descend(BOWL_STEPS, START, lr, steps)
    return int((losses <= TOL_LOSS * losses[0]).argmax())


def exact_steps():
    """ln(1e-9) / ln(ρ²), ρ = (κ − 1)/(κ + 1): the count the computation gives, not rounded."""
    rate = conditioning.plain_rate(conditioning.condition_number(BOWL_STEPS))
    return math.log(TOL_LOSS) / (2 * math.log(rate))


def _steps_hint(n, exact, kappa):
    """The hint for a wrong step count ``n``: names the recognised formula, if any."""
    twice = exact * 2                                        # forgot the square, or 1 − 1/κ
    if _near(n, twice, 0.01) or _near(n, 2 * twice, 0.01):
        return ("That counts steps of the distance, or a factor 1 − 1/κ. The loss f is a sum of "
                "squares, so each step multiplies it by ρ², and at the best η ρ = (κ − 1)/(κ + 1), "
                "about 1 − 2/κ.")
    if any(_near(n, exact * m * math.log(10) ** -1, 0.02) for m in (1, 2)):
        return "Use the natural logarithm: ln(1e-9) = −20.7, not −9."
    rho_m = conditioning.momentum_rate(kappa)
    if any(_near(n, math.log(TOL_LOSS) / (m * math.log(rho_m)), 0.1) for m in (1, 2)):
        return ("That is momentum's count, with √κ in its factor. Plain descent's factor is "
                "(κ − 1)/(κ + 1).")
    if _near(n, exact, 0.01):
        return ("Within 1 % of the count, but not it. If you rounded ρ, keep all its digits: "
                "ln ρ is about −0.004, and its every digit changes n.")
    return ("Not the count. Find κ of this bowl first; the lesson counted steps from the factor "
            "per step. What does one step do to the loss f, a sum of squares?")


def check_plain_steps(n):
    """Is ``n`` the number of steps plain descent at its best η needs on 0.02·x1² + 10·x2²
    until f ≤ 1e-9·f(x₀)? Accepted: the computed count, ln(1e-9)/ln ρ² = 2590.4, rounded
    either way (2590, 2591), which is also the step a run crosses the tolerance."""
    bad = _number("n", n, "a whole number of steps, like 500")
    if bad is not None:
        return bad
    if n < 1:
        return Feedback(False, f"n must be at least 1 step, got {n!r}.",
                        "Count the steps it takes the loss to fall a billionfold.")
    exact, measured = exact_steps(), measured_steps()
    if abs(n - exact) < 1:
        return Feedback(True, f"n = {n:g}: ln(1e-9)/ln ρ² = {exact:.1f}, and a run's loss first "
                        f"falls below 1e-9 of its start at step {measured}.")
    kappa = conditioning.condition_number(BOWL_STEPS)
    return Feedback(False, f"n = {n:g} is not the number of steps a run at the best η needs.",
                    _steps_hint(n, exact, kappa))
