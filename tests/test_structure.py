"""The library's layers and sizes: the maths imports numpy only; pictures and explorers load on
demand; modules and functions stay short enough to read; notebooks use the public entry points."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NNLIB = ROOT / "nnlib"
# The maths side: nnlib/*.py, the lessons' tasks and the headless training runs.
MATHS = sorted([*NNLIB.glob("*.py"), *NNLIB.glob("tasks/*.py"), *NNLIB.glob("runs/*.py")])
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path):
    """The modules ``path`` imports, absolute (relative imports resolved): 'nnlib.dense'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.module
                continue
            base = ".".join(package[:len(package) - node.level + 1])
            if node.module:
                yield f"{base}.{node.module}"
            else:
                yield from (f"{base}.{alias.name}" for alias in node.names)


def test_import_resolution_sees_relative_imports():
    # the test below can only fail if a relative import of the pictures is seen as one
    tasks = NNLIB / "tasks" / "lesson04.py"
    assert "nnlib.network" in set(_imports(tasks))
    assert "nnlib.viz.style" in set(_imports(NNLIB / "viz" / "__init__.py"))


@pytest.mark.parametrize("path", MATHS, ids=lambda p: str(p.relative_to(NNLIB)))
def test_maths_modules_import_numpy_only(path):
    allowed = {"numpy", "nnlib", "math", "numbers", "collections", "copy", "importlib", "functools"}
    imported = set(_imports(path))
    outside = {m for m in imported if m.split(".")[0] not in allowed}
    assert not outside, f"{path.name} imports {sorted(outside)}"
    upward = {m for m in imported if m.split(".")[:2] in (["nnlib", "viz"], ["nnlib", "widgets"])}
    assert not upward, f"{path.name} (maths) imports pictures or explorers: {sorted(upward)}"


@pytest.mark.parametrize("module", ["nnlib", "nnlib.tasks", "nnlib.exercises"])
def test_import_loads_no_plotting_widgets_or_ipython(module):
    code = (f"import sys, {module}, nnlib; nnlib.MLP([2, 1]); "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"import {module} loads {out.stdout.strip()}"


def test_import_nnlib_loads_no_plotting_or_widgets():
    code = ("import sys, nnlib; nnlib.MLP([2, 1]); "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pictures_do_not_import_widgets():
    for path in (NNLIB / "viz").glob("*.py"):
        assert not any(m.startswith("ipywidgets") or m.startswith("nnlib.widgets")
                       for m in _imports(path)), path.name


def _too_long(paths, root=ROOT):
    """Modules over MAX_MODULE_LINES lines and functions (methods too) over MAX_FUNCTION_LINES,
    docstring included, as readable strings."""
    found = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(root)
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    return found


def test_the_length_rule_sees_long_functions_and_modules(tmp_path):
    # f: a def line, a docstring and 59 more lines = 61; g: 60 lines, allowed; 301 lines in all
    source = ("def f():\n    \"\"\"Doc.\"\"\"\n" + "    x = 1\n" * 59
              + "\n\nclass C:\n    def g(self):\n" + "        x = 1\n" * 59)
    source += "\n" * (301 - len(source.splitlines()))
    path = tmp_path / "m.py"
    path.write_text(source)
    assert _too_long([path], tmp_path) == ["m.py: 301 lines", "m.py:1 f(): 61 lines"]
    path.write_text(source.replace("    x = 1\n", "", 1).rstrip("\n") + "\n")
    assert _too_long([path], tmp_path) == []


def test_modules_and_functions_are_short():
    found = _too_long(sorted(NNLIB.rglob("*.py")))
    assert not found, (f"modules over {MAX_MODULE_LINES} lines or functions over "
                       f"{MAX_FUNCTION_LINES} lines:\n  " + "\n  ".join(found))


def _code_cells(path):
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            # IPython magics and shell lines are not Python
            yield "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                            for line in source.splitlines())


def _inner_imports(source):
    """Imports of a module inside nnlib.widgets or nnlib.exercises, e.g. 'nnlib.widgets.xor'."""
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        yield from (n for n in names if n.split(".")[:2] in (["nnlib", "widgets"],
                                                             ["nnlib", "exercises"])
                    and len(n.split(".")) > 2)


def test_inner_import_rule_sees_them():
    assert list(_inner_imports("from nnlib.widgets.xor import x\nimport nnlib.exercises.lesson02"
                               "\nfrom nnlib.widgets import xor_explorer")) == [
        "nnlib.widgets.xor", "nnlib.exercises.lesson02"]


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_import_explorers_and_checks_from_the_packages(path):
    """A notebook imports ``from nnlib.widgets import ...`` and ``from nnlib.exercises import
    ...``, never from their modules, so the modules can be reorganised."""
    inner = [name for source in _code_cells(path) for name in _inner_imports(source)]
    assert not inner, f"{path.name} imports {inner}"


def test_no_module_imports_another_modules_private_names():
    """A name with a leading underscore is private to its module; code elsewhere that needs it
    needs a public, documented name instead (like ``training.forward_backward_unchecked``)."""
    found = []
    for path in sorted(NNLIB.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                found += [f"{path.relative_to(ROOT)}: {alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert not found, "private names imported from other modules:\n  " + "\n  ".join(found)
