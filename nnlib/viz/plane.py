"""The input plane: points of two classes, a shaded surface, and lines w·x + b = 0."""

import numpy as np

from .style import CLASS_COLORS, COLORS, diverging_cmap


def line_through(w, b, extent):
    """End points of the line w1·x1 + w2·x2 + b = 0 across the box ``extent`` = (x0, x1, y0, y1).

    Returns ``(xs, ys)``, two arrays of two points, or empty arrays when w = 0
    (then there is no line: w·x + b has the same sign everywhere).
    """
    w1, w2 = float(w[0]), float(w[1])
    x0, x1, y0, y1 = extent
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return np.array([]), np.array([])
    if abs(w2) >= abs(w1):        # mostly horizontal: solve for x2 at the box's sides
        xs = np.array([x0, x1])
        return xs, -(w1 * xs + b) / w2
    ys = np.array([y0, y1])
    return -(w2 * ys + b) / w1, ys


class DecisionPlane:
    """One axes showing a function of (x1, x2) as colour, with data points on top.

    ``surface`` is an image over ``extent`` at ``resolution``² grid points,
    coloured blue (0) to orange (1); ``set_surface(f)`` takes a function of an
    (n, 2) array of grid points returning n values in [0, 1].
    """

    def __init__(self, live, ax, extent=(-0.5, 1.5, -0.5, 1.5), resolution=100):
        self.live, self.ax, self.extent = live, ax, extent
        g1 = np.linspace(extent[0], extent[1], resolution)
        g2 = np.linspace(extent[2], extent[3], resolution)
        G1, G2 = np.meshgrid(g1, g2)
        self.grid = np.column_stack([G1.ravel(), G2.ravel()])
        self.shape = G1.shape
        self.surface = live.dynamic(ax.imshow(
            np.full(self.shape, 0.5), extent=extent, origin="lower", cmap=diverging_cmap(0.5),
            vmin=0, vmax=1, interpolation="bilinear", aspect="auto", zorder=0))
        # Opaque on purpose: a full draw paints images even when animated, so a translucent
        # surface would show through the cached background.
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        self.lines = []

    def set_surface(self, f):
        """Colour the plane by ``f(grid)`` (values in [0, 1]; NaN shows as blank)."""
        self.surface.set_data(np.asarray(f(self.grid), dtype=float).reshape(self.shape))

    def add_line(self, color=COLORS["black"], style="-", label=None, width=3):
        """A line w·x + b = 0, to be placed with ``set_line``; returns its index."""
        (line,) = self.ax.plot([], [], style, color=color, lw=width, label=label, zorder=3)
        self.lines.append(self.live.dynamic(line))
        return len(self.lines) - 1

    def set_line(self, i, w, b):
        """Place line ``i`` at w·x + b = 0 (hidden if w = 0)."""
        self.lines[i].set_data(*line_through(w, b, self.extent))

    def add_points(self, X, y, size=260):
        """Scatter the points ``X`` coloured by class ``y``; returns the scatter artist."""
        colors = [CLASS_COLORS[int(c)] for c in y]
        return self.live.dynamic(self.ax.scatter(X[:, 0], X[:, 1], s=size, c=colors,
                                                 edgecolors="black", linewidths=1.5, zorder=4))
