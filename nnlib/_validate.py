"""Input checks shared by the maths modules.

Every public function checks its input here, so a learner who passes the
wrong thing gets one clear sentence naming what was expected, not a numpy
traceback from deep inside a matrix product.
"""

import numbers

import numpy as np


def as_batch(X, name="X", n_features=None):
    """Return ``X`` as a finite float64 array of shape (n_samples, n_features).

    Raises ``TypeError`` for non-numeric input and ``ValueError`` for the
    wrong number of dimensions, the wrong width, no samples, or NaN/inf.
    """
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}")
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a 2-D array of numbers ({err})") from None
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


def make_rng(rng=None, seed=None):
    """Return a ``numpy.random.Generator`` (passed in, or built from ``seed``)."""
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError("rng must be a numpy.random.Generator "
                            f"(np.random.default_rng(seed)), got {type(rng).__name__}")
        return rng
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    return np.random.default_rng(seed)
