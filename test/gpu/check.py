#!/usr/bin/env python3
"""The GPU side of test/gpu/check.sh: runs what prepare.py made with the runtime
alone (runtime/examples/run_model and train_model), compares with the expected
outputs and losses, and prints a table beside PyTorch eager on the same GPU:
dlc's median latency (its runs replayed as CUDA graphs) and, for the models,
without graphs (DLC_CUDA_GRAPHS=0); the seed CNN's training step.

usage: check.py PREPARED RUNTIME_BUILD [--emulate] [--repeat N]
--emulate runs each artifact's kernels on the CPU (DLC_CUDA_EMULATOR), for trying
the check without a GPU. Exits 1 when a case fails.
"""
import argparse
import contextlib
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RTOL, ATOL = 1e-3, 1e-4
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def unpack(folder):
    """Restores the files prepare.py gzipped for the trip."""
    for name in os.listdir(folder):
        if name.endswith(".gz"):
            with gzip.open(os.path.join(folder, name), "rb") as packed, \
                    open(os.path.join(folder, name[:-3]), "wb") as raw:
                shutil.copyfileobj(packed, raw)
            os.remove(os.path.join(folder, name))


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
    """Trains; returns (error or None, median ms of a train_step)."""
    command = [os.path.join(runtime, "train_model"), os.path.join(folder, "model.so"),
               "--epochs", str(case["epochs"]), "--time",
               *[os.path.join(folder, p) for p in case["data"]]]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode:
        return (result.stderr.strip() or result.stdout.strip()).splitlines()[-1], None
    losses = [float(v) for v in re.findall(r"mean loss ([0-9.eE+-]+)", result.stdout)]
    if not np.allclose(losses, case["losses"], rtol=1e-3):
        return "losses %s, the CPU backend's %s" % (losses, case["losses"]), None
    step = re.search(r"train_step: .* median ([0-9.]+) ms", result.stdout)
    return None, float(step.group(1)) if step else None


def torch_times(repeat):
    """PyTorch eager on the GPU (cuDNN, cuBLAS; its defaults, so convolutions
    multiply in tf32) for the cases whose network is here: the seed CNN at batch
    64 (inference and an SGD training step), the stored text transformer's
    configuration, ResNet-18 at batch 32 and the transformer classifier at 8 x
    128 tokens; the _bf16 cases under autocast to bfloat16, the _fp16 one as a
    float16 module; empty without CUDA."""
    try:
        import torch
        from torch import nn
    except ImportError:
        return {}
    if not torch.cuda.is_available():
        return {}
    from benchmark_networks import resnet18_torch, transformer_torch
    sys.path.insert(0, os.path.join(ROOT, "models"))
    from text_transformer import TextTransformer

    def seed_cnn():
        return nn.Sequential(nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5),
                             nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120),
                             nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))

    def median_ms(step):
        for _ in range(10):
            step()
        torch.cuda.synchronize()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            step()
            torch.cuda.synchronize()
            times.append((time.perf_counter() - start) * 1e3)
        return float(np.median(times))

    def inference(module, inputs, autocast=False):
        module = module.cuda().eval()
        inputs = [x.cuda() for x in inputs]
        cast = torch.autocast("cuda", torch.bfloat16) if autocast else contextlib.nullcontext()
        with torch.no_grad(), cast:
            return median_ms(lambda: module(*inputs))

    def training(module, x, labels):
        module = module.cuda().train()
        x, labels = x.cuda(), labels.cuda()
        optimizer = torch.optim.SGD(module.parameters(), lr=0.001, momentum=0.9)

        def step():
            optimizer.zero_grad()
            nn.functional.cross_entropy(module(x), labels).backward()
            optimizer.step()
        return median_ms(step)

    torch.manual_seed(0)
    x = torch.randn(64, 3, 32, 32)
    times = {"seed_cnn_b64": inference(seed_cnn(), [x])}
    times["seed_cnn_b64_tf32"] = times["seed_cnn_b64"]
    times["seed_cnn_b64_bf16"] = inference(seed_cnn(), [x], autocast=True)
    times["seed_cnn_b64_fp16"] = inference(seed_cnn().half(), [x.half()])
    times["seed_cnn_train"] = training(seed_cnn(), torch.randn(64, 3, 32, 32),
                                       torch.randint(0, 10, (64,)))
    # The stored export's configuration: batch 2 by 16 tokens, no padding.
    times["text_transformer_ts17"] = inference(
        TextTransformer(), [torch.randint(0, 100, (2, 16)), torch.zeros(2, 16, dtype=torch.bool)])
    times["resnet18_b32"] = inference(resnet18_torch(), [torch.randn(32, 3, 224, 224)])
    transformer, inputs = transformer_torch(8)
    times["transformer_8x128"] = inference(transformer, list(inputs))
    times["transformer_8x128_bf16"] = inference(transformer, list(inputs), autocast=True)
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
        unpack(folder)
        env = dict(os.environ)
        if args.emulate:
            env["DLC_CUDA_EMULATOR"] = os.path.join(folder, "emulated.so")
        timed = not args.emulate
        if case["kind"] == "training":
            error, ms = run_training(case, folder, args.runtime, env)
            rows.append((case["name"], "train_step", ms if timed else None, None))
        else:
            repeat = args.repeat if case["kind"] == "model" and timed else 0
            error, ms = run_case(case, folder, args.runtime, env, repeat)
            if case["kind"] == "model":
                plain = None
                if repeat and not error:
                    _, plain = run_case(case, folder, args.runtime,
                                        dict(env, DLC_CUDA_GRAPHS="0"), repeat)
                rows.append((case["name"], "inference", ms, plain))
        if error:
            failures.append((case["name"], error))
        else:
            passed[case["kind"]] += 1
    peers = {} if args.emulate else torch_times(args.repeat)
    ms = lambda value: "%.3f ms" % value if value else "-"
    print("| case | what | dlc (CUDA graphs) | dlc (no graphs) | PyTorch eager | dlc / PyTorch |")
    print("|---|---|---|---|---|---|")
    for name, what, dlc, plain in rows:
        peer = peers.get(name)
        ratio = "%.2f" % (dlc / peer) if dlc and peer else "-"
        print("| %s | %s | %s | %s | %s | %s |" % (name, what, ms(dlc), ms(plain), ms(peer), ratio))
    total = {kind: sum(1 for c in manifest["cases"] if c["kind"] == kind) for kind in passed}
    print("passed: conformance %d/%d, models %d/%d, training %d/%d" % (
        passed["conformance"], total["conformance"], passed["model"], total["model"],
        passed["training"], total["training"]))
    for name, error in failures:
        print("FAIL %s: %s" % (name, error))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
