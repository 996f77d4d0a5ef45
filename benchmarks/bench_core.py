"""µs per training step: nnlib against a tight hand-written numpy loop doing the same maths.

Run:  OMP_NUM_THREADS=1 python benchmarks/bench_core.py

Both sides do, per step: forward pass, loss value, backward pass, SGD update,
with the same overflow-safe sigmoid, from the same starting weights.
``nnlib.fit`` also records the loss and every layer's gradient norm at every
step (the History) and checks for divergence; the hand loop records the loss
only. Each time is the best of 15 runs, alternating nnlib and numpy so both
see the same machine load. Nothing is asserted: it prints a table.
"""

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import nnlib  # noqa: E402


def sigmoid(z):
    e = np.exp(-np.abs(z))
    r = 1.0 / (1.0 + e)
    return np.where(z >= 0, r, e * r)


def hand_loop(Ws, bs, X, T, lr, steps, update_biases=True, residual=False):
    """Full-batch gradient descent on a sigmoid MLP with ½-squared-error, written out by hand.

    ``residual=True``: every hidden layer after the first adds its input, a = a_prev + f(z),
    and the backward pass adds dL/da to the gradient handed below (the identity path).
    """
    n = X.shape[0]
    losses = np.empty(steps)
    L = len(Ws)
    for s in range(steps):
        inputs, fs = [], []           # each layer's input a_prev and its f(z)
        a = X
        for i, (W, b) in enumerate(zip(Ws, bs)):
            inputs.append(a)
            f = sigmoid(a @ W.T + b)
            fs.append(f)
            a = a + f if residual and 0 < i < L - 1 else f
        D = a - T
        losses[s] = 0.5 * np.vdot(D, D) / n
        dA = D / n
        for i in range(L - 1, -1, -1):
            F = fs[i]
            delta = dA * (F * (1.0 - F))
            dX = delta @ Ws[i]
            Ws[i] -= lr * (delta.T @ inputs[i])
            if update_biases:
                bs[i] -= lr * delta.sum(axis=0)
            dA = dX + dA if residual and 0 < i < L - 1 else dX
    return losses


def time_pair(fn_a, fn_b, repeats=15):
    """Best-of-``repeats`` seconds of each, run alternately so both see the same machine load."""
    best_a = best_b = float("inf")
    for _ in range(repeats):
        for fn, which in ((fn_a, "a"), (fn_b, "b")):
            t0 = time.perf_counter()
            fn()
            dt = time.perf_counter() - t0
            if which == "a":
                best_a = min(best_a, dt)
            else:
                best_b = min(best_b, dt)
    return best_a, best_b


def case(name, sizes, X, T, lr, steps, setup=None, update_biases=True, residual=False):
    def make():
        net = nnlib.MLP(sizes, seed=0, residual=residual)
        if setup:
            setup(net)
        return net

    def run_nnlib():
        net = make()
        nnlib.fit(net, X, T, "half_mse", nnlib.SGD(lr, update_biases=update_biases), epochs=steps)

    def run_hand():
        net = make()
        Ws = [layer.W.copy() for layer in net.layers]
        bs = [layer.b.copy() for layer in net.layers]
        hand_loop(Ws, bs, X, T, lr, steps, update_biases, residual)

    # Same maths: after the same number of steps both give the same weights.
    net = make()
    nnlib.fit(net, X, T, "half_mse", nnlib.SGD(lr, update_biases=update_biases), epochs=5)
    ref = make()
    Ws = [layer.W.copy() for layer in ref.layers]
    bs = [layer.b.copy() for layer in ref.layers]
    hand_loop(Ws, bs, X, T, lr, 5, update_biases, residual)
    assert all(np.allclose(layer.W, W) for layer, W in zip(net.layers, Ws)), "maths differ"

    t_nn, t_hand = time_pair(run_nnlib, run_hand)
    return name, t_nn / steps * 1e6, t_hand / steps * 1e6


def main():
    rows = []
    X, y = nnlib.data.logic_gate("xor")
    rows.append(case("XOR 2-2-1, full batch (4)", [2, 2, 1], X, y.reshape(-1, 1).astype(float),
                     2.0, 500))
    ex = nnlib.worked_example()

    def as_worked_example(net):
        net.set_params(ex.net.get_params())

    rows.append(case("worked example 2-2-2 (1 sample)", [2, 2, 2], ex.X, ex.T, 0.5, 500,
                     setup=as_worked_example, update_biases=False))
    rng = np.random.default_rng(0)
    Xd = rng.normal(size=(256, 32))
    Td = rng.uniform(size=(256, 32))
    for depth in (2, 8, 32):
        steps = {2: 200, 8: 60, 32: 15}[depth]
        rows.append(case(f"depth {depth}, width 32, batch 256", [32] * (depth + 1), Xd, Td,
                         0.1, steps))
    rows.append(case("30 layers with skips, width 32, b 256", [32] * 31, Xd, Td, 0.1, 15,
                     residual=True))

    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    print(f"{'case':36s} {'nnlib µs/step':>14s} {'numpy µs/step':>14s} {'ratio':>7s}")
    for name, t_nn, t_hand in rows:
        print(f"{name:36s} {t_nn:14.1f} {t_hand:14.1f} {t_nn / t_hand:7.2f}")


if __name__ == "__main__":
    main()
