"""A network drawn as pictures: every neuron shows what it computes over the input plane.

``NetworkView(live, ax)`` lays out columns of square maps (the input
features, each hidden layer, the output) joined by edges whose width
shows |w| and whose colour shows the sign in the maps' own colours: orange for
w ≥ 0 (orange is high in a map), blue for w < 0 (blue is low).

All maps are painted into one RGBA array in a few batched numpy calls (one
stretch, one colour lookup, one indexed copy) and pasted as one image, and
the edges are a few lines broken by gaps (one per colour and thickness): a
frame costs a fixed handful of draw calls however many neurons there are.
Coordinates on ``ax`` are the pixels of that array (y grows downward), so
nothing is resampled.
"""

import numpy as np

from .pixels import PixelLayer, colorize, lookup_table, paste, text_pixels, upsample
from .style import COLORS, diverging_cmap

#: Colour of a map whose values are not finite (NaN or inf).
_BROKEN = np.array([200, 200, 200, 255], dtype=np.uint8)
_BORDER = np.array([90, 90, 90, 255], dtype=np.uint8)
#: Edge thickness levels: |w| is shown in this many steps of width and opacity.
LEVELS = 8
#: Size in points of the column headers and feature names (and of an edge's weight).
HEADER_PT = 13


class NetworkView:
    """Columns of neuron maps and the weighted edges between them.

    ``set_network(sizes, labels)`` places ``sizes[k]`` maps in column k
    (column 0: the input features, named by ``labels``; the last: the
    output). ``set_maps(columns)`` paints them: ``columns[k]`` has shape
    (cells², sizes[k]), values in [0, 1] (0 blue, ½ white, 1 orange) on the
    grid ``self.grid`` (cells² = (box/2)² points of the plane, row by row from the
    top); each map is stretched to box × box pixels.
    ``set_weights(Ws)`` styles the edges (``Ws[k]`` of shape
    (sizes[k+1], sizes[k])).

    Column k's header reads "layer k" over "m neurons", or over just "m" when the columns
    stand too close for that (six hidden layers); the maps fill the height under the headers.
    The maps, column headers and feature names are one array of pixels
    (a ``PixelLayer``); the edges are drawn on top as a few lines broken by
    gaps, one per colour and thickness level (``LEVELS`` levels of |w|, from 0
    to 3 and above), which matplotlib draws far faster than one artist per edge.
    """

    def __init__(self, live, ax, extent, box=40, max_rows=8):
        self.live, self.ax, self.box = live, ax, box
        self._dpi = ax.figure.dpi          # texts are rendered at the figure's resolution
        self.max_rows = max_rows
        # The grid each map is computed on: the centres of (box/2)² equal cells of the plane,
        # top row first (x2 decreasing); maps are stretched to box × box pixels (bilinear).
        self.cells = box // 2
        centres = (np.arange(self.cells) + 0.5) / self.cells
        g1 = extent[0] + centres * (extent[1] - extent[0])
        g2 = extent[3] - centres * (extent[3] - extent[2])
        G1, G2 = np.meshgrid(g1, g2)
        self.grid = np.column_stack([G1.ravel(), G2.ravel()])
        cmap = diverging_cmap(1.0)
        self._lut = lookup_table(cmap)
        self.layer = live.dynamic(PixelLayer(ax))
        self.edges = {}
        # The maps' colours, with their meaning: orange positive (high), blue negative (low).
        px = 72 / self._dpi                 # a pixel in points: edges are 0.5 … 6.5 pixels wide
        for sign, color in ((1, COLORS["orange"]), (-1, COLORS["blue"]), (0, COLORS["grey"])):
            for level in range(LEVELS):
                size = (level + 1) / LEVELS
                (line,) = ax.plot([], [], color=color, lw=(0.5 + 6 * size) * px,
                                  alpha=0.3 + 0.7 * size, solid_capstyle="butt", zorder=1)
                self.edges[sign, level] = live.dynamic(line)
        (self.chosen,) = ax.plot([], [], color=COLORS["black"], lw=4.5 * px, ls=(0, (2, 1)),
                                 zorder=2)
        live.dynamic(self.chosen)
        self.value_text = live.dynamic(ax.text(
            0, 0, "", fontsize=HEADER_PT, ha="center", va="bottom", zorder=4,
            bbox=dict(facecolor="white", alpha=0.9, edgecolor="none")))
        ax.set_axis_off()
        self.sizes, self.centres, self._weights, self._ends = [], [], [], None
        self._canvas = None         # headers, labels, borders (once per layout), maps

    # -- geometry --------------------------------------------------------------------------

    def _pixels(self):
        h, w = self.layer.size()
        if self.ax.get_xlim() != (0, w):
            self.ax.set_xlim(0, w)
            self.ax.set_ylim(h, 0)
        return h, w

    def set_network(self, sizes, labels):
        """Lay out columns of ``sizes`` maps; the input column is labelled by ``labels``."""
        h, w = self._pixels()
        self.sizes = [int(s) for s in sizes]
        scale = self._dpi / 100               # margins are given for 100 dpi
        left, right, bottom = (round(v * scale) for v in (66, 12, 4))
        n = len(self.sizes)
        xs = np.linspace(left + self.box / 2, w - right - self.box / 2, max(n, 2))[:n]
        headers = self._headers(xs[1] - xs[0] if n > 1 else w)
        # The maps start under the tallest header (two lines), whatever the network.
        top = text_pixels("layer 1\n1", fontsize=HEADER_PT, dpi=self._dpi).shape[0] + round(
            6 * scale)
        pitch = min(self.box + 22 * scale, (h - top - bottom) / self.max_rows)
        mid = top + (h - top - bottom) / 2
        self.centres = [[(x, mid + (i - (m - 1) / 2) * pitch) for i in range(m)]
                        for x, m in zip(xs, self.sizes)]
        self._ends = None
        frame = np.full((h, w, 4), 255, dtype=np.uint8)
        for x, header in zip(xs, headers):
            paste(frame, header, x, top - round(4 * scale), anchor="bottom")
        for i, label in enumerate(labels[:len(self.centres[0]) if self.centres else 0]):
            x, y = self.centres[0][i]
            paste(frame, text_pixels(label, fontsize=HEADER_PT, dpi=self._dpi),
                  x - self.box / 2 - 6 * scale, y,
                  anchor="right")
        self._slots = self._place_maps(frame)
        self._canvas = frame         # the maps are pasted into it, frame after frame
        self.choose(None)

    def _headers(self, spacing):
        """The columns' headers as pixels: "features", "layer k" over "m neurons", "output";
        over just "m" when a header would come nearer than a word space to the next one."""
        n, gap = len(self.sizes), 12 * self._dpi / 100

        def render(long):
            return [text_pixels("features" if k == 0 else "output" if k == n - 1 else
                                f"layer {k}\n{m}" + (f" neuron{'s' if m > 1 else ''}" if long
                                                      else ""),
                                fontsize=HEADER_PT, dpi=self._dpi)
                    for k, m in enumerate(self.sizes)]

        headers = render(long=True)
        widths = [hd.shape[1] for hd in headers]
        if any((a + b) / 2 + gap > spacing for a, b in zip(widths, widths[1:])):
            headers = render(long=False)
        return headers

    def _place_maps(self, frame):
        """Paint each map's border into ``frame``; return where the maps go, as indices of
        pixels in the flattened frame (shown · box · box, map by map, row by row), and which
        units (counted over all columns) are shown (a map that does not fit is left out)."""
        h, w = frame.shape[:2]
        s, corners, shown = self.box, [], []
        for unit, (k, i) in enumerate((k, i) for k, m in enumerate(self.sizes)
                                      for i in range(m)):
            x0, y0 = self._corner(k, i)
            if x0 < 1 or y0 < 1 or x0 + s + 1 > w or y0 + s + 1 > h:
                continue
            frame[y0 - 1:y0 + s + 1, x0 - 1:x0 + s + 1] = _BORDER
            corners.append((y0, x0))
            shown.append(unit)
        corners = np.array(corners, dtype=np.intp).reshape(-1, 2)
        rows = corners[:, 0, None, None] + np.arange(s)[None, :, None]
        cols = corners[:, 1, None, None] + np.arange(s)[None, None, :]
        return (rows * w + cols).reshape(-1), np.array(shown, dtype=np.intp)

    def _corner(self, k, i):
        x, y = self.centres[k][i]
        return int(round(x - self.box / 2)), int(round(y - self.box / 2))

    # -- painting ----------------------------------------------------------------------------

    def set_maps(self, columns):
        """Paint every neuron's map; ``columns[k]`` is (cells², sizes[k]) in [0, 1].

        All maps at once: one stack of values, stretched (two matrix products), coloured
        (one table lookup) and pasted (one indexed copy of 4-byte pixels) into the frame of
        headers and borders; a frame costs the same few numpy calls however many neurons
        there are."""
        s, c = self.box, self.cells
        values = np.concatenate([np.asarray(v, dtype=np.float64).reshape(c * c, -1)
                                 for v in columns], axis=1)          # (cells², all units)
        where, shown = self._slots
        if len(shown):
            maps = colorize(upsample(values.T[shown].reshape(-1, c, c), (s, s)), self._lut)
            self._canvas.view(np.uint32).reshape(-1)[where] = maps.view(np.uint32).reshape(-1)
        self.layer.set_pixels(self._canvas)

    def set_weights(self, Ws):
        """Edges from column k to k+1 styled by ``Ws[k]`` (shape (sizes[k+1], sizes[k])):
        orange for w ≥ 0, blue for w < 0 (as in the maps: orange high, blue low), grey for NaN
        or inf; thicker for larger |w|."""
        self._weights = [np.asarray(W, dtype=np.float64) for W in Ws]
        v = np.concatenate([W.ravel() for W in self._weights]) if self._weights else np.zeros(0)
        a, b = self._edge_ends()
        finite = np.isfinite(v)
        level = np.minimum(np.abs(np.where(finite, v, 0)) / 3.0 * LEVELS, LEVELS - 1).astype(int)
        # Each edge's line, counted in the order of self.edges: w ≥ 0 by level, w < 0, NaN.
        line_of = np.where(finite, np.where(v >= 0, 0, LEVELS) + level, 3 * LEVELS - 1)
        order = np.argsort(line_of, kind="stable")
        bounds = np.searchsorted(line_of[order], np.arange(3 * LEVELS + 1))
        # Each edge is start, end, gap (NaN): one line with breaks draws them all.
        xy = np.full((3 * len(v), 2), np.nan)
        xy[0::3], xy[1::3] = a[order], b[order]
        for line, lo, hi in zip(self.edges.values(), 3 * bounds[:-1], 3 * bounds[1:]):
            if hi > lo or line.get_visible():
                line.set_data(xy[lo:hi, 0], xy[lo:hi, 1])
            line.set_visible(bool(hi > lo))    # an empty line still costs a draw call

    def _edge_ends(self):
        # Where each edge starts and ends, weight by weight (W.ravel() of each layer in turn),
        # kept until the next layout.
        if self._ends is None:
            half, starts, ends = self.box / 2, [np.zeros((0, 2))], [np.zeros((0, 2))]
            for k in range(len(self.centres) - 1):
                src = np.array(self.centres[k]) + (half + 1, 0)
                dst = np.array(self.centres[k + 1]) - (half + 1, 0)
                # Edge (i, j) runs from map j of column k to map i of column k + 1.
                starts.append(np.broadcast_to(src[None], (len(dst), len(src), 2)).reshape(-1, 2))
                ends.append(np.broadcast_to(dst[:, None], (len(dst), len(src), 2)).reshape(-1, 2))
            self._ends = np.concatenate(starts), np.concatenate(ends)
        return self._ends

    def choose(self, edge):
        """Mark the edge ``(k, i, j)`` (from map j of column k to map i of column k+1)
        and print its weight; ``None`` marks nothing."""
        if edge is None or not self.centres or edge[0] + 1 >= len(self.centres):
            self.chosen.set_data([], [])
            self.value_text.set_text("")
            return
        k, i, j = edge
        (x0, y0), (x1, y1) = self.centres[k][j], self.centres[k + 1][i]
        half = self.box / 2
        self.chosen.set_data([x0 + half, x1 - half], [y0, y1])
        v = self._weights[k][i, j] if k < len(self._weights) else np.nan
        self.value_text.set_position(((x0 + x1) / 2, (y0 + y1) / 2 - 4))
        self.value_text.set_text(f"w = {v:.3g}")
