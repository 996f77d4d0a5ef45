"""The course's navigation and notebooks: links resolve, every lesson is on the map, stored
notebooks are executed in order with the python3 kernelspec."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if p.name != "00_index.ipynb")


def _cells(name):
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]


def _markdown(name):
    return "".join("".join(c["source"]) for c in _cells(name) if c["cell_type"] == "markdown")


def _links(text):
    return re.findall(r"\]\(([^)#]+\.ipynb)\)", text)


def test_every_lesson_is_on_the_course_map_and_every_link_resolves():
    index = _markdown("00_index.ipynb")
    for lesson in LESSONS:
        assert lesson in _links(index), f"{lesson} is missing from the course map"
    for name in ["00_index.ipynb", *LESSONS]:
        for cell in _cells(name):
            if cell["cell_type"] == "markdown":
                for link in _links("".join(cell["source"])):
                    assert (NOTEBOOKS / link).exists(), f"{name} links to missing {link}"


def test_each_lesson_links_back_to_the_map():
    for lesson in LESSONS:
        assert "00_index.ipynb" in _links(_markdown(lesson)), lesson


def test_readme_badge_opens_the_course_index():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badge = re.search(r"\(https://mybinder\.org/v2/gh/[^)]+\)", readme).group(0)
    assert "notebooks/00_index.ipynb" in badge
    assert (NOTEBOOKS / "00_index.ipynb").exists()


def test_notebooks_are_stored_executed_in_order():
    for name in ["00_index.ipynb", *LESSONS]:
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python3", name
        counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1)), f"{name} is not executed top to bottom"
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not any(o["output_type"] == "error" for o in cell["outputs"]), name


def test_readme_example_prints_what_it_says(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## nnlib in ten lines\s+```python\n(.*?)```", readme, re.S).group(1)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    promised = re.search(r"print\(net\.forward.*# (\[[^\]]+\])", code).group(1)
    assert printed[0] == promised
    assert printed[1].startswith("GradientCheck(")


def _pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_binder_installs_the_same_library_pins_and_nnlib():
    root, binder = _pins(ROOT / "requirements.txt"), _pins(ROOT / "binder" / "requirements.txt")
    assert {"numpy", "matplotlib", "ipywidgets"} <= set(binder)
    assert all(root[name] == version for name, version in binder.items())
    assert "-e ." in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8")
    assert runtime.strip().startswith("python-3.")


def test_classroom_mode_is_pinned_for_learners_and_binder():
    """Voila (the app view) and jupyterlab-slideshow (the slides): pinned, and Binder gets the
    same versions (tools/binder_check.py checks they leave Binder's JupyterLab alone)."""
    root, binder = _pins(ROOT / "requirements.txt"), _pins(ROOT / "binder" / "requirements.txt")
    for name in ("voila", "jupyterlab-slideshow", "jupyterlab-fonts"):
        assert name in root, f"{name} is not pinned in requirements.txt"
        assert binder.get(name) == root[name], f"Binder does not install {name}=={root[name]}"


def test_readme_app_badge_opens_the_index_in_voila_on_the_same_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badges = re.findall(r"\((https://mybinder\.org/v2/gh/[^)?]+)\?urlpath=([^)]+)\)", readme)
    by_path = {path: repo for repo, path in badges}
    assert "lab/tree/notebooks/00_index.ipynb" in by_path
    assert "voila/render/notebooks/00_index.ipynb" in by_path, "no Binder badge opens Voila"
    assert by_path["voila/render/notebooks/00_index.ipynb"] == \
        by_path["lab/tree/notebooks/00_index.ipynb"], "the two badges open different repositories"
    assert "Voilà" in readme.split("## The course")[0], "the README says what the app badge is"


def test_readme_lists_every_lesson_and_its_pictures_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lesson in LESSONS:
        assert f"(notebooks/{lesson})" in readme, f"{lesson} is missing from the README's map"
    # one table: a blank line inside it would end the table, and GitHub would show the rows
    # after it as plain text
    lines = readme.splitlines()
    rows = [i for i, line in enumerate(lines) if line.startswith("| [0")]
    assert len(rows) == len(LESSONS) + 1 and rows == list(range(rows[0], rows[-1] + 1)), \
        "the README's course map is not one table"
    images = [i for i in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
              if not i.startswith("https://")]
    assert len(images) >= 2
    for image in images:
        assert (ROOT / image).is_file(), f"README shows missing {image}"


def _readme_command(marker):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(rf"<!-- {marker} -->\n```bash\n(.*?)\n```", readme).group(1)


def test_windows_commands_do_what_the_bash_ones_do():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    learn, test = re.findall(r"```powershell\n(.*?)\n```", readme)
    bash_learn, bash_test = _readme_command("learn-command"), _readme_command("test-command")
    assert "-r requirements.txt" in learn and "-r requirements.txt" in bash_learn
    assert learn.endswith("jupyter lab notebooks/00_index.ipynb")
    assert bash_learn.endswith("jupyter lab notebooks/00_index.ipynb")
    uv = re.search(r"uv==[0-9.]+", bash_test).group(0)
    assert uv in test and "-r requirements-dev.txt" in test
    assert test.split("python -m pytest")[1] == bash_test.split("python -m pytest")[1]
    assert "OMP_NUM_THREADS = 1" in test and "OMP_NUM_THREADS=1" in bash_test


def test_the_supported_pythons_are_stated_once_and_agree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11 to 3.14" in readme
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11"' in pyproject
    assert 'target-version = "py311"' in pyproject
    binder = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert binder in {f"python-3.{minor}" for minor in range(11, 15)}


def test_readme_gradient_caption_matches_its_picture():
    """"the error reaching layer 1 is 5.4 × 10⁻⁷ of the output layer's, each layer's a few
    times smaller than the one above" (docs/gradients.png, made by tools/screenshots.py)."""
    import numpy as np

    from nnlib.widgets import gradient_explorer

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    norms = np.asarray(gradient_explorer(depth=10, width=32, activation="sigmoid").norms)
    assert f"{norms[0] / norms[-1]:.1e}" == "5.4e-07"
    assert "5.4 × 10⁻⁷" in readme
    steps = norms[1:] / norms[:-1]
    assert np.all((steps > 2) & (steps < 6))


def test_the_package_ships_every_subpackage_and_the_digits():
    # An editable install hides a package list that names nnlib alone: a wheel built from it
    # had no nnlib.viz, nnlib.widgets, nnlib.exercises or nnlib.tasks. Ask setuptools what the
    # pyproject's rule finds (setuptools matches dotted names with fnmatch; setuptools itself is
    # not in a Python 3.12+ venv), and compare with every folder of nnlib/ that is a package.
    import tomllib
    from fnmatch import fnmatchcase

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    config = pyproject["tool"]["setuptools"]
    include = config["packages"]["find"]["include"]
    packages = {".".join(p.parent.relative_to(ROOT).parts)
                for p in (ROOT / "nnlib").rglob("__init__.py")}
    shipped_packages = {p for p in packages if any(fnmatchcase(p, rule) for rule in include)}
    assert shipped_packages == packages, f"not shipped: {sorted(packages - shipped_packages)}"
    assert {"nnlib.viz", "nnlib.widgets", "nnlib.exercises", "nnlib.tasks"} <= packages
    shipped = config["package-data"]["nnlib"]
    assert "datasets/digits.csv.gz" in shipped
    assert (ROOT / "nnlib" / "datasets" / "digits.csv.gz").exists()
