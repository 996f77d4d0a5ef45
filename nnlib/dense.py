"""A fully connected layer: ``z = W a_prev + b``, ``a = f(z)``, for a batch at once.

Shapes, for a batch of n samples (one sample per row):

    X (n, n_in) --[ Z = X Wᵀ + b ]--> Z (n, n_out) --[ A = f(Z) ]--> A (n, n_out)

``W`` has shape (n_out, n_in): row i holds neuron i's weights, as in the
maths ``z = W a + b``. The backward pass implements the four backprop
equations for one layer:

    delta = dA ⊙ f′(Z)          (BP1/BP2: the error at this layer's z)
    db    = Σ_samples delta      (BP3)
    dW    = deltaᵀ X             (BP4)
    dX    = delta W              (the error handed to the layer below)

A PReLU layer also learns one negative-side slope per unit, ``a`` (n_out,);
with A = max(Z, 0) + a ⊙ min(Z, 0), its gradient needs dA itself:

    da    = Σ_samples dA ⊙ min(Z, 0)

A normalised layer (``norm="batch"`` or ``"layer"``, see ``nnlib.normalization``) puts
z̃ = γ ⊙ (z − μ)/√(σ² + ε) + β between z and the activation, A = f(Z̃), and learns γ, β
(n_out,); its backward pass runs the normalisation's backward between BP2 and BP3, so
``delta`` is still dL/dZ of Z = X Wᵀ + b.
"""

import numpy as np

from . import activations, normalization
from ._validate import as_batch, as_real_array, make_rng, positive_int
from .init import weights as init_weights


