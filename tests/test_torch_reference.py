"""nnlib's skips and normalisation layers against torch autograd, in float64, to 1e-9.

The reference, ``tests/data/torch_reference.npz``, was written by ``tools/torch_reference.py``
(torch version inside the file) with nn.Linear, nn.BatchNorm1d, nn.LayerNorm and
torch.optim.SGD; torch is not needed here. For each case: one training-mode pass (output,
loss, dL/dX, every gradient, running statistics), three SGD steps in training mode (every
parameter and running statistic), then one evaluation-mode pass.

The last tests break nnlib on purpose (an unbiased variance in the forward pass, a missing γ
in the backward pass, a skip that does not pass the gradient back, a biased running variance)
and check that this comparison sees it.
"""

from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib import network, normalization

DATA = Path(__file__).parent / "data" / "torch_reference.npz"
REF = dict(np.load(DATA))
CASES = [str(c) for c in REF["cases"]]
SIZES = [int(s) for s in REF["sizes"]]


def _setup(row):
    """A row of the file's "setup" (strings) as tools/torch_reference.py's CASES holds it:
    (activation, output activation, residual, norm, loss)."""
    activation, output_activation, residual, norm, loss = (str(v) for v in row)
    return (activation, output_activation, residual == "True",
            None if norm == "None" else norm, loss)


SETUP = {name: _setup(row) for name, row in zip(CASES, REF["setup"])}
TOL = 1e-9


def _flat(arrays):
    return np.concatenate([np.asarray(a, dtype=np.float64).ravel() for a in arrays])


def _net(name):
    activation, output_activation, residual, norm, loss = SETUP[name]
    net = nnlib.MLP(SIZES, activation=activation, output_activation=output_activation,
                    seed=len(name), residual=residual, norm=norm)
    init = REF[f"{name}/init"]
    sizes = [p.size for _, p in net.parameters()]
    net.set_params([part.reshape(p.shape) for part, (_, p) in
                    zip(np.split(init, np.cumsum(sizes)[:-1]), net.parameters())])
    return net, nnlib.losses.get(loss)


def _pass(net, loss, X, T, training):
    """[Y, loss, dL/dX, every gradient], as the tool records them."""
    Y = net._forward(X, training=training)
    dX = net.backward(loss._grad(Y, T))
    grads = [g for _, _, _, g in nnlib.optim.parameters_and_grads(net.layers)]
    return [Y, loss._value(Y, T), dX] + grads


def _stats(net):
    return [p for _, p in net.running_stats()]


def nnlib_answers(name):
    """nnlib's version of the reference's train, steps and eval vectors for one case."""
    X, T_raw = REF[f"{name}/X"], REF[f"{name}/T"]
    net, loss = _net(name)
    T = loss.targets(T_raw, (X.shape[0], SIZES[-1]))
    train = _flat(_pass(net, loss, X, T, True) + _stats(net))
    net, _ = _net(name)
    history = nnlib.fit(net, X, T_raw, loss, nnlib.SGD(float(REF["lr"])),
                        epochs=int(REF["steps"]))
    assert not history.diverged
    steps = _flat([p for _, p in net.parameters()] + _stats(net))
    return {"train": train, "steps": steps, "eval": _flat(_pass(net, loss, X, T, False))}


def deviation(name):
    """The largest |nnlib − torch| / max(1, |torch|) over everything recorded for a case."""
    ours = nnlib_answers(name)
    worst = 0.0
    for stage, mine in ours.items():
        ref = REF[f"{name}/{stage}"]
        assert mine.shape == ref.shape, (stage, mine.shape, ref.shape)
        worst = max(worst, float(np.max(np.abs(mine - ref)) / max(1.0, np.abs(ref).max())))
    return worst


def test_reference_file_is_small_and_says_its_torch_version():
    assert DATA.stat().st_size < 40_000
    assert str(REF["torch_version"])[0].isdigit()
    assert CASES == list(SETUP)


def test_initial_weights_are_nnlibs_seeded_ones():
    for name in CASES:
        activation, output_activation, residual, norm, _ = SETUP[name]
        fresh = nnlib.MLP(SIZES, activation=activation, seed=len(name), norm=norm,
                          output_activation=output_activation, residual=residual)
        np.testing.assert_allclose(_flat(fresh.get_params()), REF[f"{name}/init"], rtol=1e-15)


@pytest.mark.parametrize("name", CASES)
def test_agrees_with_torch(name):
    assert deviation(name) < TOL


# -- the comparison catches what a wrong implementation gets wrong --------------------------------

def _unbiased_forward(Z, gamma, beta, axis):
    mu = Z.mean(axis=axis, keepdims=True)
    var = Z.var(axis=axis, ddof=1, keepdims=True)           # wrong: ÷ (n − 1)
    inv_std = 1.0 / np.sqrt(var + normalization.EPS)
    Z_hat = (Z - mu) * inv_std
    return gamma * Z_hat + beta, (Z_hat, inv_std, axis, mu, var)


def _no_gamma_backward(dZ_tilde, gamma, cache, real=normalization.norm_backward):
    return real(dZ_tilde, np.ones_like(gamma), cache)        # wrong: forgets dẑ = γ ⊙ dz̃


def _biased_running_var(Z, gamma, beta, running_mean, running_var, training,
                        real=normalization.batch_norm_forward):
    n = Z.shape[0]
    out = real(Z, gamma, beta, running_mean, running_var, training)
    if training:     # undo the unbiased correction: wrong running variance
        var = Z.var(axis=0)
        running_var -= normalization.MOMENTUM * var * (n / (n - 1) - 1)
    return out


def _skip_without_gradient(self, dA, top, need_dX=True):
    for i in range(top - 1, -1, -1):                         # wrong: dA = dX, no + dA
        dA = self.layers[i]._backward_dA(dA, need_dX or i > 0)
    return dA


@pytest.mark.parametrize("target, attr, wrong, cases", [
    (normalization, "normalize_forward", _unbiased_forward, ["batch", "layer"]),
    (normalization, "norm_backward", _no_gamma_backward, ["batch", "layer", "layer_skip"]),
    (normalization, "batch_norm_forward", _biased_running_var, ["batch", "batch_skip"]),
    (network.MLP, "_backward_below", _skip_without_gradient, ["skip", "layer_skip"]),
], ids=["unbiased-variance", "missing-gamma", "biased-running-var", "skip-without-gradient"])
def test_comparison_catches_a_wrong_implementation(target, attr, wrong, cases, monkeypatch):
    monkeypatch.setattr(target, attr, wrong)
    for name in cases:
        assert deviation(name) > 1e-6, name
