"""Headless tests of lesson 03's explorers: every control, the step button, the ledger, state.

Published numbers: the 2-2-2 worked example of seed 003 (see tests/test_worked_example.py):
∂E/∂w5 = 0.74136507 × 0.186815602 × 0.593269992 = 0.082167041, w5⁺ = 0.35891648,
∂E/∂w1 = 0.000438568, w1⁺ = 0.149780716.
"""

import numpy as np
import pytest
from sweep import n_figures, pixels, sweep

from nnlib.widgets import backprop_explorer, loss_comparison_explorer
from nnlib.widgets.backprop import START


def _digits(x, printed):
    return round(x, len(printed.split(".")[1])) == float(printed)


def test_backprop_explorer_sweep():
    e = sweep(backprop_explorer)
    assert {"x1", "x2", "t1", "t2", "lr", "weight", "gradients", "value", "step",
            "reset"} <= set(e.controls)


def test_ledger_of_w5_and_w1():
    e = backprop_explorer(weight="w5")
    values = [v for _, v in e.rows]
    for v, printed in zip(values, ["0.74136507", "0.186815602", "0.593269992", "0.082167041",
                                   "0.35891648"]):
        assert _digits(v, printed), (v, printed)
    assert "E_total = 0.298371109" in e.title.get_text()
    e.update(weight="w1")
    values = [v for _, v in e.rows]
    assert _digits(values[3], "0.000438568") and _digits(values[4], "0.149780716")
    assert "δo1·w5 + δo2·w7" in e.labels[0].get_text()       # the first row's formula


@pytest.mark.parametrize("name, printed", [("w5", "0.35891648"), ("w1", "0.149780716"),
                                           ("w8", "0.561370121")])
def test_step_applies_the_published_update(name, printed):
    e = backprop_explorer(weight=name)
    e.controls["step"].click()
    assert _digits(e.state()[name], printed)
    assert _digits(e.controls["value"].value, printed)    # the visible slider follows
    assert "E_total = 0.291027774" in e.title.get_text()  # all weights from one forward pass
    e.controls["reset"].click()
    assert {k: e.state()[k] for k in START} == START


def test_value_slider_moves_the_chosen_weight():
    e = backprop_explorer(weight="w3")
    before, renders = pixels(e), e.renders
    e.controls["value"].value = 1.25
    assert e.state()["w3"] == 1.25 and e.renders == renders + 1 and pixels(e) != before
    e.update(weight="w6")
    assert e.controls["value"].value == e.state()["w6"] == 0.45
    assert e.controls["value"].description == "w6"


def test_clipping_is_a_message_not_an_error():
    e = backprop_explorer(lr=5.0, x1=1.0, x2=1.0, t1=1.0, t2=0.0, w5=-3.0, w7=3.0)
    for _ in range(3):
        e.controls["step"].click()
    assert all(abs(e.state()[n]) <= 3 for n in ("w1", "w5", "w7"))


def test_loss_comparison_sweep_and_slowdown():
    e = sweep(loss_comparison_explorer)
    e.apply_preset("confidently wrong")
    assert "Confidently wrong" in e.message.get_text()
    title = e.title.get_text()
    assert "cross-entropy +0.9933" in title and "half-MSE +0.0066" in title
    e.apply_preset("undecided")
    assert e.message.get_text() == ""


def test_no_figures_from_many_moves():
    e = loss_comparison_explorer()
    figures = n_figures()
    for i in range(100):
        e.controls["z"].value = -6 + (i % 120) * 0.1
    assert n_figures() == figures


def test_displays_and_repr():
    e = backprop_explorer()
    bundle = e._repr_mimebundle_()
    assert bundle["image/png"].startswith("iVBORw0KGgo")
    assert bundle["text/plain"].startswith("BackpropExplorer(x1=0.05, x2=0.1,")


@pytest.mark.parametrize("z, target", [(5.0, 0), (6.0, 0), (-5.0, 1), (-6.0, 1), (3.0, 0)])
def test_message_box_covers_no_curve(z, target):
    """The "confidently wrong" box sits in the corner of the loss panel that the curves leave
    empty: it covers no curve, no legend and no axis label."""
    e = loss_comparison_explorer(z=z, target=target)
    assert "Confidently wrong" in e.message.get_text() or z == 3.0
    if not e.message.get_text():
        return
    renderer = e.figure.canvas.get_renderer()
    patch = e.message.get_bbox_patch()
    box = (patch or e.message).get_window_extent(renderer)
    for line in e.loss_lines + e.grad_lines:
        x, y = line.get_transform().transform(line.get_xydata()).T
        inside = (box.x0 <= x) & (x <= box.x1) & (box.y0 <= y) & (y <= box.y1)
        assert not inside.any(), (z, target, line.get_label())
    for other in [*e.legends, e.loss_ax.yaxis.label, e.grad_ax.yaxis.label]:
        assert not box.overlaps(other.get_window_extent(renderer)), (z, target, other)
    assert box.x0 >= e.loss_ax.get_window_extent(renderer).x0


@pytest.mark.parametrize("target", [0, 1])
def test_gradient_axis_spans_the_side_of_the_curves(target):
    """dL/dz has the sign of y − t: the axis shows that side, so the half-MSE bump (its peak is
    4/27 at z = ±ln 2) fills more than a tenth of the height instead of being squashed."""
    e = loss_comparison_explorer(z=0.0, target=target)
    low, high = e.grad_ax.get_ylim()
    for line in e.grad_lines:
        y = line.get_ydata()
        assert low <= y.min() and y.max() <= high
    peak = np.abs(e.grad_lines[0].get_ydata()).max()
    assert abs(peak - 4 / 27) < 1e-3 and peak / (high - low) > 0.12
    assert (high <= 0.05) if target == 1 else (low >= -0.05)
