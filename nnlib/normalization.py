"""Batch norm and layer norm: centre and scale each z, then let the layer pick its own scale.

For a batch Z of shape (n, m) (n samples, m units), both compute

    μ, σ²  = the mean and the biased variance (divide by the count, as torch does)
    ẑ      = (z − μ) / √(σ² + ε)              ε = 1e-5
    z̃      = γ ⊙ ẑ + β                        γ, β of shape (m,), learned

and differ only in what they average over:

* **batch norm** (Ioffe & Szegedy 2015): each unit over the batch (axis 0). In training
  it uses the batch's μ, σ² and updates running averages, as ``torch.nn.BatchNorm1d``:
  r = (1 − 0.1)·r + 0.1·stat, where the running variance takes the batch's *unbiased*
  variance σ²·n/(n − 1). In evaluation it uses the running averages instead, so it is a
  fixed affine map z̃ = γ ⊙ (z − r_μ)/√(r_σ² + ε) + β.
* **layer norm** (Ba, Kiros & Hinton 2016): each sample over its units (axis 1), the
  same in training and evaluation (``torch.nn.LayerNorm``).

Each ``*_forward`` returns ``(Z_tilde, cache)``; ``norm_backward`` takes dL/dz̃ and the
cache and returns ``(dZ, dgamma, dbeta)``. With x̂ = ẑ, g = dL/dẑ = γ ⊙ dL/dz̃ and s = √(σ² + ε),
the chain rule through μ and σ² (both depend on every z they average) gives

    dL/dz = (g − mean(g) − ẑ ⊙ mean(g ⊙ ẑ)) / s        (means over the same axis as μ)
    dL/dγ = Σ_samples dL/dz̃ ⊙ ẑ,    dL/dβ = Σ_samples dL/dz̃

and, when μ and σ² are fixed (evaluation batch norm), simply dL/dz = g / s.
"""

import numpy as np

EPS = 1e-5        # added to σ² before the square root, as torch's default
MOMENTUM = 0.1    # weight of the new batch in the running averages, as torch's default
CHOICES = ("batch", "layer")


def normalize_forward(Z, gamma, beta, axis):
    """z̃ = γ ⊙ (z − μ)/√(σ² + ε) + β with μ, σ² over ``axis`` (0: batch norm, 1: layer norm).

    Z (n, m); gamma, beta (m,). Returns ``(Z_tilde (n, m), cache)``; the cache holds ẑ (n, m),
    1/√(σ² + ε), the axis, and μ and σ² (for batch norm (m,); for layer norm (n, 1)).
    """
    mu = Z.mean(axis=axis, keepdims=True)
    Zc = Z - mu
    var = (Zc * Zc).mean(axis=axis, keepdims=True)       # biased: divide by the count
    inv_std = 1.0 / np.sqrt(var + EPS)
    Z_hat = Zc * inv_std
    return gamma * Z_hat + beta, (Z_hat, inv_std, axis, mu, var)


def fixed_forward(Z, gamma, beta, mean, var):
    """Evaluation batch norm: z̃ = γ ⊙ (z − mean)/√(var + ε) + β with fixed mean, var (m,).

    Z (n, m). Returns ``(Z_tilde (n, m), cache)``, the cache as ``normalize_forward``'s with
    axis None (μ and σ² are constants: no gradient flows into them).
    """
    inv_std = 1.0 / np.sqrt(var + EPS)
    Z_hat = (Z - mean) * inv_std
    return gamma * Z_hat + beta, (Z_hat, inv_std, None, mean, var)


def batch_norm_forward(Z, gamma, beta, running_mean, running_var, training):
    """Batch norm of Z (n, m). ``training=True``: the batch's statistics, and running_mean,
    running_var (m,) updated in place; else the running statistics. Returns (Z_tilde, cache).
    """
    if not training:
        return fixed_forward(Z, gamma, beta, running_mean, running_var)
    n = Z.shape[0]
    if n < 2:
        raise ValueError("batch norm needs at least 2 samples in a training batch (the "
                         "variance of one sample is 0), got 1; use batch_size >= 2, "
                         "norm='layer', or training=False")
    Z_tilde, cache = normalize_forward(Z, gamma, beta, 0)
    mu, var = cache[3][0], cache[4][0]
    running_mean *= 1.0 - MOMENTUM
    running_mean += MOMENTUM * mu
    running_var *= 1.0 - MOMENTUM
    running_var += MOMENTUM * (var * (n / (n - 1)))      # the unbiased variance, as torch
    return Z_tilde, cache


def layer_norm_forward(Z, gamma, beta):
    """Layer norm of Z (n, m): each sample (row) over its m units. Returns (Z_tilde, cache)."""
    return normalize_forward(Z, gamma, beta, 1)


def norm_backward(dZ_tilde, gamma, cache):
    """dL/dz̃ (n, m) → ``(dZ (n, m), dgamma (m,), dbeta (m,))`` through either normalisation."""
    Z_hat, inv_std, axis, _, _ = cache
    dgamma = (dZ_tilde * Z_hat).sum(axis=0)
    dbeta = dZ_tilde.sum(axis=0)
    g = dZ_tilde * gamma                                  # dL/dẑ
    if axis is None:                                      # fixed statistics: ẑ is affine in z
        return g * inv_std, dgamma, dbeta
    g_mean = g.mean(axis=axis, keepdims=True)
    gz_mean = (g * Z_hat).mean(axis=axis, keepdims=True)
    return (g - g_mean - Z_hat * gz_mean) * inv_std, dgamma, dbeta


def check_norm(norm):
    """Return ``norm`` ("batch", "layer" or None) lower-cased; else raise ``ValueError``."""
    if norm is None:
        return None
    key = norm.lower() if isinstance(norm, str) else norm
    if key not in CHOICES:
        raise ValueError(f"norm must be None, 'batch' or 'layer' (normalise each hidden z over "
                         f"the batch or over the layer's units), got {norm!r}")
    return key
