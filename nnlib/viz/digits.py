"""Pictures of lesson 07: 8 × 8 digit images, a confusion matrix, training curves.

Each function builds one matplotlib ``Figure`` without pyplot and returns it; in a notebook
it shows as a picture when it is the last expression of a cell. ``ink_image`` gives the
array an explorer shows with ``imshow`` (pixel values 0–16, white paper, black ink).
"""

import numpy as np
from matplotlib.figure import Figure

from .log_labels import plain_log_labels
from .style import COLORS, style

#: Pixel values of the digits run from 0 (white paper) to 16 (full ink).
INK = 16.0


def _as_images(X):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 64:
        raise ValueError(f"expected digits as rows of 64 pixels, shape (n, 64), got {X.shape}")
    return X.reshape(-1, 8, 8)


def digit_grid(X, titles=None, ncols=10, title=None, title_colors=None):
    """A grid of digits: one 8 × 8 image per row of ``X`` (n, 64), pixel values 0–16.

    ``titles`` (n strings) go above the images; ``title_colors`` (n colours) colour them.
    """
    images = _as_images(X)
    n = len(images)
    nrows = -(-n // ncols)
    with style():
        fig = Figure(figsize=(1.0 * ncols, 1.25 * nrows + (0.5 if title else 0)),
                     layout="constrained")
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for i, ax in enumerate(axes):
            ax.set_axis_off()
            if i >= n:
                continue
            ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=INK, interpolation="nearest")
            if titles is not None:
                color = title_colors[i] if title_colors is not None else COLORS["black"]
                ax.set_title(titles[i], fontsize=13, color=color)
        if title:
            fig.suptitle(title, fontsize=15)
    return fig


def confusion_figure(C, title="confusion matrix"):
    """Counts C (k, k), C[i, j] = digits of class i read as j, as a shaded grid with numbers.

    The diagonal (read right) is shaded green, the mistakes vermillion; zeros stay blank.
    """
    C = np.asarray(C)
    k = C.shape[0]
    if C.ndim != 2 or C.shape[1] != k:
        raise ValueError(f"C must be a square matrix of counts, got shape {C.shape}")
    with style():
        fig = Figure(figsize=(6.4, 5.6), layout="constrained")
        ax = fig.subplots()
        rgb = np.ones((k, k, 3))
        wrong = np.array([1.0, 0.55, 0.35])
        right = np.array([0.75, 0.92, 0.85])
        off = ~np.eye(k, dtype=bool) & (C > 0)
        rgb[np.eye(k, dtype=bool)] = right
        rgb[off] = wrong
        ax.imshow(rgb, interpolation="nearest")
        for i in range(k):
            for j in range(k):
                if C[i, j]:
                    ax.text(j, i, str(C[i, j]), ha="center", va="center", fontsize=14,
                            weight="bold" if i != j else "normal")
        ax.set_xticks(range(k))
        ax.set_yticks(range(k))
        ax.set_xlabel("predicted class")
        ax.set_ylabel("true class")
        ax.set_title(title)
        for side in ("top", "right"):
            ax.spines[side].set_visible(True)
    return fig


def curves_figure(runs, title=None, ylabel="loss (softmax cross-entropy)", log=True):
    """Training (solid) and validation (dashed) loss per epoch for several runs.

    ``runs`` maps a label to a ``History`` with ``epoch_loss`` and ``val_loss``; each run gets
    one colour and one marker, told apart on a projector and in grey. The training loss is
    fit's epoch mean: the average over the epoch's mini-batches, taken while the weights
    still changed.
    """
    looks = [(COLORS["black"], "o"), (COLORS["orange"], "s"), (COLORS["blue"], "^"),
             (COLORS["green"], "D"), (COLORS["purple"], "v"), (COLORS["sky"], "P")]
    with style():
        fig = Figure(figsize=(9.5, 4.4), layout="constrained")
        ax = fig.subplots()
        last = 1
        for (label, history), (color, marker) in zip(runs.items(), looks):
            epochs = np.arange(1, history.epochs + 1)
            ax.plot(epochs, history.epoch_loss, color=color, marker=marker, ms=6,
                    label=f"{label}: training (epoch mean)")
            ax.plot(epochs, history.val_loss, color=color, ls="--", lw=2, marker=marker, ms=6,
                    mfc="white", label=f"{label}: validation")
            last = max(len(epochs), 1)
        if log:
            ax.set_yscale("log")
            plain_log_labels(ax.yaxis)
        ax.set_xticks([1, *range(5, last + 1, 5)] if last >= 5 else range(1, last + 1))
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize=13)
        if title:
            ax.set_title(title)
    return fig
