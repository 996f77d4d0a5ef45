"""The playground's data, and the nnlib code that rebuilds and retrains what it shows.

``make_data`` is the one place the playground's points come from, and
``training_code`` writes the same calls out as a script: a test runs that
script and checks it ends with exactly the playground's weights.
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

# Each set: its nnlib.data function, and its keyword arguments for a noise level in %.
_SETS = {
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
    function, kwargs = _SETS[name]
    X, y = getattr(data, function)(N_POINTS, seed=seed, **kwargs(noise_scale(noise_percent)))
    return SCALE * X, _targets(name, y, problem)


def _targets(name, y, problem):
    if problem == "classification":
        return (y > 0).astype(int) if name in REGRESSION else y
    return np.asarray(y, dtype=np.float64)


def training_code(s, edits=()):
    """A script that builds and trains the network of playground state ``s``.

    ``edits`` are the weights set by hand, as (epoch, layer, i, j, w).
    """
    features = list(s["features"])
    test_fraction = round(1 - s["train_percent"] / 100, 6)
    regression = s["problem"] == "regression"
    out = "identity" if regression else "sigmoid"
    loss = "half_mse" if regression else s["loss"]
    sizes = [len(features), *s["hidden"], 1]
    reg = s["regularization"]
    lines = ["import nnlib", "from nnlib.features import expand", ""]
    if s["data"] == "yours":
        lines += ["X, y = my_X, my_y                # the arrays you gave the playground"]
    else:
        function, kwargs = _SETS[s["data"]]
        args = ", ".join(f"{k}={v!r}" for k, v in kwargs(noise_scale(s["noise"])).items())
        lines += [f"X, y = nnlib.data.{function}({N_POINTS}, {args}, seed={s['seed']})",
                  f"X = {SCALE} * X                    # the playground's plane: about [-6, 6]²"]
        if s["problem"] == "classification" and s["data"] in REGRESSION:
            lines += ["y = (y > 0).astype(int)          # classes: above or below 0"]
    lines += [
        "X_train, y_train, X_test, y_test = nnlib.data.train_test_split(",
        f"    X, y, test_fraction={test_fraction}, seed={s['seed']})",
        f"features = {features}",
        "F_train, F_test = expand(X_train, features), expand(X_test, features)",
        "",
        f"net = nnlib.MLP({sizes}, activation={s['activation']!r}, "
        f"output_activation={out!r}, seed={s['seed']})",
        f"optimizer = nnlib.SGD(lr={s['lr']!r}, l1={s['rate'] if reg == 'L1' else 0.0!r}, "
        f"weight_decay={s['rate'] if reg == 'L2' else 0.0!r})",
        f"loss = nnlib.losses.get({loss!r})",
    ]
    if edits:
        by_epoch = {}
        for epoch, layer, i, j, w in edits:
            by_epoch.setdefault(epoch, []).append((layer, i, j, w))
        lines += ["# weights you set by hand: {epoch: [(layer, i, j, w)]}",
                  f"hand_set = {by_epoch!r}"]
    lines += ["", "# one fit call per epoch, its batches shuffled by the epoch number, as the "
              "playground does", f"for epoch in range({s['epochs']}):"]
    if edits:
        lines += ["    for layer, i, j, w in hand_set.get(epoch, []):",
                  "        net.layers[layer].W[i, j] = w"]
    lines += [f"    history = nnlib.fit(net, F_train, y_train, loss, optimizer, epochs=1, "
              f"batch_size={s['batch_size']}, seed=epoch)",
              "    if history.diverged:",
              "        print(history.message)",
              "        break"]
    if edits:
        lines += [f"for layer, i, j, w in hand_set.get({s['epochs']}, []):",
                  "    net.layers[layer].W[i, j] = w"]
    lines += ["", 'print(f"training loss {loss.value(net(F_train), y_train):.4f}, "',
              '      f"test loss {loss.value(net(F_test), y_test):.4f}")']
    return "\n".join(lines) + "\n"
