"""Lesson 04's checks: right answers (more than one), wrong answers with the hint that fits each,
junk, and every solution the notebook prints."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib.exercises import check_clip_norm, check_smallest_gradient, check_tanh_scale
from nnlib.exercises.lesson04 import check_layer_delta

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "04_gradients.ipynb"
sigmoid = nnlib.activations.get("sigmoid")


def _cells():
    return ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]]


# -- Exercise 1: write a layer's δ ----------------------------------------------------------------

def _right(l, W, z, a, delta):
    return (W[l + 1].T @ delta[l + 1]) * sigmoid.df(z[l])


RIGHT_DELTAS = {
    "Wᵀδ ⊙ σ′(z)": _right,
    "δ @ W ⊙ a(1 − a)": lambda l, W, z, a, delta: (delta[l + 1] @ W[l + 1]) * a[l] * (1 - a[l]),
    "as a column": lambda l, W, z, a, delta: (W[l + 1].T @ delta[l + 1][:, None])
    * sigmoid.df(z[l])[:, None],
    "np.dot, list": lambda l, W, z, a, delta: list(np.dot(W[l + 1].T, delta[l + 1])
                                                  * sigmoid.df(z[l])),
}


@pytest.mark.parametrize("name", list(RIGHT_DELTAS))
def test_layer_delta_accepts_any_right_code(name):
    fb = check_layer_delta(RIGHT_DELTAS[name])
    assert fb and "equals nnlib's backward pass" in fb.message


#: (name, wrong code, a piece of the message, a piece of the hint)
WRONG_DELTAS = [
    ("no transpose", lambda l, W, z, a, d: (W[l + 1] @ d[l + 1]) * sigmoid.df(z[l]),
     "not transposed", "transpose"),
    ("forgot f′", lambda l, W, z, a, d: W[l + 1].T @ d[l + 1],
     "derivative is missing", "chain rule"),
    ("a instead of z", lambda l, W, z, a, d: (W[l + 1].T @ d[l + 1]) * sigmoid.df(a[l]),
     "σ′(a_l)", "takes the weighted sum z_l"),
    ("z(1 − z)", lambda l, W, z, a, d: (W[l + 1].T @ d[l + 1]) * z[l] * (1 - z[l]),
     "z_l (1 − z_l)", "holds with a, not with z"),
    ("f instead of f′", lambda l, W, z, a, d: (W[l + 1].T @ d[l + 1]) * a[l],
     "the activation itself", "slope"),
    ("no weights", lambda l, W, z, a, d: d[l + 1] * sigmoid.df(z[l]),
     "weights between the layers are missing", "through W_(l+1)ᵀ"),
    ("own layer's W", lambda l, W, z, a, d: (W[l].T @ d[l + 1]) * sigmoid.df(z[l]),
     "layer l's own weights", "connect l to l + 1"),
    ("z of the layer above", lambda l, W, z, a, d: (W[l + 1].T @ d[l + 1]) * sigmoid.df(z[l + 1]),
     "σ′(z_(l+1))", "belongs to the layer whose δ"),
    ("δ of its own layer", lambda l, W, z, a, d: (W[l + 1].T @ d[l]) * sigmoid.df(z[l]),
     "delta holds only the layers above", "from the layer above"),
    ("forgot return", lambda l, W, z, a, d: None, "returned None", "forget the return"),
    ("a scalar", lambda l, W, z, a, d: float(np.sum(_right(l, W, z, a, d))),
     "returned shape ()", "one entry per unit"),
    ("zeros", lambda l, W, z, a, d: np.zeros_like(z[l]), "backward pass gives",
     "factor by factor"),
]


@pytest.mark.parametrize("name, code, message, hint", WRONG_DELTAS,
                         ids=[w[0] for w in WRONG_DELTAS])
def test_layer_delta_refuses_plausible_wrong_code_with_a_fitting_hint(name, code, message, hint):
    fb = check_layer_delta(code)
    assert not fb
    assert message in fb.message, fb.message
    assert hint in fb.hint, fb.hint


def test_layer_delta_catches_code_that_only_works_on_square_layers():
    def square_only(l, W, z, a, delta):
        return (W[l + 1].T @ delta[l + 1]).reshape(4) * sigmoid.df(z[l])
    fb = check_layer_delta(square_only)
    assert not fb and "layers all have 4 units" in fb.message


def test_layer_delta_never_hands_out_the_answer():
    seen = []

    def spy(l, W, z, a, delta):
        seen.append((l, sorted(delta)))
        return _right(l, W, z, a, delta)
    assert check_layer_delta(spy)
    assert all(keys == list(range(l + 1, 5)) for l, keys in seen), seen


@pytest.mark.parametrize("junk", [None, 3, "W.T @ delta", np.zeros(4)])
def test_layer_delta_junk(junk):
    fb = check_layer_delta(junk)
    assert not fb and "the answer is a function" in fb.message


def test_layer_delta_code_that_raises_is_told_what_it_raised():
    fb = check_layer_delta(lambda l, W, z, a, delta: W[l + 1].T @ delta[l + 1] * sigmoid.df(z))
    assert not fb and "raised TypeError" in fb.message          # σ′ of the whole dict z


# -- Exercise 2: which layer gets the smallest error -----------------------------------------------

def test_smallest_gradient_right_answers():
    fb = check_smallest_gradient(6)          # the exercise: sigmoid with N(0, 3²) weights
    assert fb and "layer 6 has the smallest" in fb.message
    assert check_smallest_gradient(1, init="xavier", scale=1.0)      # moderate weights: layer 1
    assert check_smallest_gradient(6, activation="tanh", init="normal", scale=1.0)


@pytest.mark.parametrize("answer, hint", [
    (1, "σ′ ≤ 1/4 shrinks the error, but each layer also multiplies it by Wᵀ"),  # "σ vanishes"
    (2, "decide whether their product is below or above 1"),                # a middle layer
    (3, "decide whether their product is below or above 1"),
    (5, "decide whether their product is below or above 1"),
])
def test_smallest_gradient_wrong_answers_get_the_hint_that_fits(answer, hint):
    fb = check_smallest_gradient(answer)
    assert not fb and hint in fb.hint
    assert "0.043" not in fb.message and "layer 6" not in fb.message    # no answer given away
    # No elimination: no hint says where the answer lies (an end, the other end, the output).
    for giveaway in ("one end", "other end", "grows on its way down", "output", "toward the"):
        assert giveaway not in fb.hint, (giveaway, fb.hint)


def test_smallest_gradient_wrong_answers_in_the_other_settings():
    fb = check_smallest_gradient(6, init="xavier", scale=1.0)
    assert not fb and "1/4" in fb.hint and "moderate" in fb.hint
    fb = check_smallest_gradient(1, activation="tanh", init="normal", scale=1.0)
    assert not fb and "grows toward the input" in fb.hint


@pytest.mark.parametrize("junk", [0, 7, 2.0, "1", None, True])
def test_smallest_gradient_junk(junk):
    fb = check_smallest_gradient(junk)
    assert not fb and "layer number from 1 to 6" in fb.message


# -- Exercise 3: a tanh scale ------------------------------------------------------------------

@pytest.mark.parametrize("scale", [0.17, 0.18, 0.2, 0.22, 1 / np.sqrt(32)])
def test_tanh_scale_accepts_any_balanced_scale(scale):
    fb = check_tanh_scale(scale)
    assert fb and "within a factor 10 either way" in fb.message


def test_tanh_scale_refuses_he_scale_with_its_own_hint():
    """He's √(2/32) = 0.25 is the plausible wrong answer the "matched pairs" argue against: its
    error grows 16-fold over 20 layers, outside the band, and the hint names it."""
    fb = check_tanh_scale(np.sqrt(2 / 32))
    assert not fb and "explodes" in fb.message and "He's scale" in fb.hint
    assert "0.177" not in fb.hint and "0.18" not in fb.hint and "1/√32" not in fb.hint


@pytest.mark.parametrize("scale, message, hint", [
    (1.0, "explodes", "Smaller"),                  # the "obvious" N(0, 1)
    (0.5, "explodes", "Smaller"),                  # "half of 1"
    (5.0, "explodes", "Smaller"),
    (0.05, "vanishes", "Larger"),
    (0.1, "vanishes", "Larger"),
    (0.15, "vanishes", "Larger"),                  # 15 % below 1/√32: 0.024 over 20 layers
    (0.25, "explodes", "He's scale"),              # He's √(2/32), made for ReLU
    (0.3, "explodes", "Smaller"),
    (1 / 32, "vanishes", "is a variance"),         # Xavier's variance 2/(32 + 32) as the scale
    (2 / 32, "vanishes", "is a variance"),         # He's variance 2/32 as the scale
])
def test_tanh_scale_wrong_answers(scale, message, hint):
    fb = check_tanh_scale(scale)
    assert not fb and message in fb.message and hint in fb.hint
    # The hint makes the learner reason; it never states the answer's formula.
    assert "scale·√" not in fb.hint and "aim for 1" not in fb.hint and "0.18" not in fb.hint


@pytest.mark.parametrize("junk", [0, -1.0, float("nan"), float("inf"), "0.2", None, True])
def test_tanh_scale_junk(junk):
    fb = check_tanh_scale(junk)
    assert not fb and "positive number" in fb.message


# -- Exercise 4: a clip norm -------------------------------------------------------------------

@pytest.mark.parametrize("clip", [0.1, 0.2, 0.3, 0.5])
def test_clip_norm_right_answers(clip):
    fb = check_clip_norm(clip)
    assert fb and "tames the explosion" in fb.message


@pytest.mark.parametrize("clip, message, hint", [
    (None, "without clipping", "Give a clip norm c"),     # no clipping: diverges at step 2
    (1e9, "is not enough", "a smaller clip norm"),        # clipping that never bites
    (1.0, "only 50%", "worked in the lesson, at learning rate 0.1"),   # copied from above
    (0.001, "only 87%", "do not get far enough"),
    (0.01, "only 94%", "do not get far enough"),          # 90 % would have let it through
    (0.03, "only 94%", "do not get far enough"),
    (2.0, "only 76%", "kill ReLU units"),
    (10.0, "only 50%", "kill ReLU units"),
    (1000.0, "only 50%", "kill ReLU units"),
])
def test_clip_norm_wrong_answers(clip, message, hint):
    fb = check_clip_norm(clip)
    assert not fb and message in fb.message and hint in fb.hint
    assert "0.1 ×" not in fb.hint and "10 times" not in fb.hint      # no answer in the hint


@pytest.mark.parametrize("junk", [0, -1, "1", float("nan"), True])
def test_clip_norm_junk(junk):
    fb = check_clip_norm(junk)
    assert not fb and "positive number" in fb.message


# -- The notebook: first attempts refused, every printed solution passes -----------------------

def test_first_attempts_are_refused_and_the_answers_are_not_above_them():
    cells = _cells()
    first = next(i for i, s in enumerate(cells) if "check_layer_delta(layer_delta)" in s)
    assert "return np.zeros_like(z[l])" in cells[first]             # an empty attempt
    ns = {"sigmoid": sigmoid, "np": np}
    exec(cells[first].split("check_layer_delta(layer_delta)")[0].split("\n", 1)[1], ns)
    assert not check_layer_delta(ns["layer_delta"])
    above = "\n".join(cells[:first])
    assert ".T @ delta" not in above and "check_layer_delta(" not in above
    assert "scale=3" not in above and "N(0, 3" not in above   # exercise 2's network not shown
    for call in ["check_smallest_gradient(3)", "check_tanh_scale(1.0)", "check_clip_norm(None)"]:
        assert any(s.strip() == call for s in cells), call
        assert not eval(call)


def test_every_solution_the_notebook_prints_passes_its_check():
    solutions = next(s for s in _cells() if s.startswith("<details><summary><b>Solutions"))
    code = re.search(r"```python\n(.*?)```", solutions, re.S).group(1)
    ns = {"sigmoid": sigmoid}
    exec(code, ns)
    assert check_layer_delta(ns["layer_delta"])
    variant = re.search(r"`(\(delta\[l \+ 1\] @ W\[l \+ 1\]\) \* a\[l\] \* \(1 - a\[l\]\))`",
                        solutions).group(1)
    assert check_layer_delta(eval(f"lambda l, W, z, a, delta: {variant}"))
    calls = re.findall(r"`(check_\w+\([^`]*\))`", solutions)
    assert {c.split("(")[0] for c in calls} == {"check_smallest_gradient", "check_tanh_scale",
                                                 "check_clip_norm", "check_relu_weight_std",
                                                 "check_deep_cures"}
    from nnlib.exercises import check_deep_cures, check_relu_weight_std  # noqa: F401 (eval)
    for call in calls:
        assert eval(call), call
    # "Scales near it pass too (try 0.2), but not far: 0.15 is already too small, and He's
    # √(2/32) = 0.25 too large", "(0.1 and 0.5 pass too)"
    flat = " ".join(solutions.split())
    assert "(try 0.2)" in flat and "0.15 is already too small" in flat
    assert "(0.1 and 0.5 pass too)" in flat
    assert check_tanh_scale(0.2) and not check_tanh_scale(0.15) and not check_tanh_scale(0.25)
    assert check_clip_norm(0.1) and check_clip_norm(0.5)
    # "1.0, the lesson's clip norm, … 0.01 … are refused"
    assert not check_clip_norm(1.0) and not check_clip_norm(0.01)


# -- Exercise 5: a standard deviation for ReLU -------------------------------------------------

def test_relu_std_right_answers():
    from nnlib.exercises import check_relu_weight_std
    for std in ((2 / 100) ** 0.5, 0.14, 0.1414, 0.145, np.sqrt(2) / 10):
        fb = check_relu_weight_std(std)
        assert fb.correct, (std, fb)
        assert "per layer on average" in fb.message


@pytest.mark.parametrize("std,hint", [
    (2 / 100, "is a variance, Var(w)"),      # the variance, not its square root
    (1 / 100, "is a variance, Var(w)"),      # tanh's variance, as a standard deviation
    (0.1, "negative half of z"),             # 1/√100: the standard deviation for tanh
    (np.sqrt(2) / 100, "square root of the 2 only"),
    (0.177, "E[a²] after a ReLU"),           # exercise 3's answer (1/√32): another question
    (0.25, "E[a²] after a ReLU"),
    (0.15, "E[a²] after a ReLU"),            # 6 % too large: rounding is 3 %
    (0.13, "E[a²] after a ReLU"),
])
def test_relu_std_wrong_answers(std, hint):
    from nnlib.exercises import check_relu_weight_std
    fb = check_relu_weight_std(std)
    assert not fb.correct and hint in fb.hint, (std, fb)
    # The verdict agrees with the measured factor it prints, and with the exact answer.
    growth = float(re.search(r"factor ([0-9.e+-]+) per layer", fb.message).group(1))
    assert ("shrinks" in fb.message) == (std < (2 / 100) ** 0.5) == (growth < 1)
    # Wrong feedback gives no formula and no answer.
    assert "std² / 2" not in fb.message + fb.hint and "0.141" not in fb.message + fb.hint
    assert "√(2/100)" not in fb.hint and "√(2/n" not in fb.hint


@pytest.mark.parametrize("junk", [0, -0.1, float("nan"), "0.14", True, None, [0.14]])
def test_relu_std_junk(junk):
    from nnlib.exercises import check_relu_weight_std
    fb = check_relu_weight_std(junk)
    assert not fb.correct and "positive number" in fb.message


def test_relu_std_measures_what_the_answer_does():
    """The measured factor per layer follows the answer: about n_in · std² / 2."""
    from nnlib.exercises.lesson04_variance import _measured_growth
    for std in (0.1, (2 / 100) ** 0.5, 0.2):
        assert 0.9 < _measured_growth(std, 100) / (100 * std ** 2 / 2) < 1.1


def test_relu_std_exercise_cell_and_solution():
    cells = _cells()
    first = next(c for c in cells if "check_relu_weight_std(" in c and "import" in c)
    assert "check_relu_weight_std(0.1)" in first
    solution = next(c for c in cells if "<summary><b>Solutions</b>" in c)
    assert "check_relu_weight_std((2 / 100) ** 0.5)" in solution
    from nnlib.exercises import check_relu_weight_std
    assert not check_relu_weight_std(0.1) and check_relu_weight_std((2 / 100) ** 0.5)
    ex = cells.index(first)
    # The answer is not printed above the exercise, nor He's std as a formula, and the task
    # text does not warn about the variance/standard deviation trap; exercise 3's answer
    # (1/√32 ≈ 0.177) is not this one.
    assert not any(re.search(r"0\.141|√\(2/100\)|\\sqrt\{2 / n_\\text\{in\}\}", c)
                   for c in cells[:ex])
    assert "difference between a" not in cells[ex - 1]
    assert not check_relu_weight_std(1 / np.sqrt(32))


# -- Exercise 6: which thirty-layer set-ups stay within 3 decades ------------------------------

def test_deep_cures_right_answer_in_any_spelling():
    from nnlib.exercises import check_deep_cures
    for answer in ("AB", "ba", "A, B", {"A", "B"}, ["b", "a"], ("A", "B")):
        fb = check_deep_cures(answer)
        assert fb, (answer, fb)
    assert "not exploding" in check_deep_cures("AB").message


@pytest.mark.parametrize("answer, message, hint", [
    ("A", "not every one that does", "plus 1 where there is a skip"),    # the first attempt
    ("B", "not every one that does", "plus 1 where there is a skip"),
    ("", "not every one that does", "plus 1 where there is a skip"),
    ("ABC", "C spans", "sum of two such terms"),      # "skips always help"
    ("AC", "C spans", "sum of two such terms"),
    ("ABD", "D spans", "below or above 1"),           # "skips cure exploding too"
    ("AD", "D spans", "below or above 1"),
    ("ABCD", "C spans", "sum of two such terms"),
    ("CD", "C spans", "sum of two such terms"),
])
def test_deep_cures_wrong_answers(answer, message, hint):
    from nnlib.exercises import check_deep_cures
    fb = check_deep_cures(answer)
    assert not fb and message in fb.message and hint in fb.hint, (answer, fb)
    # A partly right answer is never told which other letter is missing.
    assert "A (" not in fb.message and "B (" not in fb.message


@pytest.mark.parametrize("junk", ["AE", "X", 3, None, [1, 2], 2.5])
def test_deep_cures_junk(junk):
    from nnlib.exercises import check_deep_cures
    fb = check_deep_cures(junk)
    assert not fb and "some of the letters A, B, C, D" in fb.message


def test_deep_cures_exercise_cell_and_solution():
    cells = _cells()
    first = next(c for c in cells if "check_deep_cures(" in c and "import" in c)
    assert 'check_deep_cures("A")' in first
    solution = next(c for c in cells if "<summary><b>Solutions</b>" in c)
    assert 'check_deep_cures("AB")' in solution
    from nnlib.exercises import check_deep_cures
    assert not check_deep_cures("A") and check_deep_cures("AB")
    # ReLU + He + skips (C) is not measured anywhere above the exercise.
    ex = cells.index(first)
    assert not any('"relu", "he", residual=True' in c or "relu', init='he', residual" in c
                   for c in cells[:ex])
