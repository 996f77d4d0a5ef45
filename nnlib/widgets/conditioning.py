"""Iterations against the condition number κ, with and without momentum (lesson 05).

``conditioning_explorer`` shows how many steps descent needs on the bowl f = x1² + κ·x2²
to come within a tolerance of the minimum, each method at its best settings
(``nnlib.conditioning``): measured runs (dots) and the theory lines ln(tol)/ln(rate), for κ
from 1 to 10⁴ on log axes, with a marker at the chosen κ. The title gives the counts at that
κ, not the settings: scaling a bowl changes its best η but not its counts, and lesson 05's
exercises ask for the settings.
"""

import functools

import numpy as np

from .. import conditioning
from ..viz import COLORS
from ..viz.log_labels import plain_log_labels
from .explorer import Explorer

#: The κ of the measured dots, and of the theory lines.
KAPPAS = np.geomspace(1, 1e4, 25)
KAPPAS_FINE = np.geomspace(1, 1e4, 200)
#: Beyond this many steps plain descent is said to crawl (a message on the figure).
CRAWL = 10_000
METHODS = (("plain", False, "blue", "plain descent"), ("momentum", True, "orange", "momentum"))


@functools.lru_cache(maxsize=32)
def _curves(tol):
    """Measured and theory iteration counts over KAPPAS (and KAPPAS_FINE) for one tolerance."""
    out = {}
    for name, momentum, _, _ in METHODS:
        measured = conditioning.iteration_counts(KAPPAS, [tol], momentum)[:, 0]
        theory = np.array([conditioning.theory_iterations(k, tol, momentum)
                           for k in KAPPAS_FINE])
        out[name] = (measured, theory)
    return out


@functools.lru_cache(maxsize=256)
def _at(kappa, tol):
    """The measured counts (plain, momentum) at one κ, each method at its best settings."""
    return [float(conditioning.iteration_counts([kappa], [tol], m)[0, 0])
            for _, m, _, _ in METHODS]


class ConditioningExplorer(Explorer):
    """Steps to a tolerance against κ: plain descent and momentum, each at its best."""

    TITLE = "Steps to converge against the condition number κ: plain descent and momentum"
    TRY = "predict how many more steps plain descent needs when κ grows 100-fold, then move κ."

    def __init__(self, kappa=20.0, tol=1e-6):
        super().__init__(size=(10, 5.2))
        self.slider("kappa", 20.0, 0, 4, 0.01, log=True, description="condition number κ")
        self.slider("tol", 1e-6, -12, -1, 1, log=True, fmt=".0e", description="tolerance")
        self.add_presets({
            "κ = 1: a round bowl": dict(kappa=1.0, tol=1e-6),
            "κ = 20: as stretched as the lesson's valley": dict(kappa=20.0, tol=1e-6),
            "κ = 20, a loose tolerance 1e-2": dict(kappa=20.0, tol=1e-2),
            "κ = 20, a tight tolerance 1e-12": dict(kappa=20.0, tol=1e-12),
            "κ = 10⁴: plain descent crawls": dict(kappa=1e4, tol=1e-6),
        })
        ax = self.ax = self.figure.add_subplot()
        ax.set_xscale("log")
        ax.set_yscale("log")
        plain_log_labels(ax.xaxis)
        plain_log_labels(ax.yaxis)
        ax.set_xlim(0.8, 1.25e4)
        ax.set_ylim(0.7, 5e5)
        ax.set_xlabel("condition number κ = max a / min a")
        ax.set_ylabel("steps to reach the tolerance")
        live = self.live
        self.lines = {}
        for name, _, color, label in METHODS:
            theory = live.dynamic(ax.plot([], [], "-", color=COLORS[color], lw=2.5,
                                          label=f"{label}: theory ln(tol) / ln ρ")[0])
            dots = live.dynamic(ax.plot([], [], "o", color=COLORS[color], ms=7, mec="black",
                                        label=f"{label}: measured runs")[0])
            at = live.dynamic(ax.plot([], [], "D", color=COLORS[color], ms=13, mec="black",
                                      mew=2, zorder=5)[0])
            self.lines[name] = (theory, dots, at)
        self.marker = live.dynamic(ax.axvline(100, color=COLORS["grey"], ls="--", lw=1.5))
        ax.legend(loc="upper left", fontsize=12)
        self.title = live.dynamic(self.figure.text(0.01, 0.99, "", va="top", fontsize=13))
        # the message sits in the lower right corner, below both curves (momentum's stays
        # above 60 steps from κ = 50 on, plain descent's above 500)
        self.message = live.message(ax)
        self.message.set(x=0.98, y=0.03, ha="right", va="bottom", fontsize=13)
        self.figure.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.7 / 5.2))
        self.live.freeze_layout()
        self.finish([["preset"], ["kappa", "tol"]], dict(kappa=kappa, tol=tol))

    def run_key(self):
        return self.value("kappa"), self.value("tol")

    def make_run(self):
        """The counts the picture shows: ``(curves, at)`` for the current κ and tolerance."""
        kappa, tol = self.run_key()
        return _curves(tol), _at(kappa, tol)

    def draw(self):
        kappa, tol = self.run_key()
        curves, counts = self.run
        for (name, *_), n in zip(METHODS, counts):
            theory, dots, at = self.lines[name]
            measured, fine = curves[name]
            theory.set_data(KAPPAS_FINE, fine)
            dots.set_data(KAPPAS, measured)
            at.set_data([kappa], [n])
        self.marker.set_xdata([kappa, kappa])
        n_plain, n_momentum = counts
        self.title.set_text(f"f = x1² + κ·x2², κ = {kappa:.4g}, tolerance {tol:.0e} "
                            f"(|x_k| ≤ tol·|x₀|), each method at its best η (and μ)\n"
                            f"plain descent: {_steps(n_plain)};  momentum: {_steps(n_momentum)}"
                            f"{_fewer(n_plain, n_momentum)}")
        if kappa < 1.005:
            self.message.set_text("κ = 1: a round bowl. At the best η one step\n"
                                  "lands on the minimum, with or without momentum.")
        elif n_plain > CRAWL:
            self.message.set_text(f"Plain descent crawls: {n_plain:,.0f} steps.\n"
                                  f"Momentum needs {n_momentum:,.0f}: its count grows like √κ.")
        else:
            self.message.set_text("")


def _steps(n):
    return "1 step" if n == 1 else f"{n:,.0f} steps"


def _fewer(n_plain, n_momentum):
    """", 7.4× fewer" for momentum, or nothing when the counts are (nearly) the same."""
    ratio = n_plain / n_momentum
    return f", {ratio:.3g}× fewer" if ratio >= 1.05 else ", the same count"


def conditioning_explorer(kappa=20.0, tol=1e-6):
    """Steps to reach ``tol`` on f = x1² + κ·x2² against κ, plain descent and momentum."""
    return ConditioningExplorer(kappa=kappa, tol=tol)
