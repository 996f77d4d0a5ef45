"""Lesson 04's first explorer: how large each layer's gradient is in a fresh deep network.

``gradient_explorer`` shows, for a freshly initialised deep network, how large
each layer's gradient is on one fixed batch (``layer_training.training_explorer``
then trains such a network).

The numbers come from ``nnlib.diagnostics`` (``layer_norms``, ``dead_fraction``,
``verdict``), which the notebook calls too, so what it prints is what is drawn here.
"""

import math
import textwrap

import ipywidgets as widgets
import numpy as np

from ..diagnostics import layer_norms, verdict
from ..tasks import ACTIVATIONS, INITS, deep_net, fixed_batch
from ..viz.bars import LayerBars
from .explorer import Explorer

NORM_OPTIONS = [("none", None), ("batch norm", "batch"), ("layer norm", "layer")]
MEASURES = [("‖δ_l‖ (error at layer l)", "delta"), ("‖∂L/∂W_l‖", "W")]

#: Inches kept free under the axes for the message (three lines of the verdict).
MESSAGE_SPACE = 1.25


class GradientExplorer(Explorer):
    """Bars of each layer's gradient norm at initialisation, on a log axis."""

    TITLE = "How large is each layer's error at the start? ‖δ_l‖ per layer, log scale"
    TRY = ("add layers to a sigmoid net and watch the left bars fall; then switch the skip "
           "connections on. Do they also tame tanh with init normal?")
    MAX_DEPTH = 30

    def __init__(self, depth=5, width=32, activation="sigmoid", init="xavier", scale=1.0,
                 seed=0, measure="delta", skip=False, norm=None):
        super().__init__(size=(10, 5.8))    # shown 844 px wide: 12 pt is 14 px there
        # The bottom MESSAGE_SPACE inches hold the verdict, under the axes: never over a bar.
        self.figure.get_layout_engine().set(
            rect=(0, MESSAGE_SPACE / 5.8, 1, 1 - MESSAGE_SPACE / 5.8 - 0.45 / 5.8))
        self.slider("depth", 5, 1, self.MAX_DEPTH, 1, integer=True, description="hidden layers")
        self.slider("width", 32, 2, 64, 1, integer=True, description="width")
        self.dropdown("activation", "sigmoid", ACTIVATIONS)
        self.dropdown("init", "xavier", INITS)
        self.slider("scale", 1.0, -2, math.log10(5), 0.01, log=True, description="init scale")
        self.slider("seed", 0, 0, 9, 1, integer=True)
        self.dropdown("measure", "delta", MEASURES, description="bar height")
        self.add_control("skip", widgets.ToggleButtons(
            options=[("off", False), ("on", True)], value=False,
            description="skip connections", style={"description_width": "initial",
                                                   "button_width": "60px"}))
        self.dropdown("norm", None, NORM_OPTIONS, description="normalisation")
        self.add_presets({
            "deep sigmoid (vanishing)": dict(depth=10, width=32, activation="sigmoid",
                                             init="xavier", scale=1.0, skip=False,
                                             norm=None),
            "large init (exploding)": dict(depth=10, width=32, activation="tanh",
                                           init="normal", scale=1.0, skip=False, norm=None),
            "ReLU + He (healthy)": dict(depth=10, width=32, activation="relu", init="he",
                                        scale=1.0, skip=False, norm=None),
            "30 sigmoid layers (vanishing)": dict(depth=30, width=16, activation="sigmoid",
                                                  init="xavier", scale=1.0, skip=False,
                                                  norm=None),
            "30 sigmoid layers + skips (cured)": dict(depth=30, width=16, activation="sigmoid",
                                                      init="xavier", scale=1.0, skip=True,
                                                      norm=None),
            "30 sigmoid layers + batch norm": dict(depth=30, width=16, activation="sigmoid",
                                                   init="xavier", scale=1.0, skip=False,
                                                   norm="batch"),
        })
        self.X, self.T = fixed_batch()
        ax = self.figure.subplots()
        self.bars = LayerBars(self.live, ax, max_bars=self.MAX_DEPTH + 1)
        # y=1.0 fixes the title's place: matplotlib would otherwise measure the axes' tick
        # labels on every full draw to keep the title clear of them.
        self.title = self.live.dynamic(ax.set_title("", loc="left", y=1.0))
        self.message = self.live.message(ax)
        self.message.set_wrap(False)      # the verdicts bring their own line breaks
        # Below the axes, in the strip kept free for it: it never covers a bar.
        self.message.set(transform=self.figure.transFigure, x=0.5,
                         y=0.5 * MESSAGE_SPACE / 5.8, va="center", ha="center")
        self.norms = None
        self.bars.set([1e-45] + [1e60] * self.MAX_DEPTH)    # the widest labels, for the layout
        ax.set_ylabel("norm per layer (log scale)")
        self.live.freeze_layout()
        self.bars.pin_labels()
        self.finish([["preset", "depth", "width"], ["activation", "init", "scale"],
                     ["seed", "measure"], ["skip", "norm"]],
                    dict(depth=depth, width=width, activation=activation, init=init,
                         scale=scale, seed=seed, measure=measure, skip=skip, norm=norm))

    def run_key(self):
        v = self.value
        return (v("depth"), v("width"), v("activation"), v("init"), v("scale"), v("seed"),
                v("skip"), v("norm"))

    def make_run(self):
        """Both measures of the fresh network (one backward pass), or why they could not be
        computed: switching the bar height ("measure") costs no maths."""
        try:
            net = deep_net(*self.run_key())
            norms = {"delta": layer_norms(net, self.X, self.T, "delta"),
                     "W": net.gradient_norms("W")}
            return {**norms, "verdict": {m: verdict(n) for m, n in norms.items()}}
        except (ArithmeticError, ValueError) as err:   # never a traceback under a slider
            return {"error": "Could not compute the gradients:\n" + textwrap.fill(str(err), 50)}

    def compute(self):
        """The per-layer norms for the current controls (input side first)."""
        if "error" in self.run:
            raise ValueError(self.run["error"])
        return self.run[self.value("measure")]

    def draw(self):
        if "error" in self.run:
            norms = np.full(self.value("depth") + 1, np.nan)
            text = self.run["error"]
        else:
            norms = self.run[self.value("measure")]
            text = self.run["verdict"][self.value("measure")]
        self.norms = norms
        self.bars.set(norms)
        name = "‖δ‖" if self.value("measure") == "delta" else "‖∂L/∂W‖"
        first, last = norms[0], norms[-1]
        ratio = first / last if np.isfinite(first) and np.isfinite(last) and last > 0 else np.nan
        self.title.set_text(
            f"{self.value('depth')} hidden layers × {self.value('width')}, "
            f"{self.value('activation')}, {self.value('init')} × {self.value('scale'):.3g}, "
            f"seed {self.value('seed')}{_cures(self.value('skip'), self.value('norm'))}\n"
            f"{name}: layer 1 {first:.2e}, output layer {last:.2e}, "
            f"ratio {ratio:.2e}")
        self.message.set_text(text)


def _cures(skip, norm):
    """The title's words for the cures switched on ('' when none)."""
    words = (["skips"] if skip else []) + ([f"{norm} norm"] if norm else [])
    return ", " + " + ".join(words) if words else ""


def gradient_explorer(depth=5, width=32, activation="sigmoid", init="xavier", scale=1.0, seed=0,
                      measure="delta", skip=False, norm=None):
    """Per-layer gradient norms at initialisation of a deep net on a batch of 256 points;
    ``skip=True`` adds skip connections, ``norm="batch"``/``"layer"`` normalises each hidden
    layer's z (batch norm measured as in a training step, with the batch's statistics)."""
    return GradientExplorer(depth=depth, width=width, activation=activation, init=init,
                            scale=scale, seed=seed, measure=measure, skip=skip, norm=norm)
