"""Lesson 07's checks: right answers, the plausible wrong ones (each with its own hint), junk;
and the notebook's first attempts and solutions."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnlib.exercises.lesson07 import (
    adam_first_step,
    check_adam_first_step,
    check_softmax,
    check_standardize,
)
from nnlib.exercises.lesson07_l2 import L2_GRID, check_best_l2, l2_grid

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


def _measured(column=2, scale=1.0):
    """The grid's accuracies as a learner would pass them: {λ: value} (2: validation)."""
    return {lam: scale * row[column] for lam, row in l2_grid().items()}


def test_l2_grid_has_one_best_and_it_is_not_the_best_fit():
    grid = l2_grid()
    assert list(grid) == list(L2_GRID)
    val = [v for _, _, v in grid.values()]
    best = L2_GRID[int(np.argmax(val))]
    assert sorted(val)[-1] > sorted(val)[-2]               # one clear best
    assert best == 0.01 and check_best_l2(best, _measured())
    assert min(grid, key=lambda q: grid[q][0]) == 0.0      # λ = 0 fits training best
    # training accuracy cannot decide: three λ fit every training digit
    assert [lam for lam, (_, train, _) in grid.items() if train == 1.0] == [0.0, 0.003, 0.01]


@pytest.mark.parametrize("measured", [
    _measured,                                             # fractions, as accuracy() gives
    lambda: _measured(scale=100.0),                        # percentages
    lambda: {lam: round(v, 3) for lam, v in _measured().items()},
    lambda: {lam: round(100 * v, 1) for lam, v in _measured().items()},
])
def test_best_l2_right_with_the_measurements(measured):
    fb = check_best_l2(0.01, measured())
    assert fb and "90.8%" in fb.message, repr(fb)


@pytest.mark.parametrize("lam", L2_GRID)
def test_best_l2_refuses_a_guess_without_measurements(lam):
    """The old check said right to check_best_l2(0.01) and ranked the rest, so the answer could
    be found by elimination without training anything; now every guess needs the numbers."""
    for measured in (None, {}, {0.0: 0.5}):
        fb = check_best_l2(lam, measured) if measured is not None else check_best_l2(lam)
        assert not fb and "measure" in fb.message + fb.hint, repr(fb)


def test_best_l2_wrong_choices_do_not_rank_the_candidates():
    """With right measurements every wrong λ gets the same words: nothing says "too strong",
    "fits training best" or "another λ is better" about one candidate and not another."""
    texts = set()
    for lam in (0.0, 0.003, 0.1):
        fb = check_best_l2(lam, _measured())
        assert not fb and "validation" in fb.hint, repr(fb)
        texts.add(repr(fb).replace(f"λ = {lam:g} ", "λ = … "))
    assert len(texts) == 1, texts
    for lam in (0.0, 0.003, 0.1):
        fb = check_best_l2(lam, _measured())
        for word in ("Too strong", "fits the training digits best", "Another λ", "Too weak"):
            assert word not in fb.message + fb.hint


def _one_digit_off(lam):
    out = _measured()
    out[lam] += 1 / 360
    return out


@pytest.mark.parametrize("measured, message, hint", [
    (lambda: _measured(column=1), "training accuracies", "X_val_small"),
    (lambda: _one_digit_off(0.003), "for λ = 0.003 is not", "accuracy(net, X_val_small"),
    (lambda: _one_digit_off(0.01), "for λ = 0.01 is not", "accuracy(net, X_val_small"),
    (lambda: {lam: round(v, 2) for lam, v in _measured().items()}, "is not", "three digits"),
    (lambda: {lam: 0.9 for lam in L2_GRID}, "is not", "after training"),
    # measured on section 2's X_val (standardised with all 1078 training digits), to 3 digits
    (lambda: {0.0: 0.883, 0.003: 0.889, 0.01: 0.903, 0.1: 0.878}, "X_val,", "X_val_small"),
    (lambda: {lam: v for lam, v in _measured().items() if lam != 0.1}, "λ = 0.1", "capacity_run"),
    (lambda: _measured() | {0.2: 0.9}, "not a λ of the grid", "capacity_run"),
    (lambda: _measured() | {0.0: "high"}, "not a number", "capacity_run"),
    (lambda: list(_measured().values()), "dictionary", "capacity_run"),
])
def test_best_l2_checks_the_measurements_first(measured, message, hint):
    """Numbers that are not the grid's validation accuracies are refused, even with the right
    λ, and the feedback names the λ whose number is off but never the right number."""
    fb = check_best_l2(0.01, measured())
    assert not fb and message in fb.message and hint in fb.hint, repr(fb)
    text = fb.message + fb.hint
    assert "%" not in text
    for value in _measured().values():
        assert f"{value:.3f}" not in text and f"{100 * value:.1f}" not in text


@pytest.mark.parametrize("lam, hint", [
    (0.5, "Run capacity_run"),
    ("0.01", "Run capacity_run"),
])
def test_best_l2_wrong(lam, hint):
    fb = check_best_l2(lam, _measured())
    assert not fb and hint in fb.hint, repr(fb)
    assert "%" not in fb.message + fb.hint                 # no value's score is given away
    for wrong in (0.0, 0.003, 0.1):                        # nor by a wrong choice's feedback
        fb = check_best_l2(wrong, _measured())
        assert "%" not in fb.message + fb.hint


def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_notebook_first_attempts_are_wrong_and_solutions_right():
    cells = _cells()
    sources = ["".join(c["source"]) for c in cells]
    # the first attempts are code cells (the solutions, in a markdown cell, call checks too)
    attempts = [s for c, s in zip(cells, sources)
                if c["cell_type"] == "code" and re.search(r"^check_\w+\(", s, re.M)]
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
    # Exercise 4's solution, run as written: it measures the grid and passes the numbers
    from nnlib.tasks import capacity_run, small_training_set
    X_small, y_small, X_val_small, y_val_small = small_training_set(100)
    namespace.update(check_best_l2=check_best_l2, capacity_run=capacity_run,
                     X_small=X_small, y_small=y_small,
                     X_val_small=X_val_small, y_val_small=y_val_small,
                     accuracy=lambda net, X, y: np.mean(net(X).argmax(axis=1) == y))
    block = re.findall(r"```python\n(.*?)```", solutions, re.S)[2]
    assert "check_best_l2(0.01, val_accuracy)" in block
    exec(block.replace("check_best_l2(0.01, val_accuracy)",
                       "feedback = check_best_l2(0.01, val_accuracy)"), namespace)
    assert namespace["feedback"]
