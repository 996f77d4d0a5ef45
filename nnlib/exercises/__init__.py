"""Exercise checks: each ``check_*`` says right or wrong, why, and gives a hint.

Checks accept any correct answer (they test what the answer does, not
whether it equals a stored one) and return a ``Feedback``, which a notebook
shows as a coloured box and which is truthy when the answer is right.
"""

from .feedback import Feedback
from .lesson01 import (
    check_and_not_weights,
    check_nand_weights,
    check_neuron_outputs,
    check_perceptron_output,
    check_rule_update,
)
from .lesson02 import (
    check_gradient_descent,
    check_one_step,
    check_separable,
    check_xor_weights,
    xor_gradient,
)
from .lesson03 import (
    backprop_a,
    backprop_b,
    check_backward,
    check_dE_dw1,
    check_dE_dw6,
    check_out_o2_after_update,
    check_wrong_implementation,
)
from .lesson04 import (
    check_clip_norm,
    check_deep_cures,
    check_layer_delta,
    check_relu_weight_std,
    check_smallest_gradient,
    check_tanh_scale,
)
from .lesson05 import check_l2, check_largest_lr, check_lr_from_range_test
from .lesson05_conditioning import check_best_momentum, check_plain_steps
from .lesson06 import (
    check_circle_features,
    check_circle_weights,
    check_forward,
    check_spiral_network,
)
from .lesson07 import (
    check_adam_first_step,
    check_softmax,
    check_standardize,
)
from .lesson07_l2 import check_best_l2

__all__ = ["Feedback",
           # 01
           "check_neuron_outputs", "check_and_not_weights", "check_rule_update",
           "check_nand_weights", "check_perceptron_output",
           # 02
           "check_separable", "check_xor_weights", "check_one_step", "check_gradient_descent",
           "xor_gradient",
           # 03
           "check_dE_dw6", "check_dE_dw1", "check_backward", "check_wrong_implementation",
           "backprop_a", "backprop_b", "check_out_o2_after_update",
           # 04
           "check_smallest_gradient", "check_tanh_scale", "check_clip_norm", "check_layer_delta",
           "check_relu_weight_std", "check_deep_cures",
           # 05
           "check_largest_lr", "check_lr_from_range_test", "check_l2", "check_best_momentum",
           "check_plain_steps",
           # 06
           "check_circle_weights", "check_forward", "check_circle_features",
           "check_spiral_network",
           # 07
           "check_standardize", "check_softmax", "check_adam_first_step", "check_best_l2"]
