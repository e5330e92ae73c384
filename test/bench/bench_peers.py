#!/usr/bin/env python3
"""Seed-CNN latency: dlc against ONNX Runtime and PyTorch, measured in one run.

Needs a Python with onnxruntime, torch, onnx and numpy (see README.md); dlc is
driven through its CLI. Prints min / median / p90 per tool and batch, and the
ratios of medians (dlc / peer: below 1 means dlc is faster).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn.functional as F
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "models", "seed_cnn.onnx")


def summary(times_ms):
    times = sorted(times_ms)
    return times[0], statistics.median(times), times[min(len(times) - 1, int(0.9 * len(times)))]


def timed(fn, iters):
    for _ in range(max(3, iters // 10)):
        fn()
    times = []
    for _ in range(iters):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return summary(times)


def bench_ort(batch, iters):
    session = ort.InferenceSession(MODEL, providers=["CPUExecutionProvider"])
    x = np.random.default_rng(0).uniform(-1, 1, (batch, 3, 32, 32)).astype(np.float32)
    return timed(lambda: session.run(None, {"input": x}), iters)


def bench_torch(batch, iters):
    w = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
         for t in onnx.load(MODEL).graph.initializer}

    def net(x):
        x = F.max_pool2d(F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"])), 2)
        x = F.max_pool2d(F.relu(F.conv2d(x, w["conv2.weight"], w["conv2.bias"])), 2)
        x = torch.flatten(x, 1)
        x = F.relu(F.linear(x, w["fc1.weight"], w["fc1.bias"]))
        x = F.relu(F.linear(x, w["fc2.weight"], w["fc2.bias"]))
        return F.linear(x, w["fc3.weight"], w["fc3.bias"])

    x = torch.from_numpy(np.random.default_rng(0).uniform(-1, 1, (batch, 3, 32, 32))
                         .astype(np.float32))
    with torch.no_grad():
        return timed(lambda: net(x), iters)


def bench_dlc(dlc_run, batch, iters):
    result = subprocess.run(
        [dlc_run, MODEL, "--shape", f"input={batch}x3x32x32", "--random-inputs",
         "--bench", str(iters)], capture_output=True, text=True)
    match = re.search(r"min ([\d.]+) ms, median ([\d.]+) ms, p90 ([\d.]+) ms", result.stdout)
    if result.returncode != 0 or not match:
        print(f"dlc skipped at batch {batch}: {result.stderr.strip() or result.stdout.strip()}")
        return None
    return tuple(float(v) for v in match.groups())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dlc-run", default=os.path.join(ROOT, "build", "bin", "dlc-run"))
    parser.add_argument("--iters", type=int, default=200)
    parser.add_argument("--batches", default="1,64")
    parser.add_argument("--repeats", type=int, default=3,
                        help="measure each tool this many times, interleaved; report the "
                             "run with the median median")
    args = parser.parse_args()

    print(f"onnxruntime {ort.__version__}, torch {torch.__version__} "
          f"({torch.get_num_threads()} threads), {os.cpu_count()} cores")
    print(f"{'batch':>5} {'tool':>12} {'min ms':>10} {'median ms':>10} {'p90 ms':>10}")
    for batch in (int(b) for b in args.batches.split(",")):
        runs = {"dlc": [], "onnxruntime": [], "torch": []}
        for _ in range(args.repeats):
            dlc = bench_dlc(args.dlc_run, batch, args.iters)
            if dlc:
                runs["dlc"].append(dlc)
            runs["onnxruntime"].append(bench_ort(batch, args.iters))
            runs["torch"].append(bench_torch(batch, args.iters))
        medians = {}
        for tool, results in runs.items():
            if not results:
                continue
            best = sorted(results, key=lambda r: r[1])[len(results) // 2]
            medians[tool] = best[1]
            print(f"{batch:>5} {tool:>12} {best[0]:>10.4f} {best[1]:>10.4f} {best[2]:>10.4f}")
        if "dlc" in medians:
            print(f"{batch:>5} {'ratio':>12} dlc/onnxruntime {medians['dlc'] / medians['onnxruntime']:.2f}, "
                  f"dlc/torch {medians['dlc'] / medians['torch']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
