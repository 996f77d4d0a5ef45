"""What a training run recorded: ``History``, filled step by step by ``fit``."""

import numpy as np


class History:
    """What ``fit`` recorded.

    Attributes (numpy arrays, growing as training runs):
      ``loss``        (steps,)          the batch loss before each optimiser step
      ``grad_norms``  (steps, layers)   ‖dW_l‖ at each step, input side first
      ``epoch_loss``  (epochs,)         mean batch loss over each epoch
      ``accuracy``    (epochs,) or None fraction of training samples classified right
      ``val_loss``, ``val_accuracy``    the same on validation data, if given
      ``diverged``    bool              training blew up (below); ``diverged_at`` is that step
      ``message``     str               why training stopped, in words

    **Diverged** means that the weights have blown up, in one of three ways:

    1. the loss or a gradient is inf or NaN (checked before every step);
    2. the step about to be taken, learning rate × gradient norm (after clipping), would
       move the weights by more than 1000 times their size (checked before every step;
       only for optimisers whose step is lr × gradient, like SGD: Adam moves each number
       by about lr whatever the gradient's size, so a large gradient is no sign there);
    3. after an epoch the weights are more than 1000 times larger (‖θ‖, all parameters as
       one vector) than when ``fit`` began (or than 1, if they were smaller). This costs a
       pass over the weights, so it runs after an epoch only once 10 steps have passed
       since it last ran (so every epoch of 10 or more batches), and after the last epoch.

    Rules 1 and 2 stop before the step (it is not applied); rule 3 sees steps already
    taken, each below rule 2's bar. Rule 3 is the one that sees a blow-up the loss hides:
    with sigmoid units, η = 1000 on the moons took the weights from 1.5 to 316 to 12 449 in
    two steps (215×, then 39×); every sigmoid saturated, so the gradients vanished (1e-133)
    and the loss could not grow: squared error is at most ½ per output, and cross-entropy
    on probabilities clips them to [1e-12, 1 − 1e-12] (it sat at 13.8, half the samples at
    −ln 1e-12). A network whose output is merely certain and wrong is *not* diverged by
    itself: with cross-entropy its output gradient y − t stays large, and it can recover
    (lesson 04's exploding ReLU net does, once its steps are clipped).

    ``fit`` fills a History through ``record_step``, ``record_epoch`` and ``record_stop``.
    """

    def __init__(self, max_steps, max_epochs, n_layers, classifier, validation):
        self._loss = np.full(max_steps, np.nan)
        self._grad_norms = np.full((max_steps, n_layers), np.nan)
        self._epoch_loss = np.full(max_epochs, np.nan)
        self._accuracy = np.full(max_epochs, np.nan) if classifier else None
        self._val_loss = np.full(max_epochs, np.nan) if validation else None
        self._val_accuracy = np.full(max_epochs, np.nan) if validation and classifier else None
        self.classifier = classifier
        self.steps = 0
        self.epochs = 0
        self.diverged = False
        self.diverged_at = None
        self.stopped_by_callback = False
        self.message = "not started"
        self._epoch_sum, self._epoch_correct = 0.0, 0

    loss = property(lambda self: self._loss[:self.steps])
    grad_norms = property(lambda self: self._grad_norms[:self.steps])
    epoch_loss = property(lambda self: self._epoch_loss[:self.epochs])
    accuracy = property(lambda self: None if self._accuracy is None
                        else self._accuracy[:self.epochs])
    val_loss = property(lambda self: None if self._val_loss is None
                        else self._val_loss[:self.epochs])
    val_accuracy = property(lambda self: None if self._val_accuracy is None
                            else self._val_accuracy[:self.epochs])

    # -- filled by fit ---------------------------------------------------------------

    def record_step(self, L, grad_norms, n_samples, n_correct=0):
        """One step: the batch loss ``L`` (mean over its ``n_samples``), the layers'
        ‖dW‖ (a list, input side first), and how many of the batch were classified right."""
        i = self.steps
        self._loss[i] = L
        self._grad_norms[i] = grad_norms
        self.steps = i + 1
        self._epoch_sum += L * n_samples
        self._epoch_correct += n_correct

    def record_epoch(self, n_samples, val_loss=None, val_accuracy=None):
        """Close an epoch over ``n_samples`` training samples: its mean loss and accuracy
        from the steps recorded since the last epoch, and the validation figures if given."""
        e = self.epochs
        self._epoch_loss[e] = self._epoch_sum / n_samples
        if self._accuracy is not None:
            self._accuracy[e] = self._epoch_correct / n_samples
        if self._val_loss is not None:
            self._val_loss[e] = val_loss
        if self._val_accuracy is not None:
            self._val_accuracy[e] = val_accuracy
        self.epochs = e + 1
        self._epoch_sum, self._epoch_correct = 0.0, 0

    def record_stop(self, message, diverged=False, by_callback=False):
        """Training ended: say why; a divergence is the step recorded last."""
        self.message = message
        if diverged:
            self.diverged, self.diverged_at = True, self.steps - 1
        self.stopped_by_callback = by_callback

    def __len__(self):
        return self.steps

    def __repr__(self):
        parts = [f"{self.epochs} epochs", f"{self.steps} steps"]
        if self.steps:
            parts.append(f"last loss {self._loss[self.steps - 1]:.6g}")
        if self.accuracy is not None and self.epochs:
            parts.append(f"accuracy {self.accuracy[-1]:.1%}")
        if self.diverged:
            parts.append("DIVERGED")
        return f"History({', '.join(parts)}: {self.message})"
