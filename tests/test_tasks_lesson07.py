"""Lesson 07's tasks: the split and its standardisation, the networks, the confusion matrix, and
the plain float32/float64 backward pass of the underflow experiment (checked against nnlib's
backprop and against finite differences)."""

import numpy as np
import pytest

import nnlib
from nnlib.tasks.lesson07 import (
    RUN_EPOCHS,
    DigitsRun,
    capacity_run,
    confusion_matrix,
    deep_sigmoid_net,
    digit_net,
    digit_sets,
    final_run,
    gradient_norms_in,
    make_optimizer,
    small_training_set,
    weight_norm,
)


def test_digit_sets_split_every_digit_once_and_standardise_with_training_statistics():
    Xa, ya, Xv, yv, Xt, yt = digit_sets(standardized=False)
    assert (len(ya), len(yv), len(yt)) == (1078, 360, 359)
    X_all, y_all = nnlib.data.digits()
    rows = {tuple(r) + (c,) for r, c in zip(X_all, y_all)}
    together = np.vstack([Xa, Xv, Xt])
    assert len(together) == 1797 and {tuple(r) + (c,) for r, c in
                                      zip(together, np.r_[ya, yv, yt])} == rows
    assert np.bincount(ya).min() >= 104                  # stratified: every class ~108 times
    Sa, _, Sv, _, St, _ = digit_sets()
    mu, sd = Xa.mean(axis=0), Xa.std(axis=0)
    sd1 = np.where(sd > 0, sd, 1.0)
    assert np.allclose(Sv, (Xv - mu) / sd1) and np.allclose(St, (Xt - mu) / sd1)
    assert not np.allclose(Sv.mean(axis=0), 0, atol=1e-3)   # not the validation set's own μ
    Xa[0, 0] = 99.0                                      # fresh copies every call
    assert digit_sets(standardized=False)[0][0, 0] != 99.0


def test_small_training_set_uses_its_own_statistics():
    Xs, ys, Xv, yv = small_training_set(100)
    assert Xs.shape == (100, 64) and Xv.shape == (360, 64)
    assert np.allclose(Xs.mean(axis=0), 0, atol=1e-12)


def test_digit_net_shapes_and_optimizers():
    net = digit_net(32, "sigmoid", dropout=0.3)
    assert net.sizes == [64, 32, 10] and net.layers[-1].activation.name == "identity"
    assert digit_net([16, 8]).sizes == [64, 16, 8, 10]
    assert make_optimizer("momentum", 0.1).momentum == 0.9
    assert make_optimizer("sgd", 0.1, weight_decay=0.01).weight_decay == 0.01
    assert isinstance(make_optimizer("adam", 0.001), nnlib.Adam)
    with pytest.raises(ValueError, match="optimiser must be one of"):
        make_optimizer("rmsprop", 0.1)
    with pytest.raises(ValueError, match="Adam has none"):
        make_optimizer("adam", 0.1, weight_decay=0.01)


def test_confusion_matrix_counts():
    C = confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 0, 2], classes=3)
    assert C.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 2]]
    assert C.sum() == 6 and np.trace(C) == 4
    with pytest.raises(ValueError, match="same length"):
        confusion_matrix([0, 1], [0])


def test_final_run_reaches_95_percent_on_the_test_set_and_is_a_copy():
    net, history = final_run()
    _, _, _, _, Xt, yt = digit_sets()
    assert np.mean(net(Xt).argmax(axis=1) == yt) >= 0.95
    net.layers[0].W[:] = 0
    assert np.abs(final_run()[0].layers[0].W).sum() > 0


def test_weight_norm_and_capacity_run_with_decay():
    net, _ = capacity_run(8, epochs=5)
    expected = np.sqrt(sum((layer.W ** 2).sum() for layer in net.layers))
    assert weight_norm(net) == pytest.approx(expected)
    decayed, _ = capacity_run(8, epochs=5, weight_decay=0.1)
    assert weight_norm(decayed) < weight_norm(net)


