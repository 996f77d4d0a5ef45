"""Re-execute notebooks top to bottom in a fresh kernel and save them with their outputs.

    python tools/run_notebooks.py                       # every notebook in notebooks/
    python tools/run_notebooks.py notebooks/01_perceptron.ipynb

The stored notebooks are always this script's output: kernelspec python3,
execution counts 1, 2, 3, … in order, no timing metadata, so a second run
gives the same file (nbval then checks that the outputs still hold).
"""

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def run(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata.pop("widgets", None)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.outputs:
                output.get("metadata", {}).pop("execution", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # matplotlib's font cache inside this environment, as conftest.py does for the tests: a
    # font list cached by another (since deleted) environment makes kernels print
    # "findfont: Font family STIXGeneral not found", which would be stored in the notebook.
    os.environ.setdefault("MPLCONFIGDIR", str(Path(sys.prefix) / "matplotlib-cache"))
    paths = args.paths or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        t0 = time.perf_counter()
        run(path.resolve())
        print(f"{path}: executed and saved in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
