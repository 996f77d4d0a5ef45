"""Stochastic gradient descent, with the usual additions, in one readable ``step``.

One step, in this order (PyTorch's SGD with the biases kept out of the decay):

1. clip: if the global norm ‖g‖ of all gradients (every W and b together,
   and PReLU's slopes a) exceeds ``clip_norm``, scale them all by ``clip_norm / ‖g‖``;
2. decay: add ``weight_decay · W`` (L2) and ``l1 · sign(W)`` (L1) to the
   weight gradients only; biases and PReLU slopes are not decayed;
3. momentum: ``v = momentum · v + g``  (with momentum 0, v is just g);
4. update: ``p = p − lr · v``.
"""

import numpy as np

from ._validate import non_negative_float, positive_float


class SGD:
    """Gradient descent on every weight and bias of a network (and PReLU slope).

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
        layers = _layers_of(net)
        scale = 1.0
        if self.clip_norm is not None:
            norm = global_norm(layers)
            if norm > self.clip_norm:
                scale = self.clip_norm / norm
        if scale == 1.0 and not (self.momentum or self.weight_decay or self.l1):
            lr = self.lr   # plain gradient descent: p −= lr·g, nothing else to do
            for layer in layers:
                layer.W -= lr * layer.dW
                if self.update_biases:
                    layer.b -= lr * layer.db
                if getattr(layer, "da", None) is not None:   # PReLU's slopes
                    layer.a -= lr * layer.da
            return
        for layer in layers:
            da = getattr(layer, "da", None)
            self._update(layer, "W", layer.W, layer.dW, scale, decay=True)
            if self.update_biases:
                self._update(layer, "b", layer.b, layer.db, scale, decay=False)
            if da is not None:   # PReLU's slopes: like biases, not decayed
                self._update(layer, "a", layer.a, da, scale, decay=False)

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
    """‖g‖ over every weight, bias and PReLU-slope gradient of ``layers`` together (L2 norm)."""
    total = 0.0
    for layer in layers:
        total += np.vdot(layer.dW, layer.dW) + np.vdot(layer.db, layer.db)
        da = getattr(layer, "da", None)
        if da is not None:
            total += np.vdot(da, da)
    return float(np.sqrt(total))


def _layers_of(net):
    layers = getattr(net, "layers", None)
    if layers is None:
        if hasattr(net, "dW") and hasattr(net, "W"):
            return [net]
        raise TypeError(f"step needs an MLP or a Dense layer, got {type(net).__name__}")
    return layers
