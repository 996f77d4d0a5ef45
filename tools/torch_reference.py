"""Write tests/data/torch_reference.npz: torch autograd's answers for nnlib's skips and norms.

torch is not a dependency of the course. Run this once, in a scratch environment, when the
cases change:

    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install numpy torch
    /tmp/torchvenv/bin/python tools/torch_reference.py

For each case (skips alone, batch or layer norm alone, and combined) it builds nnlib's seeded
MLP, copies its weights into the same network written with torch modules (nn.Linear,
nn.BatchNorm1d, nn.LayerNorm, float64), and records:

* ``train``: one training-mode pass (batch statistics) of a fresh net: the output, the
  loss, dL/dX and every parameter's gradient, and the running statistics after it;
* ``steps``: a fresh net after ``STEPS`` full-batch steps of plain SGD (lr ``LR``) in
  training mode: every parameter and running statistic;
* ``eval``: then one evaluation-mode pass (running statistics) of that net: output, loss,
  dL/dX and every gradient.

To keep the file small each of these is one flat vector, ``{case}/{stage}``, of the arrays
raveled in this order (nnlib's order; shapes from the network):
train = Y, loss, dX, dW1, db1, dgamma1, dbeta1, …, running_mean1, running_var1, …;
steps = W1, b1, gamma1, beta1, …, running_mean1, running_var1, …;
eval = Y, loss, dX, dW1, db1, …. Besides: ``{case}/X``, ``{case}/T`` and ``{case}/init``
(nnlib's seeded initial parameters, flat).

``tests/test_torch_reference.py`` replays the same on nnlib (no torch needed) and compares.
"""

import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))   # a tool run from a scratch venv: use this checkout's nnlib

import nnlib  # noqa: E402

OUT = ROOT / "tests" / "data" / "torch_reference.npz"
SIZES = [3, 5, 5, 5, 2]
N, STEPS, LR = 6, 3, 0.1
# name: (hidden activation, output activation, residual, norm, loss)
CASES = {
    "skip": ("tanh", "identity", True, None, "half_mse"),
    "batch": ("tanh", "identity", False, "batch", "softmax_cross_entropy"),
    "layer": ("sigmoid", "identity", False, "layer", "half_mse"),
    "batch_skip": ("tanh", "identity", True, "batch", "softmax_cross_entropy"),
    "layer_skip": ("relu", "sigmoid", True, "layer", "half_mse"),
}
ACT = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
       "identity": lambda z: z}


class TorchMLP(nn.Module):
    """nnlib's MLP in torch: a_l = f(norm(W_l a_{l−1} + b_l)) (+ a_{l−1} on a skip)."""

    def __init__(self, net, activation, output_activation, residual, norm):
        super().__init__()
        kw = {"dtype": torch.float64}
        self.linears = nn.ModuleList(nn.Linear(layer.n_in, layer.n_out, **kw)
                                     for layer in net.layers)
        make = {"batch": nn.BatchNorm1d, "layer": nn.LayerNorm}.get(norm)
        self.norms = (None if make is None else
                      nn.ModuleList(make(layer.n_out, **kw) for layer in net.layers[:-1]))
        self.f, self.f_out, self.residual = ACT[activation], ACT[output_activation], residual
        with torch.no_grad():
            for i, (lin, layer) in enumerate(zip(self.linears, net.layers)):
                lin.weight.copy_(torch.from_numpy(layer.W))
                lin.bias.copy_(torch.from_numpy(layer.b))
                if self.norms is not None and i < len(self.norms):
                    self.norms[i].weight.copy_(torch.from_numpy(layer.gamma))
                    self.norms[i].bias.copy_(torch.from_numpy(layer.beta))

    def forward(self, a):
        for i, lin in enumerate(self.linears[:-1]):
            z = lin(a)
            if self.norms is not None:
                z = self.norms[i](z)
            a = a + self.f(z) if self.residual and i > 0 else self.f(z)
        return self.f_out(self.linears[-1](a))

    def named_arrays(self):
        """nnlib's names for the parameters: W1, b1, gamma1, beta1, …"""
        for i, lin in enumerate(self.linears, start=1):
            yield f"W{i}", lin.weight
            yield f"b{i}", lin.bias
            if self.norms is not None and i <= len(self.norms):
                yield f"gamma{i}", self.norms[i - 1].weight
                yield f"beta{i}", self.norms[i - 1].bias

    def running_stats(self):
        if self.norms is None or not isinstance(self.norms[0], nn.BatchNorm1d):
            return
        for i, bn in enumerate(self.norms, start=1):
            yield f"running_mean{i}", bn.running_mean
            yield f"running_var{i}", bn.running_var


def loss_of(name, Y, T):
    if name == "half_mse":
        return 0.5 * ((Y - T) ** 2).sum() / Y.shape[0]
    return nn.functional.cross_entropy(Y, T)


def flat(arrays):
    return np.concatenate([np.asarray(a, dtype=np.float64).ravel() for a in arrays])


def one_pass(model, loss, X, T):
    """Forward and backward on (X, T): [output, loss, dL/dX, every gradient] (a list)."""
    model.zero_grad()
    Xt = torch.from_numpy(X).requires_grad_(True)
    Y = model(Xt)
    L = loss_of(loss, Y, T)
    L.backward()
    return [Y.detach().numpy(), L.item(), Xt.grad.numpy()] + [
        p.grad.numpy().copy() for _, p in model.named_arrays()]


def reference(name, case, rng):
    activation, output_activation, residual, norm, loss = case
    net = nnlib.MLP(SIZES, activation=activation, output_activation=output_activation,
                    seed=len(name), residual=residual, norm=norm)
    X = rng.normal(size=(N, SIZES[0])) * 1.5 + 0.5
    T = (rng.integers(0, SIZES[-1], size=N) if loss == "softmax_cross_entropy"
         else rng.uniform(size=(N, SIZES[-1])))
    Tt = torch.from_numpy(T)
    out = {"X": X, "T": T, "init": flat(p for _, p in net.parameters())}

    model = TorchMLP(net, activation, output_activation, residual, norm).train()
    out["train"] = flat(one_pass(model, loss, X, Tt)
                        + [s.numpy() for _, s in model.running_stats()])

    model = TorchMLP(net, activation, output_activation, residual, norm).train()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    for _ in range(STEPS):
        opt.zero_grad()
        loss_of(loss, model(torch.from_numpy(X)), Tt).backward()
        opt.step()
    out["steps"] = flat([p.detach().numpy() for _, p in model.named_arrays()]
                        + [s.numpy() for _, s in model.running_stats()])
    out["eval"] = flat(one_pass(model.eval(), loss, X, Tt))
    return {f"{name}/{k}": v for k, v in out.items()}


def main():
    torch.manual_seed(0)
    rng = np.random.default_rng(2024)
    # The set-up goes into the file too, so that the test rebuilds each network from it
    # instead of keeping a copy of CASES and SIZES.
    arrays = {"torch_version": np.array(torch.__version__),
              "cases": np.array(list(CASES)), "steps": np.array(STEPS), "lr": np.array(LR),
              "sizes": np.array(SIZES),
              "setup": np.array([[str(v) for v in case] for case in CASES.values()])}
    for name, case in CASES.items():
        arrays.update(reference(name, case, rng))
    OUT.parent.mkdir(exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes, torch "
          f"{torch.__version__}, {len(arrays)} arrays)")


if __name__ == "__main__":
    main()
