"""Explorers of lesson 01: one neuron with a step activation, and its learning rule."""

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..data import logic_gate
from ..perceptron import Perceptron
from ..viz import COLORS
from ..viz.plane import DecisionPlane
from ..viz.style import diverging_cmap
from .explorer import Explorer

GATES = ["and", "or", "nand", "nor", "xor"]

#: The figure's size in inches (at 100 dpi): about as wide as it is shown, so the type is not
#: scaled down much, and 16-point tick labels stay legible on a 1024 × 768 projector.
SIZE = (9.6, 5.4)
TICK_SIZE = 16
TABLE_SIZE = 16


def _plane(live, ax):
    """The input plane, with large ticks, and the key saying what the colours mean."""
    plane = DecisionPlane(live, ax)
    ax.set_xticks([-0.5, 0, 0.5, 1, 1.5])
    ax.set_yticks([-0.5, 0, 0.5, 1, 1.5])
    ax.tick_params(labelsize=TICK_SIZE)
    ax.xaxis.label.set_size(TICK_SIZE + 1)
    ax.yaxis.label.set_size(TICK_SIZE + 1)
    return plane


def _key(figure, rings):
    """A key across the bottom of the figure: dots are coloured by the target t, the shading
    by the output y, and what each ring means (``rings``: (colour, text) pairs)."""
    pale = diverging_cmap(0.5)

    def dot(color, text):
        return Line2D([], [], ls="", marker="o", markersize=14, markerfacecolor=color,
                      markeredgecolor="black", label=text)

    def ring(color, text):
        return Line2D([], [], ls="", marker="o", markersize=15, markerfacecolor="none",
                      markeredgecolor=color, markeredgewidth=3.5, label=text)

    # the legend fills its columns top to bottom: dots and shading side by side, rings last
    handles = [dot(COLORS["blue"], "dot: target t = 0"),
               Patch(facecolor=pale(0.0), edgecolor="grey", label="shading: output y = 0"),
               dot(COLORS["orange"], "dot: target t = 1"),
               Patch(facecolor=pale(1.0), edgecolor="grey", label="shading: output y = 1"),
               *(ring(color, text) for color, text in rings)]
    return figure.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False,
                         fontsize=14, handlelength=1.2, columnspacing=1.5)


def _show_neuron(plane, points, X, t, w, b, output):
    """Shade the plane by the outputs, place the line, ring the wrong points; return y, right.

    ``output(G)`` gives the neuron's outputs y (0 or 1) at the points G, one per row.
    """
    y = output(X).astype(int)
    right = y == t
    plane.set_surface(lambda G: output(G).astype(float))
    plane.set_line(0, w, b)
    points.set_facecolors([COLORS["blue"] if target == 0 else COLORS["orange"] for target in t])
    points.set_edgecolors(["black" if ok else COLORS["vermillion"] for ok in right])
    points.set_linewidths([1.5 if ok else 4 for ok in right])
    return y, right


def _z(X, w, b):
    """z = X w + b, rounded to 9 decimals: slider values are multiples of 0.05 and the inputs 0
    or 1, so z = 0 exactly when the maths says so (0.1 + 0.2 − 0.3 is 5.6e-17 in floats)."""
    return np.round(X @ w + b, 9) + 0.0          # + 0.0: no "-0.00" in the table


class _TruthTable:
    """Four rows of text on an axes without frame: x1 x2 | z | y (output) | t (target)."""

    def __init__(self, live, ax, header):
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        self.header = ax.text(0.0, 0.92, header, family="monospace", fontsize=TABLE_SIZE,
                              weight="bold")
        self.rows = [live.dynamic(ax.text(0.0, 0.77 - 0.13 * i, "", family="monospace",
                                          fontsize=TABLE_SIZE)) for i in range(4)]
        self.summary = live.dynamic(ax.text(0.0, 0.12, "", fontsize=TABLE_SIZE, weight="bold"))

    def set(self, lines, right):
        for text, line, ok in zip(self.rows, lines, right):
            text.set_text(line)
            text.set_color(COLORS["black"] if ok else COLORS["vermillion"])


