"""Lesson 02's explorer: a ball rolling down one neuron's loss curve, one weight at a time.

``slope_explorer`` rolls a ball down the loss L(w) = ½ (σ(w·x) − t)² of one sigmoid neuron
with one weight: the curve, the slope at the ball, the steps w ← w − η·dL/dw, and the loss
per step, for η from 0.1 to 100. The maths (the loss, the descent, the bottom w*) is in
``nnlib.tasks.lesson02``.
"""

import numpy as np

from ..tasks.lesson02 import (
    T_ONE,
    W_RANGE,
    X_ONE,
    one_neuron_bottom,
    one_neuron_descent,
    one_neuron_loss,
    overshoots,
)
from ..viz import COLORS
from .explorer import Explorer


class SlopeExplorer(Explorer):
    """A ball rolling down one neuron's loss curve L(w): gradient descent with one weight.

    Left: L(w) = ½ (σ(2w) − 0.8)², the steps w₀, w₁, … on it, the ball at the
    last one and the tangent there (its slope is dL/dw). Right: L per step.
    """

    TITLE = "Gradient descent with one weight: a ball rolling down L(w)"
    TRY = "predict where the ball ends for η = 1, 3, 10 and 30, then move the learning-rate slider."

    def __init__(self, lr=3.0, w0=-2.0, steps=0):
        super().__init__(size=(10, 4.6))    # shown 844 px wide: 12 pt is 14 px there
        self.slider("lr", 3.0, -1, 2, 0.01, log=True, description="learning rate η")
        self.slider("w0", -2.0, -3.5, 5.5, 0.1, description="start w₀")
        self.slider("steps", 0, 0, 30, 1, integer=True, description="steps")
        self.add_presets({
            "η = 1: crawls": dict(lr=1.0, w0=-2.0, steps=20),
            "η = 3: rolls to the bottom": dict(lr=3.0, w0=-2.0, steps=20),
            "η = 10: overshoots, comes back": dict(lr=10.0, w0=-2.0, steps=20),
            "η = 30: bounces across the valley": dict(lr=30.0, w0=-2.0, steps=20),
            "start on the flat left": dict(lr=3.0, w0=-3.5, steps=20),
        })
        live = self.live
        self.ax_curve, self.ax_loss = self.figure.subplots(1, 2, width_ratios=[1.5, 1])
        ax = self.ax_curve
        grid = np.linspace(*W_RANGE, 401)
        ax.plot(grid, one_neuron_loss(grid), color=COLORS["grey"], lw=2.5, label="loss L(w)")
        w_star = one_neuron_bottom()
        ax.plot([w_star], [0.0], "*", color=COLORS["green"], ms=18, zorder=5,
                markeredgecolor=COLORS["black"], label=f"bottom, w* = {w_star:.3f}")
        # a dotted line through the bottom, so it shows even while the ball sits on the star
        ax.axvline(w_star, color=COLORS["green"], ls=":", lw=1.5, zorder=1)
        ax.set_title(f"one neuron y = σ(w·x), input x = {X_ONE:g}, target t = {T_ONE:g}",
                     fontsize=14)
        ax.set_xlim(*W_RANGE)
        ax.set_ylim(-0.02, 0.36)
        ax.set_xlabel("weight w")
        ax.set_ylabel("loss L(w) = ½ (σ(2w) − 0.8)²")
        self.tangent = live.dynamic(ax.plot([], [], "--", color=COLORS["blue"], lw=2,
                                            label="slope dL/dw at the ball")[0])
        self.path = live.dynamic(ax.plot([], [], "-o", color=COLORS["vermillion"], lw=1.5,
                                         ms=6, zorder=3, label="steps")[0])
        self.ball = live.dynamic(ax.plot([], [], "o", color=COLORS["orange"], ms=20,
                                         markeredgecolor=COLORS["black"], zorder=4)[0])
        ax.legend(loc="upper right", fontsize=12)
        axl = self.ax_loss
        axl.set_xlim(-0.5, 30.5)
        axl.set_ylim(0, 0.5)
        axl.set_yticks([0, 0.1, 0.2, 0.3])
        axl.set_xlabel("step")
        axl.set_title("loss after each step", fontsize=14)
        self.loss_line = live.dynamic(axl.plot([], [], "-o", color=COLORS["black"], ms=4)[0])
        self.title = live.dynamic(self.figure.text(0.01, 0.99, "", va="top", fontsize=14))
        # The message sits in the loss panel's empty top (the loss is at most 0.32 there).
        self.message = live.message(axl)
        self.message.set_position((0.5, 0.83))
        self.message.set_fontsize(13)
        # two lines of title (14 pt) above the axes
        self.live.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.7 / 4.6))
        # laid out once with the widest loss axis (30 steps), then kept whatever the steps
        self.live.freeze_layout()
        self.finish([["preset"], ["lr", "w0", "steps"]], dict(lr=lr, w0=w0, steps=steps))

    def run_key(self):
        return tuple(self.state().values())

    def make_run(self):
        """The steps from the current controls: ``one_neuron_descent``'s (w, L, slope)."""
        return one_neuron_descent(self.value("w0"), self.value("lr"), self.value("steps"))

    def draw(self):
        v = self.value
        lr, steps = v("lr"), v("steps")
        ws, losses, slopes = self.run
        shown = (ws >= W_RANGE[0]) & (ws <= W_RANGE[1])
        self.path.set_data(ws[shown], losses[shown])
        w, L, g = ws[-1], losses[-1], slopes[-1]
        if shown[-1]:
            self.ball.set_data([w], [L])
            half = 0.8
            self.tangent.set_data([w - half, w + half], [L - g * half, L + g * half])
        else:
            self.ball.set_data([], [])
            self.tangent.set_data([], [])
        self.loss_line.set_data(np.arange(len(losses)), losses)
        right = max(steps, 5) + 0.5                     # the loss axis fits the steps taken
        if self.ax_loss.get_xlim()[1] != right:
            self.ax_loss.set_xlim(-0.5, right)
            self.ax_loss.set_xticks(range(0, int(right) + 1, 1 if right < 10 else 5))
            self.live.relayout(key=right)
        self.title.set_text(
            f"η = {lr:.3g}, w₀ = {ws[0]:.2f}, after {steps} step{'' if steps == 1 else 's'}:  "
            f"w = {w:.3f},  L = {L:.4f}\nslope dL/dw = {g:+.4f},  "
            f"next step −η·dL/dw = {-lr * g + 0.0:+.3f}")
        crossed = overshoots(ws, one_neuron_bottom())
        if not shown.all():
            far = ws[~shown][0]
            self.message.set_text(f"A step threw w to {far:.1f}, off the plot:\n"
                                  "far across the valley, where the\n"
                                  "slope is almost 0 and the ball crawls.")
        elif crossed >= 3:
            self.message.set_text(f"Bouncing: the ball jumped across\nthe bottom {crossed} "
                                  "times. η is too\nlarge for it to settle.")
        elif crossed:
            self.message.set_text("Overshoot: a step jumped past\nthe bottom; the ball "
                                  "rolled back.")
        elif steps >= 10 and abs(w - one_neuron_bottom()) > 1:
            self.message.set_text(f"Crawling: after {steps} steps the\nball is still "
                                  f"{abs(w - one_neuron_bottom()):.2f} from the bottom.")
        else:
            self.message.set_text("")


def slope_explorer(lr=3.0, w0=-2.0, steps=0):
    """A ball rolling down one neuron's loss curve: gradient descent w ← w − η·dL/dw."""
    return SlopeExplorer(lr=lr, w0=w0, steps=steps)
