"""Smith's learning-rate range test.

Train for a short while with a learning rate that grows geometrically from
tiny to huge, one mini-batch per step, and record the loss. At first the
rate is too small to change anything; then the loss falls; past some rate
it stops falling and blows up. The good learning rates lie between where
the fall begins and where it ends.
"""

from collections import namedtuple

import numpy as np

from . import losses
from ._validate import as_batch, make_rng, non_negative_float, positive_float, positive_int
from .optim import SGD
from .training import forward_backward_unchecked


class LRRangeResult(namedtuple("LRRangeResult",
                               "lrs losses smoothed suggested lr_steepest lr_min_loss diverged")):
    """The range test's curve and what it suggests.

    ``lrs``, ``losses``, ``smoothed``: one entry per step taken.
    ``suggested``: ``(low, high)``, from where the smoothed loss has made a
    tenth of its fall for good to where it is lowest. ``lr_steepest``: where it falls
    fastest per decade (a central difference, searched between the start of the fall and the
    lowest point, so it lies below ``lr_min_loss`` whenever the curve falls before it).
    ``diverged``: the sweep stopped because the loss blew up.
    """

    def __repr__(self):
        lo, hi = self.suggested
        end = "stopped: loss diverged" if self.diverged else "reached lr_max"
        return (f"LRRangeResult({len(self.lrs)} steps, lr {self.lrs[0]:.2g} … {self.lrs[-1]:.2g}, "
                f"{end}; suggested range {lo:.3g} … {hi:.3g}, steepest at {self.lr_steepest:.3g})")


def lr_range_test(net, X, T, loss, lr_min=1e-5, lr_max=10.0, steps=100, batch_size=32,
                  momentum=0.0, smoothing=0.9, diverge_factor=4.0, seed=0):
    """Run the range test on ``net`` and put its weights (and batch norm's running statistics) back.

    The learning rate goes from ``lr_min`` to ``lr_max`` geometrically over
    ``steps`` mini-batches of ``batch_size`` (cycling through shuffled data).
    The loss is smoothed with an exponential moving average (``smoothing``);
    the sweep stops once the smoothed loss exceeds ``diverge_factor`` times its
    best value, or the loss is inf/NaN. Returns an ``LRRangeResult``.
    """
    if not (hasattr(net, "sizes") and hasattr(net, "layers")):
        raise TypeError(f"net must be an MLP (nnlib.MLP([...])), got {type(net).__name__}")
    loss = losses.get(loss)
    X = as_batch(X, "X", net.sizes[0])
    T = loss.targets(T, (X.shape[0], net.sizes[-1]))
    lr_min, lr_max, steps = _sweep_range(lr_min, lr_max, steps)
    bs = min(positive_int(batch_size, "batch_size"), X.shape[0])
    smoothing = non_negative_float(smoothing, "smoothing")
    if smoothing >= 1:
        raise ValueError(f"smoothing must be in [0, 1), got {smoothing}")
    diverge_factor = positive_float(diverge_factor, "diverge_factor")

    lrs = np.geomspace(lr_min, lr_max, steps)
    saved = net.get_params()
    stats = [(p, p.copy()) for _, p in net.running_stats()]    # batch norm's, updated in place
    try:
        raw, smooth, diverged = _sweep(net, loss, X, T, lrs, bs, SGD(lr_min, momentum=momentum),
                                       make_rng(seed=seed), smoothing, diverge_factor)
    finally:
        net.set_params(saved)
        for p, before in stats:
            p[...] = before
    lrs = lrs[:len(raw)]
    return LRRangeResult(lrs, raw, smooth, *_suggest(lrs, raw, smooth), diverged)


def _sweep_range(lr_min, lr_max, steps):
    """The checked ``(lr_min, lr_max, steps)`` of a sweep."""
    lr_min = positive_float(lr_min, "lr_min")
    lr_max = positive_float(lr_max, "lr_max")
    if lr_max <= lr_min:
        raise ValueError(f"lr_max ({lr_max}) must be larger than lr_min ({lr_min})")
    steps = positive_int(steps, "steps")
    if steps < 3:
        raise ValueError(f"steps must be at least 3 to draw a curve, got {steps}")
    return lr_min, lr_max, steps


