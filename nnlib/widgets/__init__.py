"""Live explorers: each interactive figure of the course, built from nnlib's maths and pictures.

Every explorer has ``.controls``, ``.figure``, ``.update(**values)``,
``.state()`` and, where a lesson has interesting cases, ``.presets``; as the
last expression of a notebook cell it shows itself.
"""

from .backprop import backprop_explorer, loss_comparison_explorer
from .conditioning import conditioning_explorer
from .descent import descent_explorer
from .digits import digit_outputs_explorer, digits_training_explorer
from .explorer import Explorer
from .gradients import gradient_explorer
from .layer_training import training_explorer
from .lr_training import lr_training_explorer
from .perceptron import perceptron_explorer, perceptron_rule_explorer
from .playground import playground
from .slope import slope_explorer
from .xor import xor_explorer

__all__ = ["Explorer",
           # 01
           "perceptron_explorer", "perceptron_rule_explorer",
           # 02
           "xor_explorer", "slope_explorer",
           # 03
           "backprop_explorer", "loss_comparison_explorer",
           # 04
           "gradient_explorer", "training_explorer",
           # 05
           "descent_explorer", "conditioning_explorer", "lr_training_explorer",
           # 06
           "playground",
           # 07
           "digits_training_explorer", "digit_outputs_explorer"]
