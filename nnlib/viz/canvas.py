"""LiveFigure: a matplotlib figure that redraws only what changed, fast enough for a slider.

Drawing a whole figure spends most of its time laying out ticks and labels that a slider never
changes (about 40 ms for two empty axes on the course's 2-core machine). A LiveFigure draws those
once, keeps the pixels as a background, and on each ``render()`` pastes the background back and
draws only the artists registered with ``dynamic(...)`` (blitting). Call ``relayout()`` when
something static changed (axis limits, a new label): the next render draws everything again.

Matplotlib paints animated *images* in a full draw too, so they end up in
the background; a dynamic image must be opaque, to cover its old self.

A dynamic image (``imshow`` on linear axes, "nearest" or "bilinear", no
alpha, no NaN) is scaled to its size on screen by Pillow, then colour-mapped:
the same steps as matplotlib's (whose resampling takes 20-30 ms for a
100 × 100 grid over a 540 × 350 px axes, the largest part of a slider move's
redraw), a third of the time; the pixels differ only along sharp edges.

Texts are drawn by ``_Renderer``, which keeps each string's layout and each glyph's bitmap
between frames instead of asking FreeType again (matplotlib 3.11 renders every glyph of every
text on every draw): the same pixels, a third of the time of a frame full of titles.
"""

import io
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.ft2font import RenderMode
from matplotlib.image import AxesImage
from PIL import Image

from .style import COLORS, style

_RESAMPLE = {"nearest": Image.Resampling.NEAREST, "bilinear": Image.Resampling.BILINEAR}
_GLYPHS, _LAYOUTS, _TEXTS = {}, {}, {}   # kept glyph bitmaps, layouts, texts: see _Renderer


class _Renderer(RendererAgg):
    """Agg's renderer, keeping what text drawing recomputes on every frame.

    matplotlib lays out a string (``FT2Font._layout``, about 0.4 ms) and renders every glyph
    with FreeType (about 35 µs each) each time it draws a text: two thirds of a slider move's
    redraw in an explorer whose titles print the values. Here a layout is kept per string,
    font, size and dpi, and a glyph's bitmap per glyph, transform and position within a
    pixel (in FreeType's 1/64 px): moving a glyph by whole pixels moves its bitmap and
    changes none of its bytes, so the pixels are exactly matplotlib's (tests/test_canvas.py).
    """

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        font = self._prepare_font(prop)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        key = (font, size, self.dpi, s, get_hinting_flag(),
               None if features is None else tuple(features), language)
        items = _LAYOUTS.get(key)
        if items is None:
            items = [(item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y)
                     for item in font._layout(s, flags=key[4], features=features,
                                              language=language)]
            _remember(_LAYOUTS, key, items)
        if not gc.get_antialiased():
            return self._draw_text_glyphs_and_boxes(gc, x, y, angle, items, [])
        # A text drawn at the same place twice (a title, a table row) is kept as a few
        # images of all its glyphs, each image holding glyphs whose ink does not overlap.
        where = (key, angle, x, y, self.height)
        layers = _TEXTS.get(where, 0)
        if layers is None or layers == 0:     # 0: never seen, None: seen once before
            layers = None if layers == 0 else _layered(list(self._placed(x, y, angle, items)))
            _remember(_TEXTS, where, layers, keep=500)
        for image, left, bottom in layers or self._placed(x, y, angle, items):
            self._renderer.draw_text_image(image, left, bottom, 0, gc)

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        if not gc.get_antialiased():          # (rare) matplotlib's own, uncached
            return super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
        for buffer, left, bottom in self._placed(x, y, angle, glyphs):
            self._renderer.draw_text_image(buffer, left, bottom, 0, gc)
        super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)

    def _placed(self, x, y, angle, glyphs):
        """Each glyph's bitmap and where ``draw_text_image`` puts it (left, bottom, y down)."""
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags, height, matrices = get_hinting_flag(), int(self.height), {}
        for font, size, index, slant, extend, dx, dy in glyphs:      # dy is upwards
            matrix = matrices.get((slant, extend))
            if matrix is None:
                matrix = matrices[slant, extend] = tuple(
                    (0x10000 * np.array([[cos, -sin], [sin, cos]])
                     @ [[extend, extend * slant], [0, 1]]).round().astype(int).ravel())
            tx = round(0x40 * (x + dx * cos - dy * sin))
            ty = round(0x40 * (self.height - y + dx * sin + dy * cos))   # FreeType's y is up
            key = (font, size, self.dpi, matrix, tx & 63, ty & 63, index, flags)
            glyph = _GLYPHS.get(key)
            if glyph is None:
                font.set_size(size, self.dpi)
                font._set_transform(np.reshape(matrix, (2, 2)), [tx & 63, ty & 63])
                bitmap = font._render_glyph(index, flags, RenderMode.NORMAL)
                glyph = bitmap.buffer.copy(), bitmap.left, bitmap.top
                _remember(_GLYPHS, key, glyph)
            buffer, left, top = glyph
            yield buffer, left + (tx >> 6), height - top - (ty >> 6) + buffer.shape[0]


