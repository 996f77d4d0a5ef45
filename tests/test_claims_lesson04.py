"""What lesson 04 · Vanishing and exploding gradients says about its computed results.

Each test quotes the sentence it guards. Every claim is checked on this machine and on two
simulated others (last-bit noise in exp, tanh, log, sin, …: tests/noise.py), so a sentence that
would be false on a learner's computer with other CPU kernels or another numpy turns the build
red here. The experiments are the notebooks' own, with the same settings.
"""

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib
from nnlib.diagnostics import dead_fraction, layer_norms, negative_fraction
from nnlib.tasks import deep_net, fixed_batch

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")
X, T = fixed_batch()
LN2 = np.log(2)


@machines
def test_04_sigmoid_derivative_at_most_a_quarter(machine):
    """"The largest value is exactly 0.25; at z = 6 it is already below 0.0025." """
    sigmoid = nnlib.activations.get("sigmoid")
    with last_bit_noise(machine):
        df = sigmoid.df(np.linspace(-6, 6, 1201))
        at6 = float(sigmoid.df(6.0))
    assert df.max() == 0.25 and at6 < 0.0025


@machines
def test_04_nielsen_ordering(machine):
    """"The same ordering: about 0.003 → 0.016 → 0.073, each layer about five times the one below
    it." """
    with last_bit_noise(machine):
        net = deep_net(3, 30, "sigmoid", "xavier", seed=0)
        layer_norms(net, X, T)
        hidden = net.gradient_norms("b")[:3]
    assert [f"{h:.2g}" for h in hidden] == ["0.0032", "0.016", "0.073"]
    assert np.all((4 < hidden[1:] / hidden[:-1]) & (hidden[1:] / hidden[:-1] < 6))


@machines
def test_04_ten_sigmoid_layers_a_staircase_of_3_to_5(machine):
    """"With the sigmoid, adding layers in the explorer lowers the left-most bar: the bars form a
    staircase down to the left, as in the ten-layer sigmoid network measured before, where each
    layer's error is 3 to 5 times smaller than the one above it." (the explorer starts on five
    sigmoid layers of 32 with Xavier's weights, seed 0; its depth slider runs from 1 to 30)"""
    with last_bit_noise(machine):
        norms = layer_norms(deep_net(10, 30, "sigmoid"), X, T)
        first = [layer_norms(deep_net(d, 32, "sigmoid", "xavier", seed=0), X, T)[0]
                 for d in range(1, 31)]
    steps = norms[1:] / norms[:-1]
    assert np.all((3 <= steps) & (steps <= 5)), steps
    assert np.all(np.diff(first) < 0), first


@machines
def test_04_tanh_turns_around_relu_he_level(machine):
    """"With tanh and weights of standard deviation 1 the staircase turns around: the error *grows*
    toward the input. With ReLU and He initialisation the bars stay level." (the explorer's five
    hidden layers of 32, and the presets' ten)"""
    with last_bit_noise(machine):
        runs = {(a, i, d): layer_norms(deep_net(d, 32, a, i), X, T)
                for a, i in [("tanh", "normal"), ("relu", "he")] for d in (5, 10)}
    for d in (5, 10):
        assert np.all(np.diff(runs["tanh", "normal", d]) < 0)
        level = runs["relu", "he", d]
        assert level.max() / level.min() < 1.5


def _slow():
    net = deep_net(6, 16, "sigmoid", "xavier")
    W0 = [layer.W.copy() for layer in net.layers]
    errors, moved = [], []

    def record(epoch, history):     # what the training explorer records after each step
        errors.append([np.linalg.norm(layer.delta) for layer in net.layers])
        moved.append([np.linalg.norm(layer.W - w) for layer, w in zip(net.layers, W0)])

    history = nnlib.fit(net, X, T, "binary_cross_entropy", nnlib.SGD(1.0), epochs=300,
                        callback=record)
    return net, history, np.array(errors), np.array(moved)


