"""Weight initialisers: where gradient descent starts.

The scale of the initial weights decides whether signals and gradients keep
their size through a deep network. Xavier/Glorot keeps the variance of
``z`` about constant for tanh/sigmoid layers, He for ReLU layers; "normal"
draws with a standard deviation you choose (``scale``), to show what goes
wrong when it is too small or too large.
"""

import numpy as np

from ._validate import choice, generator, positive_float, positive_int


def _checked(n_in, n_out, rng, scale):
    # Every initialiser checks its arguments: a learner may call init.he(...) directly.
    return (positive_int(n_in, "n_in"), positive_int(n_out, "n_out"),
            None if rng is None else generator(rng), positive_float(scale, "scale"))


def xavier(n_in, n_out, rng, scale=1.0):
    """W ~ N(0, 2 / (n_in + n_out)) · scale², shape (n_out, n_in) (Glorot & Bengio's variance)."""
    n_in, n_out, rng, scale = _checked(n_in, n_out, generator(rng), scale)
    return rng.normal(0.0, scale * np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))


def he(n_in, n_out, rng, scale=1.0):
    """W ~ N(0, 2 / n_in) · scale², shape (n_out, n_in): keeps ReLU activations' variance."""
    n_in, n_out, rng, scale = _checked(n_in, n_out, generator(rng), scale)
    return rng.normal(0.0, scale * np.sqrt(2.0 / n_in), size=(n_out, n_in))


def normal(n_in, n_out, rng, scale=1.0):
    """W ~ N(0, scale²), shape (n_out, n_in), whatever the layer's size."""
    n_in, n_out, rng, scale = _checked(n_in, n_out, generator(rng), scale)
    return rng.normal(0.0, scale, size=(n_out, n_in))


def zeros(n_in, n_out, rng=None, scale=1.0):
    """W = 0, shape (n_out, n_in). Every unit then computes the same thing: symmetry is never
    broken."""
    n_in, n_out, rng, scale = _checked(n_in, n_out, rng, scale)
    return np.zeros((n_out, n_in))


_REGISTRY = {"xavier": xavier, "glorot": xavier, "he": he, "normal": normal, "zeros": zeros}

#: The initialiser names that ``weights`` accepts ("glorot" is another name for "xavier").
NAMES = tuple(_REGISTRY)


def weights(name, n_in, n_out, rng, scale=1.0):
    """Draw a (n_out, n_in) weight matrix with the initialiser called ``name``.

    ``scale`` multiplies the standard deviation (for "normal" it *is* the
    standard deviation). Biases are not drawn here: they start at zero.
    """
    key = choice(name, _REGISTRY, "init")
    return _REGISTRY[key](n_in, n_out, rng, positive_float(scale, "init_scale"))
