"""Lesson 05's second explorer: train a small network on the moons and vary η, batch, L1, L2.

``lr_training_explorer`` trains a 2-16-16-1 tanh network for 100 epochs on
200 noisy moons points and shows the training and validation loss per epoch,
the decision boundary and the weight histogram. A control change starts
over and trains as far as a budget of steps allows (all 100 epochs unless the
batches are small); the train button finishes the run, the stop button ends it.

The run is a headless ``nnlib.runs.lr_training.MoonsRun`` (``self.run``): trained in
chunks of epochs (each chunk reshuffles from its own seed), the chunks the same however
the run is driven, so ``update()``, a slider move, the train button and a notebook driving
the run alone all give the same network. ``update()`` trains the budget before it
returns. A slider move trains only the first chunk before it draws, so the figure
answers at once, and trains the rest of the budget in the background, drawing after
each chunk. The background thread trains only its run, with the run's own settings: it
never reads a control (a control's new value may be there before its change is handled).
"""

import ipywidgets as widgets
import numpy as np

from ..runs.lr_training import EPOCHS, MoonsRun
from ..tasks import moons_task
from ..viz import COLORS
from ..viz.log_labels import plain_log_labels
from ..viz.plane import DecisionPlane
from .explorer import Explorer


class LRTrainingExplorer(Explorer):
    """Train a 2-16-16-1 network on the moons with SGD(η, L1, L2) and mini-batches.

    Left: the training loss (mean over each epoch) and the validation loss
    after each epoch. Middle: the network's output over the plane, with the
    training points. Right: the histogram of all weights (biases are not
    decayed and not shown).
    """

    TITLE = "Training on the moons: learning rate, batch size and weight penalties"
    TRY = "predict the loss curve for η too small and η too large, then choose those presets."

    #: Steps trained after a control change; the train button does the rest.
    BUDGET = 1500

    def __init__(self, lr=0.5, batch_size=32, l1=0.0, l2=0.0, seed=0):
        super().__init__(size=(10, 4.3))   # shown 844 px wide: 12 pt is 14 px there
        self.slider("lr", 0.5, -3, 1, 0.01, log=True, description="learning rate η")
        self.slider("batch_size", 32, 1, 200, 1, integer=True, description="batch size")
        self.slider("l1", 0.0, 0.0, 0.01, 0.0005, description="L1", fmt=".4f")
        self.slider("l2", 0.0, 0.0, 0.05, 0.001, description="L2 (weight decay)", fmt=".3f")
        self.slider("seed", 0, 0, 9, 1, integer=True)
        self.button("train", "train", lambda: self.train(block=False), icon="play")
        self.button("stop", "stop", self.stop, icon="stop")
        self.progress = widgets.IntProgress(value=0, min=0, max=EPOCHS, description="epochs",
                                            layout=widgets.Layout(width="320px"))
        self.add_control("progress", self.progress, state=False)
        self.add_presets({
            "η = 0.5, mini-batch 32": dict(lr=0.5, batch_size=32, l1=0.0, l2=0.0),
            "η too small (0.003)": dict(lr=0.003, batch_size=32, l1=0.0, l2=0.0),
            "η too large (10)": dict(lr=10.0, batch_size=32, l1=0.0, l2=0.0),
            "full batch (200)": dict(lr=0.5, batch_size=200, l1=0.0, l2=0.0),
            "SGD (batch 1)": dict(lr=0.05, batch_size=1, l1=0.0, l2=0.0),
            "L2 = 0.01": dict(lr=0.5, batch_size=32, l1=0.0, l2=0.01),
            "L1 = 0.005": dict(lr=0.5, batch_size=32, l1=0.005, l2=0.0),
        })
        self.X, self.y, self.Xv, self.yv = moons_task()
        self._target = 0      # epochs the current run trains to: the budget, or all (train)
        live = self.live
        ax_loss, ax_plane, ax_hist = self.figure.subplots(1, 3, width_ratios=[1.6, 1.0, 0.7])
        self.ax_loss, self.ax_hist = ax_loss, ax_hist
        ax_loss.set_yscale("log")
        plain_log_labels(ax_loss.yaxis)
        ax_loss.set_xlim(0, EPOCHS)
        ax_loss.set_ylim(0.03, 30)
        ax_loss.set_xlabel("epoch")
        ax_loss.set_title("loss (cross-entropy)", fontsize=13)
        self.train_line = live.dynamic(ax_loss.plot([], [], color=COLORS["blue"],
                                                    label="training")[0])
        self.val_line = live.dynamic(ax_loss.plot([], [], color=COLORS["orange"],
                                                  label="validation")[0])
        ax_loss.legend(loc="upper right", fontsize=12)
        # the moons reach from x -1.48 to 2.40 and y -1.44 to 1.78: every point inside the frame
        self.plane = DecisionPlane(live, ax_plane, extent=(-1.6, 2.6, -1.6, 1.9), resolution=60)
        self.plane.add_points(self.X, self.y, size=18)
        ax_plane.set_title("the network's output", fontsize=13)
        self.bins = np.linspace(-4, 4, 33)
        # one artist for all 32 bars (a filled step outline): one path to draw per frame
        self.bars = live.dynamic(ax_hist.stairs(np.zeros(32), self.bins, fill=True,
                                                color=COLORS["green"]))
        ax_hist.set_xlim(-4, 4)
        ax_hist.set_ylim(0, 150)
        ax_hist.set_xlabel("weight value")
        ax_hist.set_title("weights (all layers)", fontsize=13)
        self.zero_text = live.dynamic(ax_hist.text(0.97, 0.95, "", transform=ax_hist.transAxes,
                                                   ha="right", va="top", fontsize=12))
        self.title = live.dynamic(self.figure.text(0.01, 0.99, "", va="top", fontsize=14))
        self.message = live.message(ax_loss)
        self.message.set(fontsize=13, y=0.4)       # three lines in the loss panel, under its legend
        # the three title lines get their own band above the panels' titles
        self.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.9 / self.figure.get_figheight()))
        self.live.freeze_layout()
        self.finish([["preset", "lr", "batch_size"], ["l1", "l2", "seed"],
                     ["train", "stop", "progress"]],
                    dict(lr=lr, batch_size=batch_size, l1=l1, l2=l2, seed=seed))

    # -- the run and its training ---------------------------------------------------

    def run_key(self):
        return tuple(self.state().values())

    def make_run(self):
        return MoonsRun(**self.state())

    def started(self):
        # A new run trains the whole chunks within BUDGET steps: a slider move trains the
        # first now and the rest in the background; update() trains them all before it returns.
        self._target = self.run.epochs_within(self.BUDGET)
        self._chunk()
        if self.from_page:
            if self.run.epochs < self._target and not self.run.done:
                self.run_in_chunks(self._chunk, block=False)   # waits for this frame
        else:
            while self._chunk():
                pass

    # The run's records, read here as before the run had its own class.
    net = property(lambda self: self.run.net)
    train_loss = property(lambda self: self.run.train_loss)
    val_loss = property(lambda self: self.run.val_loss)
    val_accuracy = property(lambda self: self.run.val_accuracy)
    diverged = property(lambda self: self.run.diverged)

    def _plan(self):
        """The epochs of each chunk of the run, in order (they add up to 100)."""
        return self.run.plan()

    def _steps_per_epoch(self):
        return self.run.steps_per_epoch

    def _chunk(self):
        # Train the next chunk of the plan, unless the run has reached its target;
        # returns True while there is more to do before the target.
        run = self.run
        if run.epochs >= self._target or run.done:
            return False
        self._epochs(run.next_chunk())
        return not run.done and run.epochs < self._target

    def _epochs(self, n):
        # Train n more epochs (one chunk) of the run: its settings are its own, so a control
        # moved meanwhile (its message maybe handled on another thread) changes nothing here.
        self.run.train_epochs(n, go_on=self._go_on)

    def _go_on(self, epoch, history):
        # fit's callback: a background run ends after this epoch once a control change
        # replaces it. (When train() takes over, the chunk is finished: the plan's chunks
        # stay whole.)
        return not (self._restarting and self.abandoned)

    def train(self, block=True):
        """Train up to 100 epochs in chunks with a redraw after each (in a thread unless
        ``block``); the stop button ends it after the current chunk. Returns self."""
        self._target = EPOCHS
        if self.running:
            self.abandon()     # the background run hands over after its chunk, and no later
        return self.run_in_chunks(self._chunk, block)

    def changed(self):
        self._restarting = True    # an abandoned chunk may end early: its run is replaced
        try:
            super().changed()
        finally:
            self._restarting = False

    _restarting = False

    # -- drawing ----------------------------------------------------------------------

    def draw(self):
        run = self.run
        s = run.settings      # the run's own values: a frame from the thread shows its run
        self.progress.value = run.epochs
        epochs = np.arange(1, len(run.train_loss) + 1)
        self.train_line.set_data(epochs, _shown(run.train_loss))
        self.val_line.set_data(epochs, _shown(run.val_loss))
        with np.errstate(all="ignore"):
            self.plane.set_surface(lambda G: np.nan_to_num(run.net(G)[:, 0], nan=0.5))
        W = np.concatenate([layer.W.ravel() for layer in run.net.layers])
        W = W[np.isfinite(W)]
        counts, _ = np.histogram(np.clip(W, -3.99, 3.99), self.bins)
        self.bars.set_data(counts)
        self.zero_text.set_text(f"{np.count_nonzero(np.abs(W) < 0.01)} of {W.size}\n"
                                "weights near 0")
        done = len(run.train_loss)
        now = (f"epoch {done}: training loss {run.train_loss[-1]:.4g}, validation loss "
               f"{run.val_loss[-1]:.4g}, validation accuracy {run.val_accuracy[-1]:.1%}"
               if done else "not trained")
        self.title.set_text(
            f"2-16-16-1 tanh net, 200 moons points;  η = {s['lr']:.3g}, batch size "
            f"{s['batch_size']} ({run.steps_per_epoch} steps per epoch)\nL1 = {s['l1']:.4g},"
            f" L2 = {s['l2']:.3g}, seed {s['seed']}\n{now}")
        if done < self._target and not run.done and (self.from_page or self.running and
                                                      not self.stopping):
            self.message.set_text("")     # still training: no verdict on a run half done
        else:
            self.message.set_text(run.message())


def _shown(values):
    # Losses on the log axis: NaN (not drawn) where not finite, clipped into the axis.
    v = np.array(values, dtype=np.float64)
    return np.where(np.isfinite(v), np.clip(v, 0.031, 29), np.nan)


def lr_training_explorer(lr=0.5, batch_size=32, l1=0.0, l2=0.0, seed=0):
    """Train a 2-16-16-1 net on the moons: loss curves, decision boundary, weight histogram."""
    return LRTrainingExplorer(lr=lr, batch_size=batch_size, l1=l1, l2=l2, seed=seed)
