"""Lesson 06's playground: choose data, features and a network, train it, watch every neuron.

``playground()`` does what TensorFlow Playground does, on nnlib: four
classification sets and two regression sets, seven input features, up to
six hidden layers of up to eight neurons, four activations, two losses,
learning rate, batch size, L1/L2. Each neuron is drawn as a map of what it
computes over the plane, each edge by its weight. It adds accuracy,
cross-entropy, a test curve, the nnlib code of the same run, weights set by
hand, and ``state()``: one line that rebuilds the exact view.

Any control change starts over from epoch 0 (a fresh network from the
seed), so ``state()`` and the code always describe exactly what is shown.
"""

import base64

import ipywidgets as widgets
import numpy as np

from .. import features as feats
from ..viz import CLASS_COLORS, COLORS, diverging_cmap
from ..viz.network_view import NetworkView
from ..viz.pixels import PixelLayer, colorize, lookup_table, upsample
from .explorer import Explorer
from .playground_code import CLASSIFICATION, REGRESSION
from .playground_run import (
    MAX_LAYERS,
    MAX_NEURONS,
    PlaygroundRun,
    check_epochs,
    check_hidden,
    check_own_data,
)

LEARNING_RATES = [1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
RATES = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear"]
LOSSES = [("cross-entropy", "binary_cross_entropy"), ("half-MSE", "half_mse")]
EXTENT = (-6.0, 6.0, -6.0, 6.0)
#: The output is computed on a grid of PLANE_GRID × PLANE_GRID points of the plane.
PLANE_GRID = 40
#: The figure's resolution: 13.5 inches at 80 dpi is 1080 pixels, the width it is shown at
#: (``screen_width``): on a 1024 × 768 projector a notebook's content is 650 … 900 pixels wide,
#: so the type (13 … 14 pt, 14 … 16 pixels) is shown at 9 … 13 pixels or more. More pixels would
#: only cost encoding and decoding time.
DPI = 80
#: Epochs trained between two frames while playing.
EPOCHS_PER_FRAME = 1

_SIMPLE = ("data", "problem", "noise", "train_percent", "seed", "activation", "loss", "lr",
           "batch_size", "regularization", "rate")


class Playground(Explorer):
    """Data, features, network and training of TensorFlow Playground, in a notebook."""

    screen_width = 1080

    def __init__(self, data=None, problem="classification", noise=0, train_percent=50,
                 seed=0, features=("x1", "x2"), hidden=(4, 2), activation="tanh",
                 loss="binary_cross_entropy", lr=0.03, batch_size=10, regularization="none",
                 rate=0.0, epochs=0, X=None, y=None):
        super().__init__(size=(13.5, 6.5), dpi=DPI)
        self._own = check_own_data(X, y)
        data = data or ("yours" if self._own else "circle")
        names = list(CLASSIFICATION + REGRESSION) + (["yours"] if self._own else [])
        self.dropdown("data", names[0], names)
        self.dropdown("problem", "classification", ["classification", "regression"])
        self.slider("noise", 0, 0, 50, 5, integer=True, description="noise %")
        self.slider("train_percent", 50, 10, 90, 10, integer=True, description="training %")
        self.slider("seed", 0, 0, 99, 1, integer=True)
        self.button("regenerate", "regenerate", self._regenerate, icon="refresh")
        for name in feats.NAMES:
            w = widgets.ToggleButton(value=name in ("x1", "x2"), description=feats.LABELS[name],
                                     layout=widgets.Layout(width="80px"))
            self.add_control(name, w)
        self.slider("layers", 2, 0, MAX_LAYERS, 1, integer=True, description="hidden layers")
        for k in range(1, MAX_LAYERS + 1):
            self.slider(f"neurons{k}", 2, 1, MAX_NEURONS, 1, integer=True,
                        description=f"layer {k}").layout.width = "190px"
        self.dropdown("activation", "tanh", ACTIVATIONS)
        self.dropdown("loss", "binary_cross_entropy", LOSSES)
        self.dropdown("lr", 0.03, LEARNING_RATES, description="learning rate")
        self.slider("batch_size", 10, 1, 30, 1, integer=True, description="batch size")
        self.dropdown("regularization", "none", ["none", "L1", "L2"])
        self.dropdown("rate", 0.0, RATES, description="regularization rate")
        for name in _SIMPLE + ("layers",):
            if name in self.controls:
                self.controls[name].layout.width = "250px"
        self.button("play", "play", self.play, icon="play")
        self.button("pause", "pause", self.stop, icon="pause")
        self.button("step", "step", self.step, icon="step-forward")
        self.button("reset", "reset", self._reset_button, icon="undo")
        self.button("show_code", "show code", self._toggle_code, icon="code")
        self.epoch_label = widgets.HTML()
        self.add_control("epoch_label", self.epoch_label, state=False)
        self.edge_choice = widgets.Dropdown(description="weight", options=[("(none)", None)],
                                            layout=widgets.Layout(width="250px"))
        self.edge_choice.observe(lambda _c: self._guarded(self._edge_chosen), names="value")
        self.add_control("edge", self.edge_choice, state=False)
        self.weight_box = widgets.FloatText(description="value", step=0.1,
                                            layout=widgets.Layout(width="180px"))
        self.add_control("weight", self.weight_box, state=False)
        self.button("set_weight", "set", self._set_from_box, icon="pencil")
        self.code_view = widgets.HTML()
        self.add_presets(PRESETS)
        self.run = None              # the PlaygroundRun of the current settings
        self._key = None
        self._shape = None           # (features, layer sizes) the weight menu lists
        initial = dict(data=data, problem=problem, noise=noise, train_percent=train_percent,
                       seed=seed, activation=activation, loss=loss, lr=lr, batch_size=batch_size,
                       regularization=regularization, rate=rate)
        initial.update(self._expand(features=features, hidden=hidden))
        check_epochs(epochs)
        self._set_checked(initial)   # bad settings fail here, before any drawing
        self._build_figure()
        self.finish([["preset", "data", "problem", "noise", "train_percent"],
                     ["seed", "regenerate", *feats.NAMES],
                     ["layers", "neurons1", "neurons2", "neurons3"],
                     ["neurons4", "neurons5", "neurons6", "activation"],
                     ["loss", "lr", "batch_size", "regularization", "rate"],
                     ["play", "pause", "step", "reset", "epoch_label", "show_code"],
                     ["edge", "weight", "set_weight"]], initial)
        self.widget.children = (*self.widget.children, self.code_view)
        if check_epochs(epochs):
            self.train_epochs(epochs)
            self.refresh()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The stored still is a JPEG: dozens of neuron maps make a PNG of this figure
        # about 450 kB, three times the JPEG, in every notebook that shows a playground.
        bundle = super()._repr_mimebundle_(include=include, exclude=exclude)
        del bundle["image/png"]
        bundle["image/jpeg"] = base64.b64encode(self.live.jpeg(quality=88)).decode("ascii")
        return bundle

    def __repr__(self):
        shown = {k: repr(v) for k, v in self.state().items()}
        if "X" in shown:                  # the learner's own arrays: their size, not every number
            shown["X"], shown["y"] = (f"<{len(self.run.X)} points>",
                                      f"<{len(self.run.y)} targets>")
        return f"Playground({', '.join(f'{k}={v}' for k, v in shown.items())})"

    # -- the figure ---------------------------------------------------------------------------

    def _build_figure(self):
        live, fig = self.live, self.figure
        grid = fig.add_gridspec(2, 2, width_ratios=[2.0, 1], height_ratios=[2.0, 1.3])
        ax_net = fig.add_subplot(grid[:, 0])
        ax_out = fig.add_subplot(grid[0, 1])
        ax_loss = fig.add_subplot(grid[1, 1])
        self.view = NetworkView(live, ax_net, EXTENT, box=38)
        # The output over the plane: values on a 40 × 40 grid of cell centres (top row
        # first), stretched to the axes' pixels and pasted (see nnlib.viz.pixels).
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
        ax_out.set_title("output · training ●, test ◆", fontsize=14)
        ax_out.tick_params(labelsize=13)
        # Points as markers on lines, one line per colour (classes, or 9 levels of a
        # regression target): far cheaper to draw than a scatter of 500 coloured points.
        self.dots = {}
        colors = [*CLASS_COLORS[:2], *[diverging_cmap(1.0)(q) for q in np.linspace(0, 1, 9)]]
        for split, marker, edge in (("train", "o", "white"), ("test", "D", "black")):
            self.dots[split] = [live.dynamic(ax_out.plot(
                [], [], ls="none", marker=marker, ms=5.5, mfc=c, mec=edge, mew=0.8,
                zorder=4)[0]) for c in colors]
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(1e-3, 30)         # 30: above a diverging run's first losses
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
        # The legend sits above the axes: inside, a high loss curve (η too large) runs under it.
        ax_loss.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=13, ncols=2,
                       frameon=False, borderaxespad=0.1)
        self.ax_loss = ax_loss
        self.title = live.dynamic(fig.text(0.01, 0.99, "", va="top", fontsize=14,
                                           linespacing=1.3))
        # Messages go under the loss curves, never over the points: when training goes wrong
        # the loss stays high (near the constant guess, or above), so the bottom of the loss
        # axes is empty then.
        self.message = live.message(ax_loss)
        self.message.set_position((0.5, 0.05))
        self.message.set_verticalalignment("bottom")
        self.message.set_fontsize(12)
        live.freeze_layout()

    # -- state ---------------------------------------------------------------------------------

    def state(self):
        """Every setting, plus ``epochs`` trained: ``playground(**state)`` rebuilds this view
        (weights set by hand are not part of it)."""
        s = {name: self.value(name) for name in _SIMPLE}
        s["features"] = tuple(n for n in feats.NAMES if self.value(n))
        s["hidden"] = tuple(self.value(f"neurons{k}") for k in range(1, self.value("layers") + 1))
        s["epochs"] = self.run.epoch if self.run is not None else 0
        if self.value("data") == "yours":
            s["X"], s["y"] = self._own
        return s

    def update(self, **values):
        """Set controls (also ``features=(...)``, ``hidden=(...)``, and ``epochs=n``: train to
        epoch n, from the start if it lies behind), redraw once; returns ``self``."""
        epochs = values.pop("epochs", None)
        values.pop("X", None), values.pop("y", None)
        self._set_checked(self._expand(**values))
        if epochs is not None:
            self.draw_key()
            if check_epochs(epochs) < self.run.epoch:    # back in time: again from epoch 0
                self.reset_training()
            self.train_epochs(epochs - self.run.epoch)
        self.refresh()
        return self

    def _expand(self, **values):
        # Translate features=(...) and hidden=(...) into the controls that hold them.
        if "features" in values:
            chosen = values.pop("features")
            chosen = feats.check_names(chosen) if len(chosen) else ()  # none: no network
            values.update({n: n in chosen for n in feats.NAMES})
        if "hidden" in values:
            hidden = check_hidden(values.pop("hidden"))
            values["layers"] = len(hidden)
            values.update({f"neurons{k}": m for k, m in enumerate(hidden, start=1)})
        return values

    # -- the run: data, network, training -------------------------------------------------

    def draw_key(self):
        """Start over if a setting changed since the network was built."""
        self._loss_follows_problem()
        s = self.state()
        s.pop("epochs")
        s.pop("X", None), s.pop("y", None)
        key = tuple(s.items())
        if key != self._key:
            self.reset_training(key)

    _classification_loss = None      # the loss chosen for classification, while regressing

    def _loss_follows_problem(self):
        # A regression always trains on half-MSE: the (greyed) loss menu and state() say so.
        # The classification loss chosen before comes back with the problem "classification".
        loss = self.controls["loss"]
        if self.value("problem") == "regression":
            if loss.value != "half_mse":
                self._classification_loss = loss.value
                with self._hold():
                    loss.value = "half_mse"
        elif self._classification_loss is not None:
            with self._hold():
                loss.value = self._classification_loss
            self._classification_loss = None

    def reset_training(self, key=None):
        """A fresh run of the current settings: the network from the seed, at epoch 0."""
        self.abandon()
        with self._lock:
            settings = self.state()
            settings.pop("epochs")
            self.run = PlaygroundRun(settings, self._own)
            if self.run.net is not None:
                self.grid_features = feats.expand(self.view.grid, self.run.features)
                self.plane_features = feats.expand(self.plane_grid, self.run.features)
            self._key = key if key is not None else self._key
            self._structure_changed()

    def train_epochs(self, n):
        """Train ``n`` more epochs; returns True while training can go on."""
        self.draw_key()
        with self._lock:
            return self.run.train(n)

    # -- buttons -----------------------------------------------------------------------------

    def play(self):
        """Train in the background, a frame per epoch, until pause (or divergence)."""
        self.draw_key()
        return self.run_in_chunks(lambda: self.train_epochs(EPOCHS_PER_FRAME), block=False)

    def step(self):
        """Train one epoch and redraw (ignored while playing)."""
        if not self.running:
            self.train_epochs(1)
            self.refresh()

    def _reset_button(self):
        self.reset_training()
        self.refresh()

    def _regenerate(self):
        self.update(seed=(self.value("seed") + 1) % 100)

    def _toggle_code(self):
        if self.code_view.value:
            self.code_view.value = ""
            self.controls["show_code"].description = "show code"
        else:
            code = self.code().replace("&", "&amp;").replace("<", "&lt;")
            self.code_view.value = f"<pre style='font-size:13px'>{code}</pre>"
            self.controls["show_code"].description = "hide code"

    def code(self):
        """The nnlib code that builds this network and trains it as far as shown."""
        return self.run.code()

    # -- weights by hand -------------------------------------------------------------------

    def set_weight(self, layer, i, j, w):
        """Set weight ``W[i, j]`` of ``layer`` (0 = next to the inputs) by hand, and redraw."""
        with self._lock:
            self.run.set_weight(layer, i, j, w)
        self.refresh()

    def _structure_changed(self):
        # The weight menu lists every edge; it is rebuilt only when the network's shape
        # changed (each rebuild sends every option to the page, which redraws the menu).
        net = self.run.net
        shape = (self.run.features, None if net is None else tuple(net.sizes))
        if shape == self._shape:
            with self._hold():
                self.edge_choice.value = None
            return
        self._shape = shape
        options = [("(none)", None)]
        if net is not None:
            names = [feats.LABELS[f] for f in self.run.features]
            for k, layer in enumerate(net.layers):
                top = k == len(net.layers) - 1
                for i in range(layer.W.shape[0]):
                    for j in range(layer.W.shape[1]):
                        src = names[j] if k == 0 else f"{k}.{j + 1}"
                        dst = "output" if top else f"{k + 1}.{i + 1}"
                        options.append((f"{src} → {dst}", (k, i, j)))
        with self._hold():
            self.edge_choice.options = options
            self.edge_choice.value = None

    def _edge_chosen(self):
        edge = self.edge_choice.value
        if edge is not None and self.run.net is not None:
            k, i, j = edge
            self.weight_box.value = round(float(self.run.net.layers[k].W[i, j]), 4)
        if not self._holding:
            self.refresh()

    def _set_from_box(self):
        if self.edge_choice.value is not None:
            self.set_weight(*self.edge_choice.value, self.weight_box.value)

    # -- drawing ---------------------------------------------------------------------------

    def draw(self):
        self.draw_key()
        run, v = self.run, self.value
        for k in range(1, MAX_LAYERS + 1):
            self.controls[f"neurons{k}"].disabled = k > v("layers")
        self.controls["loss"].disabled = run.regression
        self._draw_points()
        self._draw_curves()
        dead = run.dead()
        self.title.set_text(self._summary(dead))
        if run.net is None:
            self.view.set_network([0], [])
            self.view.set_maps([np.zeros((self.view.cells ** 2, 0))])
            self.view.set_weights([])
            self._paint_plane(np.full(len(self.plane_grid), 0.5))
            self.message.set_text("Choose at least one feature:\nthe network has no inputs.")
            self.epoch_label.value = ""
            return
        with np.errstate(all="ignore"):
            self._draw_network()
            out = run.net(self.plane_features)[:, 0]
        self._paint_plane(self._unit_output(out))
        self.epoch_label.value = f"<b>epoch {run.epoch}</b>"
        self.message.set_text(self._warning(dead))

    def _draw_curves(self):
        # The loss curves over an epoch axis whose right end doubles as training goes on.
        run = self.run
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

    def _draw_points(self):
        run = self.run
        for split, X, y in (("train", run.X_train, run.y_train), ("test", run.X_test, run.y_test)):
            if run.regression:        # colours 2 … 10: targets −1 … 1 in 9 levels
                color = 2 + np.rint(np.clip((y + 1) / 2, 0, 1) * 8).astype(int)
            else:
                color = np.asarray(y, dtype=int)
            for c, line in enumerate(self.dots[split]):
                line.set_data(X[color == c, 0], X[color == c, 1])
                line.set_visible(bool(np.any(color == c)))

    def _draw_network(self):
        net, features = self.run.net, self.run.features
        sizes = [len(features), *[layer.W.shape[0] for layer in net.layers]]
        if self.view.sizes != sizes or self._labels != features:
            self.view.set_network(sizes, [feats.LABELS[f] for f in features])
            self._labels = features
        F = self.grid_features
        columns = [_unit_scaled(F)]
        net(F)
        for layer in net.layers[:-1]:
            columns.append(_unit_activation(layer.A, self.value("activation")))
        columns.append(self._unit_output(net.layers[-1].A[:, 0])[:, None])
        self.view.set_maps(columns)
        self.view.set_weights([layer.W for layer in net.layers])
        self.view.choose(self.edge_choice.value)

    _labels = None

    def _unit_output(self, out):
        # Output as a colour in [0, 1]: a probability, or a regression value in [-1, 1].
        return np.clip((out + 1) / 2, 0, 1) if self.run.regression else out

    def _summary(self, dead):
        run, v = self.run, self.value
        sizes = run.settings["hidden"]
        hidden = "-".join(str(m) for m in sizes) or "no hidden layer"
        loss_name = "half-MSE" if run.loss.name == "half_mse" else "cross-entropy"
        head = (f"{v('data')} ({v('problem')}, noise {v('noise')} %, {len(run.y_train)} "
                f"training / {len(run.y_test)} test points)\nfeatures "
                f"{', '.join(feats.LABELS[f] for f in run.features) or 'none'} · hidden "
                f"{hidden} {v('activation')} · η = {v('lr'):g}, batch {v('batch_size')}")
        if v("regularization") != "none":
            head += f", {v('regularization')} {v('rate'):g}"
        if run.net is None:
            return f"{head}\nno network: it has no inputs"
        now = (f"epoch {run.epoch}: {loss_name} training {run.train_loss[-1]:.4f}, "
               f"test {run.test_loss[-1]:.4f}")
        more = []
        if not run.regression:
            more.append(f"accuracy training {run.accuracy['train']:.1%}, "
                        f"test {run.accuracy['test']:.1%}")
        if dead is not None:
            more.append(f"dead ReLUs {int(round((dead * np.array(sizes)).sum()))} of "
                        f"{sum(sizes)}")
        # Short lines (a fourth for accuracy and dead units), so that none runs into the
        # output plane's title.
        return "\n".join([head, now, *([" · ".join(more)] if more else [])])

    def _warning(self, dead):
        run = self.run
        if run.diverged:
            return (f"Diverged in epoch {run.epoch}: the loss\nor the weights blew up. "
                    "Lower η,\nthen press reset.")
        for k, fraction in enumerate(dead if dead is not None else [], start=1):
            if fraction == 1.0:
                return (f"Dead network: every ReLU of layer {k} outputs 0\n"
                        "for every training point, so no gradient\nreaches the layers "
                        "below. Reset, or lower η.")
        # Not learning: the training loss is no better than the best constant guess (with
        # η ≥ 1, barely better: within 10 % of it, after 10 epochs).
        loss, lr = run.train_loss[-1], self.value("lr")
        bar = 0.9 * run.baseline if lr >= 1 else run.baseline
        if run.epoch >= 10 and not loss < bar:
            why = ("η is too large" if lr >= 1 else "η is too small" if lr <= 1e-3 else
                   "train longer, or try other settings")
            return (f"Not learning: after {run.epoch} epochs the training\nloss {loss:.3g} is "
                    f"{'no' if loss >= run.baseline else 'hardly'} better than a constant\n"
                    f"guess ({run.baseline:.3g}): {why}.")
        return ""


