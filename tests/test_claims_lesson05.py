"""What lesson 05 · The learning rate says about its computed results.

Each test quotes the sentence it guards. Every claim is checked on this machine and on two
simulated others (last-bit noise in exp, tanh, log, sin, …: tests/noise.py), so a sentence that
would be false on a learner's computer with other CPU kernels or another numpy turns the build
red here. The experiments are the notebooks' own, with the same settings.
"""

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib
from nnlib import quadratic
from nnlib.tasks import moons_task, overfit_task, range_task

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")


def _moons_run(lr):
    X, y, Xv, yv = moons_task()
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    return nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(lr), epochs=30,
                     batch_size=32, validation=(Xv, yv))


@machines
def test_05_far_too_large_rates_end_above_ln2(machine):
    """"η = 3.0: not learning: the loss ends above ln 2" (and η = 30), while η = 0.5 learns."""
    with last_bit_noise(machine):
        runs = {lr: _moons_run(lr) for lr in [0.5, 3.0, 30.0]}
    assert runs[0.5].epoch_loss[-1] < 0.3
    for lr in [3.0, 30.0]:
        assert runs[lr].diverged or runs[lr].epoch_loss[-1] > np.log(2), lr


def _overfit(**decay):
    Xs, ys, Xv, yv = overfit_task()
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    history = nnlib.fit(net, Xs, ys, "binary_cross_entropy", nnlib.SGD(0.2, **decay),
                        epochs=2000, validation=(Xv, yv))
    W = np.abs(np.concatenate([layer.W.ravel() for layer in net.layers]))
    return history, W, net


@machines
def test_05_weight_decay_table(machine):
    """"Without decay the training loss is low (0.094) and the validation loss more than three
    times as high: the network memorised the noise … Both decays give
    up some training loss for a lower validation loss … L2 shrinks every weight: its largest
    weight is the smallest of the three. L1 leaves the largest weights about as large as without
    decay, and instead pushes about half of them to almost 0 (below 0.01), where without decay
    only a handful end up." And under the figure: "about half of its weights sit far left of the
    dashed line at 0.01, most of them below 0.001, where without decay only a handful are." """
    with last_bit_noise(machine):
        (h0, W0, n0), (h2, W2, n2), (h1, W1, n1) = (_overfit(), _overfit(weight_decay=0.003),
                                                     _overfit(l1=0.001))
    assert h0.val_loss[-1] > 3 * h0.epoch_loss[-1]
    for h in (h2, h1):
        assert h.epoch_loss[-1] > h0.epoch_loss[-1]
        assert h.val_loss[-1] < h0.val_loss[-1]
    assert W2.max() < min(W0.max(), W1.max())
    assert abs(W1.max() / W0.max() - 1) < 0.05
    assert 0.4 < np.mean(W1 < 0.01) < 0.6
    assert np.mean(W1[W1 < 0.01] < 1e-3) > 0.5           # "most of them below 0.001"
    # "a blue channel reaches down to the blue point at the lower right, near (1.6, −0.8), in
    # every panel": that training point (class 0, blue) is on the blue side of all three
    Xs, ys, _, _ = overfit_task()
    corner = np.flatnonzero((ys == 0) & (Xs[:, 0] > 1.4))
    assert corner.size == 1 and np.allclose(Xs[corner[0]], [1.6, -0.8], atol=0.1)
    for net in (n0, n2, n1):
        assert net(Xs[corner])[0, 0] < 0.5
    assert np.count_nonzero(W0 < 0.01) <= 10
    # the printed table's digits are the same on every machine
    row = f"{h0.epoch_loss[-1]:.3f} {h0.val_loss[-1]:.3f} {W0.max():.2f}"
    assert row == "0.094 0.318 3.82"


@machines
def test_05_early_stopping(machine):
    """"It would stop before epoch 800 and keep those weights" — the validation loss is lowest
    well before the end, and higher again at epoch 2000."""
    with last_bit_noise(machine):
        history, _, _ = _overfit()
    best = int(np.argmin(history.val_loss))
    assert 300 < best + 1 < 800
    assert history.val_loss[-1] > history.val_loss[best] + 0.05


def test_05_momentum_gets_far_closer():
    """"After 20 steps momentum is far closer to the minimum than plain descent with η = 0.4."
    (Polynomial arithmetic only: the same on every machine.)"""
    a, x0 = [0.1, 2.0], [-5.0, -2.0]
    plain = quadratic.descend(a, x0, 0.4, steps=20)[1][-1]
    momentum = quadratic.descend(a, x0, 0.6, steps=20, momentum=0.5)[1][-1]
    assert momentum < plain / 1000


