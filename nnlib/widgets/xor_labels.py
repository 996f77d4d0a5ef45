"""Where the XOR explorer puts the label of each point of hidden space (h1, h2).

Layout only (no maths): of 16 spots around a point, the one farthest from the other points
and the labels already placed, that still reads as this point's label.
"""

import numpy as np


def label_position(h, others, placed, half):
    """Where to put the label of the hidden-space point ``h``: of 16 spots around it (inside the
    axes, ``half`` = about half the label's width), the one farthest from the other points and
    the labels already placed, among those nearer h than any other point."""
    best, score = None, -np.inf
    for angle in np.linspace(0, 2 * np.pi, 16, endpoint=False):
        for radius in (0.2, 0.3):
            pos = np.array([np.clip(h[0] + 1.3 * radius * np.cos(angle), -0.1 + half, 1.1 - half),
                            np.clip(h[1] + radius * np.sin(angle), -0.05, 1.05)])
            own = np.hypot(*(pos - h))
            gaps = [np.hypot(*(pos - o)) for o in others]
            if gaps and min(gaps) <= own + 0.02:
                continue
            if any(abs(pos[0] - p[0]) < half + 0.04 and abs(pos[1] - p[1]) < 0.08
                   for p in [h, *others]):
                continue                     # the label would cover a point
            near = min([*gaps, *(np.hypot(*((pos - q) / (2.2, 1))) * 2 for q in placed), 1.0])
            if near - 0.3 * own > score:
                best, score = pos, near - 0.3 * own
    if best is None:                         # nowhere nearer h than the others: just above it
        best = np.array([np.clip(h[0], -0.1 + half, 1.1 - half), min(h[1] + 0.12, 1.05)])
    return best


def leader_ends(h, pos, half, half_height=0.045, gap=0.04):
    """The leader line from the label centred at ``pos`` (half its width ``half``, half its
    height ``half_height``, in data units) to its point ``h``: ([x0, x1], [y0, y1]), starting at
    the label's box and stopping ``gap`` short of the point's marker (empty when they touch)."""
    d = np.asarray(h, float) - np.asarray(pos, float)
    length = np.hypot(*d)
    if length == 0:
        return [], []
    out = min(half / abs(d[0]) if d[0] else np.inf, half_height / abs(d[1]) if d[1] else np.inf)
    start, end = pos + d * min(out, 1.0), h - d / length * gap
    if np.dot(end - start, d) <= 0:
        return [], []
    return [start[0], end[0]], [start[1], end[1]]