class Dense:
    """One layer of ``n_out`` neurons, each fed by all ``n_in`` inputs.

    Parameters
    ----------
    n_in, n_out : int
        Number of inputs and of neurons.
    activation : str or Activation
        "sigmoid", "tanh", "relu", "leaky_relu", "prelu" or "identity".
    init : str
        Weight initialiser, "xavier", "he", "normal" or "zeros"; biases start at 0.
    rng : numpy.random.Generator, optional
        Where the initial weights come from (a fresh unseeded one if omitted).
    init_scale : float
        Multiplies the initial weights' standard deviation.
    norm : None, "batch" or "layer"
        Normalise z before the activation (see ``nnlib.normalization``).

    After ``forward(X)`` the layer keeps ``X``, ``Z`` (= X Wᵀ + b), ``Z_tilde`` (the
    activation's input: z̃ when normalised, else Z itself) and ``A``; after
    ``backward(dA)`` it holds ``delta`` (dL/dZ), ``dW`` and ``db``. With
    ``activation="prelu"`` it also has the learned slopes ``a`` (n_out,) and,
    after ``backward``, their gradient ``da``; for other activations both are None.
    A normalised layer has ``gamma`` (starts at 1) and ``beta`` (starts at 0), shape
    (n_out,), and after ``backward`` ``dgamma``, ``dbeta``; with ``norm="batch"`` also
    ``running_mean`` (starts at 0) and ``running_var`` (starts at 1), which
    ``forward(X, training=True)`` updates and ``forward(X)`` uses. Without norm all are None.
    """

    def __init__(self, n_in, n_out, activation="sigmoid", init="xavier", rng=None,
                 init_scale=1.0, norm=None):
        self.n_in = positive_int(n_in, "n_in")
        self.n_out = positive_int(n_out, "n_out")
        # A PReLU layer gets its own activation object, holding this layer's slopes.
        self.activation = activations.get(activation).for_layer(self.n_out)
        if self.activation.name == "step":
            raise ValueError("the step activation has no useful gradient, so a Dense layer "
                             "cannot learn with it; use nnlib.Perceptron, or 'sigmoid'")
        self.init = init
        self.W = init_weights(init, self.n_in, self.n_out, make_rng(rng), init_scale)
        self.b = np.zeros(self.n_out)
        self.X = self.Z = self.Z_tilde = self.A = None
        self.delta = None
        self.dW = np.zeros_like(self.W)
        self._db = np.zeros_like(self.b)
        self.da = None if self.a is None else np.zeros_like(self.a)
        self._init_norm(normalization.check_norm(norm))

    def _init_norm(self, norm):
        # γ = 1, β = 0: a fresh normalised layer outputs ẑ itself. Running statistics start
        # at mean 0, variance 1, as torch's BatchNorm1d.
        self.norm = norm
        self.gamma = self.beta = self.dgamma = self.dbeta = None
        self.running_mean = self.running_var = None
        self._norm_cache = None
        if norm is not None:
            self.gamma, self.beta = np.ones(self.n_out), np.zeros(self.n_out)
            self.dgamma, self.dbeta = np.zeros(self.n_out), np.zeros(self.n_out)
        if norm == "batch":
            self.running_mean, self.running_var = np.zeros(self.n_out), np.ones(self.n_out)

    @property
    def a(self):
        """PReLU's learned slopes, shape (n_out,) (the activation's own array); else None."""
        return self.activation.slope if self.activation.name == "prelu" else None

    @a.setter
    def a(self, value):
        if self.a is None:
            raise AttributeError(f"a {self.activation.name} layer has no learned slopes 'a'")
        self.a[...] = _as_shaped(value, self.a.shape, "a")

    def forward(self, X, training=False):
        """Return the activations A = f(X Wᵀ + b), shape (n, n_out), for X of shape (n, n_in).

        ``training`` matters only for batch norm: True uses (and records in the running
        statistics) the batch's mean and variance, False the running statistics.
        """
        return self._forward(as_batch(X, "X", self.n_in), bool(training))

    def _forward(self, X, training=False):
        # The unchecked forward pass; callers have validated X already.
        self.X = X
        self.Z = Z = X @ self.W.T + self.b
        if self.norm is not None:
            Z = self._norm_forward(Z, training)
        self.Z_tilde = Z
        self.A = self.activation.f(Z)
        return self.A

    def _norm_forward(self, Z, training):
        # z̃ = γ ⊙ (z − μ)/√(σ² + ε) + β; the cache is what the backward pass needs.
        if self.norm == "layer":
            Z_tilde, self._norm_cache = normalization.layer_norm_forward(Z, self.gamma, self.beta)
        else:
            Z_tilde, self._norm_cache = normalization.batch_norm_forward(
                Z, self.gamma, self.beta, self.running_mean, self.running_var, training)
        return Z_tilde

    def backward(self, dA=None, *, delta=None):
        """Backpropagate dL/dA (shape (n, n_out)); fill ``delta``, ``dW``, ``db``; return dL/dX.

        Pass ``delta`` (dL/dZ) instead of ``dA`` when it is already known, as
        for a sigmoid output with cross-entropy, where it is simply (y − t)/n.
        """
        if self.Z is None:
            raise ValueError("call forward(X) before backward(...): the layer needs X and Z")
        shape = self.Z.shape
        if delta is None:
            if dA is None:
                raise TypeError("backward needs dA (dL/dA) or delta (dL/dZ)")
            return self._backward_dA(_as_shaped(dA, shape, "dA"))
        if dA is not None:
            raise TypeError("give backward either dA or delta, not both")
        if self.a is not None:
            raise ValueError("a PReLU layer learns its slopes from dA (dL/dA), which delta "
                             "does not determine; pass dA")
        if self.norm is not None:
            raise ValueError("a normalised layer learns gamma and beta from dA (dL/dA), "
                             "which delta (dL/dZ) does not determine; pass dA")
        return self._backward(_as_shaped(delta, shape, "delta"))

    def _backward_dA(self, dA, need_dX=True):
        # BP2 at this layer, delta = dA ⊙ f′(Z), then BP3/BP4. A PReLU layer first takes
        # the gradient of its slopes: ∂A/∂a = min(Z, 0), so da = Σ_samples dA ⊙ min(Z, 0).
        # A normalised layer's f′ is taken at z̃, and dL/dz̃ goes back through the norm to z.
        Z = self.Z_tilde
        if self.da is not None:
            self.da = (dA * self.activation.dslope(Z)).sum(axis=0)
        delta = dA * self.activation.df(Z, self.A)
        if self.norm is not None:
            delta, self.dgamma, self.dbeta = normalization.norm_backward(
                delta, self.gamma, self._norm_cache)
        return self._backward(delta, need_dX)

    def _backward(self, delta, need_dX=True):
        self.delta = delta                  # BP1/BP2: dL/dZ
        self.dW = delta.T @ self.X          # BP4: dL/dW[i, j] = Σ_n delta[n, i] X[n, j]
        self._db = None                     # BP3, db = Σ_n delta[n], when first read (below)
        if need_dX:                         # the bottom layer of a training step skips this
            return delta @ self.W           # dL/dX, handed to the layer below
        return None

    @property
    def db(self):
        """BP3: dL/db = Σ_n delta[n], shape (n_out,). Summed from ``delta`` when first read
        after a backward pass, so a step that keeps the biases fixed (the worked example's
        ``SGD(update_biases=False)``) never pays for it."""
        if self._db is None:
            self._db = self.delta.sum(axis=0)
        return self._db

    @db.setter
    def db(self, value):
        self._db = value

    @property
    def n_params(self):
        """The number of trainable numbers: n_out·n_in weights, n_out biases (and n_out
        slopes for PReLU, 2·n_out for γ and β of a normalised layer)."""
        return (self.W.size + self.b.size + (0 if self.a is None else self.a.size)
                + (0 if self.norm is None else 2 * self.n_out))

    def __repr__(self):
        norm = "" if self.norm is None else f", norm={self.norm}"
        return (f"Dense({self.n_in} → {self.n_out}, activation={self.activation.name}, "
                f"init={self.init}{norm})")


def _as_shaped(arr, shape, name):
    # A public entry (backward, the slopes' setter): finite real numbers of the given shape.
    arr = as_real_array(arr, name, f"an array of numbers of shape {shape}")
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (the layer's output), got {arr.shape}")
    return arr
