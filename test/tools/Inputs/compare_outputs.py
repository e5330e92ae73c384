"""Compares DIR/output_N.pb with EXPECTED/output_N.pb by the largest error
relative to the expected values' largest magnitude, and fails unless it lies
in [--at-least, --below): how exact a result is, not only whether it passes
dlc-run --expect's tolerance."""
import argparse
import glob
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

parser = argparse.ArgumentParser()
parser.add_argument("actual")
parser.add_argument("expected")
parser.add_argument("--below", type=float, required=True)
parser.add_argument("--at-least", type=float, default=0.0)
args = parser.parse_args()

worst = 0.0
files = sorted(glob.glob(os.path.join(args.expected, "output_*.pb")))
if not files:
    sys.exit(f"no outputs in {args.expected}")
for path in files:
    expected = numpy_helper.to_array(onnx.load_tensor(path)).astype(np.float64)
    actual = numpy_helper.to_array(
        onnx.load_tensor(os.path.join(args.actual, os.path.basename(path)))).astype(np.float64)
    worst = max(worst, np.abs(actual - expected).max() / np.abs(expected).max())
print(f"relative error {worst:.3g}")
if not args.at_least <= worst < args.below:
    sys.exit(f"relative error {worst:.3g} is not in [{args.at_least}, {args.below})")
