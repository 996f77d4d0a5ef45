"""Per-layer gradient-norm bars on a log axis, updated in place.

``LayerBars(live, ax)`` draws ``max_bars`` bars once and hides the ones a
shallower network does not need, so changing the depth never rebuilds the
figure. The axes fit the data: one slot per bar on the x axis, and on the
log y axis the whole decades that hold the bars, with half a decade or more
to spare below the shortest one (so that every bar shows), at least
``MIN_DECADES`` decades in all, widened to labelled decades at both ends;
the bars rise from the axis's bottom. The axes change (a full redraw) only
when the number of bars or that span of decades changes.

Layer 1 is drawn in ``first_color``, the last layer in ``last_color``, the
ones between in ``color``. A bar whose value is inf or NaN is drawn to the
top of the axis in black; a bar whose value is 0 (or below the axis) is
drawn as a thin stub at the bottom, so a missing bar always means "no such
layer".
"""

import math

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.ticker import NullFormatter, NullLocator

from .log_labels import plain_log_labels
from .style import COLORS

#: Never show more than this many decades below or above 1 (float64 reaches 1e±308).
FLOOR_DECADE, CEIL_DECADE = -45, 60

#: The y axis shows at least this many decades, so that a level row of bars still reads as one.
MIN_DECADES = 3

#: Without a finite value to fit, the y axis shows these decades.
EMPTY_RANGE = (-2, 1)


class LayerBars:
    """``max_bars`` bars for layers 1, 2, …, one value each, on a log y axis.

    ``set(values)`` shows ``len(values)`` bars (input side first), nothing
    for the rest (all bars are one ``PolyCollection``); it returns True when
    the axis limits changed (the caller's ``LiveFigure`` is then laid out
    again automatically). Once the figure's layout is frozen, the background
    drawn for each count and span of decades is kept (``LiveFigure.relayout``
    with a key): an explorer whose other static pixels change calls
    ``live.relayout()``, which forgets the kept ones.
    """

    def __init__(self, live, ax, max_bars=31, block=None, ylabel="gradient norm (log scale)",
                 color=COLORS["grey"], last_color=COLORS["blue"], first_color=COLORS["vermillion"]):
        # ``block`` is accepted for old callers and ignored: the axis now fits the data.
        self.live, self.ax = live, ax
        self.color, self.last_color, self.first_color = color, last_color, first_color
        ax.set_yscale("log")
        # Ticks at whole decades, placed by ``_set_limits``, in plain text (0.01, 1, 100, 1e-20):
        # matplotlib's default 10^x labels shrink the exponent to 70 % (7-10 px on a projector)
        # and go through its TeX-like parser, ~11 ms each time the axis is drawn.
        plain_log_labels(ax.yaxis)
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("layer (1 = next to the input)")
        ax.set_ylabel(ylabel)
        self._lims = None
        self._n = None
        # All bars are one PolyCollection: one draw call per frame, however many bars.
        self.collection = PolyCollection(np.zeros((max_bars, 4, 2)), edgecolors="none",
                                         facecolors=color)
        ax.add_collection(self.collection, autolim=False)
        live.dynamic(self.collection)
        self._max = max_bars
        self.heights = np.zeros(0)
        self._set_count(5)
        self._set_limits(*EMPTY_RANGE)
        live.relayout()

    @property
    def max_bars(self):
        return self._max

    def set(self, values):
        """Show one bar per value (``len(values) <= max_bars``); return True if the axes changed."""
        v = np.asarray(values, dtype=np.float64).ravel()
        if v.size > self.max_bars:
            raise ValueError(f"at most {self.max_bars} bars, got {v.size} values")
        changed = self._set_count(v.size)
        finite = v[np.isfinite(v) & (v > 0)]
        if finite.size:
            lo = math.floor(math.log10(finite.min()) - 0.5)
            hi = math.ceil(math.log10(finite.max()) + 1e-9)
        else:
            lo, hi = EMPTY_RANGE
        changed |= self._set_limits(lo, hi)
        if changed:
            # New ticks or limits are static pixels: one full draw, kept for this count and
            # span (an explorer moving the depth back and forth draws each once).
            self.live.relayout(key=(self._n, self._lims), part=f"LayerBars {id(self)}")
        bottom, top = 10.0 ** self._lims[0], 10.0 ** self._lims[1]
        stub = bottom * 10 ** (0.02 * (self._lims[1] - self._lims[0]))
        bad = ~np.isfinite(v)
        h = np.where(bad, top, np.clip(np.nan_to_num(v, nan=0.0), stub, top))
        self.heights = h
        x = np.arange(1, v.size + 1)
        verts = np.empty((v.size, 4, 2))
        verts[:, :, 0] = x[:, None] + np.array([-0.4, -0.4, 0.4, 0.4])
        verts[:, [0, 3], 1] = bottom
        verts[:, [1, 2], 1] = h[:, None]
        self.collection.set_verts(verts)
        colors = [COLORS["black"] if b else self.last_color if i == v.size - 1 else
                  self.first_color if i == 0 else self.color for i, b in enumerate(bad)]
        self.collection.set_facecolors(colors)
        return changed

    def _set_count(self, n):
        if n == self._n:
            return False
        self._n = n
        # One slot per bar: no empty slots for layers the network does not have.
        self.ax.set_xlim(0.4, max(n, 1) + 0.6)
        step = 1 if n <= 12 else 5
        # Layer 1, every step-th layer, and the output layer (n): both ends always labelled.
        ticks = {1, n} | {t for t in range(step, n, step) if n - t > step // 2}
        self.ax.set_xticks(sorted(ticks))
        return True

    def _set_limits(self, lo, hi):
        # Whole decades around the data, at least MIN_DECADES of them, within what can be shown.
        lo, hi = max(FLOOR_DECADE, lo), min(CEIL_DECADE, max(hi, lo + 1))
        if hi - lo < MIN_DECADES:
            extra = MIN_DECADES - (hi - lo)
            lo, hi = lo - extra // 2 - extra % 2, hi + extra // 2
        # At most 8 labelled decades (1e-30, 1e-20, …): every label costs time in a full draw.
        # Both ends move out to a labelled decade, so the axis's range reads at a glance.
        stride = next(s for s in (1, 2, 5, 10, 20, 50) if (hi - lo) / s <= 8)
        lo, hi = stride * math.floor(lo / stride), stride * math.ceil(hi / stride)
        if (lo, hi) == self._lims:
            return False
        self._lims = (lo, hi)
        self.ax.set_ylim(10.0 ** lo, 10.0 ** hi)
        self.ax.set_yticks(10.0 ** np.arange(lo, hi + 1, stride))
        return True

    def pin_labels(self):
        """Keep both axis labels where the last full draw put them (call once the layout is
        frozen): otherwise matplotlib measures every tick label again, on each full draw, to
        place them (~5 ms)."""
        to_axes = self.ax.transAxes.inverted()
        x, y = self.ax.xaxis.label.get_position()       # x in axes fraction, y in pixels
        self.ax.xaxis.set_label_coords(x, to_axes.transform((0, y))[1])
        x, y = self.ax.yaxis.label.get_position()       # x in pixels, y in axes fraction
        self.ax.yaxis.set_label_coords(to_axes.transform((x, 0))[0], y)
