"""The real-model table: for each PyTorch export under test/models/real, the
opset, dlc's max abs / rel error against PyTorch's output, the compile time,
and dlc's latency beside ONNX Runtime's (medians of --repeats runs of --iters
iterations each; ORT with one intra-op thread, as dlc runs).

    /tmp/venv/bin/python test/bench/real_model_table.py --dlc-compile build/bin/dlc-compile \\
        --dlc-run build/bin/dlc-run [--iters 50] [--repeats 3] [NAME_REGEX]

ONNX Runtime is optional (a PyPI package, never a dependency of dlc): without
it the ORT column is empty."""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "real")


def load(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def dlc_latency_ms(args, iters):
    out = subprocess.run(args + ["--bench", str(iters)], capture_output=True, text=True,
                         check=True).stdout
    match = re.search(r"median ([0-9.]+) ms", out)
    return float(match.group(1)) if match else float("nan")


def ort_latency_ms(model, feeds, iters):
    try:
        import onnxruntime as ort
    except ImportError:
        return None
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    session.run(None, feeds)
    start = time.perf_counter()
    for _ in range(iters):
        session.run(None, feeds)
    return (time.perf_counter() - start) * 1000 / iters


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc-compile", required=True)
    parser.add_argument("--dlc-run", required=True)
    parser.add_argument("--iters", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("filter", nargs="?", default=".")
    options = parser.parse_args()
    print("| model | opset | max abs err | max rel err | compile s | dlc ms | ORT ms | dlc/ORT |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for case in sorted(os.listdir(ROOT)):
        if not re.search(options.filter, case):
            continue
        folder = os.path.join(ROOT, case)
        model = os.path.join(folder, "model.onnx")
        opset = next(o.version for o in onnx.load(model).opset_import if o.domain in ("", "ai.onnx"))
        inputs = sorted(f for f in os.listdir(folder) if f.startswith("input_"))
        input_args = [a for f in inputs for a in ("-i", os.path.join(folder, f))]
        with tempfile.TemporaryDirectory() as work:
            start = time.perf_counter()
            subprocess.run([options.dlc_compile, model, "-o", os.path.join(work, "m.so")],
                           check=True, capture_output=True)
            compile_s = time.perf_counter() - start
            subprocess.run([options.dlc_run, model, *input_args, "--output-dir", work],
                           check=True, capture_output=True)
            got = load(os.path.join(work, "output_0.pb")).astype(np.float64)
        expected = load(os.path.join(folder, "expected", "output_0.pb")).astype(np.float64)
        abs_err = np.abs(got - expected)
        rel_err = abs_err / np.maximum(np.abs(expected), 1e-6)
        session = onnx.load(model)
        feeds = {i.name: load(os.path.join(folder, f))
                 for i, f in zip([i for i in session.graph.input
                                  if i.name not in {t.name for t in session.graph.initializer}],
                                 inputs)}
        dlc_ms = statistics.median(dlc_latency_ms([options.dlc_run, model, *input_args],
                                                  options.iters)
                                   for _ in range(options.repeats))
        ort_runs = [ort_latency_ms(model, feeds, options.iters) for _ in range(options.repeats)]
        ort_ms = statistics.median(ort_runs) if None not in ort_runs else None
        ratio = f"{dlc_ms / ort_ms:.2f}" if ort_ms else ""
        ort_text = f"{ort_ms:.3f}" if ort_ms else ""
        print(f"| {case} | {opset} | {abs_err.max():.1e} | {rel_err.max():.1e} | "
              f"{compile_s:.1f} | {dlc_ms:.3f} | {ort_text} | {ratio} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
