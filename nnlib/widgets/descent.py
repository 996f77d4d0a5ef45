"""Gradient descent on quadratic bowls (lesson 05); lesson 02's ball is in ``slope.py``.

``descent_explorer`` (lesson 05) shows the path of gradient descent (with momentum) on
f(x) = x² or on the ill-conditioned bowl f = 0.1·x1² + 2·x2², and the loss
per step, for a learning rate from 0.001 to 2; a path that blows up stops
with a "diverged" message on the figure.
"""

import math

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import quadratic
from ..viz import COLORS
from ..viz.log_labels import plain_log_labels
from .explorer import Explorer

#: name → (curvatures a of f = Σ a_i x_i², start x₀, label)
FUNCTIONS = {
    "1d": ((1.0,), (10.0,), "f(x) = x²"),
    "2d": ((0.1, 2.0), (-5.0, -2.0), "f(x) = 0.1·x1² + 2·x2²"),
}


class DescentExplorer(Explorer):
    """Gradient descent x ← x − η·v, v ← μ·v + ∇f(x), on a quadratic bowl.

    Left: the function (a curve in 1-D, contour lines in 2-D) and the path
    x₀, x₁, … of descent. Right: f(x_t) per step on a log axis, its axes fitted to
    the steps and the values shown. The title gives each direction's factor per step
    (``quadratic.step_factor``): |1 − 2η·a| without momentum, and with momentum the
    factor of the step on (x, v); below 1, that coordinate shrinks.
    """

    TITLE = "Gradient descent on a bowl: the step x ← x − η·∇f(x)"
    TRY = "raise η until the path starts to zig-zag, then until it diverges; then add momentum."

    def __init__(self, function="1d", lr=0.2, momentum=0.0, steps=10):
        super().__init__(size=(10, 4.9))    # shown 844 px wide: 12 pt is 14 px there
        self.dropdown("function", "1d", [(f"1-D: {FUNCTIONS['1d'][2]}", "1d"),
                                         (f"2-D: {FUNCTIONS['2d'][2]}", "2d")])
        self.slider("lr", 0.2, -3, math.log10(2), 0.01, log=True, description="learning rate η")
        self.slider("momentum", 0.0, 0.0, 0.9, 0.05, description="momentum μ")
        self.slider("steps", 10, 1, 50, 1, integer=True, description="steps")
        self.add_presets({
            "η = 0.2: converges": dict(function="1d", lr=0.2, momentum=0.0, steps=10),
            "η = 0.05: crawls": dict(function="1d", lr=0.05, momentum=0.0, steps=10),
            "η = 1.1: diverges": dict(function="1d", lr=1.1, momentum=0.0, steps=10),
            "2-D, η = 0.4": dict(function="2d", lr=0.4, momentum=0.0, steps=20),
            "2-D, η = 0.6: diverges": dict(function="2d", lr=0.6, momentum=0.0, steps=20),
            "2-D, η = 0.6 with momentum 0.5": dict(function="2d", lr=0.6, momentum=0.5,
                                                  steps=20),
        })
        live = self.live
        self.ax_path, self.ax_loss = self.figure.subplots(1, 2, width_ratios=[1.3, 1])
        ax = self.ax_path
        xs = np.linspace(-15, 15, 301)
        self.curve, = ax.plot(xs, xs ** 2, color=COLORS["grey"], lw=2)
        g1, g2 = np.meshgrid(np.linspace(-6, 6, 241), np.linspace(-4, 4, 161))
        self.contours = ax.contour(g1, g2, 0.1 * g1 ** 2 + 2 * g2 ** 2,
                                   levels=[0.1, 0.5, 1, 2, 4, 8, 16, 32],
                                   colors=COLORS["grey"], linewidths=1.2)
        self.minimum, = ax.plot([0], [0], "*", color=COLORS["green"], ms=18, zorder=2)
        self.path = live.dynamic(ax.plot([], [], "-o", color=COLORS["vermillion"], lw=1.8,
                                         ms=6, zorder=3)[0])
        self.start = live.dynamic(ax.plot([], [], "o", color=COLORS["black"], ms=10,
                                          zorder=4)[0])
        self.ax_loss.set_yscale("log")
        plain_log_labels(self.ax_loss.yaxis)
        self.ax_loss.set_xlim(-0.5, 50.5)
        self.ax_loss.set_ylim(1e-10, 1e13)        # the widest tick labels, for the layout
        self.ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax_loss.set_xlabel("step t")
        self.ax_loss.set_title("f(x_t) per step", fontsize=13)
        self.loss_line = live.dynamic(self.ax_loss.plot([], [], "-o", color=COLORS["black"],
                                                        ms=4)[0])
        self.title = live.dynamic(self.figure.text(0.01, 0.99, "", va="top", fontsize=14))
        self.message = live.message(ax)
        # Three title lines need about 0.9 in above the axes (14 pt, line spacing 1.2).
        self.live.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.9 / 4.9))
        # Laid out once with the 1-D picture's wider tick labels, then kept; the static
        # picture is drawn again only when the function or the loss panel's limits change.
        self._shown, self._limits = None, None
        self._show("1d")
        self.live.freeze_layout()
        self._shown = None
        self.finish([["preset", "function"], ["lr", "momentum", "steps"]],
                    dict(function=function, lr=lr, momentum=momentum, steps=steps))

    def _show(self, function):
        # The static picture of the chosen function: curve or contours, and its axes.
        if self._shown == function:
            return
        self._shown = function
        one = function == "1d"
        ax = self.ax_path
        self.curve.set_visible(one)
        self.contours.set_visible(not one)
        if one:
            ax.set_xlim(-15, 15)
            ax.set_ylim(-10, 230)
            ax.set_xlabel("x")
            ax.set_ylabel("f(x)")
            ax.set_title("the path on f(x) = x²", fontsize=13)
        else:
            ax.set_xlim(-6, 6)
            ax.set_ylim(-4, 4)
            ax.set_xlabel("x1")
            ax.set_ylabel("x2")
            ax.set_title("the path on the contours of f", fontsize=13)
        self.live.relayout()

    def _fit_loss_axes(self, steps, shown):
        # x: the steps asked for; y: whole decades around the values shown (a tenth of a decade
        # clear of them, so no point sits on the frame), at least 4 decades apart
        lo = math.floor(math.log10(shown.min()) - 0.1)
        hi = math.ceil(math.log10(shown.max()) + 0.1)
        if hi - lo < 4:
            lo, hi = lo - (4 - (hi - lo)) // 2, hi + (4 - (hi - lo) + 1) // 2
        limits = (steps, lo, hi)
        if limits != self._limits:
            self._limits = limits
            self.ax_loss.set_xlim(-0.5, steps + 0.5)
            self.ax_loss.set_ylim(10.0 ** lo, 10.0 ** hi)
            self.live.relayout()

    def run_key(self):
        return tuple(self.state().values())

    def make_run(self):
        """The path of descent for the current controls: ``quadratic.descend``'s
        ``(path, losses, diverged)``."""
        v = self.value
        a, x0, _ = FUNCTIONS[v("function")]
        return quadratic.descend(a, x0, v("lr"), v("steps"), v("momentum"))

    def draw(self):
        v = self.value
        a, x0, label = FUNCTIONS[v("function")]
        self._show(v("function"))
        path, losses, diverged = self.run
        if len(a) == 1:
            self.path.set_data(path[:, 0], losses)
            self.start.set_data(path[:1, 0], losses[:1])
        else:
            self.path.set_data(path[:, 0], path[:, 1])
            self.start.set_data(path[:1, 0], path[:1, 1])
        shown = np.maximum(losses, 1e-10)
        self._fit_loss_axes(v("steps"), shown)
        self.loss_line.set_data(np.arange(len(losses)), shown)
        mu = v("momentum")
        factors = ", ".join(f"{q:.3g}" for q in quadratic.step_factor(a, v("lr"), mu))
        what = ("factor |1 − 2η·a| per step" if mu == 0 else
                f"factor per step with momentum {mu:.2f}")
        end = (f"diverged at step {len(losses) - 1}" if diverged else
               f"after {v('steps')} steps: x = {_vec(path[-1])}, f = {losses[-1]:.6g}")
        self.title.set_text(
            f"{label}, x₀ = {_vec(path[0])};  η = {v('lr'):.3g}, momentum {mu:.2f}\n"
            f"{what}, per direction: {factors}\n{end}")
        limit = quadratic.largest_stable_lr(a, mu)
        bowl = "this curve" if len(a) == 1 else "this bowl"
        if diverged:
            self.message.set_text(f"Diverged at step {len(losses) - 1}: |x| passed 10⁶.\n"
                                  f"η = {v('lr'):.3g} is above the limit\nof {bowl}, "
                                  f"{limit:.3g}.")
        elif losses[-1] > losses[0]:
            self.message.set_text(f"Diverging: f grew from {losses[0]:.3g}\nto {losses[-1]:.3g}. "
                                  f"η = {v('lr'):.3g} is at or above\nthe limit of {bowl}, "
                                  f"{limit:.3g}:\neach step moves x further away.")
        else:
            self.message.set_text("")


def _vec(x):
    return f"{x[0]:.4g}" if len(x) == 1 else "(" + ", ".join(f"{c:.3g}" for c in x) + ")"


def descent_explorer(function="1d", lr=0.2, momentum=0.0, steps=10):
    """Gradient descent on f(x) = x² ("1d") or 0.1·x1² + 2·x2² ("2d"): the path and the loss."""
    return DescentExplorer(function=function, lr=lr, momentum=momentum, steps=steps)
