"""Last-bit noise for tests: tools/last_bit_noise/sitecustomize.py, loaded by its path.

``with last_bit_noise(seed):`` computes exp, tanh, log, sin, … with each float64 result moved by
at most one unit in the last place, as another CPU's or numpy release's kernels might round it;
``seed=None`` is this machine as it is. A claim that holds for several seeds holds on machines
this one cannot be.
"""

import contextlib
import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "tools" / "last_bit_noise" / "sitecustomize.py"
_spec = importlib.util.spec_from_file_location("last_bit_noise", _PATH)
noise = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(noise)

#: None: this machine; then two simulated others.
MACHINES = [None, 1, 2]


@contextlib.contextmanager
def last_bit_noise(seed):
    if seed is None:
        yield
        return
    noise.install(seed)
    try:
        yield
    finally:
        noise.uninstall()
