"""Explorer of lesson 02: a 2-2-1 sigmoid network on XOR, in the input plane and in hidden space.

The nine numbers of the network are sliders:

    h1 = σ(w11·x1 + w12·x2 + b11)       hidden unit 1: one line in the input plane
    h2 = σ(w21·x1 + w22·x2 + b12)       hidden unit 2: a second line
    y  = σ(v1·h1 + v2·h2 + b2)          the output: one line in hidden space (h1, h2)

In the course's notation W1 = [[w11, w12], [w21, w22]] and b1 = (b11, b12) are
the hidden layer's weights and biases, W2 = [v1, v2] and b2 the output's.

A "train" button runs gradient descent (``nnlib.fit``) from the current
weights in a background thread, in chunks, copying the weights back into the
sliders after each chunk; "stop" ends it after the current epoch.
"""


import ipywidgets as widgets
import numpy as np

from ..data import logic_gate
from ..network import MLP
from ..optim import SGD
from ..training import fit
from ..viz import COLORS
from ..viz.plane import DecisionPlane
from .explorer import Explorer
from .xor_labels import label_position, leader_ends

#: Slider name → description, in the order of the network's parameters.
PARAMS = {
    "w11": "h1: weight of x1 (w11)", "w12": "h1: weight of x2 (w12)", "b11": "h1: bias (b11)",
    "w21": "h2: weight of x1 (w21)", "w22": "h2: weight of x2 (w22)", "b12": "h2: bias (b12)",
    "v1": "y: weight of h1 (v1)", "v2": "y: weight of h2 (v2)", "b2": "y: bias (b2)",
}
LIMIT = 10.0
START = dict(w11=0.5, w12=-0.4, b11=0.1, w21=-0.3, w22=0.6, b12=-0.2, v1=0.4, v2=-0.5,
             b2=0.1)
PRESETS = {
    # h1 ≈ OR, h2 ≈ AND, y ≈ h1 AND NOT h2
    "hand-built solution": dict(w11=6.0, w12=6.0, b11=-3.0, w21=6.0, w22=6.0, b12=-9.0,
                                v1=10.0, v2=-10.0, b2=-5.0),
    "random start": dict(START),
    # the same hidden units, but the output listens to h2 only: it computes AND
    "one line is not enough": dict(w11=6.0, w12=6.0, b11=-3.0, w21=6.0, w22=6.0, b12=-9.0,
                                   v1=0.0, v2=10.0, b2=-5.0),
}
H1_COLOR, H2_COLOR = COLORS["green"], COLORS["purple"]


def _signed(v):
    return f"− {abs(v):.1f}" if v < 0 else f"+ {v:.1f}"


