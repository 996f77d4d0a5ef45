"""Activation functions: a neuron's output is ``a = f(z)`` with ``z = W a_prev + b``.

Each activation is an object with ``f(z)`` and its derivative ``df(z)``.
Backpropagation multiplies the upstream error by ``df(z)`` (BP1/BP2 in the
lesson on backprop), so both live side by side.

>>> act = get("sigmoid")
>>> float(act.f(0.0)), float(act.df(0.0))
(0.5, 0.25)
"""

import numpy as np

from ._validate import as_real_array, choice, non_negative_float


def _real(z, name="z"):
    """Return ``z`` unchanged if it holds real numbers; raise ``TypeError`` otherwise.

    A float ndarray (every call during training) costs one type and one dtype
    test. Anything else is checked once by ``as_real_array``: text, None,
    complex numbers and objects that are not numbers are refused; NaN and inf
    pass (elementwise maths carries them through on purpose). An array of
    Python number objects comes back as float64; everything else comes back
    as it was given.
    """
    if type(z) is np.ndarray and z.dtype.kind == "f":
        return z
    arr = as_real_array(z, name, "an array of real numbers (or one number)", finite=False)
    return z if np.asarray(z).dtype.kind in "biuf" else arr


class Activation:
    """Base class: ``f(z)`` is the activation, ``df(z)`` its derivative d f / d z.

    ``df(z, a)`` may be given ``a = f(z)`` already computed, which some
    derivatives reuse (the sigmoid's is ``a (1 - a)``); the result is the same.
    Both accept any array shape and return an array of that shape.
    """

    name = "activation"
    _options = ()              # the keyword parameters the constructor takes, for get()

    def f(self, z):
        raise NotImplementedError

    def df(self, z, a=None):
        raise NotImplementedError

    def for_layer(self, n_units):
        """The activation a layer of ``n_units`` units uses: this same object, as it holds
        no parameters (PReLU, which learns a slope per unit, returns a fresh copy)."""
        return self

    def __call__(self, z):
        return self.f(z)

    def __repr__(self):
        return f"{type(self).__name__}()"

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash((type(self), tuple(sorted(self.__dict__.items()))))


class Sigmoid(Activation):
    """σ(z) = 1 / (1 + e^(−z)), and σ′(z) = σ(z)(1 − σ(z)) ≤ 1/4.

    Computed from e = e^(−|z|), which never overflows: σ(z) = 1/(1 + e) for
    z ≥ 0 and e/(1 + e) for z < 0, both accurate to the last digit, so
    σ(−1000) is 0.0 and σ(1000) is 1.0, with no warning.
    """

    name = "sigmoid"

    def f(self, z):
        if type(z) is not np.ndarray or z.dtype != np.float64:   # training passes float64
            z = np.asarray(_real(z), dtype=np.float64)
        e = np.exp(-np.abs(z))          # e^(−|z|) ≤ 1, so nothing overflows
        r = 1.0 / (1.0 + e)             # σ(|z|)
        e *= r                          # σ(−|z|) = e/(1 + e), in place: one array fewer
        return np.where(z >= 0, r, e)

    def df(self, z, a=None):
        s = self.f(z) if a is None else _real(a, "a")
        return s * (1.0 - s)


class Tanh(Activation):
    """tanh(z) = 2σ(2z) − 1, and tanh′(z) = 1 − tanh(z)² ≤ 1."""

    name = "tanh"

    def f(self, z):
        return np.tanh(_real(z))

    def df(self, z, a=None):
        t = np.tanh(_real(z)) if a is None else _real(a, "a")
        return 1.0 - t * t


class ReLU(Activation):
    """relu(z) = max(0, z); its derivative is 1 for z > 0 and 0 otherwise (0 at z = 0)."""

    name = "relu"

    def f(self, z):
        return np.maximum(_real(z), 0.0)

    def df(self, z, a=None):
        return (np.asarray(_real(z)) > 0).astype(np.float64)


