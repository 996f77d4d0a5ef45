"""The kernel side of a slider move, per explorer the browser test presses: where the ms go.

Run:  OMP_NUM_THREADS=1 python benchmarks/bench_frame.py [--moves N] [--rounds R] [case ...]

For every explorer as the notebooks show it (CASES), its first slider (the one
tests/test_browser.py presses) is moved back and forth the way the browser moves it (setting
the widget's value), and each move is split into: ``draw()`` (the explorer's maths and artist
updates), ``render()`` (background restored, dynamic artists drawn by Agg), ``jpeg()`` (the
frame's bytes) and the rest (``Image.value``, trait notifications). Two explorers are built
per case, one drawing with matplotlib's own Agg canvas (``before``: every text laid out and
every glyph rendered by FreeType on every frame; and ``LayerBars`` drawing its axes in full on
every change) and one with ``LiveFigure``'s (``after``: layouts and glyph bitmaps kept,
nnlib/viz/canvas.py; a background kept per bar count and span), their moves interleaved so that a
shared, noisy machine slows both alike. The frames of the two are compared byte for byte.
Figures are printed, never asserted.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import ipywidgets as widgets  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

import nnlib.widgets as W  # noqa: E402
from nnlib.viz import canvas  # noqa: E402

# notebook → explorer, as its cell builds it
CASES = {
    "01 perceptron": lambda: W.perceptron_explorer(gate="and", w1=1.0, w2=1.0, b=-1.5),
    "01 perceptron_rule": lambda: W.perceptron_rule_explorer(gate="and", lr=1.0, update=11),
    "02 xor": lambda: W.xor_explorer(),
    "02 slope": lambda: W.slope_explorer(lr=3.0, w0=-2.0, steps=20),
    "03 backprop": lambda: W.backprop_explorer(weight="w1"),
    "03 loss_comparison": lambda: W.loss_comparison_explorer(z=5.0, target=0),
    "04 gradient": lambda: W.gradient_explorer(depth=5, width=32, activation="sigmoid",
                                               init="xavier", scale=1.0),
    "04 training": lambda: W.training_explorer(depth=6, width=16, activation="sigmoid",
                                               init="xavier", lr=1.0).train(300),
    "05 descent 1d": lambda: W.descent_explorer(function="1d", lr=0.2, momentum=0.0, steps=10),
    "05 descent 2d": lambda: W.descent_explorer(function="2d", lr=0.6, momentum=0.5, steps=20),
    "05 lr_training": lambda: W.lr_training_explorer(lr=0.5, batch_size=32, l1=0.0, l2=0.0,
                                                     seed=0),
    "06 playground": lambda: W.playground(),
    "07 digits_training": lambda: W.digits_training_explorer(optimizer="adam", lr=0.001,
                                                             hidden=64, dropout=0.0,
                                                             n_train=1078),
    "07 digit_outputs": lambda: W.digit_outputs_explorer(index=0),
}
SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)
PARTS = ("draw", "render", "jpeg", "move")


def build(factory, stock):
    """The explorer; with ``stock``, drawing on matplotlib's own Agg canvas."""
    saved = canvas._Canvas
    if stock:
        canvas._Canvas = FigureCanvasAgg
    try:
        e = factory()
    finally:
        canvas._Canvas = saved
    if stock:     # and LayerBars as before issue 19: every new axis drawn in full, each time
        relayout = e.live.relayout
        e.live.relayout = lambda key=None, part="": relayout(
            None if part.startswith("LayerBars") else key, part)
    if e.thread is not None:
        e.thread.join()
    times = {part: [] for part in PARTS}
    for part in ("draw", "render", "jpeg"):
        owner = e if part == "draw" else e.live
        method = getattr(owner, part)

        def timed(*args, _method=method, _part=part, **kw):
            t0 = time.perf_counter()
            try:
                return _method(*args, **kw)
            finally:
                times[_part].append(time.perf_counter() - t0)
        setattr(owner, part, timed)
    return e, times


def first_slider(e):
    """The name of the first slider on the page (depth first through the explorer's boxes)."""
    names = {id(w): name for name, w in e.controls.items()}
    stack = [e.widget]
    while stack:
        w = stack.pop(0)
        if isinstance(w, SLIDERS) and id(w) in names:
            return names[id(w)]
        stack[:0] = list(getattr(w, "children", ()))
    return None


def move(e, times, name, start, k):
    """Move slider ``name`` one step up from ``start`` (even ``k``) or back to it (odd)."""
    w = e.controls[name]
    if isinstance(w, widgets.FloatLogSlider):
        value = start if k % 2 else min(w.base ** w.max, start * w.base ** w.step)
    else:
        value = start if k % 2 else min(w.max, start + w.step)
    t0 = time.perf_counter()
    w.value = value
    times["move"].append(time.perf_counter() - t0)
    if e.thread is not None:
        e.thread.join()


def median_ms(values):
    return statistics.median(values) * 1e3 if values else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cases", nargs="*", help="a part of a case's name, e.g. perceptron")
    ap.add_argument("--moves", type=int, default=10, help="per round and explorer")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    cases = {k: f for k, f in CASES.items()
             if not args.cases or any(c in k for c in args.cases)}
    print(f"{'case':20s} {'slider':10s} | {'before: draw render jpeg move':>31s} | "
          f"{'after: draw render jpeg move':>30s} | kB  same")
    for label, factory in cases.items():
        pair = [build(factory, stock=True), build(factory, stock=False)]
        name = first_slider(pair[0][0])
        if name is None:
            continue
        start = pair[0][0].controls[name].value
        for e, times in pair:
            for k in range(2):
                move(e, times, name, start, k)
            for part in PARTS:
                times[part].clear()
        for r in range(args.rounds):
            for k in range(args.moves):
                for e, times in (pair if (r + k) % 2 else pair[::-1]):
                    move(e, times, name, start, k)
        same = bytes(pair[0][0].live.canvas.buffer_rgba()) == \
            bytes(pair[1][0].live.canvas.buffer_rgba())
        kb = len(pair[1][0].live.jpeg()) / 1024
        cols = [" ".join(f"{median_ms(times[p]):6.1f}" for p in PARTS) for _, times in pair]
        print(f"{label:20s} {name:10s} | {cols[0]} | {cols[1]} | {kb:4.0f} {same}", flush=True)


if __name__ == "__main__":
    main()
