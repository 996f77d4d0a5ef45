"""One choice of numpy's CPU kernels for every machine that stores or checks the notebooks' outputs.

numpy picks its kernels for ``exp``, ``tanh``, ``log`` and friends by the CPU it runs on. On an
x86-64 CPU with AVX-512, numpy uses its AVX-512 kernels, which round some results differently
in the last bit from the AVX2 ones. One bit is nothing, but a few hundred training steps amplify
it: on such a machine, lesson 04's 300-step losses differ in the third or fourth printed digit
(0.000187768 against 0.000189191) and one of lesson 06's test points changes class (97.6 % against
97.2 % test accuracy). The course's numbers are no less right either way; but nbval compares every
printed digit, so the stored outputs and their check must use the same kernels.

So the notebooks are stored, and checked, with numpy's AVX2 kernels (and OpenBLAS's Haswell ones)
whatever the CPU: ``pin()`` sets the environment variables that make every kernel process started
afterwards (nbval's, JupyterLab's, ``tools/run_notebooks.py``'s) import numpy that way. On a CPU
without AVX-512 it changes nothing, and a learner's own Jupyter is never touched.
"""

import os

# numpy's names for the AVX-512 feature groups it can dispatch to (numpy 2.x on x86-64).
AVX512 = ("AVX512F", "AVX512CD", "AVX512_KNL", "AVX512_KNM", "AVX512_SKX", "AVX512_CLX",
          "AVX512_CNL", "AVX512_ICL", "AVX512_SPR")


def settings():
    """The environment variables (name -> value) that pin numpy's kernels to AVX2; empty where
    numpy's build has no AVX-512 kernels (not x86-64).

    The same on every x86-64 machine, and in a process whose numpy was itself imported pinned
    (pytest-xdist's workers are), since it asks only what the build can dispatch to: disabling a
    feature the CPU lacks is harmless, but numpy refuses, with an ImportWarning, to disable one
    its build cannot dispatch to."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    disable = [name for name in AVX512 if name in __cpu_dispatch__]
    if not disable:
        return {}
    pinned = {"NPY_DISABLE_CPU_FEATURES": " ".join(disable)}
    if __cpu_features__.get("AVX2") and __cpu_features__.get("FMA3"):
        pinned["OPENBLAS_CORETYPE"] = "Haswell"    # safe: Haswell's kernels need AVX2 and FMA
    return pinned


def pin(environ=os.environ):
    """Put ``settings()`` into ``environ`` (by default this process's, which child processes
    inherit), keeping any value already set there. Returns what ``environ`` now holds for them."""
    pinned = settings()
    for name, value in pinned.items():
        environ.setdefault(name, value)
    return {name: environ[name] for name in pinned}
