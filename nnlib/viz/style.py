"""One look for every figure: large type for a projector, colour-blind-safe colours.

Colours are the Okabe–Ito palette, which stays distinguishable under the
common forms of colour blindness. Class 0 is blue, class 1 orange. The
sizes apply inside ``with style():`` only; importing nnlib changes no
global matplotlib setting.
"""

import matplotlib
from cycler import cycler
from matplotlib.colors import LinearSegmentedColormap, to_rgb

#: The Okabe–Ito palette.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7f7f7f",
}

#: Class 0, class 1, and more for several classes.
CLASS_COLORS = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"]]

#: Sizes chosen to be read from the back of a classroom.
RC = {
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "lines.linewidth": 2.5,
    "lines.markersize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.prop_cycle": cycler(color=[COLORS[c] for c in
                                     ("blue", "orange", "green", "vermillion", "purple",
                                      "sky", "black")]),
}


def style():
    """A context in which new figures and artists get the course's sizes and colours."""
    return matplotlib.rc_context(RC)


def diverging_cmap(strength=1.0):
    """Blue (output 0, class 0) through white (0.5) to orange (output 1, class 1).

    ``strength`` < 1 mixes the ends with white: a pale, opaque background on
    which points of the full colours stand out.
    """
    def pale(hex_color):
        rgb = to_rgb(hex_color)
        return tuple(strength * c + (1 - strength) for c in rgb)

    return LinearSegmentedColormap.from_list(
        f"nnlib_classes_{strength:g}", [pale(COLORS["blue"]), "#f7f7f7", pale(COLORS["orange"])])
