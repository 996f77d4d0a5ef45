"""Headless tests of lesson 06's playground: every control, the extremes, the views, the code."""

import time

import ipywidgets as widgets
import numpy as np
import pytest
from sweep import n_figures, pixels, values_for

from nnlib import data, features
from nnlib.viz.pixels import colorize, upsample
from nnlib.widgets import playground
from nnlib.widgets.playground import MAX_LAYERS, PLANE_GRID, PRESETS


def sweep_values(widget, n_random):
    if isinstance(widget, widgets.ToggleButton):
        return [True, False]
    return values_for(widget, n_random)


def test_every_control_redraws_and_state_rebuilds_the_view():
    p = playground(hidden=(8,) * 6, lr=10.0, epochs=3)    # start from an extreme corner
    figures = n_figures()
    for name in list(p._state_names):
        for v in sweep_values(p.controls[name], n_random=4):
            v = v.item() if hasattr(v, "item") else v
            before, before_state = pixels(p), p.state()
            p.update(**{name: v})
            # A disabled control (an unused layer's size; the loss of a regression) does nothing.
            if p.state() != before_state and not p.controls[name].disabled:
                assert pixels(p) != before, f"{name}={v!r} did not change the figure"
    assert n_figures() == figures, "moving the controls created new figures"
    p.update(epochs=12)
    rebuilt = playground(**p.state())
    assert rebuilt.state() == p.state()
    assert pixels(rebuilt) == pixels(p), "playground(**state()) drew a different picture"


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_six_by_eight_at_learning_rate_10_shows_a_message(activation):
    p = playground(hidden=(8,) * 6, features=features.NAMES, activation=activation, lr=10.0)
    p.update(epochs=30)
    assert p.message.get_text(), "η = 10 on 6×8 must say what went wrong"
    assert any(word in p.message.get_text() for word in ("Diverged", "Dead", "Not learning"))


def test_epochs_in_update_trains_to_that_epoch_even_backwards():
    p = playground(epochs=20)
    W20 = [layer.W.copy() for layer in p.run.net.layers]
    p.update(epochs=30)
    assert p.run.epoch == 30 and len(p.run.train_loss) == 31
    p.update(epochs=20)
    assert p.run.epoch == 20 and len(p.run.train_loss) == 21
    for layer, W in zip(p.run.net.layers, W20):
        np.testing.assert_array_equal(layer.W, W)


def test_messages_name_the_problem():
    p = playground()
    p.apply_preset("ReLU 8-8-8, η = 3: a dead network")
    p.update(epochs=10)
    assert p.message.get_text().startswith("Dead network")
    assert "dead ReLUs" in p.title.get_text()
    p.update(hidden=(8,) * 6, activation="linear", lr=10.0, epochs=0)
    p.update(epochs=3)
    assert p.message.get_text().startswith("Diverged") and p.run.diverged
    epoch = p.run.epoch
    p.step()                                          # a diverged run stays where it stopped
    assert p.run.epoch == epoch
    p.update(features=())
    assert "at least one feature" in p.message.get_text() and p.run.net is None
    p.update(features=("x1",), lr=0.03, activation="tanh", hidden=(4, 2))
    p.update(epochs=20)
    assert p.message.get_text() == ""


def test_good_features_make_hidden_layers_unnecessary():
    """The lesson's claim: with x1² and x2² a network without hidden layers separates the
    circle, and with x1·x2 it separates xor; with x1, x2 alone it cannot."""
    p = playground(data="circle", features=("x1^2", "x2^2"), hidden=(), epochs=100)
    assert p.run.accuracy["test"] == 1.0
    p.update(data="xor", features=("x1*x2",), epochs=0)
    p.update(epochs=100)
    assert p.run.accuracy["test"] >= 0.99
    p.update(features=("x1", "x2"), epochs=0)
    p.update(epochs=100)
    assert p.run.accuracy["test"] < 0.7


def _run(code):
    scope = {}
    exec(compile(code, "<playground code>", "exec"), scope)   # noqa: S102 (our own code)
    return scope["net"]


