"""Headless tests of lesson 04's explorers: every control, presets, the train path, messages."""

import numpy as np
import pytest
from sweep import n_figures, pixels, sweep

from nnlib.widgets import gradient_explorer, training_explorer

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu"]


def test_gradient_explorer_sweep_at_depth_30():
    e = sweep(gradient_explorer, depth=30, width=64)
    assert set(e.controls) >= {"depth", "width", "activation", "init", "scale", "seed", "preset",
                               "skip", "norm"}


def test_skip_and_norm_controls_change_the_run_and_round_trip():
    e = gradient_explorer(depth=30, width=16)
    plain = e.norms.copy()
    e.update(skip=True)
    skipped = e.norms.copy()
    assert "skips" in e.title.get_text()
    assert e.state()["skip"] is True and e.state()["norm"] is None
    # the cure: the plain net's first layer gets ~1e-19 of the output layer; with skips it does not
    assert plain[0] / plain[-1] < 1e-15 and skipped[0] / skipped[-1] > 1e-2
    e.update(skip=False, norm="batch")
    assert "batch norm" in e.title.get_text() and not np.allclose(e.norms, plain)
    rebuilt = gradient_explorer(**e.state())
    assert rebuilt.state() == e.state() and np.array_equal(rebuilt.norms, e.norms)
    with pytest.raises(ValueError):
        e.update(norm="group")


def test_depth_30_scale_5_shows_a_message_never_raises():
    e = gradient_explorer(depth=30, width=64, scale=5.0)
    for activation in ACTIVATIONS:
        for init in ["xavier", "he", "normal"]:
            e.update(activation=activation, init=init)
            assert e.message.get_text(), (activation, init)
            assert e.norms.shape == (31,)


def test_gradient_presets():
    e = gradient_explorer()
    e.apply_preset("deep sigmoid (vanishing)")
    assert e.message.get_text().startswith("Vanishing") and e.norms[0] < e.norms[-1]
    e.apply_preset("large init (exploding)")
    assert e.message.get_text().startswith("Exploding") and e.norms[0] > e.norms[-1]
    e.apply_preset("ReLU + He (healthy)")
    assert e.message.get_text() == ""
    assert "10 hidden layers × 32, relu, he" in e.title.get_text()


def test_cure_presets():
    e = gradient_explorer(skip=True, norm="layer")
    e.apply_preset("30 sigmoid layers (vanishing)")
    assert e.state()["skip"] is False and e.state()["norm"] is None    # the cures switched off
    assert e.message.get_text().startswith("Vanishing")
    e.apply_preset("30 sigmoid layers + skips (cured)")
    assert e.state()["skip"] is True and e.message.get_text() == ""
    e.apply_preset("30 sigmoid layers + batch norm")
    # batch norm: no vanishing, but the error grows ~200-fold toward the input (the prose says so)
    assert e.state()["norm"] == "batch" and e.message.get_text().startswith("Exploding")
    assert 1e2 < e.norms[0] / e.norms[-1] < 1e3
    e.update(skip=True)
    assert e.message.get_text() == ""
    e.apply_preset("deep sigmoid (vanishing)")                          # old presets reset them
    assert e.state()["norm"] is None and e.message.get_text().startswith("Vanishing")


def test_depth_changes_the_number_of_bars_in_place():
    e = gradient_explorer(depth=3)
    figures = n_figures()
    assert len(e.bars.heights) == 4
    e.controls["depth"].value = 30                    # through the observer, as a drag does
    assert len(e.bars.heights) == 31
    e.update(depth=1)
    assert len(e.bars.heights) == 2
    assert n_figures() == figures


def _bar_tops_in_axes(e):
    """Each bar's top as a fraction of the axes' height (0 = bottom, 1 = top)."""
    lo, hi = np.log10(e.bars.ax.get_ylim())
    return (np.log10(e.bars.heights) - lo) / (hi - lo)


