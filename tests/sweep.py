"""Headless sweeps of an explorer's controls, shared by the explorer tests.

``sweep(factory)`` builds the explorer, moves every control in its state to
its minimum, its maximum and random values (fixed seed), and asserts that
each move redrew the figure (the pixels changed), raised nothing, and made
no new matplotlib figure; then that ``factory(**state())`` rebuilds an
identical picture.
"""

import gc

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)


def pixels(explorer):
    return bytes(explorer.live.canvas.buffer_rgba())


def n_figures():
    gc.collect()
    return sum(isinstance(o, Figure) for o in gc.get_objects())


def values_for(widget, n_random=20, seed=0):
    """Minimum, maximum and ``n_random`` random values of a control (all options of a dropdown)."""
    rng = np.random.default_rng(seed)
    if isinstance(widget, widgets.FloatLogSlider):
        lo, hi = widget.min, widget.max
        exps = [lo, hi, *rng.uniform(lo, hi, n_random)]
        return [float(widget.base ** e) for e in exps]
    if isinstance(widget, widgets.IntSlider):
        return [widget.min, widget.max, *rng.integers(widget.min, widget.max + 1, n_random)]
    if isinstance(widget, widgets.FloatSlider):
        steps = rng.integers(0, round((widget.max - widget.min) / widget.step) + 1, n_random)
        return [widget.min, widget.max, *(widget.min + steps * widget.step)]
    if isinstance(widget, (widgets.Dropdown, widgets.ToggleButtons)):
        return list(widget._options_values)
    if isinstance(widget, widgets.Checkbox):
        return [True, False]
    raise TypeError(f"no sweep values for {type(widget).__name__}")


def sweep(factory, n_random=20, **start):
    """Drive every control of ``factory(**start)``; return the explorer."""
    explorer = factory(**start)
    figures = n_figures()
    for name in list(explorer.state()):
        for v in values_for(explorer.controls[name], n_random):
            v = v.item() if hasattr(v, "item") else v
            before_value = explorer.state()[name]
            before = pixels(explorer)
            explorer.update(**{name: v})
            if explorer.state()[name] != before_value:
                assert pixels(explorer) != before, f"{name}={v!r} did not change the figure"
    assert n_figures() == figures, "moving the controls created new figures"
    rebuilt = factory(**explorer.state())
    assert rebuilt.state() == explorer.state()
    assert pixels(rebuilt) == pixels(explorer), "factory(**state()) drew a different picture"
    return explorer
