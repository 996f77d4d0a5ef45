"""Lesson 07's final network: how long it trains and how many test digits it reads right.

Run:  OMP_NUM_THREADS=1 python benchmarks/bench_digits.py

A 64-64-10 ReLU network, Adam(η = 0.001), 20 epochs of mini-batches of 32 on the 1078
standardised training digits (``nnlib.tasks.lesson07``'s final run), timed from a fresh
network to the trained one; then its accuracy on the 359 test digits. Each figure is the
best of 5 runs (the same seed, so the same network every time); the explorer's full run
(``DigitsRun``: 20 epochs on 1078 digits, curves measured in evaluation mode, width 64 and
256) is timed the same way. Nothing is asserted: it prints a table.
"""

import functools
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from nnlib.adam import Adam  # noqa: E402
from nnlib.tasks import lesson07 as L  # noqa: E402


def best_time(train, repeats=5):
    """The fastest of ``repeats`` calls of ``train()`` (s), and its last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = train()
        times.append(time.perf_counter() - start)
    return min(times), result


def final_run():
    Xa, ya, Xv, yv, _, _ = L.digit_sets()
    net = L.digit_net(64, "relu")
    L.train(net, Xa, ya, Adam(L.FINAL_LR), L.FINAL_EPOCHS, validation=(Xv, yv))
    return net


def explorer_run(hidden, dropout=0.0):
    return L.DigitsRun(hidden=hidden, dropout=dropout).train()


def main():
    _, _, _, _, Xt, yt = L.digit_sets()
    seconds, net = best_time(final_run)
    wrong = int(np.sum(net.forward(Xt).argmax(axis=1) != yt))
    accuracy = 1 - wrong / len(yt)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}")
    print(f"final 64-64-10 ReLU, Adam 0.001, {L.FINAL_EPOCHS} epochs x 34 mini-batches: "
          f"{seconds * 1e3:.0f} ms; test accuracy {accuracy:.1%} "
          f"({wrong} of {len(yt)} wrong)")
    for hidden, dropout in [(64, 0.0), (256, 0.0), (256, 0.5)]:
        seconds, _ = best_time(functools.partial(explorer_run, hidden, dropout), repeats=3)
        print(f"explorer run, {L.RUN_EPOCHS} epochs on 1078 digits, width {hidden}, "
              f"dropout {dropout}: {seconds * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
