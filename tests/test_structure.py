"""The library's layers: the maths imports numpy only; pictures and explorers load on demand."""

import ast
import subprocess
import sys
from pathlib import Path

NNLIB = Path(__file__).resolve().parent.parent / "nnlib"
MATHS = sorted(p for p in NNLIB.glob("*.py"))


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_maths_modules_import_numpy_only():
    allowed = {"numpy", "math", "numbers", "collections", "copy", "importlib"}
    for path in MATHS:
        outside = set(_imports(path)) - allowed
        assert not outside, f"{path.name} imports {sorted(outside)}"


def test_import_nnlib_loads_no_plotting_or_widgets():
    code = ("import sys, nnlib; nnlib.MLP([2, 1]); "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pictures_do_not_import_widgets():
    for path in (NNLIB / "viz").glob("*.py"):
        assert "ipywidgets" not in set(_imports(path)), path.name
