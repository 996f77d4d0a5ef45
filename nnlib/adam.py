"""Adam: gradient descent with a running mean and a running size of each gradient.

Kingma & Ba (2015), *Adam: A Method for Stochastic Optimization*, Algorithm 1. For every
parameter array p with gradient g, at its t-th step (t = 1, 2, …):

    m = β1·m + (1 − β1)·g              first moment: a running mean of g
    v = β2·v + (1 − β2)·g²             second moment: a running mean of g² (elementwise)
    m̂ = m / (1 − β1ᵗ)                  bias correction: m and v start at 0, so early
    v̂ = v / (1 − β2ᵗ)                  averages are too small by exactly these factors
    p = p − lr · m̂ / (√v̂ + ε)

This is ``torch.optim.Adam``'s update (ε added after the square root). Each number moves by
about lr whatever the size of its gradient: on the first step m̂ / √v̂ = g / |g| = ±1.
Weights, biases, PReLU slopes and normalisation parameters are all updated alike.
"""

import numpy as np

from ._validate import positive_float, real_number
from .optim import layers_of, parameters_and_grads


class Adam:
    """The Adam optimiser: ``Adam(lr).step(net)`` after each ``backward``.

    ``beta1`` and ``beta2`` (each in [0, 1)) set how long the running means of g and g²
    remember; ``eps`` keeps the division finite where v̂ is 0. Every parameter array keeps
    its own m, v and step count t.

    >>> Adam(0.001)
    Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)
    """

    #: Each number moves by about lr whatever its gradient's size, so ``fit`` does not read
    #: a large lr × ‖g‖ as a blow-up (History's rule 2); inf/NaN and grown weights still count.
    step_is_lr_times_gradient = False

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = positive_float(lr, "lr (learning rate)")
        self.beta1 = _beta(beta1, "beta1")
        self.beta2 = _beta(beta2, "beta2")
        self.eps = positive_float(eps, "eps")
        self._state = {}     # id(p) -> [p, m, v, t]; holding p keeps its id from being reused

    def step(self, net):
        """Update ``net``'s parameters in place from the gradients its ``backward`` left."""
        beta1, beta2 = self.beta1, self.beta2
        for _, _, p, g in parameters_and_grads(layers_of(net)):
            state = self._state.get(id(p))
            if state is None or state[0] is not p:
                state = self._state[id(p)] = [p, np.zeros_like(p), np.zeros_like(p), 0]
            _, m, v, t = state
            t += 1
            state[3] = t
            m *= beta1
            m += (1 - beta1) * g                   # m = β1·m + (1 − β1)·g
            v *= beta2
            v += (1 - beta2) * (g * g)             # v = β2·v + (1 − β2)·g²
            m_hat = m / (1 - beta1 ** t)
            v_hat = v / (1 - beta2 ** t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def reset(self):
        """Forget every parameter's m, v and step count (start again from t = 0)."""
        self._state.clear()

    def __repr__(self):
        return (f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, "
                f"eps={self.eps:g})")


def _beta(value, name):
    value = real_number(value, name)
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1) (the weight of the running mean's past), "
                         f"got {value}")
    return value
