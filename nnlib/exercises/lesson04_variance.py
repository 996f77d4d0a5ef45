"""Lesson 04's check on the variance argument: the weight standard deviation that keeps
Var(z) constant through ReLU layers (He's condition, as a number)."""

import math
import numbers

from ..diagnostics import variance_check
from ..network import MLP
from ..tasks import wide_batch
from .feedback import Feedback

#: How far (relative) an answer may be from the exact standard deviation: rounding, not more.
STD_TOLERANCE = 0.03
#: The depth over which the check measures what the answer does.
VARIANCE_DEPTH = 10


def _measured_growth(std, n_in, depth=VARIANCE_DEPTH):
    """The factor by which Var(z) changed per layer on average (the geometric mean from the
    first hidden layer to the last), for ``depth`` ReLU layers of ``n_in`` units with weights
    from N(0, std²), on N(0, 1) inputs."""
    net = MLP([n_in] * (depth + 1) + [1], activation="relu", init="normal", init_scale=std)
    measured, _ = variance_check(net, wide_batch(n_in=n_in))
    return (measured[-1] / measured[0]) ** (1 / (depth - 1))


def check_relu_weight_std(std, n_in=64):
    """The standard deviation of the weights (drawn from N(0, std²)) that keeps Var(z) at 1,
    layer after layer, in a deep ReLU network with ``n_in`` inputs per unit."""
    if isinstance(std, bool) or not isinstance(std, numbers.Real) or not math.isfinite(std) \
            or std <= 0:
        return Feedback(False, f"the answer is a standard deviation, a positive number; got "
                        f"{std!r}.", "Write a number, like 0.5 or an expression like 1 / 3.")
    exact = math.sqrt(2 / n_in)
    factor = n_in * std ** 2 / 2          # what each ReLU layer multiplies Var(z) by
    growth = _measured_growth(std, n_in)
    measured = (f"Measured over {VARIANCE_DEPTH} ReLU layers of {n_in} units: Var(z) changed "
                f"by a factor {growth:.2g} per layer on average.")
    if abs(std - exact) <= STD_TOLERANCE * exact:
        return Feedback(True, f"with standard deviation {std:.4g} each ReLU layer multiplies "
                        f"Var(z) by n_in · std² / 2 = {factor:.3f}. {measured}")
    hints = {
        2 / n_in: f"2/{n_in} is a variance, Var(w), and the answer is a standard deviation: "
                  "the square root of the variance.",
        1 / n_in: f"1/{n_in} is the variance that suits an activation that keeps all of "
                  "Var(z), and a variance, not a standard deviation.",
        1 / math.sqrt(n_in): f"1/√{n_in} keeps Var(z) for an activation that passes all of "
                             "it (tanh near 0); ReLU sets half of its inputs to 0.",
    }
    hint = next((text for value, text in hints.items() if math.isclose(std, value)),
                "Var(z_l) = n_in · Var(w) · E[a²], and ReLU keeps half of Var(z) in E[a²]: "
                "choose Var(w) so that the product is 1, then take the square root.")
    way = "shrinks" if factor < 1 else "grows"
    return Feedback(False, f"with standard deviation {std:.4g} each ReLU layer multiplies "
                    f"Var(z) by n_in · std² / 2 = {factor:.3g}: it {way} layer by layer. "
                    f"{measured}", hint)


__all__ = ["STD_TOLERANCE", "VARIANCE_DEPTH", "check_relu_weight_std"]
