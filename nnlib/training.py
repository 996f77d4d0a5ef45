"""The training loop: forward, loss, backward, one optimiser step; repeat.

``fit`` reads like the ``SGD`` method of Nielsen's network.py: for each epoch,
shuffle, cut the data into mini-batches, update the weights on each. It returns a
``History`` of what happened (see ``nnlib.history``): the loss at every step, each
layer's gradient norm at every step, the loss and accuracy of every epoch, and
whether training diverged.
"""

import math

import numpy as np

from . import losses
from ._validate import as_batch, network, positive_int, seed_value
from .history import History

__all__ = ["History", "divergence", "fit", "forward_backward", "forward_backward_unchecked",
           "is_classifier", "mini_batches", "n_correct", "update_mini_batch", "weight_size"]

# A step that would move the parameters by more than this many times their own size (and by
# more than this much in absolute terms) counts as divergence (History, rule 2); so do
# weights grown to this many times their size when fit began (rule 3).
_BLOWUP = 1e3
# Rule 3 costs a pass over every parameter: it runs after an epoch once this many steps have
# passed since it last ran, and after the last epoch (every epoch of 10 or more batches).
_GROWTH_EVERY = 10


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
    return forward_backward_unchecked(net, loss, X, T)


def forward_backward_unchecked(net, loss, X, T, training=False):
    """``forward_backward`` without its checks, for inner loops; returns the loss (a float).

    ``loss`` must be a loss object (not a name), ``X`` a float64 array (n, n_in) and ``T``
    the targets as ``loss.targets`` returns them, shape (n, n_out): nothing here checks
    the network, the shapes, the dtypes or for NaN. It exists for speed: on networks this
    small a step costs microseconds and the checks would cost as much as the maths, so
    loops that call it thousands of times (``fit``, ``lr_range_test``, ``check_gradients``)
    check their input once and then call this. ``training=True`` is a training step's
    forward pass (dropout, batch statistics); evaluation uses the default, False.
    """
    Y = net._forward(X, training=training)
    delta = loss.output_delta(Y, T, net.layers[-1].activation)
    if delta is None:
        net._backward(dY=loss._grad(Y, T))     # the output layer applies f′ (BP1)
    else:
        net._backward(delta)                   # BP1 done by the loss: δ = (y − t)/n
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


def mini_batches(X, T, batch_size, rng=None):
    """Cut (X, T) into batches of ``batch_size`` rows (the last may be smaller).

    With a generator ``rng`` the rows are shuffled first (one ``rng.permutation``), else
    taken in order; a batch as large as the data is (X, T) itself. Yields ``(X_b, T_b)``.
    """
    n = X.shape[0]
    if batch_size >= n:
        yield X, T
        return
    order = None if rng is None else rng.permutation(n)
    for start in range(0, n, batch_size):
        if order is None:
            yield X[start:start + batch_size], T[start:start + batch_size]
        else:
            idx = order[start:start + batch_size]
            yield X[idx], T[idx]


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

    Training steps run the network with ``training=True``; the validation pass with
    ``training=False``. Training stops early, without raising or warning, when it
    diverges (the loss or a gradient becomes inf/NaN, a step would blow the weights up, or
    an epoch left them a thousand times larger than they began: see ``History``); then
    ``history.diverged`` is True.
    """
    loss = losses.get(loss)
    X, T, epochs, bs, validation = _checked(net, X, T, loss, optimizer, epochs, batch_size,
                                            callback, validation)
    n = X.shape[0]
    history = History(epochs * -(-n // bs), epochs, len(net.layers), is_classifier(loss, T),
                      validation is not None)
    seed = seed_value(seed)
    rng = np.random.default_rng(seed) if shuffle else None
    size0, next_check = max(weight_size(net), 1.0), _GROWTH_EVERY
    with np.errstate(all="ignore"):  # overflow is detected as divergence, not printed
        for epoch in range(epochs):
            for Xb, Tb in mini_batches(X, T, bs, rng):
                reason = update_mini_batch(net, loss, optimizer, Xb, Tb, history)
                if reason:
                    history.record_stop(f"diverged at step {history.steps} (epoch {epoch + 1}):"
                                        f" {reason}; try a smaller learning rate", diverged=True)
                    return history
            history.record_epoch(n, *_evaluate(net, loss, validation, history.classifier))
            if history.steps >= next_check or epoch == epochs - 1:
                next_check = history.steps + _GROWTH_EVERY
                reason = _growth(net, size0)
                if reason:
                    history.record_stop(f"diverged in epoch {epoch + 1}: {reason}; try a "
                                        "smaller learning rate", diverged=True)
                    return history
            if callback is not None and _stops(callback(epoch, history)):
                history.record_stop(f"stopped by the callback after epoch {epoch + 1}",
                                    by_callback=True)
                return history
    history.record_stop(f"finished {epochs} epochs")
    return history


def update_mini_batch(net, loss, optimizer, X, T, history):
    """One training step on the batch (X, T): forward (``training=True``) and backward, record
    the loss and gradient norms in ``history``, then ``optimizer.step(net)`` unless the step
    shows divergence. Returns why it diverged, in words, or '' when the step was taken."""
    L = forward_backward_unchecked(net, loss, X, T, training=True)
    norms = [math.sqrt(np.vdot(layer.dW, layer.dW)) for layer in net.layers]
    correct = n_correct(net.layers[-1].A, T) if history.classifier else 0
    history.record_step(L, norms, X.shape[0], correct)
    reason = divergence(L, norms, optimizer, net)
    if not reason:
        optimizer.step(net)
    return reason


def divergence(L, grad_norms, optimizer, net):
    """Why the step about to be taken counts as divergence, in words, or '' if it does not:
    rules 1 and 2 of ``History``'s docstring. ``L`` is the batch loss, ``grad_norms`` the
    layers' ‖dW‖ (a list, input side first)."""
    lr = float(getattr(optimizer, "lr", 1.0))
    clip = getattr(optimizer, "clip_norm", None)    # a clipped step is at most lr·clip long
    g = math.sqrt(sum(x * x for x in grad_norms))
    if clip is not None and g > clip:
        g = clip
    if not (math.isfinite(L) and lr * g <= _BLOWUP):   # the cheap test first
        if not math.isfinite(L):
            return f"the loss became {L}"
        if not math.isfinite(g):
            return "a gradient became inf or NaN"
        if not getattr(optimizer, "step_is_lr_times_gradient", True):
            return ""                                   # Adam: rule 2 does not apply
        size = max(weight_size(net), 1.0)
        if lr * g > _BLOWUP * size:
            return (f"the step (learning rate × gradient norm = {lr * g:.3g}) would move the "
                    f"weights {lr * g / size:.3g}× their size")
    return ""


