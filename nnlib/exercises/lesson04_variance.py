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
#: The exercise's inputs per unit: not 64 = 2 · 32, so its answer differs from exercise 3's.
RELU_N_IN = 100


def _measured_growth(std, n_in, depth=VARIANCE_DEPTH):
    """The factor by which Var(z) changed per layer on average (the geometric mean from the
    first hidden layer to the last), for ``depth`` ReLU layers of ``n_in`` units with weights
    from N(0, std²), on N(0, 1) inputs."""
    net = MLP([n_in] * (depth + 1) + [1], activation="relu", init="normal", init_scale=std)
    measured, _ = variance_check(net, wide_batch(n_in=n_in))
    return (measured[-1] / measured[0]) ** (1 / (depth - 1))


def _hint(std, n_in):
    """A hint for a wrong standard deviation: the near misses get their own."""
    hints = {
        2 / n_in: f"2/{n_in} is a variance, Var(w); the answer is a standard deviation.",
        1 / n_in: f"1/{n_in} is a variance, Var(w), and one that suits an activation which "
                  "passes all of Var(z) on; ReLU does not.",
        1 / math.sqrt(n_in): f"1/√{n_in} suits an activation that passes all of Var(z) on "
                             "(tanh near 0). What does ReLU do to the negative half of z?",
        math.sqrt(2) / n_in: f"√2/{n_in} takes the square root of the 2 only.",
    }
    return next((text for value, text in hints.items() if math.isclose(std, value)),
                "Var(z_l) = n_in · Var(w) · E[a²_{l−1}]. What is E[a²] after a ReLU, for a "
                "z of mean 0 and variance 1? Choose Var(w) so that Var(z_l) = 1, then turn it "
                "into a standard deviation.")


def check_relu_weight_std(std, n_in=RELU_N_IN):
    """The standard deviation of the weights (drawn from N(0, std²)) that turns Var(z_{l−1}) = 1
    into Var(z_l) = 1 in a deep ReLU network with ``n_in`` inputs per unit."""
    if isinstance(std, bool) or not isinstance(std, numbers.Real) or not math.isfinite(std) \
            or std <= 0:
        return Feedback(False, f"the answer is a standard deviation, a positive number; got "
                        f"{std!r}.", "Write a number, like 0.5 or an expression like 1 / 3.")
    exact = math.sqrt(2 / n_in)
    growth = _measured_growth(std, n_in)
    measured = (f"Measured over {VARIANCE_DEPTH} ReLU layers of {n_in} units: Var(z) changed "
                f"by a factor {growth:.2g} per layer on average")
    if abs(std - exact) <= STD_TOLERANCE * exact:
        return Feedback(True, f"with standard deviation {std:.4g} each ReLU layer multiplies "
                        f"Var(z) by n_in · std² / 2 = {n_in * std ** 2 / 2:.3f}. {measured}.")
    way = "shrinks" if growth < 1 else "grows"
    return Feedback(False, f"with standard deviation {std:.4g}, Var(z) {way} layer by layer. "
                    f"{measured}.", _hint(std, n_in))


__all__ = ["RELU_N_IN", "STD_TOLERANCE", "VARIANCE_DEPTH", "check_relu_weight_std"]
