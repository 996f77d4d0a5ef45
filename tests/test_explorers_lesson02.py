"""Headless tests of lesson 02's explorers: the ball on a loss curve, and the XOR network
(every slider, presets, state, training, stopping)."""

import numpy as np
import pytest
from sweep import n_figures, pixels, sweep

from nnlib.tasks.lesson02 import one_neuron_bottom, one_neuron_descent, one_neuron_loss, overshoots
from nnlib.widgets import slope_explorer, xor_explorer
from nnlib.widgets.xor import PARAMS, PRESETS

NAMES = list(PARAMS)


def test_xor_explorer_sweep():
    e = sweep(xor_explorer)
    assert set(e.controls) >= {*NAMES, "preset", "train", "stop"}
    assert list(e.state()) == NAMES


def test_presets():
    e = xor_explorer()
    e.apply_preset("hand-built solution")
    assert e.state() == PRESETS["hand-built solution"]
    assert "4 of 4 right" in e.right_text.get_text()
    assert "this is XOR" in e.summary.get_text()
    e.apply_preset("one line is not enough")
    assert "1 of 4 right" in e.right_text.get_text()
    e.controls["preset"].value = "random start"          # the dropdown drives the same path
    assert e.state() == PRESETS["random start"]
    assert e.controls["preset"].value == "(choose a preset)"


def test_hidden_space_shows_where_the_inputs_land():
    e = xor_explorer(**PRESETS["hand-built solution"])
    H = e.hidden_points.get_offsets()
    np.testing.assert_allclose(H[1], H[2])               # (0,1) and (1,0) land together
    assert H[0].max() < 0.1 and H[3].min() > 0.9
    labels = [t.get_text() for t in e.labels]
    assert "(0,1) (1,0)" in labels and "(0,0)" in labels and "(1,1)" in labels


@pytest.mark.parametrize("state", [{}, PRESETS["hand-built solution"], PRESETS["random start"],
                                   dict(w11=5.669, w12=-5.406, b11=2.721, w21=-6.53, w22=6.586,
                                        b12=3.377, v1=-6.827, v2=-6.691, b2=9.936)])
def test_each_label_points_at_its_own_point(state):
    """Review finding: with the default weights the four points sit close, and the labels sat
    beside the wrong dots. Every input is named exactly once, its leader line ends on its own
    point, and the label is nearer that point than any point of another input."""
    e = xor_explorer(**state)
    H = e.hidden_points.get_offsets()
    names = [f"({x1:.0f},{x2:.0f})" for x1, x2 in e.X]
    named = {}
    for label in e.labels:
        for name in label.get_text().split():
            assert name not in named
            named[name] = label
    assert sorted(named) == sorted(names)
    for i, name in enumerate(names):
        label = named[name]
        pos = np.array(label.get_position())
        xs, ys = e.leaders[e.labels.index(label)].get_data()      # the leader line's end:
        end = np.array([xs[-1], ys[-1]]) if len(xs) else pos       # just short of its point
        assert np.hypot(*(end - H[i])) < (0.05 if len(xs) else 0.1)   # (no line: it touches)
        assert all(np.hypot(*(end - H[j])) > np.hypot(*(end - H[i]))
                   for j in range(4) if np.hypot(*(H[j] - H[i])) > 0.03)
        others = [j for j in range(4) if names[j] not in label.get_text().split()]
        mine = min(np.hypot(*(pos - H[j])) for j in range(4) if j not in others)
        assert all(np.hypot(*(pos - H[j])) > mine for j in others), (name, pos)


def _loss(e):
    H, y = e.forward(e.X)
    return float(np.mean(0.5 * (y - e.y) ** 2))


def test_training_from_random_start_solves_xor():
    e = xor_explorer(**PRESETS["random start"])
    loss0, renders = _loss(e), e.renders
    e.train(3000, block=True)
    assert e.epochs_trained == 3000
    assert e.renders == renders + 3000 // e.CHUNK                # one redraw per chunk
    assert e.state() != PRESETS["random start"]                  # the sliders followed
    assert _loss(e) < loss0 / 10
    assert "4 of 4 right" in e.right_text.get_text()
    assert "trained 3000 of 3000" in e.status.get_text()
    assert e.progress.value == 3000
    assert all(-10 <= v <= 10 for v in e.state().values())


def test_stop_flag_stops_after_the_current_chunk(monkeypatch):
    e = xor_explorer(**PRESETS["random start"])
    refresh = e.refresh

    def refresh_then_stop():
        refresh()
        e.stop()                      # what the stop button does, during the first chunk's redraw

    monkeypatch.setattr(e, "refresh", refresh_then_stop)
    e.train(3000, block=True)
    assert e.epochs_trained == e.CHUNK
    assert e.status.get_text() == f"stopped after {e.CHUNK} of 3000 epochs"


