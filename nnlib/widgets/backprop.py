"""Explorers of lesson 03: backprop on the 2-2-2 worked example, and MSE vs cross-entropy."""

import ipywidgets as widgets
import numpy as np

from .. import activations
from ..losses import binary_cross_entropy, half_mse
from ..training import forward_backward
from ..viz import COLORS
from ..viz.network_diagram import NetworkDiagram
from ..worked_example import POSITION, WEIGHTS, weight, weight_grad, worked_example
from .explorer import Explorer

NAMES = list(POSITION)           # "w1" … "w8"
START = dict(x1=0.05, x2=0.10, t1=0.01, t2=0.99, lr=0.5, **WEIGHTS)
_W_RANGE = 3.0


def ledger(net, X, T, name, lr):
    """The chain-rule factors of dE/d(name) after ``forward_backward``: a list of (label, value).

    Reads the numbers the backward pass left in ``net`` (activations ``A``,
    errors ``delta``, weights ``W``); the product of the first three rows is
    the fourth, and the fifth is the updated weight w − η·dE/dw.
    """
    layer, i, j = POSITION[name]
    hidden, out = net.layers
    if layer == 1:
        o, h = f"o{i + 1}", f"h{j + 1}"
        y = out.A[0, i]
        rows = [(f"∂E/∂out_{o} = out_{o} − t{i + 1}", y - T[0, i]),
                (f"∂out_{o}/∂net_{o} = out(1 − out)", y * (1 - y)),
                (f"∂net_{o}/∂{name} = out_{h}", hidden.A[0, j])]
    else:
        h, x = f"h{i + 1}", f"i{j + 1}"
        a = hidden.A[0, i]
        up = [n for n in NAMES if POSITION[n][0] == 1 and POSITION[n][2] == i]
        terms = " + ".join(f"δo{POSITION[n][1] + 1}·{n}" for n in up)
        rows = [(f"∂E/∂out_{h} = {terms}", float(out.delta[0] @ out.W[:, i])),
                (f"∂out_{h}/∂net_{h} = out(1 − out)", a * (1 - a)),
                (f"∂net_{h}/∂{name} = {x}", X[0, j])]
    g = weight_grad(net, name)
    rows += [(f"∂E/∂{name} = product of the three", g),
             (f"{name}⁺ = {name} − η·∂E/∂{name}", weight(net, name) - lr * g)]
    return [(label, float(v)) for label, v in rows]


def path(name):
    """The edges and nodes (as ``NetworkDiagram`` names them) that carry ``name``'s gradient."""
    layer, i, j = POSITION[name]
    if layer == 1:
        return [(1, i, j)], [(1, j), (2, i)]
    return [(0, i, j), (1, 0, i), (1, 1, i)], [(0, j), (1, i), (2, 0), (2, 1)]


