"""Checks for lesson 03 (backpropagation on the 2-2-2 worked example), in three modules:

* ``lesson03_ledger``: the worked example's ledger at the weights after one update
  (``check_dE_dw6``, ``check_dE_dw1``, ``check_out_o2_after_update``);
* ``lesson03_backward``: the learner's own backward pass (``check_backward``);
* ``lesson03_gradcheck``: which of two implementations is wrong, by a gradient check
  (``backprop_a``, ``backprop_b``, ``check_wrong_implementation``).
"""

from .lesson03_backward import backward_cases, check_backward
from .lesson03_gradcheck import (
    backprop_a,
    backprop_b,
    check_wrong_implementation,
    gradient_check_errors,
)
from .lesson03_ledger import (
    RTOL,
    SLIP_RTOL,
    check_dE_dw1,
    check_dE_dw6,
    check_out_o2_after_update,
    out_o2_after_update,
    second_step,
)

__all__ = ["RTOL", "SLIP_RTOL", "backprop_a", "backprop_b", "backward_cases", "check_backward",
           "check_dE_dw1", "check_dE_dw6", "check_out_o2_after_update",
           "check_wrong_implementation", "gradient_check_errors", "out_o2_after_update",
           "second_step"]
