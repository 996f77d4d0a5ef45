"""One training run of the playground, without any picture: data, network, optimiser, record.

``PlaygroundRun(settings)`` builds everything the settings describe (the
playground's state without ``epochs``) and trains it epoch by epoch exactly
as ``training_code(settings)`` writes it out, so the two always agree.
"""

import math

import numpy as np

from .. import features as feats
from ..data import train_test_split
from ..diagnostics import dead_fraction
from ..losses import get as get_loss
from ..network import MLP
from ..optim import SGD
from ..training import fit, n_correct
from .playground_code import make_data, training_code

MAX_LAYERS, MAX_NEURONS = 6, 8


class PlaygroundRun:
    """The data, network and training record for one set of playground settings.

    Attributes: ``X, y`` (all points), ``X_train, y_train, X_test, y_test``,
    ``features`` (names), ``F_train, F_test`` (their values), ``net`` (None
    without features), ``loss``, ``opt``, ``epoch``, ``train_loss`` and
    ``test_loss`` (one per epoch, from epoch 0), ``accuracy`` (now, per split;
    empty for regression), ``train_accuracy`` and ``test_accuracy`` (one per epoch, from
    epoch 0; empty for regression), ``diverged`` (why, or ""), ``baseline`` (the
    training loss of the best constant guess), ``edits`` (weights set by hand).
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
        self.epoch, self.edits, self.train_loss, self.test_loss = 0, [], [], []
        self.train_accuracy, self.test_accuracy = [], []
        self.accuracy, self.diverged, self.net = {}, "", None
        if self.features:
            self.F_train = feats.expand(self.X_train, self.features)
            self.F_test = feats.expand(self.X_test, self.features)
            self.net = MLP([len(self.features), *s["hidden"], 1], activation=s["activation"],
                           output_activation="identity" if self.regression else "sigmoid",
                           seed=s["seed"])
            reg, rate = s["regularization"], s["rate"]
            self.opt = SGD(s["lr"], l1=rate if reg == "L1" else 0.0,
                           weight_decay=rate if reg == "L2" else 0.0)
            self.record()

    def train(self, n):
        """Train ``n`` more epochs (one ``fit`` call each, shuffled by the epoch number);
        returns True while training can go on (a network, not diverged)."""
        if self.net is None or self.diverged:
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

    def dead(self):
        """Per hidden ReLU layer, the fraction of units that output 0 on every training point
        (None unless the hidden layers are ReLUs)."""
        if self.net is None or self.settings["activation"] != "relu" or len(self.net.layers) < 2:
            return None
        return dead_fraction(self.net, self.F_train)

    def code(self):
        """The nnlib code that builds this network and trains it to this epoch."""
        return training_code({**self.settings, "epochs": self.epoch}, self.edits)


def constant_loss(y, loss_name):
    """The loss of the best constant prediction on targets ``y``: the bar a network must beat
    (the mean for half-MSE, ½·variance; the class frequency p for cross-entropy, its entropy)."""
    y = np.asarray(y, dtype=np.float64)
    if loss_name == "half_mse":
        return 0.5 * float(np.var(y))
    p = float(np.clip(np.mean(y), 1e-12, 1 - 1e-12))
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


def check_hidden(hidden):
    """``hidden`` as a tuple of at most 6 layer sizes of 1 … 8 neurons, or raise."""
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