@pytest.mark.parametrize("setup", [
    dict(),
    dict(data="spiral", noise=10, features=("x1", "x2", "sin(x1)"), hidden=(6, 5),
         activation="relu", lr=0.1, batch_size=7, regularization="L2", rate=0.001, seed=3),
    dict(data="bumps", problem="regression", hidden=(8,), lr=0.01, regularization="L1",
         rate=0.001, train_percent=70),
    dict(data="plane", problem="classification", hidden=(), lr=0.3, batch_size=30),
    dict(data="circle", hidden=(8,) * 6, activation="linear", lr=10.0),       # diverges
])
def test_show_code_reproduces_the_playground_exactly(setup, capsys):
    p = playground(**setup, epochs=15)
    net = _run(p.code())
    assert len(net.layers) == len(p.run.net.layers)
    for mine, theirs in zip(net.layers, p.run.net.layers):
        np.testing.assert_array_equal(mine.W, theirs.W)
        np.testing.assert_array_equal(mine.b, theirs.b)
    assert "training loss" in capsys.readouterr().out


def test_weights_set_by_hand_are_drawn_kept_in_the_code_and_checked():
    p = playground(epochs=5)
    before = pixels(p)
    p.edge_choice.value = (0, 1, 0)
    assert pixels(p) != before and "w = " in p.view.value_text.get_text()
    p.weight_box.value = 2.5
    p.controls["set_weight"].click()
    assert p.run.net.layers[0].W[1, 0] == 2.5 and "w = 2.5" in p.view.value_text.get_text()
    p.update(epochs=10)
    net = _run(p.code())
    np.testing.assert_array_equal(net.layers[0].W, p.run.net.layers[0].W)
    with pytest.raises(ValueError, match="layer must be"):
        p.set_weight(7, 0, 0, 1.0)
    with pytest.raises(ValueError, match="W\\[i, j\\]"):
        p.set_weight(0, 9, 0, 1.0)
    with pytest.raises(ValueError, match="finite"):
        p.set_weight(0, 0, 0, float("nan"))


def test_each_neuron_map_is_that_neuron_over_the_plane():
    p = playground(hidden=(3, 2), epochs=20)
    view = p.view
    net = p.run.net
    net(features.expand(view.grid, p.run.features))
    a = net.layers[0].A[:, 1]                     # layer 1, neuron 2 (tanh: −1 … 1)
    x0, y0 = view._corner(1, 1)
    s, c = view.box, view.cells
    shown = view.layer._rgba[y0:y0 + s, x0:x0 + s]
    expected = colorize(upsample((a.reshape(c, c) + 1) / 2, (s, s)), view._lut)
    np.testing.assert_array_equal(shown, expected)
    # The map's top-left cell is the plane's top-left corner (x1 = −6, x2 = +6).
    np.testing.assert_allclose(view.grid[0], [-6 + 6 / c, 6 - 6 / c])


def test_the_output_plane_is_the_network_output_the_right_way_up():
    p = playground(data="gauss", hidden=(), features=("x1", "x2"), epochs=30)
    out = p.run.net(features.expand(np.array([[-5.0, -5.0], [5.0, 5.0]]), p.run.features))[:, 0]
    assert out[0] < 0.1 and out[1] > 0.9          # gauss: class 1 at the top right
    rgba = p.plane._rgba
    top_right, bottom_left = rgba[3, -4, :3].astype(int), rgba[-4, 3, :3].astype(int)
    orange, blue = p._plane_colors[255, :3].astype(int), p._plane_colors[0, :3].astype(int)
    assert np.abs(top_right - orange).sum() < 30 and np.abs(bottom_left - blue).sum() < 30
    assert p.plane_grid.shape == (PLANE_GRID ** 2, 2)


def test_own_data_and_state_round_trip():
    X, y = data.moons(120, noise=0.1, seed=2)
    p = playground(X=X, y=y, hidden=(5,), epochs=20)
    s = p.state()
    assert s["data"] == "yours" and s["X"] is not None and len(p.run.y_train) == 60
    assert "my_X" in p.code()
    assert pixels(playground(**s)) == pixels(p)


