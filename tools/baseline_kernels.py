"""Print the NPY_DISABLE_CPU_FEATURES value that leaves numpy only its baseline CPU kernels.

numpy picks kernels for exp, tanh, log, sin, … by the CPU it runs on (on x86-64: the baseline,
AVX2/FMA3 and AVX-512 groups; on ARM, NEON and SVE ones), and kernels from different groups may
round the last bit differently. The course's printed numbers must not depend on that, so CI
checks the notebooks a second time with every dispatchable group switched off, which is what an
older or a different CPU runs:

    NPY_DISABLE_CPU_FEATURES="$(python tools/baseline_kernels.py)" python -m pytest notebooks

With ``--check`` it instead asserts that this process runs on the baseline kernels alone.
"""

import sys

from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__


def disable_all():
    """Every feature group numpy's build can dispatch to: disabling one the CPU lacks is a
    no-op, so the value is the same on every machine with this numpy build."""
    return " ".join(__cpu_dispatch__)


def enabled_dispatch():
    """The dispatchable feature groups this process actually uses (empty on baseline only)."""
    return [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        on = enabled_dispatch()
        print(f"numpy dispatches to: {' '.join(on) or 'nothing beyond its baseline'}")
        sys.exit(1 if on else 0)
    print(disable_all())