class LeakyReLU(Activation):
    """leaky_relu(z) = z for z > 0, slope·z otherwise; the derivative is 1 or slope.

    The small slope (0.01 unless given) keeps a gradient flowing through units
    whose input is negative, so they cannot "die" the way ReLU units can.
    """

    name = "leaky_relu"
    _options = ("slope",)

    def __init__(self, slope=0.01):
        self.slope = non_negative_float(slope, "slope")

    def f(self, z):
        z = np.asarray(_real(z), dtype=np.float64)
        return np.where(z > 0, z, self.slope * z)

    def df(self, z, a=None):
        return np.where(np.asarray(_real(z)) > 0, 1.0, self.slope)

    def __repr__(self):
        return f"LeakyReLU(slope={self.slope:g})"


class PReLU(Activation):
    """prelu(z) = z for z > 0, a·z otherwise, with the slope ``a`` *learned* (He et al., 2015).

    Leaky ReLU with a slope that gradient descent trains like a weight: inside
    a ``Dense`` layer each unit has its own slope, all starting at ``slope``
    (0.25, the paper's choice); the layer shows them as ``layer.a`` and their
    gradient as ``layer.da``. Since ∂prelu/∂a = min(z, 0), a unit whose input
    is negative passes gradient to its weights (factor a) and to its slope.
    On its own, ``get("prelu")`` applies the starting slope to every input.
    """

    name = "prelu"
    _options = ("slope",)

    def __init__(self, slope=0.25):
        self.init_slope = non_negative_float(slope, "slope")
        self.slope = self.init_slope          # a float here; an array (n_units,) in a layer

    def for_layer(self, n_units):
        """A new PReLU with ``n_units`` learnable slopes, all at the starting slope."""
        own = PReLU(self.init_slope)
        own.slope = np.full(n_units, self.init_slope)
        return own

    def f(self, z):
        z = np.asarray(_real(z), dtype=np.float64)
        return np.where(z > 0, z, self.slope * z)     # slope (n_units,) broadcasts over rows

    def df(self, z, a=None):
        return np.where(np.asarray(_real(z)) > 0, 1.0, self.slope)

    def dslope(self, z):
        """∂prelu(z)/∂a = min(z, 0), elementwise: how the output moves with the slope."""
        return np.minimum(_real(z), 0.0)

    def __repr__(self):
        if np.ndim(self.slope) == 0:
            return f"PReLU(slope={self.init_slope:g})"
        return f"PReLU({self.slope.size} learned slopes, started at {self.init_slope:g})"

    def __eq__(self, other):
        return (type(self) is type(other) and self.init_slope == other.init_slope
                and np.array_equal(self.slope, other.slope))

    def __hash__(self):
        return hash((type(self), self.init_slope))


class Identity(Activation):
    """identity(z) = z (a linear unit); the derivative is 1."""

    name = "identity"

    def f(self, z):
        return np.asarray(_real(z), dtype=np.float64)

    def df(self, z, a=None):
        return np.ones_like(_real(z), dtype=np.float64)


class Step(Activation):
    """The perceptron's threshold: 1 where z ≥ 0, else 0.

    Its derivative is 0 everywhere it exists, so gradient descent cannot train
    it; it is here for ``nnlib.Perceptron``, which uses its own learning rule.
    """

    name = "step"

    def f(self, z):
        return (np.asarray(_real(z)) >= 0).astype(np.float64)

    def df(self, z, a=None):
        return np.zeros_like(_real(z), dtype=np.float64)


_REGISTRY = {
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "prelu": PReLU,
    "identity": Identity,
    "linear": Identity,
    "step": Step,
}

#: The activation names that ``get`` accepts ("linear" is another name for "identity").
NAMES = tuple(_REGISTRY)


def get(name, **params):
    """Return the activation called ``name`` (an ``Activation`` passes through).

    ``params`` go to its constructor: ``get("leaky_relu", slope=0.1)``.
    """
    if isinstance(name, Activation):
        if params:
            raise TypeError("parameters can only be given with an activation name, "
                            f"not with the object {name!r}")
        return name
    key = choice(name, _REGISTRY, "activation")
    cls = _REGISTRY[key]
    unknown = sorted(set(params) - set(cls._options))
    if unknown:
        raise TypeError(f"activation {key!r} does not take parameters {unknown}")
    return cls(**params)        # the constructor checks the values (slope=...)
