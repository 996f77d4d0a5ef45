"""What lesson 04 · Vanishing and exploding gradients says about its computed results.

Each test quotes the sentence it guards. Every claim is checked on this machine and on two
simulated others (last-bit noise in exp, tanh, log, sin, …: tests/noise.py), so a sentence that
would be false on a learner's computer with other CPU kernels or another numpy turns the build
red here. The experiments are the notebooks' own, with the same settings.
"""

import pytest
from noise import MACHINES, last_bit_noise

import nnlib
from nnlib.diagnostics import deep_net, fixed_batch

machines = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: f"noise{m}" if m else "here")


def _remedy(depth=6, init="normal", clip_norm=None):
    X, T = fixed_batch()
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