class PerceptronExplorer(Explorer):
    """A neuron y = step(w1·x1 + w2·x2 + b) on the four inputs of a logic gate."""

    TITLE = "One neuron as a logic gate: y = step(w1·x1 + w2·x2 + b)"
    TRY = "pick a gate, then move w1, w2 and b until no point has a red ring. Then try XOR."

    def __init__(self, gate="and", w1=0.5, w2=0.5, b=-0.2):
        super().__init__(size=SIZE)
        self.dropdown("gate", "and", [(g.upper(), g) for g in GATES])
        self.slider("w1", 0.5, -3, 3, 0.05)
        self.slider("w2", 0.5, -3, 3, 0.05)
        self.slider("b", -0.2, -3, 3, 0.05)
        self.add_presets({
            "AND by hand": dict(gate="and", w1=1.0, w2=1.0, b=-1.5),
            "OR by hand": dict(gate="or", w1=1.0, w2=1.0, b=-0.5),
            "w = 0: no line at all": dict(w1=0.0, w2=0.0, b=0.5),
            "XOR: try your best": dict(gate="xor", w1=1.0, w2=1.0, b=-0.5),
        })
        ax, table_ax = self.figure.subplots(1, 2, width_ratios=[1.1, 1])
        self.plane = _plane(self.live, ax)
        self.plane.add_line(label="w·x + b = 0")
        X, _ = logic_gate("and")
        self.points = self.plane.add_points(X, [0, 0, 0, 1])
        self.key = _key(self.figure, [(COLORS["vermillion"], "red ring: wrong output")])
        self.title = self.live.dynamic(ax.set_title(""))
        self.table = _TruthTable(self.live, table_ax, "x1 x2 │   z   │ y │ t")
        self.message = self.live.message(ax)
        self.finish([["gate", "preset"], ["w1", "w2", "b"]], dict(gate=gate, w1=w1, w2=w2, b=b))

    def draw(self):
        gate = self.value("gate")
        w = np.array([self.value("w1"), self.value("w2")])
        b = self.value("b")
        X, t = logic_gate(gate)
        z = _z(X, w, b)
        y, right = _show_neuron(self.plane, self.points, X, t, w, b,
                                lambda G: (_z(G, w, b) >= 0).astype(int))
        n_right = int(right.sum())
        self.title.set_text(f"{gate.upper()}: {n_right} of 4 right\n"
                            f"w1 = {w[0]:.2f}, w2 = {w[1]:.2f}, b = {b:.2f}")
        self.table.set([f" {int(a)}  {int(c)} │ {zz:+5.2f} │ {out} │ {int(target)} "
                        f"{'✓' if ok else '✗'}"
                        for (a, c), zz, out, target, ok in zip(X, z, y, t, right)], right)
        if abs(w[0]) < 1e-12 and abs(w[1]) < 1e-12:
            self.message.set_text(f"w = 0: there is no line.\nEvery input gets step(b) = "
                                  f"{int(b >= 0)}.")
        else:
            self.message.set_text("")
        if n_right == 4:
            self.table.summary.set_text(f"All four right:\nthis neuron computes {gate.upper()}.")
            self.table.summary.set_color(COLORS["green"])
        elif gate == "xor" and n_right == 3:
            self.table.summary.set_text("3 of 4 is the best\nany line can do on XOR.")
            self.table.summary.set_color(COLORS["vermillion"])
        else:
            self.table.summary.set_text(f"{4 - n_right} wrong (ringed in red).")
            self.table.summary.set_color(COLORS["vermillion"])


def perceptron_explorer(gate="and", w1=0.5, w2=0.5, b=-0.2):
    """Sliders for w1, w2, b of one step neuron; the line, the half-planes, the truth table."""
    return PerceptronExplorer(gate=gate, w1=w1, w2=w2, b=b)