def test_play_trains_in_the_background_and_pause_stops_it():
    p = playground()
    p.play()
    deadline = time.monotonic() + 20
    while p.run.epoch < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    p.update(lr=0.1)                              # a control change while playing starts over
    p.stop()
    p.thread.join(10)
    assert not p.running
    assert p.state()["lr"] == 0.1
    p.controls["play"].click()
    deadline = time.monotonic() + 20
    while p.run.epoch < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    p.controls["pause"].click()
    p.thread.join(10)
    assert not p.running and p.run.epoch >= 2
    epoch = p.run.epoch
    p.controls["step"].click()
    assert p.run.epoch == epoch + 1
    p.controls["reset"].click()
    assert p.run.epoch == 0 and len(p.run.train_loss) == 1


def test_buttons_regenerate_and_show_code():
    p = playground()
    p.controls["regenerate"].click()
    assert p.value("seed") == 1
    p.controls["show_code"].click()
    assert "nnlib.MLP([2, 4, 2, 1]" in p.code_view.value
    p.controls["show_code"].click()
    assert p.code_view.value == ""


@pytest.mark.parametrize("bad, error, words", [
    (dict(hidden=(9,)), ValueError, "1 … 8 neurons"),
    (dict(hidden=(2,) * (MAX_LAYERS + 1)), ValueError, "at most 6 layers"),
    (dict(hidden=(2.5,)), TypeError, "whole numbers"),
    (dict(hidden=4), TypeError, "list of layer sizes"),
    (dict(features=("x3",)), ValueError, "unknown feature"),
    (dict(features=("x1", "x1")), ValueError, "repeat"),
    (dict(lr=0.05), ValueError, "lr must be one of"),
    (dict(data="moons"), ValueError, "data must be one of"),
    (dict(epochs=-1), ValueError, "epochs must be"),
    (dict(batch_size=31), ValueError, "batch_size must be between"),
    (dict(X=np.zeros((5, 3)), y=np.zeros(5)), ValueError, "shape \\(n, 2\\)"),
    (dict(X=np.zeros((5, 2))), ValueError, "both X"),
    (dict(X=np.zeros((5, 2)), y=np.zeros(4)), ValueError, "one target per point"),
    (dict(X=np.full((5, 2), np.nan), y=np.zeros(5)), ValueError, "finite"),
])
def test_bad_settings_get_clear_errors(bad, error, words):
    with pytest.raises(error, match=words):
        playground(**bad)


@pytest.mark.parametrize("settings", [
    dict(hidden=(8, 8, 8), activation="relu", lr=3.0, epochs=10),       # dead
    dict(lr=10.0, epochs=60),                                           # not learning
    dict(hidden=(8,) * 6, activation="linear", lr=10.0, epochs=3),      # diverged
    dict(hidden=(8,) * 6, activation="sigmoid", lr=0.01, epochs=20),    # the widest message
])
def test_messages_cover_no_data(settings):
    """A message never covers the points, the loss curves or the legend, and the title's lines
    stay clear of the output plane's title (the figure at its stored size, 1080 pixels); the loss
    curves stay inside their axes, a diverging run's too."""
    p = playground(**settings)
    assert p.message.get_text()
    fig = p.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = p.message.get_bbox_patch().get_window_extent(renderer)
    for line in (p.train_line, p.test_line, *p.dots["train"], *p.dots["test"]):
        xy = line.get_xydata()
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy):
            pts = line.get_transform().transform(xy)
            inside = ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
                      & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1))
            assert not inside.any(), f"the message covers {line.get_label() or 'points'}"
    assert not box.overlaps(p.ax_loss.get_legend().get_window_extent(renderer))
    # Nor the output plane, nor any neuron's map, and it stays inside the figure.
    assert not box.overlaps(p.plane.ax.bbox) and fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1
    view = p.view
    for k, m in enumerate(view.sizes):
        for i in range(m):
            x0, y0 = view._corner(k, i)
            left, top = view.ax.bbox.x0 + x0, view.ax.bbox.y1 - y0
            assert box.x1 < left or box.x0 > left + view.box or box.y0 > top \
                or box.y1 < top - view.box, f"the message covers map {i} of column {k}"
    # It is drawn over everything: its (vermillion) border's left side shows all along.
    p.live.render()
    rgba = np.asarray(p.live.canvas.buffer_rgba())[:, :, :3].astype(int)
    rows = slice(int(fig.bbox.height - box.y1) + 12, int(fig.bbox.height - box.y0) - 12)
    border = rgba[rows, int(box.x0):int(box.x0) + 3]
    assert (border[..., 0] - border[..., 2] > 100).any(axis=1).all(), "the message is drawn over"
    title = p.title.get_window_extent(renderer)
    assert not title.overlaps(p.plane.ax.title.get_window_extent(renderer))
    assert title.x1 <= fig.bbox.x1
    low, high = p.ax_loss.get_ylim()
    for line in (p.train_line, p.test_line):
        y = line.get_ydata()
        y = y[np.isfinite(y)]
        assert ((low < y) & (y < high)).all()
    raw = np.array(p.run.train_loss, dtype=float)
    raw = raw[np.isfinite(raw)]
    assert raw.max() < high, "a loss the curve can show only clipped"


