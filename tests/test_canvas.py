"""LiveFigure draws a changing image itself (Pillow scaling, then the colour map): it must
look like matplotlib's own drawing of the same image."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib.viz import LiveFigure


def _frames(interpolation, data):
    """The same image drawn by LiveFigure's fast path and by matplotlib, as two pixel arrays."""
    live = LiveFigure((6, 4), 100)
    ax = live.figure.subplots()
    image = live.dynamic(ax.imshow(data, extent=(-1, 1, -1, 1), origin="lower", cmap="viridis",
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


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_fast_image_path_matches_matplotlib(interpolation):
    g = np.linspace(-3, 3, 60)
    # smooth, like an explorer's surface, and different under a flip of either axis
    data = np.sin(g + 1)[None, :] * (g[:, None] + 4)
    fast, slow = _frames(interpolation, data)
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
