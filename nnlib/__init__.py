"""nnlib: the small neural-network library of the course *How Neural Networks Learn*.

The maths lives in plain numpy, one concept per module:

    activations   f(z) and f′(z): sigmoid, tanh, relu, leaky_relu, identity, step
    losses        value(Y, T) and grad(Y, T): half_mse, binary_cross_entropy, softmax_cross_entropy
    init          initial weights: xavier, he, normal, zeros
    dense         Dense: one layer, forward and backward (BP1–BP4)
    network       MLP: a stack of Dense layers
    optim         SGD: clipping, weight decay, momentum, the update
    adam          Adam: bias-corrected running means of g and g² (Kingma & Ba, 2015)
    training      fit and History
    lr_finder     lr_range_test (Smith's learning-rate range test)
    perceptron    Perceptron and its learning rule
    gradcheck     check_gradients (finite differences against backprop)
    diagnostics   per-layer gradient norms, dead units, vanishing/exploding verdicts
    data          small 2-D data sets made from a seed; digits(), the UCI 8 × 8 handwritten digits
    preprocess    split into train/validation/test; standardise with the training statistics
    features      inputs computed from (x1, x2): x1², x1·x2, sin x1, …
    worked_example  the classic 2-2-2 backprop example

Pictures (``nnlib.viz``), live explorers (``nnlib.widgets``), exercise
checks (``nnlib.exercises``), the lessons' tasks (``nnlib.tasks``) and headless
training runs (``nnlib.runs``) load on first use, so ``import nnlib`` needs
numpy only.
"""

from . import activations, data, diagnostics, features, init, losses, preprocess
from .adam import Adam
from .dense import Dense
from .gradcheck import check_gradients
from .lr_finder import lr_range_test
from .network import MLP
from .optim import SGD
from .perceptron import Perceptron
from .training import History, fit, forward_backward
from .worked_example import worked_example

__version__ = "0.1.0"

_LAZY = ("viz", "widgets", "exercises", "tasks", "runs")


def __getattr__(name):
    # nnlib.viz, nnlib.widgets and nnlib.exercises load on first use, so that
    # `import nnlib` needs numpy only, yet `nnlib.widgets.perceptron_explorer()` works.
    if name in _LAZY:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")

__all__ = [
    "Adam", "Dense", "History", "MLP", "Perceptron", "SGD", "activations", "check_gradients",
    "data", "diagnostics", "features",
    "fit", "forward_backward", "init", "losses", "lr_range_test", "preprocess", "worked_example",
]
