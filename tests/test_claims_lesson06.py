"""What lesson 06 · The playground says about its computed results.

Each test quotes the sentence it guards. Every claim is checked on this machine and on two
simulated others (last-bit noise in exp, tanh, log, sin, …: tests/noise.py), so a sentence that
would be false on a learner's computer with other CPU kernels or another numpy turns the build
red here. The experiments are the notebooks' own, with the same settings.
"""

import numpy as np
import pytest
from noise import MACHINES, last_bit_noise

import nnlib
from nnlib.widgets import playground

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")


@machines
def test_06_depth_follows_the_spiral(machine):
    """"With x₁ and x₂ only, one layer of a few neurons cannot follow two arms … Three layers
    of 8 can" (the README quotes the 98.8 % of this run)."""
    with last_bit_noise(machine):
        small, deep = (playground(data="spiral", hidden=hidden, lr=0.1, batch_size=20,
                                  epochs=500) for hidden in [(4, 2), (8, 8, 8)])
    assert small.run.accuracy["test"] < 0.6
    assert f"{deep.run.accuracy['test']:.1%}" == "98.8%"


@machines
def test_06_eta_10_stays_above_the_constant_guess(machine):
    """"With η = 10 the steps overshoot: the loss jumps up and stays above what a constant guess
    would score." """
    with last_bit_noise(machine):
        p = playground(lr=10.0, epochs=60)
    assert p.run.train_loss[-1] > p.run.baseline
    assert p.message.get_text().startswith("Not learning")


@machines
def test_06_l1_switches_off_half_the_weights_at_almost_no_cost(machine):
    """"With L1 half of the weights end below 0.01, and their edges in the figure below fade to
    hairlines, at almost no cost in test loss (0.058 against 0.057)"; the printout's "2% of 384"
    and "51% of 384"."""
    settings = dict(noise=20, features=nnlib.features.NAMES, hidden=(8,) * 6, lr=0.01,
                    batch_size=25, epochs=300)
    with last_bit_noise(machine):
        runs = {reg: playground(**settings, regularization=reg, rate=rate)
                for reg, rate in [("none", 0.0), ("L1", 0.01)]}
    small = {reg: np.mean(np.abs(np.concatenate([l.W.ravel() for l in p.run.net.layers]))
                          < 0.01) for reg, p in runs.items()}
    assert small["none"] < 0.05 and 0.45 < small["L1"] < 0.55
    assert f"{small['none']:.0%} {small['L1']:.0%}" == "2% 51%"
    assert abs(runs["L1"].run.test_loss[-1] - runs["none"].run.test_loss[-1]) < 0.005
    assert (f"{runs['L1'].run.test_loss[-1]:.3f} {runs['none'].run.test_loss[-1]:.3f}"
            == "0.058 0.057")


@machines
def test_06_untrained_output_is_nearly_flat(machine):
    """"Untrained, the network outputs close to 0.5 everywhere: its output plane is nearly flat,
    pale over the whole plane, and it is no better than a guess" (the figure at epoch 0), and the
    printout under it, "outputs between 0.41 and 0.59"."""
    with last_bit_noise(machine):
        p = playground()
        plane = p.run.net(p.plane_features)          # the output over the figure's plane
        test = p.run.net(p.run.F_test)
    assert p.run.epoch == 0
    assert 0.35 < plane.min() and plane.max() < 0.65
    assert f"{test.min():.2f} {test.max():.2f}" == "0.41 0.59"
    assert 0.4 < p.run.accuracy["test"] < 0.6


@machines
def test_06_the_circle_is_learned_in_about_50_epochs(machine):
    """"every test point right for the first time in epoch 52; at epoch 200: test accuracy
    100.0 %" and the maps the prose describes at epoch 200: first-layer edges, a closed
    boundary at the output (the inner ring orange, the outer ring blue)."""
    with last_bit_noise(machine):
        p = playground(epochs=200)
        accuracy = p.run.test_accuracy
        out = p.run.net(p.run.F_test)[:, 0]
    assert len(accuracy) == 201 and accuracy.index(1.0) == 52 and accuracy[-1] == 1.0
    assert accuracy[0] < 0.6
    inner = p.run.y_test == 1
    assert out[inner].min() > 0.5 > out[~inner].max()


