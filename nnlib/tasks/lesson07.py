"""Lesson 07's tasks: the handwritten digits, the networks that read them, and how they train.

The notebook, its explorers and its checks all take their data, networks and set-ups from
here: ``digit_sets`` (60 / 20 / 20, stratified, seed 0, standardised with the training
statistics, or raw), ``digit_net`` (64-h-10, logits out), ``make_optimizer`` (SGD, momentum
0.9 or Adam by name), ``small_training_set`` and ``capacity_run`` (over- and underfitting),
``final_run`` (the lesson's last network), ``confusion_matrix``, ``DigitsRun`` (the
explorer's run, headless, in chunks, its curves measured in evaluation mode), and
``deep_sigmoid_net`` with ``gradient_norms_in`` (one plain pass in float32 or float64).
"""

import functools
import math

import numpy as np

from ..adam import Adam
from ..data import digits
from ..losses import softmax_cross_entropy
from ..network import MLP
from ..optim import SGD
from ..preprocess import split, standardize
from ..training import fit

#: Shares of the training, validation and test sets (stratified by class, seed 0).
FRACTIONS = (0.6, 0.2, 0.2)
#: Every run of the lesson takes mini-batches of this many digits.
BATCH = 32
LOSS = "softmax_cross_entropy"
#: The optimisers by name; "momentum" is SGD with momentum MOMENTUM.
OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9
#: The lesson's last network: 64-64-10 ReLU, Adam(FINAL_LR), FINAL_EPOCHS epochs.
FINAL_LR, FINAL_EPOCHS = 0.001, 20


@functools.lru_cache(maxsize=1)
def _split():
    return split(*digits(), fractions=FRACTIONS, seed=0)


def digit_sets(standardized=True):
    """``(X_train, y_train, X_val, y_val, X_test, y_test)``: 1078, 360 and 359 digits.

    Each X has shape (n, 64) (an 8 × 8 image per row), each y shape (n,) with labels 0–9.
    ``standardized=True`` gives every pixel column mean 0 and standard deviation 1 on the
    training set, with the training set's μ and σ applied to all three sets;
    ``standardized=False`` gives the raw pixel values 0–16. Fresh copies on every call.
    """
    (Xa, ya), (Xv, yv), (Xt, yt) = _split()
    if standardized:
        Xa, Xv, Xt = standardize(Xa, Xv, Xt)
    return Xa.copy(), ya.copy(), Xv.copy(), yv.copy(), Xt.copy(), yt.copy()


def digit_net(hidden=64, activation="relu", dropout=0.0, seed=0):
    """A network from 64 pixels to 10 logits: ``MLP([64, hidden, 10])``, identity output.

    ``hidden`` is one width or a list of widths (one per hidden layer). The ten outputs
    are logits: softmax turns them into the ten class probabilities.
    """
    widths = list(hidden) if isinstance(hidden, (list, tuple)) else [hidden]
    return MLP([64, *widths, 10], activation=activation, output_activation="identity",
               seed=seed, dropout=dropout)


def make_optimizer(name, lr, weight_decay=0.0):
    """``"sgd"``: SGD(lr); ``"momentum"``: SGD(lr, momentum=0.9); ``"adam"``: Adam(lr).

    ``weight_decay`` (L2) is for the two SGD kinds only.
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"optimiser must be one of {list(OPTIMIZERS)}, got {name!r}")
    if name == "adam":
        if weight_decay:
            raise ValueError("weight_decay is for 'sgd' and 'momentum'; nnlib.Adam has none")
        return Adam(lr)
    return SGD(lr, momentum=MOMENTUM if name == "momentum" else 0.0, weight_decay=weight_decay)


def train(net, X, y, optimizer, epochs, validation=None, batch_size=BATCH, seed=0,
          callback=None):
    """``nnlib.fit`` with the lesson's loss (softmax cross-entropy) and batch size."""
    return fit(net, X, y, LOSS, optimizer, epochs=epochs, batch_size=batch_size, seed=seed,
               validation=validation, callback=callback)


def accuracy(net, X, y):
    """The fraction of rows of X (n, 64) whose largest output is at their label in y (n,)."""
    return float(np.mean(net.forward(X).argmax(axis=1) == y))


def small_training_set(n=100):
    """The first ``n`` training digits and the whole validation set, standardised with the
    statistics of those n digits: ``(X_small, y_small, X_val, y_val)``."""
    Xa, ya, Xv, yv, _, _ = digit_sets(standardized=False)
    Xs, Xv = standardize(Xa[:n], Xv)
    return Xs, ya[:n].copy(), Xv, yv


