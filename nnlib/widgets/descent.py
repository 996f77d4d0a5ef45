"""Gradient descent step by step: lesson 02's ball on one neuron's loss, lesson 05's bowls.

``slope_explorer`` (lesson 02) rolls a ball down the loss L(w) = ½ (σ(w·x) − t)² of one
sigmoid neuron with one weight: the curve, the slope at the ball, the steps
w ← w − η·dL/dw, and the loss per step, for η from 0.1 to 100.

``descent_explorer`` (lesson 05) shows the path of gradient descent (with momentum) on
f(x) = x² or on the ill-conditioned bowl f = 0.1·x1² + 2·x2², and the loss
per step, for a learning rate from 0.001 to 2; a path that blows up stops
with a "diverged" message on the figure.
"""

import math

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import quadratic
from ..activations import get as activation
from ..dense import Dense
from ..losses import half_mse
from ..viz import COLORS
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

    def __init__(self, function="1d", lr=0.2, momentum=0.0, steps=10):
        super().__init__(size=(12, 4.8))
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
        self.ax_loss.set_xlim(-0.5, 50.5)
        self.ax_loss.set_ylim(1e-10, 1e13)        # the widest tick labels, for the layout
        self.ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax_loss.set_xlabel("step t")
        self.ax_loss.set_title("f(x_t) per step", fontsize=13)
        self.loss_line = live.dynamic(self.ax_loss.plot([], [], "-o", color=COLORS["black"],
                                                        ms=4)[0])
        self.title = live.dynamic(self.figure.text(0.01, 0.99, "", va="top", fontsize=14))
        self.message = live.message(ax)
        # Two title lines need about 0.65 in above the axes (14 pt, line spacing 1.2).
        self.live.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.65 / 4.8))
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

    def draw(self):
        v = self.value
        a, x0, label = FUNCTIONS[v("function")]
        self._show(v("function"))
        path, losses, diverged = quadratic.descend(a, x0, v("lr"), v("steps"), v("momentum"))
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
            f"{what}, per direction: {factors};  {end}")
        limit = quadratic.largest_stable_lr(a, mu)
        bowl = "this curve" if len(a) == 1 else "this bowl"
        if diverged:
            self.message.set_text(f"Diverged at step {len(losses) - 1}: |x| passed 10⁶.\n"
                                  f"η = {v('lr'):.3g} is above the limit of {bowl}, "
                                  f"{limit:.3g}.")
        elif losses[-1] > losses[0]:
            self.message.set_text(f"Diverging: f grew from {losses[0]:.3g} to {losses[-1]:.3g}.\n"
                                  f"η = {v('lr'):.3g} is at or above the limit of {bowl},\n"
                                  f"{limit:.3g}: each step moves x further away.")
        else:
            self.message.set_text("")


def _vec(x):
    return f"{x[0]:.4g}" if len(x) == 1 else "(" + ", ".join(f"{c:.3g}" for c in x) + ")"


def descent_explorer(function="1d", lr=0.2, momentum=0.0, steps=10):
    """Gradient descent on f(x) = x² ("1d") or 0.1·x1² + 2·x2² ("2d"): the path and the loss."""
    return DescentExplorer(function=function, lr=lr, momentum=momentum, steps=steps)


# -- lesson 02: one weight, one neuron ------------------------------------------------------

#: The neuron of lesson 02's first picture: y = σ(w·x), one input x = 2, target t = 0.8.
#: Its loss has its bottom at w* = ln(t / (1 − t)) / x = ln 4 / 2 ≈ 0.693.
X_ONE, T_ONE = 2.0, 0.8
W_RANGE = (-4.0, 6.0)


def one_neuron_loss(w, x=X_ONE, t=T_ONE):
    """L(w) = ½ (σ(w·x) − t)² of the neuron y = σ(w·x), for an array of weights ``w``."""
    y = activation("sigmoid").f(np.asarray(w, dtype=np.float64) * x)
    return 0.5 * (y - t) ** 2


def one_neuron_descent(w0, lr, steps, x=X_ONE, t=T_ONE):
    """Gradient descent w ← w − η·dL/dw on the one-weight neuron, from ``w0``.

    The slope comes from nnlib's own backward pass (a 1-input, 1-output sigmoid
    ``Dense`` layer with its bias held at 0): dL/dw = δ·x with δ = (y − t)·σ′(z).
    Returns ``(w, L, slope)``, arrays of length ``steps + 1``: the weight, the
    loss and the slope before each step (and after the last).
    """
    lr = float(lr)
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr (the learning rate η) must be a positive number, got {lr!r}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0, got {steps!r}")
    layer = Dense(1, 1, activation="sigmoid")
    layer.b[:] = 0.0
    X, T = np.array([[x]]), np.array([[t]])
    w = float(w0)
    ws, losses, slopes = [], [], []
    for i in range(int(steps) + 1):
        layer.W[:] = w
        Y = layer.forward(X)
        layer.backward(half_mse.grad(Y, T))    # fills delta = (y − t)·σ′(z) and dW = delta·x
        ws.append(w)
        losses.append(half_mse.value(Y, T))
        slopes.append(float(layer.dW[0, 0]))
        if i < steps:
            w = w - lr * slopes[-1]            # the step: w ← w − η·dL/dw
    return np.array(ws), np.array(losses), np.array(slopes)


class SlopeExplorer(Explorer):
    """A ball rolling down one neuron's loss curve L(w): gradient descent with one weight.

    Left: L(w) = ½ (σ(2w) − 0.8)², the steps w₀, w₁, … on it, the ball at the
    last one and the tangent there (its slope is dL/dw). Right: L per step.
    """

    def __init__(self, lr=3.0, w0=-2.0, steps=0):
        super().__init__(size=(12, 4.8))
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
        w_star = np.log(T_ONE / (1 - T_ONE)) / X_ONE
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
        self.live.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.45 / 4.8))
        # laid out once with the widest loss axis (30 steps), then kept whatever the steps
        self.live.freeze_layout()
        self.finish([["preset"], ["lr", "w0", "steps"]], dict(lr=lr, w0=w0, steps=steps))

    def draw(self):
        v = self.value
        lr, steps = v("lr"), v("steps")
        ws, losses, slopes = one_neuron_descent(v("w0"), lr, steps)
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
            f"w = {w:.3f},  L = {L:.4f},  slope dL/dw = {g:+.4f},  "
            f"next step −η·dL/dw = {-lr * g + 0.0:+.3f}")
        w_star = np.log(T_ONE / (1 - T_ONE)) / X_ONE
        crossed = _overshoots(ws, w_star)
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
        elif steps >= 10 and abs(w - w_star) > 1:
            self.message.set_text(f"Crawling: after {steps} steps the\nball is still "
                                  f"{abs(w - w_star):.2f} from the bottom.")
        else:
            self.message.set_text("")


def _overshoots(ws, w_star, margin=0.05):
    """How many steps jumped across the bottom w* and landed more than ``margin`` past it."""
    side = np.sign(ws - w_star)
    return int(np.sum((side[1:] * side[:-1] < 0) & (np.abs(ws[1:] - w_star) > margin)))


def slope_explorer(lr=3.0, w0=-2.0, steps=0):
    """A ball rolling down one neuron's loss curve: gradient descent w ← w − η·dL/dw."""
    return SlopeExplorer(lr=lr, w0=w0, steps=steps)
