"""tools/numpy_kernels.py: the kernels that store and check the notebooks use no AVX-512 kernel."""

import json
import os
import subprocess
import sys

from tools import numpy_kernels

CHILD = """
import warnings
warnings.simplefilter("error")          # numpy warns when asked to disable a feature it lacks
import numpy._core._multiarray_umath as m
print(json.dumps({name: m.__cpu_features__.get(name, False) for name in AVX512}))
"""


def _child_features(environ):
    code = f"import json\nAVX512 = {numpy_kernels.AVX512!r}\n{CHILD}"
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_pinned_child_process_uses_no_avx512_kernel():
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NPY_DISABLE_CPU_FEATURES", "OPENBLAS_CORETYPE")}
    numpy_kernels.pin(environ)
    enabled = [name for name, on in _child_features(environ).items() if on]
    assert enabled == [], f"numpy still dispatches to {enabled} under {numpy_kernels.settings()}"


def test_pin_keeps_a_value_already_set():
    environ = {"NPY_DISABLE_CPU_FEATURES": "AVX512_ICL"}
    numpy_kernels.pin(environ)
    assert environ["NPY_DISABLE_CPU_FEATURES"] == "AVX512_ICL"


def test_this_session_is_pinned():
    # conftest.py pins before any kernel starts; nbval's kernels inherit this environment.
    for name in numpy_kernels.settings():
        assert name in os.environ, f"conftest.py did not set {name}"
