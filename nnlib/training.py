"""The training loop: forward, loss, backward, one optimiser step; repeat.

``fit`` runs it over epochs and batches and returns a ``History`` of what
happened: the loss at every step, each layer's gradient norm at every step,
the loss and accuracy of every epoch, and whether training diverged.
"""

import math

import numpy as np

from . import losses
from ._validate import as_batch, network, positive_int, seed_value

# A step that would move the parameters by more than this many times their own
# size (and by more than this much in absolute terms) counts as divergence: the
# weights have blown up even if saturated sigmoids keep the loss finite.
_BLOWUP = 1e3


def forward_backward(net, loss, X, T):
    """One forward and backward pass of ``net`` on a batch; returns the loss (a float).

    Afterwards every layer holds its gradients ``dW``, ``db`` and ``delta`` (and ``da``
    for PReLU).
    ``loss`` is a name or a loss object; ``T`` must fit the loss and the output.
    """
    network(net)
    loss = losses.get(loss)
    X = as_batch(X, "X", net.sizes[0])
    T = loss.targets(T, (X.shape[0], net.sizes[-1]))
    return _forward_backward(net, loss, X, T)


def _forward_backward(net, loss, X, T):
    # Unchecked: one forward pass, the output delta (BP1), and the backward pass.
    Y = net._forward(X)
    out = net.layers[-1]
    delta = loss.output_delta(Y, T, out.activation)
    if delta is None:
        net._backward(dY=loss._grad(Y, T))     # the output layer applies f′ (BP1)
    else:
        net._backward(delta)
    return float(loss._value(Y, T))


def is_classifier(loss, T):
    """True for the cross-entropies, and for squared error on 0/1 targets (like XOR)."""
    return loss is not losses.half_mse or bool(np.isin(T, (0.0, 1.0)).all())


def n_correct(Y, T):
    """How many rows of outputs ``Y`` pick the class of targets ``T``.

    One output: the prediction is y > 0.5 (for logits y > 0 would be the
    same rule; use two outputs and softmax for that). Several outputs: the
    largest one.
    """
    if Y.shape[1] == 1:
        return int(np.count_nonzero((Y > 0.5) == (T > 0.5)))
    return int(np.count_nonzero(Y.argmax(axis=1) == T.argmax(axis=1)))


class History:
    """What ``fit`` recorded.

    Attributes (numpy arrays, growing as training runs):
      ``loss``        (steps,)          the batch loss before each optimiser step
      ``grad_norms``  (steps, layers)   ‖dW_l‖ at each step, input side first
      ``epoch_loss``  (epochs,)         mean batch loss over each epoch
      ``accuracy``    (epochs,) or None fraction of training samples classified right
      ``val_loss``, ``val_accuracy``    the same on validation data, if given
      ``diverged``    bool              the loss or the weights became inf/NaN or blew up
      ``message``     str               why training stopped, in words
    """

    def __init__(self, max_steps, max_epochs, n_layers, classifier, validation):
        self._loss = np.full(max_steps, np.nan)
        self._grad_norms = np.full((max_steps, n_layers), np.nan)
        self._epoch_loss = np.full(max_epochs, np.nan)
        self._accuracy = np.full(max_epochs, np.nan) if classifier else None
        self._val_loss = np.full(max_epochs, np.nan) if validation else None
        self._val_accuracy = np.full(max_epochs, np.nan) if validation and classifier else None
        self.steps = 0
        self.epochs = 0
        self.diverged = False
        self.diverged_at = None
        self.stopped_by_callback = False
        self.message = "not started"

    loss = property(lambda self: self._loss[:self.steps])
    grad_norms = property(lambda self: self._grad_norms[:self.steps])
    epoch_loss = property(lambda self: self._epoch_loss[:self.epochs])
    accuracy = property(lambda self: None if self._accuracy is None
                        else self._accuracy[:self.epochs])
    val_loss = property(lambda self: None if self._val_loss is None
                        else self._val_loss[:self.epochs])
    val_accuracy = property(lambda self: None if self._val_accuracy is None
                            else self._val_accuracy[:self.epochs])

    def __len__(self):
        return self.steps

    def __repr__(self):
        parts = [f"{self.epochs} epochs", f"{self.steps} steps"]
        if self.steps:
            parts.append(f"last loss {self._loss[self.steps - 1]:.6g}")
        if self.accuracy is not None and self.epochs:
            parts.append(f"accuracy {self.accuracy[-1]:.1%}")
        if self.diverged:
            parts.append("DIVERGED")
        return f"History({', '.join(parts)}: {self.message})"


