"""Lesson 01's checks: right answers (more than one), wrong answers, junk."""

from nnlib.exercises import Feedback, check_nand_weights, check_perceptron_output


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
    wrong = check_perceptron_output(0, w=(1, 1), b=-1.5, x=(1, 1))
    assert not wrong and "z = w·x + b = 0.5" in wrong.message
    assert not check_perceptron_output(None)
    assert not check_perceptron_output(True)


def test_feedback_renders():
    right, wrong = Feedback(True, "ok"), Feedback(False, "no", "try again")
    assert "✓ Right." in right._repr_html_() and "Hint" not in right._repr_html_()
    assert "✗ Not yet." in wrong._repr_html_() and "try again" in wrong._repr_html_()
