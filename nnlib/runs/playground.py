"""One training run of the playground, without any picture: data, network, optimiser, record.

``PlaygroundRun(settings)`` builds everything the settings describe (the
playground's state without ``epochs``) and trains it epoch by epoch exactly
as ``training_code(settings)`` writes it out, so the two always agree. It owns
its verdict (``verdict()``: diverged, dead units, η too large or too small) and
its summary (``summary()``), so a notebook, a test or the playground's figure
all read the same numbers and words. numpy only (this is the maths side).
"""

import math

import numpy as np

from .. import features as feats
from ..data import train_test_split
from ..diagnostics import dead_fraction
from ..losses import get as get_loss
from ..network import MLP
from ..optim import SGD
from ..tasks.lesson06 import make_data
from ..training import fit, n_correct
from .playground_code import training_code


class PlaygroundRun:
    """The data, network and training record for one set of playground settings.

    Attributes: ``settings``, ``X, y`` (all points), ``X_train, y_train, X_test, y_test``,
    ``features`` (names), ``F_train, F_test`` (their values), ``net`` (None
    without features), ``loss``, ``opt``, ``epoch``, ``train_loss`` and
    ``test_loss`` (one per epoch, from epoch 0), ``accuracy`` (now, per split;
    empty for regression), ``train_accuracy`` and ``test_accuracy`` (one per epoch, from
    epoch 0; empty for regression), ``diverged`` (why, or ""), ``baseline`` (the
    training loss of the best constant guess), ``edits`` (weights set by hand).

    ``train(n)`` trains n more epochs (``step()`` one), ``reset()`` starts over from the
    seed's network at epoch 0; between calls the run simply waits (paused).
    """

    def __init__(self, s, own=None):
        self.settings = dict(s)
        self.regression = s["problem"] == "regression"
        if s["data"] == "yours":
            X, y = own
            y = y.astype(float) if self.regression else (y > 0.5).astype(int)
        else:
            X, y = make_data(s["data"], s["noise"], s["seed"], s["problem"])
        self.X, self.y = X, y
        self.X_train, self.y_train, self.X_test, self.y_test = train_test_split(
            X, y, test_fraction=round(1 - s["train_percent"] / 100, 6), seed=s["seed"])
        self.loss = get_loss("half_mse" if self.regression else s["loss"])
        self.baseline = constant_loss(self.y_train, self.loss.name)
        self.features = tuple(s["features"])
        if self.features:
            self.F_train = feats.expand(self.X_train, self.features)
            self.F_test = feats.expand(self.X_test, self.features)
        self.reset()

    def reset(self):
        """Start over: the network from the seed, at epoch 0, nothing recorded but epoch 0."""
        s = self.settings
        self.epoch, self.edits, self.train_loss, self.test_loss = 0, [], [], []
        self.train_accuracy, self.test_accuracy = [], []
        self.accuracy, self.diverged, self.net = {}, "", None
        if self.features:
            self.net = MLP([len(self.features), *s["hidden"], 1], activation=s["activation"],
                           output_activation="identity" if self.regression else "sigmoid",
                           seed=s["seed"])
            reg, rate = s["regularization"], s["rate"]
            self.opt = SGD(s["lr"], l1=rate if reg == "L1" else 0.0,
                           weight_decay=rate if reg == "L2" else 0.0)
            self.record()
        return self

    @property
    def done(self):
        """True when training cannot go on: no network, or it diverged."""
        return self.net is None or bool(self.diverged)

    def train(self, n):
        """Train ``n`` more epochs (one ``fit`` call each, shuffled by the epoch number);
        returns True while training can go on (a network, not diverged)."""
        if self.done:
            return False
        for _ in range(max(int(n), 0)):
            # fit itself ignores overflow inside its loop and reports divergence instead
            history = fit(self.net, self.F_train, self.y_train, self.loss, self.opt,
                          epochs=1, batch_size=self.settings["batch_size"], seed=self.epoch)
            self.epoch += 1
            self.record()
            if history.diverged:
                self.diverged = history.message
                return False
        return True

    def step(self):
        """Train one epoch; returns True while training can go on."""
        return self.train(1)

    def train_to(self, epochs):
        """Train until epoch ``epochs`` (from the start, ``reset()``, if it lies behind)."""
        if check_epochs(epochs) < self.epoch:
            self.reset()
        return self.train(epochs - self.epoch)

    def record(self, replace=False):
        """Loss and accuracy on the whole training and test sets, now (``replace``: instead
        of the last record)."""
        if replace:
            del self.train_loss[-1:], self.test_loss[-1:]
            del self.train_accuracy[-1:], self.test_accuracy[-1:]
        self.accuracy = {}
        for split, F, y, losses, accuracies in (
                ("train", self.F_train, self.y_train, self.train_loss, self.train_accuracy),
                ("test", self.F_test, self.y_test, self.test_loss, self.test_accuracy)):
            with np.errstate(all="ignore"):
                Y = self.net(F)
            finite = bool(np.isfinite(Y).all())
            losses.append(self.loss.value(Y, y) if finite else math.nan)
            if not self.regression:
                T = y.reshape(-1, 1).astype(float)
                self.accuracy[split] = n_correct(Y, T) / len(y) if finite else math.nan
                accuracies.append(self.accuracy[split])

    def set_weight(self, layer, i, j, w):
        """Set ``W[i, j]`` of ``layer`` (0 = next to the inputs) by hand; it is recorded, so
        the code reproduces it."""
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
        self.record(replace=True)

    def activations(self, X):
        """Every unit over the points ``X`` (n, 2), from one forward pass: a list of the
        features (n, n_features), each hidden layer's a (n, m) and the output (n, 1)."""
        F = feats.expand(X, self.features)
        with np.errstate(all="ignore"):
            self.net(F)
        return [F, *(layer.A for layer in self.net.layers)]

    def dead(self):
        """Per hidden ReLU layer, the fraction of units that output 0 on every training point
        (None unless the hidden layers are ReLUs)."""
        if self.net is None or self.settings["activation"] != "relu" or len(self.net.layers) < 2:
            return None
        return dead_fraction(self.net, self.F_train)

    def n_dead(self):
        """How many hidden ReLUs output 0 on every training point (None unless ReLUs)."""
        dead = self.dead()
        if dead is None:
            return None
        return int(round((dead * np.array(self.settings["hidden"])).sum()))

    def code(self):
        """The nnlib code that builds this network and trains it to this epoch."""
        return training_code({**self.settings, "epochs": self.epoch}, self.edits)

    def summary(self):
        """What is shown, in three or four short lines: data, network, η; the losses now;
        accuracy and dead units (the playground's title)."""
        s = self.settings
        hidden = "-".join(str(m) for m in s["hidden"]) or "no hidden layer"
        head = (f"{s['data']} ({s['problem']}, noise {s['noise']} %, {len(self.y_train)} "
                f"training / {len(self.y_test)} test points)\nfeatures "
                f"{', '.join(feats.LABELS[f] for f in self.features) or 'none'} · hidden "
                f"{hidden} {s['activation']} · η = {s['lr']:g}, batch {s['batch_size']}")
        if s["regularization"] != "none":
            head += f", {s['regularization']} {s['rate']:g}"
        if self.net is None:
            return f"{head}\nno network: it has no inputs"
        loss_name = "half-MSE" if self.loss.name == "half_mse" else "cross-entropy"
        now = (f"epoch {self.epoch}: {loss_name} training {self.train_loss[-1]:.4f}, "
               f"test {self.test_loss[-1]:.4f}")
        more = []
        if not self.regression:
            more.append(f"accuracy training {self.accuracy['train']:.1%}, "
                        f"test {self.accuracy['test']:.1%}")
        if self.dead() is not None:
            more.append(f"dead ReLUs {self.n_dead()} of {sum(s['hidden'])}")
        # Short lines (a fourth for accuracy and dead units), so that none runs into the
        # output plane's title.
        return "\n".join([head, now, *([" · ".join(more)] if more else [])])

    def verdict(self):
        """What went wrong, in words ("" when nothing did): no inputs, diverged, a dead
        layer, or not learning (no better than the best constant guess after 10 epochs)."""
        if self.net is None:
            return "Choose at least one feature:\nthe network has no inputs."
        if self.diverged:
            return (f"Diverged in epoch {self.epoch}: the loss\nor the weights blew up. "
                    "Lower η,\nthen press reset.")
        dead = self.dead()
        for k, fraction in enumerate(dead if dead is not None else [], start=1):
            if fraction == 1.0:
                return (f"Dead network: every ReLU of layer {k} outputs 0\n"
                        "for every training point, so no gradient\nreaches the layers "
                        "below. Reset, or lower η.")
        # Not learning: the training loss is no better than the best constant guess (with
        # η ≥ 1, barely better: within 10 % of it, after 10 epochs).
        loss, lr = self.train_loss[-1], self.settings["lr"]
        bar = 0.9 * self.baseline if lr >= 1 else self.baseline
        if self.epoch >= 10 and not loss < bar:
            why = ("η is too large" if lr >= 1 else "η is too small" if lr <= 1e-3 else
                   "train longer, or try other settings")
            return (f"Not learning: after {self.epoch} epochs the training\nloss {loss:.3g} is "
                    f"{'no' if loss >= self.baseline else 'hardly'} better than a constant\n"
                    f"guess ({self.baseline:.3g}): {why}.")
        return ""

    def __repr__(self):
        return (f"PlaygroundRun({self.settings['data']!r}, hidden={self.settings['hidden']}, "
                f"epoch={self.epoch}, train_loss={self.train_loss[-1:]})")


def constant_loss(y, loss_name):
    """The loss of the best constant prediction on targets ``y``: the bar a network must beat
    (the mean for half-MSE, ½·variance; the class frequency p for cross-entropy, its entropy)."""
    y = np.asarray(y, dtype=np.float64)
    if loss_name == "half_mse":
        return 0.5 * float(np.var(y))
    p = float(np.clip(np.mean(y), 1e-12, 1 - 1e-12))
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


def check_epochs(epochs):
    """``epochs`` as a whole number ≥ 0, or raise."""
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    return int(epochs)


def check_own_data(X, y):
    """The learner's points: ``(X (n, 2), y (n,))`` as float arrays, or None if neither given."""
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