@machines
def test_04_the_staircase_survives_training(machine):
    """"the thick vermillion curve (layer 1) stays at the bottom for the whole run, the blue one
    (the output layer) at the top, and the grey ones keep their order in between." — "a staircase
    at 300 of 300 steps" — "Layer 1 gets about 2·10⁻⁴ of the output layer's error, at the first step
    and still at the 300th." """
    with last_bit_noise(machine):
        _, _, errors, _ = _slow()
    assert np.all(np.diff(errors, axis=1) > 0)
    for step in (0, 299):
        assert 1.5e-4 < errors[step, 0] / errors[step, -1] < 2.5e-4


@machines
def test_04_the_weights_in_the_first_ten_steps_and_the_plateau(machine):
    """"In the first ten steps each layer moved less than the one above it, layer 1 least of all.
    In those steps the output layer learned … the average answer, a probability of 1/2 for every
    point. The loss then stays at ln 2, a coin toss, for the rest of the run" """
    with last_bit_noise(machine):
        net, history, _, moved = _slow()
        Y = net.forward(X)
    assert np.all(np.diff(moved[9]) > 0)
    assert np.all(np.abs(history.loss[10:] - LN2) < 1e-4)
    assert np.all(np.abs(Y - 0.5) < 1e-3)


def _remedy(depth=6, init="normal", clip_norm=None):
    net = deep_net(depth, 16, "relu", init, 1.0)
    return nnlib.fit(net, X, T, "binary_cross_entropy", nnlib.SGD(0.1, clip_norm=clip_norm),
                     epochs=300)


@machines
def test_04_three_remedies_train_where_the_plain_network_blew_up(machine):
    """"All three train to 99–100 % accuracy where the plain version blew up at step 5." """
    with last_bit_noise(machine):
        plain = _remedy()
        remedies = [_remedy(clip_norm=1.0), _remedy(init="he"), _remedy(depth=2)]
    assert plain.diverged and plain.steps == 5, "the plain network blows up at step 5"
    for history in remedies:
        assert not history.diverged and history.epochs == 300
        assert history.accuracy[-1] >= 0.99


@machines
def test_04_only_the_matched_pairs_stay_close_to_1(machine):
    """"Only the matched pairs, tanh with Xavier and ReLU or leaky ReLU with He, stay close to 1.
    The sigmoid stays far below …; tanh with N(0, 1) explodes; ReLU with Xavier's smaller weights
    slowly vanishes." """
    with last_bit_noise(machine):
        ratio = {}
        for a, i in [("sigmoid", "xavier"), ("tanh", "normal"), ("tanh", "xavier"),
                     ("relu", "xavier"), ("relu", "he"), ("leaky_relu", "he")]:
            n = layer_norms(deep_net(10, 32, a, i), X, T)
            ratio[a, i] = n[0] / n[-1]
    for pair in [("tanh", "xavier"), ("relu", "he"), ("leaky_relu", "he")]:
        assert 0.9 < ratio[pair] < 1.1
    assert ratio["sigmoid", "xavier"] < 1e-5
    assert ratio["tanh", "normal"] > 100
    assert 0.01 < ratio["relu", "xavier"] < 0.1


def _dying(activation, epochs):
    net = deep_net(3, 16, activation, "he")
    before = negative_fraction(net, X)
    history = nnlib.fit(net, X, T, "binary_cross_entropy", nnlib.SGD(3.0), epochs=epochs)
    return net, before, history


@machines
def test_04_relu_dies_at_learning_rate_3(machine):
    """"(a few units are dead from the start)" — "The whole last hidden layer is dead, so the
    output no longer depends on the input: the loss is stuck at ln 2 and the accuracy at 50 %." —
    "With ReLU at learning rate 3, after 100 steps three quarters of the second layer's units and
    all of the third's are dead, and the loss sits at ln 2." """
    with last_bit_noise(machine):
        net, before, history = _dying("relu", 100)
        dead = dead_fraction(net, X)
    assert list(before * 16) == [0, 2, 1]
    assert list(dead * 16) == [3, 12, 16]
    assert np.array_equal(dead, negative_fraction(net, X))     # for ReLU: the same count
    assert abs(history.loss[-1] - LN2) < 1e-6 and history.accuracy[-1] == 0.5


