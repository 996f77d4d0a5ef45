"""Headless tests of lesson 01's explorers: every control, presets, state, no leaks."""

import os

import pytest
from sweep import n_figures, pixels, sweep

from nnlib.widgets import perceptron_explorer, perceptron_rule_explorer


def test_perceptron_explorer_sweep():
    e = sweep(perceptron_explorer)
    assert set(e.controls) >= {"gate", "w1", "w2", "b", "preset"}


def test_perceptron_presets_and_messages():
    e = perceptron_explorer()
    e.apply_preset("AND by hand")
    assert e.state() == {"gate": "and", "w1": 1.0, "w2": 1.0, "b": -1.5}
    assert "4 of 4 right" in e.title.get_text()
    e.apply_preset("w = 0: no line at all")
    assert "no line" in e.message.get_text()
    e.update(w1=1.0)
    assert e.message.get_text() == ""
    e.apply_preset("XOR: try your best")
    assert "3 of 4 right" in e.title.get_text()
    # the preset dropdown drives the same path
    e.controls["preset"].value = "OR by hand"
    assert e.state()["gate"] == "or" and "4 of 4" in e.title.get_text()
    assert e.controls["preset"].value == "(choose a preset)"


def test_slider_move_redraws_through_the_observer():
    e = perceptron_explorer()
    before, renders = pixels(e), e.renders
    e.controls["w1"].value = -2.0        # what a learner's drag does
    assert e.renders == renders + 1 and pixels(e) != before


def test_bad_updates_are_named():
    e = perceptron_explorer()
    with pytest.raises(ValueError, match="unknown control 'w3'"):
        e.update(w3=1.0)
    with pytest.raises(ValueError, match="w1 must be between -3 and 3"):
        e.update(w1=10)
    with pytest.raises(ValueError, match="gate must be one of"):
        e.update(gate="xnor")
    with pytest.raises(TypeError, match="b must be a number"):
        e.update(b="1")
    with pytest.raises(ValueError, match="unknown preset"):
        e.apply_preset("nope")


def test_rule_explorer_sweep():
    sweep(perceptron_rule_explorer)


def test_rule_explorer_converges_on_and_cycles_on_xor():
    e = perceptron_rule_explorer(gate="and")
    e.update(update=40)
    assert "Converged" in e.verdict.get_text()
    e.update(gate="xor")
    assert "cycles forever" in e.message.get_text()
    e.update(update=0)
    e.controls["step"].click()
    assert e.state()["update"] == 1
    e.controls["reset"].click()
    assert e.state()["update"] == 0


def test_tables_say_y_for_the_output_and_t_for_the_target():
    e = perceptron_explorer(gate="and", w1=1.0, w2=1.0, b=-1.5)
    assert e.table.header.get_text() == "x1 x2 │   z   │ y │ t"
    assert e.table.rows[3].get_text().startswith(" 1  1 │ +0.50 │ 1 │ 1")
    r = perceptron_rule_explorer(gate="and", update=1)
    story = r.story.get_text()
    assert "output y = 1, target t = 0" in story and "ŷ" not in story
    r.update(update=0)
    assert "w ← w + η·(t − y)·x" in r.story.get_text()


def test_wrong_outputs_are_ringed_in_red_and_marked_in_the_table():
    """Lesson 01: "Wrong outputs are ringed in red on the plane and marked ✗ in the table." """
    from matplotlib.colors import to_rgba

    from nnlib.viz import COLORS

    e = perceptron_explorer()
    e.apply_preset("XOR: try your best")                     # (1, 1) is the one wrong input
    edges = [tuple(c) for c in e.points.get_edgecolors()]
    red = to_rgba(COLORS["vermillion"])
    assert [c == red for c in edges] == [False, False, False, True]
    assert [row.get_text().endswith("✗") for row in e.table.rows] == [False, False, False, True]
    assert to_rgba(e.table.rows[3].get_color()) == red


def test_a_tie_on_the_line_outputs_1_as_the_maths_says():
    # 0.7 + 0.2 − 0.9 is −1.1e-16 in floats; the neuron's z at (1, 1) is 0, so y = step(0) = 1
    e = perceptron_explorer(gate="and", w1=0.7, w2=0.2, b=-0.9)
    assert e.table.rows[3].get_text().startswith(" 1  1 │ +0.00 │ 1 │ 1")


def test_the_learning_rate_only_scales_the_weights():
    # lesson 01: "The learning rate changes nothing here" — at every η the slider offers, AND
    # takes 11 updates (in floats, 0.1 + 0.1 + ... once made it 8 at η = 0.1, 0.4, 0.8, ...)
    e = perceptron_rule_explorer(gate="and", update=40)
    for lr in [0.1, 0.4, 0.8, 1.0, 1.3, 2.0]:
        e.update(lr=lr)
        assert "update 11 of 11" in e.title.get_text()
        assert "Converged: 11 updates" in e.verdict.get_text()


