"""pytest settings for the whole repository: tests/ and the notebooks nbval runs."""

from tools import numpy_kernels

# Every kernel that nbval and the browser test start imports numpy with the kernels the stored
# outputs were computed with (AVX2 where the CPU has AVX-512): see tools/numpy_kernels.py.
numpy_kernels.pin()
