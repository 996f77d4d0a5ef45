"""Pixels pasted straight into the frame: the cheapest way to show a picture that changes.

Matplotlib draws an image by resampling it and a text by laying out its
glyphs, a few milliseconds each, every frame. When a picture is already
made at the screen's resolution, ``PixelLayer`` copies its pixels into the
renderer's buffer instead (well under a millisecond), and ``text_pixels``
renders a text once and keeps its pixels, so text that is the same from
frame to frame costs a copy too.
"""

import functools
import math
import threading

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


class PixelLayer(Artist):
    """An RGBA array pasted at a place of an axes (or figure), pixel for pixel.

    ``set_pixels(rgba)`` gives the array (height, width, 4) of uint8, whose
    top-left pixel lands at the top-left corner of ``ax``'s box. Register it
    with ``LiveFigure.dynamic`` like any changing artist; it is opaque.
    """

    def __init__(self, ax):
        super().__init__()
        self.ax = ax
        self.set_figure(ax.figure)
        self._rgba = None

    def size(self):
        """(height, width) in pixels of the axes box this layer covers."""
        box = self.ax.bbox
        return int(round(box.height)), int(round(box.width))

    def set_pixels(self, rgba):
        self._rgba = rgba
        self.stale = True

    def draw(self, renderer):
        if self._rgba is None or not self.get_visible():
            return
        buf = np.asarray(renderer.buffer_rgba())
        box = self.ax.bbox
        top = int(round(buf.shape[0] - box.y1))      # the buffer's rows run top to bottom
        left = int(round(box.x0))
        h = min(self._rgba.shape[0], buf.shape[0] - top)
        w = min(self._rgba.shape[1], buf.shape[1] - left)
        if top >= 0 and left >= 0 and h > 0 and w > 0:
            buf[top:top + h, left:left + w] = self._rgba[:h, :w]


@functools.lru_cache(maxsize=1024)
def text_pixels(text, fontsize=12, dpi=100, align="center"):
    """The pixels (height, width, 4) of ``text`` in black on white, rendered once and kept."""
    with _scratch_lock:
        if dpi not in _scratch:     # one scratch figure per dpi, reused for every text
            fig = Figure(figsize=(1, 1), dpi=dpi, facecolor="white")
            _scratch[dpi] = fig, FigureCanvasAgg(fig)
        fig, canvas = _scratch[dpi]
        ha = {"center": "center", "right": "right", "left": "left"}[align]
        label = fig.text(0, 0, text, fontsize=fontsize, ha="left", va="bottom",
                         multialignment=ha)
        try:
            box = label.get_window_extent(canvas.get_renderer())
            w, h = math.ceil(box.width) + 2, math.ceil(box.height) + 2
            fig.set_size_inches(w / dpi, h / dpi)
            label.set_position((1 / w, 1 / h))
            canvas.draw()
            return np.asarray(canvas.buffer_rgba()).copy()
        finally:
            label.remove()


_scratch, _scratch_lock = {}, threading.Lock()


def paste(canvas, rgba, x, y, anchor="center"):
    """Copy ``rgba`` into ``canvas`` (both (h, w, 4) arrays) with its ``anchor`` point
    ("center", "bottom" = bottom centre, or "right" = right middle) at pixel (x, y);
    whatever falls outside is cut off."""
    h, w = rgba.shape[:2]
    if anchor == "center":
        x0, y0 = x - w // 2, y - h // 2
    elif anchor == "bottom":
        x0, y0 = x - w // 2, y - h
    elif anchor == "right":
        x0, y0 = x - w, y - h // 2
    else:
        raise ValueError(f"anchor must be 'center', 'bottom' or 'right', got {anchor!r}")
    x0, y0 = int(round(x0)), int(round(y0))
    cx0, cy0 = max(x0, 0), max(y0, 0)
    cx1, cy1 = min(x0 + w, canvas.shape[1]), min(y0 + h, canvas.shape[0])
    if cx1 > cx0 and cy1 > cy0:
        canvas[cy0:cy1, cx0:cx1] = rgba[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]


def lookup_table(cmap):
    """A colour map as a (256, 4) uint8 table, for ``colorize``."""
    return (np.array([cmap(i / 255) for i in range(256)]) * 255).astype(np.uint8)


def colorize(values, table, broken=(200, 200, 200, 255)):
    """Values in [0, 1] (any shape) as RGBA pixels through ``table``; NaN shows as ``broken``.

    Each pixel is one lookup of a 4-byte word (the table read as uint32), not four of a
    byte: the largest part of painting the playground's maps."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    all_finite = bool(finite.all())
    scaled = (values if all_finite else np.where(finite, values, 0.5)) * 255
    np.clip(scaled, 0, 255, out=scaled)
    words = np.ascontiguousarray(table, dtype=np.uint8).view(np.uint32).reshape(-1)
    rgba = words[scaled.astype(np.uint8)].view(np.uint8).reshape(*values.shape, 4)
    if not all_finite:
        rgba[~finite] = broken
    return rgba


@functools.lru_cache(maxsize=16)
def _stretch(n_in, n_out):
    # The (n_out, n_in) matrix of linear interpolation from the centres of n_in cells to
    # the centres of n_out pixels spanning the same length (beyond the outer centres, the
    # outer values hold).
    x = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
    lo = np.minimum(np.floor(x).astype(int), n_in - 2)
    frac = x - lo
    M = np.zeros((n_out, n_in))
    M[np.arange(n_out), lo] = 1 - frac
    M[np.arange(n_out), lo + 1] = frac
    return M


def upsample(values, shape):
    """Bilinear interpolation of a (rows, cols) grid of values to ``shape`` pixels.

    The values are taken at the centres of equal cells (as ``imshow`` shows them), the
    first row at the top.

    Two small matrix products, so a 60 × 60 grid fills a 400 × 400 box in about
    a millisecond (matplotlib's own resampling takes several).
    """
    values = np.asarray(values, dtype=np.float64)     # (rows, cols), or a stack (..., rows, cols)
    rows, cols = values.shape[-2:]
    return _stretch(rows, shape[0]) @ values @ _stretch(cols, shape[1]).T
