"""A control's value checked as a learner would want to be told: ``update()`` and ``state()``
round-trips go through ``checked_value`` before any widget is touched."""

import numbers

import ipywidgets as widgets

_SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)


def checked_value(name, widget, v):
    """Validate ``v`` for ``widget`` the way a learner would want to be told."""
    if isinstance(widget, _SLIDERS):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{name} must be a number, got {v!r}")
        lo, hi = widget.min, widget.max
        if isinstance(widget, widgets.FloatLogSlider):
            lo, hi = widget.base ** lo, widget.base ** hi
        if not lo - 1e-12 * abs(lo) <= v <= hi + 1e-12 * abs(hi):
            raise ValueError(f"{name} must be between {lo:g} and {hi:g}, got {v!r}")
        if isinstance(widget, widgets.IntSlider):
            if v != int(v):
                raise ValueError(f"{name} must be a whole number, got {v!r}")
            return int(v)
        return float(v)
    if isinstance(widget, (widgets.Dropdown, widgets.ToggleButtons)):
        allowed = list(widget._options_values)
        if v not in allowed:
            raise ValueError(f"{name} must be one of {allowed}, got {v!r}")
        return v
    if isinstance(widget, (widgets.Checkbox, widgets.ToggleButton)):
        if not isinstance(v, bool):
            raise TypeError(f"{name} must be True or False, got {v!r}")
        return v
    return v