def test_06_the_trained_run_is_a_second_playground():
    """"So that `pg` stays at epoch 0 for you to train, the cell below builds a second
    playground, `trained`, the same as `pg`, and trains it to epoch 200": `pg` stays at epoch 0,
    and `trained` is the run the claims above read, `playground(epochs=200)`, weight for weight."""
    pg, trained = playground(), playground()
    trained.update(epochs=200)
    assert pg.run.epoch == 0 and trained.run.epoch == 200
    same = playground(epochs=200)
    assert trained.run.test_accuracy == same.run.test_accuracy
    assert all(np.array_equal(a.W, b.W) for a, b in zip(trained.run.net.layers,
                                                        same.run.net.layers))


@machines
def test_06_features_decide_what_one_neuron_draws(machine):
    """"With x₁² and x₂² one neuron classifies every test point; with x₁ and x₂ it can only draw
    a line through two rings and does no better than a coin. … Here the one feature x₁x₂ is
    enough" (the playground's xor, in the cell and with the preset: "test accuracy 100.0%")."""
    with last_bit_noise(machine):
        squares = playground(features=("x1^2", "x2^2"), hidden=(), epochs=100)
        line = playground(features=("x1", "x2"), hidden=(), epochs=100)
        xor = playground()
        xor.apply_preset("xor with x₁x₂: one feature is enough")
        xor.update(epochs=100)
        cell = playground(data="xor", features=("x1*x2",), hidden=(), epochs=100)
    assert f"{cell.run.accuracy['test']:.1%}" == "100.0%"
    assert squares.run.accuracy["test"] == 1.0
    assert line.run.accuracy["test"] <= 0.5
    assert xor.state()["features"] == ("x1*x2",) and xor.state()["hidden"] == ()
    assert xor.run.accuracy["test"] >= 0.99


@machines
def test_06_eta_10_stays_above_the_constant_guess_after_every_epoch(machine):
    """"the loss jumps up and stays above what a constant guess would score" — printed as
    "training loss above the constant guess's 0.693 after every epoch: True"."""
    with last_bit_noise(machine):
        p = playground(lr=10.0, epochs=60)
    assert all(loss > p.run.baseline for loss in p.run.train_loss[1:])
    assert len(p.run.train_loss) == 61


@machines
def test_06_a_dead_relu_network_stays_dead(machine):
    """"One such layer kills the whole network, however alive the layers before it are" (layer 3:
    100 % of its units, layers 1 and 2: 0 %: "`p.run.dead()` printed 0 %, 0 % and 100 %"), and
    "No further training can revive the network.
    Fifty more epochs change no weight at all; only the output's bias … still moves. It moves one
    output, the same y = σ(b) for every point" — printed as "output bias changed: True"."""
    with last_bit_noise(machine):
        p = playground(hidden=(8, 8, 8), activation="relu", lr=3.0, epochs=10)
        dead = list(p.run.dead())
        before = [(layer.W.copy(), layer.b.copy()) for layer in p.run.net.layers]
        p.update(epochs=60)
    assert dead == [0.0, 0.0, 1.0]
    assert [f"{d:.0%}" for d in dead] == ["0%", "0%", "100%"]
    assert list(p.run.dead()) == dead
    for (W, b), layer in zip(before[:-1], p.run.net.layers[:-1]):
        assert np.array_equal(W, layer.W) and np.array_equal(b, layer.b)
    assert np.array_equal(before[-1][0], p.run.net.layers[-1].W)
    assert not np.array_equal(before[-1][1], p.run.net.layers[-1].b)
    assert p.run.train_loss[-1] > p.run.baseline and p.message.get_text().startswith("Dead")
    with last_bit_noise(machine):
        y = p.run.net(p.run.F_train)[:, 0]
    b = p.run.net.layers[-1].b[0]
    # One output, σ(b), for every point (to the last bits, which the simulated machines' exp
    # perturbs point by point).
    np.testing.assert_allclose(y, np.full_like(y, 1 / (1 + np.exp(-b))), rtol=1e-12)


