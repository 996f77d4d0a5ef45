"""nnlib.runs.batch_lr: lesson 05's grid of batch size × η, and the noise of batch gradients."""

import numpy as np
import pytest

import nnlib
from nnlib.runs import batch_lr as B
from nnlib.tasks import moons_task


def test_gradient_noise_shrinks_like_one_over_root_b():
    noise = {b: B.gradient_noise(b, draws=100) for b in (1, 4, 16, 64, 200)}
    assert noise[200] < 1e-12                      # the whole set: the full gradient itself
    for small, large in [(1, 4), (4, 16), (16, 64)]:
        assert noise[large] < noise[small]
    # drawn without replacement from 200: spread ∝ √((200 − b)/(b·199)); 4× the batch ≈ ½ the noise
    ratio = noise[4] / noise[1]
    assert ratio == pytest.approx(np.sqrt((200 - 4) / (4 * 199)), rel=0.15)


def test_gradient_noise_is_the_spread_of_real_batch_gradients():
    """An independent oracle: the full gradient by nnlib.fit's own pass, compared by hand."""
    X, y, _, _ = moons_task()
    net = nnlib.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    nnlib.training.forward_backward(net, "binary_cross_entropy", X, y)
    full = np.concatenate([np.r_[layer.dW.ravel(), layer.db] for layer in net.layers])
    nnlib.training.forward_backward(net, "binary_cross_entropy", X[:1], y[:1])
    one = np.concatenate([np.r_[layer.dW.ravel(), layer.db] for layer in net.layers])
    single = np.linalg.norm(one - full) / np.linalg.norm(full)
    assert 0.3 * B.gradient_noise(1) < single < 3 * B.gradient_noise(1)


def test_final_loss_and_best_lrs():
    assert B.final_loss(200, 1e3, epochs=5) == np.inf or B.final_loss(200, 1e3, epochs=5) > 1
    grid = np.array([[0.5, 0.2, 0.9], [0.6, 0.5, 0.1]])
    assert list(B.best_lrs(grid, (0.1, 1.0, 10.0))) == [1.0, 10.0]
    with pytest.raises(ValueError, match="one column per learning rate"):
        B.best_lrs(grid, (0.1, 1.0))


@pytest.mark.parametrize("b, error", [(0, ValueError), (201, ValueError), (2.5, TypeError)])
def test_gradient_noise_bad_batch(b, error):
    with pytest.raises(error, match="batch_size"):
        B.gradient_noise(b)


def test_epochs_for_steps():
    """⌈steps / ⌈200 / b⌉⌉: batch 1 takes 200 steps an epoch, batch 16 13, batch 200 one."""
    assert [B.epochs_for_steps(b, 1000) for b in (1, 4, 16, 64, 200)] == [5, 20, 77, 250, 1000]
    with pytest.raises(ValueError, match="steps"):
        B.epochs_for_steps(1, 0)
    with pytest.raises(TypeError, match="batch_size"):
        B.epochs_for_steps(1.5, 10)


def test_lr_grid_with_a_budget_of_steps_takes_that_many_steps():
    """A run of the same-steps grid is fit for epochs_for_steps(b, steps) epochs: its loss is the
    one final_loss gives for those epochs, not for the default 20."""
    grid = B.lr_grid(batch_sizes=(64,), lrs=(0.3,), steps=40)
    assert grid[0, 0] == B.final_loss(64, 0.3, epochs=10)
    assert grid[0, 0] != B.final_loss(64, 0.3)


def test_best_lr_range_over_seeds():
    grids = np.array([[[0.5, 0.2, 0.9], [0.6, 0.5, 0.1]],
                      [[0.1, 0.2, 0.9], [0.6, 0.1, 0.3]]])            # (seeds 2, batches 2, η 3)
    ranges = B.best_lr_range(grids, (0.1, 1.0, 10.0))
    assert ranges.tolist() == [[0.1, 1.0], [1.0, 10.0]]
    with pytest.raises(ValueError, match="seeds, batch sizes, learning rates"):
        B.best_lr_range(grids[0], (0.1, 1.0, 10.0))