@machines
def test_04_leaky_units_at_z_le_0_are_not_dead(machine):
    """"a quarter of the first layer, 15 of the 16 units of the second, 7 of 16 in the third. …
    As leaky units they are not [dead]: each still outputs 0.01 z, which changes with the input,
    and passes 0.01 times the gradient back to its weights … And the network keeps learning:
    84 % right after 100 steps, and a loss well below ln 2." — "With leaky ReLU many units end
    with z ≤ 0 on every input as well, but none is dead, and the loss falls below ln 2." """
    with last_bit_noise(machine):
        net, _, history = _dying("leaky_relu", 100)
        negative = negative_fraction(net, X)
        nnlib.forward_backward(net, "binary_cross_entropy", X, T)
    assert list(negative * 16) == [4, 15, 7]
    assert f"{history.accuracy[-1]:.0%}" == "84%" and history.loss[-1] < 0.6
    for layer in net.layers[:-1]:
        off = np.all(layer.Z <= 0, axis=0)
        assert np.all(np.ptp(layer.A[:, off], axis=0) > 0)         # the output still varies
        assert np.all(np.abs(layer.dW[off]).sum(axis=1) > 0)       # and a gradient gets in


@machines
def test_04_one_step_at_learning_rate_3_relu_against_prelu(machine):
    """"Before the step, 2 of the 16 ReLU units of the second layer and 1 of the third were dead
    …; the single step killed one more in the second layer and three more in the third. In the
    PReLU network 1, 2 and 2 units now have z ≤ 0 on every input, but none of them is dead: each
    passes its slope α times the gradient." """
    with last_bit_noise(machine):
        relu, relu_before, _ = _dying("relu", 1)
        prelu, _, _ = _dying("prelu", 1)
        relu_after, prelu_after = negative_fraction(relu, X), negative_fraction(prelu, X)
        nnlib.forward_backward(prelu, "binary_cross_entropy", X, T)
    assert list(relu_before * 16) == [0, 2, 1] and list(relu_after * 16) == [0, 3, 4]
    assert list(prelu_after * 16) == [1, 2, 2]
    for layer in prelu.layers[:-1]:
        off = np.all(layer.Z <= 0, axis=0)
        assert np.all(layer.a[off] > 0) and np.all(np.abs(layer.dW[off]).sum(axis=1) > 0)


@machines
def test_04_prelu_slopes_after_one_step(machine):
    """"most units moved their own slope, one down to 0.077, one up to 0.397. Only two kept
    exactly 0.25, printed as `0.25` (the count is the second number; 0.249 is a slope that moved a
    little): their units' z was positive for every point, so their slopes got no gradient. …
    keep training at this far too large learning rate and … training diverges within a few
    steps" """
    with last_bit_noise(machine):
        start = deep_net(3, 16, "prelu", "he")
        start.forward(X)
        positive = np.all(start.layers[2].Z > 0, axis=0)
        net, _, _ = _dying("prelu", 1)
        _, _, long_run = _dying("prelu", 100)
    a = net.layers[2].a
    assert np.sum(a != 0.25) > len(a) / 2
    assert f"{a.min():.3f}" == "0.077" and f"{a.max():.3f}" == "0.397"
    near = (np.round(a, 3) == 0.25) | (np.round(a, 3) == 0.249)
    assert near.sum() == 3 and np.sum(np.round(a, 3) == 0.249) == 1
    assert np.array_equal(a == 0.25, positive) and positive.sum() == 2
    assert long_run.diverged and long_run.steps <= 10


@machines
def test_04_the_plain_run_stops_before_step_5(machine):
    """"Four steps were taken. At step 5 `nnlib.fit` computed the gradient, saw that the update
    would throw the weights thousands of times their own size …, and stopped before applying it.
    (Each step here uses the whole batch, so one step is one epoch: "step 5 (epoch 5)" names the
    same step twice.)" """
    with last_bit_noise(machine):
        net = deep_net(6, 16, "relu", "normal", 1.0)
        W0 = [layer.W.copy() for layer in net.layers]
        plain = nnlib.fit(net, X, T, "binary_cross_entropy", nnlib.SGD(0.1), epochs=300)
    assert plain.diverged and len(plain.loss) - 1 == 4 == plain.epochs and plain.steps == 5
    assert "step 5 (epoch 5)" in plain.message and "e+03× their size" in plain.message
    assert all(np.all(np.isfinite(layer.W)) for layer in net.layers)     # step 5 not applied
    assert any(not np.array_equal(layer.W, w) for layer, w in zip(net.layers, W0))


