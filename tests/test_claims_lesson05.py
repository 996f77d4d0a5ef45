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
    final = nnlib.losses.get("binary_cross_entropy").value(net(X), y)
    return history, last, final


@machines
def test_05_batch_table(machine):
    """"Smaller batches take more steps per epoch, so in 20 epochs they get much further; their
    steps are noisier … For batch 200 the last epoch is a single step, and the spread of one
    number is always 0." The loss is measured after training on all 200 points ("the measure
    the grid below uses too": batch 1 here is the grid's seed-0 run at η = 0.1), the noise over
    the last epoch's steps only."""
    from nnlib.runs import batch_lr
    with last_bit_noise(machine):
        runs = {b: _batch_run(b) for b in [200, 32, 8, 1]}
        grid_run = batch_lr.final_loss(1, 0.1)
    for b, (history, last, _) in runs.items():
        assert len(last) == -(-200 // b) and history.steps == 20 * len(last)
    ends = [runs[b][2] for b in [200, 32, 8, 1]]
    noise = [runs[b][1].std() / runs[b][1].mean() for b in [200, 32, 8, 1]]
    assert all(e1 > e2 + 0.02 for e1, e2 in zip(ends, ends[1:]))
    assert len(runs[200][1]) == 1
    assert noise[0] == 0 and all(n1 < n2 for n1, n2 in zip(noise, noise[1:]))
    assert f"{grid_run:.3f}" == f"{runs[1][2]:.3f}"        # the same run (to its last bits)


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
    above its formula … (which is why both are measured over 1000 steps; plain descent's reading
    is exact at any length). Per step, 0.63 against 0.90: momentum shrinks the distance to the
    minimum far faster." (D2L's valley 0.1·x1² + 2·x2², κ = 20.)"""
    from nnlib import conditioning
    a = [0.1, 2.0]
    with last_bit_noise(machine):
        lr, rho = conditioning.best_plain(a)
        plain = conditioning.measured_rate(a, lr, steps=1000)
        lr_m, mu, rho_m = conditioning.best_momentum(a)
        heavy = conditioning.measured_rate(a, lr_m, mu, steps=1000)
    assert f"{plain:.4f}" == f"{rho:.4f}" == "0.9048"
    assert rho_m < heavy < rho_m * 1.005 and f"{rho_m:.4f}" == "0.6345"
    assert f"{rho_m:.2f} {rho:.2f}" == "0.63 0.90"
    for steps in (100, 400):                                  # "exact at any length"
        assert f"{conditioning.measured_rate(a, lr, steps=steps):.4f}" == "0.9048"
    # a shorter run reads momentum's factor further above its formula ("fades only slowly")
    assert conditioning.measured_rate(a, lr_m, mu, steps=100) > heavy


def test_05_recurrence_and_its_roots():
    """"the two updates … combine into one recurrence on x alone" (the run and the recurrence
    agree to the printed 6 decimals), and "On the valley with η = 0.6, μ = 0.5 both directions
    are inside that band, and both factors are √0.5"; the roots' product is μ. Products and
    sums only: the same on every machine."""
    path, _, _ = quadratic.descend([0.1], [-5.0], 0.6, steps=5, momentum=0.5)
    x = path[:, 0]
    recurrence = (1 + 0.5 - 2 * 0.6 * 0.1) * x[1:-1] - 0.5 * x[:-2]
    assert np.allclose(recurrence, x[2:], rtol=1e-12, atol=0)
    a = np.array([0.1, 2.0])
    assert np.all(np.abs(1 + 0.5 - 2 * 0.6 * a) < 2 * np.sqrt(0.5))          # inside the band
    assert np.allclose(quadratic.step_factor(a, 0.6, 0.5), np.sqrt(0.5))
    roots = np.roots([1, -(1 + 0.5 - 2 * 0.6 * 0.1), 0.5])
    assert np.iscomplexobj(roots) and np.isclose(np.prod(roots).real, 0.5)
    # and a μ below the best leaves an end outside the band, with a larger root above √μ
    lr_best = 2 / (np.sqrt(0.1) + np.sqrt(2.0)) ** 2
    mu = 0.3
    assert np.abs(1 + mu - 2 * lr_best * 0.1) > 2 * np.sqrt(mu)
    assert quadratic.step_factor(a, lr_best, mu).max() > np.sqrt(mu)


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
    """"A hundred times the κ: a hundred times the steps for plain descent; for momentum 11.4
    times, near √100 = 10. Momentum's dots lie above its line, 93 against 69 and 1056 against 691
    (a third to a half more: the double root's factor k), but follow its slope." "Twice the
    digits cost twice the steps for plain descent, a little less for momentum (its factor k
    weighs less the longer it runs)." And the summary: "from κ = 100 to 10⁴ plain descent needs
    100 times the steps, momentum 11.4 times". Exact arithmetic (products and sums, no exp or
    log) for the runs: the same on every machine."""
    from nnlib import conditioning
    from nnlib.widgets.conditioning import KAPPAS
    plain = conditioning.iteration_counts([100, 1e4], [1e-6])[:, 0]
    heavy = conditioning.iteration_counts([100, 1e4], [1e-6], momentum=True)[:, 0]
    line = np.array([conditioning.theory_iterations(k, 1e-6, True) for k in (100, 1e4)])
    assert f"{plain[1] / plain[0]:.1f}" == "100.0"
    assert f"{heavy[1] / heavy[0]:.1f}" == "11.4"
    assert [f"{n:.0f}" for n in (*heavy, *line)] == ["93", "1056", "69", "691"]
    assert np.all((heavy / line > 4 / 3 - 0.01) & (heavy / line < 1.55))   # a third to a half
    counts = conditioning.iteration_counts(KAPPAS, [1e-6, 1e-12], momentum=True)
    lines = np.array([conditioning.theory_iterations(k, 1e-6, True) for k in KAPPAS])
    assert np.all(counts[:, 0] >= lines) and np.all(counts[1:, 0] <= 1.6 * lines[1:])
    slope = np.polyfit(np.log(KAPPAS[8:]), np.log(counts[8:, 0]), 1)[0]     # κ from 10 on
    assert 0.45 < slope < 0.6                                                  # like √κ
    c = conditioning.iteration_counts(KAPPAS[8:], [1e-6, 1e-12])
    assert np.all(np.abs(c[:, 1] / c[:, 0] - 2) < 0.01)
    c = conditioning.iteration_counts(KAPPAS[8:], [1e-6, 1e-12], momentum=True)
    assert np.all((c[:, 1] / c[:, 0] > 1.6) & (c[:, 1] / c[:, 0] < 2))
    c = conditioning.iteration_counts([100, 1e4], [1e-6, 1e-12], momentum=True)
    assert [f"{r:.2f}" for r in c[:, 1] / c[:, 0]] == ["1.77", "1.68"]       # the printed ratios


@machines
def test_05_best_lr_grows_with_the_batch_size(machine):
    """The grid over seeds 0–3, 20 epochs each: the printed ranges of the best η ("batch 1: best
    η from 0.03 to 0.1 … batch 200: from 1 to 3"), so "The best η grows with the batch size,
    though not smoothly … from 0.03–0.1 at batch 1 to 1–3 at the full batch of 200"; "η = 10:
    every batch size ends above ln 2 on every seed (or diverges)"; under the figure, "losses
    above 1 are drawn on the top edge, where the whole η = 10 column sits" (seed medians)."""
    from nnlib.runs import batch_lr
    with last_bit_noise(machine):
        grids = batch_lr.seed_grids()
    ranges = batch_lr.best_lr_range(grids)
    assert [f"{lo:g}–{hi:g}" for lo, hi in ranges] == ["0.03–0.1", "0.1–0.3", "0.1–1", "0.1–3",
                                                        "1–3"]
    assert np.all(np.diff(ranges, axis=0) >= 0)                # both ends grow with the batch
    at_10 = grids[:, :, batch_lr.LRS.index(10.0)]
    assert np.all(at_10 > np.log(2))
    assert np.all(np.median(grids, axis=0)[:, -1] > 1)


@machines
def test_05_same_steps_separates_the_noise(machine):
    """"give every batch size the same number of steps instead, 1000 … all at η = 1": "batch 1:
    every seed ends above ln 2", every larger batch "every seed learns, the worst ends at" 0.5,
    0.4, 0.1, 0.1; "it alone makes η = 1 fail at batch 1 on every seed while every larger batch
    learns". And the same η = 1 with the same 20 epochs fails at batch 1 too, so the fewer
    steps are not needed for the failure."""
    from nnlib.runs import batch_lr
    with last_bit_noise(machine):
        same = batch_lr.seed_grids(lrs=(1.0,), steps=batch_lr.STEPS)[:, :, 0]
    assert [batch_lr.epochs_for_steps(b, 1000) for b in (1, 200)] == [5, 1000]
    assert np.all(same[:, 0] > np.log(2))
    assert np.all(same[:, 1:] < np.log(2))
    assert [f"{w:.1f}" for w in same[:, 1:].max(axis=0)] == ["0.5", "0.4", "0.1", "0.1"]


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
