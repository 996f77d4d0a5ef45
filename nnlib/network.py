"""A multilayer perceptron: Dense layers stacked so each one's output feeds the next.

``MLP([2, 2, 1])`` is 2 inputs, one hidden layer of 2 neurons, 1 output.
The forward pass runs the layers in order; the backward pass runs them in
reverse, each handing dL/dA to the layer below (the chain rule, one layer
at a time).

With ``residual=True`` every hidden layer after the first adds its input to its
output (a skip connection, He et al. 2016): a_l = a_{l−1} + f(z_l). The backward
pass then sends dL/da_l along both paths: through the layer (to W_l, b_l and, by
BP2, to a_{l−1}) and unchanged along the identity, so dL/da_{l−1} is their sum.
"""

import copy

import numpy as np

from . import activations
from ._validate import as_batch, as_real_array, make_rng, positive_int, real_number
from .dense import Dense
from .normalization import check_norm


class MLP:
    """A stack of ``Dense`` layers with sizes ``[n_in, h1, ..., n_out]``.

    Hidden layers use ``activation``, the last layer ``output_activation``.
    Initial weights come from ``init`` (scaled by ``init_scale``) with a
    generator seeded by ``seed``, so the same seed gives the same network.

    ``dropout=p`` (0 ≤ p < 1): in a training pass, ``forward(X, training=True)``,
    every hidden unit's output is dropped (set to 0) with probability p and the
    kept ones are scaled by 1/(1 − p) ("inverted dropout"), so each unit's
    expected output is what evaluation, ``forward(X)``, sees with no dropout.
    The output layer is never dropped. The masks come from the net's own
    generator ``dropout_rng`` (seeded from ``seed``, apart from the weights'
    draws, so the same seed gives the same weights with or without dropout);
    the last training pass keeps them in ``masks`` (one (n, h_l) array of 0 and
    1/(1 − p) per hidden layer; None after an evaluation pass), and ``backward``
    uses them. With ``residual=True`` the mask multiplies f(z_l) before the skip is added,
    a_l = a_{l−1} + f(z_l) ⊙ mask, as in standard residual blocks: the identity path is
    never dropped.

    ``residual=True`` (hidden layers all of one width): every hidden layer after the first
    computes a_l = a_{l−1} + f(z_l); the first hidden layer and the output layer have no skip.
    ``norm="batch"`` or ``"layer"``: every hidden layer normalises z before its activation
    (see ``nnlib.normalization``); the output layer is never normalised. Batch norm uses the
    batch's statistics in ``forward(X, training=True)`` and the running ones otherwise.

    >>> net = MLP([2, 2, 1], seed=0)
    >>> net
    MLP([2, 2, 1], activation=sigmoid, output_activation=sigmoid, init=xavier, 9 parameters)
    """

    def __init__(self, sizes, activation="sigmoid", output_activation="sigmoid", init="xavier",
                 seed=0, init_scale=1.0, dropout=0.0, residual=False, norm=None):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes must be a list of layer sizes like [2, 4, 1], got {sizes!r}")
        if len(sizes) < 2:
            raise ValueError("sizes must list at least the input and output sizes, like [2, 1]; "
                             f"got {list(sizes)}")
        self.sizes = [positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
        hidden = activations.get(activation)
        output = activations.get(output_activation)
        self.residual = _residual(residual, self.sizes)
        self.norm = check_norm(norm)
        self.dropout = real_number(dropout, "dropout")
        if not 0 <= self.dropout < 1:
            raise ValueError("dropout must be in [0, 1) (the probability of dropping a hidden "
                             f"unit while training), got {self.dropout}")
        rng = make_rng(seed=seed)
        # The masks' generator: a child of the seed, independent of the weights' draws.
        self.dropout_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
        self.masks = None
        self.seed = seed
        self.init = init
        self.init_scale = init_scale
        top = len(self.sizes) - 2                     # the output layer's index
        self.layers = [
            Dense(n_in, n_out, hidden if i < top else output, init, rng, init_scale,
                  norm=self.norm if i < top else None)
            for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]))
        ]

    # -- the two passes -----------------------------------------------------------------

    def forward(self, X, training=False, keep_masks=False):
        """Return the network's output, shape (n, n_out), for inputs X of shape (n, n_in).

        ``training=True`` is the pass a training step takes: with ``dropout`` > 0 it draws
        new masks (see the class); with ``norm="batch"`` it normalises with the batch's
        statistics and updates the running ones. ``keep_masks=True`` reuses the last
        training pass's masks instead of drawing new ones (same batch size), so the function
        being trained can be evaluated again, for example by finite differences.
        """
        X = as_batch(X, "X", self.sizes[0])
        if keep_masks and training and self.dropout:
            if self.masks is None or any(m.shape[0] != X.shape[0] for m in self.masks):
                raise ValueError("keep_masks=True needs a previous forward(X, training=True) "
                                 f"on a batch of the same size ({X.shape[0]} samples)")
        return self._forward(X, training, keep_masks)

    __call__ = forward

    def _forward(self, X, training=False, keep_masks=False):
        if training and self.dropout:
            return self._forward_hidden(X, training, self._masks_for(X, keep_masks))
        self.masks = None
        if self.residual:
            return self._forward_hidden(X, training, None)
        for layer in self.layers:
            X = layer._forward(X, training)
        return X

    def _masks_for(self, X, keep_masks):
        # Inverted dropout: each entry of a mask is 0 (probability p) or 1/(1 − p), so that
        # E[f(z) ⊙ mask] = f(z).
        if keep_masks:
            return self.masks
        keep, rng, n = 1.0 - self.dropout, self.dropout_rng, X.shape[0]
        return [(rng.random((n, layer.n_out)) < keep) / keep for layer in self.layers[:-1]]

    def _forward_hidden(self, a, training, masks):
        # Hidden layer l: a_l = f(z_l) ⊙ mask_l, plus a_{l−1} on a skip (every hidden layer
        # but the first). The layer keeps f(z) as A (for f′ in backward); the next layer's
        # X is a_l. The mask is applied before the add: the identity path is never dropped.
        skip = self.residual
        for i, layer in enumerate(self.layers[:-1]):
            f = layer._forward(a, training)
            if masks is not None:
                f = f * masks[i]
            a = a + f if skip and i > 0 else f
        self.masks = masks
        return self.layers[-1]._forward(a, training)

    def backward(self, dY=None, *, delta=None):
        """Backpropagate dL/dY (shape (n, n_out)) through every layer; return dL/dX.

        Afterwards each layer holds ``delta``, ``dW`` and ``db`` (and ``da`` for PReLU).
        Give ``delta`` (dL/dZ of the output layer) instead of ``dY`` when it is already known.
        """
        last = self.layers[-1]
        d = last.backward(dY, delta=delta)
        return self._backward_below(d, len(self.layers) - 1)

    def _backward(self, delta=None, dY=None):
        # Unchecked backward pass for training, from the output layer's delta (dL/dZ), or
        # from dY (dL/dY) when delta has no shortcut; dL/dX of the input is not computed.
        layers = self.layers
        top = len(layers) - 1
        if delta is None:
            dA = layers[top]._backward_dA(dY, need_dX=top > 0)
        else:
            dA = layers[top]._backward(delta, need_dX=top > 0)
        return self._backward_below(dA, top, need_dX=False)

    def _backward_below(self, dA, top, need_dX=True):
        # dA is dL/dA of layer top-1; run BP2 down through layers top-1 … 0. On a skip,
        # a_l = a_{l−1} + f(z_l), so dL/da_{l−1} = (through the layer) + dL/da_l (identity).
        layers, masks, skip = self.layers, self.masks, self.residual
        for i in range(top - 1, -1, -1):
            dF = dA if masks is None else dA * masks[i]   # a dropped unit 0, a kept 1/(1 − p)
            dX = layers[i]._backward_dA(dF, need_dX or i > 0)
            dA = dX + dA if skip and i > 0 else dX
        return dA

    # -- looking inside ---------------------------------------------------------------

    def gradient_norms(self, which="W"):
        """One number per layer, input side first: ‖dW_l‖ (Frobenius), or ‖db_l‖ = ‖Σ δ_l‖ with
        ``which="b"``. Call after ``backward``."""
        if which not in ("W", "b"):
            raise ValueError(f"which must be 'W' or 'b', got {which!r}")
        grads = [layer.dW if which == "W" else layer.db for layer in self.layers]
        return np.array([np.sqrt(np.vdot(g, g)) for g in grads])

    def parameters(self):
        """The trainable arrays as a list of ``(name, array)``, named W1, b1, W2, b2, …

        A PReLU layer adds its slopes after its bias: W1, b1, a1, W2, …; a normalised layer
        its γ and β: W1, b1, gamma1, beta1, W2, …
        """
        out = []
        for i, layer in enumerate(self.layers, start=1):
            out += [(f"W{i}", layer.W), (f"b{i}", layer.b)]
            if layer.a is not None:
                out.append((f"a{i}", layer.a))
            if layer.norm is not None:
                out += [(f"gamma{i}", layer.gamma), (f"beta{i}", layer.beta)]
        return out

    def running_stats(self):
        """Batch norm's running statistics as a list of ``(name, array)``: running_mean1,
        running_var1, … (empty without batch norm). Not trained, so not in ``parameters()``."""
        return [(f"running_{k}{i}", getattr(layer, f"running_{k}"))
                for i, layer in enumerate(self.layers, start=1)
                if layer.running_mean is not None for k in ("mean", "var")]

    def get_params(self):
        """A copy of every weight and bias (and PReLU slope, γ and β), to restore with
        ``set_params``."""
        return [p.copy() for _, p in self.parameters()]

    def set_params(self, params):
        """Copy arrays from ``get_params()`` back into the network (in place)."""
        own = self.parameters()
        if isinstance(params, (str, bytes)) or not hasattr(params, "__len__"):
            raise TypeError("params must be a list of arrays, as get_params() returns, "
                            f"got {type(params).__name__}")
        if len(params) != len(own):
            raise ValueError(f"expected {len(own)} arrays (W and b of each layer, a of each "
                             f"PReLU layer, gamma and beta of each normalised layer), "
                             f"got {len(params)}")
        checked = []                  # every array is checked before any is written
        for (name, p), new in zip(own, params):
            new = as_real_array(new, name, f"an array of numbers of shape {p.shape}")
            if new.shape != p.shape:
                raise ValueError(f"{name} must have shape {p.shape}, got {new.shape}")
            checked.append(new)
        for (_, p), new in zip(own, checked):
            p[...] = new

    def copy(self):
        """An independent copy of the network (weights, biases, everything)."""
        return copy.deepcopy(self)

    @property
    def n_params(self):
        """The number of trainable numbers in all layers."""
        return sum(layer.n_params for layer in self.layers)

    @property
    def n_in(self):
        return self.sizes[0]

    @property
    def n_out(self):
        return self.sizes[-1]

    def __repr__(self):
        hidden = self.layers[0].activation.name if len(self.layers) > 1 else "-"
        return (f"MLP({self.sizes}, activation={hidden}, "
                f"output_activation={self.layers[-1].activation.name}, init={self.init}, "
                f"{f'dropout={self.dropout:g}, ' if self.dropout else ''}"
                f"{'residual=True, ' if self.residual else ''}"
                f"{f'norm={self.norm}, ' if self.norm else ''}"
                f"{self.n_params} parameters)")


def _residual(residual, sizes):
    """Return ``residual`` as a bool; a skip a_l = a_{l−1} + f(z_l) needs equal widths."""
    if not isinstance(residual, (bool, np.bool_)):
        raise TypeError(f"residual must be True or False, got {residual!r}")
    hidden = sizes[1:-1]
    if residual and len(set(hidden)) > 1:
        raise ValueError("residual=True adds each hidden layer's input to its output, so every "
                         f"hidden layer must have the same width; got widths {hidden}")
    return bool(residual)
