"""Checks for lesson 06 (the playground): a circle by hand, and the forward pass in numpy.

``check_circle_weights`` and ``check_forward`` are the lesson's exercises;
``check_circle_features`` and ``check_spiral_network`` are earlier exercises, kept for
anyone who still calls them.
"""

import math
import numbers
import types

import numpy as np

from .. import features as feats
from ..network import MLP
from ..runs.playground import PlaygroundRun
from ..tasks.lesson06 import MAX_LAYERS, MAX_NEURONS, make_data
from .feedback import Feedback

#: check_circle_features: a network with no hidden layer, on the circle, must reach this
#: test accuracy.
CIRCLE_ACCURACY, CIRCLE_EPOCHS = 0.95, 100
#: check_spiral_network: a tanh network on the spiral, from x1 and x2 only.
SPIRAL_ACCURACY, SPIRAL_EPOCHS = 0.90, 300
#: The playground's circle (scaled by 5): class 1 on the inner ring, class 0 on the outer.
INNER_RADIUS, OUTER_RADIUS = 2.5, 5.0


def train_like_the_playground(data, features, hidden, lr, epochs, activation="tanh", seed=0):
    """Train as the playground does (its run: half the points for training, batches of 10,
    one ``fit`` per epoch); returns the test accuracy and whether training diverged."""
    run = PlaygroundRun(dict(data=data, problem="classification", noise=0, train_percent=50,
                             seed=seed, features=tuple(features), hidden=tuple(hidden),
                             activation=activation, loss="binary_cross_entropy", lr=lr,
                             batch_size=10, regularization="none", rate=0.0))
    if not run.train(epochs) and run.diverged:
        return math.nan, True
    return run.accuracy["test"], False


def check_circle_features(features):
    """With these input features, does a network with *no hidden layer* separate the circle?"""
    try:
        features = feats.check_names(features)
    except (TypeError, ValueError) as err:
        return Feedback(False, str(err), f"Give a list of names from {list(feats.NAMES)}.")
    accuracy, _ = train_like_the_playground("circle", features, (), 0.03, CIRCLE_EPOCHS)
    names = ", ".join(features)
    if accuracy >= CIRCLE_ACCURACY:
        return Feedback(True, f"with {names} one sigmoid neuron reaches {accuracy:.1%} test "
                        f"accuracy. Its boundary w·features + b = 0 is a circle when the "
                        f"features include x1² and x2².")
    return Feedback(False, f"with {names} one sigmoid neuron reaches only {accuracy:.1%} test "
                    f"accuracy (the aim is {CIRCLE_ACCURACY:.0%}).",
                    "One neuron draws the boundary w1·f1 + w2·f2 + … + b = 0. Which features "
                    "make that the equation of a circle, x1² + x2² = r²?")


def check_spiral_network(hidden, lr):
    """Do ``hidden`` tanh layers and learning rate ``lr`` learn the spiral from x1 and x2
    alone (test accuracy ≥ 90 % within 300 epochs)?"""
    try:
        hidden = tuple(hidden)
    except TypeError:
        return Feedback(False, f"hidden must be a list of layer sizes like (4, 2), got "
                        f"{hidden!r}.", "Write hidden as a tuple, like (8, 8).")
    if len(hidden) > MAX_LAYERS or not all(
            isinstance(m, numbers.Integral) and 1 <= m <= MAX_NEURONS for m in hidden):
        return Feedback(False, f"the playground allows up to {MAX_LAYERS} layers of 1 … "
                        f"{MAX_NEURONS} neurons, got {hidden}.",
                        f"Stay within {MAX_LAYERS} layers of at most {MAX_NEURONS} neurons.")
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not 0 < lr <= 10:
        return Feedback(False, f"lr must be a number between 0 and 10, got {lr!r}.",
                        "Try one of the playground's rates, like 0.03, 0.1 or 0.3.")
    accuracy, diverged = train_like_the_playground("spiral", ("x1", "x2"), hidden, lr,
                                                   SPIRAL_EPOCHS)
    shape = "-".join(map(str, hidden)) or "no hidden layer"
    if diverged:
        return Feedback(False, f"{shape} with η = {lr:g} diverged.", "Lower the learning rate.")
    if accuracy >= SPIRAL_ACCURACY:
        return Feedback(True, f"{shape} with η = {lr:g} reaches {accuracy:.1%} test accuracy "
                        f"in {SPIRAL_EPOCHS} epochs, from x1 and x2 alone: the hidden layers "
                        "built the features the spiral needs.")
    hint = ("Each extra layer bends the boundary further: try more layers of 8."
            if sum(hidden) < 20 else "The network may be big enough: try another η (0.1, 0.3).")
    return Feedback(False, f"{shape} with η = {lr:g} reaches {accuracy:.1%} test accuracy in "
                    f"{SPIRAL_EPOCHS} epochs (the aim is {SPIRAL_ACCURACY:.0%}).", hint)


