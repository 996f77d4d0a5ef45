"""Checks for lesson 07 (real data: the handwritten digits).

Each check runs the learner's answer and judges what it does: ``check_standardize`` calls
their function on data whose right answer it knows, ``check_softmax`` on logits that make a
naive (or a wrongly shifted) softmax overflow, and ``check_adam_first_step`` compares with
a real ``nnlib.Adam`` step (exercise 4's ``check_best_l2`` is in ``lesson07_l2``). Exercises 1
and 2 ask the learner to write a function nnlib already has: calling nnlib's own is refused.
"""

import functools
import math
import numbers
import sys

import numpy as np

from ..adam import Adam
from ..dense import Dense
from ..losses import softmax
from ..preprocess import standardize as _library_standardize
from .feedback import Feedback

#: Exercise 3: one weight with gradient ADAM_G at the first step of Adam(ADAM_LR, *ADAM_BETAS).
ADAM_G, ADAM_LR, ADAM_BETAS = -0.05, 0.01, (0.8, 0.99)


def _standardize_data():
    """A training set (40, 4) whose third column is the constant 2, and other data (15, 4)."""
    rng = np.random.default_rng(7)
    X_train = rng.normal([3.0, -1.0, 0.0, 10.0], [2.0, 0.5, 1.0, 4.0], size=(40, 4))
    X_train[:, 2] = 2.0                                # constant in training: σ = 0, mean 2
    X = rng.normal([5.0, 0.0, 0.0, 2.0], [1.0, 2.0, 1.0, 3.0], size=(15, 4))
    X[:, 2] = rng.uniform(3.0, 6.0, size=15)           # ...but not in the other data
    return X_train, X


def _call(fn, *args, forbidden=None):
    """``(result as float64 array or None, error text or None, called)``: ``called`` says
    whether the function ``forbidden`` ran during the call (seen by a profiler, however the
    learner reached it)."""
    called = []

    def watch(frame, event, arg):
        if forbidden is not None and event == "call" and frame.f_code is forbidden.__code__:
            called.append(True)

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        result = np.asarray(fn(*args), dtype=np.float64), None
    except Exception as exc:                           # the learner's code: report, not raise
        result = None, f"{type(exc).__name__}: {exc}"
    finally:
        sys.setprofile(previous)
    return (*result, bool(called))


def check_standardize(standardize):
    """Is ``standardize(X_train, X)`` = (X − mean_train) / std_train, column by column (std
    dividing by n), with a constant training column (std 0) kept finite (divided by 1, or
    set to 0)? Calling ``nnlib.preprocess.standardize`` is refused: the exercise is to write it."""
    if not callable(standardize):
        return Feedback(False, f"pass your function itself, got {type(standardize).__name__}.",
                        "check_standardize(standardize), without calling it.")
    X_train, X = _standardize_data()
    out, error, library = _call(standardize, X_train, X, forbidden=_library_standardize)
    if library:
        return Feedback(False, "your function calls nnlib.preprocess.standardize.",
                        "The exercise is to write it yourself, with numpy.")
    if error:
        return Feedback(False, f"standardize(X_train, X) raised {error}.",
                        "It takes the training set and the data to transform, and returns an "
                        "array of X's shape.")
    if out.shape != X.shape:
        return Feedback(False, f"standardize(X_train, X) returned shape {out.shape}, expected "
                        f"X's shape {X.shape}.", "Return one standardised row per row of X.")
    mean, sd = X_train.mean(axis=0), X_train.std(axis=0)
    moving = sd > 0
    expected = (X - mean) / np.where(moving, sd, 1.0)
    if not np.isfinite(out).all() or np.abs(out[:, ~moving]).max() > 1e3:
        return Feedback(False, "a column that is constant in the training set (std 0) comes "
                        "out as inf, NaN or a huge number.",
                        "Pixels at the border of the digits are never inked in training: their "
                        "std is 0. What can a column be divided by there, so that it stays "
                        "finite? (Section 2 says what nnlib does.)")
    if not np.allclose(out[:, moving], expected[:, moving], rtol=1e-9, atol=1e-9):
        return Feedback(False, "the columns that vary in training are not (x − mean_train) / "
                        "std_train.", _standardize_hint(out, X_train, X))
    if not (np.allclose(out[:, ~moving], expected[:, ~moving], atol=1e-9)
            or np.allclose(out[:, ~moving], 0.0)):
        return Feedback(False, "the column that is constant in training should come out "
                        "centred with the training mean (x − mean_train, divided by 1) or as 0.",
                        "Centre that column too: only the division by its std of 0 needs "
                        "another number.")
    return Feedback(True, "each column is centred and scaled with the training set's mean and "
                    "standard deviation, and the column that never varied in training stays "
                    "finite.")


