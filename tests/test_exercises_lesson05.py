"""Lesson 05's checks: right answers (two), wrong answers, junk; and the maths they use."""

import numpy as np
import pytest

from nnlib import quadratic
from nnlib.exercises import check_l2, check_largest_lr, check_lr_from_range_test


def test_d2l_numbers():
    """Source: D2L (Zhang et al., Dive into Deep Learning), 12.3.1: f(x) = x², x0 = 10, 10 steps."""
    ends = [quadratic.descend([1.0], [10.0], lr, 10)[0][-1, 0] for lr in (0.2, 0.05, 1.1)]
    assert [f"{x:.6f}" for x in ends] == ["0.060466", "3.486784", "61.917364"]
    assert np.allclose(quadratic.step_factor([1.0], [0.2, 0.05, 1.1][2]), 1.2)


def test_largest_stable_lr_is_the_edge():
    a = [0.1, 2.0]
    assert quadratic.largest_stable_lr(a) == 0.5 and quadratic.largest_stable_lr(a, 0.5) == 0.75
    assert not quadratic.descend(a, [-5, -2], 0.49, 200)[2]
    assert quadratic.descend(a, [-5, -2], 0.51, 2000)[2]
    assert not quadratic.descend(a, [-5, -2], 0.7, 500, momentum=0.5)[2]


@pytest.mark.parametrize("bad", [dict(a=[0, 1]), dict(lr=0), dict(momentum=1.0), dict(steps=0)])
def test_descend_bad_input(bad):
    args = dict(a=[1.0], x0=[1.0], lr=0.1, steps=3) | bad
    with pytest.raises((ValueError, TypeError)):
        quadratic.descend(**args)


@pytest.mark.parametrize("lr", [0.25, 0.24])
def test_largest_lr_right(lr):
    fb = check_largest_lr(lr)
    assert fb and "edge" in fb.message


def test_largest_lr_wrong():
    fb = check_largest_lr(0.3)
    assert not fb and "diverges" in fb.message and "steepest" in fb.hint
    fb = check_largest_lr(0.1)
    assert not fb and "larger η does too" in fb.message


@pytest.mark.parametrize("junk", [0, -1.0, float("nan"), "0.25", None, True])
def test_largest_lr_junk(junk):
    fb = check_largest_lr(junk)
    assert not fb and "positive number" in fb.message


@pytest.mark.parametrize("lr", [0.3, 1.0])
def test_lr_from_range_test_right(lr):
    fb = check_lr_from_range_test(lr)
    assert fb and "below 0.32" in fb.message


def test_lr_from_range_test_wrong():
    fb = check_lr_from_range_test(0.001)
    assert not fb and "Too small" in fb.hint
    fb = check_lr_from_range_test(10.0)
    assert not fb and "Too large" in fb.hint


@pytest.mark.parametrize("junk", [0, "1", float("inf"), None])
def test_lr_from_range_test_junk(junk):
    assert not check_lr_from_range_test(junk)


@pytest.mark.parametrize("l2", [0.003, 0.01])
def test_l2_right(l2):
    fb = check_l2(l2)
    assert fb and "without decay" in fb.message


def test_l2_wrong():
    fb = check_l2(0.1)
    assert not fb and "Too strong" in fb.hint
    fb = check_l2(0)
    assert not fb and "no decay" in fb.hint


@pytest.mark.parametrize("junk", [-0.1, 1.0, "0.01", float("nan"), None, True])
def test_l2_junk(junk):
    fb = check_l2(junk)
    assert not fb and "from 0 to 1" in fb.message
