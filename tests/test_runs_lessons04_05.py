"""The headless training runs behind lesson 04's and lesson 05's training explorers.

A run trains with no figure; driven alone (a notebook, a test) it gives the very numbers the
explorer shows for the same settings, and pausing and resuming it changes nothing.
"""

import math

import numpy as np
import pytest

from nnlib.runs.layer_training import DeepRun
from nnlib.runs.lr_training import EPOCHS, MoonsRun
from nnlib.tasks import deep_net
from nnlib.widgets import lr_training_explorer, training_explorer

SLOW = dict(depth=6, width=16, activation="sigmoid", init="xavier", scale=1.0, lr=1.0)


# -- lesson 04: DeepRun ---------------------------------------------------------------------------

def test_deep_run_gives_the_numbers_the_explorer_shows():
    run = DeepRun(**SLOW)
    assert run.train(200) == 200 and run.steps == 200
    e = training_explorer(**SLOW)
    e.train(200)
    assert run.loss == e.loss and run.delta_norms == e.delta_norms and run.moved == e.moved
    assert run.message() == e.message.get_text()
    assert np.all(np.diff(run.delta_norms[-1]) > 0)      # layer 1 receives the least error


def test_deep_run_paused_and_resumed_is_the_same_run():
    whole = DeepRun(**SLOW)
    whole.train(60)
    pieces = DeepRun(**SLOW)
    for n in (1, 9, 20, 30):
        pieces.train(n)
    assert pieces.loss == whole.loss and pieces.delta_norms == whole.delta_norms
    for a, b in zip(pieces.net.layers, whole.net.layers):
        assert np.array_equal(a.W, b.W)


def test_deep_run_reset_starts_from_the_same_fresh_network():
    run = DeepRun(**SLOW)
    run.train(20)
    run.reset()
    fresh = deep_net(6, 16, "sigmoid", "xavier", 1.0, 0)
    assert run.loss == [] and run.delta_norms == [] and run.moved == [] and run.steps == 0
    for a, b in zip(run.net.layers, fresh.layers):
        assert np.array_equal(a.W, b.W)


def test_deep_run_go_on_pauses_after_a_step():
    run = DeepRun(**SLOW)
    asked = []
    assert run.train(10, go_on=lambda step, history: asked.append(step) or len(asked) < 3) == 3
    assert run.steps == 3 and asked == [0, 1, 2]


def test_deep_run_says_what_happened():
    boom = DeepRun(depth=6, activation="relu", init="normal", lr=0.1)
    boom.train(300)
    assert boom.diverged and boom.done and boom.message().startswith("Diverged")
    assert boom.train(10) == 0                           # a diverged run trains no more
    dying = DeepRun(depth=3, activation="relu", init="he", lr=3.0)
    dying.train(100)
    n, units = dying.units_below_zero()
    assert units == 48 and n > units / 2 and "dead" in dying.message()
    leaky = DeepRun(depth=3, activation="leaky_relu", init="he", lr=3.0)
    leaky.train(100)
    assert "Not dead" in leaky.message()
    clipped = DeepRun(depth=6, activation="relu", init="normal", lr=0.1, clip=True)
    clipped.train(100)
    assert not clipped.diverged and "Clipping caps" in clipped.message()


def test_deep_run_bad_input_is_named():
    with pytest.raises(ValueError, match="lr must be a positive number"):
        DeepRun(lr=-1.0)
    with pytest.raises(TypeError, match="clip must be True or False"):
        DeepRun(clip="yes")
    with pytest.raises(ValueError, match="steps must be a whole number"):
        DeepRun().train(2.5)


# -- lesson 05: MoonsRun --------------------------------------------------------------------------

def test_moons_run_gives_the_numbers_the_explorer_shows():
    run = MoonsRun(lr=0.3, batch_size=8)
    e = lr_training_explorer(lr=0.3, batch_size=8)       # trains the budget: whole chunks
    assert run.train(e.run.epochs).epochs == e.run.epochs < EPOCHS
    assert run.train_loss == e.train_loss and run.val_loss == e.val_loss
    assert run.message() == e.message.get_text() and "press train" in run.message()
    e.train()
    run.train()
    assert run.epochs == EPOCHS == len(e.train_loss) and run.val_accuracy == e.val_accuracy
    assert run.message() == e.message.get_text() == ""


def test_moons_run_chunk_by_chunk_is_the_run_all_at_once():
    whole = MoonsRun(lr=0.5, batch_size=16).train()
    steps = MoonsRun(lr=0.5, batch_size=16)
    while steps.step():
        pass
    assert steps.train_loss == whole.train_loss and steps.val_loss == whole.val_loss
    assert sum(whole.plan()) == EPOCHS and whole.plan()[0] == 3      # 13 steps per epoch


def test_moons_run_plan_and_budget():
    run = MoonsRun(batch_size=4)                         # 50 steps per epoch
    assert run.steps_per_epoch == 50 and run.plan()[:3] == [1, 8, 8]
    assert run.epochs_within(1500) == 1 + 8 + 8 + 8
    assert run.next_chunk() == 1
    run.step()
    assert run.epochs == 1 and run.next_chunk() == 8


def test_moons_run_says_what_happened():
    coin = MoonsRun(lr=10.0).train()
    assert not coin.learning() and coin.message().startswith("Not learning")
    good = MoonsRun().train()
    assert good.learning() and good.val_loss[-1] < math.log(2) and good.message() == ""


def test_moons_run_bad_input_is_named():
    with pytest.raises(ValueError, match="batch_size must be a whole number >= 1"):
        MoonsRun(batch_size=0)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        MoonsRun(seed=0.5)