@machines
def test_04_the_clipped_run_in_the_training_view(machine):
    """"Clipped, the same network trains: the loss falls, in jolts, from about 5 to below 0.001
    in 300 steps, although the error still grows toward the input (the vermillion curve stays on
    top)." """
    with last_bit_noise(machine):
        net = deep_net(6, 16, "relu", "normal", 1.0)
        errors = []
        history = nnlib.fit(net, X, T, "binary_cross_entropy", nnlib.SGD(0.1, clip_norm=1.0),
                            epochs=300, callback=lambda epoch, h: errors.append(
                                [np.linalg.norm(layer.delta) for layer in net.layers]))
    errors = np.array(errors)
    assert 4 < history.loss[0] < 6 and history.loss[-1] < 1e-3 and not history.diverged
    assert np.any(np.diff(history.loss) > 0)                      # in jolts, not smoothly
    assert np.all(np.argmax(errors, axis=1) == 0)                 # layer 1 on top, every step


@machines
def test_04_exercise_2_solution(machine):
    """"the typical σ′ (its root mean square over the batch) is only 0.08 to 0.16. So each layer
    multiplies the error by about 17 × 0.08 … 0.16 ≈ 1.3 … 2.7: more than 1, and the error grows
    toward the input. Measured, ‖δ_l‖ for layers 1 to 6 is 0.45, 0.19, 0.098, 0.083, 0.054,
    0.043: a factor 1.2 to 2.4 per layer." """
    sigmoid = nnlib.activations.get("sigmoid")
    with last_bit_noise(machine):
        net = deep_net(5, 32, "sigmoid", "normal", 3.0)
        norms = layer_norms(net, X, T)
        rms = np.array([np.sqrt(np.mean(sigmoid.df(layer.Z) ** 2)) for layer in net.layers[:-1]])
    assert 0.075 <= rms.min() and rms.max() < 0.165
    assert 1.25 < 3 * np.sqrt(32) * rms.min() and 3 * np.sqrt(32) * rms.max() < 2.75
    assert [f"{n:.2g}" for n in norms] == ["0.45", "0.19", "0.098", "0.083", "0.054", "0.043"]
    growth = norms[:-1] / norms[1:]
    assert 1.15 < growth.min() and growth.max() < 2.45


@machines
def test_04_exercise_networks(machine):
    """The exercises' answers: exercise 2's network (sigmoid, N(0, 3²)) has its smallest error at
    the output layer; exercise 3's "Scales near it pass too (try 0.2), but not far: 0.15 is
    already too small, and He's √(2/32) = 0.25 too large", and exercise 4's "check_clip_norm(0.3)
    (0.1 and 0.5 pass too). The lesson's clip norm 1.0 allows steps ten times as long: they kill
    the ReLU units and the accuracy stays at 50 %. A much smaller clip norm (0.01) makes the steps
    too short to reach 99 % in 200 steps" on every machine."""
    from nnlib.exercises import check_clip_norm, check_smallest_gradient, check_tanh_scale
    from nnlib.exercises.lesson04 import CLIP_LR, CLIP_SETUP, CLIP_STEPS
    with last_bit_noise(machine):
        assert check_smallest_gradient(6)
        assert all(check_tanh_scale(s) for s in (0.18, 0.2))
        assert not any(check_tanh_scale(s) for s in (0.15, np.sqrt(2 / 32)))
        assert all(check_clip_norm(c) for c in (0.1, 0.3, 0.5))
        assert not check_clip_norm(None) and not check_clip_norm(0.01)
        net = deep_net(**CLIP_SETUP)
        lesson_clip = nnlib.fit(net, X, T, "binary_cross_entropy",
                                nnlib.SGD(CLIP_LR, clip_norm=1.0), epochs=CLIP_STEPS)
    assert not lesson_clip.diverged and lesson_clip.accuracy[-1] == 0.5
    assert dead_fraction(net, X)[-1] == 1.0       # a whole layer dead: the output is constant


