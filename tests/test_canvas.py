"""LiveFigure draws a changing image itself (Pillow scaling, then the colour map): it must
look like matplotlib's own drawing of the same image. It keeps text layouts and glyph bitmaps
between frames: its texts must be exactly matplotlib's."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnlib.viz import LiveFigure, canvas


def _frames(interpolation, data, origin="lower", extent=(-1, 1, -1, 1)):
    """The same image drawn by LiveFigure's fast path and by matplotlib, as two pixel arrays."""
    live = LiveFigure((6, 4), 100)
    ax = live.figure.subplots()
    image = live.dynamic(ax.imshow(data, extent=extent, origin=origin, cmap="viridis",
                                   interpolation=interpolation, aspect="auto"))
    live.render()
    fast = np.asarray(live.canvas.buffer_rgba())[..., :3].astype(int)
    live.canvas.restore_region(live._background)
    live.figure.draw_artist(image)                  # matplotlib's own path
    slow = np.asarray(live.canvas.buffer_rgba())[..., :3].astype(int)
    assert live._paste_image(image), "this image should take the fast path"
    # Inside the image, 2 px in from its edges (where the two round the box differently).
    box = ax.bbox
    height = fast.shape[0]
    rows = slice(int(height - box.y1) + 2, int(height - box.y0) - 2)
    cols = slice(int(box.x0) + 2, int(box.x1) - 2)
    return fast[rows, cols], slow[rows, cols]


@pytest.mark.parametrize("origin, extent", [("lower", (-1, 1, -1, 1)), ("upper", (-1, 1, -1, 1)),
                                            ("upper", None)])
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_fast_image_path_matches_matplotlib(interpolation, origin, extent):
    # origin="upper" (imshow's default, as a digit is shown) puts row 0 at the top: a fast path
    # that took row 0 to be at the extent's first y drew every such image upside down.
    g = np.linspace(-3, 3, 60)
    # smooth, like an explorer's surface, and different under a flip of either axis
    data = np.sin(g + 1)[None, :] * (g[:, None] + 4)
    fast, slow = _frames(interpolation, data, origin, extent)
    # Each pixel against matplotlib's at the same place or one pixel away (nearest-neighbour
    # cell edges may fall one pixel apart): within 8 of 255 levels, nearly everywhere.
    h, w = fast.shape[:2]
    near = np.minimum.reduce([
        np.abs(fast[1:-1, 1:-1] - slow[1 + dy:h - 1 + dy, 1 + dx:w - 1 + dx]).max(axis=2)
        for dy in (-1, 0, 1) for dx in (-1, 0, 1)])
    same = np.abs(fast - slow).max(axis=2)
    assert same.mean() < 1.5
    assert np.mean(near <= 8) > 0.999


def test_images_the_fast_path_does_not_handle_are_left_to_matplotlib():
    live = LiveFigure((4, 3), 100)
    ax = live.figure.subplots()
    with_nan = live.dynamic(ax.imshow(np.array([[0.0, np.nan], [1.0, 2.0]])))
    translucent = live.dynamic(ax.imshow(np.eye(3), alpha=0.5))
    live.render()
    assert not live._paste_image(with_nan)
    assert not live._paste_image(translucent)
    assert isinstance(live.figure, Figure)



def _texts_frame(canvas_class, shift):
    """A figure of texts (sizes, rotations, mathtext, a bold title, a boxed label), every text
    ``shift`` px off its place, drawn on a ``canvas_class``: its pixels."""
    saved = canvas._Canvas
    canvas._Canvas = canvas_class
    try:
        live = LiveFigure((4, 3), 100)
    finally:
        canvas._Canvas = saved
    ax = live.figure.subplots()
    ax.set_title("loss 0.6931 after 250 steps", fontweight="bold")
    for k, (text, size, angle) in enumerate([("w₁ = 1.25, b = −0.5: gradient", 13, 0),
                                             ("gradient ‖δ‖", 13, 90),
                                             (r"$\eta = 10^{-3}$, $\sigma(z)$", 15, 30),
                                             ("AVWa fi ffl", 11.5, -12)]):
        live.dynamic(ax.text(0.1 + shift / 400, 0.15 + 0.2 * k + shift / 300, text,
                             fontsize=size, rotation=angle))
    live.dynamic(ax.text(0.6, 0.5, "dead units: 7 of 16", bbox=dict(facecolor="white")))
    live.render()
    return np.asarray(live.canvas.buffer_rgba()).copy()


