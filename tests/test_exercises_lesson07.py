"""Lesson 07's checks: right answers, the plausible wrong ones (each with its own hint), junk;
and the notebook's first attempts and solutions."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnlib.exercises.lesson07 import (
    L2_GRID,
    adam_first_step,
    check_adam_first_step,
    check_best_l2,
    check_softmax,
    check_standardize,
    l2_grid,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "07_digits.ipynb"


def _std_guarded(X_train, X):
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    return (X - mu) / np.where(sd > 0, sd, 1.0)


def _std_zeroed(X_train, X):
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    return np.where(sd > 0, (X - mu) / np.where(sd > 0, sd, 1.0), 0.0)


@pytest.mark.parametrize("fn", [_std_guarded, _std_zeroed])
def test_standardize_right(fn):
    assert check_standardize(fn)


def _own(X_train, X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _own_guarded(X_train, X):
    return _std_guarded(X, X)


def _whole(X_train, X):
    return _std_guarded(np.vstack([X_train, X]), X)


def _no_guard(X_train, X):
    with np.errstate(all="ignore"):
        return (X - X_train.mean(axis=0)) / X_train.std(axis=0)


def _eps_guard(X_train, X):
    return (X - X_train.mean(axis=0)) / (X_train.std(axis=0) + 1e-8)


def _global(X_train, X):
    return (X - X_train.mean()) / X_train.std()


def _centred(X_train, X):
    return X - X_train.mean(axis=0)


def _ddof1(X_train, X):
    sd = X_train.std(axis=0, ddof=1)
    return (X - X_train.mean(axis=0)) / np.where(sd > 0, sd, 1.0)


def _raw_constant_column(X_train, X):
    # x − mean where σ > 0, else the raw x: right only if the training mean there were 0
    sd = X_train.std(axis=0)
    return np.where(sd > 0, (X - X_train.mean(axis=0)) / np.where(sd > 0, sd, 1.0), X)


def _library(X_train, X):
    import nnlib
    return nnlib.preprocess.standardize(X_train, X)[1]


@pytest.mark.parametrize("fn, message, hint", [
    (_own, "not (x − mean_train)", "statistics of X itself"),    # the notebook's attempt
    (_own_guarded, "not (x − mean_train)", "statistics of X itself"),
    (_whole, "not (x − mean_train)", "the training set and X together"),
    (_no_guard, "constant in the training set", "divided by there"),
    (_eps_guard, "huge number", "never inked"),
    (_global, "not (x − mean_train)", "one mean and one std for all pixels"),
    (_centred, "not (x − mean_train)", "scale by the training std too"),
    (_ddof1, "not (x − mean_train)", "ddof=1"),
    (_raw_constant_column, "centred with the training mean", "Centre that column too"),
    (_library, "calls nnlib.preprocess.standardize", "write it yourself"),
    (lambda X_train, X: X[:3], "returned shape", "one standardised row"),
    (lambda X_train, X: 1 / 0, "raised ZeroDivisionError", "returns an array"),
    ("not a function", "pass your function", "without calling"),
])
def test_standardize_wrong(fn, message, hint):
    fb = check_standardize(fn)
    assert not fb and message in fb.message and hint in fb.hint, repr(fb)


def _softmax_right(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _softmax_logsumexp(Z):
    m = Z.max(axis=1, keepdims=True)
    return np.exp(Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True)))


@pytest.mark.parametrize("fn", [_softmax_right, _softmax_logsumexp])
def test_softmax_right(fn):
    assert check_softmax(fn)


def _naive(Z):
    e = np.exp(Z)
    return e / e.sum(axis=1, keepdims=True)


def _shifted(shift):
    def softmax_fn(Z):
        e = np.exp(Z - shift(Z))
        return e / e.sum(axis=1, keepdims=True)
    return softmax_fn


def _library_softmax(Z):
    import nnlib
    return nnlib.losses.softmax(Z)


@pytest.mark.parametrize("fn, message, hint", [
    (_naive, "1000", "which number keeps every"),                  # the notebook's attempt
    (_shifted(lambda Z: Z.min(axis=1, keepdims=True)), "[[   0. 1000.]]", "which number"),
    (_shifted(lambda Z: Z.mean(axis=1, keepdims=True)), "3000.", "which number"),
    (_shifted(lambda Z: Z[:, :1]), "[[   0. 1000.]]", "which number"),
    (_shifted(lambda Z: Z.max(axis=1)), "not softmax", "maximum, shape (n,)"),
    (_library_softmax, "calls nnlib.losses.softmax", "write softmax yourself"),
    (lambda Z: 1 / (1 + np.exp(-Z)), "not softmax", "sigmoid of each output"),
    (lambda Z: np.exp(Z) / np.exp(Z).sum(axis=0), "not softmax", "down each column"),
    (lambda Z: np.exp(Z) / np.exp(Z).sum(), "not softmax", "whole batch"),
    (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1), "not softmax",
     "Keep the sums as a column"),
    (lambda Z: _softmax_right(Z)[0], "returned shape", "keepdims"),
    (lambda Z: Z, "not softmax", "sum over the row"),
    (3, "pass your function", "without calling"),
])
def test_softmax_wrong(fn, message, hint):
    with np.errstate(all="ignore"):
        fb = check_softmax(fn)
    assert not fb and message in fb.message and hint in fb.hint, repr(fb)


def test_adam_first_step_with_and_without_correction():
    """Kingma & Ba (2015), Algorithm 1: at t = 1, m̂ = g and v̂ = g², so Δw = −η·g/(|g| + ε);
    without the correction Δw = −η·(1 − β1)·g/(√(1 − β2)·|g| + ε)."""
    g, lr, (b1, b2) = -0.05, 0.01, (0.8, 0.99)
    with_bc, without_bc = adam_first_step()
    assert with_bc == pytest.approx(-lr * g / (abs(g) + 1e-8), rel=1e-9)
    assert without_bc == pytest.approx(-lr * (1 - b1) * g / (np.sqrt(1 - b2) * abs(g) + 1e-8),
                                       rel=1e-9)


@pytest.mark.parametrize("pair", [(0.01, 0.02), (0.00999, 0.01999), (1e-2, 2e-2)])
def test_adam_first_step_right(pair):
    assert check_adam_first_step(*pair)


@pytest.mark.parametrize("pair, hint", [
    ((0.0005, 0.0005), "plain SGD's step"),                    # the notebook's attempt
    ((0.01, 0.0316), "default β's"),
    ((-0.01, -0.02), "Mind the sign"),
    ((0.02, 0.01), "swapped"),
    ((0.01, 0.05), "use m and v where"),
    (("0.01", 0.02), "Write each Δw as a number"),
    ((float("nan"), 0.02), "Write each Δw as a number"),
    ((True, 0.02), "Write each Δw as a number"),
])
def test_adam_first_step_wrong(pair, hint):
    fb = check_adam_first_step(*pair)
    assert not fb and hint in fb.hint, repr(fb)


def test_l2_grid_has_one_best_and_it_is_not_the_best_fit():
    grid = l2_grid()
    assert list(grid) == list(L2_GRID)
    val = [v for _, _, v in grid.values()]
    best = L2_GRID[int(np.argmax(val))]
    assert sorted(val)[-1] > sorted(val)[-2]               # one clear best
    assert best == 0.01 and check_best_l2(best)
    assert min(grid, key=lambda q: grid[q][0]) == 0.0      # λ = 0 fits training best


@pytest.mark.parametrize("lam, hint", [
    (0.0, "fits the training digits best"),                # the notebook's attempt
    (0.1, "Too strong"),
    (0.003, "measure all four"),
    (0.5, "Run capacity_run"),
    ("0.01", "Run capacity_run"),
])
def test_best_l2_wrong(lam, hint):
    fb = check_best_l2(lam)
    assert not fb and hint in fb.hint, repr(fb)
    assert "%" not in fb.message + fb.hint                 # no value's score is given away


def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_notebook_first_attempts_are_wrong_and_solutions_right():
    cells = _cells()
    sources = ["".join(c["source"]) for c in cells]
    attempts = [s for s in sources if re.search(r"^check_\w+\(", s, re.M)]
    assert len(attempts) == 4
    for cell in cells:
        if cell["cell_type"] == "code" and re.search(r"^check_\w+\(", "".join(cell["source"]),
                                                     re.M):
            text = "".join(cell["outputs"][-1]["data"]["text/plain"])
            assert text.startswith("✗ Not yet."), text
            hint = text.split("Hint:")[1]
            for fix in ("X_train only", "largest logit", ".max", "maximum", "np.where", "0.01"):
                assert fix not in hint, f"a first-attempt hint spells out the fix: {hint}"
    solutions = next(s for s in sources if "<summary><b>Solutions" in s)
    namespace = {"np": np}
    for block in re.findall(r"```python\n(.*?)```", solutions, re.S)[:2]:
        exec(block, namespace)
    assert check_standardize(namespace["standardize"])
    assert check_softmax(namespace["my_softmax"])
    assert "check_adam_first_step(0.01, 0.02)" in solutions and check_adam_first_step(0.01, 0.02)
    assert "check_best_l2(0.01)" in solutions and check_best_l2(0.01)
