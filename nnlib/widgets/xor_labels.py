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