@machines
def test_05_learning_rates_in_order(machine):
    """"Too small (0.001) crawls: after 30 epochs its loss is still 0.595, not far below a coin
    toss; 0.03 is faster but slow; 0.5 is good" — the end losses fall in that order."""
    with last_bit_noise(machine):
        ends = {lr: _moons_run(lr).epoch_loss[-1] for lr in [0.001, 0.03, 0.5]}
    assert np.log(2) - 0.15 < ends[0.001] < np.log(2)
    assert ends[0.001] > ends[0.03] + 0.1 > ends[0.5] + 0.1


def _batch_run(b):
    X, y, Xv, yv = moons_task()
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    history = nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(0.1), epochs=20,
                        batch_size=b, validation=(Xv, yv))
    per_epoch = -(-200 // b)
    last = history.loss[-per_epoch:]
    return history, last


@machines
def test_05_batch_table(machine):
    """"Smaller batches take more steps per epoch, so in 20 epochs they get much further; their
    steps are noisier … For batch 200 the last epoch is a single step, and the spread of one
    number is always 0." The noise is measured over the last epoch's steps only."""
    with last_bit_noise(machine):
        runs = {b: _batch_run(b) for b in [200, 32, 8, 1]}
    for b, (history, last) in runs.items():
        assert len(last) == -(-200 // b) and history.steps == 20 * len(last)
    ends = [runs[b][0].epoch_loss[-1] for b in [200, 32, 8, 1]]
    noise = [runs[b][1].std() / runs[b][1].mean() for b in [200, 32, 8, 1]]
    assert all(e1 > e2 for e1, e2 in zip(ends, ends[1:]))
    assert len(runs[200][1]) == 1
    assert noise[0] == 0 and all(n1 < n2 for n1, n2 in zip(noise, noise[1:]))


def _range_result():
    X, y, _, _ = moons_task()
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    return nnlib.lr_range_test(net, X, y, "binary_cross_entropy", lr_min=1e-4, lr_max=100)


@machines
def test_05_range_test(machine):
    """"The rule this lesson uses: a tenth to a half of the rate at the lowest point … The green
    line, the steepest fall … lies inside that band: the two agree here. … `result.suggested` …
    from where the loss has made a tenth of its fall … up to the lowest point; it is wider, and
    its left end still crawls"; "Training 30 epochs with a rate from the rule (a quarter of the
    lowest point), and with two from outside the falling part" (1e-3 before the fall, 30 past
    the sweep's end) — the rate from the rule learns best."""
    with last_bit_noise(machine):
        r = _range_result()
        lo, hi = r.suggested
        good = r.lr_min_loss / 4
        runs = {lr: _moons_run(lr) for lr in [1e-3, lo, good, 30.0]}
    lowest = r.lr_min_loss
    assert lowest / 10 <= r.lr_steepest <= lowest / 2
    assert lo < lowest / 10 and hi == lowest
    i = int(np.flatnonzero(r.lrs == r.lr_steepest)[0])
    assert r.smoothed[i + 1] < r.smoothed[i - 1]
    assert r.diverged and 1e-3 < lo and 30.0 > r.lrs[-1]
    assert runs[lo].epoch_loss[-1] > runs[good].epoch_loss[-1] + 0.05      # "still crawls"
    assert runs[good].epoch_loss[-1] < runs[1e-3].epoch_loss[-1] - 0.2
    assert runs[30.0].diverged or runs[30.0].epoch_loss[-1] > np.log(2)
    assert repr(r).endswith("suggested range 0.0404 … 2.01, steepest at 0.498)")


@machines
def test_05_exercise2_band(machine):
    """Exercise 2's solution: the range test on X10 has its "lowest point, 0.248. A tenth to a
    half of 0.248 is 0.025 to 0.124 … Its steepest fall, at about 0.07, lies in that band too";
    and the band is a good choice: every rate in it trains 30 epochs without diverging to a loss
    below 0.32, lower than a tenth of the band's bottom and than the lesson's 0.5 reach."""
    X10, y10 = range_task()

    def run(lr):
        net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
        return nnlib.fit(net, X10, y10, "binary_cross_entropy", nnlib.SGD(lr), epochs=30,
                         batch_size=32)

    with last_bit_noise(machine):
        r = nnlib.lr_range_test(nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0), X10, y10,
                                "binary_cross_entropy", lr_min=1e-4, lr_max=100)
        lo, hi = r.lr_min_loss / 10, r.lr_min_loss / 2
        band = [run(float(lr)) for lr in np.geomspace(lo, hi, 4)]
        slow, lesson = run(lo / 10), run(0.5)
    assert f"{r.lr_min_loss:.3g}" == "0.248" and f"{r.lr_steepest:.1g}" == "0.07"
    assert lo <= r.lr_steepest <= hi
    ends = [h.epoch_loss[-1] for h in band]
    assert not any(h.diverged for h in band) and max(ends) < 0.32
    assert slow.epoch_loss[-1] > max(ends) + 0.02
    assert lesson.diverged or lesson.epoch_loss[-1] > max(ends)


@machines
def test_05_one_cycle(machine):
    """"The cycle reaches a clearly lower training loss in the same number of epochs, and a
    slightly lower validation loss; validation accuracy is about the same." """
    X, y, Xv, yv = moons_task()
    with last_bit_noise(machine):
        top = _range_result().lr_min_loss
        out = {}
        for name in ["constant", "one-cycle"]:
            net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
            opt = nnlib.SGD(top / 4 if name == "constant" else top / 100)

            def schedule(epoch, history, opt=opt):
                t = (epoch + 1) / 30
                ramp = t / 0.3 if t < 0.3 else (1 - t) / 0.7
                opt.lr = max(top * ramp, top / 100)

            out[name] = nnlib.fit(net, X, y, "binary_cross_entropy", opt, epochs=30,
                                  batch_size=32, validation=(Xv, yv),
                                  callback=schedule if name == "one-cycle" else None)
    c, o = out["constant"], out["one-cycle"]
    assert o.epoch_loss[-1] < c.epoch_loss[-1] - 0.03
    assert c.val_loss[-1] - 0.03 < o.val_loss[-1] < c.val_loss[-1]
    assert abs(o.val_accuracy[-1] - c.val_accuracy[-1]) <= 0.02


@machines
def test_05_l2_boundary_is_gentler(machine):
    """"L2 draws much the same shape with a gentler slope, a wider pale band between the classes:
    smaller weights make a less steep function." The steepest slope of the output over the
    plotted plane, with L2 = 0.003, is well below that without decay."""
    g1, g2 = np.meshgrid(np.linspace(-1.6, 2.6, 120), np.linspace(-1.3, 2.0, 100))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    steepest = {}
    with last_bit_noise(machine):
        for name, decay in [("none", {}), ("l2", dict(weight_decay=0.003))]:
            Xs, ys, Xv, yv = overfit_task()
            net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
            nnlib.fit(net, Xs, ys, "binary_cross_entropy", nnlib.SGD(0.2, **decay), epochs=2000)
            out = net(grid).reshape(g1.shape)
            dy, dx = np.gradient(out, g2[:, 0], g1[0])
            steepest[name] = np.hypot(dx, dy).max()
    assert steepest["l2"] < 0.6 * steepest["none"]


def test_05_decay_plot_shows_every_training_point():
    """The boundary plots' plane holds every training point (none sits on the frame)."""
    Xs, _, _, _ = overfit_task()
    assert Xs[:, 0].min() > -1.6 + 0.2 and Xs[:, 0].max() < 2.6 - 0.2
    assert Xs[:, 1].min() > -1.3 + 0.2 and Xs[:, 1].max() < 2.0 - 0.2


@machines
def test_05_explorer_prompt(machine):
    """The explorer's prompt: "With 200 training points this network hardly overfits: the
    validation curve runs just above the training curve", and at L2 = 0.05 both losses end
    higher than without decay, with smaller weights (the explorer's 100 epochs, η = 0.5, 32)."""
    X, y, Xv, yv = moons_task()
    out = {}
    with last_bit_noise(machine):
        for l2 in [0.0, 0.05]:
            net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
            h = nnlib.fit(net, X, y, "binary_cross_entropy", nnlib.SGD(0.5, weight_decay=l2),
                          epochs=100, batch_size=32, validation=(Xv, yv))
            W = np.concatenate([layer.W.ravel() for layer in net.layers])
            out[l2] = h, np.abs(W).max()
    (h0, w0), (h5, w5) = out[0.0], out[0.05]
    assert 0 < h0.val_loss[-1] - h0.epoch_loss[-1] < 0.05
    assert h5.epoch_loss[-1] > h0.epoch_loss[-1] and h5.val_loss[-1] > h0.val_loss[-1]
    assert w5 < w0 / 2


# -- the condition number (issue 24) -----------------------------------------------------------

@machines
def test_05_best_rates_measured_on_the_valley(machine):
    """"Plain descent's factor is exactly the formula. Momentum's measured factor sits a hair
    above its formula … Per step, 0.63 against 0.90: momentum shrinks the distance to the
    minimum far faster." (D2L's valley 0.1·x1² + 2·x2², κ = 20.)"""
    from nnlib import conditioning
    a = [0.1, 2.0]
    with last_bit_noise(machine):
        lr, rho = conditioning.best_plain(a)
        plain = conditioning.measured_rate(a, lr)
        lr_m, mu, rho_m = conditioning.best_momentum(a)
        heavy = conditioning.measured_rate(a, lr_m, mu, steps=1000)
    assert f"{plain:.4f}" == f"{rho:.4f}" == "0.9048"
    assert rho_m < heavy < rho_m * 1.005 and f"{rho_m:.4f}" == "0.6345"
    assert f"{rho_m:.2f} {rho:.2f}" == "0.63 0.90"


@machines
def test_05_bisection_finds_the_limit(machine):
    """"bisection on runs …": the largest η whose run still shrinks is (1 + μ)/max a, to the 4
    printed digits, for μ = 0, 0.5 and 0.9."""
    from nnlib import conditioning
    a = [0.1, 2.0]
    with last_bit_noise(machine):
        for mu in (0.0, 0.5, 0.9):
            found = conditioning.stable_lr_by_bisection(a, mu)
            assert f"{found:.4f}" == f"{quadratic.largest_stable_lr(a, mu):.4f}", mu


def test_05_steps_against_kappa():
    """"A hundred times the κ: a hundred times the steps for plain descent, about ten (√100) for
    momentum. Momentum's dots lie a little above its line (the double root's factor t), but
    follow its slope. Twice the digits of tolerance cost twice the steps for plain descent, a
    little less for momentum (its factor t weighs less the longer it runs)." And the
    summary: "from κ = 100 to 10⁴ plain descent needs 100 times the steps, momentum about 11
    times". Exact arithmetic (products and sums, no exp or log): the same on every machine."""
    from nnlib import conditioning
    from nnlib.widgets.conditioning import KAPPAS
    plain = conditioning.iteration_counts([100, 1e4], [1e-6])[:, 0]
    heavy = conditioning.iteration_counts([100, 1e4], [1e-6], momentum=True)[:, 0]
    assert f"{plain[1] / plain[0]:.1f}" == "100.0"
    assert f"{heavy[1] / heavy[0]:.1f}" == "11.4"
    counts = conditioning.iteration_counts(KAPPAS, [1e-6, 1e-12], momentum=True)
    lines = np.array([conditioning.theory_iterations(k, 1e-6, True) for k in KAPPAS])
    assert np.all(counts[:, 0] >= lines) and np.all(counts[1:, 0] <= 1.6 * lines[1:])
    slope = np.polyfit(np.log(KAPPAS[8:]), np.log(counts[8:, 0]), 1)[0]     # κ from 10 on
    assert 0.45 < slope < 0.6                                                  # like √κ
    c = conditioning.iteration_counts(KAPPAS[8:], [1e-6, 1e-12])
    assert np.all(np.abs(c[:, 1] / c[:, 0] - 2) < 0.01)
    c = conditioning.iteration_counts(KAPPAS[8:], [1e-6, 1e-12], momentum=True)
    assert np.all((c[:, 1] / c[:, 0] > 1.6) & (c[:, 1] / c[:, 0] < 2))


@machines
def test_05_best_lr_grows_with_the_batch_size(machine):
    """"The best η grows with the batch size: from 0.1 for batch 1 to 3 for the full batch of
    200. Right of its star every curve turns up steeply, and at η = 10 every batch size ends
    above ln 2 (or diverges)." And the printed table (best η and its loss, 3 digits)."""
    from nnlib.runs import batch_lr
    with last_bit_noise(machine):
        grid = batch_lr.lr_grid()
    best = batch_lr.best_lrs(grid)
    assert np.all(np.diff(best) >= 0) and best[0] == 0.1 and best[-1] == 3.0
    assert np.all(grid[:, -1] > np.log(2))
    printed = [f"{lr:g} {row.min():.3f}" for lr, row in zip(best, grid)]
    assert printed == ["0.1 0.146", "0.3 0.144", "1 0.166", "1 0.295", "3 0.311"]


@machines
def test_05_gradient_noise_shrinks_with_the_batch(machine):
    """"A single sample's gradient is off by more than three times the length of the true
    gradient; each fourfold larger batch roughly halves the error … the full batch *is* the true
    gradient." (the printed figures, 2 digits)"""
    from nnlib.runs import batch_lr
    with last_bit_noise(machine):
        noise = [batch_lr.gradient_noise(b) for b in batch_lr.BATCH_SIZES]
    assert [f"{n:.2f}" for n in noise] == ["3.24", "1.68", "0.81", "0.32", "0.00"]
    assert noise[0] > 3
    for small, large in zip(noise[:3], noise[1:4]):
        assert 0.35 < large / small < 0.6