def _standardize_hint(out, X_train, X):
    """Which plausible mistake gives ``out``, in words that point to the idea."""
    def same(a):
        return np.allclose(out[:, [0, 1, 3]], a[:, [0, 1, 3]], rtol=1e-9, atol=1e-9)

    both = np.vstack([X_train, X])
    for A, what in [(X, "X itself"), (both, "the training set and X together")]:
        if same((X - A.mean(axis=0)) / np.where(A.std(axis=0) > 0, A.std(axis=0), 1.0)):
            return (f"Those are the statistics of {what}. When X is the test set, or one new "
                    "digit, which data may the mean and std come from?")
    sd1 = X_train.std(axis=0, ddof=1)
    if same((X - X_train.mean(axis=0)) / np.where(sd1 > 0, sd1, 1.0)):
        return ("That std divides by n − 1 (ddof=1, the default of pandas and of "
                "statistics.stdev); the lesson's divides by n, numpy's default ddof=0.")
    if same((X - X_train.mean()) / X_train.std()):
        return ("That uses one mean and one std for all pixels. Standardise each column on its "
                "own (axis=0).")
    if same((X - X_train.mean(axis=0)) / X_train.var(axis=0).clip(1e-300)):
        return "Divide by the standard deviation, not the variance."
    if same(X - X_train.mean(axis=0)):
        return "Centring is half of it: scale by the training std too."
    return "Subtract each column's training mean, then divide by its training std."


#: Exercise 2's logits: ordinary ones, then rows whose largest exp overflows, then rows that
#: overflow once shifted by anything but the row's largest logit (the min, the mean, the first).
SOFTMAX_CASES = (
    np.array([[2.0, 1.0, 0.1], [1.0, 1.0, 1.0], [-3.0, 0.0, 3.0]]),
    np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -999.0]]),
    np.array([[0.0, 1000.0]]),
    np.array([[-1000.0, 0.0, 5.0]]),
    np.array([[0.0, 0.0, 0.0, 3000.0]]),        # the row's mean, 750, leaves exp(2250)
)


def check_softmax(softmax_fn):
    """Does ``softmax_fn(Z)`` give each row's probabilities, even for logits like 1000 and rows
    spread over 1000? Calling ``nnlib.losses.softmax`` is refused: the exercise is to write it."""
    if not callable(softmax_fn):
        return Feedback(False, f"pass your function itself, got {type(softmax_fn).__name__}.",
                        "check_softmax(my_softmax), without calling it.")
    Z = SOFTMAX_CASES[0]
    with np.errstate(all="ignore"):
        results = [_call(softmax_fn, case, forbidden=softmax) for case in SOFTMAX_CASES]
    if any(library for _, _, library in results):
        return Feedback(False, "your function calls nnlib.losses.softmax.",
                        "The exercise is to write softmax yourself, with numpy.")
    P, error, _ = results[0]
    if error:
        return Feedback(False, f"softmax_fn(Z) raised {error}.",
                        "Z has one row of logits per sample; return an array of its shape.")
    if P.shape != Z.shape:
        return Feedback(False, f"softmax_fn(Z) for Z of shape {Z.shape} returned shape "
                        f"{P.shape}.", "Keep the sums per row with keepdims=True.")
    if not np.allclose(P, softmax(Z), rtol=1e-9, atol=1e-12):
        return Feedback(False, "the probabilities are not softmax(z) of each row.",
                        _softmax_hint(P, Z))
    for case, (Pb, error, _) in zip(SOFTMAX_CASES[1:], results[1:]):
        if error or Pb.shape != case.shape or not np.allclose(Pb, softmax(case), rtol=1e-9,
                                                              atol=1e-12):
            got = "an error" if error else np.array2string(Pb, precision=3)
            return Feedback(False, f"for the logits {np.array2string(case, precision=0)} the "
                            f"answer is {got}, not {np.array2string(softmax(case), precision=3)}.",
                            _overflow_hint(error))
    return Feedback(True, "each row is a set of probabilities summing to 1, the largest logit "
                    "gets the largest one, and neither logits of 1000 nor rows spread over "
                    "1000 overflow.")


