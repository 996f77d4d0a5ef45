"""The condition number κ of a bowl, and how fast descent (with momentum) can go down it.

On f(x) = Σ_i a_i·x_i² (``nnlib.quadratic``; the gradient is 2·a_i·x_i) the **condition
number** is κ = max a / min a. One plain step multiplies x_i by 1 − 2η·a_i; the η that makes
the worst factor smallest, η = 1/(min a + max a), gives every coordinate at most the factor
(κ − 1)/(κ + 1) per step. Momentum (v ← μ·v + ∇f, x ← x − η·v, Polyak's heavy ball) at its
best η = 2/(√max a + √min a)² and μ = ((√κ − 1)/(√κ + 1))² gives (√κ − 1)/(√κ + 1): the
rate depends on √κ instead of κ. (Goh, "Why Momentum Really Works", Distill 2017, writes
f = ½·Σ λ_i·w_i², so λ_i = 2·a_i and his step size α is this η.)

Here those formulas are measured on runs: the per-step contraction of a run, the
iterations a run needs to come within a tolerance of the minimum, and the largest stable
η found by bisection on runs.
"""

import math

import numpy as np

from ._validate import non_negative_float, positive_float, positive_int
from .quadratic import bowl, descend

#: measured_rate reads a run only while |x| ≥ TINY·|x₀|.
TINY = 1e-250


def condition_number(a):
    """κ = max a / min a of the bowl f = Σ a_i·x_i² (``a`` of shape (d,)); 1 for a round bowl."""
    a = bowl(a)
    return float(a.max() / a.min())


def _kappa(kappa):
    kappa = positive_float(kappa, "kappa (the condition number)")
    if kappa < 1:
        raise ValueError(f"kappa (the condition number) is max a / min a, at least 1; got {kappa}")
    return kappa


def plain_rate(kappa):
    """(κ − 1)/(κ + 1): the factor per step of plain descent at its best η."""
    kappa = _kappa(kappa)
    return (kappa - 1) / (kappa + 1)


def momentum_rate(kappa):
    """(√κ − 1)/(√κ + 1): the factor per step of momentum at its best η and μ."""
    root = math.sqrt(_kappa(kappa))
    return (root - 1) / (root + 1)


def best_plain(a):
    """The best η of plain descent on the bowl ``a``, 1/(min a + max a), and its rate."""
    a = bowl(a)
    return 1 / float(a.min() + a.max()), plain_rate(condition_number(a))


def best_momentum(a):
    """The best (η, μ) of momentum on the bowl ``a`` and its rate (√κ − 1)/(√κ + 1).

    η = 2/(√max a + √min a)², μ = rate²: both ends of the bowl, a = min a and a = max a,
    then sit at the edge where the step's two eigenvalues meet (|r| = √μ for every a between).
    """
    a = bowl(a)
    rate = momentum_rate(condition_number(a))
    lr = 2 / (math.sqrt(a.max()) + math.sqrt(a.min())) ** 2
    return lr, rate ** 2, rate


def measured_rate(a, lr, momentum=0.0, x0=1.0, steps=400):
    """The factor per step measured on a run: (|x_T| / |x_{T/2}|)^(2/T), T = ``steps``.

    The second half of the run only, so a start-up transient does not count (T is cut to the
    last step with |x_T| ≥ 1e-250·|x₀|); 0 when the run reached the minimum exactly, inf when
    it diverged.
    """
    steps = positive_int(steps, "steps")
    if steps < 2:
        raise ValueError(f"steps must be at least 2 (the rate is read over the second half), "
                         f"got {steps}")
    path, _, diverged = descend(a, x0, lr, steps, momentum)
    if diverged:
        return math.inf
    norms = np.array([_norm(x) for x in path])
    # read it only while |x| is far from the smallest floats (1e-308), whose precision fades
    end = int(np.flatnonzero(norms >= TINY * norms[0])[-1])
    half = end // 2
    if norms[half] == 0 or end == half:
        return 0.0
    return float((norms[end] / norms[half]) ** (1 / (end - half)))


def _norm(x):
    """|x|, scaled first so that squares of numbers near 1e-170 do not underflow to 0."""
    top = float(np.max(np.abs(x)))
    return 0.0 if top == 0 else top * float(np.sqrt(np.sum((x / top) ** 2)))


def shrinks(a, lr, momentum=0.0, steps=2000):
    """Does a run from x = (1, …, 1) shrink over its second half (|x_T| < |x_{T/2}|)? Its
    first half lets the faster eigenvalue's part die out, so only the slowest one decides."""
    return measured_rate(a, lr, momentum, 1.0, steps) < 1


