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

from ..runs.layer_training import RECTIFIED, DeepRun
from ..tasks import ACTIVATIONS, INITS
from ..viz import COLORS
from ..viz.log_labels import plain_log_labels
from .axis_limits import AxisLimits, decades
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

    The training itself is a headless ``nnlib.runs.layer_training.DeepRun`` (``self.run``),
    which a notebook can drive without the figure; its ``loss``, ``delta_norms``, ``moved``
    and ``diverged`` are also readable here. Any control change but "steps per run" starts
    over from a fresh run. ``train(steps)`` runs training now (``block=True``, what tests
    and notebook cells use) or in a thread (``block=False``, what the train button does),
    in chunks with a redraw after each; the stop button ends it after the current chunk.
    """

    TITLE = "Training a deep net: the error each layer gets, the loss, the units at z ≤ 0"
    TRY = ("press train. Then the preset 'exploding (large init)' with clipping off, and on "
           "again; then 'dying ReLU (lr too large)' and watch the right panel.")
    MAX_DEPTH = 8

    def __init__(self, depth=4, width=16, activation="sigmoid", init="xavier", scale=1.0,
                 lr=0.5, clip=False, clip_norm=1.0, steps=300, seed=0):
        # 10 inches, 1000 pixels: shown 844 px wide on a 1024-px projector, 12 pt is 14 px there.
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
        self._progress = (0, steps)       # steps done and asked for in the last train()
        ax_speed, ax_loss, ax_dead = self.figure.subplots(1, 3, width_ratios=[1.6, 1.1, 0.75])
        self._build_axes(ax_speed, ax_loss, ax_dead)
        ax_speed.set_ylim(1e-12, 1e12)
        ax_loss.set_ylim(1e-12, 1e12)
        for ax in (ax_speed, ax_loss):
            ax.set_xlim(0, 1000)
        self.live.freeze_layout()
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
        plain_log_labels(ax_speed.yaxis)
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
        plain_log_labels(ax_loss.yaxis)
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
        self._limits = AxisLimits(live)

    # -- the run and its training ---------------------------------------------------

    def run_key(self):
        return tuple(v for k, v in self.state().items() if k != "steps")

    def make_run(self):
        settings = self.state()
        settings.pop("steps")
        return DeepRun(**settings)

    def started(self):
        self._progress = (0, self.value("steps"))

    # The run's records, read here as before the run had its own class.
    net = property(lambda self: self.run.net)
    loss = property(lambda self: self.run.loss)
    delta_norms = property(lambda self: self.run.delta_norms)
    moved = property(lambda self: self.run.moved)
    diverged = property(lambda self: self.run.diverged)

    def reset(self):
        """Start over: the fresh network of the current controls, nothing trained."""
        self.abandon()
        with self._lock:
            self.run.reset()
            self.started()
        if not self._holding:
            self.refresh()

    def train(self, steps=None, block=True):
        """Train ``steps`` more steps (the "steps per run" control if None), in chunks with a
        redraw after each; ``block=False`` runs in a thread (``self.thread``). Returns self."""
        if self.running:
            return self
        steps = self.value("steps") if steps is None else int(steps)
        run, chunk_size = self.run, max(10, steps // 10)
        self._progress = (0, steps)

        def chunk():
            # one slice of this run's training; touches the run and plain attributes only
            done = self._progress[0]
            if run.done:
                return False
            n = min(chunk_size, steps - done)
            run.train(n)
            self._progress = (done + n, steps)
            return done + n < steps

        return self.run_in_chunks(chunk, block)

    # -- drawing ----------------------------------------------------------------------

    def draw(self):
        run = self.run
        v = run.settings.get     # the run's own values (a frame from the thread shows its run)
        self.progress.max, self.progress.value = max(self._progress[1], 1), self._progress[0]
        n_layers = len(run.net.layers)
        errors = np.array(run.delta_norms, dtype=np.float64).reshape(len(run.delta_norms),
                                                                     n_layers)
        loss = np.array(run.loss, dtype=np.float64)
        # Round the step axis up to a few fixed lengths, so most moves need no relayout.
        # A run that diverged early gets an axis that fits it, not the planned steps.
        need = max(len(loss), 1) if run.diverged else max(self.value("steps"), len(loss), 1)
        xmax = next((n for n in (10, 20, 50, 100, 200, 300, 500, 1000) if n >= need),
                    1000 * math.ceil(need / 1000))
        self._limits.set(self.ax_speed, "x", (0, xmax), linear=True)
        self._limits.set(self.ax_loss, "x", (0, xmax), linear=True)
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
        self._limits.set(self.ax_speed, "y", decades(errors, (-6, 1)))
        self.loss_line.set_data(np.arange(len(loss)), np.where(np.isfinite(loss), loss, np.nan))
        self._limits.loss_axis(self.ax_loss, loss, LINEAR_LOSS)
        dead = run.below_zero()
        if self._limits.seen.get("dead") != len(dead):    # a slot per hidden layer, none empty
            self._limits.seen["dead"] = len(dead)
            self.ax_dead.set_xlim(0.4, max(len(dead), 3) + 0.6)
            self.ax_dead.set_xticks(np.arange(1, len(dead) + 1))
            self.live.relayout(key=len(dead), part="dead units")
        # Sigmoid and tanh units have f′(z) > 0 for every z: z <= 0 means nothing for them.
        rectified = v("activation") in RECTIFIED
        for i, bar in enumerate(self.dead_bars):
            bar.set_visible(rectified and i < len(dead))
            bar.set_height(dead[i] if i < len(dead) else 0.0)
        n_dead, units = run.units_below_zero()
        dead_word = " dead" if v("activation") == "relu" else ""
        self.dead_text.set_text(
            f"{n_dead} of {units}{dead_word}\n({n_dead / max(units, 1):.0%})" if rectified else
            "sigmoid, tanh:\nf′(z) > 0 for\nevery z, no unit\ncan die")
        clip = f"clip norm {v('clip_norm'):.3g}" if v("clip") else "no clipping"
        now = (f"step {len(loss)}: loss {loss[-1]:.4g}" if len(loss) else
               "not trained yet: press train")
        self.title.set_text(
            f"{v('depth')} hidden layers × {v('width')}, {v('activation')}, {v('init')} × "
            f"{v('scale'):.3g}, seed {v('seed')}\nlr {v('lr'):.3g}, {clip}, "
            f"{self.value('steps')} steps per run;  {now}")
        self.message.set_text(run.message())


def training_explorer(depth=4, width=16, activation="sigmoid", init="xavier", scale=1.0, lr=0.5,
                      clip=False, clip_norm=1.0, steps=300, seed=0):
    """Train a deep net on 256 points; per-layer error ‖δ_l‖, loss, units at z <= 0."""
    return TrainingExplorer(depth=depth, width=width, activation=activation, init=init,
                            scale=scale, lr=lr, clip=clip, clip_norm=clip_norm, steps=steps,
                            seed=seed)