# -- The forward picture, the variance argument, today's cures (issue 24) ----------------------

def _forward_stds(machine):
    from nnlib.diagnostics import hidden_activations
    from nnlib.tasks import SCALES, wide_batch, wide_net
    X64 = wide_batch()
    with last_bit_noise(machine):
        return {(act, scale): np.array([a.std() for a in hidden_activations(wide_net(act, scale),
                                                                             X64)])
                for act in ["sigmoid", "tanh", "relu"] for scale in SCALES}


@machines
def test_04_the_forward_picture(machine):
    """"With small weights the signal dies on the way up: tanh's and ReLU's activations shrink
    more than tenfold per layer (below 10^-5 by layer 5), and every sigmoid unit outputs about
    0.5 ... With large weights tanh and the sigmoid saturate ... and ReLU's grow about sixfold
    per layer, to thousands by layer 5 ... He's weights keep ReLU's about the same from layer to
    layer. Xavier's weights do not quite do that for tanh: its histograms stay spread out, but
    narrow layer by layer (the standard deviation falls from 0.6 to 0.3 in five layers), while
    with He's larger weights tanh's stays at about 0.6." """
    std = _forward_stds(machine)
    for act in ("tanh", "relu"):
        shrink = std[act, "small"][:-1] / std[act, "small"][1:]
        assert np.all((10 < shrink) & (shrink < 20)) and std[act, "small"][-1] < 1e-5, act
    assert std["sigmoid", "small"].max() < 0.03          # all units at about σ(0) = 0.5
    grow = std["relu", "large"][1:] / std["relu", "large"][:-1]
    assert np.all((4 < grow) & (grow < 8)) and 1e3 <= std["relu", "large"][-1] < 1e4
    assert std["tanh", "large"].min() > 0.85             # |a| near 1: saturated
    assert std["sigmoid", "large"].min() > 0.35          # a near 0 or 1
    xavier, he_tanh = std["tanh", "Xavier"], std["tanh", "He"]
    assert xavier.min() > 0.25 and np.all(np.diff(xavier) < 0)          # spread, narrowing
    assert f"{xavier[0]:.0e}" == "6e-01" and f"{xavier[-1]:.0e}" == "3e-01"
    assert np.all((0.55 <= he_tanh[1:]) & (he_tanh[1:] < 0.65)) and he_tanh[-1] > 1.5 * xavier[-1]
    he = std["relu", "He"]
    assert np.all((0.85 < he) & (he < 1.25))          # about the same: 0.9 ... 1.2


@machines
def test_04_the_variance_argument_measured(machine):
    """"The formula gets every layer to within about 15 % ... The ReLU rows with He's and
    Xavier's weights show the same ratios, measured / formula ... With He's weights ReLU's
    Var(z) stays within a factor 2 of the first layer's, about 2 ...; with Xavier's, half as
    large, it roughly halves at every layer" and "So layer 2 gets Var(z) ≈ 0.4, and it keeps
    falling (0.4, 0.23, 0.16, 0.12), each fall smaller than the one before" """
    from nnlib.diagnostics import variance_check
    from nnlib.tasks import wide_batch, wide_net
    X64 = wide_batch()
    with last_bit_noise(machine):
        runs = {(a, s): variance_check(wide_net(a, s), X64)
                for a, s in [("tanh", "Xavier"), ("relu", "He"), ("relu", "Xavier")]}
    for measured, predicted in runs.values():
        assert np.all(np.abs(measured / predicted - 1) < 0.15)
    he, _ = runs["relu", "He"]
    assert 1.9 < he[0] < 2.2 and he.max() < 2 * he[0]
    xavier, _ = runs["relu", "Xavier"]
    assert np.all((0.45 < xavier[1:] / xavier[:-1]) & (xavier[1:] / xavier[:-1] < 0.7))
    ratio = {k: m / p for k, (m, p) in runs.items()}
    assert np.allclose(ratio["relu", "He"], ratio["relu", "Xavier"], rtol=1e-9, atol=0)
    tanh, _ = runs["tanh", "Xavier"]
    falls = tanh[1:] / tanh[:-1]
    assert 0.95 < tanh[0] < 1.1 and f"{tanh[1]:.1f}" == "0.4" and np.all(falls < 1)
    assert np.all(np.diff(falls) > 0)                   # each fall smaller than the one before
    assert [f"{v:.2g}" for v in tanh[1:]] == ["0.4", "0.23", "0.16", "0.12"]


