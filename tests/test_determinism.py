"""Determinism: the same seeds give the same numbers, bit for bit, in any process.

nbval already compares every notebook's stored outputs with a fresh run, so running a
notebook twice here would double its time for little. What nbval cannot see is where a
number comes from: a result that depends on numpy's global random state, on the order of a
set (string hashing changes with PYTHONHASHSEED in every new process), or on what ran
before in the same kernel can still match a stored output by luck, or match in a fresh
kernel and differ after a learner re-runs a cell. So this test computes a fingerprint of
every seeded result of nnlib (data sets, initial weights, training histories, the range
test, the perceptron's updates, gradient checks and norms, two explorers' figures) and
asserts that

* two fresh processes with different hash seeds give identical fingerprints;
* computing everything twice in one process gives the same fingerprints again, and leaves
  numpy's global random state untouched (nnlib draws only from its own generators).

Run as a script it prints the fingerprints as JSON (what the test's subprocesses do).
"""

import hashlib
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def _digest(*arrays):
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(np.asarray(a, dtype=np.float64))
        h.update(str(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()[:16]


def fingerprints():
    """name → digest of each seeded result."""
    import nnlib
    from nnlib import data, diagnostics, tasks

    out = {}
    for gate in data.GATES:
        out[f"logic_gate {gate}"] = _digest(*data.logic_gate(gate))
    for name in ("moons", "circles", "spiral", "blobs", "gauss", "xor", "plane", "bumps"):
        out[f"data {name}"] = _digest(*getattr(data, name)(n=120, seed=3))
    X, y = data.moons(n=200, noise=0.2, seed=1)
    out["train_test_split"] = _digest(*data.train_test_split(X, y, 0.3, seed=5))

    for init in ("xavier", "he", "normal", "zeros"):
        net = nnlib.MLP([2, 8, 8, 1], activation="relu", init=init, seed=7, init_scale=0.5)
        out[f"MLP init {init}"] = _digest(*net.get_params())

    Xg, yg = data.logic_gate("xor")
    net = nnlib.MLP([2, 2, 1], seed=0)
    h = nnlib.fit(net, Xg, yg, "half_mse", nnlib.SGD(2.0), epochs=300)
    out["fit xor full batch"] = _digest(h.loss, *h.grad_norms, *net.get_params())
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=2)
    opt = nnlib.SGD(0.3, momentum=0.9, weight_decay=1e-3, l1=1e-4, clip_norm=1.0)
    h = nnlib.fit(net, X, y, "binary_cross_entropy", opt, epochs=5, batch_size=16, seed=4)
    out["fit moons mini-batches"] = _digest(h.loss, h.epoch_loss, h.accuracy,
                                            *net.get_params())
    Xs, ys = data.spiral(n=90, classes=3, seed=0)
    net = nnlib.MLP([2, 12, 3], activation="relu", output_activation="identity", init="he",
                    seed=1)
    h = nnlib.fit(net, Xs, ys, "softmax_cross_entropy", nnlib.SGD(0.5), epochs=20,
                  batch_size=1, seed=9)
    out["fit spiral SGD"] = _digest(h.loss, *net.get_params())

    r = nnlib.lr_range_test(nnlib.MLP([2, 8, 1], seed=0), X, y, "binary_cross_entropy",
                            steps=60, batch_size=16, seed=3)
    out["lr_range_test"] = _digest(r.lrs, r.losses, r.suggested)

    for gate in ("and", "xor"):
        p = nnlib.Perceptron(2, lr=0.5).fit(*data.logic_gate(gate), epochs=30)
        out[f"perceptron {gate}"] = _digest([(*u.w, u.b) for u in p.updates] or [0])

    check = nnlib.check_gradients(nnlib.MLP([2, 4, 3, 2], activation="tanh", seed=5),
                                  X[:10], np.eye(2)[y[:10]], "half_mse")
    out["check_gradients"] = _digest(list(check.values()))
    net = tasks.deep_net(10, 16, "relu", "he", seed=4)
    out["layer_norms"] = _digest(diagnostics.layer_norms(net, *tasks.fixed_batch()))

    from nnlib.widgets import gradient_explorer, perceptron_explorer

    for factory, state in ((perceptron_explorer, dict(gate="xor", w1=1.5, b=-0.5)),
                           (gradient_explorer, dict(depth=12, activation="tanh", seed=3))):
        e = factory(**state)
        pixels = np.frombuffer(e.live.canvas.buffer_rgba(), dtype=np.uint8)
        out[f"{factory.__name__} pixels"] = _digest(pixels)
    return out


def _in_fresh_processes(*hash_seeds):
    """The fingerprints computed by one new Python process per hash seed (run side by side)."""
    procs = []
    for seed in hash_seeds:
        env = dict(os.environ, PYTHONHASHSEED=str(seed), OMP_NUM_THREADS="1", MPLBACKEND="Agg")
        procs.append(subprocess.Popen([sys.executable, os.path.join(HERE, "test_determinism.py")],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      env=env))
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    return results


def test_same_fingerprints_in_two_fresh_processes():
    first, second = _in_fresh_processes(1, 2)
    differ = [name for name in first if first[name] != second.get(name)]
    assert not differ, f"different results from the same seeds in two processes: {differ}"
    assert set(first) == set(second)


def test_same_fingerprints_twice_in_one_process_and_global_state_untouched():
    np.random.seed(12345)
    before = np.random.get_state()[1].copy()
    first = fingerprints()
    second = fingerprints()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"a second run in the same process gave different results: {differ}"
    after = np.random.get_state()[1]
    assert np.array_equal(before, after), "nnlib drew from numpy's global random state"


if __name__ == "__main__":
    print(json.dumps(fingerprints()))
