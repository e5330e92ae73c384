#!/usr/bin/env python3
"""CPU latency: dlc against ONNX Runtime and PyTorch, all measured in one run.

Cases: the seed CNN (models/seed_cnn.onnx) at each batch of --batches, the stored
PyTorch exports of --real-models (test/models/real/NAME: ResNet-18 and MobileNetV2 at
1x3x64x64, the transformer text classifier and the 2-layer LSTM by default) with their
stored inputs, and a float32 MatMul of each size in --matmul (n x n by n x n, the weight
an initializer), each at
every thread count of --threads (the same count for every tool: dlc-run --threads,
ONNX Runtime's intra_op_num_threads, torch.set_num_threads; 0 means each one's default).

Needs a Python with onnxruntime, onnx and numpy; torch is optional (without it the torch
column says n/a, as it does for the stored exports, whose network code is not here). dlc is driven through its CLI (`dlc-run MODEL --shape ... --random-inputs
--bench N`, which times N runs in-process after a warm-up and prints min / median / p90).
ONNX Runtime runs on the CPU provider with its default (full) graph optimizations;
PyTorch runs eagerly under torch.no_grad() with the weights read from the ONNX
initializers. Every measurement runs in a fresh process (this script's --worker mode for
the peers, dlc-run for dlc), so one library's spinning thread pool never slows another's;
it warms up, then times ITERS runs. Each measurement is repeated REPEATS times, the tools
interleaved, and the repeat with the median median is reported.

One table: min / median / p90 per case, threads and tool; on dlc's rows the ratios of
medians dlc/onnxruntime and dlc/torch (below 1: dlc is faster), and for MatMul the
GFLOP/s of every tool. Then the geometric mean of dlc/onnxruntime over the model rows
(all but MatMul) per thread count. --markdown FILE also writes the table as Markdown. If dlc-run is
missing or fails on a case, dlc is reported as skipped there and the peers still run.
"""
import argparse
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_CNN = os.path.join(ROOT, "models", "seed_cnn.onnx")
REAL_MODELS = os.path.join(ROOT, "test", "models", "real")
TOOLS = ("onnxruntime", "torch", "dlc")


class Case:
    """One model at one input shape: what every tool runs. Either one float
    input `input_name` of `shape`, random, or stored `inputs` (TensorProto
    files in graph-input order)."""

    def __init__(self, label, model, input_name=None, shape=(), flops=None, inputs=None):
        self.label, self.model, self.input_name = label, model, input_name
        self.shape, self.flops, self.inputs = list(shape), flops, inputs

    def input(self):
        return np.random.default_rng(0).uniform(-1, 1, self.shape).astype(np.float32)

    def feeds(self, names):
        """The input arrays by graph-input name (`names`, in graph order)."""
        if not self.inputs:
            return {self.input_name: self.input()}
        return {name: numpy_helper.to_array(onnx.load_tensor(path))
                for name, path in zip(names, self.inputs)}

    def worker_args(self):
        if self.inputs:
            return ["--model", self.model, "--inputs", ",".join(self.inputs)]
        return ["--model", self.model, "--input-name", self.input_name,
                "--shape", "x".join(map(str, self.shape))]


def real_model_case(name):
    """A stored PyTorch export from test/models/real with its stored inputs."""
    directory = os.path.join(REAL_MODELS, name)
    inputs = sorted(f for f in os.listdir(directory) if re.fullmatch(r"input_\d+\.pb", f))
    inputs.sort(key=lambda f: int(f[len("input_"):-len(".pb")]))
    return Case(name, os.path.join(directory, "model.onnx"),
                inputs=[os.path.join(directory, f) for f in inputs])