def test_edges_have_the_maps_colours_with_the_maps_meaning():
    """Orange is high in a map and a positive weight on an edge; blue is low and negative. No
    edge is drawn in vermillion, which looks like the maps' orange on a projector."""
    from matplotlib.colors import to_hex

    from nnlib.viz import COLORS
    p = playground(epochs=200)
    W = np.concatenate([layer.W.ravel() for layer in p.run.net.layers])
    assert (W > 0).any() and (W < 0).any()
    colours = {sign: {to_hex(line.get_color()) for (s, _), line in p.view.edges.items()
                      if s == sign and line.get_visible()} for sign in (1, -1)}
    assert colours[1] == {COLORS["orange"].lower()} and colours[-1] == {COLORS["blue"].lower()}
    assert COLORS["vermillion"].lower() not in {to_hex(line.get_color())
                                                 for line in p.view.edges.values()}


#: Width in CSS pixels of a notebook's output area in JupyterLab on a 1024 × 768 projector, the
#: left sidebar hidden (measured by tools/projector_check.py), and the smallest text it may show.
PROJECTOR_AREA, SMALLEST_PX = 844, 12


def test_type_is_legible_at_projector_size():
    """The figure (1080 pixels) is shrunk to JupyterLab's 844-pixel output area on a 1024 × 768
    projector: a text of p points is shown at p · 844 / (72 · width in inches) pixels, whatever
    the dpi. Every text, the network view's pasted headers and feature names too, is shown at
    12 pixels or more there (13 pt at 13.5 inches was 11.3 pixels, the 12-pt message 10.4), and
    at 8 or more in a 650-pixel area."""
    from matplotlib.text import Text

    from nnlib.viz.network_view import HEADER_PT
    p = playground(hidden=(8,) * 6, features=features.NAMES, epochs=1)
    fig = p.figure
    width = fig.get_figwidth() * fig.dpi
    assert width == p.screen_width and width <= 1100
    fig.canvas.draw()
    texts = [p.title, p.plane.ax.title, p.plane.ax.xaxis.label, p.ax_loss.yaxis.label,
             p.ax_loss.xaxis.label, *p.epoch_ticks, p.message, p.view.value_text,
             *p.ax_loss.get_legend().get_texts()]
    texts += [t for ax in (p.plane.ax, p.ax_loss) for t in ax.get_yticklabels()]
    texts += [t for t in fig.findobj(Text) if t.get_text()]
    sizes = {t.get_text(): t.get_fontsize() for t in texts}
    sizes["network view's headers and feature names"] = HEADER_PT
    for text, points in sizes.items():
        shown = points * PROJECTOR_AREA / (72 * fig.get_figwidth())
        assert shown >= SMALLEST_PX, f"{text!r}: {points} pt is shown at {shown:.1f} px"
        assert points * fig.dpi / 72 * 650 / width >= 8, text
    # A log axis labelled 10⁻³ draws its exponent at 70 %: the loss axis is plain text.
    assert [t.get_text() for t in p.ax_loss.get_yticklabels()] == ["0.001", "0.1", "10"]


