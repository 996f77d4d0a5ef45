"""Input checks shared by the maths modules.

Every public function checks its input here, so a learner who passes the
wrong thing gets one clear sentence naming what was expected, not a numpy
traceback from deep inside a matrix product.
"""

import numbers

import numpy as np


def as_real_array(x, name, what="an array of numbers", finite=True):
    """Return ``x`` as a float64 array of finite real numbers (any shape).

    Raises ``TypeError`` for None, text, complex numbers or objects that are
    not numbers, and ``ValueError`` for NaN or inf (unless ``finite=False``,
    for values where inf/NaN mean something). (Without this, numpy
    would turn "1.5" into 1.5 and drop the imaginary part of 1 + 2j.)
    """
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be {what}, got {type(x).__name__}")
    try:
        raw = x if isinstance(x, np.ndarray) else np.asarray(x)
    except (TypeError, ValueError) as err:     # ragged lists
        raise TypeError(f"{name} must be {what} ({err})") from None
    if raw.dtype.kind in "USV":
        raise TypeError(f"{name} must be {what}, got text ({raw.dtype})")
    if raw.dtype.kind == "c":
        raise TypeError(f"{name} must be {what}, got complex numbers (take .real if the "
                        "imaginary parts are 0)")
    try:
        arr = raw.astype(np.float64, copy=False)
    except (TypeError, ValueError) as err:     # objects that are not numbers
        raise TypeError(f"{name} must be {what} ({err})") from None
    if finite and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf; every entry must be a finite number")
    return arr


def as_batch(X, name="X", n_features=None):
    """Return ``X`` as a finite float64 array of shape (n_samples, n_features).

    Raises ``TypeError`` for non-numeric input and ``ValueError`` for the
    wrong number of dimensions, the wrong width, no samples, or NaN/inf.
    """
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}")
    if isinstance(X, np.ndarray) and X.dtype == np.float64:
        arr = X                       # the common case, kept cheap: no conversion
    else:
        try:
            arr = as_real_array(X, name, "a 2-D array of numbers")
        except ValueError:            # NaN or inf: said below, after the shape
            arr = np.asarray(X, dtype=np.float64)
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = (f"; one sample of {arr.shape[0]} features is {name}.reshape(1, -1), "
                    f"{arr.shape[0]} samples of one feature is {name}.reshape(-1, 1)")
        raise ValueError(f"{name} must be 2-D with shape (n_samples, n_features), "
                         f"got shape {arr.shape}{hint}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got shape {arr.shape}")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} columns (one per input), "
                         f"got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf; every entry must be a finite number")
    return arr


def positive_int(value, name):
    """Return ``value`` as an int, raising unless it is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer (>= 1), got {value}")
    return int(value)


def positive_float(value, name):
    """Return ``value`` as a float, raising unless it is finite and > 0."""
    value = real_number(value, name)
    if not value > 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def non_negative_float(value, name):
    """Return ``value`` as a float, raising unless it is finite and >= 0."""
    value = real_number(value, name)
    if not value >= 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return value


def real_number(value, name):
    """Return ``value`` as a finite float, raising ``TypeError``/``ValueError`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def choice(name_value, options, what):
    """Return the lower-cased ``name_value`` if it is one of ``options``."""
    if not isinstance(name_value, str):
        raise TypeError(f"{what} must be a name, one of {sorted(options)}, "
                        f"got {name_value!r}")
    key = name_value.lower()
    if key not in options:
        raise ValueError(f"unknown {what} {name_value!r}; expected one of {sorted(options)}")
    return key


def generator(rng):
    """Return ``rng`` if it is a ``numpy.random.Generator``, else raise ``TypeError``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator "
                        f"(np.random.default_rng(seed)), got {type(rng).__name__}")
    return rng


def make_rng(rng=None, seed=None):
    """Return a ``numpy.random.Generator`` (passed in, or built from ``seed``)."""
    if rng is not None:
        return generator(rng)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    return np.random.default_rng(seed)


def network(net, name="net"):
    """Return ``net`` if it looks like an ``MLP`` (has ``sizes`` and ``layers``), else raise."""
    if not (hasattr(net, "sizes") and hasattr(net, "layers")):
        raise TypeError(f"{name} must be an MLP (nnlib.MLP([...])), got {type(net).__name__}")
    return net


def seed_value(seed):
    """Return ``seed`` if ``np.random.default_rng`` takes it: None, an integer >= 0, or a
    numpy Generator / BitGenerator / SeedSequence; else raise ``TypeError``/``ValueError``."""
    if seed is None or isinstance(seed, (np.random.Generator, np.random.BitGenerator,
                                         np.random.SeedSequence)):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed}")
    return seed