def write_matmul(directory, n):
    """An n x n by n x n MatMul with the right operand an initializer."""
    path = os.path.join(directory, f"matmul_{n}.onnx")
    weight = np.random.default_rng(n).uniform(-1, 1, (n, n)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="matmul")], f"matmul_{n}",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [n, n])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [n, n])],
        [numpy_helper.from_array(weight, "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)
    return path


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


class OnnxRuntime:
    def __init__(self, case, threads=0):
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.case = case
        self.session = ort.InferenceSession(case.model, options,
                                            providers=["CPUExecutionProvider"])

    def feeds(self):
        return self.case.feeds([i.name for i in self.session.get_inputs()])

    def __call__(self, feeds):
        return self.session.run(None, feeds)[0]

    def bench(self, iters):
        feeds = self.feeds()
        return timed(lambda: self.session.run(None, feeds), iters)


class Torch:
    """The seed CNN or a MatMul, eager, with the ONNX file's weights (the
    stored real models have no network code here: n/a)."""

    @staticmethod
    def handles(case):
        return not case.inputs

    def __init__(self, case, threads=0):
        if threads:
            torch.set_num_threads(threads)
        self.case = case
        self.w = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
                  for t in onnx.load(case.model).graph.initializer}

    def net(self, x):
        w = self.w
        if "w" in w:
            return torch.matmul(x, w["w"])
        x = F.max_pool2d(F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"])), 2, 2)
        x = F.max_pool2d(F.relu(F.conv2d(x, w["conv2.weight"], w["conv2.bias"])), 2, 2)
        x = torch.flatten(x, 1)
        x = F.relu(F.linear(x, w["fc1.weight"], w["fc1.bias"]))
        x = F.relu(F.linear(x, w["fc2.weight"], w["fc2.bias"]))
        return F.linear(x, w["fc3.weight"], w["fc3.bias"])

    def __call__(self, feeds):
        with torch.no_grad():
            return self.net(torch.from_numpy(feeds[self.case.input_name])).numpy()

    def bench(self, iters):
        x = torch.from_numpy(self.case.input())
        with torch.no_grad():
            return timed(lambda: self.net(x), iters)


PEERS = {"onnxruntime": OnnxRuntime, "torch": Torch}


def find_dlc_run(path):
    if os.sep in path:
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    return shutil.which(path)


def number(name, text):
    match = re.search(rf"\b{name}\b\s*[:=]?\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*ms", text)
    return float(match.group(1)) if match else None


def measure(command):
    """Runs one measurement process: (min, median, p90) in ms, or why it failed."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    for line in result.stdout.splitlines():
        values = [number(name, line) for name in ("min", "median", "p90")]
        if all(v is not None for v in values) and result.returncode == 0:
            return tuple(values)
    reason = (result.stderr.strip() or result.stdout.strip() or "no output").splitlines()
    return f"exit {result.returncode}: {reason[-1] if reason else ''}"


def bench_dlc(dlc_run, case, iters, threads):
    if case.inputs:
        given = [arg for path in case.inputs for arg in ("-i", path)]
    else:
        shape = "x".join(map(str, case.shape))
        given = ["--shape", f"{case.input_name}={shape}", "--random-inputs"]
    return measure([dlc_run, case.model, *given, "--bench", str(iters),
                    "--threads", str(threads)])


def bench_peer(tool, case, iters, threads):
    return measure([sys.executable, os.path.abspath(__file__), "--worker", tool,
                    *case.worker_args(), "--iters", str(iters), "--threads", str(threads)])


def worker(args):
    """One measurement in this process, printed the way dlc-run --bench prints it."""
    if args.inputs:
        case = Case("", args.model, inputs=args.inputs.split(","))
    else:
        case = Case("", args.model, args.input_name, [int(d) for d in args.shape.split("x")])
    lo, med, p90 = PEERS[args.worker](case, args.threads).bench(args.iters)
    print(f"bench: {args.iters} runs, min {lo:.4f} ms, median {med:.4f} ms, p90 {p90:.4f} ms")


def check_peers(case):
    """Same network, same weights: make sure two correct peers are timed."""
    runtime = OnnxRuntime(case)
    feeds = runtime.feeds()
    reference = runtime(feeds)
    if torch is not None and Torch.handles(case):
        diff = float(np.max(np.abs(reference - Torch(case)(feeds))))
        scale = max(1.0, float(np.max(np.abs(reference))))
        if not diff <= 1e-4 * scale:
            sys.exit(f"onnxruntime and torch disagree on {case.label} by {diff}")


def table_rows(cases, thread_counts, results, skipped):
    """(cells, is_dlc) per row: case, threads, tool, min, median, p90, ratios, GFLOP/s."""
    rows = []
    for case in cases:
        for threads in thread_counts:
            for tool in TOOLS:
                key = (case.label, threads, tool)
                cells = [case.label, str(threads or "default"), tool]
                if key not in results:
                    why = skipped.get(key, "n/a")
                    rows.append(cells + ["skipped" if tool == "dlc" else "n/a", "", "", "", "",
                                         ""] + ([why] if tool == "dlc" else []))
                    continue
                lo, med, p90 = results[key]
                ratios = ["", ""]
                if tool == "dlc":
                    for i, peer in enumerate(("onnxruntime", "torch")):
                        if (case.label, threads, peer) in results:
                            ratios[i] = f"{med / results[case.label, threads, peer][1]:.2f}"
                gflops = f"{case.flops / med / 1e6:.1f}" if case.flops else ""
                rows.append(cells + [f"{lo:.4f}", f"{med:.4f}", f"{p90:.4f}", *ratios, gflops])
    return rows


HEADER = ["case", "threads", "tool", "min ms", "median ms", "p90 ms", "dlc/ort", "dlc/torch",
          "GFLOP/s"]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dlc-run", default=os.path.join(ROOT, "build", "bin", "dlc-run"),
                        help="dlc-run to benchmark (default: build/bin/dlc-run)")
    parser.add_argument("--iters", type=int, default=200, help="timed runs per measurement")
    parser.add_argument("--batches", default="1,64", help="seed-CNN batch sizes ('' for none)")
    parser.add_argument("--real-models",
                        default="resnet18_ts13,mobilenet_v2_ts13,text_transformer_ts17,lstm2_ts17",
                        help="stored exports in test/models/real to time with their stored "
                             "inputs ('' for none)")
    parser.add_argument("--matmul", default="256,1024",
                        help="MatMul sizes n (n x n by n x n; '' for none)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="measurements per tool and case, interleaved across tools")
    parser.add_argument("--threads", default="1,2",
                        help="thread counts for every tool (0: each one's default)")
    parser.add_argument("--markdown", help="also write the table to this Markdown file")
    parser.add_argument("--worker", choices=sorted(PEERS), help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--input-name", help=argparse.SUPPRESS)
    parser.add_argument("--shape", help=argparse.SUPPRESS)
    parser.add_argument("--inputs", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.threads = int(args.threads)
        worker(args)
        return 0
    batches = [int(b) for b in args.batches.split(",") if b]
    sizes = [int(n) for n in args.matmul.split(",") if n]
    thread_counts = [int(t) for t in args.threads.split(",") if t]
    real = [name for name in args.real_models.split(",") if name]
    if (args.iters < 1 or args.repeats < 1 or not (batches or sizes or real)
            or not thread_counts or min(batches + sizes, default=1) < 1
            or min(thread_counts) < 0):
        parser.error("--iters, --repeats, batches and sizes must be positive, threads >= 0")
    for name in real:
        if not os.path.isfile(os.path.join(REAL_MODELS, name, "model.onnx")):
            parser.error(f"no stored model {name} in {REAL_MODELS}")

    dlc_run = find_dlc_run(args.dlc_run)
    scratch = tempfile.mkdtemp(prefix="dlc-bench-")
    cases = [Case(f"seed CNN b{b}", SEED_CNN, "input", [b, 3, 32, 32]) for b in batches]
    cases += [real_model_case(name) for name in real]
    cases += [Case(f"MatMul {n}", write_matmul(scratch, n), "x", [n, n], 2.0 * n ** 3)
              for n in sizes]
    for case in cases:
        check_peers(case)
    peers = [tool for tool in PEERS if tool != "torch" or torch is not None]

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.iters} timed runs x {args.repeats} repeats per tool, case and thread count")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores "
          f"(load average {load:.1f} before the run); onnxruntime {ort.__version__}, "
          f"torch {torch.__version__ if torch else 'not installed'}; "
          f"dlc-run: {dlc_run or 'not found'}")

    results, skipped = {}, {}
    for case in cases:
        iters = max(3, args.iters // 20) if case.flops and case.flops > 1e9 else args.iters
        for threads in thread_counts:
            runs = {tool: [] for tool in TOOLS}
            for _ in range(args.repeats):
                for tool in peers:
                    if tool == "torch" and not Torch.handles(case):
                        continue
                    peer = bench_peer(tool, case, iters, threads)
                    if isinstance(peer, str):
                        sys.exit(f"{tool} failed on {case.label}: {peer}")
                    runs[tool].append(peer)
                if dlc_run and (case.label, threads, "dlc") not in skipped:
                    dlc = bench_dlc(dlc_run, case, iters, threads)
                    if isinstance(dlc, str):
                        skipped[case.label, threads, "dlc"] = dlc
                    else:
                        runs["dlc"].append(dlc)
            for tool, measured in runs.items():
                if measured:
                    ordered = sorted(measured, key=lambda r: r[1])
                    results[case.label, threads, tool] = ordered[len(ordered) // 2]
    shutil.rmtree(scratch, ignore_errors=True)

    rows = table_rows(cases, thread_counts, results, skipped)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER)]
    print()
    print("  ".join(h.rjust(w) for h, w in zip(HEADER, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)) + (
            f"  ({row[9]})" if len(row) > 9 else ""))
    for threads in thread_counts:
        ratios = [results[c.label, threads, "dlc"][1] / results[c.label, threads, "onnxruntime"][1]
                  for c in cases if not c.flops and (c.label, threads, "dlc") in results]
        if ratios:
            mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
            print(f"geometric mean dlc/onnxruntime over the models, {threads or 'default'} "
                  f"threads: {mean:.2f}")
    if args.markdown:
        with open(args.markdown, "w") as out:
            out.write("| " + " | ".join(HEADER) + " |\n")
            out.write("|" + "---|" * len(HEADER) + "\n")
            for row in rows:
                out.write("| " + " | ".join(row[:len(HEADER)]) + " |\n")
    if not dlc_run:
        print(f"\ndlc skipped: {args.dlc_run} not found (pass --dlc-run PATH)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
