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

@pytest.mark.parametrize("scale", [0.15, 0.18, 0.25, 0.3, 1 / np.sqrt(32)])
def test_tanh_scale_accepts_any_balanced_scale(scale):
    fb = check_tanh_scale(scale)
    assert fb and "neither vanishes nor explodes" in fb.message


@pytest.mark.parametrize("scale, message, hint", [
    (1.0, "explodes", "Smaller"),                  # the "obvious" N(0, 1)
    (0.5, "explodes", "Smaller"),                  # "half of 1"
    (5.0, "explodes", "Smaller"),
    (0.05, "vanishes", "Larger"),
    (0.1, "vanishes", "Larger"),
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
                                                 "check_clip_norm", "check_relu_weight_std"}
    from nnlib.exercises import check_relu_weight_std  # noqa: F401 (the calls below use it)
    for call in calls:
        assert eval(call), call
    # "Other scales near it pass too (try 0.15 and 0.3)", "(0.1 and 0.5 pass too)"
    flat = " ".join(solutions.split())
    assert "try 0.15 and 0.3" in flat and "(0.1 and 0.5 pass too)" in flat
    assert check_tanh_scale(0.15) and check_tanh_scale(0.3)
    assert check_clip_norm(0.1) and check_clip_norm(0.5)
    # "1.0, the lesson's clip norm, … 0.01 … are refused"
    assert not check_clip_norm(1.0) and not check_clip_norm(0.01)


# -- Exercise 5: a standard deviation for ReLU -------------------------------------------------

def test_relu_std_right_answers():
    from nnlib.exercises import check_relu_weight_std
    for std in ((2 / 64) ** 0.5, 0.177, 0.18, np.sqrt(2) / 8):
        fb = check_relu_weight_std(std)
        assert fb.correct, (std, fb)
        assert "per layer on average" in fb.message


@pytest.mark.parametrize("std,hint", [
    (2 / 64, "variance, Var(w)"),            # the variance, not its square root
    (1 / 64, "a variance, not a standard deviation"),
    (1 / 8, "ReLU sets half"),               # the standard deviation for tanh
    (0.3, "ReLU keeps half"),
    (0.16, "ReLU keeps half"),               # 10 % too small: rounding is 3 %
])
def test_relu_std_wrong_answers(std, hint):
    from nnlib.exercises import check_relu_weight_std
    fb = check_relu_weight_std(std)
    assert not fb.correct and hint in fb.hint, (std, fb)
    assert ("shrinks" in fb.message) == (std < (2 / 64) ** 0.5)


@pytest.mark.parametrize("junk", [0, -0.1, float("nan"), "0.17", True, None, [0.17]])
def test_relu_std_junk(junk):
    from nnlib.exercises import check_relu_weight_std
    fb = check_relu_weight_std(junk)
    assert not fb.correct and "positive number" in fb.message


def test_relu_std_measures_what_the_answer_does():
    """The measured factor per layer follows the answer: about n_in · std² / 2."""
    from nnlib.exercises.lesson04_variance import _measured_growth
    for std in (0.1, (2 / 64) ** 0.5, 0.3):
        assert 0.8 < _measured_growth(std, 64) / (64 * std ** 2 / 2) < 1.25


def test_relu_std_exercise_cell_and_solution():
    cells = _cells()
    first = next(c for c in cells if "check_relu_weight_std(" in c and "import" in c)
    assert "check_relu_weight_std(1 / 64)" in first
    solution = next(c for c in cells if "<summary><b>Solutions</b>" in c)
    assert "check_relu_weight_std((2 / 64) ** 0.5)" in solution
    from nnlib.exercises import check_relu_weight_std
    assert not check_relu_weight_std(1 / 64) and check_relu_weight_std((2 / 64) ** 0.5)
    # the answer is not printed above the exercise
    ex = cells.index(first)
    assert not any(re.search(r"0\.17[67]", c) for c in cells[:ex])
