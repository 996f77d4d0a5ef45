"""Lesson 06's checks accept every right answer and refuse wrong ones with a reason that fits
the mistake; every solution the notebook prints passes its check."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib.exercises
from nnlib.exercises import (
    check_circle_features,
    check_circle_weights,
    check_forward,
    check_spiral_network,
)
from nnlib.widgets import playground

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "06_playground.ipynb"
machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")


# -- Exercise 1: a circle by hand -------------------------------------------------------------

@pytest.mark.parametrize("w1, w2, b", [(-1, -1, 14), (-2, -2, 30), (-1.0, -1.0, 7.0),
                                       (-1, -1, 24), (-1, -1.5, 14), (-0.01, -0.01, 0.1)])
def test_circle_weights_right(w1, w2, b):
    """Any circle (or ellipse) between the rings, z > 0 inside, is right."""
    feedback = check_circle_weights(w1, w2, b)
    assert feedback and "500 of 500" in feedback.message


@pytest.mark.parametrize("w1, w2, b, hint", [
    (1, 1, -14, "Inside out"),                  # signs the wrong way round
    (1, 1, -1, "Inside out"),
    (0.5, 0.5, -3, "Inside out"),
    (1, 1, 3, "everything is class 1"),         # z > 0 everywhere
    (-1, -1, -3, "b must be positive"),         # z < 0 everywhere
    (-1, -1, 4, "inside the inner ring"),       # radius 2: too small
    (-1, -1, 6, "inside the inner ring"),       # radius 2.45: just inside
    (-1, -1, 30, "outside the outer ring"),     # radius 5.5: too large
    (0, 0, 1, "same class"),                    # no weights at all
    (0, 0, 0, "same class"),                    # the notebook's first attempt
    (-1, 0, 14, "stripe"),                      # one feature only
    (-1, 1, 14, "hyperbola"),                   # opposite signs
    (-1, -5, 14, "ellipse"),                    # an ellipse that cuts the inner ring
])
def test_circle_weights_wrong_says_why(w1, w2, b, hint):
    feedback = check_circle_weights(w1, w2, b)
    assert not feedback and "of 500 points right" in feedback.message
    assert hint in feedback.hint


@pytest.mark.parametrize("args", [(True, 1, 1), ("1", 1, 1), (1, float("nan"), 1),
                                  (1, 1, None), (1, 1, float("inf"))])
def test_circle_weights_bad_input(args):
    feedback = check_circle_weights(*args)
    assert not feedback and "must be a number" in feedback.message and feedback.hint


# -- Exercise 2: the forward pass ---------------------------------------------------------------

def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _forward(hidden=np.tanh, out=_sigmoid, bias=True, transpose=True):
    def forward(net, F):
        a = F
        for k, layer in enumerate(net.layers):
            W = layer.W.T if transpose else layer.W
            z = a @ W + (layer.b if bias else 0)
            a = out(z) if k == len(net.layers) - 1 else hidden(z)
        return a
    return forward


def test_forward_right():
    assert check_forward(_forward())
    # a flat output (n,) is fine too, and so is an explicit loop over neurons
    assert check_forward(lambda net, F: _forward()(net, F)[:, 0])

    def neuron_by_neuron(net, F):
        a = F
        for k, layer in enumerate(net.layers):
            z = np.column_stack([a @ w + b for w, b in zip(layer.W, layer.b)])
            a = _sigmoid(z) if k == len(net.layers) - 1 else np.tanh(z)
        return a
    assert check_forward(neuron_by_neuron)


@pytest.mark.parametrize("forward, hint", [
    (_forward(out=np.tanh), "sigmoid, not a tanh"),
    (_forward(out=lambda z: z), "You return the last layer's z"),
    (_forward(bias=False), "adds its biases"),
    (_forward(hidden=_sigmoid), "hidden layers of these networks are tanh"),
    (_forward(hidden=lambda z: z), "applies tanh to its z"),
    (_forward(hidden=lambda z: np.maximum(z, 0)), "then a = tanh(z)"),
    (_forward(transpose=False), "a @ W.T + b"),                # shapes do not fit
    (lambda net, F: F, "Go through every layer"),              # the notebook's first attempt
])
def test_forward_wrong_says_why(forward, hint):
    feedback = check_forward(forward)
    assert not feedback and hint in feedback.hint


def test_forward_cannot_change_the_networks_or_call_nnlib():
    def cheat(net, F):
        return net(F)            # the check hands over W and b only
    feedback = check_forward(cheat)
    assert not feedback and "raised" in feedback.message

    def vandal(net, F):
        net.layers[0].W[0, 0] = 0.0
        return _forward()(net, F)
    assert not check_forward(vandal)


@pytest.mark.parametrize("junk", [3, None, "forward"])
def test_forward_bad_input(junk):
    feedback = check_forward(junk)
    assert not feedback and "must be a function" in feedback.message


# -- every solution the notebook prints passes its check ---------------------------------------

def _solutions():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = next("".join(c["source"]) for c in cells
                if c["cell_type"] == "markdown" and "<summary><b>Solutions" in "".join(c["source"]))
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_notebook_prints_one_solution_per_exercise():
    blocks = _solutions()
    assert len(blocks) == 2
    assert "check_circle_weights(" in blocks[0] and "check_forward(" in blocks[1]


@machines
def test_every_printed_solution_passes_its_check(machine):
    for block in _solutions():
        scope = {"np": np, **{name: getattr(nnlib.exercises, name) for name in
                              ("check_circle_weights", "check_forward")}}
        *body, last = block.strip().split("\n")
        with last_bit_noise(machine):
            exec("\n".join(body), scope)                 # noqa: S102 (the notebook's text)
            feedback = eval(last, scope)                 # noqa: S307
        assert feedback, (block, feedback)


@machines
def test_the_first_attempts_in_the_notebook_are_refused(machine):
    """The exercise cells hold a wrong first attempt; their stored output shows it refused."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    attempts = [c for c in cells if c["cell_type"] == "code"
                and "".join(c["source"]).rsplit("\n", 1)[-1].startswith("check_")]
    assert len(attempts) == 2
    scope = {"np": np}                  # one scope, as in the notebook (the first cell imports)
    for cell in attempts:
        body, last = "".join(cell["source"]).rsplit("\n", 1)
        with last_bit_noise(machine):
            exec(body, scope)                            # noqa: S102 (the notebook's code)
            feedback = eval(last, scope)                 # noqa: S307
        assert not feedback
        stored = "".join(cell["outputs"][0]["data"]["text/plain"])
        assert stored.startswith("✗ Not yet.") and stored == repr(feedback)