@pytest.mark.parametrize("depth", [5, 30])
@pytest.mark.parametrize("kind", ["vanishing", "exploding"])
def test_the_axis_fits_the_bars_and_the_trend_reads_from_afar(kind, depth):
    # The old fixed 1e-40..1e20 axis made a millionfold vanishing ratio a gentle slope, with
    # empty slots up to depth 30: here the y axis holds a few decades around the bars, the x
    # axis one slot per layer, the bars rise from the axis's bottom, and layer 1's bar and the
    # output layer's stand at least half the axis apart.
    settings = (dict(activation="sigmoid", init="xavier", width=16) if kind == "vanishing"
                else dict(activation="tanh", init="normal", width=32))
    e = gradient_explorer(depth=depth, **settings)
    lo, hi = np.log10(e.bars.ax.get_ylim())
    assert lo == round(lo) and hi == round(hi), "whole decades"
    smallest, largest = np.log10(e.norms.min()), np.log10(e.norms.max())
    stride = 1 if hi - lo <= 8 else 5
    assert smallest - stride - 1 <= lo <= smallest - 0.5 and largest < hi <= largest + stride
    assert e.bars.ax.get_xlim() == (0.4, depth + 1.6)
    ticks = e.bars.ax.get_xticks()
    assert ticks[0] == 1 and ticks[-1] == depth + 1, "layer 1 and the output layer labelled"
    verts = np.array([p.vertices[:4] for p in e.bars.collection.get_paths()])[:depth + 1]
    assert np.allclose(verts[:, [0, 3], 1], 10.0 ** lo), "bars rise from the axis's bottom"
    tops = _bar_tops_in_axes(e)
    rise = tops[-1] - tops[0] if kind == "vanishing" else tops[0] - tops[-1]
    assert rise > 0.5, f"layer 1 and the output layer only {rise:.2f} of the axis apart"
    assert "ratio" in e.title.get_text()


def test_a_slider_move_that_keeps_the_axis_draws_no_static_part_again():
    e = gradient_explorer(depth=5)
    e.live.render()
    draws, spans = [], {e.bars._lims}
    draw = e.live.canvas.draw
    e.live.canvas.draw = lambda: (draws.append(1), draw())
    for seed in range(1, 10):
        e.update(seed=seed)
        e.live.render()
        spans.add(e.bars._lims)
    assert len(spans) < 10, "some seeds share an axis"
    assert len(draws) <= len(spans) - 1, f"{len(draws)} full draws for {len(spans)} axes"


def test_gradient_explorer_repr_and_display():
    e = gradient_explorer()
    assert repr(e) == ("GradientExplorer(depth=5, width=32, activation='sigmoid', init='xavier', "
                       "scale=1.0, seed=0, measure='delta', skip=False, norm=None)")
    assert e._repr_mimebundle_()["image/png"].startswith("iVBORw0KGgo")


def test_training_explorer_sweep():
    e = sweep(training_explorer)
    assert set(e.controls) >= {"lr", "clip", "clip_norm", "train", "stop", "reset"}


def test_train_path_and_presets():
    e = training_explorer()
    e.apply_preset("first layers learn slowest")
    before = pixels(e)
    e.train(200)
    assert len(e.loss) == 200 and len(e.moved) == 200 and pixels(e) != before
    assert len(e.delta_norms) == 200
    assert all(np.all(np.diff(row) > 0) for row in e.delta_norms)    # a staircase at every step
    assert np.all(np.diff(e.moved[9]) > 0)                # the first ten steps: layer 1 least
    assert "step 200" in e.title.get_text() and e.progress.value == 200
    e.apply_preset("exploding (large init)")
    assert e.loss == []                                   # a control change starts over
    e.train()
    assert e.diverged and "Diverged" in e.message.get_text()
    e.apply_preset("exploding, clipped")
    e.train(100)
    assert not e.diverged and e.loss[-1] < 0.3 and "Clipping caps" in e.message.get_text()
    e.apply_preset("dying ReLU (lr too large)")
    e.train(100)
    assert "dead" in e.message.get_text() and "31 of 48 dead" in e.dead_text.get_text()
    e.apply_preset("leaky ReLU, same lr")
    e.train(100)
    # the meter counts leaky units at z <= 0 on every input, and says they are not dead
    assert "26 of 48\n(54%)" in e.dead_text.get_text() and "dead" not in e.dead_text.get_text()
    assert "Not dead" in e.message.get_text()
    e.update(activation="sigmoid")
    assert "no unit\ncan die" in e.dead_text.get_text()
    assert not any(bar.get_visible() for bar in e.dead_bars)


