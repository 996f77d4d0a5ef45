"""Run every notebook's nbval check against the newest numpy, matplotlib, ipywidgets and JupyterLab.

The course pins its packages, but a learner may install newer ones. This script makes a fresh
virtual environment (in a temporary folder) with the newest releases PyPI offers for the given
Python, installs nnlib from this checkout, prints what it got, and runs nbval over the notebooks:

    python tools/newest_check.py                          # with the newest python3.X on PATH
    python tools/newest_check.py --python /usr/bin/python3.13

It passes when every stored output still holds. It needs PyPI and uv (requirements-dev.txt
installs uv's pin with the test command); it is not part of the test command itself.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWEST = ["numpy", "matplotlib", "ipywidgets", "jupyterlab", "nbval", "pytest", "pytest-xdist"]


def newest_python():
    """The python3.X on PATH with the highest X that runs (a pyenv shim may be on PATH for a
    version that is not switched on), falling back to this interpreter."""
    for minor in range(30, 10, -1):
        exe = shutil.which(f"python3.{minor}")
        if exe and subprocess.run([exe, "--version"], capture_output=True).returncode == 0:
            return exe
    return sys.executable


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=None, help="the interpreter for the environment")
    args, pytest_args = parser.parse_known_args()
    python = args.python or newest_python()
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("uv is not on PATH: pip install uv (requirements-dev.txt pins it)")
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([uv, "venv", "--quiet", "--python", python, str(venv)], check=True)
        env_python = str(venv / ("Scripts/python.exe" if sys.platform == "win32" else
                                 "bin/python"))
        subprocess.run([uv, "pip", "install", "--quiet", "--python", env_python, "--upgrade",
                        *NEWEST, "-e", str(ROOT)], check=True)
        versions = subprocess.run(
            [env_python, "-c", "import sys, importlib.metadata as m; print('Python', "
             "sys.version.split()[0], *(f'{p} {m.version(p)}' for p in sys.argv[1:]))",
             *NEWEST[:4]], check=True, capture_output=True, text=True).stdout.strip()
        print(f"newest releases: {versions}", flush=True)
        done = subprocess.run([env_python, "-m", "pytest", "notebooks", "-p", "no:cacheprovider",
                               "-n", "2", "--dist", "loadscope", *pytest_args], cwd=ROOT)
        summary = "passed" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
        print(f"nbval on every notebook with {re.sub(' +', ' ', versions)}: {summary}")
        sys.exit(done.returncode)


if __name__ == "__main__":
    main()
