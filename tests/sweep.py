"""Headless sweeps of an explorer's controls, shared by the explorer tests.

``sweep(factory)`` builds the explorer, moves every control in its state to
its minimum, its maximum and random values (fixed seed), and asserts that
each move redrew the figure (the pixels changed), raised nothing, and made
no new matplotlib figure; then that ``factory(**state())`` rebuilds an
identical picture.

``sweep_corners(explorer)`` moves each control with all the others at extreme corners
(all minimum, all maximum, random min/max mixes) for tests/test_robustness.py.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)


def pixels(explorer):
    return bytes(explorer.live.canvas.buffer_rgba())


# Figures made so far in this process: Figure.__init__ counts itself, and "no new figure"
# means that none was made. (Counting the live ones needs a full garbage collection and a walk
# over every object, about 1 s per count with the objects a test session holds: that was a
# fifth of the sweeps' time.)
_figures_made = 0
_figure_init = Figure.__init__


def _counting_init(self, *args, **kwargs):
    global _figures_made
    _figures_made += 1
    _figure_init(self, *args, **kwargs)


Figure.__init__ = _counting_init


def n_figures():
    """How many matplotlib figures this process has made so far (pyplot's included)."""
    return _figures_made


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


def _values(widget, n_random=20, seed=0):
    # values_for, and a toggle button's two states
    if isinstance(widget, widgets.ToggleButton):
        return [False, True]
    return values_for(widget, n_random, seed)


def extremes(widget):
    """The two extreme values of a control: (min, max), or the first and last option."""
    values = _values(widget, n_random=0)
    return values[0], values[-1]


def corners(explorer, n_random=2, seed=0):
    """Extreme corners of an explorer's controls, as dicts for ``update``: every control at
    its minimum, every control at its maximum, then ``n_random`` corners where each control
    is at its minimum or its maximum at random (fixed seed)."""
    rng = np.random.default_rng(seed)
    # the controls behind state() (the playground's state folds several into one value)
    ends = {name: extremes(explorer.controls[name]) for name in explorer._state_names}
    out = [{k: lo for k, (lo, hi) in ends.items()}, {k: hi for k, (lo, hi) in ends.items()}]
    for _ in range(n_random):
        out.append({k: pair[int(rng.integers(2))] for k, pair in ends.items()})
    return [{k: v.item() if hasattr(v, "item") else v for k, v in c.items()} for c in out]


def sweep_corners(explorer, n_random=2, n_corners=2, seed=0, check=None, at_corner=None):
    """For each corner of ``corners(explorer, n_corners, seed)`` and each control ``c``: set the
    corner, then move ``c`` alone over its minimum, maximum and ``n_random`` random values
    (all options of a dropdown), the others staying at their extremes. ``check(explorer)``
    runs after every move; ``at_corner(explorer)`` once per corner (say, a short training
    run). A disabled control (one that does nothing in this corner) is not moved. The swept
    control goes back to its corner value in the same update as the next control's first
    move, so each move is one redraw. Returns the number of updates made."""
    moves = 0
    for i, corner in enumerate(corners(explorer, n_corners, seed)):
        explorer.update(**corner)
        moves += 1
        if at_corner is not None:
            at_corner(explorer)
        if check is not None:
            check(explorer)
        back = {}         # the control just swept, put back to its corner with the next move
        for name in corner:
            values = _values(explorer.controls[name], n_random, seed + i)
            for v in [v.item() if hasattr(v, "item") else v for v in values]:
                if v == corner[name] or explorer.controls[name].disabled:
                    continue
                explorer.update(**back, **{name: v})
                back = {}
                moves += 1
                if check is not None:
                    check(explorer)
            back = {name: corner[name]}
    return moves