def test_background_training_and_stop_button():
    e = xor_explorer(**PRESETS["random start"])
    e.train(100_000, block=False)
    assert e.running
    e.controls["stop"].click()
    e.thread.join(timeout=10)
    assert not e.running
    assert e.epochs_trained < 100_000            # (0 if stopped before the first epoch)
    e.controls["train"].click()                  # the button trains EPOCHS in a thread
    e.thread.join(timeout=30)
    assert not e.running and e.epochs_trained >= e.EPOCHS


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_extreme_values_draw(sign):
    e = xor_explorer(**{name: sign * 10.0 for name in NAMES})
    before = pixels(e)
    e.update(v1=0.0, v2=0.0)
    assert "ignores" in e.message.get_text()
    assert pixels(e) != before
    e.update(w11=0.0, w12=0.0)
    e.update(**{name: -sign * 10.0 for name in NAMES})
    assert e.message.get_text() == ""
    e.train(400, block=True)                          # training from saturation does not raise
    assert all(np.isfinite(list(e.state().values())))


def test_bad_updates_are_named():
    e = xor_explorer()
    with pytest.raises(ValueError, match="w11 must be between -10 and 10"):
        e.update(w11=11)
    with pytest.raises(ValueError, match="unknown control"):
        xor_explorer(w3=1.0)


def test_many_moves_make_no_figures_and_display():
    e = xor_explorer()
    figures = n_figures()
    for i in range(60):
        e.controls["b2"].value = -3 + i * 0.1
    assert n_figures() == figures
    bundle = e._repr_mimebundle_()
    assert bundle["image/png"].startswith("iVBORw0KGgo")
    assert bundle["text/plain"].startswith("XorExplorer(w11=0.5, w12=-0.4,")


# -- the ball on one neuron's loss curve (slope_explorer) ------------------------------------

def test_slope_explorer_sweep():
    e = sweep(slope_explorer)
    assert list(e.state()) == ["lr", "w0", "steps"]
    assert set(e.controls) >= {"preset", "lr", "w0", "steps"}


def test_slope_explorer_has_a_title_and_the_state_in_it():
    e = slope_explorer(lr=3.0, w0=-2.0, steps=5)
    title = e.title.get_text()
    assert "η = 3" in title and "w₀ = -2.00" in title and "after 5 steps" in title
    assert "slope dL/dw" in title


@pytest.mark.parametrize("preset, words", [
    ("η = 1: crawls", "Crawling"),
    ("η = 3: rolls to the bottom", ""),
    ("η = 10: overshoots, comes back", "Overshoot: a step jumped past"),
    ("η = 30: bounces across the valley", "Bouncing"),
    ("start on the flat left", "Crawling"),
])
def test_slope_presets_say_what_they_show(preset, words):
    e = slope_explorer()
    e.apply_preset(preset)
    text = e.message.get_text()
    assert (words in text) if words else text == ""


def test_slope_explorer_steps_follow_the_rule():
    """The drawn path is w ← w − η·dL/dw with the slope of L(w) = ½ (σ(2w) − 0.8)²."""
    e = slope_explorer(lr=3.0, w0=-2.0, steps=4)
    ws, Ls = e.path.get_data()
    s = lambda z: 1 / (1 + np.exp(-z))                      # noqa: E731
    w = -2.0
    for k in range(5):
        assert abs(ws[k] - w) < 1e-12 and abs(Ls[k] - 0.5 * (s(2 * w) - 0.8) ** 2) < 1e-12
        w -= 3.0 * (s(2 * w) - 0.8) * s(2 * w) * (1 - s(2 * w)) * 2
    bx, by = e.ball.get_data()
    assert bx[0] == ws[-1] and by[0] == Ls[-1]


def test_slope_explorer_off_the_plot_and_bad_values():
    e = slope_explorer(lr=100.0, w0=-3.5, steps=30)
    assert "off the plot" in e.message.get_text()
    assert len(e.ball.get_data()[0]) == 0                      # the ball left the picture
    with pytest.raises(ValueError, match="lr"):
        e.update(lr=1000.0)
    with pytest.raises(ValueError):
        slope_explorer(steps=-1)
    with pytest.raises(ValueError, match="must be a positive number"):
        one_neuron_descent(0.0, -1.0, 3)
    with pytest.raises(ValueError, match="whole number"):
        one_neuron_descent(0.0, 1.0, 2.5)


def test_slope_explorer_makes_no_figures():
    e = slope_explorer()
    figures = n_figures()
    for i in range(30):
        e.controls["steps"].value = i
    assert n_figures() == figures
    assert e._repr_mimebundle_()["image/png"].startswith("iVBORw0KGgo")


def test_one_neuron_maths_on_the_maths_side():
    """nnlib.tasks.lesson02: the slope of the backward pass against centred differences of
    the loss, the bottom w* = ln 4 / 2 where the loss and its slope are 0, the overshoots."""
    w, h = np.array([-3.0, -2.0, 0.0, 0.4, 2.5]), 1e-6
    for w0 in w:
        _, _, slope = one_neuron_descent(w0, 1.0, 0)
        numeric = (one_neuron_loss(w0 + h) - one_neuron_loss(w0 - h)) / (2 * h)
        assert abs(slope[0] - numeric) <= 1e-7 * max(1.0, abs(numeric))
    w_star = one_neuron_bottom()
    assert w_star == pytest.approx(np.log(4) / 2, abs=1e-15)
    assert one_neuron_loss(w_star) < 1e-30 and abs(one_neuron_descent(w_star, 1.0, 0)[2][0]) < 1e-15
    assert one_neuron_loss(w).shape == w.shape
    assert overshoots([-2.0, 2.0, -1.0, 0.7, 0.72], w_star) == 2     # a landing 0.03 past: none
