"""LiveFigure's own drawing of dynamic images against matplotlib's: time and pixels.

Run:  OMP_NUM_THREADS=1 python benchmarks/bench_browser_image.py

For every explorer with a dynamic ``imshow`` (the decision surfaces), render the figure with
``LiveFigure._paste_image`` (Pillow scales the values to the screen, then they are coloured)
and with matplotlib drawing the image itself, and print the median ``render()`` time of each
and how far the two pictures differ (largest difference of a colour channel, 0-255, and how
many pixels differ by more than 16). The frames are saved in /tmp to look at. Figures are
printed, never asserted.
"""

import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from PIL import Image  # noqa: E402

import nnlib.widgets as W  # noqa: E402
from nnlib.viz import canvas  # noqa: E402


def render_ms(live, n=15):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        live.render()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), np.asarray(live.canvas.buffer_rgba())[..., :3].copy()


def main():
    paste = canvas.LiveFigure._paste_image
    print(f"{'explorer':28s} {'ours ms':>8s} {'mpl ms':>8s} {'max diff':>9s} {'px > 16':>8s}")
    for name in W.__all__:
        if not name.endswith("_explorer"):
            continue
        e = getattr(W, name)()
        if not any(isinstance(a, AxesImage) for a in e.live._dynamic):
            continue
        ours, a = render_ms(e.live)
        canvas.LiveFigure._paste_image = lambda self, im: False
        try:
            theirs, b = render_ms(e.live)
        finally:
            canvas.LiveFigure._paste_image = paste
        diff = np.abs(a.astype(int) - b.astype(int)).max(axis=-1)
        Image.fromarray(a).save(f"/tmp/{name}_pillow.png")
        Image.fromarray(b).save(f"/tmp/{name}_matplotlib.png")
        print(f"{name:28s} {ours:8.1f} {theirs:8.1f} {diff.max():9d} {(diff > 16).sum():8d}")


if __name__ == "__main__":
    main()