@machines
def test_04_mean_squares_of_tanh_and_relu(machine):
    """"tanh: E[a²] = 0.39", "ReLU: E[a²] = 0.50, Var(a) = 0.34" (the printout), and the prose:
    "(1/2 − 1/(2π)) Var(z) ≈ 0.34 Var(z)" """
    z = np.random.default_rng(0).standard_normal(1_000_000)
    with last_bit_noise(machine):
        tanh_sq = float(np.mean(np.tanh(z) ** 2))
    relu = np.maximum(z, 0)
    assert f"{tanh_sq:.2f}" == "0.39"
    assert f"{np.mean(relu ** 2):.2f}" == "0.50" and f"{np.var(relu):.2f}" == "0.34"
    assert f"{0.5 - 1 / (2 * np.pi):.2f}" == "0.34"


@machines
def test_04_skips_do_not_cure_exploding(machine):
    """"No: the error grows toward the input just as much with the skips." (tanh, N(0, 1), twenty
    layers of 16: 3.0e+03 without, 3.5e+03 with)"""
    with last_bit_noise(machine):
        n = {skip: layer_norms(deep_net(20, 16, "tanh", "normal", residual=skip), X, T)
             for skip in (False, True)}
    ratio = {k: v[0] / v[-1] for k, v in n.items()}
    assert [f"{ratio[k]:.1e}" for k in (False, True)] == ["3.0e+03", "3.5e+03"]
    assert ratio[True] > ratio[False] > 1e3


@machines
def test_04_exercise_6_deep_cures(machine):
    """Exercise 6's answer, "A and B", with a clear margin around its 3 decades on every machine,
    and the solution's "over 4 decades" for C."""
    from nnlib.exercises import check_deep_cures
    from nnlib.exercises.lesson04_cures import cure_spans
    with last_bit_noise(machine):
        spans = cure_spans()
        assert check_deep_cures("AB") and not check_deep_cures("ABC")
    assert spans["A"] < 2.5 and spans["B"] < 2.5 and spans["C"] > 4 and spans["D"] > 10


@machines
def test_04_spans_at_depth_30(machine):
    """"Plain, the first layer's error is about 6 · 10^-20 times the output layer's: 19 decades.
    With skip connections the thirty layers' errors stay within 2 decades of each other. With
    batch normalisation they stay within 3, but they now grow toward the input (unevenly, not at
    every layer), to about 200 times the output layer's ... (and one that skips and
    normalisation together tame)" and
    "Layer normalisation helps much less in this sigmoid network (more than 12 decades)" """
    from nnlib.diagnostics import span_decades, verdict
    cures = {"plain": {}, "skips": dict(residual=True), "batch": dict(norm="batch"),
             "layer": dict(norm="layer"), "both": dict(residual=True, norm="batch")}
    with last_bit_noise(machine):
        n = {k: layer_norms(deep_net(30, 16, "sigmoid", "xavier", **c), X, T)
             for k, c in cures.items()}
    span = {k: span_decades(v) for k, v in n.items()}
    assert 18.5 < span["plain"] < 20 and 1e-20 < n["plain"][0] / n["plain"][-1] < 1e-19
    assert span["skips"] < 2 and span["batch"] < 3 and 12 < span["layer"] < 13
    assert 150 < n["batch"][0] / n["batch"][-1] < 250
    assert f"{n['plain'][0] / n['plain'][-1]:.0e}" == "6e-20"
    assert np.argmax(n["batch"]) <= 1 and np.any(np.diff(n["batch"]) > 0)   # not monotone
    assert verdict(n["batch"]).startswith("Exploding") and verdict(n["both"]) == ""


