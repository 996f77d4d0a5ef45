"""A drawing of a small layered network: nodes with their values, edges with their weights.

``NetworkDiagram(live, ax, sizes)`` lays the layers out left to right (inputs
first) and returns an object whose artists change in place:

* ``set_values(A)``: one array of activations per layer (inputs included),
  written on the nodes;
* ``set_weights(Ws)``: one matrix ``W`` (n_out, n_in) per layer, as in
  ``nnlib.Dense``; an edge's width grows with |w|, its colour gives the sign,
  its label shows the value;
* ``set_gradients(dWs, deltas)``: dE/dw under each weight label and δ = dE/dz
  under each node, or ``None`` to hide them;
* ``highlight(edges, nodes)``: draw some edges and nodes in a strong colour
  and fade the rest (a weight's path through the network).

Edges are named by ``(layer, i, j)``: the weight from node j of layer
``layer`` into node i of layer ``layer + 1``, that is ``Ws[layer][i, j]``.
Nodes are named by ``(layer, i)`` with layer 0 the inputs. For a bigger
network (up to ~6 layers of 8) pass ``edge_labels=False`` and a smaller
``node_size``: the widths and colours still show the weights.
"""

import numpy as np
from matplotlib.collections import LineCollection

from .style import COLORS

_FADED = "#d9d9d9"


class NetworkDiagram:
    """Nodes and edges of a layered network with sizes ``[n_in, h1, ..., n_out]`` on ``ax``.

    ``node_names`` (one list per layer) and ``edge_names`` (``{(layer, i, j): "w5"}``)
    label the drawing; ``fmt`` formats the numbers written on it.
    """

    def __init__(self, live, ax, sizes, node_names=None, edge_names=None, node_size=3400,
                 edge_labels=True, fmt="{:.4f}", fontsize=13, label_at=0.3):
        self.live, self.ax, self.sizes = live, ax, list(sizes)
        self.fmt = fmt
        height = max(self.sizes)
        self.xy = [np.column_stack([np.full(n, float(layer)),
                                    (np.arange(n)[::-1] - (n - 1) / 2) * (3.0 / max(height, 2))])
                   for layer, n in enumerate(self.sizes)]
        self.edges = [(layer, i, j) for layer in range(len(self.sizes) - 1)
                      for i in range(self.sizes[layer + 1]) for j in range(self.sizes[layer])]
        self.nodes = [(layer, i) for layer, n in enumerate(self.sizes) for i in range(n)]
        segments = [[self.xy[l][j], self.xy[l + 1][i]] for l, i, j in self.edges]
        self.lines = live.dynamic(ax.add_collection(LineCollection(segments, zorder=1,
                                                                   capstyle="round")))
        xy = np.vstack(self.xy)
        self.dots = live.dynamic(ax.scatter(xy[:, 0], xy[:, 1], s=node_size, zorder=3,
                                            facecolors="white", edgecolors=COLORS["black"],
                                            linewidths=2))
        names = node_names or [[f"n{l}{i}" for i in range(n)] for l, n in enumerate(self.sizes)]
        offset = 0.21 * 3.0 / max(height, 2) + 0.12
        for (l, i) in self.nodes:
            x, y = self.xy[l][i]
            ax.text(x, y + offset, names[l][i], ha="center", va="bottom", fontsize=fontsize,
                    weight="bold", zorder=4)
        text = dict(ha="center", va="center", fontsize=fontsize, zorder=5)
        self.node_text = [live.dynamic(ax.text(*self.xy[l][i], "", **text)) for l, i in self.nodes]
        # δ goes above the name on the upper half (edges fan out below it), below the node else
        self.delta_text = []
        for l, i in self.nodes:
            x, y = self.xy[l][i]
            up = y > 1e-9
            self.delta_text.append(live.dynamic(ax.text(
                x, y + offset + 0.25 if up else y - offset, "", color=COLORS["vermillion"],
                va="bottom" if up else "top", ha="center", fontsize=fontsize - 1, zorder=5)))
        box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9)
        self.edge_text, self.grad_text = [], []
        edge_names = edge_names or {}
        for (l, i, j) in self.edges if edge_labels else []:
            a, b = self.xy[l][j], self.xy[l + 1][i]
            f = 0.5 if abs(a[1] - b[1]) < 1e-9 else label_at   # level edges: the middle
            p = (1 - f) * a + f * b
            name = edge_names.get((l, i, j), "w")
            self.edge_text.append(live.dynamic(ax.text(*p, "", bbox=box, **text)))
            self.grad_text.append(live.dynamic(ax.text(p[0], p[1] - 0.19, "", bbox=box,
                                                       color=COLORS["vermillion"],
                                                       **dict(text, fontsize=fontsize - 1))))
            self.edge_text[-1].name = name
        ax.set_xlim(-0.45, len(self.sizes) - 0.55)
        ax.set_ylim(-1.95, 1.95)
        ax.set_axis_off()
        self._weights = [np.zeros((self.sizes[l + 1], self.sizes[l]))
                         for l in range(len(self.sizes) - 1)]
        self._path = None

    # -- what the drawing shows ------------------------------------------------------------

    def set_values(self, A):
        """Write each layer's activations (``A[layer]``, inputs first) on its nodes."""
        for text, (l, i) in zip(self.node_text, self.nodes):
            text.set_text(self.fmt.format(float(np.ravel(A[l])[i])))

    def set_weights(self, Ws):
        """Show the weight matrices ``Ws[layer]`` (shape (n_out, n_in)) on the edges."""
        self._weights = [np.asarray(W, dtype=np.float64) for W in Ws]
        for text, (l, i, j) in zip(self.edge_text, self.edges):
            text.set_text(f"{text.name} = {self.fmt.format(self._weights[l][i, j])}")
        self._style_edges()

    def set_gradients(self, dWs=None, deltas=None):
        """dE/dw under every weight label and δ under every non-input node; ``None`` hides them."""
        for text, (l, i, j) in zip(self.grad_text, self.edges):
            text.set_visible(dWs is not None)
            if dWs is not None:
                text.set_text(f"∂E = {float(dWs[l][i, j]):+.5f}")
        for text, (l, i) in zip(self.delta_text, self.nodes):
            text.set_visible(deltas is not None and l > 0)
            if deltas is not None and l > 0:
                text.set_text(f"δ = {float(np.ravel(deltas[l - 1])[i]):+.5f}")

    def highlight(self, edges=(), nodes=()):
        """Draw ``edges`` and ``nodes`` strongly and fade the rest; empty lists undo it."""
        self._path = (set(edges), set(nodes)) if (edges or nodes) else None
        self._style_edges()
        ring = [COLORS["orange"] if self._path and n in self._path[1] else COLORS["black"]
                for n in self.nodes]
        self.dots.set_edgecolors(ring)
        self.dots.set_linewidths([5 if c == COLORS["orange"] else 2 for c in ring])

    def _style_edges(self):
        w = np.array([self._weights[l][i, j] for l, i, j in self.edges])
        widths = 1.0 + 5.0 * np.clip(np.abs(w), 0, 3) / 3
        colors = [COLORS["blue"] if v >= 0 else COLORS["vermillion"] for v in w]
        if self._path is not None:
            on = [e in self._path[0] for e in self.edges]
            colors = [COLORS["orange"] if o else _FADED for o in on]
            widths = np.where(on, widths + 3, widths)
            for text, o in zip(self.edge_text, on):
                text.set_weight("bold" if o else "normal")
        self.lines.set_linewidths(widths)
        self.lines.set_colors(colors)
