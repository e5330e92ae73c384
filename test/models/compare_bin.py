"""compare_bin.py EXPECTED.bin ACTUAL.bin: float32 files equal within rtol 1e-3, atol 1e-5."""
import sys

import numpy as np

expected = np.fromfile(sys.argv[1], dtype=np.float32)
actual = np.fromfile(sys.argv[2], dtype=np.float32)
if expected.shape != actual.shape:
    sys.exit(f"{sys.argv[2]}: {actual.size} floats, expected {expected.size}")
if not np.allclose(actual, expected, rtol=1e-3, atol=1e-5):
    worst = int(np.argmax(np.abs(actual - expected)))
    sys.exit(f"{sys.argv[2]}: element {worst} is {actual[worst]}, expected {expected[worst]}")
print(f"{actual.size} outputs match {sys.argv[1]}")