def _layered(placed):
    """The glyphs ``placed`` as few images as can be blended one after the other with the
    same result, pixel for pixel, as the glyphs one by one: Agg leaves a pixel of coverage 0
    as it is, so glyphs whose ink does not overlap can share an image; a glyph goes into the
    first image after every image its ink overlaps (so overlapping ink keeps its order)."""
    if not placed:
        return []
    x0 = min(left for _, left, _ in placed)
    x1 = max(left + b.shape[1] for b, left, _ in placed)
    y0 = min(bottom - b.shape[0] for b, _, bottom in placed)
    y1 = max(bottom for _, _, bottom in placed)
    layers = []
    for buffer, left, bottom in placed:
        box = (slice(bottom - buffer.shape[0] - y0, bottom - y0),
               slice(left - x0, left - x0 + buffer.shape[1]))
        ink = buffer > 0
        i = max((j + 1 for j, layer in enumerate(layers) if layer[box][ink].any()), default=0)
        if i == len(layers):
            layers.append(np.zeros((y1 - y0, x1 - x0), np.uint8))
        layers[i][box][ink] = buffer[ink]
    return [(layer, x0, y1) for layer in layers]


def _remember(cache, key, value, keep=20_000):
    if len(cache) >= keep:
        cache.clear()
    cache[key] = value


class _Canvas(FigureCanvasAgg):
    """An Agg canvas that draws with ``_Renderer``."""

    def get_renderer(self):
        key = (*self.get_width_height(physical=True), self.figure.dpi)
        if self._lastKey != key:
            self.renderer = _Renderer(*key)
            self._lastKey = key
        return self.renderer


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
        self.canvas = _Canvas(self.figure)
        self._dynamic = []
        self._background = None
        self._backgrounds, self._key = {}, None   # kept backgrounds, see relayout(key)
        self._frozen, self._parts = False, {}   # part name → its key, see relayout
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
        self._frozen = True
        self.relayout()

    def relayout(self, key=None, part=""):
        """Forget the background: the next ``render`` draws the whole figure.

        ``key`` names one of several static pictures an explorer switches between (with
        its layout frozen): the background drawn for a key is kept, and switching back to
        that key later reuses it instead of drawing the whole figure again. A key must name
        everything static that differs between those pictures; independent parts of a
        figure (a component's axes, the explorer's own choice) each give theirs under their
        own ``part`` name, and a background is kept for the combination. Without a key
        (some other static change) every kept background is forgotten, as it is while the
        layout is not frozen (a full draw may move the axes; a kept background would not).
        """
        if key is None or not self._frozen:
            self._backgrounds.clear()
            self._key = self._background = None
            return
        self._parts[part] = key
        self._key = tuple(sorted(self._parts.items()))
        self._background = self._backgrounds.get(self._key)

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
        if im.origin == "upper":          # row 0 at the extent's second y (the top, by default)
            y0, y1 = y1, y0
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
