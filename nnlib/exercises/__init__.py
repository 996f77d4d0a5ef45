"""Exercise checks: each ``check_*`` says right or wrong, why, and gives a hint.

Checks accept any correct answer (they test what the answer does, not
whether it equals a stored one) and return a ``Feedback``, which a notebook
shows as a coloured box and which is truthy when the answer is right.
"""

from .feedback import Feedback
from .lesson01 import check_nand_weights, check_perceptron_output
from .lesson02 import check_separable, check_xor_weights
from .lesson03 import (
    backprop_a,
    backprop_b,
    check_dE_dw1,
    check_dE_dw6,
    check_out_o2_after_update,
    check_wrong_implementation,
)
from .lesson04 import check_clip_norm, check_smallest_gradient, check_tanh_scale
from .lesson05 import check_l2, check_largest_lr, check_lr_from_range_test
from .lesson06 import check_circle_features, check_spiral_network

__all__ = ["Feedback", "backprop_a", "backprop_b", "check_dE_dw1", "check_dE_dw6",
           "check_out_o2_after_update", "check_wrong_implementation",
           "check_nand_weights", "check_perceptron_output", "check_separable",
           "check_xor_weights",
           "check_clip_norm", "check_smallest_gradient", "check_tanh_scale",
           "check_l2", "check_largest_lr", "check_lr_from_range_test",
           "check_circle_features", "check_spiral_network"]