class BackpropExplorer(Explorer):
    """The 2-2-2 network with every value on it, one weight's chain rule, and a step button."""

    TITLE = "Backpropagation on the 2-2-2 network: every value, and one weight's chain rule"
    TRY = 'choose a weight, tick "show gradients", and press step: does the loss go down?'

    #: Shown at most 1000 px wide; at 844 px (a 1024-px projector) 14 pt is 14.3 px.
    screen_width = 1000

    def __init__(self, weight="w5", gradients=False, **values):
        super().__init__(size=(11.5, 6.2))
        for name in ("x1", "x2", "t1", "t2"):
            self.slider(name, START[name], 0, 1, 0.01,
                        description=f"{'input' if name[0] == 'x' else 'target'} {name}")
        self.slider("lr", 0.5, 0.05, 5, 0.05, description="learning rate η")
        self.dropdown("weight", "w5", NAMES, description="chosen weight")
        self.add_control("gradients", widgets.Checkbox(value=False, description="show gradients",
                                                       indent=False))
        for name in NAMES:    # every weight is state; only the chosen one has a visible slider
            self.slider(name, START[name], -_W_RANGE, _W_RANGE, 0.01, fmt=".4f")
            self.controls[name].layout.display = "none"
        value = widgets.FloatSlider(value=0.4, min=-_W_RANGE, max=_W_RANGE, step=0.01,
                                    description="w5", readout_format=".6f",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="320px"))
        self.add_control("value", value, state=False)
        value.observe(self._on_value, names="value")
        self.button("step", "step (one update)", self.step, icon="step-forward")
        self.button("reset", "reset", self.reset, icon="undo")
        ax, table = self.figure.subplots(1, 2, width_ratios=[8, 3.4])
        self._build_diagram(ax)
        self._build_ledger(table)
        self._shown, self._clipped, self.rows = None, False, []
        self.message = self.live.message(ax)
        # The layout is fixed once (the ledger's texts sit inside their axes and do not move
        # it), so each weight's static picture can be drawn once and its background kept.
        self.live.freeze_layout()
        initial = dict(START, weight=weight, gradients=gradients)
        initial.update(values)
        self.finish([["x1", "x2", "lr"], ["t1", "t2", "gradients"],
                     ["weight", "value", "step", "reset"], NAMES], initial)

    def _build_diagram(self, ax):
        # 8 inches, ~3.4 a layer: a weight's label clears the names. Each output's target and
        # error go above o1 and below o2, beyond its name and δ; the ledger is on the right.
        self.diagram = NetworkDiagram(self.live, ax, [2, 2, 2],
                                      node_names=[["i1", "i2"], ["h1", "h2"], ["o1", "o2"]],
                                      edge_names={v: k for k, v in POSITION.items()},
                                      fontsize=15, node_size=4000, label_at=0.3)
        ax.set(xlim=(-0.16, 2.22), ylim=(-1.8, 1.92))
        self.targets = [self.live.dynamic(ax.text(2.16, y + (0.95 if y > 0 else -0.67), "",
                                                  fontsize=15, ha="right",
                                                  va="bottom" if y > 0 else "top"))
                        for y in self.diagram.xy[2][:, 1]]
        self.title = self.live.dynamic(ax.set_title("", loc="left", fontsize=18))
        ax.text(-0.16, -1.8, "biases b1 = 0.35 (hidden),\nb2 = 0.60 (outputs), fixed",
                fontsize=15, color=COLORS["grey"])

    def _build_ledger(self, table):
        table.set_axis_off()
        table.set(xlim=(0, 1), ylim=(0, 1))
        # What depends only on the chosen weight is static (drawn in full when that weight is
        # first chosen, then reused); only the numbers are redrawn on every move: quick.
        self.heading = table.text(0, 1, "", fontsize=16, weight="bold", va="top")
        # a row: the factor's formula, its value under it on the right (each a text of its own)
        text, tops = dict(fontsize=14, va="top", family="monospace"), 0.8 - 0.123 * np.arange(5)
        self.labels = [table.text(0, y, "", **text) for y in tops]
        self.values = [self.live.dynamic(table.text(1, y - 0.041, "", ha="right", **text))
                       for y in tops]
        self.note = table.text(0, 0.02, "", fontsize=15, va="bottom", color=COLORS["grey"])

    # -- the maths, read from nnlib ----------------------------------------------------------

    def example(self):
        """The worked example at the current control values, after one forward/backward pass."""
        ex = worked_example(weights={n: self.value(n) for n in NAMES},
                            x=(self.value("x1"), self.value("x2")),
                            t=(self.value("t1"), self.value("t2")), lr=self.value("lr"))
        E = forward_backward(ex.net, half_mse, ex.X, ex.T)
        return ex, E

    def step(self):
        """Apply one gradient-descent update to all eight weights (the "step" button)."""
        ex, _ = self.example()
        ex.optimizer.step(ex.net)
        new = {n: weight(ex.net, n) for n in NAMES}
        self._clipped = any(abs(v) > _W_RANGE for v in new.values())
        self.update(**{n: float(np.clip(v, -_W_RANGE, _W_RANGE)) for n, v in new.items()})

    def reset(self):
        """Back to the published starting point (the chosen weight and display stay)."""
        self._clipped = False
        self.update(**START)

    def _on_value(self, change):
        if not self._holding:
            self.controls[self.value("weight")].value = change["new"]

    # -- drawing ------------------------------------------------------------------------------

    def run_key(self):
        return tuple(v for k, v in self.state().items() if k not in ("weight", "gradients"))

    def make_run(self):
        """The worked example at the current values, after one forward/backward pass."""
        return self.example()

    def draw(self):
        ex, E = self.run
        net, X, T = ex.net, ex.X, ex.T
        chosen, lr = self.value("weight"), self.value("lr")
        with self._hold():
            self.controls["value"].description = chosen
            self.controls["value"].value = self.value(chosen)
        d = self.diagram
        d.set_values([X[0], net.layers[0].A[0], net.layers[1].A[0]])
        d.set_weights([layer.W for layer in net.layers])
        if self.value("gradients"):
            d.set_gradients([layer.dW for layer in net.layers],
                            [layer.delta[0] for layer in net.layers])
        else:
            d.set_gradients(None, None)
        d.highlight(*path(chosen))
        Y = net.layers[1].A[0]
        for k, text in enumerate(self.targets):
            E_k = 0.5 * (T[0, k] - Y[k]) ** 2
            text.set_text(f"t{k + 1} = {T[0, k]:.2f}   E_o{k + 1} = {E_k:.6f}")
        self.title.set_text(f"E_total = {E:.9f}     η = {lr:g}")
        self.rows = ledger(net, X, T, chosen, lr)
        for text, (_, value) in zip(self.values, self.rows):
            text.set_text(f"{value:+.9f}")
        if chosen != self._shown:
            layer = POSITION[chosen][0]
            self.heading.set_text(f"Chain rule for {chosen}\n"
                                  f"({'output' if layer else 'hidden'} layer)")
            for text, (label, _) in zip(self.labels, self.rows):
                text.set_text(label)
            self.note.set_text("Two paths reach the error:\nthrough o1 and o2." if layer == 0
                               else f"One path reaches the error:\nthrough "
                               f"o{POSITION[chosen][1] + 1}.")
            self._shown = chosen
            self.live.relayout(key=chosen)     # drawn in full the first time, then reused
        self.message.set_text("A weight went past ±3: it was clipped\nto the slider's range."
                              if self._clipped else "")
        self._clipped = False