def _sweep(net, loss, X, T, lrs, bs, optimizer, rng, smoothing, diverge_factor):
    """The sweep itself: one step per learning rate in ``lrs`` on a mini-batch of ``bs``
    samples (cycling through the data shuffled by ``rng``), until the smoothed loss passes
    ``diverge_factor`` × its best or the loss is inf/NaN. Changes ``net``'s weights.

    Returns ``(raw, smooth, diverged)``: the losses and their smoothed curve, arrays
    (steps taken,), and whether the sweep stopped on divergence.
    """
    n = X.shape[0]
    raw, smooth = [], []
    avg, best, diverged = 0.0, np.inf, False
    order, pos = rng.permutation(n), 0
    with np.errstate(all="ignore"):
        for k, lr in enumerate(lrs):
            if pos + bs > n:
                order, pos = rng.permutation(n), 0
            idx = order[pos:pos + bs]
            pos += bs
            L = forward_backward_unchecked(net, loss, X[idx], T[idx], training=True)
            if not np.isfinite(L):
                diverged = True
                break
            avg = smoothing * avg + (1 - smoothing) * L
            s = avg / (1 - smoothing ** (k + 1))   # bias-corrected, as in Adam
            raw.append(L)
            smooth.append(s)
            best = min(best, s)
            if s > diverge_factor * best:
                diverged = True
                break
            optimizer.lr = lr
            optimizer.step(net)
    return np.array(raw), np.array(smooth), diverged


def _suggest(lrs, raw, smooth):
    """(low, high), steepest, at-minimum learning rates from the smoothed curve."""
    if len(smooth) < 3:
        return (lrs[0], lrs[-1]), lrs[0], lrs[-1]
    i_min = int(np.argmin(smooth))
    # Where the sweep starts, the rate is too small to change anything: the median loss of
    # the first tenth of the steps is the level the fall is measured from (one batch is noisy).
    start = float(np.median(raw[: max(3, len(raw) // 10)]))
    fall = start - smooth[i_min]
    # the rate from which on the loss stays at least a tenth of the fall below that level
    # (a noisy early dip that comes back up does not count)
    above = np.flatnonzero(smooth[: i_min + 1] > start - 0.1 * fall)
    i_low = int(above[-1]) + 1 if fall > 0 and len(above) else 0
    return (lrs[i_low], lrs[i_min]), lrs[_steepest(lrs, smooth, i_low, i_min)], lrs[i_min]


def _steepest(lrs, smooth, i_low, i_min, span=0.5):
    """The step where the smoothed loss falls fastest per decade of learning rate.

    The slope at step i is a central difference over ``span`` decades on each side,
    (s[i+h] − s[i−h]) / (log10 lr[i+h] − log10 lr[i−h]), with h steps to ``span`` decades: a
    wiggle of the smoothed curve a step or two wide does not make a steepest fall. The window
    stays inside the fall: from ``i_low`` (where the fall has begun for good) up to the lowest
    point ``i_min`` (where the loss stops falling), so the point is at least h steps below the
    lowest point. A short fall gets a narrower window (down to one step each side); with no
    falling point, the start of the fall is returned.
    """
    u = np.log10(lrs)
    per_decade = (len(u) - 1) / (u[-1] - u[0]) if len(u) > 1 and u[-1] > u[0] else 1.0
    h = max(1, int(round(span * per_decade)))
    while True:
        candidates = np.arange(max(i_low, 0) + h, min(i_min, len(smooth) - 1) - h + 1)
        if candidates.size or h == 1:
            break
        h -= 1
    if candidates.size == 0:
        return i_low
    slope = (smooth[candidates + h] - smooth[candidates - h]) / (u[candidates + h]
                                                                 - u[candidates - h])
    k = int(np.argmin(slope))
    return int(candidates[k]) if slope[k] < 0 else i_low