# -- Exercise 1: one neuron on x1² and x2², its weights chosen by hand ---------------------------

def _number(name, v):
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
        return Feedback(False, f"{name} must be a number, got {v!r}.",
                        f"Write {name} as a number, like -1.0 or 10.")
    return None


def check_circle_weights(w1, w2, b):
    """Does one neuron with inputs x1² and x2², z = w1·x1² + w2·x2² + b, classify every point
    of the playground's circle (class 1, the inner ring, where z > 0)?"""
    for name, v in (("w1", w1), ("w2", w2), ("b", b)):
        bad = _number(name, v)
        if bad is not None:
            return bad
    X, y = make_data("circle")
    z = w1 * X[:, 0] ** 2 + w2 * X[:, 1] ** 2 + b
    says_1 = z > 0
    right = int(np.sum(says_1 == (y == 1)))
    score = f"z = {_sum(w1, w2, b)} classifies {right} of {len(y)} points right"
    if right == len(y):
        shape = "a circle" if w1 == w2 else "an ellipse"
        return Feedback(True, f"{score}: its boundary z = 0 is {shape} between the inner "
                        f"ring (radius {INNER_RADIUS:g}) and the outer one ({OUTER_RADIUS:g}), "
                        "with z > 0 inside it. Training finds such weights too, only larger.")
    return Feedback(False, f"{score}.", _circle_hint(w1, w2, b))


def _sum(w1, w2, b):
    # "−1·x1² − 1·x2² + 14": the weighted sum as a learner would write it.
    text = f"{w1:g}·x1²"
    for v, term in ((w2, "·x2²"), (b, "")):
        text += f" {'−' if v < 0 else '+'} {abs(v):g}{term}"
    return text.replace("-", "−")


def _circle_hint(w1, w2, b):
    # A hint for the likely mistake behind these weights.
    if w1 == 0 and w2 == 0:
        return ("With w1 = w2 = 0, z = b at every point: the neuron gives every point the same "
                "class. The weights of x1² and x2² are what make z depend on the distance from "
                "the centre.")
    if w1 == 0 or w2 == 0:
        return ("With one weight 0, z depends on one coordinate only: the boundary is two "
                "straight lines (a stripe), not a circle. Give x1² and x2² the same weight.")
    if (w1 > 0) != (w2 > 0):
        return ("w1 and w2 have opposite signs: z = 0 is then a hyperbola, not a closed curve. "
                "Give them the same sign (and, for a circle, the same value).")
    if w1 > 0 and b < 0:
        return ("Inside out: with positive weights z grows away from the centre, so your neuron "
                "says class 1 far out and 0 near the centre. The inner ring is class 1 "
                "(z > 0). At the centre x1 = x2 = 0, so z = b: which sign must b have, and "
                "which sign must the weights have so that z falls below 0 far from the centre?")
    if w1 > 0:
        return ("With positive weights and b ≥ 0, z > 0 at every point: everything is class 1. "
                "z must be positive near the centre (b > 0) and negative far out (w < 0).")
    if b <= 0:
        return ("With negative weights and b ≤ 0, z < 0 at every point: everything is class 0. "
                "At the centre z = b, and the centre is class 1: b must be positive.")
    if w1 == w2:
        r = math.sqrt(-b / w1)
        if r <= INNER_RADIUS:
            return (f"Your boundary is the circle x1² + x2² = −b/w = {-b / w1:g}, of radius "
                    f"{r:.3g}: inside the inner ring (radius {INNER_RADIUS:g}), so every point "
                    f"lies outside it. Put the radius between {INNER_RADIUS:g} and "
                    f"{OUTER_RADIUS:g}: −b/w between {INNER_RADIUS ** 2:g} and "
                    f"{OUTER_RADIUS ** 2:g}.")
        return (f"Your boundary is the circle x1² + x2² = −b/w = {-b / w1:g}, of radius "
                f"{r:.3g}: outside the outer ring (radius {OUTER_RADIUS:g}), so every point "
                f"lies inside it. Put the radius between {INNER_RADIUS:g} and "
                f"{OUTER_RADIUS:g}: −b/w between {INNER_RADIUS ** 2:g} and "
                f"{OUTER_RADIUS ** 2:g}.")
    return ("w1 ≠ w2 makes the boundary an ellipse, and this one cuts through a ring. Use one "
            "value for both weights, and choose b so that the circle lies between the rings.")