def backprop_explorer(**state):
    """The 2-2-2 worked example: every value on the diagram, the chosen weight's chain rule as a
    ledger, a step button. Takes the values of ``state()`` (x1, x2, t1, t2, lr, weight,
    gradients, w1 … w8)."""
    return BackpropExplorer(**state)


class LossComparisonExplorer(Explorer):
    """Half-MSE of σ(z) and cross-entropy against the output's weighted sum z, with dL/dz."""

    TITLE = "Half-MSE or cross-entropy: which pushes harder when the output is wrong?"
    TRY = 'choose "confidently wrong" and compare the two slopes dL/dz; then move z.'

    def __init__(self, z=2.0, target=0):
        super().__init__(size=(10, 4.8))    # shown 844 px wide: 12 pt is 14 px there
        self.slider("z", 2.0, -6, 6, 0.1, description="weighted sum z")
        self.dropdown("target", 0, [("t = 0", 0), ("t = 1", 1)], description="target")
        self.add_presets({"confidently wrong": dict(z=5.0, target=0),
                          "right and sure": dict(z=5.0, target=1),
                          "undecided": dict(z=0.0, target=0)})
        self.sigmoid, self.zs = activations.get("sigmoid"), np.linspace(-6, 6, 241)
        loss_ax, grad_ax = self.figure.subplots(1, 2)
        colors = COLORS["blue"], COLORS["orange"]
        self.loss_lines, self.grad_lines = ([self.live.dynamic(
            ax.plot(self.zs, self.zs, label=label, color=c)[0]) for label, c in zip(labels, colors)]
            for ax, labels in [(loss_ax, ("half-MSE ½(σ(z) − t)²", "cross-entropy")),
                               (grad_ax, ("half-MSE: (y − t)·σ′(z)", "cross-entropy: y − t"))])
        self.loss_dots, self.grad_dots = (self.live.dynamic(ax.scatter(
            [0, 0], [0, 0], s=120, zorder=5, c=[COLORS["blue"], COLORS["orange"]],
            edgecolors="black")) for ax in (loss_ax, grad_ax))
        loss_ax.set(xlim=(-6, 6), ylim=(-0.1, 6.5), xlabel="z (weighted sum of the output)",
                    ylabel="loss L")
        # dL/dz has one sign for a given target: the axis spans that side only, so the
        # half-MSE bump (at most 4/27 ≈ 0.15) is not squashed into half the height
        grad_ax.set(xlim=(-6, 6), ylim=(-0.04, 1.06), xlabel="z (weighted sum of the output)",
                    ylabel="dL/dz")
        grad_ax.axhline(0, color=COLORS["grey"], lw=1)
        self.loss_ax, self.grad_ax = loss_ax, grad_ax
        self.legends = loss_ax.legend(), grad_ax.legend(handlelength=1.2)   # placed in draw()
        self.title = self.live.dynamic(self.figure.suptitle("", fontsize=15))
        self.ratio = self.live.dynamic(grad_ax.text(0.02, 0.97, "", fontsize=14, va="top",
                                                    transform=grad_ax.transAxes))
        # the box goes on the loss panel, in the corner the curves leave empty
        self.message = self.live.message(loss_ax)
        self.message.set_fontsize(13)
        self._curves_for = None
        self.finish([["z", "target", "preset"]], dict(z=z, target=target))

    def losses_at(self, z, t):
        """Loss and dL/dz of both losses at each z (an array), for target t, from nnlib."""
        Z = np.asarray(z, dtype=np.float64).reshape(-1, 1)
        Y = self.sigmoid.f(Z)
        T = np.full_like(Y, float(t))
        n = len(Z)
        # each z is its own one-sample case: nnlib's grads average over the n rows, so × n
        # gives each sample's own dL/dz (the losses are taken one row at a time for the same reason)
        mse = [half_mse.value(Y[k:k + 1], T[k:k + 1]) for k in range(n)]
        ce = [binary_cross_entropy.value(Y[k:k + 1], T[k:k + 1]) for k in range(n)]
        d_mse = half_mse.grad(Y, T)[:, 0] * n * self.sigmoid.df(Z, Y)[:, 0]
        d_ce = binary_cross_entropy.output_delta(Y, T, self.sigmoid)[:, 0] * n
        return np.array(mse), np.array(ce), d_mse, d_ce

    def draw(self):
        z, t = self.value("z"), self.value("target")
        if self._curves_for != t:
            for line, y in zip(self.loss_lines + self.grad_lines, self.losses_at(self.zs, t)):
                line.set_ydata(y)
            self._curves_for = t
            # t = 0: losses rise to the right, dL/dz ≥ 0; t = 1: the mirror image
            self.grad_ax.set_ylim((-0.04, 1.06) if t == 0 else (-1.06, 0.04))
            self.legends[0].set_loc("upper left" if t == 0 else "upper right")
            # the gradients' legend under the ratio's two lines, where no curve passes
            self.legends[1].set_loc("upper left" if t == 0 else "lower right")
            self.legends[1].set_bbox_to_anchor((0, 0.85) if t == 0 else (1, 0.15),
                                               transform=self.grad_ax.transAxes)
            self.ratio.set_position((0.02, 0.97) if t == 0 else (0.98, 0.03))
            self.ratio.set_horizontalalignment("left" if t == 0 else "right")
            self.ratio.set_verticalalignment("top" if t == 0 else "bottom")
            self.live.relayout()
        mse, ce, d_mse, d_ce = (float(a[0]) for a in self.losses_at([z], t))
        self.loss_dots.set_offsets([[z, mse], [z, ce]])
        self.grad_dots.set_offsets([[z, d_mse], [z, d_ce]])
        y = float(self.sigmoid.f(np.array([z]))[0])
        self.title.set_text(f"z = {z:+.1f}, target t = {t}: output y = σ(z) = {y:.4f}\n"
                            f"dL/dz: half-MSE {d_mse:+.4f}, cross-entropy {d_ce:+.4f}")
        ratio = abs(d_ce) / abs(d_mse) if d_mse else np.inf
        self.ratio.set_text(f"cross-entropy gradient\nis {ratio:,.1f}× the MSE one")
        wrong = abs(y - t) > 0.9
        self.message.set_text(f"Confidently wrong:\ny = {y:.3f}, t = {t}.\nhalf-MSE barely moves z,"
                              f"\nσ′(z) = {y * (1 - y):.4f};\ncross-entropy pushes\n"
                              f"with {d_ce:+.3f}." if wrong else "")
        # the losses are near 0 on the right side of z for t = 1 and on the left for t = 0
        self.message.set_position((0.3, 0.52) if t == 0 else (0.7, 0.52))


def loss_comparison_explorer(z=2.0, target=0):
    """Half-MSE of σ(z) vs cross-entropy, and their gradients dL/dz, for z from −6 to 6."""
    return LossComparisonExplorer(z=z, target=target)
