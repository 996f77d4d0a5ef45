"""The classic 2-2-2 backpropagation example, ready to compute with.

Inputs i1 = 0.05, i2 = 0.10; targets 0.01, 0.99; sigmoid everywhere;
E = Σ ½ (t − y)²; learning rate 0.5; the biases (0.35 into the hidden
layer, 0.60 into the output layer) stay fixed. The weights, named as in
the diagram, are

    w1 = 0.15 (i1 → h1)   w2 = 0.20 (i2 → h1)   w3 = 0.25 (i1 → h2)   w4 = 0.30 (i2 → h2)
    w5 = 0.40 (h1 → o1)   w6 = 0.45 (h2 → o1)   w7 = 0.50 (h1 → o2)   w8 = 0.55 (h2 → o2)

In nnlib's convention ``W[i, j]`` is the weight from input j into neuron i,
so layer 1 has W = [[w1, w2], [w3, w4]] and layer 2 W = [[w5, w6], [w7, w8]].
"""

from collections import namedtuple

from ._validate import as_real_array, real_number
from .network import MLP
from .optim import SGD

WorkedExample = namedtuple("WorkedExample", "net X T lr optimizer")

#: The eight weights by name.
WEIGHTS = {"w1": 0.15, "w2": 0.20, "w3": 0.25, "w4": 0.30,
           "w5": 0.40, "w6": 0.45, "w7": 0.50, "w8": 0.55}

#: Where each named weight sits: (layer index, row, column) in ``net.layers[layer].W``.
POSITION = {"w1": (0, 0, 0), "w2": (0, 0, 1), "w3": (0, 1, 0), "w4": (0, 1, 1),
            "w5": (1, 0, 0), "w6": (1, 0, 1), "w7": (1, 1, 0), "w8": (1, 1, 1)}


def worked_example(weights=None, b1=0.35, b2=0.60, x=(0.05, 0.10), t=(0.01, 0.99), lr=0.5):
    """The 2-2-2 network, its one sample and its optimiser (weights only, biases fixed).

    ``weights`` may override some of w1 … w8 by name. Returns a namedtuple
    ``(net, X, T, lr, optimizer)`` with X, T of shape (1, 2).
    """
    values = dict(WEIGHTS)
    if weights is not None and not hasattr(weights, "items"):
        raise TypeError(f"weights must be a dict like {{'w5': 0.4}}, got {weights!r}")
    for name, value in (weights or {}).items():
        if name not in POSITION:
            raise ValueError(f"unknown weight {name!r}; expected one of {sorted(POSITION)}")
        values[name] = real_number(value, f"weight {name}")
    b1, b2 = real_number(b1, "b1"), real_number(b2, "b2")
    x = _pair(x, "x (the two inputs)")
    t = _pair(t, "t (the two targets)")
    net = MLP([2, 2, 2], activation="sigmoid", output_activation="sigmoid", seed=0)
    for name, (layer, row, col) in POSITION.items():
        net.layers[layer].W[row, col] = values[name]
    net.layers[0].b[:] = b1
    net.layers[1].b[:] = b2
    X = x.reshape(1, 2)
    T = t.reshape(1, 2)
    return WorkedExample(net, X, T, lr, SGD(lr, update_biases=False))


def _pair(values, name):
    arr = as_real_array(values, name, "two numbers")
    if arr.shape != (2,):
        raise ValueError(f"{name} must be two numbers, got shape {arr.shape}")
    return arr


def weight(net, name):
    """The current value of the named weight ("w1" … "w8") of a worked-example network."""
    layer, row, col = POSITION[name]
    return float(net.layers[layer].W[row, col])


def weight_grad(net, name):
    """dE/d(name) after ``net.backward``: the named entry of that layer's ``dW``."""
    layer, row, col = POSITION[name]
    return float(net.layers[layer].dW[row, col])