def _growth(net, size0):
    """Rule 3 of ``History``: why the weights count as blown up, in words, or ''.
    ``size0`` is max(‖θ‖, 1) when fit began."""
    grown = weight_size(net) / size0
    if grown <= _BLOWUP:
        return ""
    return f"the weights grew to {grown:.3g}× their size when training began"   # or NaN


def weight_size(net):
    """‖θ‖: the L2 norm of all of ``net``'s parameters (every W, b, …) taken as one vector."""
    return math.sqrt(sum(float(np.vdot(p, p)) for _, p in net.parameters()))


def _checked(net, X, T, loss, optimizer, epochs, batch_size, callback, validation):
    """fit's checks: returns X (n, n_in), T (n, n_out), epochs, the batch size (at most n)
    and validation as (X_val, T_val) or None."""
    network(net)
    X = as_batch(X, "X", net.sizes[0])
    n = X.shape[0]
    T = loss.targets(T, (n, net.sizes[-1]))
    epochs = positive_int(epochs, "epochs")
    bs = n if batch_size is None else min(positive_int(batch_size, "batch_size"), n)
    if n % bs == 1 and getattr(net, "norm", None) == "batch":
        raise ValueError(f"with batch norm every batch needs 2 or more samples, but {n} samples in "
                         f"batches of {bs} leave a last batch of 1; choose another batch_size")
    if validation is not None:
        if isinstance(validation, (str, bytes)) or not hasattr(validation, "__len__"):
            raise TypeError("validation must be a pair (X_val, T_val), "
                            f"got {type(validation).__name__}")
        if len(validation) != 2:
            raise ValueError("validation must be a pair (X_val, T_val), "
                             f"got {len(validation)} items")
        Xv = as_batch(validation[0], "validation X", net.sizes[0])
        validation = Xv, loss.targets(validation[1], (Xv.shape[0], net.sizes[-1]))
    if callback is not None and not callable(callback):
        raise TypeError("callback must be a function callback(epoch, history)")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError("optimizer must be an optimiser like nnlib.SGD(0.1) (anything with "
                        f"step(net)), got {type(optimizer).__name__}")
    return X, T, epochs, bs, validation


def _evaluate(net, loss, validation, classifier):
    """(loss, accuracy) on the validation data with ``training=False``; (None, None) without."""
    if validation is None:
        return None, None
    Xv, Tv = validation
    Yv = net._forward(Xv, training=False)
    return loss._value(Yv, Tv), (n_correct(Yv, Tv) / Xv.shape[0] if classifier else None)


def _stops(answer):
    """A callback stops training by returning False, a numpy False included (so that
    ``return history.accuracy[-1] < 1`` works); None, its usual answer, goes on."""
    return isinstance(answer, (bool, np.bool_)) and not answer
