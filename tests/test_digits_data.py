"""The UCI handwritten digits shipped with nnlib, and the split/standardise helpers of lesson 07."""

import numpy as np
import pytest

from nnlib import data
from nnlib.preprocess import Standardizer, split, standardize

# The UCI data set's description (optdigits.names, "Class distribution", testing set
# optdigits.tes): 1797 rows; per class 0..9: 178, 182, 177, 183, 181, 182, 181, 179, 174, 180.
UCI_TEST_SET_CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]

# The first row of digits.csv.gz, read from the file (its label, the 65th value, is 0):
# an 8 × 8 '0', an oval of ink with a hole in the middle.
FIRST_IMAGE = [
    [0, 0, 5, 13, 9, 1, 0, 0],
    [0, 0, 13, 15, 10, 15, 5, 0],
    [0, 3, 15, 2, 0, 11, 8, 0],
    [0, 4, 12, 0, 0, 8, 8, 0],
    [0, 5, 8, 0, 0, 9, 8, 0],
    [0, 4, 11, 0, 1, 12, 7, 0],
    [0, 2, 14, 5, 10, 12, 0, 0],
    [0, 0, 6, 13, 10, 0, 0, 0],
]


def test_digits_shape_dtype_and_range():
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and np.issubdtype(y.dtype, np.integer)
    assert X.min() == 0 and X.max() == 16
    np.testing.assert_array_equal(X, np.round(X))        # whole counts of inked pixels
    assert set(np.unique(y)) == set(range(10))


def test_digits_class_counts_are_the_uci_test_set():
    _, y = data.digits()
    np.testing.assert_array_equal(np.bincount(y), UCI_TEST_SET_CLASS_COUNTS)
    assert sum(UCI_TEST_SET_CLASS_COUNTS) == 1797


def test_first_digit_is_a_zero_read_row_by_row():
    X, y = data.digits()
    assert y[0] == 0
    np.testing.assert_array_equal(X[0].reshape(8, 8), FIRST_IMAGE)
    assert not np.array_equal(X[0].reshape(8, 8).T, FIRST_IMAGE)   # row-major, not transposed
    assert X[0].reshape(8, 8)[3:5, 3:5].sum() == 0          # the hole in the middle of the 0
    np.testing.assert_array_equal(y[:10], np.arange(10))    # the file begins 0, 1, …, 9


def test_changing_the_result_does_not_change_the_next_call():
    X, y = data.digits()
    X[:] = -1.0
    y[:] = 7
    X2, y2 = data.digits()
    assert X2.min() == 0 and np.bincount(y2)[0] == 178
    assert X2 is not X and y2 is not y


# -- split -------------------------------------------------------------------------------------

def _labelled_rows(n=200, classes=4):
    # Column 0 is the row's id, so a test can see exactly which rows went where.
    y = np.arange(n) % classes
    X = np.column_stack([np.arange(n), np.random.default_rng(1).normal(size=(n, 3))])
    return X, y


@pytest.mark.parametrize("stratify", [True, False])
def test_split_puts_every_row_in_exactly_one_set(stratify):
    X, y = _labelled_rows(203)
    parts = split(X, y, fractions=(0.6, 0.2, 0.2), seed=0, stratify=stratify)
    ids = np.concatenate([Xp[:, 0] for Xp, _ in parts])
    assert len(ids) == 203
    np.testing.assert_array_equal(np.sort(ids), np.arange(203))   # no row lost or repeated
    for Xp, yp in parts:                                             # each row keeps its label
        np.testing.assert_array_equal(yp, y[Xp[:, 0].astype(int)])
        np.testing.assert_array_equal(Xp, X[Xp[:, 0].astype(int)])
    sizes = [len(yp) for _, yp in parts]
    assert abs(sizes[0] - 0.6 * 203) <= 2 and abs(sizes[1] - 0.2 * 203) <= 2


def test_split_same_seed_same_split_other_seed_other_split():
    X, y = data.digits()
    a = split(X, y, seed=5)
    b = split(X, y, seed=5)
    c = split(X, y, seed=6)
    for (Xa, ya), (Xb, yb) in zip(a, b):
        np.testing.assert_array_equal(Xa, Xb)
        np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a[0][0], c[0][0])


