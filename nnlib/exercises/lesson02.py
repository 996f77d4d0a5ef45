"""Checks for lesson 02 (XOR, gradient descent and the 2-2-1 network), in two modules:

* ``lesson02_xor``: which gates one line separates (``check_separable``), and XOR's
  weights by hand (``check_xor_weights``);
* ``lesson02_descent``: one step of gradient descent (``check_one_step``), the gradient of
  the XOR network (``xor_gradient``) and the learner's descent loop
  (``check_gradient_descent``).
"""

from .lesson02_descent import (
    STEP_LR,
    STEP_T,
    STEP_W,
    STEP_X,
    check_gradient_descent,
    check_one_step,
    xor_gradient,
)
from .lesson02_xor import check_separable, check_xor_weights

__all__ = ["STEP_LR", "STEP_T", "STEP_W", "STEP_X", "check_gradient_descent", "check_one_step",
           "check_separable", "check_xor_weights", "xor_gradient"]