def test_the_network_view_fits_its_texts_and_maps():
    """Column headers stay a word space apart (six layers of 8 read "layer 1" over "8", four
    read "8 neurons"), maps never touch, and every header, name and map lies inside the view;
    the view, the output plane and the loss all stand under the title's four lines (the widest
    title there is: every feature, six layers of 8, sigmoid, η = 0.003, batch 30, L1 0.003)."""
    from nnlib.viz.network_view import HEADER_PT
    from nnlib.viz.pixels import text_pixels
    p = playground(hidden=(8,) * 6, features=features.NAMES, activation="sigmoid", lr=0.003,
                   batch_size=30, regularization="L1", rate=0.003, epochs=1)
    fig, view = p.figure, p.view
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title = p.title.get_window_extent(renderer)
    assert title.x1 <= fig.bbox.x1 and title.y0 >= view.ax.bbox.y1
    # Nothing stands in the title's box (tools/projector_check.py compares boxes).
    for ax in (p.plane.ax, p.ax_loss):
        assert title.y0 >= ax.get_tightbbox(renderer).y1
    legend = p.ax_loss.get_legend().get_window_extent(renderer)
    assert title.y0 >= legend.y1
    plane = p.plane.ax     # the legend stands beside the plane, clear of its labels
    for text in (*plane.get_xticklabels(), *plane.get_yticklabels(), plane.xaxis.label):
        assert not legend.overlaps(text.get_window_extent(renderer)), text.get_text()
    assert legend.x0 >= plane.bbox.x1 and legend.x1 <= fig.bbox.x1
    widest_name = text_pixels("sin x₂", fontsize=HEADER_PT, dpi=fig.dpi).shape[1]
    neurons = text_pixels("8 neurons", fontsize=HEADER_PT, dpi=fig.dpi).shape[1]
    for hidden in [(8,) * k for k in range(7)] + [(1,), (1, 8, 1)]:
        p.update(hidden=hidden)
        xs = [column[0][0] for column in view.centres]
        h, w = view.layer.size()
        widths = [header.shape[1] for header in view._headers(xs[1] - xs[0])]
        assert _header_gaps(view, xs) >= 8, hidden           # a word space is 5 pixels
        if hidden in ((8,) * 4, (8,) * 6):
            assert (min(widths[1:-1]) >= neurons) == (len(hidden) == 4), hidden
        assert xs[0] - view.box / 2 - 6 >= widest_name, "the feature names are cut off"
        assert xs[-1] + max(widths[-1], view.box) / 2 <= w, hidden
        for k, m in enumerate(view.sizes):
            corners = [view._corner(k, i) for i in range(m)]
            for x0, y0 in corners:
                assert 1 <= x0 and x0 + view.box + 1 <= w and 1 <= y0 and y0 + view.box + 1 <= h
            assert all(b[1] - a[1] >= view.box + 3 for a, b in zip(corners, corners[1:])), hidden
        assert len(view._slots[1]) == sum(view.sizes), "a map was left out"


def _header_gaps(view, xs):
    """The narrowest blank gap, in pixels, between the texts of two neighbouring columns on
    any line of the headers, as drawn."""
    frame = view.layer._rgba
    top = min(view._corner(k, 0)[1] for k in range(len(view.sizes))) - 2
    ink = (frame[:top, :, :3] < 200).any(axis=2)
    rows = np.flatnonzero(ink.any(axis=1))
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)      # the lines of text
    narrowest = np.inf
    for band in bands:
        line = ink[band].any(axis=0)
        for a, b in zip(xs, xs[1:]):
            blank = ~line[int(a):int(b)]
            runs = np.diff(np.flatnonzero(np.diff(np.r_[0, blank, 0])).reshape(-1, 2), axis=1)
            narrowest = min(narrowest, runs.max() if len(runs) else 0)
    return narrowest


def test_a_regression_says_half_mse_in_its_menu_and_state():
    """A regression always trains on half-MSE: the greyed loss menu, state() and the repr say
    so, and switching back to classification restores the loss chosen for it."""
    p = playground(data="bumps", problem="regression", hidden=(8, 8), lr=0.01, epochs=2)
    assert p.controls["loss"].value == "half_mse" and p.controls["loss"].disabled
    assert p.state()["loss"] == "half_mse" and "loss='half_mse'" in repr(p)
    assert p.run.loss.name == "half_mse" and "half-MSE" in p.title.get_text()
    assert playground(**p.state()).state() == p.state()
    p.update(problem="classification")
    assert p.state()["loss"] == "binary_cross_entropy" and not p.controls["loss"].disabled


