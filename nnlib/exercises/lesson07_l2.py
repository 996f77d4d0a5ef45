"""Lesson 07, exercise 4: the L2 strength that reads the most validation digits right.

``check_best_l2`` trains the lesson's grid of L2 strengths itself, to verify the learner's
measurements before it judges their choice: a guess without measurements is refused, and no
feedback names a value's score or ranks the candidates.
"""

import functools
import math
import numbers
from collections.abc import Mapping

from ..tasks.lesson07 import accuracy, capacity_run, digit_sets, small_training_set
from .feedback import Feedback

#: Exercise 4: the L2 strengths λ of the grid, tried on the over-fitting set-up (256 units).
L2_GRID = (0.0, 0.003, 0.01, 0.1)
L2_HIDDEN = 256
#: How far a measured validation accuracy may be from the check's own: rounding to 0.1 % is
#: within 0.0005; one validation digit more or fewer is 1/360 ≈ 0.0028.
L2_TOLERANCE = 0.001


@functools.lru_cache(maxsize=1)
def l2_grid():
    """{λ: (training loss, training accuracy, validation accuracy)} after
    ``capacity_run(256, weight_decay=λ)`` for each λ of L2_GRID (accuracies after training)."""
    Xs, ys, Xv, yv = small_training_set()
    out = {}
    for lam in L2_GRID:
        net, history = capacity_run(L2_HIDDEN, weight_decay=lam)
        out[lam] = (float(history.epoch_loss[-1]), accuracy(net, Xs, ys), accuracy(net, Xv, yv))
    return out


@functools.lru_cache(maxsize=1)
def _l2_on_the_big_validation_set():
    """{λ: accuracy on section 2's X_val (standardised with all 1078 training digits)}: a
    plausible mistake, measuring the 100-digit networks on the wrong validation inputs."""
    _, _, Xv, yv, _, _ = digit_sets()
    return {lam: accuracy(capacity_run(L2_HIDDEN, weight_decay=lam)[0], Xv, yv)
            for lam in L2_GRID}


def _grid_list(lams):
    return ", ".join(f"{lam:g}" for lam in lams)


def _read_measurements(measured):
    """``(dict {λ of the grid: accuracy as a fraction}, None)``, or ``(None, Feedback)`` when
    ``measured`` is not a full set of numbers, one per λ of the grid."""
    how = ("For each λ of the grid, train with capacity_run(256, weight_decay=lam) and store "
           "accuracy(net, X_val_small, y_val_small) in val_accuracy[lam].")
    if measured is None:
        return None, Feedback(False, "the check needs your measurements: "
                              "check_best_l2(lam, val_accuracy), with val_accuracy = "
                              "{λ: validation accuracy} for every λ of the grid.", how)
    if not isinstance(measured, Mapping):
        return None, Feedback(False, "the measurements are a dictionary {λ: validation "
                              f"accuracy}}, got {type(measured).__name__}.", how)
    values = {}
    for key, value in measured.items():
        if (isinstance(key, bool) or not isinstance(key, numbers.Real)
                or float(key) not in L2_GRID):
            return None, Feedback(False, f"val_accuracy has the key {key!r}, which is not a λ "
                                  f"of the grid ({_grid_list(L2_GRID)}).", how)
        if (isinstance(value, bool) or not isinstance(value, numbers.Real)
                or not math.isfinite(value) or not 0 <= value <= 100):
            return None, Feedback(False, f"the validation accuracy for λ = {float(key):g} is "
                                  f"{value!r}, not a number from 0 to 1 (or a percentage "
                                  "from 0 to 100).", how)
        values[float(key)] = float(value)
    missing = [lam for lam in L2_GRID if lam not in values]
    if missing:
        return None, Feedback(False, "no validation accuracy measured for λ = "
                              f"{_grid_list(missing)}.", how)
    if max(values.values()) > 1:                       # percentages, like 87.5
        values = {lam: value / 100 for lam, value in values.items()}
    return values, None


def _wrong_measurements(values, grid):
    """A Feedback if the measured accuracies are not the check's own (to rounding), else None.
    It names the λ whose numbers are off, never the right numbers."""
    def same(own):
        return all(abs(values[lam] - own[lam]) <= L2_TOLERANCE for lam in L2_GRID)

    if same({lam: grid[lam][2] for lam in L2_GRID}):
        return None
    if same({lam: grid[lam][1] for lam in L2_GRID}):
        return Feedback(False, "those are the training accuracies.",
                        "The training digits are the ones the network learnt by heart: "
                        "measure on the validation digits, X_val_small and y_val_small.")
    if same(_l2_on_the_big_validation_set()):
        return Feedback(False, "those accuracies are measured on X_val, standardised with all "
                        "1078 training digits' statistics.",
                        "These networks train on 100 digits: measure them on section 5's "
                        "X_val_small and y_val_small, standardised with those 100 digits' "
                        "statistics.")
    off = [lam for lam in L2_GRID if abs(values[lam] - grid[lam][2]) > L2_TOLERANCE]
    return Feedback(False, "your validation accuracy for λ = "
                    f"{_grid_list(off)} is not what capacity_run(256, weight_decay=λ) gives "
                    "(the check retrains every λ of the grid).",
                    "Train a fresh network for each λ and measure it after training with "
                    "accuracy(net, X_val_small, y_val_small), a fraction like 0.5 (or give all "
                    "four as percentages), to at least three digits.")


def check_best_l2(lam, val_accuracy=None):
    """Is ``lam`` the L2 strength of L2_GRID with the best validation accuracy, chosen from the
    learner's own measurements ``val_accuracy`` ({λ: validation accuracy} for every λ of the
    grid, fractions or percentages)? The check retrains the grid to verify every number before
    it judges the choice, so a guess without measurements is refused. A wrong choice gets the
    same words whichever λ it is, and no feedback gives away a value's score."""
    grid = l2_grid()
    if isinstance(lam, bool) or not isinstance(lam, numbers.Real) or float(lam) not in grid:
        return Feedback(False, f"λ must be one of the grid's values {list(grid)}, got {lam!r}.",
                        "Run capacity_run(256, weight_decay=lam) for each λ of the grid.")
    lam = float(lam)
    values, refused = _read_measurements(val_accuracy)
    if refused is None:
        refused = _wrong_measurements(values, grid)
    if refused is not None:
        return refused
    best = max(grid, key=lambda q: grid[q][2])
    if lam == best:
        return Feedback(True, f"λ = {lam:g} reads the most validation digits right of the grid "
                        f"({grid[lam][2]:.1%}), and your measurements agree with the check's.")
    return Feedback(False, f"λ = {lam:g} does not have the highest validation accuracy in your "
                    "measurements.",
                    "Your measurements are right: choose by them. The validation digits are "
                    "the ones the network never trained on, so their accuracy is the one that "
                    "decides.")