@pytest.mark.parametrize("depth", [1, 3, 6])
def test_float64_pass_is_nnlibs_backprop(depth):
    X, y = digit_sets()[:2]
    X, y = X[:40], y[:40]
    net = deep_sigmoid_net(depth=depth, width=8, seed=depth)
    nnlib.forward_backward(net, "softmax_cross_entropy", X, y)
    assert np.allclose(gradient_norms_in(net, X, y, np.float64), net.gradient_norms(),
                       rtol=1e-12, atol=0)


def test_float64_pass_against_finite_differences():
    """‖dW_1‖ of the plain pass equals the norm of the finite-difference gradient of the loss."""
    X, y = digit_sets()[:2]
    X, y = X[:10], y[:10]
    net = deep_sigmoid_net(depth=2, width=3, seed=1)
    loss = nnlib.losses.softmax_cross_entropy
    W = net.layers[0].W
    eps, num = 1e-6, np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        old = W[idx]
        W[idx] = old + eps
        up = loss.value(net(X), y)
        W[idx] = old - eps
        down = loss.value(net(X), y)
        W[idx] = old
        num[idx] = (up - down) / (2 * eps)
    assert gradient_norms_in(net, X, y, np.float64)[0] == pytest.approx(np.linalg.norm(num),
                                                                        rel=1e-6)


def test_float32_agrees_where_nothing_underflows_and_underflows_to_zero_when_deep():
    X, y = digit_sets()[:2]
    X, y = X[:100], y[:100]
    net = deep_sigmoid_net(depth=20)
    g64, g32 = (gradient_norms_in(net, X, y, t) for t in (np.float64, np.float32))
    assert np.allclose(g32, g64, rtol=1e-5) and not np.array_equal(g32, g64)  # really float32
    deep = deep_sigmoid_net(depth=80)
    g64, g32 = (gradient_norms_in(deep, X, y, t) for t in (np.float64, np.float32))
    assert g32[0] == 0 and 0 < g64[0] < 1e-45
    with pytest.raises(ValueError, match="float32 or np.float64"):
        gradient_norms_in(net, X, y, np.float16)


def test_digits_run_gives_the_same_numbers_however_it_is_driven():
    whole = DigitsRun(hidden=16, dropout=0.2, n_train=200).train()
    stepped = DigitsRun(hidden=16, dropout=0.2, n_train=200)
    steps = 0
    while stepped.step():
        steps += 1
    assert steps + 1 == len(stepped.plan()) and sum(stepped.plan()) == RUN_EPOCHS
    assert whole.curves == stepped.curves and whole.epochs == RUN_EPOCHS
    assert whole.curves["val_acc"][-1] > 0.5 and whole.message() == stepped.message()


def test_digits_run_messages_agree_with_the_numbers():
    sgd = DigitsRun(optimizer="sgd", lr=10.0).train()
    assert sgd.message().startswith(f"Diverged in epoch {sgd.diverged_epoch}:")
    assert f"epoch {sgd.diverged_epoch - sgd.epochs}" in sgd.diverged    # fit's own count
    assert "Not learning" in DigitsRun(optimizer="sgd", lr=1e-4).train().message()
    adam = DigitsRun(optimizer="adam", lr=10.0).train()
    assert adam.curves["acc"][-1] > 0.9 and "worse than\nchance" in adam.message()
    # ...because of the few digits it misreads: they carry nearly all of the loss
    X, y = digit_sets()[:2]
    with np.errstate(all="ignore"):
        Z = adam.net(X)
        Z = Z - Z.max(axis=1, keepdims=True)
        per_digit = np.log(np.exp(Z).sum(axis=1)) - Z[np.arange(len(y)), y]
    wrong = Z.argmax(axis=1) != y
    assert 0 < wrong.sum() <= 5 and per_digit[wrong].sum() > 0.99 * per_digit.sum()


def test_digits_run_training_curve_is_evaluation_mode_with_dropout():
    run = DigitsRun(hidden=32, dropout=0.5, n_train=200)
    run.step()
    X, y = digit_sets()[:2]
    Z = run.net(X[:200])
    loss = nnlib.losses.softmax_cross_entropy.value(Z, y[:200])
    assert run.curves["acc"][-1] == np.mean(Z.argmax(axis=1) == y[:200])
    assert run.curves["loss"][-1] == pytest.approx(loss, rel=1e-12)
