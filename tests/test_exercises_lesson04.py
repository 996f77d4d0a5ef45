"""Lesson 04's checks: right answers (more than one), wrong answers, junk."""

import pytest

from nnlib.exercises import check_clip_norm, check_smallest_gradient, check_tanh_scale


def test_smallest_gradient_right_answers():
    fb = check_smallest_gradient(1)                     # deep sigmoid: the first layer
    assert fb and "layer 1 has the smallest" in fb.message
    # large tanh init: the error grows toward the input, so the output layer is smallest
    assert check_smallest_gradient(6, activation="tanh", init="normal", scale=1.0)


def test_smallest_gradient_wrong_answer_says_why():
    fb = check_smallest_gradient(6)                     # the output layer: a natural guess
    assert not fb and "layer 1 has" in fb.message and "1/4" in fb.hint
    fb = check_smallest_gradient(1, activation="tanh", init="normal", scale=1.0)
    assert not fb and "grows toward the input" in fb.hint


@pytest.mark.parametrize("junk", [0, 7, 2.0, "1", None, True])
def test_smallest_gradient_junk(junk):
    fb = check_smallest_gradient(junk)
    assert not fb and "layer number from 1 to 6" in fb.message


@pytest.mark.parametrize("scale", [0.18, 0.25])
def test_tanh_scale_accepts_any_balanced_scale(scale):
    fb = check_tanh_scale(scale)
    assert fb and "neither vanishes nor explodes" in fb.message


def test_tanh_scale_wrong_answers():
    fb = check_tanh_scale(1.0)                          # the "obvious" N(0, 1)
    assert not fb and "explodes" in fb.message and "Smaller" in fb.hint
    fb = check_tanh_scale(0.05)
    assert not fb and "vanishes" in fb.message and "Larger" in fb.hint


@pytest.mark.parametrize("junk", [0, -1.0, float("nan"), float("inf"), "0.2", None, True])
def test_tanh_scale_junk(junk):
    fb = check_tanh_scale(junk)
    assert not fb and "positive number" in fb.message


@pytest.mark.parametrize("clip", [1.0, 3.0])
def test_clip_norm_right_answers(clip):
    fb = check_clip_norm(clip)
    assert fb and "tames the explosion" in fb.message


def test_clip_norm_wrong_answers():
    fb = check_clip_norm(None)                          # no clipping: diverges
    assert not fb and "diverged" in fb.message and "without clipping" in fb.message
    fb = check_clip_norm(1000.0)                        # too loose: huge steps kill the units
    assert not fb and "only 50%" in fb.message and "near 1" in fb.hint


@pytest.mark.parametrize("junk", [0, -1, "1", float("nan"), True])
def test_clip_norm_junk(junk):
    fb = check_clip_norm(junk)
    assert not fb and "positive number" in fb.message
