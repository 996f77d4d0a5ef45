"""Checks for lesson 06 (the playground: features and network size)."""

import math
import numbers

import numpy as np

from .. import features as feats
from ..data import train_test_split
from ..losses import get as get_loss
from ..network import MLP
from ..optim import SGD
from ..training import fit, n_correct
from ..widgets.playground_code import make_data
from .feedback import Feedback

#: Exercise 1: a network with no hidden layer, on the circle, must reach this test accuracy.
CIRCLE_ACCURACY, CIRCLE_EPOCHS = 0.95, 100
#: Exercise 2: a tanh network on the spiral, from x1 and x2 only.
SPIRAL_ACCURACY, SPIRAL_EPOCHS = 0.90, 300


def train_like_the_playground(data, features, hidden, lr, epochs, activation="tanh", seed=0):
    """Train as the playground does (half the points for training, batches of 10, one
    ``fit`` per epoch); returns the test accuracy and whether training diverged."""
    X, y = make_data(data, 0, seed)
    X_train, y_train, X_test, y_test = train_test_split(X, y, test_fraction=0.5, seed=seed)
    F_train, F_test = feats.expand(X_train, features), feats.expand(X_test, features)
    net = MLP([len(features), *hidden, 1], activation=activation, seed=seed)
    loss, opt = get_loss("binary_cross_entropy"), SGD(lr)
    for epoch in range(epochs):
        if fit(net, F_train, y_train, loss, opt, epochs=1, batch_size=10, seed=epoch).diverged:
            return math.nan, True
    with np.errstate(all="ignore"):
        correct = n_correct(net(F_test), y_test.reshape(-1, 1).astype(float))
    return correct / len(y_test), False


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
    if len(hidden) > 6 or not all(isinstance(m, numbers.Integral) and 1 <= m <= 8
                                  for m in hidden):
        return Feedback(False, f"the playground allows up to 6 layers of 1 … 8 neurons, got "
                        f"{hidden}.", "Stay within 6 layers of at most 8 neurons.")
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
