#!/usr/bin/env python3
"""Seed-CNN latency: dlc against ONNX Runtime and PyTorch, all measured in one run.

Needs a Python with onnxruntime, torch, onnx and numpy (see README.md); dlc is driven
through its CLI (`dlc-run MODEL --shape input=Bx3x32x32 --random-inputs --bench N`,
which times N runs in-process after a warm-up and prints min / median / p90 in ms).
ONNX Runtime runs on the CPU with default session options; PyTorch runs eagerly under
torch.no_grad() with the weights read from the ONNX initializers, default threads
(--threads N sets both peers' intra-op threads instead; dlc-run uses its own default).
Every measurement runs in a fresh process (this script's --worker mode for the peers,
dlc-run for dlc), so one library's spinning thread pool never slows another's; it
warms up, then times ITERS runs. Each measurement is repeated REPEATS times, the tools
interleaved, and the repeat with the median median is reported. One table: min / median / p90 per tool and batch, and on dlc's rows the
ratios of medians dlc/onnxruntime and dlc/torch (below 1: dlc is faster).
If dlc-run is missing or fails, dlc is reported as skipped and the peers still run.
"""
import argparse
import os
import platform
import re
import shutil
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
TOOLS = ("onnxruntime", "torch", "dlc")


def summary(times_ms):
    times = sorted(times_ms)
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    return times[0], statistics.median(times), p90


