"""The playground's figure: the network's neuron maps, the output plane, the loss curves.

``PlaygroundPicture`` is a mixin of ``Playground``: ``_build_figure()`` makes every artist
once, ``paint(run, activation, edge)`` updates them from a ``PlaygroundRun`` and nothing
else (it trains nothing and changes no control). Every neuron's map comes from one forward
pass over a grid of the plane; all maps are one array of pixels (``NetworkView``).
"""

import numpy as np

from .. import features as feats
from ..viz import CLASS_COLORS, COLORS, diverging_cmap
from ..viz.log_labels import plain_log_labels
from ..viz.network_view import NetworkView
from ..viz.pixels import PixelLayer, colorize, lookup_table, upsample

EXTENT = (-6.0, 6.0, -6.0, 6.0)
#: The output is computed on a grid of PLANE_GRID × PLANE_GRID points of the plane.
PLANE_GRID = 40
#: The widths of the network's column and the plane's; the size in pixels of a neuron's map.
WIDTHS, BOX = (2.0, 1), 44


class PlaygroundPicture:
    """Mixin: the playground's artists (``view``, ``plane``, ``dots``, ``train_line``,
    ``test_line``, ``epoch_ticks``, ``title``, ``message``) and ``paint(run, ...)``."""

    _labels = None

    def _build_figure(self):
        live, fig = self.live, self.figure
        self.title = live.dynamic(fig.text(0.01, 0.99, "", va="top", fontsize=14,
                                           linespacing=1.3))
        # Everything else goes under the title's four lines, whose first two run across the
        # figure: the network (its column headers at the top), the output plane, the loss.
        self.title.set_text("Ag\n" * 3 + "Ag")
        top = self.title.get_window_extent(live.canvas.get_renderer()).y0 / fig.bbox.height
        self.title.set_text("")
        fig.get_layout_engine().set(rect=(0, 0, 1, top - 0.01))
        grid = fig.add_gridspec(2, 2, width_ratios=WIDTHS, height_ratios=[1.8, 1])
        ax_net = fig.add_subplot(grid[:, 0])
        self.view = NetworkView(live, ax_net, EXTENT, box=BOX)   # (drawn under the message)
        self._build_plane(fig.add_subplot(grid[0, 1]))
        self._build_loss(fig.add_subplot(grid[1, 1]))
        # Messages go in the bottom right corner, over the foot of the loss axes and the epoch
        # axis (the widest also over the empty corner under the network's output), never over
        # the points, the curves or a map: when training goes wrong the loss stays high (near
        # the constant guess, or above), so the bottom of the loss axes is empty.
        self.message = live.message(self.ax_loss)
        self.message.set_transform(fig.transFigure)
        width, height = fig.get_size_inches()
        self.message.set_position((1 - 0.13 / width, 0.13 / height))
        self.message.set_horizontalalignment("right")
        self.message.set_multialignment("center")
        self.message.set_verticalalignment("bottom")
        self.message.set_fontsize(13)
        self.message.get_bbox_patch().set_alpha(1.0)    # the epoch axis does not show through
        live.freeze_layout()
        # The network's axes reach the figure's left edge and bottom, and the title.
        right = ax_net.get_position().x1
        ax_net.set_position((0.005, 0.01, right - 0.005, top - 0.02))

    def _build_plane(self, ax_out):
        # The output over the plane: values on a 40 × 40 grid of cell centres (top row
        # first), stretched to the axes' pixels and pasted (see nnlib.viz.pixels).
        live = self.live
        self.plane = live.dynamic(PixelLayer(ax_out))
        centres = (np.arange(PLANE_GRID) + 0.5) / PLANE_GRID
        g1 = EXTENT[0] + centres * (EXTENT[1] - EXTENT[0])
        g2 = EXTENT[3] - centres * (EXTENT[3] - EXTENT[2])
        G1, G2 = np.meshgrid(g1, g2)
        self.plane_grid = np.column_stack([G1.ravel(), G2.ravel()])
        self._plane_colors = lookup_table(diverging_cmap(0.55))
        ax_out.set_xlim(EXTENT[0], EXTENT[1])
        ax_out.set_ylim(EXTENT[2], EXTENT[3])
        ax_out.set_xlabel("x1", fontsize=14)
        ax_out.set_ylabel("x2", fontsize=14)
        ax_out.set_aspect("equal")
        ax_out.set_anchor("W")
        ax_out.set_title("output · training ●, test ◆", fontsize=14)
        ax_out.set_xticks([-5, 0, 5])
        ax_out.set_yticks([-5, 0, 5])
        ax_out.tick_params(labelsize=13)
        # Points as markers on lines, one line per colour (classes, or 9 levels of a
        # regression target): far cheaper to draw than a scatter of 500 coloured points.
        self.dots = {}
        colors = [*CLASS_COLORS[:2], *[diverging_cmap(1.0)(q) for q in np.linspace(0, 1, 9)]]
        for split, marker, edge in (("train", "o", "white"), ("test", "D", "black")):
            self.dots[split] = [live.dynamic(ax_out.plot(
                [], [], ls="none", marker=marker, ms=5.5, mfc=c, mec=edge, mew=0.8,
                zorder=4)[0]) for c in colors]
        self._dots_of = None             # the run whose points are set

    def _build_loss(self, ax_loss):
        live = self.live
        ax_loss.set_yscale("log")
        plain_log_labels(ax_loss.yaxis)    # 0.001, 0.1, 10: no exponents at 70 % size
        ax_loss.set_ylim(1e-3, 30)         # 30: above a diverging run's first losses
        ax_loss.set_yticks([1e-3, 1e-1, 1e1])
        # The epoch axis grows as training runs: curves are drawn at epoch / right end in
        # [0, 1] under tick labels of our own, so a longer run never re-lays out the figure.
        ax_loss.set_xlim(0, 1)
        ax_loss.set_xticks(np.linspace(0, 1, 5), [""] * 5)
        ax_loss.set_xlabel("epoch", labelpad=16, fontsize=14)
        ax_loss.tick_params(labelsize=13)
        ax_loss.set_ylabel("loss", fontsize=14)
        self.epoch_ticks = [live.dynamic(ax_loss.text(
            x, -0.04, "", transform=ax_loss.get_xaxis_transform(), ha="center" if x < 1 else
            "right", va="top", fontsize=13)) for x in np.linspace(0, 1, 5)]
        # A marker on the latest epoch: at epoch 0 the curves are one point each.
        self.train_line = live.dynamic(ax_loss.plot([], [], color=COLORS["blue"], marker="o",
                                                    ms=5, label="training")[0])
        self.test_line = live.dynamic(ax_loss.plot([], [], color=COLORS["black"], ls="--",
                                                   marker="D", ms=4, label="test")[0])
        # The legend sits above the axes, beside the output plane (which stands at the left
        # of its column): inside, a high loss curve (η too large) would run under it.
        ax_loss.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=13, frameon=False,
                       borderaxespad=0.1, borderpad=0.2, handlelength=1.5,
                       handletextpad=0.5).set_in_layout(False)
        self.ax_loss = ax_loss

    # -- painting ------------------------------------------------------------------------

    def paint(self, run, activation, edge):
        """Show ``run`` (a PlaygroundRun): points, curves, title, message, the network's maps
        and edges (``edge`` marked), the output plane. Paints only."""
        self._draw_points(run)
        self._draw_curves(run)
        self.title.set_text(run.summary())
        self.message.set_text(run.verdict())
        if run.net is None:
            self.view.set_network([0], [])
            self.view.set_maps([np.zeros((self.view.cells ** 2, 0))])
            self.view.set_weights([])
            self._paint_plane(np.full(len(self.plane_grid), 0.5))
            return
        with np.errstate(all="ignore"):
            self._draw_network(run, activation, edge)
            out = run.net(self.plane_features)[:, 0]
        self._paint_plane(_unit_output(out, run.regression))

    def _draw_curves(self, run):
        # The loss curves over an epoch axis whose right end doubles as training goes on.
        right = 40
        while right < run.epoch:
            right *= 2
        x = np.arange(len(run.train_loss)) / right
        for line, loss in ((self.train_line, run.train_loss), (self.test_line, run.test_loss)):
            line.set_data(x, _shown(loss))
            line.set_markevery([len(x) - 1] if len(x) else None)
        for k, tick in enumerate(self.epoch_ticks):
            tick.set_text(f"{right * k // 4}")

    def _paint_plane(self, values):
        grid = np.asarray(values, dtype=np.float64).reshape(PLANE_GRID, PLANE_GRID)
        self.plane.set_pixels(colorize(upsample(grid, self.plane.size()), self._plane_colors))

    def _draw_points(self, run):
        if run is self._dots_of:
            return
        self._dots_of = run
        for split, X, y in (("train", run.X_train, run.y_train), ("test", run.X_test, run.y_test)):
            if run.regression:        # colours 2 … 10: targets −1 … 1 in 9 levels
                color = 2 + np.rint(np.clip((y + 1) / 2, 0, 1) * 8).astype(int)
            else:
                color = np.asarray(y, dtype=int)
            for c, line in enumerate(self.dots[split]):
                line.set_data(X[color == c, 0], X[color == c, 1])
                line.set_visible(bool(np.any(color == c)))

    def _draw_network(self, run, activation, edge):
        net, features = run.net, run.features
        sizes = [len(features), *[layer.W.shape[0] for layer in net.layers]]
        if self.view.sizes != sizes or self._labels != features:
            self.view.set_network(sizes, [feats.LABELS[f] for f in features])
            self._labels = features
        F = self.grid_features
        net(F)                         # one forward pass: every unit's map at once
        columns = [_unit_scaled(F)]
        for layer in net.layers[:-1]:
            columns.append(_unit_activation(layer.A, activation))
        columns.append(_unit_output(net.layers[-1].A[:, 0], run.regression)[:, None])
        self.view.set_maps(columns)
        self.view.set_weights([layer.W for layer in net.layers])
        self.view.choose(edge)


# -- values as colours in [0, 1] --------------------------------------------------------------

def _unit_output(out, regression):
    # Output as a colour in [0, 1]: a probability, or a regression value in [-1, 1].
    return np.clip((out + 1) / 2, 0, 1) if regression else out


def _unit_scaled(V):
    # Each column divided by its largest |value| and mapped to [0, 1] (0 → ½, white).
    m = np.max(np.abs(V), axis=0)
    m = np.where(np.isfinite(m) & (m > 0), m, 1.0)
    return (V / m + 1) / 2


def _unit_activation(A, activation):
    if activation == "tanh":
        return (A + 1) / 2
    if activation == "sigmoid":
        return A
    return _unit_scaled(A)


def _shown(values):
    v = np.array(values, dtype=np.float64)
    return np.where(np.isfinite(v), np.clip(v, 1.05e-3, 28.0), np.nan)
