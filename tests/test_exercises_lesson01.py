"""Lesson 01's checks: right answers (more than one where there are several), the plausible wrong
answers each refused with the hint that fits that mistake, junk, and the notebook itself: every
solution it prints passes its check, every exercise cell's first attempt is refused."""

import json
import re
from pathlib import Path

import pytest

from nnlib.exercises import (
    Feedback,
    check_and_not_weights,
    check_nand_weights,
    check_neuron_outputs,
    check_perceptron_output,
    check_rule_update,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_perceptron.ipynb"
CHECKS = {f.__name__: f for f in (check_neuron_outputs, check_and_not_weights,
                                  check_rule_update, check_nand_weights,
                                  check_perceptron_output)}


# Exercise 1: the three-input neuron w = (2, −1, 1), b = −2 on the eight corners (0, 0, 0) …
# (1, 1, 1) in binary order: z = −2, −1, −3, −2, 0, 1, −1, 0, so y = 0, 0, 0, 0, 1, 1, 0, 1.

W3, B3 = (2.0, -1.0, 1.0), -2.0


def test_neuron_outputs_right():
    for answer in ([0, 0, 0, 0, 1, 1, 0, 1], (0, 0, 0, 0, 1, 1, 0, 1),
                   [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0]):
        fb = check_neuron_outputs(answer, w=W3, b=B3)
        assert fb and fb.correct and "[0, 0, 0, 0, 1, 1, 0, 1]" in fb.message
        assert "z = -2, -1, -3, -2, 0, 1, -1, 0" in fb.message
    # two inputs, and other neurons: the check computes the truth, it does not store one answer
    assert check_neuron_outputs([0, 0, 1, 1], w=(2.0, -1.0), b=-1.0)
    assert check_neuron_outputs([0, 1, 1, 1], w=(1.0, 1.0), b=-0.5)
    assert not check_neuron_outputs([0, 0, 1, 1], w=(1.0, 1.0), b=-0.5)
    assert check_neuron_outputs([0, 0, 0, 0, 0, 0, 0, 1], w=(1, 1, 1), b=-3)


@pytest.mark.parametrize("answer, message, hint", [
    ([0, 0, 0, 0, 0, 1, 0, 0], "wrong at (1, 0, 0), (1, 1, 1), where z = 0 exactly",
     "z = 0 counts as the 1 side"),                                          # step(0) = 0
    ([1, 1, 1, 1, 0, 0, 1, 0], "every output is flipped", "z = w·x + b ≥ 0"),  # sides swapped
    ([1, 1, 0, 1, 1, 1, 1, 1], "left out the bias", "z = b = -2"),          # z = w·x only
    ([0, 1, 0, 0, 0, 1, 0, 1], "w1 and w3 swapped, or with the inputs read in another order",
     "x1 goes with w1 = 2, x2 with w2 = -1, x3 with w3 = 1"),                # x3 as first bit
    ([0, 0, 0, 0, 1, 1, 0, 0], "left out the third input's term w3·x3",
     "z = w3 + b = -1"),                                                     # two-input habit
    ([-2, -1, -3, -2, 0, 1, -1, 0], "weighted sums z, not the outputs",
     "through the step"),                                                    # z, not y
    ([0, 0, 0, 0, 2, 1, 0, 1], "only 0 or 1", "then y = 1 if z ≥ 0"),        # not outputs
    ([0, 0, 0, 0, 1, 1, 1, 1], "wrong at (1, 1, 0).",
     "z = w1·x1 + w2·x2 + w3·x3 + b"),                                       # a slip
])
def test_neuron_outputs_wrong_answers_get_their_hint(answer, message, hint):
    fb = check_neuron_outputs(answer, w=W3, b=B3)
    assert not fb
    assert message in fb.message and hint in fb.hint, repr(fb)


@pytest.mark.parametrize("answer, message, hint", [
    ([0, 0, 1, 0], "z = 0 exactly", "z = 0 counts as the 1 side"),           # step(0) = 0
    ([1, 1, 0, 0], "every output is flipped", "z = w·x + b ≥ 0"),             # sides swapped
    ([1, 0, 1, 1], "left out the bias", "z = b = -1"),                       # z = w·x only
    ([0, 1, 0, 1], "w1 and w2 swapped", "x1 goes with w1 = 2"),              # weights swapped
    ([-1, -2, 1, 0], "weighted sums z, not the outputs", "through the step"),  # z, not y
    ([0, 1, 1, 1], "wrong at (0, 1)", "For each input compute z"),            # a slip
])
def test_neuron_outputs_two_inputs_wrong_answers(answer, message, hint):
    fb = check_neuron_outputs(answer, w=(2.0, -1.0), b=-1.0)
    assert not fb
    assert message in fb.message and hint in fb.hint, repr(fb)


@pytest.mark.parametrize("junk", [None, "00001101", [0, 1, 1], [0, 0, 1, 1],
                                  [0, 0, 0, 0, 1, 1, 0, 1, 1], [True, False, 1, 1, 0, 0, 0, 0],
                                  [0, float("nan"), 1, 1, 0, 0, 0, 0], 3])
def test_neuron_outputs_junk(junk):
    fb = check_neuron_outputs(junk, w=W3, b=B3)
    assert not fb and "8 outputs" in fb.message and "(1, 1, 1), in that order" in fb.hint
    fb = check_neuron_outputs(junk if junk != [0, 0, 1, 1] else [0, 0, 1])
    assert not fb and "4 outputs" in fb.message


def test_neuron_outputs_bad_neuron():
    for w in [(1.0,), (1.0, 2.0, 3.0, 4.0), "ab", 3.0, None]:
        with pytest.raises(ValueError, match="2 or 3 weights"):
            check_neuron_outputs([0, 0, 0, 0], w=w, b=0.0)
    fb = check_neuron_outputs([0, 0, 0, 0], w=(1.0, float("nan")), b=0.0)
    assert not fb and "w2 must be a finite number" in fb.message


# Exercise 2: "x1 and not x2", 1 only for (1, 0).

@pytest.mark.parametrize("w1, w2, b", [(1.0, -1.0, -0.5), (2, -2, -1), (0.7, -0.2, -0.7),
                                       (1, -1, -1), (0.1, -0.2, -0.1)])
def test_and_not_accepts_any_correct_weights(w1, w2, b):
    # (1, -1, -1) and (0.1, -0.2, -0.1) put (1, 0) exactly on the line: z = 0, so y = 1
    fb = check_and_not_weights(w1, w2, b)
    assert fb and fb.correct and "only for (1, 0)" in fb.message


@pytest.mark.parametrize("w1, w2, b, where, hint", [
    (1.0, 1.0, -1.5, "(1, 0), (1, 1)", "computes AND"),                     # the AND neuron
    (-1.0, 1.0, -0.5, "(0, 1), (1, 0)", "swap w1 and w2"),                   # picks out (0, 1)
    (-1.0, 1.0, 0.5, "(0, 0), (0, 1), (1, 0), (1, 1)", "flip the signs"),    # the complement
    (1.0, 1.0, -0.5, "(0, 1), (1, 1)", "w2 + b < 0 fails (it is 0.5)"),      # OR
    (1.0, -2.0, 0.5, "(0, 0)", "b < 0 fails (it is 0.5)"),                   # bias ≥ 0
    (0.0, 0.0, -1.0, "(1, 0)", "w1 + b ≥ 0 fails (it is -1)"),               # w = 0: all 0
])
def test_and_not_wrong_answers_get_their_hint(w1, w2, b, where, hint):
    fb = check_and_not_weights(w1, w2, b)
    assert not fb
    assert fb.message.endswith(f"{where}.") and hint in fb.hint, repr(fb)


def test_and_not_junk():
    for args in [("a", 1, 1), (float("nan"), 1, 1), (1, None, 1), (True, -1, -0.5)]:
        fb = check_and_not_weights(*args)
        assert not fb and "finite number" in fb.message


# Exercise 3: w = (0.5, −1), b = 0, η = 0.5 visit x = (1, 0) with t = 0: z = 0.5, y = 1, error −1.

def test_rule_update_right():
    for w, b in [((0.0, -1.0), -0.5), ([0, -1], -0.5), ((1e-12, -1.0), -0.5)]:
        fb = check_rule_update(w, b)
        assert fb and "t − y = -1" in fb.message
    # a visit without a mistake changes nothing, and the check knows it
    fb = check_rule_update((0.5, -1.0), 0.0, t=1)
    assert fb and "nothing changes" in fb.message
    assert not check_rule_update((0.0, -1.0), -0.5, t=1)


@pytest.mark.parametrize("w, b, message, hint", [
    ((0.5, -1.0), 0.0, "before the visit, unchanged", "compare y with the target t"),
    ((1.0, -1.0), 0.5, "wrong sign", "t − y = 0 − 1 = -1"),
    ((-0.5, -1.0), -1.0, "η is missing", "η = 0.5"),
    ((0.0, -1.5), -0.5, "same amount", "its own input"),
    ((0.0, -1.0), 0.0, "bias did not change", "b ← b + η (t − y)"),
    ((0.25, -1.0), -0.25, "you used t − z", "y = step(z) = 1"),
    ((0.5, -0.5), 0.0, "not the weights after this update", "First compute z"),
])
def test_rule_update_wrong_answers_get_their_hint(w, b, message, hint):
    fb = check_rule_update(w, b)
    assert not fb
    assert message in fb.message and hint in fb.hint, repr(fb)


@pytest.mark.parametrize("w, b", [(None, 0.0), ("ab", 0.0), ((1, 2, 3), 0.0), ((0, -1), None),
                                  ((0, -1), True), ((0, float("inf")), 0.0)])
def test_rule_update_junk(w, b):
    fb = check_rule_update(w, b)
    assert not fb and "two numbers" in fb.message


# The older checks, still exported.

def test_nand_accepts_any_correct_weights():
    for w1, w2, b in [(-1.0, -1.0, 1.5), (-2, -2, 3), (-0.5, -0.7, 1.0)]:
        fb = check_nand_weights(w1, w2, b)
        assert fb and fb.correct and "computes NAND" in repr(fb)


def test_nand_wrong_answers_say_where_and_hint():
    fb = check_nand_weights(1.0, 1.0, -1.5)        # that is AND
    assert not fb
    assert "(0, 0)" in fb.message and "Hint:" in repr(fb)
    fb = check_nand_weights(-1.0, -1.0, 2.5)       # says 1 everywhere
    assert not fb and "(1, 1)" in fb.message and "negative" in fb.hint


def test_nand_junk_input():
    fb = check_nand_weights("a", 1, 1)
    assert not fb and "finite number" in fb.message
    assert not check_nand_weights(float("nan"), 1, 1)


def test_perceptron_output():
    assert check_perceptron_output(1, w=(1, 1), b=-1.5, x=(1, 1))
    assert check_perceptron_output(0, w=(1, 1), b=-1.5, x=(1, 0))
    assert check_perceptron_output(1, w=(0.1, 0.2), b=-0.3, x=(1, 1))   # z = 0 exactly: y = 1
    wrong = check_perceptron_output(0, w=(1, 1), b=-1.5, x=(1, 1))
    assert not wrong and "z = w·x + b = 0.5" in wrong.message
    assert not check_perceptron_output(None)
    assert not check_perceptron_output(True)


def test_feedback_renders():
    right, wrong = Feedback(True, "ok"), Feedback(False, "no", "try again")
    assert "✓ Right." in right._repr_html_() and "Hint" not in right._repr_html_()
    assert "✗ Not yet." in wrong._repr_html_() and "try again" in wrong._repr_html_()


# The notebook: its solutions pass, its first attempts are refused, no answer is printed above.

def _cells():
    return json.loads(NOTEBOOK.read_text())["cells"]


def _calls(text):
    return re.findall(r"`(check_\w+\(.*?\))`", text)


def test_every_solution_the_notebook_prints_passes_its_check():
    solutions = [call for cell in _cells() if cell["cell_type"] == "markdown"
                 and "<summary><b>Solutions" in "".join(cell["source"])
                 for call in _calls("".join(cell["source"]))]
    assert {s.split("(")[0] for s in solutions} == {"check_neuron_outputs",
                                                    "check_and_not_weights", "check_rule_update"}
    assert len(solutions) >= 3
    for call in solutions:
        fb = eval(call, dict(CHECKS))
        assert fb, f"{call}: {fb!r}"


def test_every_exercise_cell_starts_refused_and_shows_it():
    exercise_cells = [c for c in _cells() if c["cell_type"] == "code"
                      and re.search(r"^check_\w+\(", "".join(c["source"]), re.M)]
    assert len(exercise_cells) == 3
    for cell in exercise_cells:
        call = re.search(r"^(check_\w+\(.*\))$", "".join(cell["source"]), re.M).group(1)
        fb = eval(call, dict(CHECKS))
        assert not fb, call
        shown = "".join("".join(o.get("data", {}).get("text/plain", ""))
                        for o in cell["outputs"])
        assert shown.startswith("✗ Not yet.") and fb.message in shown, call


def test_no_answer_is_printed_above_its_exercise():
    """The exercises' answers appear in no output: the outputs (and sums z) of exercise 1's
    three-input neuron, which no explorer can show (it has two inputs), exercise
    2's weights (no explorer preset or printed neuron computes "x1 and not x2"), exercise 3's
    updated weights."""
    from nnlib.widgets.perceptron import PerceptronExplorer

    outputs = "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                      for c in _cells() if c["cell_type"] == "code" for o in c["outputs"])
    assert not re.search(r"0\.?, 0\.?, 0\.?, 0\.?, 1\.?, 1\.?, 0\.?, 1\.?\]", outputs)
    assert not re.search(r"-2\.?, -1\.?, -3\.?, -2\.?, 0\.?, 1\.?, -1\.?, 0\.?", outputs)
    assert not re.search(r"w = \(0(\.0)?, -1(\.0)?\)|\[ ?0\.? +-1\.?\]", outputs)
    for preset in PerceptronExplorer().presets.values():
        if {"w1", "w2", "b"} <= set(preset):
            assert not check_and_not_weights(preset["w1"], preset["w2"], preset["b"]), preset


def test_the_explorers_questions_are_answered_out_of_sight():
    """The "Predict first" questions above the first explorer are answered in a folded block
    under it, not in plain view (the reviewer's finding 8)."""
    cells = _cells()
    at = next(i for i, c in enumerate(cells) if c["cell_type"] == "code"
              and "perceptron_explorer(" in "".join(c["source"]))
    assert "Predict first" in "".join(cells[at - 1]["source"])
    after = "".join(cells[at + 1]["source"])
    assert after.startswith("<details><summary><b>Answers") and after.rstrip().endswith(
        "</details>")
    assert "NAND neuron" in after and "3 of 4 is the best" in after
