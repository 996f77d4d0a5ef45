"""The checks of lesson 02 accept any right answer, explain wrong ones, and survive junk."""

import numpy as np
import pytest

from nnlib.exercises import Feedback, check_separable, check_xor_weights

# h1 ≈ OR, h2 ≈ AND, y ≈ h1 AND NOT h2
OR_AND = dict(W1=[[6, 6], [6, 6]], b1=[-3, -9], W2=[10, -10], b2=-5)
# h1 ≈ x1 AND NOT x2, h2 ≈ x2 AND NOT x1, y ≈ h1 OR h2 (and arrays of the exact shapes)
TWO_CORNERS = dict(W1=np.array([[8.0, -8.0], [-8.0, 8.0]]), b1=np.array([-4.0, -4.0]),
                   W2=np.array([[10.0, 10.0]]), b2=np.array([-5.0]))


@pytest.mark.parametrize("answer", [OR_AND, TWO_CORNERS])
def test_xor_weights_right(answer):
    fb = check_xor_weights(**answer)
    assert isinstance(fb, Feedback) and fb.correct
    assert "all four" in repr(fb)


def test_xor_weights_wrong_names_the_inputs():
    fb = check_xor_weights(W1=[[6, 6], [6, 6]], b1=[-3, -9], W2=[10, 10], b2=-5)
    assert not fb
    assert "(1, 1)" in fb.message and "(0, 1)" not in fb.message
    assert "(1, 1) → (1.00, 0.95)" in fb.hint
    everything_flipped = check_xor_weights(OR_AND["W1"], OR_AND["b1"], [-10, 10], 5)
    assert not everything_flipped and "wrong on 4 inputs" in everything_flipped.message


@pytest.mark.parametrize("junk, words", [
    (dict(W1="weights"), "W1 must be numbers"),
    (dict(W1=[[6, 6]]), "shape (2, 2)"),
    (dict(b1=[1, 2, 3]), "b1 must hold 2"),
    (dict(W2=[1, 2, 3]), "W2 must hold 2"),
    (dict(b2=[float("nan")]), "finite"),
    (dict(b2=None), "finite"),
    (dict(W1=[[1, 2], [3]]), "W1"),
])
def test_xor_weights_junk_gets_feedback(junk, words):
    fb = check_xor_weights(**{**OR_AND, **junk})
    assert not fb and words in fb.message and fb.hint


@pytest.mark.parametrize("gate, answer", [("xor", False), ("XNOR", False), ("and", True),
                                          ("nand", True)])
def test_separable_right(gate, answer):
    assert check_separable(gate, answer)


def test_separable_wrong_and_junk():
    wrong = check_separable("xor", True)
    assert not wrong and "not linearly separable" in wrong.message and wrong.hint
    assert not check_separable("or", False)
    assert "True or False" in check_separable("xor", "no").message
    assert "gate must be one of" in check_separable("xr", False).message
    assert "gate must be one of" in check_separable(3, False).message