def fit(net, X, T, loss, optimizer, epochs, batch_size=None, shuffle=True, seed=0,
        callback=None, validation=None):
    """Train ``net`` on (X, T) and return a ``History``.

    Parameters
    ----------
    net : MLP
    X : array (n, n_in)
    T : targets fitting ``loss``: (n, n_out), or (n,) for one output or class labels
    loss : "half_mse", "binary_cross_entropy", "softmax_cross_entropy" or a loss object
    optimizer : SGD (anything with ``step(net)`` and ``lr``)
    epochs : int, passes over the data
    batch_size : None for full batch, 1 for stochastic gradient descent, else mini-batches
    shuffle : reshuffle the samples each epoch (mini-batches only), from ``seed``
    callback : ``callback(epoch, history)`` after every epoch; returning False (or a
        numpy False) stops
    validation : optional ``(X_val, T_val)`` evaluated after every epoch

    Training stops early, without raising or warning, when the loss or the
    gradients become inf/NaN or a step would blow the weights up; then
    ``history.diverged`` is True and the step that blew up is not applied.
    """
    network(net)
    loss = losses.get(loss)
    X = as_batch(X, "X", net.sizes[0])
    n = X.shape[0]
    T = loss.targets(T, (n, net.sizes[-1]))
    epochs = positive_int(epochs, "epochs")
    bs = n if batch_size is None else min(positive_int(batch_size, "batch_size"), n)
    if validation is not None:
        if isinstance(validation, (str, bytes)) or not hasattr(validation, "__len__"):
            raise TypeError("validation must be a pair (X_val, T_val), "
                            f"got {type(validation).__name__}")
        if len(validation) != 2:
            raise ValueError("validation must be a pair (X_val, T_val), "
                             f"got {len(validation)} items")
        Xv, Tv = validation
        Xv = as_batch(Xv, "validation X", net.sizes[0])
        Tv = loss.targets(Tv, (Xv.shape[0], net.sizes[-1]))
    if callback is not None and not callable(callback):
        raise TypeError("callback must be a function callback(epoch, history)")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError("optimizer must be an optimiser like nnlib.SGD(0.1) (anything with "
                        f"step(net)), got {type(optimizer).__name__}")
    seed = seed_value(seed)
    lr = float(getattr(optimizer, "lr", 1.0))
    clip = getattr(optimizer, "clip_norm", None)   # a clipped step is at most lr·clip long
    classifier = is_classifier(loss, T)
    n_batches = -(-n // bs)
    history = History(epochs * n_batches, epochs, len(net.layers), classifier,
                      validation is not None)
    rng = np.random.default_rng(seed)
    layers = net.layers
    sqrt, vdot = math.sqrt, np.vdot
    step_loss, step_norms = history._loss, history._grad_norms
    starts = range(0, n, bs)
    reshuffle = shuffle and bs < n
    i = 0
    with np.errstate(all="ignore"):  # overflow is detected below, not printed
        for epoch in range(epochs):
            order = rng.permutation(n) if reshuffle else None
            epoch_sum, correct = 0.0, 0
            for start in starts:
                if bs == n:
                    Xb, Tb = X, T
                elif order is None:
                    Xb, Tb = X[start:start + bs], T[start:start + bs]
                else:
                    idx = order[start:start + bs]
                    Xb, Tb = X[idx], T[idx]
                L = _forward_backward(net, loss, Xb, Tb)
                norms = [sqrt(vdot(layer.dW, layer.dW)) for layer in layers]
                step_norms[i] = norms
                step_loss[i] = L
                i += 1
                history.steps = i
                g = sqrt(sum(x * x for x in norms))
                if clip is not None and g > clip:
                    g = clip
                if not (math.isfinite(L) and lr * g <= _BLOWUP):   # cheap test first
                    reason = _divergence(L, g, lr, net)
                    if reason:
                        history.diverged, history.diverged_at = True, i - 1
                        history.message = (f"diverged at step {i} (epoch {epoch + 1}): "
                                           f"{reason}; try a smaller learning rate")
                        return history
                optimizer.step(net)
                epoch_sum += L * Xb.shape[0]
                if classifier:
                    correct += n_correct(layers[-1].A, Tb)
            history._epoch_loss[epoch] = epoch_sum / n
            if classifier:
                history._accuracy[epoch] = correct / n
            if validation is not None:
                Yv = net._forward(Xv)
                history._val_loss[epoch] = loss._value(Yv, Tv)
                if classifier:
                    history._val_accuracy[epoch] = n_correct(Yv, Tv) / Xv.shape[0]
            history.epochs = epoch + 1
            if callback is not None and _stops(callback(epoch, history)):
                history.stopped_by_callback = True
                history.message = f"stopped by the callback after epoch {epoch + 1}"
                return history
    history.message = f"finished {epochs} epochs"
    return history


def _stops(answer):
    """A callback stops training by returning False, a numpy False included (so that
    ``return history.accuracy[-1] < 1`` works); None, its usual answer, goes on."""
    return isinstance(answer, (bool, np.bool_)) and not answer


def _divergence(L, g, lr, net):
    """Why this step counts as divergence, in words, or '' if it does not.

    ``L`` is the loss, ``g`` the gradient norm and ``lr`` the learning rate.
    """
    if not math.isfinite(L):
        return f"the loss became {L}"
    if not math.isfinite(g):
        return "a gradient became inf or NaN"
    size = math.sqrt(sum(float(np.vdot(p, p)) for _, p in net.parameters()))
    if lr * g > _BLOWUP * max(size, 1.0):
        return (f"the step (learning rate × gradient norm = {lr * g:.3g}) would move the "
                f"weights {lr * g / max(size, 1.0):.3g}× their size")
    return ""
