"""Lesson 04's training run: a deep network on the fixed batch, and what each layer receives.

``DeepRun`` trains one of lesson 04's deep nets (``nnlib.tasks.deep_net``) on its fixed batch
of 256 points with full-batch SGD (one step per epoch), and keeps, step by step, the error
‖δ_l‖ that reached each layer, how far each layer's weights have moved, and the loss. It says
in words what happened (``message``): diverged, most units at z <= 0, or what
``diagnostics.verdict`` says about the gradients now. ``training_explorer`` paints one.

    run = DeepRun(depth=6, activation="sigmoid", lr=1.0)
    run.train(300)
    run.loss[-1], run.delta_norms[-1], run.message()

numpy only (the maths side).
"""

import numpy as np

from ..diagnostics import LOSS, layer_norms, negative_fraction, verdict
from ..optim import SGD
from ..tasks import deep_net, fixed_batch
from ..training import fit

#: Activations whose units can sit at z <= 0 on every input (and, for ReLU, die there).
RECTIFIED = ("relu", "leaky_relu", "prelu")


class DeepRun:
    """Full-batch SGD on lesson 04's fixed batch, recorded per step.

    Settings: ``depth`` hidden layers of ``width`` units, ``activation``, ``init`` × ``scale``
    and ``seed`` (as ``deep_net``); the learning rate ``lr``; with ``clip``, gradients are
    clipped to the global norm ``clip_norm``. Per step t (lists of length ``steps``):

    * ``loss[t]``: the batch loss before step t;
    * ``delta_norms[t]``: ‖δ_l‖ of each layer (input side first) in step t's backward pass;
    * ``moved[t]``: ‖W_l − W_l(0)‖ of each layer after step t.

    ``diverged`` is fit's message when training blew up ("" otherwise); a diverged run is
    ``done`` and trains no more. ``reset()`` starts over from the same fresh network.
    """

    def __init__(self, depth=4, width=16, activation="sigmoid", init="xavier", scale=1.0,
                 lr=0.5, clip=False, clip_norm=1.0, seed=0):
        if not isinstance(clip, (bool, np.bool_)):
            raise TypeError(f"clip must be True or False, got {clip!r}")
        for name, v in (("lr", lr), ("clip_norm", clip_norm)):
            if isinstance(v, bool) or not np.isfinite(float(v)) or v <= 0:
                raise ValueError(f"{name} must be a positive number, got {v!r}")
        self.settings = dict(depth=depth, width=width, activation=activation, init=init,
                             scale=scale, lr=lr, clip=bool(clip), clip_norm=clip_norm, seed=seed)
        self.X, self.T = fixed_batch()
        self.reset()

    def reset(self):
        """Start over: the fresh network of the settings, nothing trained. Returns self."""
        s = self.settings
        self.net = deep_net(s["depth"], s["width"], s["activation"], s["init"], s["scale"],
                            s["seed"])
        self.optimizer = SGD(s["lr"], clip_norm=s["clip_norm"] if s["clip"] else None)
        self.W0 = [layer.W.copy() for layer in self.net.layers]
        self.loss, self.delta_norms, self.moved = [], [], []
        self.diverged = ""
        return self

    @property
    def steps(self):
        """Steps trained so far."""
        return len(self.loss)

    @property
    def done(self):
        """True once training diverged: a blown-up network trains no further."""
        return bool(self.diverged)

    def train(self, steps, go_on=None):
        """Train ``steps`` more full-batch steps (fewer if it diverges, or when
        ``go_on(step, history)``, fit's callback, returns False after a step). Returns the
        number of steps taken."""
        if int(steps) != steps or steps < 0:
            raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
        if self.done or steps == 0:
            return 0

        def record(epoch, history):
            # after each epoch (= one step): the error each layer received in that step (kept
            # by its backward pass) and how far each layer has moved
            self.moved.append([float(np.linalg.norm(layer.W - W0))
                               for layer, W0 in zip(self.net.layers, self.W0)])
            with np.errstate(all="ignore"):
                self.delta_norms.append([float(np.sqrt(np.vdot(layer.delta, layer.delta)))
                                         for layer in self.net.layers])
            return go_on is None or go_on(epoch, history)

        history = fit(self.net, self.X, self.T, LOSS, self.optimizer, epochs=int(steps),
                      callback=record)
        self.loss.extend(history.loss.tolist())
        if history.diverged:
            self.diverged = history.message
        return len(history.loss)

    def below_zero(self):
        """Per hidden layer, the fraction of units whose z is <= 0 for every input (dead, for
        ReLU). Shape (depth,)."""
        return negative_fraction(self.net, self.X)

    def units_below_zero(self):
        """``(n, units)``: how many hidden units have z <= 0 on every input, of how many."""
        fractions = self.below_zero()
        widths = [layer.n_out for layer in self.net.layers[:-1]]
        return int(round(float(np.dot(fractions, widths)))), int(sum(widths))

    def message(self):
        """What happened, in words: diverged; most ReLU units dead; most leaky units at
        z <= 0; else ``verdict`` on the gradients of the network as it is now ("" if
        healthy)."""
        s = self.settings
        n, units = self.units_below_zero()
        if self.diverged:
            return (f"Diverged at step {self.steps}: the gradients exploded.\n"
                    "Remedies: clip the gradients (clipping on)\n"
                    "or a smaller init scale.")
        if s["activation"] == "relu" and n > units / 2:
            return (f"{n / units:.0%} of the ReLU units are dead:\nthey output 0 for every "
                    "input, so no\ngradient reaches them ever again.")
        if s["activation"] in RECTIFIED and n > units / 2:
            return (f"{n / units:.0%} of the units have z ≤ 0 on every input. Not dead:\n"
                    "each still passes its slope α × the gradient,\nbut works only on its "
                    "weak side.")
        text = verdict(layer_norms(self.net, self.X, self.T))
        if text.startswith("Exploding") and s["clip"]:
            text += f"\nClipping caps every step at norm {s['clip_norm']:.3g}."
        return text

    def __repr__(self):
        values = ", ".join(f"{k}={v!r}" for k, v in self.settings.items())
        return f"DeepRun({values}; {self.steps} steps{', diverged' if self.diverged else ''})"