def capacity_run(hidden, n=100, epochs=100, lr=0.2, dropout=0.0, weight_decay=0.0, seed=0):
    """Train ``digit_net(hidden)`` on ``small_training_set(n)``: full batch, SGD with momentum.
    Returns ``(net, history)``, the history with validation loss and accuracy per epoch."""
    Xs, ys, Xv, yv = small_training_set(n)
    net = digit_net(hidden, dropout=dropout, seed=seed)
    opt = make_optimizer("momentum", lr, weight_decay=weight_decay)
    history = train(net, Xs, ys, opt, epochs, validation=(Xv, yv), batch_size=None)
    return net, history


def weight_norm(net):
    """‖W‖ over every weight matrix of ``net`` together (biases left out), the L2 norm."""
    return float(np.sqrt(sum(np.vdot(layer.W, layer.W) for layer in net.layers)))


@functools.lru_cache(maxsize=1)
def _final():
    Xa, ya, Xv, yv, _, _ = digit_sets()
    net = digit_net(64, "relu")
    history = train(net, Xa, ya, Adam(FINAL_LR), FINAL_EPOCHS, validation=(Xv, yv))
    return net, history


def final_run():
    """The lesson's last network (64-64-10 ReLU, Adam, 20 epochs), trained once per session.

    Returns ``(net, history)``: a copy of the trained network, so changing it changes
    nothing for the next caller.
    """
    net, history = _final()
    return net.copy(), history


def confusion_matrix(y_true, y_pred, classes=10):
    """C (classes, classes) of counts: C[i, j] = how many digits of class i were read as j."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError("y_true and y_pred must be 1-D arrays of the same length, got shapes "
                         f"{y_true.shape} and {y_pred.shape}")
    C = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


# -- the explorer's run: a 64-h-10 ReLU network trained in a fixed plan of chunks ----------

#: The run trains RUN_EPOCHS epochs: first RUN_FIRST, then chunks of RUN_CHUNK.
RUN_EPOCHS, RUN_FIRST, RUN_CHUNK = 20, 2, 6
#: Chance on ten classes: accuracy 1/10; the loss of a network that gives each class 1/10.
CHANCE_ACCURACY, CHANCE_LOSS = 0.1, math.log(10)


class DigitsRun:
    """``digit_net(hidden, dropout=dropout)`` trained with ``make_optimizer(optimizer, lr)`` on
    the first ``n_train`` training digits, 20 epochs of mini-batches of 32, in chunks (each
    shuffling from its own seed, so the numbers are the same however the run is driven).

    Records per epoch, all in evaluation mode (nothing dropped) after the epoch's last step:
    ``curves["loss"]``, ``["acc"]`` on the n_train training digits, ``["val_loss"]``,
    ``["val_acc"]`` on the validation set. ``diverged`` is fit's message (or ""), and
    ``diverged_epoch`` the epoch it stopped in. The test set is never touched.
    """

    def __init__(self, optimizer="adam", lr=0.001, hidden=64, dropout=0.0, n_train=1078):
        self.settings = dict(optimizer=optimizer, lr=lr, hidden=int(hidden), dropout=dropout,
                             n_train=int(n_train))
        self.X, self.y, self.Xv, self.yv, _, _ = digit_sets()
        self.net = digit_net(self.settings["hidden"], dropout=dropout)
        self.optimizer = make_optimizer(optimizer, lr)
        self.curves = {key: [] for key in ("loss", "val_loss", "acc", "val_acc")}
        self.diverged = ""
        self.diverged_epoch = None

    def plan(self):
        """The epochs of each chunk, in order: 2, then 6 at a time (20 in all)."""
        return [RUN_FIRST] + [RUN_CHUNK] * ((RUN_EPOCHS - RUN_FIRST) // RUN_CHUNK)

    @property
    def epochs(self):
        return len(self.curves["loss"])

    @property
    def done(self):
        return bool(self.diverged) or self.epochs >= RUN_EPOCHS

    def step(self, go_on=None):
        """Train the next chunk of the plan; True while there is more to train. ``go_on`` is
        fit's callback, asked after each epoch (False ends the chunk early)."""
        if self.done:
            return False
        ends = np.cumsum(self.plan())
        start, k = self.epochs, self.settings["n_train"]
        n = int(ends[ends > start][0]) - start
        X, y = self.X[:k], self.y[:k]

        def measured(epoch, history):
            # The training digits in evaluation mode, after the epoch's last step.
            loss, acc = _evaluated(self.net, X, y)
            self.curves["loss"].append(loss)
            self.curves["acc"].append(acc)
            self.curves["val_loss"].append(float(history.val_loss[-1]))
            self.curves["val_acc"].append(float(history.val_accuracy[-1]))
            return None if go_on is None else go_on(epoch, history)

        history = train(self.net, X, y, self.optimizer, n, validation=(self.Xv, self.yv),
                        seed=start, callback=measured)
        if history.diverged:
            self.diverged = history.message
            # The curves hold the epochs that ended well (the callback's): the next one blew up.
            self.diverged_epoch = self.epochs + 1
        return not self.done

    def train(self):
        """Train every chunk; returns self."""
        while self.step():
            pass
        return self

    def message(self):
        """What the finished (or diverged) run did, in words that agree with its numbers."""
        if self.diverged:
            ended = "" if self.epochs else "\nNo epoch ended: no curves."
            return (f"Diverged in epoch {self.diverged_epoch}:\nthe loss or the weights blew "
                    f"up,\nso training stopped.{ended}\nTry a smaller η.")
        if self.epochs < RUN_EPOCHS:
            return ""
        loss, acc = self.curves["loss"][-1], self.curves["acc"][-1]
        if acc < 2 * CHANCE_ACCURACY:
            return (f"Not learning: training\naccuracy {acc:.1%}, near\nchance (10 %). "
                    "η is too\nsmall, or too large.")
        if loss > CHANCE_LOSS:
            wrong = round((1 - acc) * self.settings["n_train"])
            return (f"{acc:.1%} of the training\ndigits read right, yet the\nloss {loss:.3g} "
                    f"is worse than\nchance: the {wrong} it misreads,\nit misreads with near"
                    "\ncertainty (η is large).")
        return ""


