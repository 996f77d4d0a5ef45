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
