"""The forward picture: histograms of every hidden layer's activations, one panel per
activation × starting scale (the figure Glorot and Bengio, 2010, made famous).

Drawing only: the activations come from ``nnlib.diagnostics.hidden_activations``.
"""

import numpy as np
from matplotlib.figure import Figure

from .style import style

#: The x range each activation's values are drawn over; values beyond it go into the edge bins.
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 4.0),
          "leaky_relu": (-0.5, 4.0)}


def activation_grid(activations, bins=40, panel=(3.4, 2.6)):
    """A figure with one panel per (activation, scale) key of ``activations``.

    ``activations``: a dict (activation name, scale name) -> list of (n, n_l) arrays, one per
    hidden layer, input side first. Rows are the activations, columns the scales, in the
    dict's order. Each panel overlays the layers' histograms (fraction of values per bin,
    layer 1 light to the last layer dark) and prints the last layer's standard deviation.
    Returns the Figure (made without pyplot, so nothing leaks).
    """
    if not isinstance(activations, dict) or not activations:
        raise TypeError("activations must be a non-empty dict (activation, scale) -> list of "
                        f"per-layer arrays, got {type(activations).__name__}")
    rows = list(dict.fromkeys(key[0] for key in activations))
    cols = list(dict.fromkeys(key[1] for key in activations))
    with style():
        fig = Figure(figsize=(panel[0] * len(cols), panel[1] * len(rows)),
                     layout="constrained")
        axes = np.array(fig.subplots(len(rows), len(cols), sharey=True, squeeze=False))
        for (act, scale), layers in activations.items():
            ax = axes[rows.index(act), cols.index(scale)]
            _panel(ax, act, layers, bins)
            if rows.index(act) == 0:
                ax.set_title(f"{scale} weights")
            if cols.index(scale) == 0:
                ax.set_ylabel(f"{act}\nfraction")
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), fontsize=11)
    return fig


def _panel(ax, act, layers, bins):
    """One activation × scale: each layer's histogram as a step line, over RANGES[act]."""
    lo, hi = RANGES.get(act, (-3.0, 3.0))
    edges = np.linspace(lo, hi, bins + 1)
    n = len(layers)
    for l, a in enumerate(layers):
        a = np.clip(np.ravel(a), lo, hi)          # beyond the axis: counted in the edge bin
        counts, _ = np.histogram(a, edges)
        shade = 0.85 - 0.75 * l / max(n - 1, 1)   # layer 1 light, the last dark
        ax.stairs(counts / a.size, edges, color=(shade * 0.6, shade * 0.75, 0.35 + shade * 0.5),
                  lw=2, label=f"layer {l + 1}")
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 1)
    ax.text(0.97, 0.92, f"std(a{n}) = {np.std(layers[-1]):.1e}", transform=ax.transAxes,
            ha="right", va="top", fontsize=10)
