import numpy as np
import pytest

# The order in which the test files and notebooks are handed to pytest-xdist's two workers
# (the README's command runs `-n 2 --dist loadscope --no-loadscope-reorder`: each file and each
# notebook stays in one worker, and they are handed out in this order). Longest first, so the
# run does not end with one worker still busy on a long file while the other waits: the
# browser test (about 150 s) takes one worker; the other runs the notebooks, then the long
# sweeps; the quick files fill the gaps at the end. Times from `pytest --durations`. A file
# not named here runs after these, in its usual order: the order changes speed, never results.
LONGEST_FIRST = [
    "tests/test_browser.py",
    "notebooks/06_playground.ipynb",
    "notebooks/02_xor.ipynb",
    "notebooks/05_learning_rate.ipynb",
    "notebooks/04_gradients.ipynb",
    "notebooks/03_backprop.ipynb",
    "notebooks/01_perceptron.ipynb",
    "notebooks/00_index.ipynb",
    "tests/test_robustness.py",
    "tests/test_explorers_lesson05.py",
    "tests/test_explorers_lesson04.py",
    "tests/test_playground.py",
    "tests/test_explorers_lesson03.py",
    "tests/test_explorers_lesson01.py",
    "tests/test_explorers_lesson02.py",
    "tests/test_exercises_lesson06.py",
    "tests/test_exercises_lesson05.py",
    "tests/test_determinism.py",
]


def pytest_collection_modifyitems(items):
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}

    def key(item):
        path = item.nodeid.split("::", 1)[0]
        return rank.get(path, len(LONGEST_FIRST))

    items.sort(key=key)      # stable: within a file, and among the files not named, as before


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
