"""Make the README's screenshots: the first view of two explorers, as PNG files in docs/.

    python tools/screenshots.py                  # all of them
    python tools/screenshots.py gradients.png    # only the ones named

They are the same pictures a notebook stores for readers without a kernel.
"""

import sys
from pathlib import Path

from nnlib.widgets import gradient_explorer, playground

DOCS = Path(__file__).resolve().parent.parent / "docs"

SHOTS = {
    "playground.png": lambda: playground(data="spiral", hidden=(8, 8, 8), lr=0.1, batch_size=20,
                                         epochs=500),
    "gradients.png": lambda: gradient_explorer(depth=10, width=32, activation="sigmoid"),
}


def main(names=()):
    unknown = set(names) - set(SHOTS)
    if unknown:
        raise SystemExit(f"unknown screenshot(s) {sorted(unknown)}; expected some of {list(SHOTS)}")
    DOCS.mkdir(exist_ok=True)
    for name, make in SHOTS.items():
        if names and name not in names:
            continue
        (DOCS / name).write_bytes(make().live.png())
        print(f"wrote docs/{name}")


if __name__ == "__main__":
    main(sys.argv[1:])
