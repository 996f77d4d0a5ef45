"""The playground's menus and presets: learning rates, regularisation rates, activations,
losses, and the named settings a lesson jumps to ("η = 10: too large")."""

from .. import features as feats

LEARNING_RATES = [1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
RATES = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear"]
LOSSES = [("cross-entropy", "binary_cross_entropy"), ("half-MSE", "half_mse")]

#: What every preset sets unless it says otherwise, so that a preset shows the same picture
#: whichever preset (or control move) came before it: the noise of "L1 0.01 on 6×8" must not
#: carry over into the next one.
_COMMON = dict(noise=0, train_percent=50, batch_size=10)


def _preset(**settings):
    loss = "half_mse" if settings.get("problem") == "regression" else "binary_cross_entropy"
    return {**_COMMON, "loss": loss, **settings}


#: Presets: settings for ``Playground.update``; each sets every control but the seed and epochs.
PRESETS = {
    "circle, x₁ x₂, 4-2 tanh (start here)": _preset(
        data="circle", problem="classification", features=("x1", "x2"), hidden=(4, 2),
        activation="tanh", lr=0.03, regularization="none", rate=0.0),
    "circle with x₁² x₂²: no hidden layer needed": _preset(
        data="circle", problem="classification", features=("x1^2", "x2^2"), hidden=(),
        activation="tanh", lr=0.03, regularization="none", rate=0.0),
    "xor with x₁x₂: one feature is enough": _preset(
        data="xor", problem="classification", features=("x1*x2",), hidden=(),
        activation="tanh", lr=0.03, regularization="none", rate=0.0),
    "spiral: deep and wide, with sines": _preset(
        data="spiral", problem="classification", noise=0,
        features=("x1", "x2", "sin(x1)", "sin(x2)"), hidden=(8, 8, 6), activation="tanh",
        lr=0.03, regularization="none", rate=0.0),
    "η = 10: too large": _preset(
        data="circle", problem="classification", features=("x1", "x2"), hidden=(4, 2),
        activation="tanh", lr=10.0, regularization="none", rate=0.0),
    "ReLU 8-8-8, η = 1: some units die": _preset(
        data="circle", problem="classification", features=("x1", "x2"), hidden=(8, 8, 8),
        activation="relu", lr=1.0, regularization="none", rate=0.0),
    "ReLU 8-8-8, η = 3: a dead network": _preset(
        data="circle", problem="classification", features=("x1", "x2"), hidden=(8, 8, 8),
        activation="relu", lr=3.0, regularization="none", rate=0.0),
    "L1 0.01 on 6×8: sparse weights": _preset(
        data="circle", problem="classification", noise=20,
        features=feats.NAMES, hidden=(8,) * 6, activation="tanh", lr=0.03,
        regularization="L1", rate=0.01),
    "regression: the bumps": _preset(
        data="bumps", problem="regression", features=("x1", "x2"), hidden=(8, 8),
        activation="tanh", lr=0.01, regularization="none", rate=0.0),
}