def timed(fn, iters):
    for _ in range(max(5, iters // 10)):
        fn()
    times = []
    for _ in range(iters):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return summary(times)


def random_input(batch):
    return np.random.default_rng(batch).uniform(-1, 1, (batch, 3, 32, 32)).astype(np.float32)


class OnnxRuntime:
    def __init__(self, threads=0):
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(MODEL, options, providers=["CPUExecutionProvider"])

    def __call__(self, x):
        return self.session.run(None, {"input": x})[0]

    def bench(self, batch, iters):
        x = random_input(batch)
        return timed(lambda: self.session.run(None, {"input": x}), iters)


class Torch:
    def __init__(self, threads=0):
        if threads:
            torch.set_num_threads(threads)
        self.w = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
                  for t in onnx.load(MODEL).graph.initializer}

    def net(self, x):
        w = self.w
        x = F.max_pool2d(F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"])), 2, 2)
        x = F.max_pool2d(F.relu(F.conv2d(x, w["conv2.weight"], w["conv2.bias"])), 2, 2)
        x = torch.flatten(x, 1)
        x = F.relu(F.linear(x, w["fc1.weight"], w["fc1.bias"]))
        x = F.relu(F.linear(x, w["fc2.weight"], w["fc2.bias"]))
        return F.linear(x, w["fc3.weight"], w["fc3.bias"])

    def __call__(self, x):
        with torch.no_grad():
            return self.net(torch.from_numpy(x)).numpy()

    def bench(self, batch, iters):
        x = torch.from_numpy(random_input(batch))
        with torch.no_grad():
            return timed(lambda: self.net(x), iters)


def find_dlc_run(path):
    if os.sep in path:
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    return shutil.which(path)


def number(name, text):
    match = re.search(rf"\b{name}\b\s*[:=]?\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*ms", text)
    return float(match.group(1)) if match else None


PEERS = {"onnxruntime": OnnxRuntime, "torch": Torch}


def worker(tool, batch, iters, threads):
    """One measurement in this process, printed the way dlc-run --bench prints it."""
    lo, med, p90 = PEERS[tool](threads).bench(batch, iters)
    print(f"bench: {iters} runs, min {lo:.4f} ms, median {med:.4f} ms, p90 {p90:.4f} ms")


def measure(command):
    """Runs one measurement process: (min, median, p90) in ms, or why it failed."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    for line in result.stdout.splitlines():
        values = [number(name, line) for name in ("min", "median", "p90")]
        if all(v is not None for v in values):
            if result.returncode == 0:
                return tuple(values)
    reason = (result.stderr.strip() or result.stdout.strip() or "no output").splitlines()
    return f"exit {result.returncode}: {reason[-1] if reason else ''}"


def bench_dlc(dlc_run, batch, iters):
    return measure([dlc_run, MODEL, "--shape", f"input={batch}x3x32x32", "--random-inputs",
                    "--bench", str(iters)])


def bench_peer(tool, batch, iters, threads):
    return measure([sys.executable, os.path.abspath(__file__), "--worker", tool,
                    "--batches", str(batch), "--iters", str(iters), "--threads", str(threads)])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dlc-run", default=os.path.join(ROOT, "build", "bin", "dlc-run"),
                        help="dlc-run to benchmark (default: build/bin/dlc-run)")
    parser.add_argument("--iters", type=int, default=200, help="timed runs per measurement")
    parser.add_argument("--batches", default="1,64", help="comma-separated batch sizes")
    parser.add_argument("--repeats", type=int, default=3,
                        help="measurements per tool and batch, interleaved across tools")
    parser.add_argument("--threads", type=int, default=0,
                        help="intra-op threads for onnxruntime and torch (0: their default)")
    parser.add_argument("--worker", choices=sorted(PEERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",") if b]
    if args.iters < 1 or args.repeats < 1 or not batches or min(batches) < 1:
        parser.error("--iters, --repeats and the batches must be positive")
    if args.worker:
        worker(args.worker, batches[0], args.iters, args.threads)
        return 0

    dlc_run = find_dlc_run(args.dlc_run)
    # Same network, same weights: make sure we time two correct peers.
    x = random_input(2)
    diff = float(np.max(np.abs(OnnxRuntime()(x) - Torch()(x))))
    if not diff < 1e-4:
        sys.exit(f"onnxruntime and torch disagree on the seed CNN by {diff}")

    print(f"seed CNN ({os.path.relpath(MODEL, ROOT)}), {args.iters} timed runs x "
          f"{args.repeats} repeats per tool and batch")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores "
          f"(load average {load:.1f} before the run); "
          f"onnxruntime {ort.__version__}, torch {torch.__version__} "
          f"({torch.get_num_threads()} threads by default), "
          f"peer threads: {args.threads or 'default'}; dlc-run: {dlc_run or 'not found'}")

    results, skipped = {}, {}
    for batch in batches:
        runs = {tool: [] for tool in TOOLS}
        for _ in range(args.repeats):
            for tool in PEERS:
                peer = bench_peer(tool, batch, args.iters, args.threads)
                if isinstance(peer, str):
                    sys.exit(f"{tool} failed at batch {batch}: {peer}")
                runs[tool].append(peer)
            if dlc_run and batch not in skipped:
                dlc = bench_dlc(dlc_run, batch, args.iters)
                if isinstance(dlc, str):
                    skipped[batch] = dlc
                else:
                    runs["dlc"].append(dlc)
        for tool, measured in runs.items():
            if measured:
                results[batch, tool] = sorted(measured, key=lambda r: r[1])[len(measured) // 2]

    header = (f"{'batch':>5}  {'tool':<12} {'min ms':>9} {'median ms':>10} {'p90 ms':>9}"
              f"  {'dlc/ort':>8} {'dlc/torch':>9}")
    print()
    print(header)
    print("-" * len(header))
    for batch in batches:
        for tool in TOOLS:
            if (batch, tool) not in results:
                print(f"{batch:>5}  {tool:<12} {'skipped':>9}")
                continue
            lo, med, p90 = results[batch, tool]
            ratios = ""
            if tool == "dlc":
                ratios = (f"  {med / results[batch, 'onnxruntime'][1]:>8.2f}"
                          f" {med / results[batch, 'torch'][1]:>9.2f}")
            print(f"{batch:>5}  {tool:<12} {lo:>9.4f} {med:>10.4f} {p90:>9.4f}{ratios}")
    if not dlc_run:
        print(f"\ndlc skipped: {args.dlc_run} not found (pass --dlc-run PATH)")
    for batch, reason in skipped.items():
        print(f"\ndlc skipped at batch {batch}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
