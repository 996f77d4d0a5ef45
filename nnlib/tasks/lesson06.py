"""Lesson 06's task: the playground's data sets and the limits of its networks.

``make_data`` is the one place the playground's points come from: the playground's run,
the code it writes out (``nnlib.runs.playground_code``) and the lesson's exercise checks
all call it. ``MAX_LAYERS`` and ``MAX_NEURONS`` bound the networks the playground builds
(TensorFlow Playground's own limits), and ``check_hidden`` enforces them.
"""

import numpy as np

from .. import data

#: Classification sets (classes 0 and 1) and regression sets (a number per point).
CLASSIFICATION = ("circle", "xor", "gauss", "spiral")
REGRESSION = ("plane", "bumps")

#: The playground shows 500 points of each set.
N_POINTS = 500

#: nnlib.data's sets lie within about [−1, 1]²; the playground's plane is about [−6, 6]²,
#: where sin x1 and x1² differ from x1 enough to be worth choosing as features.
SCALE = 5.0

#: At most this many hidden layers, of at most this many neurons each.
MAX_LAYERS, MAX_NEURONS = 6, 8

#: Each set: its nnlib.data function, and its keyword arguments for a noise level (a
#: standard deviation, see ``noise_scale``).
SETS = {
    "circle": ("circles", lambda s: dict(noise=s, factor=0.5)),
    "xor": ("xor", lambda s: dict(noise=s)),
    "gauss": ("gauss", lambda s: dict(noise=s)),
    "spiral": ("spiral", lambda s: dict(noise=s)),
    "plane": ("plane", lambda s: dict(noise=s)),
    "bumps": ("bumps", lambda s: dict(noise=s)),
}


def noise_scale(noise_percent):
    """Noise 0–50 % as the standard deviation nnlib.data takes (50 % → 0.25, a quarter of
    the sets' radius)."""
    return round(noise_percent / 100 * 0.5, 6)


def make_data(name, noise_percent=0, seed=0, problem="classification"):
    """The playground's points: ``X`` (500, 2) in about [−6, 6]², and ``y`` (500,).

    For ``problem="classification"`` y holds classes 0/1 (a regression set is
    split at 0); for ``"regression"`` y holds numbers (a classification set's
    labels 0 and 1 become the numbers to predict).
    """
    if name not in SETS:
        raise ValueError(f"data must be one of {list(SETS)}, got {name!r}")
    function, kwargs = SETS[name]
    X, y = getattr(data, function)(N_POINTS, seed=seed, **kwargs(noise_scale(noise_percent)))
    return SCALE * X, _targets(name, y, problem)


def _targets(name, y, problem):
    if problem == "classification":
        return (y > 0).astype(int) if name in REGRESSION else y
    return np.asarray(y, dtype=np.float64)


def check_hidden(hidden):
    """``hidden`` as a tuple of at most MAX_LAYERS layer sizes of 1 … MAX_NEURONS neurons,
    or raise ``TypeError``/``ValueError`` saying what is allowed."""
    try:
        hidden = tuple(hidden)
    except TypeError:
        raise TypeError(f"hidden must be a list of layer sizes like (4, 2), got {hidden!r}") \
            from None
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"hidden may list at most {MAX_LAYERS} layers, got {len(hidden)}")
    for m in hidden:
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)):
            raise TypeError(f"hidden layer sizes must be whole numbers, got {m!r}")
        if not 1 <= m <= MAX_NEURONS:
            raise ValueError(f"each hidden layer has 1 … {MAX_NEURONS} neurons, got {m}")
    return tuple(int(m) for m in hidden)
