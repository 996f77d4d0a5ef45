"""A log slider whose value survives the page: the front end's rounded echo is ignored.

ipywidgets' ``FloatLogSlider`` view puts its handle at log_b(value) rounded to the slider's
``step`` and, on its first render (``continuous_update``), sends that rounded position back
as the new value: η = 0.2 on a slider of step 0.01 in log10 comes back as 10^-0.70 = 0.1995,
0.5 as 10^-0.30 = 0.501, and an explorer would redraw (or retrain) for a value nobody chose.
No handle move can land within half a step of where the handle already is, so a value from
the page that close to the current one is that echo, and is dropped.
"""

import math

import ipywidgets as widgets


class LogSlider(widgets.FloatLogSlider):
    """``FloatLogSlider`` (same model and view) that ignores the page's echo of its value."""

    def set_state(self, sync_data):
        # The path of every message from the page (``_handle_msg``); code that sets
        # ``value`` directly (update(), a preset) is not filtered.
        if "value" in sync_data and self.is_echo(sync_data["value"]):
            sync_data = {k: v for k, v in sync_data.items() if k != "value"}
        super().set_state(sync_data)

    def is_echo(self, value):
        """True when ``value`` lies within half a step (in log_b) of the current value but
        differs from it: the page rounding the value to its grid, not a move."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if value == self.value or not value > 0 or not self.value > 0:
            return False
        distance = abs(math.log(value, self.base) - math.log(self.value, self.base))
        return distance < self.step / 2
