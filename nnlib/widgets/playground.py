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
import math

import ipywidgets as widgets
import numpy as np

from .. import features as feats
from ..data import train_test_split
from ..diagnostics import dead_fraction
from ..losses import get as get_loss
from ..network import MLP
from ..optim import SGD
from ..training import fit, n_correct
from ..viz import CLASS_COLORS, COLORS, diverging_cmap
from ..viz.network_view import NetworkView
from ..viz.pixels import PixelLayer, colorize, lookup_table, upsample
from .explorer import Explorer
from .playground_code import CLASSIFICATION, REGRESSION, make_data, training_code

LEARNING_RATES = [1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
RATES = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear"]
LOSSES = [("cross-entropy", "binary_cross_entropy"), ("half-MSE", "half_mse")]
MAX_LAYERS, MAX_NEURONS = 6, 8
EXTENT = (-6.0, 6.0, -6.0, 6.0)
#: The output is computed on a grid of PLANE_GRID × PLANE_GRID points of the plane.
PLANE_GRID = 40
#: Epochs trained between two frames while playing.
EPOCHS_PER_FRAME = 1

_SIMPLE = ("data", "problem", "noise", "train_percent", "seed", "activation", "loss", "lr",
           "batch_size", "regularization", "rate")


class Playground(Explorer):
    """Data, features, network and training of TensorFlow Playground, in a notebook."""

    screen_width = 1250

    def __init__(self, data=None, problem="classification", noise=0, train_percent=50,
                 seed=0, features=("x1", "x2"), hidden=(4, 2), activation="tanh",
                 loss="binary_cross_entropy", lr=0.03, batch_size=10, regularization="none",
                 rate=0.0, epochs=0, X=None, y=None):
        super().__init__(size=(15.5, 7.0))
        self._own = _own_data(X, y)
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
        self.edits = []              # weights set by hand: (epoch, layer, i, j, w)
        self._key = None
        self._data_key = None
        self.net = None
        initial = dict(data=data, problem=problem, noise=noise, train_percent=train_percent,
                       seed=seed, activation=activation, loss=loss, lr=lr, batch_size=batch_size,
                       regularization=regularization, rate=rate)
        initial.update(self._expand(features=features, hidden=hidden))
        _count(epochs)
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
        if _count(epochs):
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
            shown["X"], shown["y"] = f"<{len(self.X)} points>", f"<{len(self.y)} targets>"
        return f"Playground({', '.join(f'{k}={v}' for k, v in shown.items())})"

    # -- the figure ---------------------------------------------------------------------------

    def _build_figure(self):
        live, fig = self.live, self.figure
        grid = fig.add_gridspec(2, 2, width_ratios=[1.75, 1], height_ratios=[2.6, 1])
        ax_net = fig.add_subplot(grid[:, 0])
        ax_out = fig.add_subplot(grid[0, 1])
        ax_loss = fig.add_subplot(grid[1, 1])
        self.view = NetworkView(live, ax_net, EXTENT, box=46)
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
        ax_out.set_xlabel("x1")
        ax_out.set_ylabel("x2")
        ax_out.set_aspect("equal")
        ax_out.set_title("output, training (●) and test (◆) points", fontsize=13)
        # Points as markers on lines, one line per colour (classes, or 9 levels of a
        # regression target): far cheaper to draw than a scatter of 500 coloured points.
        self.dots = {}
        colors = [*CLASS_COLORS[:2], *[diverging_cmap(1.0)(q) for q in np.linspace(0, 1, 9)]]
        for split, marker, edge in (("train", "o", "white"), ("test", "D", "black")):
            self.dots[split] = [live.dynamic(ax_out.plot(
                [], [], ls="none", marker=marker, ms=5.5, mfc=c, mec=edge, mew=0.8,
                zorder=4)[0]) for c in colors]
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(1e-3, 10)
        # The epoch axis grows as training runs: curves are drawn at epoch / right end in
        # [0, 1] under tick labels of our own, so a longer run never re-lays out the figure.
        ax_loss.set_xlim(0, 1)
        ax_loss.set_xticks(np.linspace(0, 1, 5), [""] * 5)
        ax_loss.set_xlabel("epoch", labelpad=16)
        ax_loss.set_ylabel("loss")
        self.epoch_ticks = [live.dynamic(ax_loss.text(
            x, -0.04, "", transform=ax_loss.get_xaxis_transform(), ha="center" if x < 1 else
            "right", va="top", fontsize=12)) for x in np.linspace(0, 1, 5)]
        self.train_line = live.dynamic(ax_loss.plot([], [], color=COLORS["blue"],
                                                    label="training")[0])
        self.test_line = live.dynamic(ax_loss.plot([], [], color=COLORS["black"], ls="--",
                                                   label="test")[0])
        ax_loss.legend(loc="upper right", fontsize=11, ncols=2)
        self.ax_loss = ax_loss
        self.title = live.dynamic(fig.text(0.01, 0.99, "", va="top", fontsize=14))
        self.message = live.message(ax_out)
        live.freeze_layout()

    # -- state ---------------------------------------------------------------------------------

    def state(self):
        """Every setting, plus ``epochs`` trained: ``playground(**state)`` rebuilds this view
        (weights set by hand are not part of it)."""
        s = {name: self.value(name) for name in _SIMPLE}
        s["features"] = tuple(n for n in feats.NAMES if self.value(n))
        s["hidden"] = tuple(self.value(f"neurons{k}") for k in range(1, self.value("layers") + 1))
        s["epochs"] = self.epoch if self.net is not None else 0
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
            if _count(epochs) < self.epoch:        # back in time: train again from epoch 0
                self.reset_training()
            self.train_epochs(epochs - self.epoch)
        self.refresh()
        return self

    def _expand(self, **values):
        # Translate features=(...) and hidden=(...) into the controls that hold them.
        if "features" in values:
            chosen = values.pop("features")
            chosen = feats.check_names(chosen) if len(chosen) else ()  # none: no network
            values.update({n: n in chosen for n in feats.NAMES})
        if "hidden" in values:
            hidden = _hidden(values.pop("hidden"))
            values["layers"] = len(hidden)
            values.update({f"neurons{k}": m for k, m in enumerate(hidden, start=1)})
        return values

    # -- data, network, training -------------------------------------------------------------

    def draw_key(self):
        """Start over if a setting changed since the network was built."""
        s = self.state()
        s.pop("epochs")
        s.pop("X", None), s.pop("y", None)
        key = tuple(s.items())
        if key != self._key:
            self.reset_training(key)

    def reset_training(self, key=None):
        """A fresh network from the seed at epoch 0 (the data are remade if their settings
        changed)."""
        self.abandon()
        with self._lock:
            v = self.value
            data_key = (v("data"), v("noise"), v("seed"), v("problem"), v("train_percent"))
            if data_key != self._data_key:
                self._make_data()
                self._data_key = data_key
            s = self.state()
            self.features = s["features"]
            self.regression = v("problem") == "regression"
            self.loss = get_loss("half_mse" if self.regression else v("loss"))
            self.net = None
            self.epoch, self.edits, self.train_loss, self.test_loss = 0, [], [], []
            self.diverged = ""
            if self.features:
                self.F_train = feats.expand(self.X_train, self.features)
                self.F_test = feats.expand(self.X_test, self.features)
                self.grid_features = feats.expand(self.view.grid, self.features)
                self.plane_features = feats.expand(self.plane_grid, self.features)
                self.net = MLP([len(self.features), *s["hidden"], 1],
                               activation=v("activation"),
                               output_activation="identity" if self.regression else "sigmoid",
                               seed=v("seed"))
                reg, rate = v("regularization"), v("rate")
                self.opt = SGD(v("lr"), l1=rate if reg == "L1" else 0.0,
                               weight_decay=rate if reg == "L2" else 0.0)
                self._record_losses()
            self._key = key if key is not None else self._key
            self._structure_changed()

    def _make_data(self):
        v = self.value
        if v("data") == "yours":
            X, y = self._own
            y = (y > 0.5).astype(int) if v("problem") == "classification" else y.astype(float)
        else:
            X, y = make_data(v("data"), v("noise"), v("seed"), v("problem"))
        self.X, self.y = X, y
        self.X_train, self.y_train, self.X_test, self.y_test = train_test_split(
            X, y, test_fraction=round(1 - v("train_percent") / 100, 6), seed=v("seed"))
        self.baseline = _constant_loss(self.y_train, v("problem"), v("loss"))

    def train_epochs(self, n):
        """Train ``n`` more epochs (one ``fit`` call each, shuffled by the epoch number);
        returns True while training can go on."""
        self.draw_key()
        with self._lock:
            if self.net is None or self.diverged:
                return False
            for _ in range(max(int(n), 0)):
                with np.errstate(all="ignore"):
                    history = fit(self.net, self.F_train, self.y_train, self.loss, self.opt,
                                  epochs=1, batch_size=self.value("batch_size"),
                                  seed=self.epoch)
                self.epoch += 1
                self._record_losses()
                if history.diverged:
                    self.diverged = history.message
                    return False
            return True

    def _record_losses(self, replace=False):
        # Loss (and accuracy) on the whole training and test sets, now; ``replace`` the last.
        if replace:
            del self.train_loss[-1:], self.test_loss[-1:]
        self.accuracy = {}
        for split, F, y, losses in (("train", self.F_train, self.y_train, self.train_loss),
                                    ("test", self.F_test, self.y_test, self.test_loss)):
            with np.errstate(all="ignore"):
                Y = self.net(F)
            finite = bool(np.isfinite(Y).all())
            losses.append(self.loss.value(Y, y) if finite else math.nan)
            if not self.regression:
                T = y.reshape(-1, 1).astype(float)
                self.accuracy[split] = n_correct(Y, T) / len(y) if finite else math.nan

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
        return training_code(self.state(), self.edits)

    # -- weights by hand -------------------------------------------------------------------

    def set_weight(self, layer, i, j, w):
        """Set weight ``W[i, j]`` of ``layer`` (0 = next to the inputs) by hand, and redraw."""
        with self._lock:
            if self.net is None:
                raise ValueError("there is no network: choose at least one feature")
            if not 0 <= layer < len(self.net.layers):
                raise ValueError(f"layer must be 0 … {len(self.net.layers) - 1}, got {layer}")
            W = self.net.layers[layer].W
            if not (0 <= i < W.shape[0] and 0 <= j < W.shape[1]):
                raise ValueError(f"layer {layer} has weights W[i, j] with i < {W.shape[0]}, "
                                 f"j < {W.shape[1]}; got ({i}, {j})")
            if not math.isfinite(w):
                raise ValueError(f"a weight must be a finite number, got {w}")
            W[i, j] = float(w)
            self.edits.append((self.epoch, layer, i, j, float(w)))
            self._record_losses(replace=True)
        self.refresh()

    def _structure_changed(self):
        options = [("(none)", None)]
        if self.net is not None:
            names = [feats.LABELS[f] for f in self.features]
            for k, layer in enumerate(self.net.layers):
                top = k == len(self.net.layers) - 1
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
        if edge is not None and self.net is not None:
            k, i, j = edge
            self.weight_box.value = round(float(self.net.layers[k].W[i, j]), 4)
        if not self._holding:
            self.refresh()

    def _set_from_box(self):
        if self.edge_choice.value is not None:
            self.set_weight(*self.edge_choice.value, self.weight_box.value)

    # -- drawing ---------------------------------------------------------------------------

    def draw(self):
        self.draw_key()
        v = self.value
        for k in range(1, MAX_LAYERS + 1):
            self.controls[f"neurons{k}"].disabled = k > v("layers")
        self.controls["loss"].disabled = self.regression
        self._draw_points()
        if self.net is None:
            self.view.set_network([len(self.features)], [])
            self.view.set_maps([np.zeros((self.view.cells ** 2, 0))])
            self.view.set_weights([])
            self._paint_plane(np.full(len(self.plane_grid), 0.5))
            self._draw_curves()
            self.message.set_text("Choose at least one feature:\nthe network has no inputs.")
            self.title.set_text(self._summary())
            self.epoch_label.value = ""
            return
        with np.errstate(all="ignore"):
            self._draw_network()
            out = self.net(self.plane_features)[:, 0]
        self._paint_plane(self._unit_output(out))
        self._draw_curves()
        relu = self.value("activation") == "relu" and len(self.net.layers) > 1
        self._dead = dead_fraction(self.net, self.F_train) if relu else None
        self.title.set_text(self._summary())
        self.epoch_label.value = f"<b>epoch {self.epoch}</b>"
        self.message.set_text(self._warning())

    def _draw_curves(self):
        # The loss curves over an epoch axis whose right end doubles as training goes on.
        right = 40
        while right < self.epoch:
            right *= 2
        x = np.arange(len(self.train_loss)) / right
        self.train_line.set_data(x, _shown(self.train_loss))
        self.test_line.set_data(x, _shown(self.test_loss))
        for k, tick in enumerate(self.epoch_ticks):
            tick.set_text(f"{right * k // 4}")

    def _paint_plane(self, values):
        grid = np.asarray(values, dtype=np.float64).reshape(PLANE_GRID, PLANE_GRID)
        self.plane.set_pixels(colorize(upsample(grid, self.plane.size()), self._plane_colors))

    def _draw_points(self):
        for split, X, y in (("train", self.X_train, self.y_train),
                            ("test", self.X_test, self.y_test)):
            if self.regression:       # colours 2 … 10: targets −1 … 1 in 9 levels
                color = 2 + np.rint(np.clip((y + 1) / 2, 0, 1) * 8).astype(int)
            else:
                color = np.asarray(y, dtype=int)
            for c, line in enumerate(self.dots[split]):
                line.set_data(X[color == c, 0], X[color == c, 1])
                line.set_visible(bool(np.any(color == c)))

    def _draw_network(self):
        net = self.net
        sizes = [len(self.features), *[layer.W.shape[0] for layer in net.layers]]
        if self.view.sizes != sizes or self._labels != self.features:
            self.view.set_network(sizes, [feats.LABELS[f] for f in self.features])
            self._labels = self.features
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
        return np.clip((out + 1) / 2, 0, 1) if self.regression else out

    def _summary(self):
        v = self.value
        hidden = "-".join(str(m) for m in self.state()["hidden"]) or "no hidden layer"
        loss_name = "half-MSE" if self.loss.name == "half_mse" else "cross-entropy"
        head = (f"{v('data')} ({v('problem')}, noise {v('noise')} %, {len(self.y_train)} "
                f"training / {len(self.y_test)} test points) · features "
                f"{', '.join(feats.LABELS[f] for f in self.features) or 'none'} · hidden {hidden} "
                f"{v('activation')} · η = {v('lr'):g}, batch {v('batch_size')}")
        if v("regularization") != "none":
            head += f", {v('regularization')} {v('rate'):g}"
        if self.net is None:
            return f"{head}\nno network: it has no inputs"
        now = (f"epoch {self.epoch}: {loss_name} training {self.train_loss[-1]:.4f}, "
               f"test {self.test_loss[-1]:.4f}")
        if self._dead is not None:
            dead = self._dead * np.array(self.state()["hidden"])
            now += f" · dead ReLUs {int(round(dead.sum()))} of {sum(self.state()['hidden'])}"
        if not self.regression:
            now += (f" · accuracy training {self.accuracy['train']:.1%}, "
                    f"test {self.accuracy['test']:.1%}")
        return f"{head}\n{now}"

    def _warning(self):
        if self.diverged:
            return (f"Diverged in epoch {self.epoch}: the loss\nor the weights blew up. "
                    "Lower η,\nthen press reset.")
        if self._dead is not None:
            for k, fraction in enumerate(self._dead, start=1):
                if fraction == 1.0:
                    return (f"Dead network: every ReLU of layer {k} outputs 0\n"
                            "for every training point, so no gradient\nreaches the layers "
                            "below. Reset, or lower η.")
        loss = self.train_loss[-1]
        if self.epoch >= 10 and not loss < self.baseline:
            why = ("η is too large" if self.value("lr") >= 1 else
                   "η is too small" if self.value("lr") <= 1e-3 else "try other settings")
            return (f"Not learning: after {self.epoch} epochs the training\nloss {loss:.3g} is no "
                    f"better than a constant\nguess ({self.baseline:.3g}): {why}.")
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

def _own_data(X, y):
    if X is None and y is None:
        return None
    if X is None or y is None:
        raise ValueError("give both X (n, 2) and y (n,), or neither")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] < 4:
        raise ValueError(f"X must have shape (n, 2) with n >= 4 points, got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), one target per point, got {y.shape}")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must hold finite numbers (no NaN or inf)")
    return X, y


def _hidden(hidden):
    try:
        hidden = tuple(hidden)
    except TypeError:
        raise TypeError(f"hidden must be a list of layer sizes like (4, 2), got {hidden!r}") \
            from None
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"hidden may list at most {MAX_LAYERS} layers, got {len(hidden)}")
    for m in hidden:
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)):
            raise TypeError(f"hidden layer sizes must be whole numbers, got {m!r}")
        if not 1 <= m <= MAX_NEURONS:
            raise ValueError(f"each hidden layer has 1 … {MAX_NEURONS} neurons, got {m}")
    return tuple(int(m) for m in hidden)


def _count(epochs):
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    return int(epochs)


def _constant_loss(y, problem, loss):
    """The training loss of the best constant prediction: the bar a network must beat."""
    y = np.asarray(y, dtype=np.float64)
    if problem == "regression" or loss == "half_mse":
        return 0.5 * float(np.var(y))
    p = float(np.clip(np.mean(y), 1e-12, 1 - 1e-12))
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


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
    return np.where(np.isfinite(v), np.clip(v, 1.05e-3, 9.5), np.nan)


def _wrap(text, width=48):
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])


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
