"""Input features: what the network is given about each point (x1, x2) of the plane.

A network sees only the numbers it is fed. Given ``x1²`` and ``x2²`` a single
neuron can draw a circle (its weighted sum is the equation of one); given
only ``x1`` and ``x2`` it needs a hidden layer to bend its boundary.
``expand(X, names)`` builds those inputs, one column per feature name:

    x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)

numpy only.
"""

import numpy as np

from ._validate import as_batch

#: Each feature: a function of the two coordinates.
_FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}

#: The feature names ``expand`` knows, in the order a picture lists them.
NAMES = tuple(_FEATURES)

#: How a picture labels each feature.
LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁x₂",
          "sin(x1)": "sin x₁", "sin(x2)": "sin x₂"}


def check_names(names):
    """Return ``names`` as a tuple of known, distinct feature names (at least one)."""
    if isinstance(names, str):
        names = (names,)
    try:
        names = tuple(names)
    except TypeError:
        raise TypeError(f"features must be a list of names from {list(NAMES)}, "
                        f"got {names!r}") from None
    if not names:
        raise ValueError(f"features must name at least one of {list(NAMES)}")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"each feature must be a name from {list(NAMES)}, got {name!r}")
        if name not in _FEATURES:
            raise ValueError(f"unknown feature {name!r}; expected names from {list(NAMES)}")
    if len(set(names)) != len(names):
        raise ValueError(f"features must not repeat a name, got {list(names)}")
    return names


def expand(X, names=("x1", "x2")):
    """The features ``names`` of points X (n, 2): an array of shape (n, len(names))."""
    X = as_batch(X, "X", 2)
    names = check_names(names)
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([_FEATURES[name](x1, x2) for name in names])