# -- earlier checks, kept for anyone who still calls them -------------------------------------

@pytest.mark.parametrize("features", [("x1^2", "x2^2"), ("x2^2", "x1^2", "x1")])
def test_circle_features_right(features):
    assert check_circle_features(features)


@pytest.mark.parametrize("features", [("x1", "x2"), ("x1*x2",)])
def test_circle_features_wrong_says_why(features):
    feedback = check_circle_features(features)
    assert not feedback and "test accuracy" in feedback.message and feedback.hint


@pytest.mark.parametrize("features", [("x3",), (), 5])
def test_circle_features_bad_input(features):
    feedback = check_circle_features(features)
    assert not feedback and "feature" in feedback.message


@pytest.mark.parametrize("hidden, lr", [((9,), 0.1), ((2,) * 7, 0.1), (3, 0.1), ((8,), 0),
                                        ((8,), True), ((8,), 11.0), ((2.5,), 0.1)])
def test_spiral_network_bad_input(hidden, lr):
    feedback = check_spiral_network(hidden, lr)
    assert not feedback and feedback.hint


def test_the_rings_have_the_radii_the_solution_states():
    """Exercise 1's solution: "`np.hypot(*pg.run.X_train.T)` is 2.5 for every class-1 point and
    5 for every class-0 point" (the exercise asks the learner to measure them)."""
    from nnlib.exercises.lesson06 import INNER_RADIUS, OUTER_RADIUS
    from nnlib.tasks.lesson06 import make_data
    X, y = make_data("circle")
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 1], 2.5, rtol=1e-12)
    np.testing.assert_allclose(r[y == 0], 5.0, rtol=1e-12)
    assert (INNER_RADIUS, OUTER_RADIUS) == (2.5, 5.0)
    run = playground().run                        # the notebook's pg.run, as the solution reads it
    r = np.hypot(*run.X_train.T)
    np.testing.assert_allclose(r[run.y_train == 1], 2.5, rtol=1e-12)
    np.testing.assert_allclose(r[run.y_train == 0], 5.0, rtol=1e-12)


def test_the_stored_feedback_under_the_exercises_gives_no_answer_away():
    """The first attempts' hints say what is wrong with them, not what the answer is: no sign of
    b or w for the circle, no sigmoid or matrix product for the forward pass; and the exercise
    text states neither the radii nor the output layer's formula."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    attempts = [c for c in cells if c["cell_type"] == "code"
                and "".join(c["source"]).rsplit("\n", 1)[-1].startswith("check_")]
    circle, forward = ("".join(c["outputs"][0]["data"]["text/plain"]) for c in attempts)
    for giveaway in ("b > 0", "w < 0", "positive", "negative", "Inside out", "2.5", "radius"):
        assert giveaway not in circle, giveaway
    for giveaway in ("σ", "sigmoid", "W.T", "1 / (1"):
        assert giveaway not in forward, giveaway
    texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    exercise_1 = next(t for t in texts if "### Exercise 1" in t)
    exercise_2 = next(t for t in texts if "### Exercise 2" in t)
    assert "2.5" not in exercise_1 and "radius 5" not in exercise_1
    assert "σ" not in exercise_2 and "W.T" not in exercise_2 and "sigmoid" not in exercise_2
