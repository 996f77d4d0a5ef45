"""pytest settings for the whole repository: tests/ and the notebooks nbval runs."""

import os
import sys
from pathlib import Path

# matplotlib caches its font list, with absolute paths, in ~/.cache/matplotlib, which every
# environment on the machine shares. A list built by another environment that has since been
# deleted points at fonts that are gone: a kernel then writes "findfont: Font family
# ['STIXGeneral'] not found" to stderr, or raises FileNotFoundError. The tests, and the kernels
# and JupyterLab they start (which inherit this variable), keep matplotlib's cache inside this
# environment, where its fonts are.
os.environ.setdefault("MPLCONFIGDIR", str(Path(sys.prefix) / "matplotlib-cache"))