class PerceptronRuleExplorer(Explorer):
    """Replay the perceptron learning rule on a gate, one update at a time."""

    TITLE = "The perceptron learning rule, one update at a time"
    TRY = "press play: the line moves after each mistake. Then choose XOR: does it ever stop?"

    MAX_UPDATES = 40

    def __init__(self, gate="and", lr=1.0, update=0):
        super().__init__(size=SIZE)
        self.dropdown("gate", "and", [(g.upper(), g) for g in GATES])
        self.slider("lr", 1.0, 0.1, 2.0, 0.1, description="learning rate")
        self.slider("update", 0, 0, self.MAX_UPDATES, 1, integer=True,
                    description="after update")
        play = widgets.Play(min=0, max=self.MAX_UPDATES, step=1, interval=700,
                            description="play")
        widgets.jslink((play, "value"), (self.controls["update"], "value"))
        self.add_control("play", play, state=False)
        self.button("step", "step", self.step, icon="step-forward")
        self.button("reset", "reset", lambda: self.update(update=0), icon="undo")
        ax, table_ax = self.figure.subplots(1, 2, width_ratios=[1.1, 1])
        self.plane = _plane(self.live, ax)
        self.plane.add_line(label="w·x + b = 0")
        X, _ = logic_gate("and")
        self.points = self.plane.add_points(X, [0, 0, 0, 1])
        self.key = _key(self.figure, [(COLORS["vermillion"], "red ring: wrong output"),
                                      (COLORS["green"], "green ring: this update's input")])
        self.current = self.live.dynamic(ax.scatter([], [], s=900, facecolors="none",
                                                    edgecolors=COLORS["green"], linewidths=4,
                                                    zorder=5))
        self.title = self.live.dynamic(ax.set_title(""))
        table_ax.set_axis_off()
        self.story = self.live.dynamic(table_ax.text(0.0, 0.98, "", va="top",
                                                     fontsize=TABLE_SIZE - 1,
                                                     family="monospace", linespacing=1.5))
        self.verdict = self.live.dynamic(table_ax.text(0.0, 0.02, "", va="bottom",
                                                       fontsize=TABLE_SIZE, weight="bold",
                                                       wrap=True))
        # the message sits below the story, beside the plane: it never covers a point or the line
        self.message = self.live.message(table_ax)
        self.message.set_position((0.4, 0.22))
        self._cache = {}
        self.finish([["gate", "lr"], ["update", "play", "step", "reset"]],
                    dict(gate=gate, lr=lr, update=update))

    def step(self):
        """Show one more update (the "step" button)."""
        self.update(update=min(self.value("update") + 1, self.MAX_UPDATES))

    def run_key(self):
        return (self.value("gate"), self.value("lr"))

    def make_run(self):
        """The Perceptron fitted on the current gate and learning rate (each fitted once)."""
        key = self.run_key()
        if key not in self._cache:
            X, t = logic_gate(key[0])
            self._cache[key] = Perceptron(2, lr=key[1]).fit(X, t, epochs=100)
        return self._cache[key]

    def trained(self):
        """The Perceptron fitted on the current gate and learning rate (the run shown)."""
        return self.run

    def draw(self):
        p = self.run
        X, t = logic_gate(self.value("gate"))
        requested = self.value("update")
        k = min(requested, len(p.updates))
        now = p.after(k)                 # the neuron after k updates: its outputs are exact
        w, b = now.w, now.b
        _, right = _show_neuron(self.plane, self.points, X, t, w, b, now.predict)
        gate = self.value("gate").upper()
        beyond = f" (slider at {requested})" if requested > k else ""
        self.title.set_text(f"{gate}, η = {p.lr:g}: update {k} of {len(p.updates)}{beyond}\n"
                            f"w = ({w[0]:.2f}, {w[1]:.2f}), b = {b:.2f}")
        if k == 0:
            self.current.set_offsets(np.empty((0, 2)))
            self.story.set_text("Start: w = (0, 0), b = 0.\n\nVisit the four inputs in\n"
                                "order; on a mistake:\n  w ← w + η·(t − y)·x\n"
                                "  b ← b + η·(t − y)\n(y output, t target)")
        else:
            u = p.updates[k - 1]
            self.current.set_offsets(u.x.reshape(1, 2))
            sign = "+" if u.t > u.y else "−"
            self.story.set_text(
                f"Epoch {u.epoch}, input x = ({u.x[0]:g}, {u.x[1]:g}):\n"
                f"output y = {int(u.y)}, target t = {int(u.t)}\n\n"
                f"w ← w {sign} {p.lr:g}·x = ({u.w[0]:.2f}, {u.w[1]:.2f})\n"
                f"b ← b {sign} {p.lr:g}   = {u.b:.2f}")
        done = k >= len(p.updates)
        self.message.set_text("")
        if done and p.converged:
            self.verdict.set_text(f"Converged: {len(p.updates)} updates,\nno mistakes left.")
            self.verdict.set_color(COLORS["green"])
        elif p.cycled and k >= min(len(p.updates), self.MAX_UPDATES):
            self.verdict.set_text("")
            epoch, before = p.repeats
            when = "at the start" if before == 0 else f"after epoch {before}"
            self.message.set_text(f"After epoch {epoch} the weights are\n"
                                  f"what they were {when}:\n"
                                  "the rule cycles forever.\nNo line separates XOR.")
        elif p.cycled:
            self.verdict.set_text(f"{len(p.updates)} updates and counting…")
            self.verdict.set_color(COLORS["vermillion"])
        else:
            self.verdict.set_text(f"{int((~right).sum())} mistake(s) left on the 4 inputs.")
            self.verdict.set_color(COLORS["black"])


def perceptron_rule_explorer(gate="and", lr=1.0, update=0):
    """Step through the perceptron learning rule's updates on a logic gate."""
    return PerceptronRuleExplorer(gate=gate, lr=lr, update=update)
