"""Loss functions: how far the network's outputs ``Y`` are from the targets ``T``.

Each loss is an object with ``value(Y, T)``, the mean over samples (a float),
and ``grad(Y, T)``, the derivative of that mean with respect to ``Y`` (so it
includes the 1/n). ``Y`` has shape (n_samples, n_outputs).

>>> half_mse.value([[0.75136507, 0.772928465]], [[0.01, 0.99]])   # E_total of the worked example
0.29837110...
"""

import numpy as np

from ._validate import as_batch, as_real_array, choice

_EPS = 1e-12  # keeps log() finite when a probability is exactly 0 or 1


def softmax(Z):
    """Row-wise softmax of logits ``Z`` (n, k); each row sums to 1. Never overflows."""
    return _softmax(as_batch(Z, "Z (the logits)"))


def _softmax(Z):
    # Unchecked, for losses' own use on arrays already checked.
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class Loss:
    """Base class. Subclasses implement ``_value`` and ``_grad`` on checked arrays."""

    name = "loss"

    def value(self, Y, T):
        """The loss averaged over the samples: a float."""
        Y, T = self.check(Y, T)
        return float(self._value(Y, T))

    def grad(self, Y, T):
        """dL/dY, shape of ``Y``, for the mean loss (it includes the 1/n)."""
        Y, T = self.check(Y, T)
        return self._grad(Y, T)

    def __call__(self, Y, T):
        return self.value(Y, T)

    def check(self, Y, T):
        """Return ``(Y, T)`` as float arrays of matching shape, or raise."""
        Y = as_batch(Y, "Y (the network's outputs)")
        return Y, self.targets(T, Y.shape)

    def targets(self, T, shape):
        """Return targets ``T`` as a float array of ``shape`` (n, k), or raise ``ValueError``.

        A 1-D ``T`` of n numbers is accepted for a single output (k = 1).
        """
        T = _as_target_array(T)
        if T.ndim == 1 and shape[1] == 1:
            T = T.reshape(-1, 1)
        if T.shape != tuple(shape):
            raise ValueError(f"targets T must have the outputs' shape {tuple(shape)} for "
                             f"{self.name}, got shape {T.shape}")
        return T

    def output_delta(self, Y, T, activation):
        """dL/dZ of the output layer when it simplifies for ``activation``, else ``None``."""
        return None

    def __repr__(self):
        return f"<loss {self.name}>"


def _as_target_array(T):
    return as_real_array(T, "targets T")


class HalfMSE(Loss):
    """Half the squared error: per sample ½ Σ_k (y_k − t_k)², averaged over samples.

    For one sample this is the textbook E_total = Σ ½ (t − y)²; its gradient is
    (y − t)/n.
    """

    name = "half_mse"

    def _value(self, Y, T):
        D = Y - T
        return 0.5 * float(np.vdot(D, D)) / Y.shape[0]

    def _grad(self, Y, T):
        return (Y - T) / Y.shape[0]


class BinaryCrossEntropy(Loss):
    """Cross-entropy on probabilities Y ∈ [0, 1] with targets T ∈ [0, 1]:
    per sample −Σ_k [t_k log y_k + (1 − t_k) log(1 − y_k)], averaged over samples.

    With a sigmoid output the chain rule collapses to dL/dz = (y − t)/n: the
    σ′ factor that slows learning under squared error cancels out.
    """

    name = "binary_cross_entropy"

    def targets(self, T, shape):
        T = super().targets(T, shape)
        if T.min() < 0 or T.max() > 1:
            raise ValueError("binary_cross_entropy needs targets between 0 and 1, "
                             f"got values from {T.min():g} to {T.max():g}")
        return T

    def check(self, Y, T):
        Y, T = super().check(Y, T)
        if Y.min() < 0 or Y.max() > 1:
            raise ValueError("binary_cross_entropy needs probabilities Y between 0 and 1 "
                             "(use a sigmoid output), got values from "
                             f"{Y.min():g} to {Y.max():g}")
        return Y, T

    def _value(self, Y, T):
        Yc = np.clip(Y, _EPS, 1.0 - _EPS)
        return -(np.vdot(T, np.log(Yc)) + np.vdot(1.0 - T, np.log1p(-Yc))) / Y.shape[0]

    def _grad(self, Y, T):
        Yc = np.clip(Y, _EPS, 1.0 - _EPS)
        return (Yc - T) / (Yc * (1.0 - Yc)) / Y.shape[0]

    def output_delta(self, Y, T, activation):
        if getattr(activation, "name", None) == "sigmoid":
            return (Y - T) / Y.shape[0]
        return None

    def value_from_logits(self, Z, T):
        """The same loss for Y = σ(Z), computed from Z: mean of Σ [log(1 + e^z) − t z].

        Exact where σ(z) rounds to 0 or 1 (the probability form loses digits there).
        """
        Z = as_batch(Z, "Z (the logits)")
        T = self.targets(T, Z.shape)
        return float(np.sum(np.logaddexp(0.0, Z) - T * Z) / Z.shape[0])


class SoftmaxCrossEntropy(Loss):
    """Cross-entropy of softmax(Y) against T, where Y are logits (use an identity output).

    T is either integer class labels, shape (n,), or one row of class
    probabilities per sample (one-hot), shape (n, k). Per sample the loss is
    −Σ_k t_k log softmax(y)_k; its gradient is (softmax(Y) − T)/n.
    """

    name = "softmax_cross_entropy"

    def targets(self, T, shape):
        n, k = shape
        T = _as_target_array(T)
        if T.ndim == 1:
            if T.shape[0] != n:
                raise ValueError(f"softmax_cross_entropy needs one class label per sample "
                                 f"({n}), got {T.shape[0]} labels")
            if np.any(T != np.round(T)) or T.min() < 0 or T.max() > k - 1:
                raise ValueError(f"class labels must be integers 0 … {k - 1} for {k} outputs, "
                                 f"got values from {T.min():g} to {T.max():g}")
            onehot = np.zeros((n, k))
            onehot[np.arange(n), T.astype(np.intp)] = 1.0
            return onehot
        if T.shape != (n, k):
            raise ValueError(f"softmax_cross_entropy needs labels of shape ({n},) or one-hot "
                             f"targets of shape ({n}, {k}), got shape {T.shape}")
        if T.min() < 0 or not np.allclose(T.sum(axis=1), 1.0):
            raise ValueError("one-hot targets must be non-negative and each row must sum to 1")
        return T

    def _value(self, Y, T):
        shifted = Y - Y.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return -np.vdot(T, log_p) / Y.shape[0]

    def _grad(self, Y, T):
        return (_softmax(Y) - T) / Y.shape[0]


half_mse = HalfMSE()
binary_cross_entropy = BinaryCrossEntropy()
softmax_cross_entropy = SoftmaxCrossEntropy()

_REGISTRY = {
    "half_mse": half_mse,
    "binary_cross_entropy": binary_cross_entropy,
    "softmax_cross_entropy": softmax_cross_entropy,
}

#: The loss names that ``get`` accepts.
NAMES = tuple(_REGISTRY)


def get(name):
    """Return the loss called ``name``; a ``Loss`` object passes through."""
    if isinstance(name, Loss):
        return name
    return _REGISTRY[choice(name, _REGISTRY, "loss")]