def test_split_is_shuffled_not_cut_in_file_order():
    X, y = _labelled_rows(200)
    (Xtr, _), (Xva, _), (Xte, _) = split(X, y, seed=0, stratify=False)
    assert Xte[:, 0].min() < 100 and Xtr[:, 0].max() >= 150       # not the last 20 % of rows
    assert not np.all(np.diff(Xtr[:, 0]) > 0)                     # nor kept in file order


def test_stratified_split_keeps_each_class_share():
    X, y = data.digits()
    for _, yp in split(X, y, fractions=(0.6, 0.2, 0.2), seed=0):
        share = np.bincount(yp, minlength=10) / len(yp)
        whole = np.bincount(y) / len(y)
        assert np.abs(share - whole).max() < 0.006     # a plain shuffle misses by 0.01–0.03
        assert len(set(yp[:20])) > 3                   # classes mixed, not grouped


def test_split_two_fractions_and_regression_targets():
    X, _ = _labelled_rows(100)
    t = np.linspace(0, 1, 100)
    (Xa, ta), (Xb, tb) = split(X, t, fractions=(0.7, 0.3), seed=0, stratify=False)
    assert len(ta) == 70 and len(tb) == 30
    np.testing.assert_array_equal(ta, t[Xa[:, 0].astype(int)])
    with pytest.raises(ValueError, match="stratify=True needs class labels"):
        split(X, t, fractions=(0.7, 0.3))


# -- standardise -------------------------------------------------------------------------------

def test_standardize_uses_the_training_statistics_for_every_set():
    rng = np.random.default_rng(0)
    X_train = rng.normal(3.0, 2.0, size=(50, 4))
    X_val = rng.normal(-5.0, 9.0, size=(20, 4))          # very different statistics
    A_train, A_val = standardize(X_train, X_val)
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    np.testing.assert_allclose(A_train, (X_train - mu) / sigma, rtol=1e-12)
    np.testing.assert_allclose(A_val, (X_val - mu) / sigma, rtol=1e-12)
    np.testing.assert_allclose(A_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(A_train.std(axis=0), 1, rtol=1e-12)
    # With its own statistics the validation set would be centred; with the training ones it is not.
    assert np.abs(A_val.mean(axis=0)).min() > 1.0


def test_standardize_constant_columns_give_no_nan():
    X, y = data.digits()
    (X_train, _), (X_val, _), (X_test, _) = split(X, y, seed=0)
    scaler = Standardizer().fit(X_train)
    constant = X_train.max(axis=0) == X_train.min(axis=0)
    assert constant.any()                                  # border pixels never inked
    np.testing.assert_array_equal(scaler.constant, constant)
    A_train, A_val, A_test = standardize(X_train, X_val, X_test)
    for A in (A_train, A_val, A_test):
        assert np.isfinite(A).all()
    np.testing.assert_array_equal(A_train[:, constant], 0.0)
    np.testing.assert_array_equal(A_test[:, constant], X_test[:, constant] - scaler.mean[constant])
    np.testing.assert_allclose(A_train[:, ~constant].std(axis=0), 1.0, rtol=1e-9)


def test_standardizer_fit_transform_and_repr():
    X = np.array([[0.0, 5.0], [2.0, 5.0]])
    s = Standardizer()
    assert repr(s) == "Standardizer(not fitted)"
    with pytest.raises(ValueError, match="call fit"):
        s.transform(X)
    np.testing.assert_array_equal(s.fit_transform(X), [[-1.0, 0.0], [1.0, 0.0]])
    assert repr(s) == "Standardizer(2 features, 1 constant in training)"
    with pytest.raises(ValueError, match="must have 2 columns"):
        s.transform(np.ones((3, 3)))
    np.testing.assert_array_equal(standardize(X), s.transform(X))   # one array in, one out


def test_the_shipped_file_is_the_one_its_licence_note_describes():
    import hashlib
    from importlib import resources

    folder = resources.files("nnlib") / "datasets"
    blob = (folder / "digits.csv.gz").read_bytes()
    note = (folder / "LICENSE-digits.txt").read_text(encoding="utf-8")
    assert hashlib.sha256(blob).hexdigest() in note and f"size    {len(blob)} bytes" in note
    for words in ("Alpaydin", "Kaynak", "CC BY 4.0", "BSD 3-Clause", "scikit-learn"):
        assert words in note
