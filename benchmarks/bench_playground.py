"""The playground's frame rate and control latency, in the kernel.

Run:  OMP_NUM_THREADS=1 python benchmarks/bench_playground.py

1. Frames while playing: one training epoch (batches of 10) plus the redraw of every view
   (the network's neuron maps and edges, the output plane and points, the loss curves, the
   titles) and the JPEG frame, for 6 hidden layers × 8 neurons on the 500 points. Target
   (issue 8): ≥ 10 frames per second.
2. A control change: ``update(name=value)``, which starts over from a fresh network and
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


def main():
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