def _evaluated(net, X, y):
    """(loss, accuracy) of ``net`` on (X, y) in evaluation mode (inf: logits not finite)."""
    with np.errstate(all="ignore"):
        Z = net.forward(X)
        loss = float(softmax_cross_entropy.value(Z, y)) if np.isfinite(Z).all() else math.inf
    return loss, float(np.mean(Z.argmax(axis=1) == y))


# -- underflow: the same backward pass in float64 and in float32 --------------------------

def deep_sigmoid_net(depth=80, width=32, seed=0):
    """A sigmoid network with ``depth`` hidden layers of ``width`` units, 64 in, 10 logits out."""
    return MLP([64] + [width] * depth + [10], activation="sigmoid",
               output_activation="identity", seed=seed)


def gradient_norms_in(net, X, y, dtype):
    """‖dW_l‖ of every layer (input side first) from one plain pass in ``dtype``.

    For a sigmoid network with an identity output and the softmax cross-entropy
    (``deep_sigmoid_net``): weights, biases and inputs are cast to ``dtype`` (np.float32 or
    np.float64) and every step of the forward and backward pass stays in that type:

        a_l = σ(z_l),  z_l = a_{l-1} W_lᵀ + b_l;   δ_L = (softmax(z_L) − T) / n;
        dW_l = δ_lᵀ a_{l-1};   δ_{l-1} = (δ_l W_l) ⊙ σ(z_{l-1}) (1 − σ(z_{l-1})).

    Below the type's smallest normal number (float32 1.2e-38, float64 2.2e-308) a number
    loses digits, and below its smallest subnormal (1.4e-45, 4.9e-324) it becomes exactly 0.
    Returns the norms as float64 (squaring them adds no underflow): an array (layers,).
    """
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be np.float32 or np.float64, got {dtype}")
    Ws = [layer.W.astype(dtype) for layer in net.layers]
    bs = [layer.b.astype(dtype) for layer in net.layers]
    A = [np.asarray(X, dtype=np.float64).astype(dtype)]
    one = dtype.type(1)
    with np.errstate(under="ignore", over="ignore"):
        for W, b in zip(Ws[:-1], bs[:-1]):
            A.append(one / (one + np.exp(-(A[-1] @ W.T + b))))
        z = A[-1] @ Ws[-1].T + bs[-1]
        e = np.exp(z - z.max(axis=1, keepdims=True))
        T = np.zeros_like(z)
        T[np.arange(len(y)), np.asarray(y)] = one
        delta = (e / e.sum(axis=1, keepdims=True) - T) / dtype.type(len(y))
        norms = []
        for layer in range(len(Ws) - 1, -1, -1):
            dW = delta.T @ A[layer]
            norms.append(np.sqrt(np.sum(dW.astype(np.float64) ** 2)))
            if layer:
                a = A[layer]
                delta = (delta @ Ws[layer]) * a * (one - a)
    return np.array(norms[::-1])
