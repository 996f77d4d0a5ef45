"""The playground's frame rate and control latency, in the kernel.

Run:  OMP_NUM_THREADS=1 python benchmarks/bench_playground.py

1. The case of issue 19: 6 hidden layers × 8 tanh neurons on the spiral's points (x1, x2,
   half of the 500 points for training), batches of 10, a full redraw per frame (every
   neuron's map, the plane, the curves, the title, the frame encoded), split into its parts:
   the training epoch, the paint (``draw``: of which the network's forward pass over the grid
   and the 49 maps pasted as one image), the render (Agg: the changed artists over the kept
   background) and the JPEG encode. Target (issue 19): ≥ 30 frames per second.
2. Frames while playing, as 1 but for other sets and all 7 features. Target (issue 8): ≥ 10
   frames per second.
3. A control change: ``update(name=value)``, which starts over from a fresh network and
   draws it. Target: ≤ 100 ms median.

Figures are printed, never asserted.
"""

import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from nnlib.widgets import playground  # noqa: E402

BIG = dict(hidden=(8,) * 6, features=("x1", "x2"), batch_size=10)


def ms(times):
    t = np.array(times) * 1e3
    return statistics.median(t), float(np.percentile(t, 90))


def frames(p, n=40):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        p.train_epochs(1)
        p.refresh()
        times.append(time.perf_counter() - t0)
    return times


def parts(p, n=40, clock=time.perf_counter):
    """Median ms of each part of a frame, and of the whole, over ``n`` frames, by ``clock``
    (``time.thread_time``: CPU time of this thread, which other jobs on a busy machine
    disturb far less than the wall clock)."""
    times = {k: [] for k in ("train", "paint", "of which maps", "render", "encode", "frame")}
    view = p.view
    set_maps = view.set_maps

    def timed_maps(columns):
        t = clock()
        set_maps(columns)
        times["of which maps"].append(clock() - t)

    view.set_maps = timed_maps
    try:
        for _ in range(n):
            t0 = clock()
            p.train_epochs(1)
            t1 = clock()
            with p._lock:          # what refresh() does, timed step by step
                p.draw()
                t2 = clock()
                p.live.render()
                t3 = clock()
                p._image.value = p.live.jpeg()
                t4 = clock()
            for k, a, b in (("train", t0, t1), ("paint", t1, t2), ("render", t2, t3),
                            ("encode", t3, t4), ("frame", t0, t4)):
                times[k].append(b - a)
    finally:
        del view.set_maps
    return {k: statistics.median(v) * 1e3 for k, v in times.items()}


def main():
    p = playground(data="spiral", hidden=(8,) * 6, activation="tanh", batch_size=10)
    parts(p, 5)                                       # warm up
    wall, cpu = parts(p), parts(p, clock=time.thread_time)
    print("Issue 19's case: 6 × 8 tanh, spiral (x1, x2; 250 training points), batch 10, "
          f"a full redraw per frame (load average {os.getloadavg()[0]:.1f})")
    print()
    print("| part | median ms (wall) | median ms (CPU) |")
    print("|---|---:|---:|")
    for k in wall:
        print(f"| {k} | {wall[k]:.1f} | {cpu[k]:.1f} |")
    print(f"| **frames per second** | **{1000 / wall['frame']:.1f}** | "
          f"**{1000 / cpu['frame']:.1f}** |")
    print()
    print("| case | frame median ms | p90 ms | frames per second |")
    print("|---|---:|---:|---:|")
    for data, percent in [("circle", 50), ("circle", 90), ("spiral", 90)]:
        p = playground(data=data, train_percent=percent, **BIG)
        p.update(features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"))
        med, p90 = ms(frames(p))
        print(f"| 6 × 8, all 7 features, {data}, {percent} % of 500 points for training "
              f"| {med:.1f} | {p90:.1f} | {1000 / med:.1f} |")
    print()
    p = playground(**BIG)
    controls = {
        "data": ["circle", "xor", "gauss", "spiral", "plane", "bumps"] * 2,
        "noise": [0, 10, 20, 30, 40, 50] * 2,
        "train_percent": [10, 30, 50, 70, 90] * 2,
        "seed": list(range(10)),
        "x1^2": [True, False] * 5,
        "layers": [1, 3, 6, 2, 5, 4] * 2,
        "neurons1": [1, 4, 8, 2, 6] * 2,
        "activation": ["relu", "tanh", "sigmoid", "linear"] * 3,
        "loss": ["half_mse", "binary_cross_entropy"] * 5,
        "lr": [0.001, 0.01, 0.1, 1.0, 10.0] * 2,
        "batch_size": [1, 5, 10, 20, 30] * 2,
        "regularization": ["L1", "L2", "none"] * 3,
        "problem": ["regression", "classification"] * 5,
    }
    print("| control (6 × 8 network) | median ms | p90 ms |")
    print("|---|---:|---:|")
    everything = []
    for name, values in controls.items():
        times = []
        for v in values:
            t0 = time.perf_counter()
            p.update(**{name: v})
            times.append(time.perf_counter() - t0)
        everything += times
        med, p90 = ms(times)
        print(f"| {name} | {med:.1f} | {p90:.1f} |")
    med, p90 = ms(everything)
    print(f"| **all controls** | **{med:.1f}** | **{p90:.1f}** |")


if __name__ == "__main__":
    main()
