"""The perceptron: one neuron with a step activation and its own learning rule.

    y = step(w · x + b)              (the output: 1 if w · x + b ≥ 0, else 0)
    on a mistake (y ≠ t):  w ← w + η (t − y) x,   b ← b + η (t − y)

t is the target (0 or 1) and η the learning rate (``lr``). If the two classes
can be split by a line (a hyperplane), this rule stops making mistakes after
finitely many updates (the perceptron convergence theorem). If they cannot,
as for XOR, it keeps updating forever.

Weights and bias start at 0, so after any number of updates they are η times
the sums S = Σ (t − y) x and s = Σ (t − y) over the mistakes so far. The rule
decides with those sums, so η only scales the weights and never changes an
answer, exactly as in the maths (with w and b accumulated in floating point,
0.1 + 0.2 − 0.3 ≠ 0 would break ties differently for different η).
"""

from collections import namedtuple

import numpy as np

from ._validate import as_batch, as_real_array, positive_float, positive_int


class Update(namedtuple("Update", "epoch sample x t y w b")):
    """One update of the rule: sample ``sample`` (input ``x``, target ``t``) got the wrong
    output ``y``; ``w`` and ``b`` are the weights after the update."""

    __slots__ = ()

    @property
    def y_hat(self):
        """The output ``y`` (its name before the course wrote y for outputs, t for targets)."""
        return self.y


class Perceptron:
    """A single threshold neuron trained with the perceptron learning rule.

    Weights and bias start at zero; samples are visited in order, every epoch
    (an epoch is one pass through every sample).

    >>> from nnlib.data import logic_gate
    >>> X, t = logic_gate("and")
    >>> Perceptron(2).fit(X, t).converged
    True
    """

    def __init__(self, n_in, lr=1.0):
        self.n_in = positive_int(n_in, "n_in")
        self.lr = positive_float(lr, "lr (learning rate)")
        self._S = np.zeros(self.n_in)   # Σ (t − y) x over the updates so far: w = η S
        self._s = 0.0                   # Σ (t − y): b = η s
        self._sums = []                 # (S, s) after each update, for after(k)
        self.updates = []
        self.converged = False
        self.cycled = False
        self.epochs_run = 0
        self.repeats = None            # (epoch, earlier epoch) whose end weights are equal

    @property
    def w(self):
        """The weights, shape (n_in,): η times the sum of (t − y) x over the updates."""
        return self.lr * self._S

    @w.setter
    def w(self, value):
        value = as_real_array(value, "w", f"{self.n_in} weights")
        if value.shape != (self.n_in,):
            raise ValueError(f"w must hold {self.n_in} weights, got shape {value.shape}")
        self._S = value / self.lr

    @property
    def b(self):
        """The bias: η times the sum of (t − y) over the updates."""
        return self.lr * self._s

    @b.setter
    def b(self, value):
        value = as_real_array(value, "b", "one number")
        if value.shape != ():
            raise ValueError(f"b must be one number, got shape {value.shape}")
        self._s = float(value) / self.lr

    def net_input(self, X):
        """z = X w + b, shape (n,), for X of shape (n, n_in)."""
        return self.lr * (as_batch(X, "X", self.n_in) @ self._S + self._s)

    def predict(self, X):
        """The outputs y = step(z), 0 or 1, shape (n,). (z ≥ 0 exactly when X S + s ≥ 0.)"""
        return (as_batch(X, "X", self.n_in) @ self._S + self._s >= 0).astype(np.float64)

    def fit(self, X, y, epochs=100):
        """Apply the learning rule for up to ``epochs`` passes; returns ``self``.

        ``y`` holds the targets t, 0 or 1, one per sample (the argument keeps
        its public name ``y``). Stops when an epoch makes no mistake
        (``converged`` True). If the weights at the start of an epoch repeat an
        earlier epoch's, the rule is going round in a cycle and can never
        converge: it stops with ``cycled`` True (this is what happens on XOR).
        """
        X = as_batch(X, "X", self.n_in)
        t = as_real_array(y, "y", "0/1 targets, one per sample")
        t = t.reshape(-1) if t.ndim else None
        if t is None or t.shape[0] != X.shape[0]:
            raise ValueError(f"y must hold one 0/1 target per sample ({X.shape[0]}), "
                             f"got {np.shape(y)}")
        if not np.isin(t, (0.0, 1.0)).all():
            raise ValueError("y must hold targets 0 or 1 (the perceptron's two classes)")
        epochs = positive_int(epochs, "epochs")
        seen = {self._key(): self.epochs_run}    # weights at the end of each epoch (0: start)
        for _ in range(epochs):
            self.epochs_run += 1
            mistakes = 0
            for i, (x, target) in enumerate(zip(X, t)):
                output = 1.0 if x @ self._S + self._s >= 0 else 0.0
                if output != target:
                    mistakes += 1
                    self._S = self._S + (target - output) * x
                    self._s = self._s + (target - output)
                    self._sums.append((self._S.copy(), self._s))
                    self.updates.append(Update(self.epochs_run, i, x.copy(), target, output,
                                               self.w, self.b))
            if mistakes == 0:
                self.converged = True
                return self
            key = self._key()
            if key in seen:
                self.cycled = True
                self.repeats = (self.epochs_run, seen[key])
                return self
            seen[key] = self.epochs_run
        return self

    def after(self, k):
        """A copy of this perceptron as it was after its first ``k`` updates (0: untrained)."""
        k = int(k)
        if not 0 <= k <= len(self.updates):
            raise ValueError(f"k must be between 0 and {len(self.updates)} (the updates "
                             f"recorded), got {k}")
        p = Perceptron(self.n_in, self.lr)
        if k:
            S, s = self._sums[k - 1]
            p._S, p._s = S.copy(), s
        p._sums, p.updates = self._sums[:k], self.updates[:k]
        return p

    def _key(self):
        return (*self._S.tolist(), self._s)

    @property
    def message(self):
        """What happened, in one sentence."""
        if self.converged:
            return (f"converged after {len(self.updates)} updates in {self.epochs_run} epochs: "
                    "every output matches its target")
        if self.cycled:
            now, before = self.repeats
            when = "at the start" if before == 0 else f"after epoch {before}"
            return (f"no convergence: after epoch {now} the weights are what they were {when}, "
                    "so the rule cycles forever; no line separates these classes")
        if self.epochs_run:
            return f"not converged after {self.epochs_run} epochs ({len(self.updates)} updates)"
        return "not trained yet"

    def __repr__(self):
        w = ", ".join(f"{v:g}" for v in self.w)
        return f"Perceptron(w=[{w}], b={self.b:g}, lr={self.lr:g}: {self.message})"