def test_kept_glyphs_give_exactly_matplotlibs_pixels():
    # The same glyphs again and again at positions a fraction of a pixel apart: a glyph kept
    # for one position and reused at another (not whole pixels away) shows as changed pixels.
    for shift in [0, 0.3, 0, 0.5, 0, 1, 7.71, 0.3, 0.3, 0]:    # 0 and 0.3 kept as images
        ours = _texts_frame(canvas._Canvas, shift)
        assert np.array_equal(ours, _texts_frame(FigureCanvasAgg, shift)), \
            f"the texts' pixels differ from matplotlib's (moved {shift} px)"


def test_texts_keep_their_layouts_and_glyphs_between_frames():
    for cache in (canvas._GLYPHS, canvas._LAYOUTS, canvas._TEXTS):
        cache.clear()
    _texts_frame(canvas._Canvas, 0)
    kept = len(canvas._GLYPHS), len(canvas._LAYOUTS)
    assert kept[0] > 20 and kept[1] >= 3
    assert set(canvas._TEXTS.values()) == {None}       # each text seen once
    _texts_frame(canvas._Canvas, 0)     # the same picture again: nothing new to keep
    assert (len(canvas._GLYPHS), len(canvas._LAYOUTS)) == kept
    assert all(canvas._TEXTS.values()), "a text drawn twice in one place is kept as images"


def _pixels(live):
    live.render()
    return np.asarray(live.canvas.buffer_rgba()).copy()


def test_a_kept_background_is_reused_and_forgotten_after_another_static_change():
    live = LiveFigure((4, 3), 100)
    ax = live.figure.subplots()
    live.freeze_layout()
    ax.set_xlim(0, 1)
    live.relayout(key="a")
    a = _pixels(live)
    ax.set_xlim(0, 2)
    live.relayout(key="b")
    assert not np.array_equal(_pixels(live), a)
    ax.set_xlim(0, 1)
    live.relayout(key="a")
    assert live._background is not None, "the background kept for key 'a' was not reused"
    assert np.array_equal(_pixels(live), a)
    ax.set_title("a static title")          # not named by any key: relayout() without one
    live.relayout()
    titled = _pixels(live)
    live.relayout(key="a")                  # the old 'a' lacks the title: it must be gone
    assert np.array_equal(_pixels(live), titled)


def test_no_background_is_kept_before_the_layout_is_frozen():
    live = LiveFigure((4, 3), 100)
    live.figure.subplots()
    live.relayout(key="a")
    live.render()
    live.relayout(key="a")
    assert live._background is None


def test_layer_bars_draw_each_count_and_span_once_then_reuse_it():
    from nnlib.viz.bars import LayerBars
    live = LiveFigure((6, 4), 100)
    bars = LayerBars(live, live.figure.subplots(), max_bars=8)
    bars.set([1e-45] + [1e60] * 7)          # the widest labels, then the layout is frozen
    live.freeze_layout()
    draws = []
    draw = live.canvas.draw
    live.canvas.draw = lambda: (draws.append(1), draw())
    shallow, deep = [1.0, 0.1, 0.01], [1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-5]
    bars.set(shallow)
    first = _pixels(live)
    bars.set(deep)
    _pixels(live)
    for values in (shallow, deep, shallow):
        bars.set(values)
        last = _pixels(live)
    assert len(draws) == 2, f"{len(draws)} full draws for two different axes"
    assert np.array_equal(last, first)


def test_parts_of_a_figure_keep_a_background_per_combination_of_their_keys():
    def figure():
        live = LiveFigure((4, 3), 100)
        ax = live.figure.subplots()
        live.freeze_layout()
        return live, ax

    live, ax = figure()
    for x, y in [(1, 1), (2, 1), (2, 2), (1, 2), (1, 1), (2, 1)]:
        ax.set_xlim(0, x)
        live.relayout(key=x, part="x axis")
        ax.set_ylim(0, y)
        live.relayout(key=y, part="y axis")
        fresh, fresh_ax = figure()
        fresh_ax.set_xlim(0, x)
        fresh_ax.set_ylim(0, y)
        assert np.array_equal(_pixels(live), _pixels(fresh)), f"wrong background at {x, y}"
    assert len(live._backgrounds) == 4