def _overlaps(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_messages_never_cover_the_data():
    r = perceptron_rule_explorer(gate="xor", update=40)
    pixels(r)                                                # draw, so the texts have extents
    renderer = r.figure.canvas.get_renderer()
    box = r.message.get_window_extent(renderer)
    assert r.message.get_text() and not _overlaps(box, r.plane.ax.get_window_extent(renderer))
    assert not _overlaps(box, r.story.get_window_extent(renderer))
    e = perceptron_explorer()
    e.apply_preset("w = 0: no line at all")
    pixels(e)
    renderer = e.figure.canvas.get_renderer()
    box = e.message.get_bbox_patch().get_window_extent(renderer)
    points = e.plane.ax.transData.transform(e.points.get_offsets())
    radius = 12                                              # the markers' radius in pixels
    for px, py in points:
        assert not (box.x0 - radius < px < box.x1 + radius
                    and box.y0 - radius < py < box.y1 + radius), (px, py)


def test_the_key_says_what_colours_and_rings_mean():
    """Lesson 01: "each dot is coloured by its target (blue t = 0, orange t = 1) and the shading by
    the neuron's output (blue side y = 0, orange side y = 1), as the key under the figure says"
    and "The green ring marks the input the current update was made on; red rings mark the
    inputs the neuron … still gets wrong." The key's symbols have the colours the figure uses."""
    from matplotlib.colors import to_rgba

    from nnlib.viz import COLORS

    e = perceptron_explorer(gate="and", w1=1.0, w2=1.0, b=-1.5)
    r = perceptron_rule_explorer(gate="and", update=1)
    for explorer, rings in [(e, ["red ring: wrong output"]),
                            (r, ["red ring: wrong output", "green ring: this update's input"])]:
        key = explorer.key
        labels = [text.get_text() for text in key.get_texts()]
        assert labels == ["dot: target t = 0", "shading: output y = 0", "dot: target t = 1",
                          "shading: output y = 1", *rings]
        handles = key.legend_handles
        assert to_rgba(handles[0].get_markerfacecolor()) == to_rgba(COLORS["blue"])
        assert to_rgba(handles[2].get_markerfacecolor()) == to_rgba(COLORS["orange"])
        surface = explorer.plane.surface
        assert to_rgba(handles[1].get_facecolor()) == surface.cmap(surface.norm(0.0))
        assert to_rgba(handles[3].get_facecolor()) == surface.cmap(surface.norm(1.0))
        assert to_rgba(handles[4].get_markeredgecolor()) == to_rgba(COLORS["vermillion"])
    assert to_rgba(r.key.legend_handles[5].get_markeredgecolor()) == to_rgba(COLORS["green"])
    # the green ring is on the input of the update shown, (0, 0) at update 1 of AND
    assert r.current.get_offsets().tolist() == [[0.0, 0.0]]
    assert to_rgba(r.current.get_edgecolors()[0]) == to_rgba(COLORS["green"])


@pytest.mark.parametrize("make", [lambda: perceptron_explorer(gate="and", w1=1.0, w2=1.0, b=-1.5),
                                  lambda: perceptron_rule_explorer(gate="xor", update=40)])
def test_legible_on_a_projector_and_nothing_clipped(make):
    """At 1024 × 768 the figure is shown at most about 900 px wide, so it is drawn near that
    width (not scaled down much): tick labels of 16 points are about 12 px high on the screen
    (they were 12 points in an 1100 px figure, about 8 px projected). Every text lies inside the
    figure, and no wide blank strip is left at its right (it was 15 % of the width)."""
    explorer = make()
    pixels(explorer)
    figure = explorer.figure
    width = figure.get_figwidth() * figure.dpi
    scale = min(1.0, 900 / width)
    assert scale > 0.9
    ax = explorer.plane.ax
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        assert label.get_fontsize() * figure.dpi / 72 * scale * 0.7 >= 12   # digit height
    renderer = figure.canvas.get_renderer()
    box = figure.bbox
    texts = [t for t in figure.findobj(lambda a: hasattr(a, "get_text") and hasattr(
        a, "get_window_extent")) if t.get_visible() and t.get_text()]
    right = 0
    for t in texts:
        extent = t.get_window_extent(renderer)
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1 + 1, t.get_text()
        assert box.y0 <= extent.y0 and extent.y1 <= box.y1 + 1, t.get_text()
        right = max(right, extent.x1)
    assert right > 0.9 * box.width


def _rss_bytes():
    """Resident memory of this process (Linux /proc; elsewhere 0: only figures are counted)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def test_many_slider_moves_make_no_figures_and_keep_memory_flat():
    # Without a leak the process grows by about 0.25 MB over 200, 400 or 1000 moves (caches
    # settling). A leak of 20 kB per move (a third of one 59 kB frame) grew it by 7 MB.
    e = perceptron_explorer()
    for i in range(100):                              # warm up caches (fonts, glyphs)
        e.controls["b"].value = -3 + (i % 120) * 0.05
    figures, rss = n_figures(), _rss_bytes()
    for i in range(300):
        e.controls["b"].value = -3 + (i % 120) * 0.05
    assert n_figures() == figures
    assert _rss_bytes() - rss < 3_000_000, "memory grew by 3 MB over 300 slider moves"


def test_displays_widget_and_static_image():
    e = perceptron_explorer()
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"].startswith("iVBORw0KGgo")          # base64 of a PNG header
    assert bundle["text/plain"] == "PerceptronExplorer(gate='and', w1=0.5, w2=0.5, b=-0.2)"
