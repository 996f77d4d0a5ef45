"""Lesson 06's checks accept every right answer and refuse wrong ones with a reason."""

import pytest

from nnlib.exercises import check_circle_features, check_spiral_network


@pytest.mark.parametrize("features", [("x1^2", "x2^2"), ("x2^2", "x1^2", "x1"),
                                      ["x1", "x2", "x1^2", "x2^2", "x1*x2"]])
def test_circle_features_right(features):
    assert check_circle_features(features)


@pytest.mark.parametrize("features", [("x1", "x2"), ("x1^2",), ("x1*x2",),
                                      ("sin(x1)", "sin(x2)")])
def test_circle_features_wrong_says_why(features):
    feedback = check_circle_features(features)
    assert not feedback and "test accuracy" in feedback.message and feedback.hint


@pytest.mark.parametrize("features", [("x3",), (), 5])
def test_circle_features_bad_input(features):
    feedback = check_circle_features(features)
    assert not feedback and "feature" in feedback.message


def test_spiral_network_right_and_wrong():
    assert check_spiral_network((8, 8, 8), 0.1)
    wrong = check_spiral_network((4, 2), 0.03)
    assert not wrong and "more layers" in wrong.hint
    diverged = check_spiral_network((8,) * 6, 10.0)
    assert not diverged


@pytest.mark.parametrize("hidden, lr", [((9,), 0.1), ((2,) * 7, 0.1), (3, 0.1), ((8,), 0),
                                        ((8,), True), ((8,), 11.0), ((2.5,), 0.1)])
def test_spiral_network_bad_input(hidden, lr):
    feedback = check_spiral_network(hidden, lr)
    assert not feedback and feedback.hint
