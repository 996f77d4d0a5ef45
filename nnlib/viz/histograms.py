"""The forward picture: histograms of every hidden layer's activations, one panel per
activation × starting scale (the figure Glorot and Bengio, 2010, made famous).

Drawing only: the activations come from ``nnlib.diagnostics.hidden_activations``.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .style import COLORS, style

#: The x range each activation's values are drawn over; values beyond it go into the edge bins.
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 4.0),
          "leaky_relu": (-0.5, 4.0)}
#: One colour per hidden layer, input side first (five distinct hues, then repeated).
LAYER_COLORS = [COLORS[c] for c in ("orange", "sky", "green", "purple", "blue")]
#: The tallest bar of a panel, in ridges (a layer's ridge is 1 high): peaks may overlap a little.
PEAK = 1.3


def activation_grid(activations, bins=41, panel=(2.45, 2.3)):
    """A figure with one panel per (activation, scale) key of ``activations``.

    ``activations``: a dict (activation name, scale name) -> list of (n, n_l) arrays, one per
    hidden layer, input side first. Rows are the activations, columns the scales, in the
    dict's order. Each panel is a ridge plot: layer l's histogram (fraction of its values per
    bin) sits on its own baseline, layer 1 at the bottom, each layer in its own colour,
    heights scaled so the panel's tallest bar is ``PEAK`` ridges high (ReLU's exact zeros are
    left out of its bars, so the rest can be seen, but count in the fractions); the panel
    prints the last layer's standard deviation. ``bins`` is odd, so 0 (and the sigmoid's
    1/2) is a bin's centre, not an edge. Returns the Figure (made without pyplot, so nothing leaks).
    """
    if not isinstance(activations, dict) or not activations:
        raise TypeError("activations must be a non-empty dict (activation, scale) -> list of "
                        f"per-layer arrays, got {type(activations).__name__}")
    rows = list(dict.fromkeys(key[0] for key in activations))
    cols = list(dict.fromkeys(key[1] for key in activations))
    with style():
        fig = Figure(figsize=(panel[0] * len(cols), panel[1] * len(rows)),
                     layout="constrained")
        axes = np.array(fig.subplots(len(rows), len(cols), squeeze=False))
        for (act, scale), layers in activations.items():
            row, col = rows.index(act), cols.index(scale)
            ax = axes[row, col]
            _panel(ax, act, layers, bins)
            if row == 0:
                ax.set_title(f"{scale} weights")
            if col == 0:
                ax.set_ylabel(f"{act}\nhidden layer")
            else:
                ax.set_yticklabels([])
            ax.set_xlabel(f"a = {act}(z)")          # the activation
    return fig


def _panel(ax, act, layers, bins):
    """One activation × scale: each layer's histogram as a filled ridge over RANGES[act]."""
    lo, hi = RANGES.get(act, (-3.0, 3.0))
    edges = np.linspace(lo, hi, bins + 1)
    n = len(layers)
    fractions = []
    for a in layers:
        a = np.clip(np.ravel(a), lo, hi)          # beyond the axis: counted in the edge bin
        # ReLU's exact zeros (about half) would dwarf the rest: left out, still in the total.
        counts, _ = np.histogram(a[a != 0] if act == "relu" else a, edges)
        fractions.append(counts / a.size)
    height = PEAK / max(float(np.max(fractions)), 1e-12)
    for l in reversed(range(n)):                  # the lower ridges in front
        color = LAYER_COLORS[l % len(LAYER_COLORS)]
        ax.stairs(l + height * fractions[l], edges, baseline=l, fill=True, color=color,
                  alpha=0.85, lw=0)
        ax.stairs(l + height * fractions[l], edges, baseline=l, color="black", lw=0.8)
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=2, steps=[1, 2, 5, 10]))   # 0, 0.5, 1: clear
    ax.set_ylim(0, n + 1.45)                      # the std label above the tallest ridge
    ax.set_yticks(np.arange(n) + 0.3, [str(l + 1) for l in range(n)])
    ax.tick_params(axis="y", length=0)
    ax.text(0.98, 0.98, f"std(a{n}) = {np.std(layers[-1]):.0e}", transform=ax.transAxes,
            ha="right", va="top", fontsize=14)