PRESETS = {
    "circle, x₁ x₂, 4-2 tanh (start here)": dict(
        data="circle", problem="classification", features=("x1", "x2"), hidden=(4, 2),
        activation="tanh", lr=0.03, regularization="none", rate=0.0),
    "circle with x₁² x₂²: no hidden layer needed": dict(
        data="circle", problem="classification", features=("x1^2", "x2^2"), hidden=(),
        activation="tanh", lr=0.03, regularization="none", rate=0.0),
    "xor with x₁x₂: one feature is enough": dict(
        data="xor", problem="classification", features=("x1*x2",), hidden=(),
        activation="tanh", lr=0.03, regularization="none", rate=0.0),
    "spiral: deep and wide, with sines": dict(
        data="spiral", problem="classification", noise=0,
        features=("x1", "x2", "sin(x1)", "sin(x2)"), hidden=(8, 8, 6), activation="tanh",
        lr=0.03, regularization="none", rate=0.0),
    "η = 10: too large": dict(
        data="circle", problem="classification", features=("x1", "x2"), hidden=(4, 2),
        activation="tanh", lr=10.0, regularization="none", rate=0.0),
    "ReLU 8-8-8, η = 1: some units die": dict(
        data="circle", problem="classification", features=("x1", "x2"), hidden=(8, 8, 8),
        activation="relu", lr=1.0, regularization="none", rate=0.0),
    "ReLU 8-8-8, η = 3: a dead network": dict(
        data="circle", problem="classification", features=("x1", "x2"), hidden=(8, 8, 8),
        activation="relu", lr=3.0, regularization="none", rate=0.0),
    "L1 0.01 on 6×8: sparse weights": dict(
        data="circle", problem="classification", noise=20,
        features=feats.NAMES, hidden=(8,) * 6, activation="tanh", lr=0.03,
        regularization="L1", rate=0.01),
    "regression: the bumps": dict(
        data="bumps", problem="regression", features=("x1", "x2"), hidden=(8, 8),
        activation="tanh", lr=0.01, regularization="none", rate=0.0),
}


# -- helpers --------------------------------------------------------------------------------

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



def playground(data=None, problem="classification", noise=0, train_percent=50, seed=0,
               features=("x1", "x2"), hidden=(4, 2), activation="tanh",
               loss="binary_cross_entropy", lr=0.03, batch_size=10, regularization="none",
               rate=0.0, epochs=0, X=None, y=None):
    """TensorFlow Playground in a notebook, on nnlib: data, features, network, training.

    ``playground(**p.state())`` rebuilds the view of playground ``p``, trained
    to the same epoch; ``X`` (n, 2) and ``y`` (n,) train on your own points (``data``
    is then "yours"; otherwise it defaults to "circle").
    """
    return Playground(data=data, problem=problem, noise=noise, train_percent=train_percent,
                      seed=seed, features=features, hidden=hidden, activation=activation,
                      loss=loss, lr=lr, batch_size=batch_size, regularization=regularization,
                      rate=rate, epochs=epochs, X=X, y=y)