# -- Exercise 2: the forward pass in numpy --------------------------------------------------------

def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _forward_variants(layers, F):
    """The right forward pass and the likely wrong ones, each as (name, output (n, 1))."""
    def run(hidden, out, bias=True):
        a = F
        for k, layer in enumerate(layers):
            z = a @ layer.W.T + (layer.b if bias else 0)
            a = out(z) if k == len(layers) - 1 else hidden(z)
        return a
    with np.errstate(all="ignore"):
        return [("right", run(np.tanh, _sigmoid)),
                ("tanh output", run(np.tanh, np.tanh)),
                ("no output activation", run(np.tanh, lambda z: z)),
                ("no bias", run(np.tanh, _sigmoid, bias=False)),
                ("sigmoid everywhere", run(_sigmoid, _sigmoid)),
                ("no hidden activation", run(lambda z: z, _sigmoid))]


_FORWARD_HINTS = {
    "tanh output": "The output neuron is a sigmoid, not a tanh: its output is a probability "
                   "between 0 and 1. Apply σ(z) = 1 / (1 + e^(−z)) to the last layer's z.",
    "no output activation": "You return the last layer's z. The output neuron still applies its "
                            "activation: σ(z) = 1 / (1 + e^(−z)).",
    "no bias": "Each layer adds its biases: z = a @ W.T + b.",
    "sigmoid everywhere": "The hidden layers of these networks are tanh neurons; only the output "
                          "neuron is a sigmoid.",
    "no hidden activation": "Each hidden layer applies tanh to its z before passing it on; "
                            "without it the layers collapse into one linear map.",
}


def _read_only_net(net):
    # Only W and b, read-only copies: the learner's function computes with them alone.
    layers = []
    for layer in net.layers:
        W, b = layer.W.copy(), layer.b.copy()
        W.flags.writeable = b.flags.writeable = False
        layers.append(types.SimpleNamespace(W=W, b=b))
    return types.SimpleNamespace(layers=layers)


def check_forward(forward):
    """Does ``forward(net, F)`` compute a tanh network's output (σ at the output neuron) from
    ``net.layers[k].W`` (n_out × n_in) and ``.b``, for features ``F`` (one point per row)?"""
    if not callable(forward):
        return Feedback(False, f"forward must be a function forward(net, F), got {forward!r}.",
                        "Define it with def forward(net, F): … and pass the function itself.")
    rng = np.random.default_rng(6)
    worst, wrong = 0.0, None
    for sizes, seed in (([2, 4, 2, 1], 0), ([3, 5, 3, 1], 1)):
        net = MLP(sizes, activation="tanh", seed=seed)
        for layer in net.layers:           # biases that matter (a new net's are 0)
            layer.b[:] = rng.normal(0.0, 1.0, size=layer.b.shape)
        F = rng.normal(0.0, 2.0, size=(20, sizes[0]))
        layers = _read_only_net(net).layers
        try:
            Y = forward(types.SimpleNamespace(layers=layers), F.copy())
            Y = np.asarray(Y, dtype=np.float64)
        except Exception as err:            # the learner's code: say what went wrong
            return Feedback(False, f"forward raised {type(err).__name__}: {err}",
                            "W has shape (n_out, n_in) and F one point per row, so a layer's "
                            "weighted sums are z = a @ W.T + b, shape (n_points, n_out).")
        if Y.size != len(F):
            return Feedback(False, f"forward returned shape {Y.shape} for {len(F)} points; "
                            f"expected ({len(F)}, 1), one output per point.",
                            "Go through every layer, the output layer too, and return its "
                            "activations.")
        Y = Y.reshape(-1, 1)
        gap = float(np.max(np.abs(Y - net(F)))) if np.isfinite(Y).all() else math.inf
        worst = max(worst, gap)
        if gap > 1e-9 and wrong is None:
            wrong = next((name for name, V in _forward_variants(layers, F)[1:]
                          if np.allclose(Y, V, rtol=1e-9, atol=1e-12)), "other")
    if wrong is None:
        return Feedback(True, "Your forward pass gives nnlib's outputs on two networks (to "
                        "within 1e-9). Column i of a hidden layer's a, over a grid of the "
                        "plane, is neuron i's map in the playground.")
    return Feedback(False, f"Your outputs differ from the network's by up to {worst:.2g}.",
                    _FORWARD_HINTS.get(wrong, "Each hidden layer: z = a @ W.T + b, then "
                                       "a = tanh(z); the output layer: σ(z) instead of tanh."))
