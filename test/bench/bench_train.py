#!/usr/bin/python3
"""Seed-CNN training step: dlc against PyTorch eager, measured in one run.

One step is forward, mean cross-entropy, backward and an SGD update with momentum 0.9
(lr 0.001), the worked example's. dlc compiles the step ahead of time
(`dlc-compile --loss cross_entropy --optimizer sgd:lr=0.001,momentum=0.9`) and times it
with `dlc-run LIB --entry train_step --random-inputs --bench N --threads T`; PyTorch runs
the same network (torch_networks.seed_cnn_torch, weights from the ONNX initializers)
eagerly with torch.optim.SGD and torch.set_num_threads(T). Each measurement runs in its
own process, warms up, times ITERS steps and is repeated REPEATS times, tools
interleaved; each tool's median of its repeats' medians is reported, with their ratio
dlc/torch (below 1: dlc is faster).
Needs numpy, onnx and torch (Debian's python3-torch is enough):
    /usr/bin/python3 test/bench/bench_train.py --build build
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "models", "seed_cnn.onnx")
sys.path.insert(0, os.path.join(ROOT, "models"))


def torch_worker(batch, iters, threads):
    import numpy as np
    import onnx
    import torch
    import torch.nn.functional as F
    from onnx import numpy_helper
    from torch_networks import seed_cnn_torch

    if threads:
        torch.set_num_threads(threads)
    weights = {t.name: torch.nn.Parameter(torch.from_numpy(numpy_helper.to_array(t).copy()))
               for t in onnx.load(MODEL).graph.initializer}
    optimizer = torch.optim.SGD(weights.values(), lr=0.001, momentum=0.9)
    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.uniform(-1, 1, (batch, 3, 32, 32)).astype(np.float32))
    y = torch.from_numpy(rng.integers(0, 10, batch))

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(seed_cnn_torch(weights, x), y)
        loss.backward()
        optimizer.step()

    for _ in range(max(5, iters // 10)):
        step()
    times = []
    for _ in range(iters):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    print(" ".join(f"{t:.5f}" for t in times))


def run_torch(batch, iters, threads):
    out = subprocess.run([sys.executable, __file__, "--worker", str(batch), "--iters", str(iters),
                          "--threads", str(threads)], check=True, capture_output=True, text=True)
    return statistics.median(float(t) for t in out.stdout.split())


def compile_dlc(build, batch, directory):
    library = os.path.join(directory, f"train_b{batch}.so")
    subprocess.run([os.path.join(build, "bin", "dlc-compile"), MODEL, "--shape",
                    f"input={batch}x3x32x32", "--loss", "cross_entropy", "--optimizer",
                    "sgd:lr=0.001,momentum=0.9", "-o", library], check=True)
    return library


def run_dlc(build, library, iters, threads):
    out = subprocess.run([os.path.join(build, "bin", "dlc-run"), library, "--entry", "train_step",
                          "--random-inputs", "--bench", str(iters), "--threads", str(threads)],
                         check=True, capture_output=True, text=True)
    return float(re.search(r"median ([0-9.]+) ms", out.stdout).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--batches", default="4,64")
    parser.add_argument("--iters", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", default="1,2",
                        help="thread counts, each used by both dlc and PyTorch")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        torch_worker(args.worker, args.iters, int(args.threads))
        return

    import torch
    print(f"seed CNN training step (SGD, momentum 0.9), {args.iters} steps x {args.repeats} "
          f"repeats; torch {torch.__version__}, load average {os.getloadavg()[0]:.2f}")
    print(f"{'batch':>5} {'threads':>7} {'dlc ms':>9} {'torch ms':>9} {'dlc/torch':>9}")
    with tempfile.TemporaryDirectory() as directory:
        for batch in (int(b) for b in args.batches.split(",")):
            library = compile_dlc(args.build, batch, directory)
            for threads in (int(t) for t in args.threads.split(",")):
                runs = []
                for _ in range(args.repeats):
                    runs.append((run_dlc(args.build, library, args.iters, threads),
                                 run_torch(batch, args.iters, threads)))
                dlc = statistics.median(r[0] for r in runs)
                torch_ms = statistics.median(r[1] for r in runs)
                print(f"{batch:>5} {threads:>7} {dlc:>9.3f} {torch_ms:>9.3f} "
                      f"{dlc / torch_ms:>8.2f}x")


if __name__ == "__main__":
    main()
