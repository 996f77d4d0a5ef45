"""Last-bit noise: make this Python compute exp, tanh, log, sin, … the way another machine might.

numpy's kernels for these functions differ by CPU (baseline, AVX2, AVX-512, NEON, …) and by
release, and may round a result differently in its last bit. A number the course prints must
not depend on that. With this folder on PYTHONPATH and NNLIB_LAST_BIT_NOISE set to a seed,
every such float64 result is moved one unit in the last place down, or up, or kept, at random
(results that are exact on every machine, 0, ±1 and ±inf, are kept): a different machine,
simulated. A printed number that changes under it would change on some
learner's computer.

    PYTHONPATH=tools/last_bit_noise NNLIB_LAST_BIT_NOISE=1 python -m pytest notebooks

(Python imports ``sitecustomize`` at start-up from the path, so the notebooks' kernels, which
inherit the environment, compute with the noise too.) Without NNLIB_LAST_BIT_NOISE it does
nothing.
"""

import os

import numpy as np

FUNCTIONS = ("exp", "expm1", "log", "log1p", "tanh", "sin", "cos", "arctan2")
_ORIGINAL = {name: getattr(np, name) for name in FUNCTIONS}


def install(seed):
    """From now on, every float64 array result of FUNCTIONS carries last-bit noise from
    ``seed``."""
    rng = np.random.default_rng(seed)

    def noisy_version(ufunc):
        def noisy(*args, **kwargs):
            y = ufunc(*args, **kwargs)
            if isinstance(y, np.ndarray) and y.dtype == np.float64 and y.size:
                k = rng.integers(-1, 2, size=y.shape)          # one ulp down, none, one up
                # exact results (exp(0) = 1, tanh(0) = 0, overflow to inf, …) are the same
                # on every machine, so they stay; so does the sign of everything else
                k[(y == 0) | (np.abs(y) == 1) | ~np.isfinite(y)] = 0
                y = np.where(k == 0, y, np.nextafter(y, np.where(k > 0, np.inf, -np.inf)))
            return y
        noisy.__name__ = noisy.__qualname__ = ufunc.__name__
        noisy.__doc__ = ufunc.__doc__
        return noisy

    for name, ufunc in _ORIGINAL.items():
        setattr(np, name, noisy_version(ufunc))


def uninstall():
    """numpy's own functions back."""
    for name, ufunc in _ORIGINAL.items():
        setattr(np, name, ufunc)


if os.environ.get("NNLIB_LAST_BIT_NOISE"):
    install(int(os.environ["NNLIB_LAST_BIT_NOISE"]))
