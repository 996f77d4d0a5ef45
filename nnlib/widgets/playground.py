"""Lesson 06's playground: choose data, features and a network, train it, watch every neuron.

``playground()`` does what TensorFlow Playground does, on nnlib: four
classification sets and two regression sets, seven input features, up to
six hidden layers of up to eight neurons, four activations, two losses,
learning rate, batch size, L1/L2. Each neuron is drawn as a map of what it
computes over the plane, each edge by its weight. It adds accuracy,
cross-entropy, a test curve, the nnlib code of the same run, weights set by
hand, and ``state()``: one line that rebuilds the exact view.

One way through: a control change ends in ``changed()`` (the Explorer's change hook),
which builds a fresh ``PlaygroundRun`` (nnlib.runs.playground) whenever a setting
changed, so any change starts over from epoch 0 and ``state()`` and the code always
describe exactly what is shown. ``draw()`` only paints the run (playground_picture.py).
"""

import base64

import ipywidgets as widgets

from .. import features as feats
from ..runs.playground import PlaygroundRun, check_epochs, check_own_data
from ..tasks.lesson06 import CLASSIFICATION, MAX_LAYERS, MAX_NEURONS, REGRESSION, check_hidden
from .explorer import Explorer
from .playground_picture import PLANE_GRID, PlaygroundPicture
from .playground_presets import ACTIVATIONS, LEARNING_RATES, LOSSES, PRESETS, RATES
from .weight_editor import WeightEditor

__all__ = ["MAX_LAYERS", "MAX_NEURONS", "PLANE_GRID", "PRESETS", "Playground", "playground"]

#: The figure: 10.8 × 5.6 inches at 100 dpi, 1080 × 560 pixels (``screen_width``). On a 1024 × 768
#: projector JupyterLab shows it 844 pixels wide, so its type (13 … 14 pt) is 14 … 15 pixels there.
#: More pixels would only cost encoding and decoding time.
SIZE, DPI = (10.8, 5.6), 100
#: Epochs trained between two frames while playing.
EPOCHS_PER_FRAME = 1

_SIMPLE = ("data", "problem", "noise", "train_percent", "seed", "activation", "loss", "lr",
           "batch_size", "regularization", "rate")

#: The header's "Try:" line for what a playground opens on: its regularisation, if any, else its
#: data set (``Playground.TRY``, the circle's, for the rest).
TRY_LINES = {
    "xor": "press play; then keep only x₁x₂ and no hidden layer: is one neuron enough?",
    "gauss": "press play; then remove the hidden layers: do two clouds need more than one line?",
    "spiral": "press play; read each layer's maps: edges, bends, arms. Then compare 4-2, 8-8-8.",
    "plane": "press play; then remove the hidden layers: can one neuron, y = z, fit a plane?",
    "bumps": "press play and compare the output with the dots; then remove the hidden layers.",
    "yours": "press play; then change the layers and η until the boundary follows your points.",
    "L1": "press play and find the edges L1 fades to hairlines; then set regularization to none.",
    "L2": "press play; then raise the regularization rate: when do the edges fade?",
}


