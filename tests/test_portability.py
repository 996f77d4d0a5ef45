"""The tools that prove the notebooks portable do what they say.

CI checks the stored notebooks twice more: with numpy's baseline CPU kernels only
(tools/baseline_kernels.py) and with last-bit noise (tools/last_bit_noise). Those checks prove
nothing if the environment variables they set had no effect; these tests make sure they do.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from noise import last_bit_noise

ROOT = Path(__file__).resolve().parent.parent


def _child(code, **env):
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NPY_DISABLE_CPU_FEATURES", "NNLIB_LAST_BIT_NOISE", "PYTHONPATH")}
    environ.update(env)
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], env=environ,
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_baseline_kernels_leave_numpy_no_dispatched_kernel():
    value = _child("import sys; sys.path.insert(0, 'tools'); import baseline_kernels; "
                   "print(baseline_kernels.disable_all())").strip()
    code = ("import json, sys; sys.path.insert(0, 'tools'); import baseline_kernels; "
            "print(json.dumps(baseline_kernels.enabled_dispatch()))")
    assert json.loads(_child(code, NPY_DISABLE_CPU_FEATURES=value)) == []
    # and the check is not vacuous where the CPU has something to dispatch to: same answer
    # as numpy's own table
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    native = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
    assert json.loads(_child(code)) == native


CODE_EXP = ("import json, numpy as np; x = np.linspace(-20, 20, 4001); "
            "print(json.dumps(np.exp(x).tolist()))")


def test_last_bit_noise_moves_results_by_one_unit_in_the_last_place_at_most():
    exact = np.array(json.loads(_child(CODE_EXP)))
    noisy = np.array(json.loads(_child(CODE_EXP, PYTHONPATH="tools/last_bit_noise",
                                       NNLIB_LAST_BIT_NOISE="1")))
    ulps = np.abs(noisy - exact) / np.spacing(exact)
    assert 0.2 < np.mean(ulps > 0) < 0.9, "the noise should move many results, not all"
    assert ulps.max() <= 1.0


def test_last_bit_noise_seeds_differ_and_leave_numpy_as_it_was():
    x = np.linspace(-3, 3, 1000)
    with last_bit_noise(1):
        a = np.tanh(x)
    with last_bit_noise(2):
        b = np.tanh(x)
    assert not np.array_equal(a, b)
    assert isinstance(np.tanh, np.ufunc), "uninstall() must put numpy's own tanh back"


def test_last_bit_noise_keeps_exact_results_and_signs():
    big = np.array([0.0, -800.0, 800.0])
    with last_bit_noise(1), np.errstate(over="ignore"):
        e = np.exp(big)
        t = np.tanh(big)
        s = np.sin(np.zeros(3))
    with np.errstate(over="ignore"):
        assert np.array_equal(e, np.exp(big))           # 1, 0 and inf stay
    assert np.array_equal(t, [0.0, -1.0, 1.0]) and np.array_equal(s, np.zeros(3))
    with last_bit_noise(2):
        tiny = np.exp(np.linspace(-745, -700, 1000))    # subnormal and tiny: never below 0
    assert np.all(tiny >= 0)


def test_matplotlib_keeps_its_font_cache_where_conftest_puts_it():
    # conftest.py points MPLCONFIGDIR into this environment (unless the caller chose one): a
    # font list cached by another, deleted environment cannot break the kernels' figures
    import matplotlib

    assert "MPLCONFIGDIR" in os.environ
    assert Path(matplotlib.get_cachedir()).resolve() == Path(os.environ["MPLCONFIGDIR"]).resolve()