class XorExplorer(Explorer):
    """The 2-2-1 sigmoid network on XOR: sliders for its nine numbers, a train button."""

    TITLE = "A 2-2-1 network solves XOR: two lines, then a vote"
    TRY = 'choose "hand-built solution", then "one line is not enough"; then train "random start".'

    LR = 3.0               # learning rate of the train button (full-batch SGD on half-MSE)
    CHUNK = 200            # epochs between two redraws while training
    EPOCHS = 3000          # epochs per click of "train"

    def __init__(self, **values):
        # 10 inches: shown 844 px wide on a 1024-px projector, 12 pt is 14 px there
        super().__init__(size=(10, 4.6))
        self.live.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.8 / 4.6))
        for name, description in PARAMS.items():
            self.slider(name, START[name], -LIMIT, LIMIT, 0.1, description=description)
        self.add_presets(PRESETS)
        self.button("train", f"train {self.EPOCHS} epochs", lambda: self.train(block=False),
                    icon="play")
        self.button("stop", "stop", self.stop, icon="stop")
        self.progress = widgets.IntProgress(value=0, min=0, max=self.EPOCHS,
                                            description="epochs", layout=widgets.Layout(
                                                width="320px"))
        self.add_control("progress", self.progress, state=False)
        self.X, self.y = logic_gate("xor")
        self.net = MLP([2, 2, 1], seed=0)          # evaluated in draw(), never trained
        self.epochs_trained = 0
        self.train_message = ""
        self._build_figure()
        self.finish([["preset", "train", "stop", "progress"],
                     ["w11", "w12", "b11"], ["w21", "w22", "b12"], ["v1", "v2", "b2"]],
                    {**START, **values})

    # -- the figure --------------------------------------------------------------------

    def _build_figure(self):
        fig = self.figure
        ax, hid, table_ax = fig.subplots(1, 3, width_ratios=[1, 1, 1.4])
        # input plane: the output y as colour, the two hidden lines, the four points
        self.plane = DecisionPlane(self.live, ax, resolution=160)
        self.plane.add_line(color=H1_COLOR, label="h1 = 0.5")
        self.plane.add_line(color=H2_COLOR, style="--", label="h2 = 0.5")
        ax.legend(handles=self.plane.lines, loc="upper center", bbox_to_anchor=(0.5, -0.17),
                  ncols=2, frameon=False, handlelength=1.6, columnspacing=1.0)
        self.points = self.plane.add_points(self.X, self.y)
        self.right_text = self.live.dynamic(ax.set_title(""))
        # hidden space: the output y as colour over (h1, h2), its line, the mapped inputs
        self.hidden = DecisionPlane(self.live, hid, extent=(-0.1, 1.1, -0.1, 1.1),
                                    resolution=120)
        # A fine grid shown pixel for pixel: bilinear resampling of the images took half of
        # every redraw.
        for plane in (self.plane, self.hidden):
            plane.surface.set_interpolation("nearest")
        self.hidden.add_line(label="output y = 0.5")
        hid.set_xlabel("h1")
        hid.set_ylabel("h2")
        hid.set_xticks([0, 0.5, 1])
        hid.set_yticks([0, 0.5, 1])
        hid.legend(handles=self.hidden.lines, loc="upper center", bbox_to_anchor=(0.5, -0.17),
                   frameon=False, handlelength=1.6)
        hid.set_title("hidden space (h1, h2)")
        self.hidden_points = self.hidden.add_points(self.X, self.y, size=200)
        # each label has a leader line to its point, so a label near another point is not
        # read as that point's (a plain line ending at the label's box: an annotation's arrow
        # is clipped against the text's box on every frame, 4 ms a label)
        self.labels = [self.live.dynamic(hid.text(
            0, 0, "", fontsize=12, ha="center", va="center", zorder=6,
            bbox=dict(facecolor="white", alpha=0.85, edgecolor="none", pad=1)))
                       for _ in range(4)]
        self.leaders = [self.live.dynamic(hid.plot([], [], color=COLORS["black"], lw=1.2,
                                                   zorder=5)[0]) for _ in range(4)]
        # the table of predictions and the loss
        table_ax.set_axis_off()
        table_ax.set_xlim(0, 1)
        table_ax.set_ylim(0, 1)
        table_ax.text(0.06, 0.95, "x1 x2 │  h1   h2  │   y   │ t", family="monospace", fontsize=12,
                      weight="bold")
        self.rows = [self.live.dynamic(table_ax.text(0.06, 0.80 - 0.13 * i, "",
                                                     family="monospace", fontsize=12))
                     for i in range(4)]
        self.loss_text = self.live.dynamic(table_ax.text(0.06, 0.21, "", fontsize=14))
        self.summary = self.live.dynamic(table_ax.text(0.06, 0.04, "", fontsize=14,
                                                       weight="bold"))
        # the three formulas, in the colours of their lines: every slider shows here
        self.formulas = [self.live.dynamic(fig.text(x, 0.975, "", fontsize=13, va="top",
                                                    color=color))
                         for x, color in ((0.01, H1_COLOR), (0.35, H2_COLOR),
                                          (0.69, COLORS["black"]))]
        self.status = self.live.dynamic(fig.text(0.01, 0.905, "", fontsize=13, va="top",
                                                 color=COLORS["grey"]))
        self.message = self.live.message(ax)
        self.message.set_fontsize(14)         # two lines inside the plane, 2.5 inches wide

    # -- the maths, from the sliders -----------------------------------------------------

    def params(self):
        """The sliders as the network's arrays [W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,)]."""
        v = self.value
        return [np.array([[v("w11"), v("w12")], [v("w21"), v("w22")]]),
                np.array([v("b11"), v("b12")]),
                np.array([[v("v1"), v("v2")]]),
                np.array([v("b2")])]

    def forward(self, X):
        """Hidden activations H (n, 2) and outputs y (n,) of the current network at X (n, 2)."""
        self.net.set_params(self.params())
        y = self.net.forward(X)[:, 0]
        return self.net.layers[0].A.copy(), y

    def draw(self):
        W1, b1, W2, b2 = self.params()
        H, y_hat = self.forward(self.X)
        _, surface = self.forward(self.plane.grid)
        self.plane.surface.set_data(surface.reshape(self.plane.shape))
        self.plane.set_line(0, W1[0], b1[0])
        self.plane.set_line(1, W1[1], b1[1])
        # hidden space: y over (h1, h2) is the output unit alone, a sigmoid of one line
        self.net.set_params([W1, b1, W2, b2])
        out = self.net.layers[1]
        self.hidden.surface.set_data(out.forward(self.hidden.grid)[:, 0]
                                     .reshape(self.hidden.shape))
        self.hidden.set_line(0, W2[0], b2[0])
        self.hidden_points.set_offsets(H)
        self._place_labels(H)
        right = (y_hat > 0.5) == (self.y == 1)
        n_right = int(right.sum())
        for points in (self.points, self.hidden_points):
            points.set_edgecolors(["black" if ok else COLORS["vermillion"] for ok in right])
            points.set_linewidths([1.5 if ok else 4 for ok in right])
        for text, (x1, x2), h, p, t, ok in zip(self.rows, self.X, H, y_hat, self.y, right):
            text.set_text(f" {x1:.0f}  {x2:.0f}  │ {h[0]:.2f} {h[1]:.2f} │ {p:.3f} │ {t} "
                          f"{'✓' if ok else '✗'}")
            text.set_color(COLORS["black"] if ok else COLORS["vermillion"])
        loss = float(np.mean(0.5 * (y_hat - self.y) ** 2))
        self.loss_text.set_text(f"loss ½·mean (y − t)² = {loss:.4f}")
        if n_right == 4:
            self.summary.set_text("All four right: this is XOR.")
            self.summary.set_color(COLORS["green"])
        else:
            self.summary.set_text(f"{4 - n_right} wrong (ringed in red).")
            self.summary.set_color(COLORS["vermillion"])
        self.right_text.set_text(f"output y: {n_right} of 4 right")
        self.formulas[0].set_text(f"h1 = σ({W1[0, 0]:.1f}·x1 {_signed(W1[0, 1])}·x2 "
                                  f"{_signed(b1[0])})")
        self.formulas[1].set_text(f"h2 = σ({W1[1, 0]:.1f}·x1 {_signed(W1[1, 1])}·x2 "
                                  f"{_signed(b1[1])})")
        self.formulas[2].set_text(f"y = σ({W2[0, 0]:.1f}·h1 {_signed(W2[0, 1])}·h2 "
                                  f"{_signed(b2[0])})")
        self.status.set_text(self.train_message)
        self.message.set_text(self._warning(W1, W2))

    def _place_labels(self, H):
        """Label each point of hidden space with its input; inputs that land on (almost) the
        same point share one label. A label sits away from the other points, joined to its
        point by a leader line."""
        groups = []
        for i, h in enumerate(H):
            for g in groups:
                if np.abs(H[g[0]] - h).max() < 0.03:
                    g.append(i)
                    break
            else:
                groups.append([i])
        for text, leader in zip(self.labels, self.leaders):
            text.set_text("")
            leader.set_data([], [])
        placed = []
        for text, leader, g in zip(self.labels, self.leaders, groups):
            h = H[g[0]]
            others = [H[i] for i in range(len(H)) if i not in g]
            # half the label's width in data units: the panel is about 2.4 inches wide
            # for 1.2 units, a label 0.46 inches wide per input
            half = 0.09 * len(g) + 0.04
            pos = label_position(h, others, placed, half)
            placed.append(pos)
            text.set_position((float(pos[0]), float(pos[1])))
            text.set_text(" ".join(f"({self.X[i, 0]:.0f},{self.X[i, 1]:.0f})" for i in g))
            leader.set_data(*leader_ends(h, pos, half))

    @staticmethod
    def _warning(W1, W2):
        if not np.any(W2):
            return "v1 = v2 = 0: the output\nignores both hidden units."
        for i in range(2):
            if not np.any(W1[i]):
                return f"h{i + 1} has no weights: it is\nthe same for every input."
        return ""

    # -- training --------------------------------------------------------------------------

    def train(self, epochs=None, block=True):
        """Run full-batch gradient descent on the half-MSE from the current weights.

        Trains ``epochs`` (default ``EPOCHS``) in chunks of ``CHUNK``; after each
        chunk the weights go back into the sliders and the figure redraws. With
        ``block=False`` it runs in a background thread (what the button does), so
        the notebook stays responsive; ``stop()`` ends it. Returns ``self``.
        """
        if self.running:
            return self
        epochs = self.EPOCHS if epochs is None else int(epochs)
        net, optimizer = MLP([2, 2, 1], seed=0), SGD(self.LR)
        self.progress.max, self.progress.value = epochs, 0
        keep_going = lambda _epoch, _history: not self._stop.is_set()   # noqa: E731

        def chunk():
            done = self.progress.value
            net.set_params(self.params())
            history = fit(net, self.X, self.y, "half_mse", optimizer,
                          epochs=min(self.CHUNK, epochs - done), shuffle=False,
                          callback=keep_going)
            done += history.epochs
            self.epochs_trained += history.epochs
            W1, b1, W2, b2 = (np.clip(p, -LIMIT, LIMIT) for p in net.get_params())
            trained = dict(w11=W1[0, 0], w12=W1[0, 1], b11=b1[0], w21=W1[1, 0], w22=W1[1, 1],
                           b12=b1[1], v1=W2[0, 0], v2=W2[0, 1], b2=b2[0])
            if history.diverged:          # (maybe in its first epoch: no epoch loss yet)
                self.train_message = history.message
                done = epochs
            else:
                self.train_message = (f"trained {done} of {epochs} epochs, learning rate "
                                      f"{self.LR:g}; loss {history.epoch_loss[-1]:.4f}")
            with self._hold():
                for name, v in trained.items():
                    self.controls[name].value = round(float(v), 3)
            self.progress.value = done
            return done < epochs

        def stopped():
            self.train_message = f"stopped after {self.progress.value} of {epochs} epochs"

        return self.run_in_chunks(chunk, block, on_stop=stopped)


def xor_explorer(**state):
    """A 2-2-1 sigmoid network on XOR: nine sliders, the input plane, hidden space, training.

    ``state`` may set any of w11, w12, b11, w21, w22, b12, v1, v2, b2 (each in
    [-10, 10]); ``xor_explorer(**e.state())`` rebuilds the view of ``e``.
    """
    return XorExplorer(**state)
