"""The perceptron: one neuron with a step activation and its own learning rule.

    ŷ = step(w · x + b)              (1 if w · x + b ≥ 0, else 0)
    on a mistake:  w ← w + lr (y − ŷ) x,   b ← b + lr (y − ŷ)

If the two classes can be split by a line (a hyperplane), this rule stops
making mistakes after finitely many updates (the perceptron convergence
theorem). If they cannot, as for XOR, it keeps updating forever.
"""

from collections import namedtuple

import numpy as np

from ._validate import as_batch, as_real_array, positive_float, positive_int

#: One update of the rule: which sample was misclassified, and the weights after.
Update = namedtuple("Update", "epoch sample x y y_hat w b")


class Perceptron:
    """A single threshold neuron trained with the perceptron learning rule.

    Weights and bias start at zero; samples are visited in order, every epoch.

    >>> from nnlib.data import logic_gate
    >>> X, y = logic_gate("and")
    >>> Perceptron(2).fit(X, y).converged
    True
    """

    def __init__(self, n_in, lr=1.0):
        self.n_in = positive_int(n_in, "n_in")
        self.lr = positive_float(lr, "lr (learning rate)")
        self.w = np.zeros(self.n_in)
        self.b = 0.0
        self.updates = []
        self.converged = False
        self.cycled = False
        self.epochs_run = 0

    def net_input(self, X):
        """z = X w + b, shape (n,), for X of shape (n, n_in)."""
        return as_batch(X, "X", self.n_in) @ self.w + self.b

    def predict(self, X):
        """The step of the net input: 0/1 predictions, shape (n,)."""
        return (self.net_input(X) >= 0).astype(np.float64)

    def fit(self, X, y, epochs=100):
        """Apply the learning rule for up to ``epochs`` passes; returns ``self``.

        Stops when an epoch makes no mistake (``converged`` True). If the
        weights at the start of an epoch repeat an earlier epoch's, the rule
        is going round in a cycle and can never converge: it stops with
        ``cycled`` True (this is what happens on XOR).
        """
        X = as_batch(X, "X", self.n_in)
        y = as_real_array(y, "y", "0/1 targets, one per sample")
        y = y.reshape(-1) if y.ndim else None
        if y is None or y.shape[0] != X.shape[0]:
            raise ValueError(f"y must hold one 0/1 target per sample ({X.shape[0]}), "
                             f"got {np.shape(y)}")
        if not np.isin(y, (0.0, 1.0)).all():
            raise ValueError("y must hold targets 0 or 1 (the perceptron's two classes)")
        epochs = positive_int(epochs, "epochs")
        seen = {self._key()}
        for _ in range(epochs):
            self.epochs_run += 1
            mistakes = 0
            for i, (x, target) in enumerate(zip(X, y)):
                y_hat = 1.0 if x @ self.w + self.b >= 0 else 0.0
                if y_hat != target:
                    mistakes += 1
                    self.w = self.w + self.lr * (target - y_hat) * x
                    self.b = self.b + self.lr * (target - y_hat)
                    self.updates.append(Update(self.epochs_run, i, x.copy(), target, y_hat,
                                               self.w.copy(), self.b))
            if mistakes == 0:
                self.converged = True
                return self
            key = self._key()
            if key in seen:
                self.cycled = True
                return self
            seen.add(key)
        return self

    def _key(self):
        return (*self.w.tolist(), self.b)

    @property
    def message(self):
        """What happened, in one sentence."""
        if self.converged:
            return (f"converged after {len(self.updates)} updates in {self.epochs_run} epochs: "
                    "every sample is on the right side of the line")
        if self.cycled:
            return (f"no convergence: after {self.epochs_run} epochs the weights repeat, so the "
                    "rule cycles forever; no line separates these classes")
        if self.epochs_run:
            return f"not converged after {self.epochs_run} epochs ({len(self.updates)} updates)"
        return "not trained yet"

    def __repr__(self):
        w = ", ".join(f"{v:g}" for v in self.w)
        return f"Perceptron(w=[{w}], b={self.b:g}, lr={self.lr:g}: {self.message})"