DEAD = dict(hidden=(8, 8, 8), activation="relu", lr=3.0, epochs=10)


@machines
def test_06_the_dead_networks_message_is_quoted_word_for_word(machine):
    """"Its figure's message reads: *"Dead network: every ReLU of layer 3 outputs 0 for every
    training point, so no gradient reaches the layers below. Reset, or lower η."*" (the figure's
    loss panel may be below the screen's edge in the slideshow, so the prose quotes it), and
    "`p.run.verdict()` returns the same words" as the figure."""
    with last_bit_noise(machine):
        p = playground(**DEAD)
    quote = ("Dead network: every ReLU of layer 3 outputs 0 for every training point, so no "
             "gradient reaches the layers below. Reset, or lower η.")
    assert " ".join(p.run.verdict().split()) == quote
    assert " ".join(p.message.get_text().split()) == quote
    source = "".join(next(c for c in _cells() if "`longer`" in "".join(c["source"]))["source"])
    assert " ".join(quote.split()) in " ".join(source.split())


def test_06_the_dead_networks_figure_stays_at_epoch_10():
    """"So that `p` stays at epoch 10, the cell below builds the same network again, `longer`, and
    trains it 50 epochs further": the figure shown (and the prose around it, "epoch 10") is not
    moved on by the 60-epoch run, and `longer` starts from the very same weights ("same weights
    as p at epoch 10: True")."""
    p, longer = playground(**DEAD), playground(**DEAD)
    assert all(np.array_equal(a.W, b.W) for a, b in zip(p.run.net.layers, longer.run.net.layers))
    before = [layer.W.copy() for layer in p.run.net.layers]
    longer.update(epochs=60)
    assert p.run.epoch == 10 and longer.run.epoch == 60
    assert "epoch 10:" in p.run.summary() and p.message.get_text().startswith("Dead")
    assert all(np.array_equal(w, layer.W) for w, layer in zip(before, p.run.net.layers))


def _cells():
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "notebooks" / "06_playground.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_06_no_playground_on_show_is_trained_further_by_a_later_cell():
    """A figure the prose describes at epoch n stays at epoch n after Run All: no code cell after
    the one that shows a playground calls ``update`` on it (a later cell trains a copy), until
    the name is bound to another playground."""
    import re
    code = ["".join(c["source"]) for c in _cells() if c["cell_type"] == "code"]
    for k, source in enumerate(code):
        last = source.strip().splitlines()[-1].split("#")[0].strip()
        shown = re.fullmatch(r"([A-Za-z_]\w*)(\.update\(.*\))?", last)
        if not shown:
            continue                                   # not a cell that shows a playground
        last = shown.group(1)
        for later in code[k + 1:]:
            assert f"{last}.update(" not in later, (last, later)
            if re.search(rf"^{last} = ", later, re.M):
                break


@machines
def test_06_a_linear_network_at_eta_10_diverges_in_a_few_steps(machine):
    """"with η = 10 each step overshoots further than the last and the weights blow up within a
    few steps. nnlib.fit stops before the step that would blow them up" — printed as "diverged
    at step 3 (epoch 1)"."""
    with last_bit_noise(machine):
        p = playground(hidden=(8,) * 6, activation="linear", lr=10.0, epochs=3)
    assert p.run.diverged.split(":")[0] == "diverged at step 3 (epoch 1)"
    assert p.run.epoch == 1 and p.message.get_text().startswith("Diverged")
    assert all(np.isfinite(layer.W).all() for layer in p.run.net.layers)


def test_06_regression_targets_lie_between_minus_1_and_1():
    """"the plane and bumps sets give every point a target t between −1 and 1"."""
    from nnlib.tasks.lesson06 import make_data
    for name in ("plane", "bumps"):
        _, t = make_data(name, 0, 0, "regression")
        assert -1 <= t.min() < 0 < t.max() <= 1, name


@machines
def test_06_the_bumps_are_learned(machine):
    """"test half-MSE 0.011, against 0.106 for the best constant guess"."""
    with last_bit_noise(machine):
        p = playground(data="bumps", problem="regression", hidden=(8, 8), lr=0.01, epochs=100)
    assert f"{p.run.test_loss[-1]:.3f} {p.run.baseline:.3f}" == "0.011 0.106"