def _overflow_hint(error):
    if error and "broadcast" in error:
        return ("A row's maximum, minimum or sum has shape (n,) without keepdims=True, and "
                "cannot be subtracted from rows of another length.")
    return ("exp(1000) overflows to inf, and inf / inf is NaN. Softmax does not change when "
            "the same number is subtracted from every logit of a row: which number keeps every "
            "exponent at most 0, whatever the row?")


def _softmax_hint(P, Z):
    e = np.exp(Z)
    if np.allclose(P, 1 / (1 + np.exp(-Z))):
        return ("That is the sigmoid of each output on its own: the rows do not sum to 1. "
                "Softmax divides exp(z_k) by the sum of exp over the row.")
    if np.allclose(P, e / e.sum(axis=1)):
        return ("Without keepdims=True the row sums, shape (n,), divide the columns: sample i's "
                "sum divides column i. Keep the sums as a column, shape (n, 1).")
    shifted = np.exp(Z - Z.max(axis=1))
    if np.allclose(P, shifted / shifted.sum(axis=1, keepdims=True)):
        return ("Each row's maximum, shape (n,), is subtracted along the columns: sample i's "
                "maximum from column i. Keep it as a column, shape (n, 1), as for the sums.")
    if np.allclose(P, e / e.sum(axis=0)):
        return "Those sums run down each column (over samples); sum over each row (axis=1)."
    if np.allclose(P, e / e.sum()):
        return "That divides by the sum over the whole batch; sum over each row (axis=1)."
    return "softmax(z)_k = exp(z_k) / Σ_j exp(z_j), the sum over the row."


@functools.lru_cache(maxsize=1)
def adam_first_step():
    """``(Δw with bias correction, Δw without)`` for one weight with gradient ADAM_G at the first
    step of ``nnlib.Adam(ADAM_LR, *ADAM_BETAS)`` (a real step); without: −η·m/(√v + ε) with
    m = (1 − β1)·g and v = (1 − β2)·g², the averages after one step from 0."""
    layer = Dense(1, 1, activation="identity", init="zeros")
    layer.dW, layer.db = np.array([[ADAM_G]]), np.zeros(1)
    adam = Adam(ADAM_LR, *ADAM_BETAS)
    adam.step(layer)
    (b1, b2), g = ADAM_BETAS, ADAM_G
    m, v = (1 - b1) * g, (1 - b2) * g * g
    return float(layer.W[0, 0]), -ADAM_LR * m / (math.sqrt(v) + adam.eps)


def _adam_wrong(with_bc, without_bc):
    """A hint for a recognised wrong pair (rounded to two digits), or None."""
    g, lr = ADAM_G, ADAM_LR
    truth = adam_first_step()
    near = lambda a, b: math.isclose(a, b, rel_tol=0.02)          # noqa: E731
    if near(with_bc, -lr * g) or near(without_bc, -lr * g):
        return "η·g is plain SGD's step. Adam divides a running mean of g by the root of one of g²."
    if near(with_bc, -truth[0]) or near(without_bc, -truth[1]):
        return "Mind the sign: a step goes against the gradient, and this gradient is negative."
    if near(without_bc, -lr * math.copysign(0.1 / math.sqrt(0.001), g)):
        return ("That uncorrected step is for the default β's, 0.9 and 0.999; these are 0.8 "
                "and 0.99.")
    if near(with_bc, truth[1]) and near(without_bc, truth[0]):
        return "The two are swapped."
    return None


def check_adam_first_step(with_correction, without_correction):
    """Are these Adam's first steps Δw, with and without bias correction, for a weight whose
    gradient is ADAM_G, with η = ADAM_LR and (β1, β2) = ADAM_BETAS?"""
    pair = (with_correction, without_correction)
    if any(isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x)
           for x in pair):
        return Feedback(False, f"the answers are two numbers, the changes Δw; got {pair!r}.",
                        "Write each Δw as a number, like -0.0005.")
    truth = adam_first_step()
    right = [math.isclose(float(x), t, rel_tol=1e-3) for x, t in zip(pair, truth)]
    if all(right):
        return Feedback(True, f"Δw = {truth[0]:.4g} with the correction and {truth[1]:.4g} "
                        "without: m and v start at 0, so uncorrected they are too small, and "
                        "by different factors, 1 − β1 and 1 − β2.")
    hint = _adam_wrong(*map(float, pair)) or (
        "Follow section 4's formulas for one step from m = v = 0; without the correction, use "
        "m and v where the formulas use m̂ and v̂.")
    which = ("the step with the correction" if not right[0] else "the step without it")
    return Feedback(False, f"{which} is not Adam's.", hint)
