"""Stochastic gradient descent, with the usual additions, in one readable ``step``.

(``parameters_and_grads`` here walks every trainable array of a network; Adam, in
``adam.py``, walks the same.)

One step, in this order (PyTorch's SGD with the biases kept out of the decay):

1. clip: if the global norm ‖g‖ of all gradients (every W and b together, PReLU's
   slopes a and normalised layers' γ and β) exceeds ``clip_norm``, scale them all by
   ``clip_norm / ‖g‖``;
2. decay: add ``weight_decay · W`` (L2) and ``l1 · sign(W)`` (L1) to the
   weight gradients only; biases, PReLU slopes, γ and β are not decayed;
3. momentum: ``v = momentum · v + g``  (with momentum 0, v is just g);
4. update: ``p = p − lr · v``.
"""

import numpy as np

from ._validate import non_negative_float, positive_float


class SGD:
    """Gradient descent on every weight and bias of a network (and PReLU slope, γ and β).

    ``update_biases=False`` leaves every bias as it is and trains the rest
    (the classic worked example of backprop does this).
    """

    def __init__(self, lr, momentum=0.0, weight_decay=0.0, l1=0.0, clip_norm=None,
                 update_biases=True):
        self.lr = positive_float(lr, "lr (learning rate)")
        self.momentum = non_negative_float(momentum, "momentum")
        if self.momentum >= 1:
            raise ValueError(f"momentum must be in [0, 1), got {self.momentum}")
        self.weight_decay = non_negative_float(weight_decay, "weight_decay")
        self.l1 = non_negative_float(l1, "l1")
        self.clip_norm = None if clip_norm is None else positive_float(clip_norm, "clip_norm")
        self.update_biases = bool(update_biases)
        self._velocity = {}

    def step(self, net):
        """Update ``net``'s parameters in place from the gradients its ``backward`` left."""
        layers = layers_of(net)
        scale = 1.0
        if self.clip_norm is not None:
            norm = global_norm(layers)
            if norm > self.clip_norm:
                scale = self.clip_norm / norm
        lr = self.lr
        # update_biases=False (the worked example keeps its biases): b is not even visited,
        # so its gradient db is never summed (see Dense.db).
        trained = parameters_and_grads(layers, biases=self.update_biases)
        if scale == 1.0 and not (self.momentum or self.weight_decay or self.l1):
            for _, _, p, g in trained:
                p -= lr * g        # plain gradient descent: p −= lr·g, nothing else to do
            return
        for layer, name, p, g in trained:
            self._update(layer, name, p, g, scale, decay=name == "W")   # only W is decayed

    def _update(self, layer, name, p, g, scale, decay):
        if scale != 1.0:
            g = g * scale
        if decay and self.weight_decay:
            g = g + self.weight_decay * p
        if decay and self.l1:
            g = g + self.l1 * np.sign(p)
        if self.momentum:
            key = (id(layer), name)
            v = self._velocity.get(key)
            if v is None or v.shape != g.shape:
                v = self._velocity[key] = np.zeros_like(g)
            v *= self.momentum
            v += g
            g = v
        p -= self.lr * g

    def reset(self):
        """Forget the momentum (velocity) accumulated so far."""
        self._velocity.clear()

    def __repr__(self):
        extras = [f"{k}={getattr(self, k):g}" for k in ("momentum", "weight_decay", "l1")
                  if getattr(self, k)]
        if self.clip_norm is not None:
            extras.append(f"clip_norm={self.clip_norm:g}")
        if not self.update_biases:
            extras.append("update_biases=False")
        return f"SGD(lr={self.lr:g}{''.join(', ' + e for e in extras)})"


def global_norm(layers):
    """‖g‖ over every weight, bias, PReLU-slope, γ and β gradient of ``layers`` together (L2
    norm)."""
    total = 0.0
    for layer in layers:
        squares = [np.vdot(g, g) for _, _, _, g in parameters_and_grads([layer])]
        total += squares[0] + squares[1]     # ‖dW‖² + ‖db‖², then the rest, in this order
        for sq in squares[2:]:
            total += sq
    return float(np.sqrt(total))


# Besides W and b, the trainable arrays a layer may have, with the name of its gradient: PReLU's
# slopes (``da`` is None for other activations) and a normalised layer's γ and β.
_MORE_PARAMETERS = (("a", "da"), ("gamma", "dgamma"), ("beta", "dbeta"))


def parameters_and_grads(layers, biases=True):
    """Yield ``(layer, name, p, g)`` for every trainable array ``p`` of ``layers`` that has a
    gradient ``g`` (same shape), in the order W, b, a, gamma, beta of each layer; with
    ``biases=False``, every one but the biases b.

    The one place that knows which arrays an optimiser updates: SGD and Adam both walk it.
    Gradients are the layer's own attributes (``dW``, ``db``, ``da``, …), set by backward.
    """
    for layer in layers:
        yield layer, "W", layer.W, layer.dW
        if biases:
            yield layer, "b", layer.b, layer.db
        grads = vars(layer)              # a dict look-up: cheaper than getattr on a miss
        for name, grad_name in _MORE_PARAMETERS:
            g = grads.get(grad_name)
            if g is not None:
                yield layer, name, getattr(layer, name), g


def layers_of(net):
    """The layers an optimiser's ``step(net)`` updates: an MLP's ``layers``, or a lone Dense."""
    layers = getattr(net, "layers", None)
    if layers is None:
        if hasattr(net, "dW") and hasattr(net, "W"):
            return [net]
        raise TypeError(f"step needs an MLP or a Dense layer, got {type(net).__name__}")
    return layers
