"""LiveFigure: a matplotlib figure that redraws only what changed, fast enough for a slider.

Drawing a whole figure spends most of its time laying out ticks and labels
that a slider never changes (about 40 ms for two empty axes on the course's
2-core machine). A LiveFigure draws those once, keeps the pixels as a
background, and on each ``render()`` pastes the background back and draws
only the artists registered with ``dynamic(...)`` (blitting). Call
``relayout()`` when something static changed (axis limits, a new label):
the next render draws everything again.

Matplotlib paints animated *images* in a full draw too, so they end up in
the background; a dynamic image must be opaque, to cover its old self.

A dynamic image (``imshow`` on linear axes, "nearest" or "bilinear", no
alpha, no NaN) is scaled to its size on screen by Pillow, then colour-mapped:
the same steps as matplotlib's (whose resampling takes 20-30 ms for a
100 × 100 grid over a 540 × 350 px axes, the largest part of a slider move's
redraw), a third of the time; the pixels differ only along sharp edges.
"""

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from PIL import Image

from .style import COLORS, style

_RESAMPLE = {"nearest": Image.Resampling.NEAREST, "bilinear": Image.Resampling.BILINEAR}


class LiveFigure:
    """A figure (``.figure``) with a cached background and a list of changing artists.

    ``size`` is in inches at ``dpi`` dots per inch. ``message(ax)`` gives the
    Text artist used to print a warning across an axes (divergence, NaN,
    dead units) — set its text to "" to hide it.
    """

    def __init__(self, size=(10, 4.5), dpi=100, title_space=0.45):
        with style():
            self.figure = Figure(figsize=size, dpi=dpi, layout="constrained")
        # Changing artists take no part in the layout (so the picture does not shift as a
        # title's text changes); the top ``title_space`` inches are kept free for the titles.
        self.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - title_space / size[1]))
        self.canvas = FigureCanvasAgg(self.figure)
        self._dynamic = []
        self._background = None
        self._backgrounds, self._key = {}, None   # kept backgrounds, see relayout(key)
        self._messages = {}

    def dynamic(self, *artists):
        """Register artists that change between renders; returns the first one."""
        for artist in artists:
            artist.set_animated(True)
            artist.set_in_layout(False)
            self._dynamic.append(artist)
        return artists[0] if artists else None

    def message(self, ax):
        """The warning text for ``ax`` (made on first use): large, centred, on a white box."""
        if ax not in self._messages:
            with style():
                text = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                               fontsize=15, color=COLORS["vermillion"], wrap=True, zorder=10,
                               bbox=dict(facecolor="white", edgecolor=COLORS["vermillion"],
                                         alpha=0.92, boxstyle="round,pad=0.5"))
            self._messages[ax] = self.dynamic(text)
        return self._messages[ax]

    def freeze_layout(self):
        """Lay the figure out once, as it stands, then keep that layout for good.

        Called with the widest tick labels in place, it makes later relayouts (new
        axis limits) cost one plain draw instead of a constrained-layout pass, and
        makes the layout the same whatever state an explorer starts from.
        """
        # The layout engine alone (it measures the texts), and each axes' fixed aspect ratio
        # applied, as a draw would: an explorer may place pixels by the axes' boxes before its
        # first render, which draws the whole figure anyway. No pixels are drawn here.
        self.figure.get_layout_engine().execute(self.figure)
        for ax in self.figure.axes:
            ax.apply_aspect()
        self.figure.set_layout_engine("none")
        self.relayout()

    def relayout(self, key=None):
        """Forget the background: the next ``render`` draws the whole figure.

        ``key`` names one of several static pictures an explorer switches between (with
        its layout frozen): the background drawn for a key is kept, and switching back to
        that key later reuses it instead of drawing the whole figure again.
        """
        self._key = key
        self._background = self._backgrounds.get(key) if key is not None else None

    def render(self):
        """Bring the pixels up to date (blitting when the background is valid)."""
        if self._background is None:
            # Animated artists are skipped by a full draw; draw the static rest, keep it.
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            if self._key is not None:
                self._backgrounds[self._key] = self._background
        else:
            self.canvas.restore_region(self._background)
        for artist in self._dynamic:
            if artist.get_visible() and not self._paste_image(artist):
                self.figure.draw_artist(artist)

    def _paste_image(self, im):
        """Draw the AxesImage ``im`` the cheap way (see the module's docstring); False, having
        drawn nothing, when it is not a case this handles (matplotlib draws it then)."""
        if (type(im) is not AxesImage or im.get_interpolation() not in _RESAMPLE
                or im.get_alpha() is not None or im.get_clip_path() is not None
                or im.get_agg_filter() is not None or im.get_rasterized()
                or not im.get_transform().is_affine):
            return False
        data = im.get_array()
        if (data is None or data.ndim not in (2, 3) or 0 in data.shape[:2]
                or (data.ndim == 2 and im.get_interpolation_stage() == "rgba")):
            return False
        if np.ma.is_masked(data) or (data.ndim == 2 and not np.isfinite(data).all()):
            return False
        x0, x1, y0, y1 = im.get_extent()
        (left, bottom), (right, top) = im.get_transform().transform([(x0, y0), (x1, y1)])
        if bottom > top:                  # Agg takes the rows bottom up; row 0 is at y0
            data = data[::-1]
            bottom, top = top, bottom
        if right < left:
            data = data[:, ::-1]
            left, right = right, left
        left, bottom = round(left), round(bottom)
        size = round(right) - left, round(top) - bottom
        if not 0 < size[0] * size[1] <= 8_000_000:
            return False
        resample = _RESAMPLE[im.get_interpolation()]
        if data.ndim == 2:     # interpolate the values, then colour them (as matplotlib does)
            field = Image.fromarray(np.ascontiguousarray(data, dtype=np.float32), "F")
            pixels = im.to_rgba(np.asarray(field.resize(size, resample)), bytes=True)
        else:                  # RGB(A) data: interpolate the colours
            rgba = Image.fromarray(np.ascontiguousarray(im.to_rgba(data, bytes=True)), "RGBA")
            pixels = np.array(rgba.resize(size, resample))      # a writable copy
        renderer = self.canvas.get_renderer()
        gc = renderer.new_gc()
        if im.get_clip_on():
            gc.set_clip_rectangle(im.get_clip_box())
        renderer.draw_image(gc, left, bottom, pixels)
        gc.restore()
        return True

    def _image(self):
        return Image.frombuffer("RGBA", self.canvas.get_width_height(),
                                self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")

    def jpeg(self, quality=92):
        """The current pixels as JPEG bytes (about 1 ms to encode: used for live frames)."""
        buf = io.BytesIO()
        # The Agg buffer read as RGBX (alpha ignored) goes to the JPEG encoder as it is: the same
        # bytes as converting to RGB first, without that copy (half the time of this method).
        Image.frombuffer("RGBX", self.canvas.get_width_height(), self.canvas.buffer_rgba(),
                         "raw", "RGBX", 0, 1).save(buf, "jpeg", quality=quality)
        return buf.getvalue()

    def png(self):
        """The current pixels as PNG bytes (sharper, slower: used for stored outputs)."""
        buf = io.BytesIO()
        self._image().save(buf, "png", compress_level=6)
        return buf.getvalue()
