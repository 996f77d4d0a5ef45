"""Log axes labelled in plain text that reads from the back of a room.

matplotlib labels a log axis 10⁻³, with the exponent drawn at 70 % of the label's size: 7–10
screen pixels on a 1024-px projector (``tools/projector_check.py``), the one part of the label
that carries the number. ``plain_log_labels(ax.yaxis)`` writes the same ticks as 0.001, 0.01,
0.1, 1, 10, 100, 1000 and, beyond a thousandfold, 1e−5 or 1e+6, all at the label's full size.
It also skips matplotlib's TeX-like parser, which costs milliseconds per drawn axis.

Call it after ``set_xscale``/``set_yscale("log")``: setting the scale resets the formatters.
"""

import math

from matplotlib.ticker import LogFormatter


def plain_number(x):
    """``x`` > 0 as a short plain label: a decade 10^e as 0.001 … 1000 for |e| ≤ 3, else 1e−5
    / 1e+6; any other value with two significant digits (0.2, 3e−5)."""
    e = math.log10(x)
    if abs(e - round(e)) < 1e-9:
        e = round(e)
        return f"{10.0 ** e:g}" if abs(e) <= 3 else f"1e{e:+d}".replace("e+-", "e-")
    text = f"{x:.2g}"
    return text.replace("e-0", "e-").replace("e+0", "e+")


class PlainLogFormatter(LogFormatter):
    """matplotlib's ``LogFormatter`` (which ticks get a label) with ``plain_number``'s text."""

    def _num_to_string(self, x, vmin, vmax):
        return plain_number(x)


def plain_log_labels(axis):
    """Label the log-scaled ``axis`` (``ax.xaxis`` or ``ax.yaxis``) in plain text: decades
    always; the ticks between decades too when the axis spans little more than a decade."""
    axis.set_major_formatter(PlainLogFormatter())
    axis.set_minor_formatter(PlainLogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.4)))
