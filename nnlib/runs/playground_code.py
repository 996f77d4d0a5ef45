"""The nnlib code that rebuilds and retrains what the playground shows, as a script.

``training_code(settings)`` writes out the very calls ``nnlib.runs.playground.PlaygroundRun``
makes (its data from ``nnlib.tasks.lesson06``): a test runs that script and checks it ends
with exactly the run's weights. numpy only (this is the maths side).
"""

from ..tasks.lesson06 import N_POINTS, REGRESSION, SCALE, SETS, noise_scale


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
        function, kwargs = SETS[s["data"]]
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
