"""Pictures: matplotlib drawings that explorers update in place.

Everything here draws on a ``matplotlib.figure.Figure`` made without pyplot,
so no global figure registry grows and nothing leaks when a slider moves.
Each drawing function returns the artists it made, so a caller can change
their data (``set_data``, ``set_offsets``, ``set_text``) instead of
drawing again. ``LiveFigure`` redraws only those changing artists over a
cached background (blitting) and hands back image bytes.
"""

from .canvas import LiveFigure
from .style import CLASS_COLORS, COLORS, diverging_cmap, style

__all__ = ["CLASS_COLORS", "COLORS", "LiveFigure", "diverging_cmap", "style"]
