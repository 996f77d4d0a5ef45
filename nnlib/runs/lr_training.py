"""Lesson 05's training run: a small network on the moons, for a learning rate, batch, L1, L2.

``MoonsRun`` trains the lesson's 2-16-16-1 tanh network for up to 100 epochs on 200 noisy
moons points (``nnlib.tasks.moons_task``) with ``SGD(lr, weight_decay=l2, l1=l1)`` on
mini-batches, and keeps the training loss per epoch and the validation loss and accuracy after
each. It trains in a fixed plan of chunks of epochs, each chunk shuffling from its own seed,
so the numbers are the same however the run is driven: all at once, chunk by chunk, paused
and resumed. ``lr_training_explorer`` paints one.

    run = MoonsRun(lr=0.5, batch_size=32)
    run.train()                       # all 100 epochs
    run.val_loss[-1], run.message()

numpy only (the maths side).
"""

import math

import numpy as np

from ..network import MLP
from ..optim import SGD
from ..tasks import moons_task
from ..training import fit

EPOCHS = 100
LOSS = "binary_cross_entropy"


class MoonsRun:
    """SGD on the moons in a plan of chunks; ``train_loss``, ``val_loss``, ``val_accuracy``
    (lists, one entry per epoch trained) and ``diverged`` (fit's message, or "")."""

    #: Steps in the first chunk of the plan, and in each later chunk.
    FIRST, CHUNK = 50, 400

    def __init__(self, lr=0.5, batch_size=32, l1=0.0, l2=0.0, seed=0):
        if isinstance(batch_size, bool) or int(batch_size) != batch_size or batch_size < 1:
            raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
        if isinstance(seed, bool) or int(seed) != seed:
            raise ValueError(f"seed must be a whole number, got {seed!r}")
        self.settings = dict(lr=lr, batch_size=int(batch_size), l1=l1, l2=l2, seed=int(seed))
        self.X, self.y, self.Xv, self.yv = moons_task()
        self.reset()

    def reset(self):
        """Start over: the fresh network and optimiser of the settings. Returns self."""
        s = self.settings
        self.net = MLP([2, 16, 16, 1], activation="tanh", seed=s["seed"])
        self.optimizer = SGD(s["lr"], weight_decay=s["l2"], l1=s["l1"])
        self.train_loss, self.val_loss, self.val_accuracy = [], [], []
        self.diverged = ""
        return self

    # -- the plan ----------------------------------------------------------------------------

    @property
    def steps_per_epoch(self):
        """Optimiser steps per epoch: ⌈200 / batch size⌉."""
        return -(-len(self.X) // self.settings["batch_size"])

    def plan(self):
        """The epochs of each chunk of the run, in order (they add up to 100): first about
        ``FIRST`` steps' worth, then about ``CHUNK`` steps' worth each (at least 1 epoch)."""
        spe = self.steps_per_epoch
        sizes = [min(EPOCHS, max(1, self.FIRST // spe))]
        while sum(sizes) < EPOCHS:
            sizes.append(min(EPOCHS - sum(sizes), max(1, self.CHUNK // spe)))
        return sizes

    def epochs_within(self, steps):
        """Epochs in the whole chunks of the plan that fit in ``steps`` optimiser steps (at
        least the first chunk)."""
        budget = max(1, steps // self.steps_per_epoch)
        done = 0
        for size in self.plan():
            if done and done + size > budget:
                break
            done += size
        return done

    def next_chunk(self):
        """Epochs of the next chunk of the plan (0 when all 100 are trained)."""
        ends = np.cumsum(self.plan())
        later = ends[ends > self.epochs]
        return int(later[0]) - self.epochs if later.size else 0

    # -- training ----------------------------------------------------------------------------

    @property
    def epochs(self):
        """Epochs trained so far."""
        return len(self.train_loss)

    @property
    def done(self):
        """True once all 100 epochs are trained, or training diverged."""
        return bool(self.diverged) or self.epochs >= EPOCHS

    def train_epochs(self, n, go_on=None):
        """Train ``n`` more epochs as one chunk (its shuffles seeded by the epochs done so
        far); ``go_on(epoch, history)`` (fit's callback) is asked after each epoch and may
        return False to end the chunk early. Returns the epochs trained."""
        s = self.settings
        history = fit(self.net, self.X, self.y, LOSS, self.optimizer, epochs=int(n),
                      batch_size=s["batch_size"], seed=1000 * s["seed"] + self.epochs,
                      validation=(self.Xv, self.yv), callback=go_on)
        self.train_loss.extend(history.epoch_loss.tolist())
        self.val_loss.extend(history.val_loss.tolist())
        self.val_accuracy.extend(history.val_accuracy.tolist())
        if history.diverged:
            self.diverged = history.message
        return len(history.epoch_loss)

    def step(self, go_on=None):
        """Train the next chunk of the plan; returns True while there is more to train."""
        if not self.done:
            self.train_epochs(self.next_chunk(), go_on)
        return not self.done

    def train(self, epochs=EPOCHS):
        """Train whole chunks of the plan until at least ``epochs`` epochs are trained (or
        training diverged). Returns self."""
        while not self.done and self.epochs < epochs:
            self.step()
        return self

    # -- in words ----------------------------------------------------------------------------

    def learning(self):
        """False when the last training loss is not below ln 2 + 0.05 (a coin toss)."""
        return bool(self.train_loss) and self.train_loss[-1] < math.log(2) + 0.05

    def message(self):
        """What happened, in words: diverged, not learning, or how far it got ("" when all
        100 epochs trained and it learned)."""
        if self.diverged:
            return (f"Diverged in epoch {self.epochs + 1}:\nthe loss blew up. "
                    "Try a smaller η.")
        if self.epochs and not self.learning():
            return (f"Not learning: the loss {self.train_loss[-1]:.3g} is above\n"
                    "ln 2 = 0.693, a coin toss. η is too large\n(or L1 / L2 too strong).")
        if self.epochs < EPOCHS:
            return f"Trained {self.epochs} of {EPOCHS} epochs:\npress train to finish."
        return ""

    def __repr__(self):
        values = ", ".join(f"{k}={v!r}" for k, v in self.settings.items())
        return f"MoonsRun({values}; {self.epochs} epochs{', diverged' if self.diverged else ''})"