class Playground(PlaygroundPicture, Explorer):
    """Data, features, network and training of TensorFlow Playground, in a notebook."""

    TITLE = "The playground: data, features, network and training in one picture"
    TRY = 'start with "circle, x₁ x₂, 4-2 tanh", press play; then remove the hidden layer.'

    screen_width = 1080
    _epochs = None                   # update(epochs=n): the epoch a new run trains to
    _classification_loss = None      # the loss chosen for classification, while regressing

    def __init__(self, data=None, problem="classification", noise=0, train_percent=50,
                 seed=0, features=("x1", "x2"), hidden=(4, 2), activation="tanh",
                 loss="binary_cross_entropy", lr=0.03, batch_size=10, regularization="none",
                 rate=0.0, epochs=0, X=None, y=None):
        super().__init__(size=SIZE, dpi=DPI)
        self._own = check_own_data(X, y)
        data = data or ("yours" if self._own else "circle")
        self.TRY = TRY_LINES.get(regularization if regularization != "none" else data, self.TRY)
        self._build_controls()
        initial = dict(data=data, problem=problem, noise=noise, train_percent=train_percent,
                       seed=seed, activation=activation, loss=loss, lr=lr, batch_size=batch_size,
                       regularization=regularization, rate=rate)
        initial.update(self._expand(features=features, hidden=hidden))
        self._epochs = check_epochs(epochs)
        self._set_checked(initial)   # bad settings fail here, before any drawing
        self._build_figure()
        self.finish([["preset", "data", "problem", "noise", "train_percent"],
                     ["seed", "regenerate", *feats.NAMES],
                     ["layers", "neurons1", "neurons2", "neurons3"],
                     ["neurons4", "neurons5", "neurons6", "activation"],
                     ["loss", "lr", "batch_size", "regularization", "rate"],
                     ["play", "pause", "step", "reset", "epoch_label", "show_code"],
                     ["edge", "weight", "set_weight"]], initial)
        self._epochs = None
        self.widget.children = (*self.widget.children, self.code_view)

    def _build_controls(self):
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
            self.controls[name].layout.width = "250px"
        self.button("play", "play", self.play, icon="play")
        self.button("pause", "pause", self.stop, icon="pause")
        self.button("step", "step", self.step, icon="step-forward")
        self.button("reset", "reset", self.reset, icon="undo")
        self.button("show_code", "show code", self._toggle_code, icon="code")
        self.epoch_label = widgets.HTML()
        self.add_control("epoch_label", self.epoch_label, state=False)
        self.weights = WeightEditor(self, self.set_weight)
        self.edge_choice, self.weight_box = self.weights.edge_choice, self.weights.weight_box
        self.code_view = widgets.HTML()
        self.add_presets(PRESETS)

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

    # -- state ---------------------------------------------------------------------------------

    def settings(self):
        """Every setting that defines the run: ``state()`` without ``epochs`` and the arrays."""
        s = {name: self.value(name) for name in _SIMPLE}
        s["features"] = tuple(n for n in feats.NAMES if self.value(n))
        s["hidden"] = tuple(self.value(f"neurons{k}") for k in range(1, self.value("layers") + 1))
        return s

    def state(self):
        """Every setting, plus ``epochs`` trained: ``playground(**state)`` rebuilds this view
        (weights set by hand are not part of it)."""
        s = self.settings()
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
        self._epochs = None if epochs is None else check_epochs(epochs)
        try:
            self._loss_follows_problem()
            if self._epochs is not None and self.run is not None \
                    and self.run_key() == self._run_key:
                with self._lock:                 # the same run: on to that epoch (or again)
                    if self._epochs < self.run.epoch:
                        self.run.reset()
                        self.weights.network_changed(self.run)
                    self.run.train_to(self._epochs)
            self.changed()                       # a new run trains to it in started()
        finally:
            self._epochs = None
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

    # -- the run: the change hook --------------------------------------------------------

    def changed(self):
        self._loss_follows_problem()
        super().changed()

    def run_key(self):
        return tuple(self.settings().items())

    def make_run(self):
        return PlaygroundRun(self.settings(), self._own)

    def started(self):
        """A new run: train it to the epoch asked for, fit the controls and grids to it."""
        run = self.run
        if self._epochs:
            run.train(self._epochs)
        for k in range(1, MAX_LAYERS + 1):
            self.controls[f"neurons{k}"].disabled = k > len(run.settings["hidden"])
        self.controls["loss"].disabled = run.regression
        if run.net is not None:
            self.grid_features = feats.expand(self.view.grid, run.features)
            self.plane_features = feats.expand(self.plane_grid, run.features)
        self.weights.network_changed(run)

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

    def train_epochs(self, n):
        """Train ``n`` more epochs (no redraw); returns True while training can go on."""
        with self._lock:
            return self.run.train(n)

    def draw(self):
        self.paint(self.run, self.value("activation"), self.weights.edge)
        self.epoch_label.value = "" if self.run.net is None else f"<b>epoch {self.run.epoch}</b>"

    # -- buttons -----------------------------------------------------------------------------

    def play(self):
        """Train in the background, a frame per epoch, until pause (or divergence)."""
        return self.run_in_chunks(lambda: self.run.train(EPOCHS_PER_FRAME), block=False)

    def step(self):
        """Train one epoch and redraw (ignored while playing)."""
        if not self.running:
            self.train_epochs(1)
            self.refresh()

    def reset(self):
        """Stop training and start over from epoch 0 (the network from the seed)."""
        self.abandon()
        with self._lock:
            self.run.reset()
            self.weights.network_changed(self.run)
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

    def set_weight(self, layer, i, j, w):
        """Set weight ``W[i, j]`` of ``layer`` (0 = next to the inputs) by hand, and redraw."""
        with self._lock:
            self.run.set_weight(layer, i, j, w)
        self.refresh()


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
