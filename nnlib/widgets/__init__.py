"""Live explorers: each interactive figure of the course, built from nnlib's maths and pictures.

Every explorer has ``.controls``, ``.figure``, ``.update(**values)``,
``.state()`` and, where a lesson has interesting cases, ``.presets``; as the
last expression of a notebook cell it shows itself.
"""

from .backprop import backprop_explorer, loss_comparison_explorer
from .descent import descent_explorer
from .explorer import Explorer
from .gradients import gradient_explorer
from .layer_training import training_explorer
from .lr_training import lr_training_explorer
from .perceptron import perceptron_explorer, perceptron_rule_explorer
from .playground import playground
from .slope import slope_explorer
from .xor import xor_explorer

__all__ = ["Explorer", "backprop_explorer", "loss_comparison_explorer",
           "perceptron_explorer", "perceptron_rule_explorer", "xor_explorer",
           "gradient_explorer", "training_explorer", "descent_explorer", "lr_training_explorer",
           "playground", "slope_explorer"]
from .digits import digit_outputs_explorer, digits_training_explorer  # noqa: E402

__all__ += ["digits_training_explorer", "digit_outputs_explorer"]
from .conditioning import conditioning_explorer  # noqa: E402

__all__ += ["conditioning_explorer"]
