"""Lesson 04's second explorer: train a deep network and watch each layer learn, or not.

``training_explorer`` trains on the lesson's fixed batch and shows the error
that reaches each layer at every step, the loss, and how many units sit at
z <= 0 for every input (dead, for ReLU), with clipping, divergence and
dying-ReLU cases as presets.
"""

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import LogLocator, MaxNLocator

from ..diagnostics import LOSS, layer_norms, negative_fraction, verdict
from ..optim import SGD
from ..tasks import ACTIVATIONS, INITS, deep_net, fixed_batch
from ..training import fit
from ..viz import COLORS
from .explorer import Explorer

#: Inches kept free under the axes for the message (up to four lines).
MESSAGE_SPACE = 1.5

#: The loss axis is linear (from 0) while every loss is finite and below this, else log.
LINEAR_LOSS = 3.0


class TrainingExplorer(Explorer):
    """Train a deep net on the fixed batch and watch each layer learn (or not).

    Left: ‖δ_l‖, the error that reaches each layer, step by step (the same
    measure as ``gradient_explorer``, during training): a staircase of curves
    when the gradient vanishes. Middle: the loss. Right: the fraction of each
    hidden layer's units whose z is <= 0 for every input of the batch: for
    ReLU these units are dead (no gradient reaches them); a leaky ReLU or PReLU
    unit there still passes its slope α times the gradient. The message, under
    the axes, says when training diverged, when most units sit at z <= 0, or
    else what ``verdict`` says about the network's gradients as they are now.
    ``moved`` keeps ‖W_l(t) − W_l(0)‖ per step, how far each layer has moved.

    Any control change starts over from a fresh network. ``train(steps)``
    runs training now (``block=True``, what tests and notebook cells use) or
    in a thread (``block=False``, what the train button does), in chunks with
    a redraw after each; the stop button ends it after the current chunk.
    """

    MAX_DEPTH = 8

    def __init__(self, depth=4, width=16, activation="sigmoid", init="xavier", scale=1.0,
                 lr=0.5, clip=False, clip_norm=1.0, steps=300, seed=0):
        # 10 inches: 1000 pixels wide as stored, so nothing shrinks on a 1024-pixel projector.
        super().__init__(size=(10, 6.8))
        # Top: two lines of title; bottom: the message, under the axes, never over a curve.
        self.figure.get_layout_engine().set(rect=(0, MESSAGE_SPACE / 6.8, 1,
                                                  1 - (0.8 + MESSAGE_SPACE) / 6.8))
        self.slider("depth", 4, 1, self.MAX_DEPTH, 1, integer=True, description="hidden layers")
        self.slider("width", 16, 2, 32, 1, integer=True, description="width")
        self.dropdown("activation", "sigmoid", ACTIVATIONS)
        self.dropdown("init", "xavier", INITS)
        self.slider("scale", 1.0, -2, math.log10(5), 0.01, log=True, description="init scale")
        self.slider("lr", 0.5, -3, 1, 0.01, log=True, description="learning rate")
        self.add_control("clip", widgets.ToggleButtons(
            options=[("off", False), ("on", True)], value=False, description="clip gradients",
            style={"description_width": "initial", "button_width": "60px"}))
        self.slider("clip_norm", 1.0, -2, 2, 0.01, log=True, description="clip norm")
        self.slider("steps", 300, 50, 1000, 50, integer=True, description="steps per run")
        self.slider("seed", 0, 0, 9, 1, integer=True)
        self.button("train", "train", lambda: self.train(block=False), icon="play")
        self.button("stop", "stop", self.stop, icon="stop")
        self.button("reset", "reset", self.reset, icon="undo")
        self.progress = widgets.IntProgress(value=0, min=0, max=300, description="trained",
                                            layout=widgets.Layout(width="320px"))
        self.add_control("progress", self.progress, state=False)
        self.add_presets({
            "first layers learn slowest": dict(depth=6, width=16, activation="sigmoid",
                                               init="xavier", scale=1.0, lr=1.0, clip=False),
            "exploding (large init)": dict(depth=6, width=16, activation="relu", init="normal",
                                           scale=1.0, lr=0.1, clip=False),
            "exploding, clipped": dict(depth=6, width=16, activation="relu", init="normal",
                                       scale=1.0, lr=0.1, clip=True, clip_norm=1.0),
            "dying ReLU (lr too large)": dict(depth=3, width=16, activation="relu", init="he",
                                              scale=1.0, lr=3.0, clip=False),
            "leaky ReLU, same lr": dict(depth=3, width=16, activation="leaky_relu", init="he",
                                        scale=1.0, lr=3.0, clip=False),
        })
        self.X, self.T = fixed_batch()
        self._key = None
        ax_speed, ax_loss, ax_dead = self.figure.subplots(1, 3, width_ratios=[1.6, 1.1, 0.75])
        self._build_axes(ax_speed, ax_loss, ax_dead)
        ax_speed.set_ylim(1e-12, 1e12)
        ax_loss.set_ylim(1e-12, 1e12)
        for ax in (ax_speed, ax_loss):
            ax.set_xlim(0, 1000)
        self.live.freeze_layout()
        self._cache = (None, None)
        self.finish([["preset", "depth", "width"], ["activation", "init", "scale"],
                     ["lr", "clip", "clip_norm"], ["steps", "seed"],
                     ["train", "stop", "reset", "progress"]],
                    dict(depth=depth, width=width, activation=activation, init=init,
                         scale=scale, lr=lr, clip=clip, clip_norm=clip_norm, steps=steps,
                         seed=seed))

    def _build_axes(self, ax_speed, ax_loss, ax_dead):
        live = self.live
        self.ax_speed, self.ax_loss, self.ax_dead = ax_speed, ax_loss, ax_dead
        for ax in (ax_speed, ax_loss):    # fixed bins: the same ticks whatever came before
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        ax_speed.set_yscale("log")
        ax_speed.yaxis.set_major_locator(LogLocator(numticks=7))
        ax_speed.set_xlabel("step")
        ax_speed.set_title("‖δ_l‖: the error reaching each layer", fontsize=13)
        self.curves = []
        for _ in range(self.MAX_DEPTH + 1):
            line, = ax_speed.plot([], [], color=COLORS["grey"], lw=1.8, alpha=0.7)
            self.curves.append(live.dynamic(line))
        legend = ax_speed.legend(handles=[Line2D([], [], color=COLORS["vermillion"], lw=3),
                                 Line2D([], [], color=COLORS["grey"], lw=2),
                                 Line2D([], [], color=COLORS["blue"], lw=3)],
                                 labels=["layer 1 (input side)", "layers between",
                                         "output layer"],
                                 loc="lower left", bbox_to_anchor=(0.005, 0.01),
                                 bbox_transform=self.figure.transFigure, fontsize=13)
        legend.set_in_layout(False)       # in the strip under the axes, left of the message
        ax_loss.set_yscale("log")     # linear once the loss stays in a narrow range: see draw
        ax_loss.yaxis.set_major_locator(LogLocator(numticks=7))
        ax_loss.set_xlabel("step")
        ax_loss.set_title("loss (cross-entropy)", fontsize=13)
        self.loss_line = live.dynamic(ax_loss.plot([], [], color=COLORS["black"])[0])
        ax_dead.set_ylim(0, 1.34)        # the count goes above the 100 % line, over no bar
        ax_dead.set_yticks(np.linspace(0, 1, 6))
        ax_dead.set_xlabel("hidden layer")
        ax_dead.set_title("units with z ≤ 0\non every input", fontsize=12)
        ax_dead.yaxis.set_major_formatter("{x:.0%}")
        ax_dead.set_xlim(0.4, self.MAX_DEPTH + 0.6)     # room for the deepest net, always
        ax_dead.set_xticks(np.arange(1, self.MAX_DEPTH + 1))
        self.dead_bars = [live.dynamic(b) for b in ax_dead.bar(
            np.arange(1, self.MAX_DEPTH + 1), np.zeros(self.MAX_DEPTH), width=0.75,
            color=COLORS["vermillion"])]
        self.dead_text = live.dynamic(ax_dead.text(0.5, 0.99, "", transform=ax_dead.transAxes,
                                                   ha="center", va="top", fontsize=12))
        self.title = live.dynamic(self.figure.text(0.01, 0.99, "", va="top", fontsize=15))
        self.message = live.message(ax_speed)
        self.message.set_wrap(False)      # the messages bring their own line breaks
        self.message.set(transform=self.figure.transFigure, x=0.5,
                         y=0.5 * MESSAGE_SPACE / 6.8, va="center", ha="center")
        self._limits = {}

    # -- the network and its training -------------------------------------------------

    def _settings(self):
        return tuple(v for k, v in self.state().items() if k != "steps")

    def reset(self):
        """Start over: a fresh network from the current controls, nothing trained."""
        self.abandon()
        with self._lock:
            v = self.value
            self.net = deep_net(v("depth"), v("width"), v("activation"), v("init"), v("scale"),
                                v("seed"))
            self.opt = SGD(v("lr"), clip_norm=v("clip_norm") if v("clip") else None)
            self.W0 = [layer.W.copy() for layer in self.net.layers]
            self.moved = []          # per step: ‖W_l − W_l(0)‖ for each layer
            self.delta_norms = []    # per step: ‖δ_l‖ for each layer (before the step)
            self.loss = []           # per step: the batch loss before the step
            self.diverged = ""       # History.message when training diverged
            self._key = self._settings()
            self.progress.value = 0
        if not self._holding:
            self.refresh()

    def _record(self, epoch, history):
        # fit's callback, after each epoch = one full-batch step: how far each layer has moved,
        # and the error δ_l each layer received in that step (kept by its backward pass).
        self.moved.append([float(np.linalg.norm(layer.W - W0))
                           for layer, W0 in zip(self.net.layers, self.W0)])
        with np.errstate(all="ignore"):
            self.delta_norms.append([float(np.sqrt(np.vdot(layer.delta, layer.delta)))
                                     for layer in self.net.layers])

    def train(self, steps=None, block=True):
        """Train ``steps`` more steps (the "steps per run" control if None), in chunks with a
        redraw after each; ``block=False`` runs in a thread (``self.thread``). Returns self."""
        if self.running:
            return self
        steps = self.value("steps") if steps is None else int(steps)
        self.progress.max, self.progress.value = max(steps, 1), 0
        chunk_size = max(10, steps // 10)

        def chunk():
            if self.diverged:
                return False
            n = min(chunk_size, steps - self.progress.value)
            history = fit(self.net, self.X, self.T, LOSS, self.opt, epochs=n,
                          callback=self._record)
            self.loss.extend(history.loss.tolist())
            if history.diverged:
                self.diverged = history.message
            self.progress.value += n
            return self.progress.value < steps

        return self.run_in_chunks(chunk, block)

    # -- drawing ----------------------------------------------------------------------

    def draw(self):
        if self._settings() != self._key:
            with self._hold():
                self.reset()
        v = self.value
        n_layers = len(self.net.layers)
        errors = np.array(self.delta_norms, dtype=np.float64).reshape(len(self.delta_norms),
                                                                      n_layers)
        loss = np.array(self.loss, dtype=np.float64)
        # Round the step axis up to a few fixed lengths, so most moves need no relayout.
        # A run that diverged early gets an axis that fits it, not the planned steps.
        need = max(len(loss), 1) if self.diverged else max(v("steps"), len(loss), 1)
        xmax = next((n for n in (10, 20, 50, 100, 200, 300, 500, 1000) if n >= need),
                    1000 * math.ceil(need / 1000))
        self._set_limits(self.ax_speed, "x", (0, xmax), linear=True)
        self._set_limits(self.ax_loss, "x", (0, xmax), linear=True)
        steps = np.arange(len(errors))     # step t's error, before that step (as the loss)
        for i, line in enumerate(self.curves):
            if i < n_layers and len(errors):
                ok = np.isfinite(errors[:, i]) & (errors[:, i] > 0)
                line.set_data(steps, np.where(ok, errors[:, i], np.nan))
                line.set_color(COLORS["vermillion"] if i == 0 else
                               COLORS["blue"] if i == n_layers - 1 else COLORS["grey"])
                line.set_linewidth(3 if i in (0, n_layers - 1) else 1.8)
                line.set_alpha(1.0 if i in (0, n_layers - 1) else 0.7)
                line.set_zorder(3 if i in (0, n_layers - 1) else 2)
                line.set_visible(True)
            else:
                line.set_visible(False)
        self._set_limits(self.ax_speed, "y", _decades(errors, (-6, 1)))
        self.loss_line.set_data(np.arange(len(loss)), np.where(np.isfinite(loss), loss, np.nan))
        self._set_loss_axis(loss)
        dead = negative_fraction(self.net, self.X)
        if self._limits.get("dead") != len(dead):     # one slot per hidden layer, no empty ones
            self._limits["dead"] = len(dead)
            self.ax_dead.set_xlim(0.4, max(len(dead), 3) + 0.6)
            self.ax_dead.set_xticks(np.arange(1, len(dead) + 1))
            self.live.relayout()
        # Sigmoid and tanh units have f′(z) > 0 for every z: z <= 0 means nothing for them.
        rectified = v("activation") in ("relu", "leaky_relu", "prelu")
        for i, bar in enumerate(self.dead_bars):
            bar.set_visible(rectified and i < len(dead))
            bar.set_height(dead[i] if i < len(dead) else 0.0)
        units = self.net.layers[0].n_out * len(dead)
        n_dead = int(round(float(np.dot(dead, [layer.n_out for layer in
                                                self.net.layers[:-1]]))))
        dead_word = " dead" if v("activation") == "relu" else ""
        self.dead_text.set_text(
            f"{n_dead} of {units}{dead_word}\n({n_dead / max(units, 1):.0%})" if rectified else
            "sigmoid, tanh:\nf′(z) > 0 for\nevery z, no unit\ncan die")
        clip = f"clip norm {v('clip_norm'):.3g}" if v("clip") else "no clipping"
        now = (f"step {len(loss)}: loss {loss[-1]:.4g}" if len(loss) else
               "not trained yet: press train")
        self.title.set_text(
            f"{v('depth')} hidden layers × {v('width')}, {v('activation')}, {v('init')} × "
            f"{v('scale'):.3g}, seed {v('seed')}\nlr {v('lr'):.3g}, {clip}, {v('steps')} steps per "
            f"run;  {now}")
        if self.diverged:
            self.message.set_text(f"Diverged at step {len(loss)}: the gradients exploded.\n"
                                  "Remedies: clip the gradients, a smaller init\n"
                                  "scale, fewer layers, a smaller learning rate.")
        elif v("activation") == "relu" and n_dead > units / 2:
            self.message.set_text(f"{n_dead / units:.0%} of the ReLU units are dead:\nthey "
                                  "output 0 for every input, so no\ngradient reaches them "
                                  "ever again.")
        elif v("activation") in ("leaky_relu", "prelu") and n_dead > units / 2:
            self.message.set_text(f"{n_dead / units:.0%} of the units have z ≤ 0 on every "
                                  "input. Not dead:\neach still passes its slope α × the "
                                  "gradient,\nbut works only on its weak side.")
        else:   # how the gradient flows through the network as it is now
            text = verdict(layer_norms(self.net, self.X, self.T))
            if text.startswith("Exploding") and v("clip"):
                text += f"\nClipping caps every step at norm {v('clip_norm'):.3g}."
            self.message.set_text(text)

    def _set_loss_axis(self, loss):
        # A linear axis from 0 while the loss stays finite and below LINEAR_LOSS: then a fall
        # from 0.73 to ln 2 shows. A log axis of whole decades once it explodes.
        finite = loss[np.isfinite(loss)]
        if finite.size == loss.size and (not loss.size or loss.max() < LINEAR_LOSS):
            top = max(1.0, math.ceil(10 * 1.1 * loss.max()) / 10) if loss.size else 1.0
            lims = ("linear", top)
        else:
            lims = ("log", _decades(loss, (-2, 0)))
        if self._limits.get("loss") == lims:
            return
        self._limits["loss"] = lims
        if lims[0] == "linear":
            self.ax_loss.set_yscale("linear")
            self.ax_loss.set_ylim(0, lims[1])
            self.ax_loss.yaxis.set_major_locator(MaxNLocator(nbins=5))
        else:
            self.ax_loss.set_yscale("log")
            self.ax_loss.set_ylim(10.0 ** lims[1][0], 10.0 ** lims[1][1])
            self.ax_loss.yaxis.set_major_locator(LogLocator(numticks=7))
        self.live.relayout()

    def _set_limits(self, ax, which, lims, linear=False):
        # Change axis limits only when they really change, then lay the figure out again.
        key = (id(ax), which)
        if self._limits.get(key) == lims:
            return
        self._limits[key] = lims
        lo, hi = lims if linear else (10.0 ** lims[0], 10.0 ** lims[1])
        (ax.set_xlim if which == "x" else ax.set_ylim)(lo, hi)
        self.live.relayout()


def _decades(values, base):
    """Log-axis limits (as powers of ten): the whole decades that hold the positive finite
    ``values``, at least two of them; ``base`` when there are none."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v) & (v > 0)]
    if not v.size:
        return base
    lo = math.floor(math.log10(v.min()))
    hi = max(math.ceil(math.log10(v.max())), lo + 2)
    return max(lo, -12), min(hi, 12)


def training_explorer(depth=4, width=16, activation="sigmoid", init="xavier", scale=1.0, lr=0.5,
                      clip=False, clip_norm=1.0, steps=300, seed=0):
    """Train a deep net on 256 points; per-layer error ‖δ_l‖, loss, units at z <= 0."""
    return TrainingExplorer(depth=depth, width=width, activation=activation, init=init,
                            scale=scale, lr=lr, clip=clip, clip_norm=clip_norm, steps=steps,
                            seed=seed)