def stable_lr_by_bisection(a, momentum=0.0, steps=2000, halvings=30):
    """The largest η for which runs still shrink, found by bisection on runs (``shrinks``).

    Starts from η = 1 (doubled until a run grows) and never uses the formula; compare it with
    ``quadratic.largest_stable_lr(a, momentum)`` = (1 + μ)/max a.
    """
    momentum = non_negative_float(momentum, "momentum")
    halvings = positive_int(halvings, "halvings")
    lo, hi = 0.0, 1.0
    while shrinks(a, hi, momentum, steps):
        lo, hi = hi, 2 * hi
    for _ in range(halvings):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if shrinks(a, mid, momentum, steps) else (lo, mid)
    return lo


def theory_iterations(kappa, tol, momentum=False):
    """ln(tol) / ln(rate), at least 1: the steps a factor ``rate`` per step needs to shrink
    the distance to the minimum ``tol``-fold (rate from ``plain_rate`` or ``momentum_rate``)."""
    tol = positive_float(tol, "tol (the tolerance)")
    if tol >= 1:
        raise ValueError(f"tol (the tolerance) must be below 1, like 1e-6, got {tol}")
    rate = momentum_rate(kappa) if momentum else plain_rate(kappa)
    return 1.0 if rate == 0 else max(1.0, math.log(tol) / math.log(rate))


def iteration_counts(kappas, tols, momentum=False, max_steps=200_000, chunk=2048):
    """Iterations runs need on the bowls a = (1, κ), one per κ in ``kappas`` (shape (k,)),
    from x₀ = (1, 1), each at its best settings (``best_plain`` or ``best_momentum``): the
    first step t with |x_t| ≤ tol·|x₀|, for every tol in ``tols`` (shape (m,)).

    Returns an array (k, m) of step counts (float; NaN where ``max_steps`` did not suffice).
    All bowls run together, ``chunk`` steps at a time (``_steps``), each dropped once it
    has met the smallest tolerance.
    """
    kappas = np.array([_kappa(k) for k in np.atleast_1d(kappas)])
    tols = np.array([positive_float(t, "tol (the tolerance)") for t in np.atleast_1d(tols)])
    if np.any(tols >= 1):
        raise ValueError(f"every tol (the tolerance) must be below 1, like 1e-6, got {tols}")
    max_steps = positive_int(max_steps, "max_steps")
    a = np.column_stack([np.ones_like(kappas), kappas])                       # (k, 2)
    settings = [best_momentum(row)[:2] if momentum else (best_plain(row)[0], 0.0) for row in a]
    lr, mu = (np.array(s)[:, None] for s in zip(*settings))                   # (k, 1) each
    x, v = np.ones_like(a), np.zeros_like(a)
    counts = np.full((kappas.size, tols.size), np.nan)
    alive = np.arange(kappas.size)
    for t0 in range(0, max_steps, chunk):
        n = min(chunk, max_steps - t0)
        x, v, norms = _steps(a, x, v, lr, mu, n, momentum)
        _record(counts, alive, norms / math.sqrt(2), tols, t0)               # |x_t| / |x₀|
        keep = np.isnan(counts[alive]).any(axis=1)
        alive, a, x, v, lr, mu = (q[keep] for q in (alive, a, x, v, lr, mu))
        if alive.size == 0:
            break
    return counts


def _steps(a, x, v, lr, mu, n, momentum):
    """``n`` steps from (x, v) on the bowls ``a`` (rows); returns x, v and |x_t| (n, rows).

    Plain descent multiplies each x_i by the same factor 1 − 2η·a_i every step, so its n
    steps are that factor's running product (one numpy call instead of n passes).
    """
    if not momentum:
        path = np.cumprod(np.broadcast_to(1 - 2 * lr * a, (n,) + a.shape), axis=0) * x
        return path[-1], v, np.sqrt(np.sum(path * path, axis=2))
    norms = np.empty((n, a.shape[0]))
    for i in range(n):
        v = mu * v + 2 * a * x                 # v = μ·v + ∇f(x)
        x = x - lr * v
        norms[i] = np.sqrt(np.sum(x * x, axis=1))
    return x, v, norms


def _record(counts, alive, ratios, tols, t0):
    """Write into ``counts`` (k, m) the first step t > ``t0`` at which each alive row's ratio
    (``ratios``, shape (n, alive): steps t0 + 1 … t0 + n) is at most each tol, if not yet set."""
    reached = ratios[:, :, None] <= tols[None, None, :]                      # (n, alive, m)
    first = np.where(reached.any(axis=0), reached.argmax(axis=0) + t0 + 1.0, np.nan)
    rows = counts[alive]
    counts[alive] = np.where(np.isnan(rows), first, rows)