# -- one way through: the run is headless, draw() only paints (issue 19) ----------------------

def test_the_run_trains_steps_and_resets_without_widgets():
    """nnlib.runs.playground needs no picture: the same settings give the same numbers as the
    playground shows, and the title and message are the run's own summary and verdict."""
    import sys

    from nnlib.runs.playground import PlaygroundRun
    p = playground(hidden=(8, 8, 8), activation="relu", lr=3.0, epochs=10)
    settings = dict(p.state())
    settings.pop("epochs")
    run = PlaygroundRun(settings)
    assert run.epoch == 0 and len(run.train_loss) == 1
    run.step()
    run.train(9)
    assert run.epoch == 10 and run.train_loss == p.run.train_loss
    assert run.summary() == p.title.get_text() and run.verdict() == p.message.get_text()
    assert run.verdict().startswith("Dead network") and run.n_dead() == 8
    W10 = run.net.layers[0].W.copy()
    run.reset()
    assert run.epoch == 0 and run.train_loss == p.run.train_loss[:1]
    run.train_to(10)
    np.testing.assert_array_equal(run.net.layers[0].W, W10)
    assert "ipywidgets" in sys.modules           # (loaded by this test file, not by the run)


def test_draw_only_paints():
    """A redraw changes no run: it neither trains nor rebuilds nor stops anything; the title
    reads η from the run, not from the control."""
    p = playground(epochs=5)
    run, generation, epoch = p.run, p._generation, p.run.epoch
    with p._hold():                       # the control moves, but no change reaches the hook
        p.controls["lr"].value = 1.0
    p.refresh()
    assert p.run is run and p.run.epoch == epoch and p._generation == generation
    assert "η = 0.03" in p.title.get_text() and "η = 1" not in p.title.get_text()
    p.changed()                           # the hook: a new run of the new settings
    assert p.run is not run and p.run.epoch == 0 and "η = 1," in p.title.get_text()


def test_the_exercises_train_exactly_as_the_playground_does():
    """Exercise checks use the playground's run, so their figures are the playground's."""
    from nnlib.exercises.lesson06 import train_like_the_playground
    accuracy, diverged = train_like_the_playground("spiral", ("x1", "x2"), (4, 2), 0.1, 30)
    p = playground(data="spiral", hidden=(4, 2), lr=0.1, epochs=30)
    assert not diverged and accuracy == p.run.accuracy["test"]


def test_colorize_is_one_lookup_per_pixel_and_shows_nan_as_broken():
    from nnlib.viz import diverging_cmap
    from nnlib.viz.pixels import lookup_table
    table = lookup_table(diverging_cmap(1.0))
    values = np.array([[0.0, 0.5, 1.0, 1.5], [-0.5, np.nan, np.inf, 0.999]])
    rgba = colorize(values, table)
    assert rgba.shape == (2, 4, 4) and rgba.dtype == np.uint8
    for (r, c), v in np.ndenumerate(values):
        expected = ((200, 200, 200, 255) if not np.isfinite(v)
                    else table[int(np.clip(v * 255, 0, 255))])
        assert tuple(rgba[r, c]) == tuple(expected), v


def test_a_preset_shows_the_same_picture_whatever_came_before():
    # Review finding: presets set only the controls they named, so after "L1 0.01 on 6×8"
    # (noise 20) the regression preset ran on noisy bumps.
    fresh = playground()
    fresh.apply_preset("regression: the bumps")
    after = playground()
    after.update(loss="half_mse", batch_size=30, train_percent=80)
    after.apply_preset("L1 0.01 on 6×8: sparse weights")
    after.apply_preset("regression: the bumps")
    assert after.state() == fresh.state()
    for name in PRESETS:
        assert set(PRESETS[name]) >= set(fresh.state()) - {"seed", "epochs"}, name
