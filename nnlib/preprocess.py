"""Preparing real data: split it into training, validation and test sets; standardise inputs.

Two rules keep the test honest:

* **every row goes to exactly one set**, chosen at random from a seed (the same seed gives
  the same split), so the network is never scored on a sample it trained on;
* **statistics come from the training set only**: standardisation subtracts the training
  mean μ and divides by the training standard deviation σ, column by column,

      x̃ = (x − μ_train) / σ_train,

  and applies the very same μ and σ to the validation and test sets. (Using their own
  statistics would let information about the test set leak into the inputs.)
"""

import numpy as np

from ._validate import as_batch, as_real_array, make_rng, real_number


def split(X, y, fractions=(0.6, 0.2, 0.2), seed=0, stratify=True):
    """Split (X, y) at random into one ``(X_part, y_part)`` pair per fraction.

    ``X`` (n, n_features) comes back as float64, ``y`` (n,) keeps its dtype. With the
    default fractions the result is ``(X_train, y_train), (X_val, y_val), (X_test, y_test)``
    with 60 %, 20 % and 20 % of the rows. Fractions must be > 0 and add up to 1.

    ``stratify=True`` (for class labels) splits each class separately, so every set holds
    about the same share of each class as the whole data; the rows of each set are then
    shuffled, so the classes are mixed. ``stratify=False`` shuffles all rows and cuts
    (needed for targets that are not class labels). The same seed gives the same split.
    """
    X = as_batch(X, "X")
    y = _targets(y, len(X))
    fractions = _fractions(fractions)
    rng = make_rng(seed=seed)
    if stratify:
        if y.ndim != 1 or not np.all(y == np.round(y)):
            raise ValueError("stratify=True needs class labels, y of shape (n,) holding whole "
                             "numbers; pass stratify=False for other targets")
        groups = [np.flatnonzero(y == c) for c in np.unique(y)]
    else:
        groups = [np.arange(len(y))]
    parts = [[] for _ in fractions]
    cuts = np.cumsum(fractions)[:-1]
    for rows in groups:                      # each class (or all rows) cut in the same shares
        rows = rng.permutation(rows)
        for part, chunk in zip(parts, np.split(rows, np.round(cuts * len(rows)).astype(int))):
            part.append(chunk)
    out = []
    for part in parts:
        rows = rng.permutation(np.concatenate(part))
        out.append((X[rows], y[rows]))
    return tuple(out)


def _targets(y, n):
    as_real_array(y, "y", "an array of numbers (one target per sample)")
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must hold one target (or one row of targets) per sample, "
                         f"got shape {y.shape}")
    if len(y) != n:
        raise ValueError(f"X and y must have the same number of samples, got {n} and {len(y)}")
    return y


def _fractions(fractions):
    if isinstance(fractions, (str, bytes)) or not hasattr(fractions, "__len__"):
        raise TypeError(f"fractions must be a list of numbers like (0.6, 0.2, 0.2), "
                        f"got {fractions!r}")
    values = np.array([real_number(f, "each fraction") for f in fractions])
    if len(values) < 2 or not (values > 0).all() or abs(values.sum() - 1) > 1e-9:
        raise ValueError("fractions must be two or more numbers > 0 that add up to 1, like "
                         f"(0.6, 0.2, 0.2); got {tuple(fractions)}")
    return values


class Standardizer:
    """Per-column standardisation with statistics from the data it was ``fit`` on.

    ``fit(X_train)`` stores ``mean`` μ (n_features,) and ``scale`` σ (n_features,), the
    training mean and standard deviation (over samples, dividing by n); ``transform(X)``
    returns (X − μ) / σ. A column that is constant in the training set (σ = 0, such as a
    pixel at the image border that is never inked) gets σ = 1 instead, so it becomes
    X − μ: 0 on the training set, never NaN, and the network can ignore it.

    >>> s = Standardizer().fit(np.array([[0.0, 5.0], [2.0, 5.0]]))
    >>> s.transform(np.array([[1.0, 5.0], [4.0, 6.0]]))
    array([[0., 0.],
           [3., 1.]])
    """

    def __init__(self):
        self.mean = None
        self.scale = None
        self.constant = None      # (n_features,) bool: the columns given σ = 1

    def fit(self, X):
        """Learn μ and σ from ``X`` (n, n_features), the training set; return self."""
        X = as_batch(X, "X")
        self.mean = X.mean(axis=0)
        self.constant = X.max(axis=0) == X.min(axis=0)
        self.scale = np.where(self.constant, 1.0, X.std(axis=0))
        return self

    def transform(self, X):
        """Return (X − μ) / σ for ``X`` of shape (n, n_features), with the fitted μ and σ."""
        if self.mean is None:
            raise ValueError("call fit(X_train) before transform(X): the Standardizer needs "
                             "the training set's mean and standard deviation")
        X = as_batch(X, "X", len(self.mean))
        return (X - self.mean) / self.scale

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def __repr__(self):
        if self.mean is None:
            return "Standardizer(not fitted)"
        return (f"Standardizer({len(self.mean)} features, "
                f"{int(self.constant.sum())} constant in training)")


def standardize(X_train, *others):
    """Standardise ``X_train`` and each of ``others`` with the *training* mean and std.

    Returns one array per argument, in order: ``X_train, X_val, X_test =
    standardize(X_train, X_val, X_test)``; with ``X_train`` alone, just its array. Each
    column of the result is (x − μ_train) / σ_train; see ``Standardizer`` for constant
    columns.
    """
    scaler = Standardizer().fit(X_train)
    out = tuple(scaler.transform(X) for X in (X_train, *others))
    return out if others else out[0]