@machines
def test_04_thirty_layers_train_only_with_skips(machine):
    """"The plain network ... its loss drops to ln 2, the coin toss, and stays there ... The
    start is rough ... the loss jumps around above ln 2 for about a hundred steps. Then it falls
    well below ln 2 and keeps falling, and more than 80 % of the points end up right." (and the
    printed verdicts), and "In the first steps every other one hits a flat ceiling, at 13.8:
    there the output is 0 or 1 for every point" """
    with last_bit_noise(machine):
        deep = {skip: nnlib.fit(deep_net(30, 16, "sigmoid", "xavier", residual=skip), X, T,
                                "binary_cross_entropy", nnlib.SGD(0.3), epochs=300)
                for skip in (False, True)}
    plain = np.array(deep[False].epoch_loss)
    assert np.all(np.abs(plain[10:] - LN2) < 1e-3) and deep[False].accuracy[-1] <= 0.8
    res = np.array(deep[True].epoch_loss)
    first_below = int(np.argmax(res < LN2))
    assert np.all(res[:80] > LN2) and 80 <= first_below <= 150
    assert np.all(res[first_below + 20:] < 0.45) and res[-1] < 0.3
    assert np.all(np.diff(res[-100:]) <= 0)               # keeps falling
    assert deep[True].accuracy[-1] > 0.8 and not deep[True].diverged
    ceiling = -np.log(1e-12) / 2
    assert f"{ceiling:.1f}" == "13.8" and abs(res.max() - ceiling) < 1e-3
    assert np.all(np.abs(res[1:17:2] - ceiling) < 1e-3) and np.all(res[0:17:2] < 10)


@machines
def test_04_a_small_leaky_slope_brings_vanishing_back(machine):
    """"With slope 0.01 the errors span more than 50 decades; with 0.2 about 16, bad but much
    less. ... Take the slope to 0 ... layer 1's error is exactly 0. Not because layer 1 is dead:
    half of its units and three quarters of layer 2's are alive. But from layer 3 up every unit
    is dead" """
    from nnlib.diagnostics import span_decades

    def pushed_down(slope):
        net = deep_net(30, 16, nnlib.activations.get("leaky_relu", slope=slope), "he")
        for layer in net.layers[:-1]:
            layer.b[:] = -1.0
        return layer_norms(net, X, T)

    with last_bit_noise(machine):
        spans = {s: span_decades(pushed_down(s)) for s in (0.01, 0.2)}
        relu_first = pushed_down(0.0)[0]
        relu0 = deep_net(30, 16, nnlib.activations.get("leaky_relu", slope=0.0), "he")
        for layer in relu0.layers[:-1]:
            layer.b[:] = -1.0
        dead = dead_fraction(relu0, X)
    assert spans[0.01] > 50 and 15 < spans[0.2] < 17 and relu_first == 0.0
    assert list(dead[:2]) == [0.5, 0.75] and np.all(dead[2:] == 1.0)
    assert f"{spans[0.01]:.0f}" == "53" and f"{spans[0.2]:.0f}" == "16"


@machines
def test_04_the_sigmoid_has_only_a_narrow_good_scale(machine):
    """"For the sigmoid no scale is comfortable: small weights leave σ′ at its 1/4 and the error
    shrinks at every layer; large weights make Wᵀ larger but push the units onto the sigmoid's
    flat parts ..., and the factor per layer is close to 1 only in a narrow range of scales"
    (thirty layers of 32: N(0, 2²) spans about a decade, N(0, 1) and N(0, 4²) over 3.5)"""
    from nnlib.diagnostics import span_decades
    with last_bit_noise(machine):
        n = {s: layer_norms(deep_net(30, 32, "sigmoid", "normal", s), X, T)
             for s in (0.5, 1.0, 2.0, 2.5, 4.0)}
    span = {s: span_decades(v) for s, v in n.items()}
    assert span[2.0] < 1.3 and span[2.5] < 1.3
    assert span[1.0] > 3.5 and span[4.0] > 3.5 and span[0.5] > 8
    assert n[0.5][0] < n[0.5][-1] and n[4.0][0] > n[4.0][-1]    # shrinks, then grows
