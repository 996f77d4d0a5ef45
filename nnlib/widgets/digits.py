"""Lesson 07's explorers: train a digit reader and watch its curves; read its ten outputs.

``digits_training_explorer`` trains a 64-h-10 ReLU network on the first n training digits
for 20 epochs of mini-batches of 32 with the chosen optimiser, η, width h and dropout rate,
and shows the loss and accuracy per epoch on the training digits and on the validation set,
both measured in evaluation mode (nothing dropped) at the end of each epoch. The test set
is never shown. The run is a headless ``nnlib.tasks.lesson07.DigitsRun`` (``self.run``). A
control change starts a new one: a slider move trains the first chunk of epochs before it
draws, so the figure answers at once, and trains the rest in the background, drawing after
each chunk; ``update()`` trains all 20 epochs before it returns. The chunks are the same
either way, so both give the same network.

``digit_outputs_explorer`` shows one test digit and the lesson's trained network's ten
softmax outputs as bars, the predicted class highlighted.
"""

import numpy as np
from matplotlib.ticker import FixedLocator

from ..losses import softmax
from ..tasks.lesson07 import CHANCE_ACCURACY, CHANCE_LOSS, DigitsRun, digit_sets, final_run
from ..tasks.lesson07 import RUN_EPOCHS as EPOCHS
from ..viz import COLORS
from ..viz.log_labels import plain_log_labels
from .explorer import Explorer

OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "SGD + momentum 0.9", "adam": "Adam"}
#: The loss axis (log scale); losses outside it are drawn at its edge.
LOSS_RANGE = (1e-3, 10.0)
#: Type sizes in points at the figure's 80 dpi: 900 px wide, shown 844 px wide on a 1024-px
#: projector, where 14 pt is 14.6 px.
TEXT, SMALL = 14, 14


def _presets():
    full = dict(hidden=64, dropout=0.0, n_train=1078)
    few = dict(optimizer="adam", lr=0.001, hidden=256, n_train=100)
    return {
        "Adam, η = 0.001, 64 units (section 6's settings)": dict(optimizer="adam", lr=0.001,
                                                                 **full),
        "SGD, η = 0.01 (section 4)": dict(optimizer="sgd", lr=0.01, **full),
        "momentum, η = 0.01 (section 4)": dict(optimizer="momentum", lr=0.01, **full),
        "100 digits, 256 units, Adam": dict(dropout=0.0, **few),
        "100 digits, 256 units, Adam, dropout 0.5": dict(dropout=0.5, **few),
        "2 hidden units, Adam": dict(optimizer="adam", lr=0.001, hidden=2, dropout=0.0,
                                     n_train=1078),
        "SGD, η = 10": dict(optimizer="sgd", lr=10.0, **full),
    }