def test_buttons_thread_and_stop():
    e = training_explorer(steps=1000)
    e.controls["train"].click()                           # runs in a thread
    e.thread.join(timeout=60)
    assert not e.thread.is_alive() and len(e.loss) == 1000
    e.controls["reset"].click()
    assert e.loss == [] and "not trained yet" in e.title.get_text()
    e.stop()                                              # stop before start: train clears it
    e.train(block=False)
    e.controls["stop"].click()
    e.thread.join(timeout=60)
    assert len(e.loss) < 1000
    e.train(block=False)
    e.update(lr=0.1)                                      # a control change abandons the run
    e.thread.join(timeout=60)
    assert e.loss == []


def test_bad_updates_are_named():
    e = training_explorer()
    with pytest.raises(ValueError, match=r"clip must be one of \[False, True\]"):
        e.update(clip="yes")
    with pytest.raises(ValueError, match="depth must be between 1 and 8"):
        e.update(depth=9)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_training_at_extreme_settings_shows_a_message_never_raises(activation):
    e = training_explorer(depth=8, width=32, activation=activation, init="normal", scale=5.0,
                          lr=10.0, steps=50)
    e.train()
    assert e.message.get_text()                           # diverged, or dead units
    e.update(clip=True, clip_norm=0.01, lr=0.001)
    e.train(50)
    assert e.loss                                         # clipped: it runs, never raises


def _extent(artist, renderer):
    patch = getattr(artist, "get_bbox_patch", lambda: None)()
    if patch is not None:                  # a message's box: its rounded frame, padding and all
        artist.update_bbox_position_size(renderer)
        return patch.get_window_extent(renderer)
    return artist.get_window_extent(renderer)


def _overlaps(artist, ax, renderer):
    a, b = _extent(artist, renderer), _extent(ax, renderer)
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("factory, state", [
    (gradient_explorer, dict(depth=30, width=64, activation="relu", init="normal", scale=5.0)),
    (gradient_explorer, dict(depth=10, activation="tanh", init="normal")),
    (training_explorer, dict(depth=6, width=16, activation="relu", init="normal", lr=0.1,
                             clip=True)),
])
def test_the_message_never_covers_the_data(factory, state):
    """"Message boxes never cover data": the message (and the legend) sit under the axes."""
    e = factory(**state)
    if factory is training_explorer:
        e.train(50)
    text = e.message.get_text()
    assert text.count("\n") >= 2                          # a long message, at least 3 lines
    renderer = e.figure.canvas.get_renderer()
    for ax in e.figure.axes:
        assert not _overlaps(e.message, ax, renderer), (text, ax.get_title())
        legend = ax.get_legend()
        if legend is not None:
            for other in e.figure.axes:
                assert not _overlaps(legend, other, renderer)
            assert not _overlaps(legend, e.message, renderer)


# -- The forward picture (review of lesson 04, item 11) -----------------------------------------

def test_activation_grid_is_readable():
    """Each panel has an x label and one distinct colour per layer (a ridge per layer, layer 1
    at the bottom); a spike at 0 (tanh) or 1/2 (sigmoid) falls into one bar, not two halves on
    either side of a bin edge; the std labels are at least 13 pt."""
    from matplotlib.colors import to_hex
    from matplotlib.patches import StepPatch

    from nnlib.viz.histograms import activation_grid
    rng = np.random.default_rng(0)
    spike = [rng.standard_normal((200, 8)) * 1e-4 for _ in range(5)]   # tanh with tiny weights
    fig = activation_grid({("tanh", "small"): spike,
                           ("sigmoid", "small"): [0.5 + s for s in spike]})
    for ax in fig.axes:
        assert ax.get_xlabel().startswith("a = ")
        ridges = [p for p in ax.patches if isinstance(p, StepPatch) and p.get_fill()]
        assert len({to_hex(p.get_facecolor()) for p in ridges}) == 5
        for ridge in ridges:
            values, _, baseline = ridge.get_data()
            heights = values - baseline
            assert np.sum(heights > 0.05 * heights.max()) == 1      # the spike in one bar
        assert sorted(float(np.min(p.get_data()[2])) for p in ridges) == [0, 1, 2, 3, 4]
        labels = [t for t in ax.texts if t.get_text().startswith("std(")]
        assert labels and all(t.get_fontsize() >= 13 for t in labels)
