"""In-kernel redraw latency of the explorers, and the rendering paths the course chose between.

Run:  OMP_NUM_THREADS=1 python benchmarks/bench_explorers.py [explorer names]

For the perceptron explorer's weight slider it times, from setting the value
to a finished frame:

1. nnlib's path: ``explorer.update(w1=...)`` — artists updated in place, only
   they are redrawn over a cached background (blitting), JPEG into an
   ``ipywidgets.Image``;
2. the inline backend inside an ``Output`` widget: the same artists updated,
   then the whole figure drawn and encoded as PNG (what ``display(fig)`` does);
3. ipympl (if installed): the same artists updated, then the full Agg draw and
   the PNG diff frame that ``draw_idle`` leads to.

Then, for every explorer, the median and 90th percentile of ``update`` for
each control. Figures are printed, never asserted.
"""

import io
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import nnlib.widgets as W  # noqa: E402

EXPLORERS = {name: getattr(W, name) for name in W.__all__ if name.endswith("_explorer")}


def stats(times):
    ms = np.array(times) * 1e3
    return statistics.median(ms), float(np.percentile(ms, 90))


def time_updates(explorer, name, values):
    times = []
    for v in values:
        t0 = time.perf_counter()
        explorer.update(**{name: v})
        times.append(time.perf_counter() - t0)
    return times


def time_slider_moves(explorer, name, values):
    """Like ``time_updates``, but the way the browser moves a slider (setting the widget's
    value): until the first frame is sent. An explorer that trains the rest of its run in the
    background (lr_training_explorer) is waited for, untimed, before the next move."""
    times = []
    for v in values:
        t0 = time.perf_counter()
        explorer.controls[name].value = v
        times.append(time.perf_counter() - t0)
        if explorer.thread is not None:
            explorer.thread.join()
    return times


def control_values(widget, n=30, seed=0):
    import ipywidgets as widgets
    rng = np.random.default_rng(seed)
    if isinstance(widget, widgets.FloatLogSlider):
        return [float(widget.base ** e) for e in rng.uniform(widget.min, widget.max, n)]
    if isinstance(widget, widgets.IntSlider):
        return [int(v) for v in rng.integers(widget.min, widget.max + 1, n)]
    if isinstance(widget, widgets.FloatSlider):
        k = round((widget.max - widget.min) / widget.step)
        return [float(widget.min + s * widget.step) for s in rng.integers(0, k + 1, n)]
    if isinstance(widget, widgets.Checkbox):
        return [i % 2 == 0 for i in range(n)]
    options = list(widget._options_values)
    return [options[i % len(options)] for i in range(min(n, 3 * len(options)))]


def rendering_paths():
    e = W.perceptron_explorer()
    values = np.linspace(-3, 3, 41)
    ours = time_updates(e, "w1", values)

    inline = []
    for v in values:
        t0 = time.perf_counter()
        with e._hold():
            e.controls["w1"].value = float(v)
        e.draw()
        buf = io.BytesIO()
        e.figure.savefig(buf, format="png", bbox_inches="tight")
        inline.append(time.perf_counter() - t0)

    rows = [("blit + JPEG into an Image widget (nnlib)", ours),
            ("inline backend: full draw + PNG in an Output", inline)]
    try:
        from ipympl.backend_nbagg import new_figure_manager_given_figure
    except ImportError:
        print("(ipympl not installed: pip install ipympl to time its path too)")
    else:
        e2 = W.perceptron_explorer()
        for artist in e2.live._dynamic:
            artist.set_animated(False)
        manager = new_figure_manager_given_figure(1, e2.figure)
        canvas = manager.canvas
        ipympl = []
        for v in values:
            t0 = time.perf_counter()
            with e2._hold():
                e2.controls["w1"].value = float(v)
            e2.draw()
            canvas.draw()
            canvas.get_diff_image()
            ipympl.append(time.perf_counter() - t0)
        rows.append(("ipympl: full Agg draw + PNG diff frame", ipympl))
    print("Rendering path, perceptron explorer, weight slider (in kernel, ms):")
    for label, times in rows:
        med, p90 = stats(times)
        print(f"  {label:46s} median {med:6.1f}  p90 {p90:6.1f}")


def all_explorers():
    print("\nEvery explorer, every control: update() in kernel (ms)")
    print(f"  {'explorer':28s} {'control':14s} {'median':>7s} {'p90':>7s}")
    for name, factory in EXPLORERS.items():
        e = factory()
        for control in e.state():
            times = time_updates(e, control, control_values(e.controls[control]))
            med, p90 = stats(times)
            print(f"  {name:28s} {control:14s} {med:7.1f} {p90:7.1f}")


if __name__ == "__main__":
    import sys
    if len(sys.argv) > 1:          # only the explorers named on the command line
        EXPLORERS = {k: v for k, v in EXPLORERS.items() if k in sys.argv[1:]}
    else:
        rendering_paths()
    all_explorers()
