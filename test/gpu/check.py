#!/usr/bin/env python3
"""The GPU side of test/gpu/check.sh: runs what prepare.py made with the runtime
alone (runtime/examples/run_model and train_model), compares with the expected
outputs and losses, and prints a table beside PyTorch eager on the same GPU.

usage: check.py PREPARED RUNTIME_BUILD [--emulate] [--repeat N]
--emulate runs each artifact's kernels on the CPU (DLC_CUDA_EMULATOR), for trying
the check without a GPU. Exits 1 when a case fails.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RTOL, ATOL = 1e-3, 1e-4


def run_case(case, folder, runtime, env, repeat):
    """Runs one inference case; returns (error or None, median ms)."""
    out_prefix = os.path.join(folder, "got_")
    command = [os.path.join(runtime, "run_model"), os.path.join(folder, "model.so"),
               *[os.path.join(folder, p) for p in case["inputs"]], "-o", out_prefix]
    if repeat:
        command += ["--repeat", str(repeat)]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode:
        return (result.stderr.strip() or result.stdout.strip()).splitlines()[-1], None
    timing = re.search(r"median ([0-9.]+) ms", result.stdout)
    for i, path in enumerate(case["outputs"]):
        expected = np.load(os.path.join(folder, path))
        got = np.fromfile(out_prefix + "%d.bin" % i, dtype=expected.dtype)
        if got.size != expected.size:
            return "output %d has %d elements, expected %d" % (i, got.size, expected.size), None
        got = got.reshape(expected.shape)
        if expected.dtype.kind == "f":
            rtol = case.get("rtol", RTOL)
            bad = ~np.isclose(got, expected, rtol=rtol, atol=max(ATOL, rtol / 10),
                              equal_nan=True)
        else:
            bad = got != expected
        if bad.any():
            where = np.argwhere(bad)[0]
            return ("output %d differs at %s: %r, expected %r (%d elements)" %
                    (i, tuple(where), got[tuple(where)], expected[tuple(where)],
                     int(bad.sum()))), None
    return None, float(timing.group(1)) if timing else None


def run_training(case, folder, runtime, env):
    command = [os.path.join(runtime, "train_model"), os.path.join(folder, "model.so"),
               "--epochs", str(case["epochs"]), *[os.path.join(folder, p) for p in case["data"]]]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode:
        return (result.stderr.strip() or result.stdout.strip()).splitlines()[-1], None
    losses = [float(v) for v in re.findall(r"mean loss ([0-9.eE+-]+)", result.stdout)]
    if not np.allclose(losses, case["losses"], rtol=1e-3):
        return "losses %s, the CPU backend's %s" % (losses, case["losses"]), None
    return None, seconds


def torch_times(repeat):
    """PyTorch eager on the GPU (cuDNN, cuBLAS) for the cases whose network is
    here: the seed CNN at batch 64 and the stored text transformer's
    configuration; empty without CUDA."""
    try:
        import torch
        from torch import nn
    except ImportError:
        return {}
    if not torch.cuda.is_available():
        return {}
    sys.path.insert(0, os.path.join(ROOT, "models"))
    from text_transformer import TextTransformer

    def seed_cnn():
        return nn.Sequential(nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5),
                             nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120),
                             nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))

    def timed(module, inputs):
        module = module.cuda().eval()
        inputs = [x.cuda() for x in inputs]
        with torch.no_grad():
            for _ in range(10):
                module(*inputs)
            torch.cuda.synchronize()
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                module(*inputs)
                torch.cuda.synchronize()
                times.append((time.perf_counter() - start) * 1e3)
        return float(np.median(times))

    torch.manual_seed(0)
    times = {"seed_cnn_b64": timed(seed_cnn(), [torch.randn(64, 3, 32, 32)])}
    times["seed_cnn_b64_tf32"] = times["seed_cnn_b64"]
    # The stored export's configuration: batch 2 by 16 tokens, no padding.
    times["text_transformer_ts17"] = timed(
        TextTransformer(), [torch.randint(0, 100, (2, 16)), torch.zeros(2, 16, dtype=torch.bool)])
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prepared")
    ap.add_argument("runtime")
    ap.add_argument("--emulate", action="store_true")
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    manifest = json.load(open(os.path.join(args.prepared, "manifest.json")))
    if args.emulate and not manifest["emulated"]:
        sys.exit("check.py: --emulate needs prepare.py --emulate")
    failures, rows = [], []
    passed = {"conformance": 0, "model": 0, "training": 0}
    for case in manifest["cases"]:
        folder = os.path.join(args.prepared, case["name"])
        env = dict(os.environ)
        if args.emulate:
            env["DLC_CUDA_EMULATOR"] = os.path.join(folder, "emulated.so")
        if case["kind"] == "training":
            error, seconds = run_training(case, folder, args.runtime, env)
            rows.append((case["name"], "%d epochs" % case["epochs"],
                         "%.2f s" % seconds if seconds else "-"))
        else:
            repeat = 0 if case["kind"] == "conformance" or args.emulate else args.repeat
            error, ms = run_case(case, folder, args.runtime, env, repeat)
            if case["kind"] == "model":
                rows.append((case["name"], "inference", "%.3f ms" % ms if ms else "-"))
        if error:
            failures.append((case["name"], error))
        else:
            passed[case["kind"]] += 1
    peers = {} if args.emulate else torch_times(args.repeat)
    print("| case | what | dlc (CUDA) | PyTorch eager | dlc / PyTorch |")
    print("|---|---|---|---|---|")
    for name, what, dlc in rows:
        peer = peers.get(name)
        ratio = "-"
        if peer and dlc.endswith(" ms"):
            ratio = "%.2f" % (float(dlc.split()[0]) / peer)
        print("| %s | %s | %s | %s | %s |" % (name, what, dlc,
                                              "%.3f ms" % peer if peer else "-", ratio))
    total = {kind: sum(1 for c in manifest["cases"] if c["kind"] == kind) for kind in passed}
    print("passed: conformance %d/%d, models %d/%d, training %d/%d" % (
        passed["conformance"], total["conformance"], passed["model"], total["model"],
        passed["training"], total["training"]))
    for name, error in failures:
        print("FAIL %s: %s" % (name, error))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