class DigitsTrainingExplorer(Explorer):
    """Train a 64-h-10 ReLU network on n digits; loss and accuracy on training and validation."""

    TITLE = "Learning handwritten digits: loss and accuracy, training against validation"
    TRY = 'choose "100 digits, 256 units, Adam", then add dropout 0.5: which gap closes?'

    def __init__(self, optimizer="adam", lr=0.001, hidden=64, dropout=0.0, n_train=1078):
        super().__init__(size=(11.25, 5.45), dpi=80)
        self.dropdown("optimizer", "adam", [(v, k) for k, v in OPTIMIZER_NAMES.items()],
                      description="optimiser")
        self.slider("lr", 0.001, -4, 1, 0.05, log=True, description="learning rate η")
        self.slider("hidden", 64, 2, 256, 2, integer=True, description="hidden units h")
        self.slider("dropout", 0.0, 0.0, 0.9, 0.05, description="dropout rate")
        self.slider("n_train", 1078, 20, 1078, 2, integer=True, description="training digits")
        self.button("stop", "stop", self.stop, icon="stop")
        self.add_presets(_presets())
        self._build_axes()
        self.finish([["preset", "optimizer", "lr"], ["hidden", "dropout", "n_train"],
                     ["stop"]],
                    dict(optimizer=optimizer, lr=lr, hidden=hidden, dropout=dropout,
                         n_train=n_train))

    def _build_axes(self):
        live = self.live
        ax_loss, ax_acc = self.figure.subplots(1, 2)
        ax_loss.set_yscale("log")
        plain_log_labels(ax_loss.yaxis)
        ax_loss.set_ylim(*LOSS_RANGE)
        ax_loss.set_title("loss (softmax cross-entropy)", fontsize=TEXT)
        ax_acc.set_ylim(0, 1.02)
        ax_acc.set_title("accuracy", fontsize=TEXT)
        lines = {}
        for ax, what in [(ax_loss, "loss"), (ax_acc, "acc")]:
            ax.set_xlim(0.5, EPOCHS + 0.5)
            ax.xaxis.set_major_locator(FixedLocator([1, 5, 10, 15, 20]))
            ax.set_xlabel("epoch", fontsize=TEXT)
            ax.tick_params(labelsize=SMALL)
            for kind, color, ls, marker in [("train", COLORS["blue"], "-", "o"),
                                            ("val", COLORS["vermillion"], "--", "s")]:
                label = "training digits" if kind == "train" else "validation digits"
                lines[what, kind] = live.dynamic(ax.plot([], [], color=color, ls=ls, lw=2.5,
                                                         marker=marker, ms=5, label=label)[0])
        for ax, y, text in [(ax_loss, CHANCE_LOSS, "chance\nln 10"),
                            (ax_acc, CHANCE_ACCURACY, "chance\n10 %")]:
            ax.axhline(y, color=COLORS["grey"], lw=1.5, ls=":")
            ax.text(1.01, y, text, color=COLORS["grey"], fontsize=SMALL, va="center",
                    transform=ax.get_yaxis_transform())
        ax_loss.legend(loc="lower left", fontsize=SMALL)
        self.outside = live.dynamic(ax_loss.text(0.98, 0.97, "", transform=ax_loss.transAxes,
                                                 ha="right", va="top", fontsize=SMALL,
                                                 color=COLORS["vermillion"]))
        self.lines = lines
        self.title = live.dynamic(self.figure.text(0.01, 0.99, "", va="top", fontsize=SMALL))
        self.message = live.message(ax_loss)
        height = self.figure.get_figheight()
        self.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - 1.0 / height))   # 3 title lines
        live.freeze_layout()

    # -- the run and its training ---------------------------------------------------

    def run_key(self):
        return tuple(self.state().values())

    def make_run(self):
        return DigitsRun(**self.state())

    def started(self):
        # A slider move trains the first chunk now and the rest in the background;
        # update() trains all 20 epochs before it returns.
        self._chunk()
        if self.from_page:
            if not self.run.done:
                self.run_in_chunks(self._chunk, block=False,   # waits for this frame
                                   on_stop=self._stopped)
        else:
            while self._chunk():
                pass

    def _chunk(self):
        # Train the next chunk of the run's plan; True while there is more to do.
        return self.run.step(go_on=self._go_on)

    def _stopped(self):
        # The stop button ended this run early: its frame says so.
        self._stopped_run = self.run

    _stopped_run = None

    def _go_on(self, epoch, history):
        # fit's callback: a background chunk ends after this epoch once a control change
        # replaces its run.
        return not self.abandoned


    # -- drawing ----------------------------------------------------------------------

    def draw(self):
        run = self.run          # its own settings: a frame from the thread shows its own run
        c = run.curves
        epochs = np.arange(1, run.epochs + 1)
        self.lines["loss", "train"].set_data(epochs, _shown(c["loss"]))
        self.lines["loss", "val"].set_data(epochs, _shown(c["val_loss"]))
        self.lines["acc", "train"].set_data(epochs, c["acc"])
        self.lines["acc", "val"].set_data(epochs, c["val_acc"])
        self.title.set_text(_title(run))
        self.outside.set_text(_outside(c["loss"] + c["val_loss"]))
        if run is self._stopped_run and not run.done:
            self.message.set_text(f"Stopped after {run.epochs} of {EPOCHS} epochs.\n"
                                  "Move a control to train anew.")
        else:
            self.message.set_text(run.message())


def _title(run):
    s, c = run.settings, run.curves
    now = (f"after epoch {run.epochs}: accuracy {c['acc'][-1]:.1%} on the training digits, "
           f"{c['val_acc'][-1]:.1%} on the validation digits" if run.epochs else
           "no epoch finished")
    return (f"64-{s['hidden']}-10 ReLU, {s['n_train']} training digits, "
            f"{OPTIMIZER_NAMES[s['optimizer']]}, η = {s['lr']:.3g}, dropout rate "
            f"{s['dropout']:.2f};\nboth curves measured with nothing dropped\n{now}")


def _shown(values):
    # Losses on the log axis: NaN (not drawn) outside it or where not finite.
    v = np.array(values, dtype=np.float64)
    lo, hi = LOSS_RANGE
    return np.where(np.isfinite(v) & (v >= lo) & (v <= hi), v, np.nan)


