"""Gradient descent on a quadratic bowl f(x) = Σ_i a_i·x_i², the simplest place to see η at work.

The gradient is 2·a_i·x_i, so one plain step multiplies each coordinate by
(1 − 2η·a_i): the iterates shrink when |1 − 2η·a_i| < 1 for every i, that is
when η < 1/max(a). With momentum μ (v = μ·v + g, x = x − η·v) the limit
becomes η < (1 + μ)/max(a).
"""

import numpy as np

from ._validate import as_real_array, non_negative_float, positive_float, positive_int

#: Beyond this size the path counts as diverged (and stops before overflowing).
DIVERGED = 1e6


def bowl(a):
    """The curvatures ``a`` (shape (d,)) as a float array; each must be positive."""
    what = "a list of positive curvatures like [0.1, 2]"
    try:
        a = np.atleast_1d(as_real_array(a, "a", what))
    except ValueError:       # NaN or inf
        a = np.atleast_1d(np.asarray(a, dtype=np.float64))
    if a.ndim != 1 or a.size == 0 or not np.all(np.isfinite(a) & (a > 0)):
        raise ValueError(f"a must be a list of positive curvatures like [0.1, 2], got {a!r}")
    return a


def f(a, x):
    """f(x) = Σ a_i x_i² for points ``x`` of shape (..., d); returns shape (...)."""
    a = bowl(a)
    x = as_real_array(x, "x", "points, an array of shape (..., d)")
    if x.ndim == 0 or x.shape[-1] != a.size:
        raise ValueError(f"x must have {a.size} coordinates in its last axis (one per "
                         f"curvature), got shape {x.shape}")
    return np.sum(a * x ** 2, axis=-1)


def descend(a, x0, lr, steps, momentum=0.0):
    """Run ``steps`` steps of gradient descent (with momentum) on f from ``x0``.

    Returns ``(path, losses, diverged)``: ``path`` of shape (k + 1, d) holds
    x₀ … x_k, ``losses`` (k + 1,) the values f(x_t); k < ``steps`` only when
    the path left |x| < DIVERGED (then ``diverged`` is True).
    """
    a = bowl(a)
    x0 = as_real_array(x0, "x0 (the start)", "a number or one number per curvature")
    if x0.shape not in ((), (1,), a.shape):
        raise ValueError(f"x0 (the start) must have {a.size} coordinates, one per curvature, "
                         f"got shape {x0.shape}")
    x = np.array(np.broadcast_to(x0, a.shape))
    lr = positive_float(lr, "lr (learning rate)")
    momentum = non_negative_float(momentum, "momentum")
    if momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    steps = positive_int(steps, "steps")
    v = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(steps):
        v = momentum * v + 2 * a * x        # v = μ·v + ∇f(x)
        x = x - lr * v
        path.append(x.copy())
        if not np.all(np.abs(x) < DIVERGED):
            break
    path = np.array(path)
    return path, f(a, path), not np.all(np.abs(path[-1]) < DIVERGED)


def step_factor(a, lr, momentum=0.0):
    """How much one step shrinks (< 1) or grows (> 1) each coordinate x_i, one number per a_i.

    Without momentum a step multiplies x_i by 1 − 2η·a_i, so the factor is |1 − 2η·a_i|. With
    momentum μ a step maps (x_i, v_i) by the matrix [[1 − 2η·a_i, −η·μ], [2·a_i, μ]] (from
    v ← μ·v + 2·a·x, x ← x − η·v); the factor is its largest |eigenvalue|, the roots of
    λ² − (1 − 2η·a_i + μ)·λ + μ = 0. It is below 1 exactly when η < (1 + μ)/a_i.
    """
    lr = positive_float(lr, "lr (learning rate)")
    a = bowl(a)
    momentum = non_negative_float(momentum, "momentum")
    if momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    if momentum == 0:
        return np.abs(1 - 2 * lr * a)
    trace = 1 - 2 * lr * a + momentum
    disc = trace ** 2 - 4 * momentum
    root = np.sqrt(np.maximum(disc, 0.0))
    real = np.maximum(np.abs(trace + root), np.abs(trace - root)) / 2
    return np.where(disc >= 0, real, np.sqrt(momentum))     # complex pair: |λ|² = det = μ


def largest_stable_lr(a, momentum=0.0):
    """The learning rate at the edge of stability, (1 + μ) / max(a); below it descent converges."""
    momentum = non_negative_float(momentum, "momentum")
    return (1 + momentum) / float(bowl(a).max())
