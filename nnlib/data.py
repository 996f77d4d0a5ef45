"""Small two-dimensional data sets, made here from a seed, and one real one (nothing is downloaded).

Every function returns ``(X, y)``: ``X`` of shape (n, 2) as float64 and
``y`` of shape (n,) holding integer class labels 0, 1, … . The same seed
gives the same data. ``digits()`` is real data shipped inside the package:
the UCI 8 × 8 handwritten digits, X (1797, 64).
"""

from importlib import resources

import numpy as np

from ._validate import (
    as_real_array,
    choice,
    make_rng,
    non_negative_float,
    positive_float,
    positive_int,
    real_number,
)

_GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
    "xnor": [1, 0, 0, 1],
}

#: The logic gates ``logic_gate`` knows.
GATES = tuple(_GATES)


def logic_gate(name):
    """The truth table of a two-input gate: X (4, 2) of 0/1 inputs, y (4,) of 0/1 outputs.

    Rows are in the order (0,0), (0,1), (1,0), (1,1).
    """
    key = choice(name, _GATES, "logic gate")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array(_GATES[key])


def _noisy(X, noise, rng):
    return X + rng.normal(0.0, noise, size=X.shape)


def _check(n, noise):
    return positive_int(n, "n"), non_negative_float(noise, "noise")


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles (class 0 on top, class 1 below), n points in all."""
    n, noise = _check(n, noise)
    rng = make_rng(seed=seed)
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    top = np.column_stack([np.cos(t0), np.sin(t0)])
    bottom = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = _noisy(np.vstack([top, bottom]), noise, rng)
    y = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    return _shuffled(X, y, rng)


def circles(n=200, noise=0.05, factor=0.5, seed=0):
    """A small circle (class 1) inside a large one (class 0); ``factor`` is the radius ratio."""
    n, noise = _check(n, noise)
    if not 0 < real_number(factor, "factor") < 1:
        raise ValueError(f"factor must be between 0 and 1 (inner/outer radius), got {factor}")
    rng = make_rng(seed=seed)
    n0 = n // 2
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n - n0, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    X = _noisy(np.vstack([outer, inner]), noise, rng)
    y = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    return _shuffled(X, y, rng)


def spiral(n=200, noise=0.0, classes=2, turns=1.75, seed=0):
    """``classes`` interleaved spiral arms, one class each, n points in all.

    ``noise`` jitters each point (in the units of X, whose radius is at most 1).
    """
    n, noise = _check(n, noise)
    classes = positive_int(classes, "classes")
    turns = positive_float(turns, "turns")
    rng = make_rng(seed=seed)
    Xs, ys = [], []
    for k, count in enumerate(np.array_split(np.arange(n), classes)):
        r = np.linspace(0.05, 1.0, len(count))
        theta = 2 * np.pi * (turns * r + k / classes)
        Xs.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        ys.append(np.full(len(count), k))
    X = _noisy(np.vstack(Xs), noise, rng)
    return _shuffled(X, np.concatenate(ys), rng)


def blobs(n=200, centers=2, std=0.5, seed=0):
    """``centers`` round Gaussian clusters with random centres in [−2, 2]², one class each."""
    n = positive_int(n, "n")
    centers = positive_int(centers, "centers")
    std = non_negative_float(std, "std")
    rng = make_rng(seed=seed)
    mu = rng.uniform(-2, 2, size=(centers, 2))
    y = np.arange(n) % centers
    X = mu[y] + rng.normal(0.0, std, size=(n, 2))
    return _shuffled(X, y, rng)


def gauss(n=200, noise=0.0, seed=0):
    """Two Gaussian clusters, centred at (1, 1) (class 1) and (−1, −1) (class 0).

    ``noise`` adds to their spread of 0.35; at about 0.5 they start to overlap.
    """
    n, noise = _check(n, noise)
    rng = make_rng(seed=seed)
    n0 = n // 2
    y = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    centres = np.where(y[:, None] == 1, 1.0, -1.0)
    X = centres + rng.normal(0.0, 0.35 + noise, size=(n, 2))
    return _shuffled(X, y, rng)


def xor(n=200, noise=0.0, seed=0):
    """Points in the four quadrants of [−1, 1]²; class 1 where x1·x2 < 0 (the XOR pattern)."""
    n, noise = _check(n, noise)
    rng = make_rng(seed=seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    X += np.where(X > 0, 0.05, -0.05)  # a small gap around the axes
    y = (X[:, 0] * X[:, 1] < 0).astype(int)
    return _noisy(X, noise, rng), y


def _shuffled(X, y, rng):
    order = rng.permutation(len(y))
    return X[order], y[order]


def train_test_split(X, y, test_fraction=0.5, seed=0):
    """Split (X, y) at random into ``(X_train, y_train, X_test, y_test)``.

    ``X`` (n, n_features) comes back as float64, ``y`` (n,) or (n, k) keeps its dtype;
    neither may hold NaN or inf.
    """
    X = as_real_array(X, "X", "a 2-D array of numbers")
    as_real_array(y, "y", "an array of numbers (one target per sample)")
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D with shape (n_samples, n_features), got shape {X.shape}")
    if y.ndim not in (1, 2):
        raise ValueError(f"y must hold one target (or one row of targets) per sample, "
                         f"got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    if not 0 < real_number(test_fraction, "test_fraction") < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    order = make_rng(seed=seed).permutation(len(y))
    n_test = int(round(test_fraction * len(y)))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


# -- regression: a number to predict at every point ------------------------------------------

def plane(n=200, noise=0.0, seed=0):
    """Points in [−1, 1]² whose target is the tilted plane t = (x1 + x2) / 2, plus noise.

    ``y`` is float (n,), between −1 and 1 before noise: a regression set.
    """
    n, noise = _check(n, noise)
    rng = make_rng(seed=seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    return X, (X[:, 0] + X[:, 1]) / 2 + rng.normal(0.0, noise, size=n)


def bumps(n=200, noise=0.0, seed=0):
    """Points in [−1, 1]² whose target is a sum of six Gaussian bumps, up (+1) and down (−1).

    ``y`` is float (n,), between about −1 and 1 before noise: a regression set.
    """
    n, noise = _check(n, noise)
    rng = make_rng(seed=seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    centres = np.array([[-0.8, 0.8], [0.0, 0.8], [0.8, 0.8],
                        [-0.8, -0.8], [0.0, -0.8], [0.8, -0.8]])
    signs = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    d2 = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    t = (signs * np.exp(-d2 / (2 * 0.3 ** 2))).sum(axis=1)
    return X, t + rng.normal(0.0, noise, size=n)


# -- real data: handwritten digits -----------------------------------------------------------

_DIGITS_FILE = "digits.csv.gz"   # in nnlib/datasets/, with its licence note LICENSE-digits.txt
_digits_cache = []               # the loaded (X, y), read once per session


def digits():
    """The UCI handwritten digits: X (1797, 64) float64 pixels 0–16, y (1797,) ints 0–9.

    Each row of X is one 8 × 8 image read row by row (``X[i].reshape(8, 8)`` shows it;
    0 is white paper, 16 a fully inked 4 × 4 block). This is the test set of the UCI
    "Optical Recognition of Handwritten Digits" data (E. Alpaydin and C. Kaynak, 1998,
    CC BY 4.0), as bundled in scikit-learn; it ships with nnlib, so nothing is
    downloaded. Every call returns fresh copies: changing them does not change the
    next call's arrays.
    """
    if not _digits_cache:
        path = resources.files(__package__) / "datasets" / _DIGITS_FILE
        with resources.as_file(path) as file:   # numpy reads .gz files itself
            table = np.loadtxt(file, delimiter=",", dtype=np.int64)
        X, y = table[:, :64].astype(np.float64), table[:, 64].copy()
        X.flags.writeable = y.flags.writeable = False
        _digits_cache.append((X, y))
    X, y = _digits_cache[0]
    return X.copy(), y.copy()