def _outside(values):
    # A note on the loss axis when some loss lies outside it (and is therefore not drawn).
    v = np.array(values, dtype=np.float64)
    lo, hi = LOSS_RANGE
    notes = [f"losses above {hi:g}" if np.any(~(v <= hi)) else "",
             f"losses below {lo:g}" if np.any(v < lo) else ""]
    notes = [n for n in notes if n]
    return " and ".join(notes) + " are off this axis" if notes else ""


def digits_training_explorer(optimizer="adam", lr=0.001, hidden=64, dropout=0.0, n_train=1078):
    """Train a 64-h-10 ReLU net on the digits: loss and accuracy, training and validation."""
    return DigitsTrainingExplorer(optimizer=optimizer, lr=lr, hidden=hidden, dropout=dropout,
                                  n_train=n_train)


class DigitOutputsExplorer(Explorer):
    """One test digit and the ten softmax outputs of the lesson's trained 64-64-10 network."""

    TITLE = "One test digit and the network's ten outputs"
    TRY = "choose a mistake among the presets: was the network sure when it was wrong?"

    def __init__(self, index=3):
        super().__init__(size=(11.25, 4.6), dpi=80)
        self.net, _ = final_run()
        _, _, _, _, self.Xt, self.yt = digit_sets()
        self.raw = digit_sets(standardized=False)[4]
        self.P = softmax(self.net.forward(self.Xt))
        wrong = np.flatnonzero(self.P.argmax(axis=1) != self.yt)
        self.slider("index", 0, 0, len(self.yt) - 1, 1, integer=True,
                    description="test digit")
        presets = {"a digit read right: test digit 3": dict(index=3)}
        for i in wrong[:3]:
            presets[f"a mistake: test digit {i}"] = dict(index=int(i))
        self.add_presets(presets)
        ax_img, ax_bar = self.figure.subplots(1, 2, width_ratios=[1, 2.2])
        # origin="lower" with the rows reversed in draw(): the same picture as the default
        # origin, which the canvas's fast image path draws upside down (nnlib.viz.canvas).
        self.image = self.live.dynamic(ax_img.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0,
                                                     vmax=16, interpolation="nearest",
                                                     origin="lower"))
        ax_img.set_axis_off()
        ax_img.set_title("the 8 × 8 image (raw pixels)", fontsize=TEXT)
        self.bars = ax_bar.bar(range(10), np.zeros(10), color=COLORS["grey"])
        self.live.dynamic(*self.bars)
        self.labels = [self.live.dynamic(ax_bar.text(k, 0, "", ha="center", va="bottom",
                                                     fontsize=SMALL)) for k in range(10)]
        ax_bar.set_xticks(range(10))
        ax_bar.set_ylim(0, 1.12)
        ax_bar.tick_params(labelsize=SMALL)
        ax_bar.set_xlabel("class k", fontsize=TEXT)          # plain text: a subscript would
        ax_bar.set_ylabel("softmax output p_k", fontsize=TEXT)  # be drawn at 70 %
        ax_bar.set_title("the network's ten outputs (they sum to 1)", fontsize=TEXT)
        self.title = self.live.dynamic(self.figure.text(0.01, 0.99, "", va="top", fontsize=TEXT))
        self.live.freeze_layout()
        self.finish([["index", "preset"]], dict(index=index))

    def draw(self):
        i = self.value("index")
        p, t = self.P[i], int(self.yt[i])
        k = int(p.argmax())
        self.image.set_data(self.raw[i].reshape(8, 8)[::-1])     # row 0 at the top
        for j, (bar, label) in enumerate(zip(self.bars, self.labels)):
            bar.set_height(p[j])
            right = COLORS["green"] if k == t else COLORS["vermillion"]
            bar.set_color(right if j == k else (COLORS["sky"] if j == t else COLORS["grey"]))
            label.set_position((j, p[j] + 0.01))
            label.set_text(f"{p[j]:.2f}" if p[j] >= 0.005 else "")
        verdict = "right" if k == t else f"wrong (the true class {t} is the light blue bar)"
        self.title.set_text(f"test digit {i}: true class {t}, predicted {k} with p = {p[k]:.2f}: "
                            f"{verdict}")


def digit_outputs_explorer(index=3):
    """A test digit and the trained network's ten softmax outputs, the prediction highlighted."""
    return DigitOutputsExplorer(index=index)