def test_06_the_playgrounds_xor_is_the_sign_of_x1_x2_and_lesson_02s_is_not():
    """"a point is class 1 where x₁ and x₂ have opposite signs, that is where x₁x₂ < 0. (Lesson
    02's inputs were 0 and 1, where x₁x₂ says nothing of the sort: it is 1 for (1, 1) only.)" """
    from nnlib.tasks.lesson06 import make_data
    X, y = make_data("xor")
    assert (X < 0).any(axis=0).all() and (X > 0).any(axis=0).all()     # all four quadrants
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    targets = np.array([0, 1, 1, 0])
    product = inputs[:, 0] * inputs[:, 1]
    assert list(product) == [0, 0, 0, 1]
    # No threshold on x1·x2 separates lesson 02's XOR: class 0 holds both of its values.
    assert set(product[targets == 0]) == {0, 1}


@machines
def test_06_the_second_layer_closes_around_the_centre(machine):
    """"the second layer's maps, blurred edges now, close around the centre" and "Each
    second-layer neuron combines those four edges into a closed region: both of its maps now
    hold a blue blob around the centre" (epoch 0 → epoch 200, the figures above)."""
    with last_bit_noise(machine):
        runs = [playground(epochs=epochs) for epochs in (0, 200)]
        maps = []
        for p in runs:
            p.run.net(nnlib.features.expand(p.view.grid, p.run.features))
            c = p.view.cells
            maps.append([p.run.net.layers[1].A[:, i].reshape(c, c) for i in range(2)])
    for m in maps[0]:                # epoch 0: no blob (the centre is 0, the border both signs)
        border = np.concatenate([m[0], m[-1], m[:, 0], m[:, -1]])
        assert abs(m[c // 2, c // 2]) < 0.1 and border.min() < -0.3 < 0.3 < border.max()
    for m in maps[1]:                # epoch 200: blue (low) at the centre, nowhere on the border
        border = np.concatenate([m[0], m[-1], m[:, 0], m[:, -1]])
        assert m[c // 2, c // 2] < -0.9 and border.min() > -0.5


def test_06_noise_20_moves_points_by_a_fifth_of_the_inner_radius():
    """"noise 20 % … moves every point by a random amount (normal, with a standard deviation of
    0.5 on the plane, a fifth of the inner ring's radius)"."""
    from nnlib.exercises.lesson06 import INNER_RADIUS
    from nnlib.tasks.lesson06 import SCALE, make_data, noise_scale
    assert noise_scale(20) * SCALE == 0.5 == INNER_RADIUS / 5
    clean, _ = make_data("circle", 0)
    noisy, _ = make_data("circle", 20)
    shift = (noisy - clean).ravel()
    assert abs(shift.std() - 0.5) < 0.05 and abs(shift.mean()) < 0.05


def test_06_your_own_moons_fill_the_plane_almost():
    """"the moons, which lie in about [−1.2, 2.2] × [−0.6, 1.1] (12 of the 200 points end just
    outside the square, left or right: they are trained on, but not drawn)"."""
    X, _ = nnlib.data.moons(200, noise=0.15, seed=1)
    np.testing.assert_allclose([X[:, 0].min(), X[:, 0].max(), X[:, 1].min(), X[:, 1].max()],
                               [-1.2, 2.2, -0.6, 1.1], atol=0.05)
    Z = 4 * X - 2
    assert (np.abs(Z) > 6).any(axis=1).sum() == 12 == (np.abs(Z[:, 0]) > 6).sum()
    assert (np.abs(Z) < 7).all()                       # just outside


def test_06_set_weight_indexes_as_the_menu_says():
    """"`trained.set_weight(layer, i, j, w)` sets `W[i, j]` of layer `layer` … the edge
    "1.2 → 2.1" is `trained.set_weight(1, 0, 1, w)`"."""
    p = playground(epochs=1)
    options = dict(p.edge_choice.options)
    assert options["1.2 → 2.1"] == (1, 0, 1)
    p.set_weight(1, 0, 1, 0.25)
    assert p.run.net.layers[1].W[0, 1] == 0.25
