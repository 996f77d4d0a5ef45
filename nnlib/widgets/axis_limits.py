"""Axis limits that change only when they really change: a training figure's growing axes.

A relayout (``LiveFigure.relayout``) redraws the static picture, so an explorer that
redraws after every chunk of training sets its limits through ``AxisLimits``: the same
limits as last time cost nothing.
"""

import math

import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator

from ..viz.log_labels import plain_log_labels


class AxisLimits:
    """Remembers the limits set on each axis of one ``LiveFigure``; ``seen`` holds them."""

    def __init__(self, live):
        self.live = live
        self.seen = {}

    def set(self, ax, which, lims, linear=False):
        """Set ``ax``'s ``which`` ("x" or "y") limits to ``lims``: (lo, hi) when ``linear``,
        else powers of ten (as ``decades`` gives); lay out again only when they changed."""
        key = (id(ax), which)
        if self.seen.get(key) == lims:
            return
        self.seen[key] = lims
        lo, hi = lims if linear else (10.0 ** lims[0], 10.0 ** lims[1])
        (ax.set_xlim if which == "x" else ax.set_ylim)(lo, hi)
        self.live.relayout(key=lims, part=f"{id(ax)} {which}")

    def loss_axis(self, ax, loss, linear_below):
        """The y axis of a loss curve (``loss``, shape (steps,)): linear from 0 while the loss
        stays finite and below ``linear_below`` (then a fall from 0.73 to ln 2 shows), a log
        axis of whole decades once it explodes."""
        finite = loss[np.isfinite(loss)]
        if finite.size == loss.size and (not loss.size or loss.max() < linear_below):
            top = max(1.0, math.ceil(10 * 1.1 * loss.max()) / 10) if loss.size else 1.0
            lims = ("linear", top)
        else:
            lims = ("log", decades(loss, (-2, 0)))
        key = (id(ax), "loss")
        if self.seen.get(key) == lims:
            return
        self.seen[key] = lims
        if lims[0] == "linear":
            ax.set_yscale("linear")
            ax.set_ylim(0, lims[1])
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
        else:
            ax.set_yscale("log")
            plain_log_labels(ax.yaxis)      # the scale came with 10^x labels again
            ax.set_ylim(10.0 ** lims[1][0], 10.0 ** lims[1][1])
            ax.yaxis.set_major_locator(LogLocator(numticks=7))
        self.live.relayout(key=lims, part=f"{id(ax)} loss")


def decades(values, base):
    """Log-axis limits (as powers of ten): the whole decades that hold the positive finite
    ``values``, at least two of them; ``base`` when there are none."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v) & (v > 0)]
    if not v.size:
        return base
    lo = math.floor(math.log10(v.min()))
    hi = max(math.ceil(math.log10(v.max())), lo + 2)
    return max(lo, -12), min(hi, 12)
