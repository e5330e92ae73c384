#!/usr/bin/env python3
"""CPU latency: dlc against ONNX Runtime and PyTorch, all measured in one run.

Cases: the seed CNN (models/seed_cnn.onnx) at each batch of --batches; torchvision's
ResNet-18 and MobileNetV2 (--zoo, random weights from a fixed seed) exported at
1x3xSxS (S = --image-size, 224 by default) when torch and torchvision are installed; the
transformer text classifier (models/text_transformer.py: width 128, 4 heads, 2 layers,
random weights from a fixed seed) exported at each batch of --transformer-batches by
sequence 128, its last 28 tokens padding, when torch is installed; the
stored PyTorch exports of --real-models (test/models/real/NAME: the transformer text
classifier's small export when torch is missing, and the 2-layer LSTM by default) with their stored inputs; and a float32
MatMul of each size in --matmul (n x n by n x n, the weight an initializer). Each at
every thread count of --threads (the same count for every tool: dlc-run --threads,
ONNX Runtime's intra_op_num_threads, torch.set_num_threads; 0 means each one's default).

Needs a Python with onnxruntime, onnx and numpy; torch (and torchvision for --zoo) is
optional: without it the torch column says n/a, as it does for the stored exports, whose
network code is not here. dlc compiles each case once with dlc-compile (timed: the
"compile s" column) and runs the library with `dlc-run LIB --bench N`, which times N runs
in-process after a warm-up and prints min / median / p90. ONNX Runtime runs on the CPU
provider with its default (full) graph optimizations; PyTorch runs eagerly under
torch.no_grad(), with the weights read from the ONNX initializers (seed CNN, MatMul) or
the torchvision module itself (--zoo). Every measurement runs in a fresh process (this
script's --worker mode for the peers, dlc-run for dlc), so one library's spinning thread
pool never slows another's, and that process's peak resident memory is the "peak MB"
column (dlc: the runtime alone, the model already compiled). Each measurement is
repeated REPEATS times, the tools interleaved, and the repeat with the median median is
reported.

One table: min / median / p90 per case, threads and tool; on dlc's rows the ratios of
medians dlc/onnxruntime and dlc/torch (below 1: dlc is faster); for MatMul the GFLOP/s of
every tool and their share of the measured peak (fma_peak.c, compiled here with the
system's C compiler for this CPU, times the thread count). Then the geometric mean of
dlc/onnxruntime over the model rows (all but MatMul) per thread count. --markdown FILE
also writes the table as Markdown, --chart FILE.png a bar chart of the dlc/onnxruntime
ratios (matplotlib). If dlc fails on a case, it is reported as skipped there with its
one-line reason and the peers still run.
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
try:
    import torch
    import torch.nn.functional as F
    sys.path.insert(0, os.path.join(ROOT, "models"))
    import text_transformer
except ImportError:
    torch = None
try:
    import torchvision
except ImportError:
    torchvision = None

SEED_CNN = os.path.join(ROOT, "models", "seed_cnn.onnx")
REAL_MODELS = os.path.join(ROOT, "test", "models", "real")
TOOLS = ("onnxruntime", "torch", "dlc")
ZOO = {"resnet18": "ResNet-18", "mobilenet_v2": "MobileNetV2"}
TRANSFORMER = "text_transformer"
SEQUENCE = 128  # text_transformer.BENCHMARK's


class Case:
    """One model at one input shape: what every tool runs. Either one float
    input `input_name` of `shape`, random, or stored `inputs` (TensorProto
    files in graph-input order)."""

    def __init__(self, label, model, input_name=None, shape=(), flops=None, inputs=None,
                 zoo=None):
        self.label, self.model, self.input_name = label, model, input_name
        self.shape, self.flops, self.inputs, self.zoo = list(shape), flops, inputs, zoo

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
            return ["--model", self.model, "--inputs", ",".join(self.inputs)] + (
                ["--zoo-module", self.zoo] if self.zoo else [])
        return ["--model", self.model, "--input-name", self.input_name,
                "--shape", "x".join(map(str, self.shape))] + (
                    ["--zoo-module", self.zoo] if self.zoo else [])


def zoo_module(name):
    """torchvision's network `name`, or the transformer text classifier, with random
    weights from a fixed seed, in eval mode."""
    if name == TRANSFORMER:
        return text_transformer.benchmark_classifier()
    torch.manual_seed(0)
    return getattr(torchvision.models, name)(weights=None).eval()


def zoo_case(directory, name, size):
    """torchvision's `name` exported at 1x3xSIZExSIZE (TorchScript exporter, opset 17;
    eval mode folds batch norms into the convolutions)."""
    path = os.path.join(directory, f"{name}_{size}.onnx")
    with torch.no_grad():
        torch.onnx.export(zoo_module(name), torch.zeros(1, 3, size, size), path,
                          input_names=["input"], output_names=["logits"], opset_version=17)
    return Case(f"{ZOO[name]} 1x3x{size}x{size}", path, "input", [1, 3, size, size], zoo=name)


def transformer_case(directory, batch):
    """The transformer text classifier exported at batch x SEQUENCE with its token
    and padding-mask inputs written beside it."""
    path = os.path.join(directory, f"{TRANSFORMER}_{batch}.onnx")
    tokens, padding = text_transformer.export_benchmark(path, batch)
    inputs = []
    for name, value in (("tokens", tokens), ("padding", padding)):
        inputs.append(os.path.join(directory, f"{TRANSFORMER}_{batch}.{name}.pb"))
        onnx.save_tensor(numpy_helper.from_array(value.numpy(), name), inputs[-1])
    return Case(f"text transformer {batch}x{SEQUENCE}", path, inputs=inputs, zoo=TRANSFORMER)


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
    """The seed CNN or a MatMul, eager, with the ONNX file's weights, or the
    network the case was exported from (the stored real models have no network
    code here: n/a)."""

    @staticmethod
    def handles(case):
        return bool(case.zoo) or not case.inputs

    def __init__(self, case, threads=0):
        if threads:
            torch.set_num_threads(threads)
        self.case = case
        self.module = zoo_module(case.zoo) if case.zoo else None
        self.w = {} if case.zoo else {
            t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
            for t in onnx.load(case.model).graph.initializer}

    def net(self, *args):
        if self.module is not None:
            return self.module(*args)
        x, = args
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
            return self.net(*(torch.from_numpy(value) for value in feeds.values())).numpy()

    def bench(self, iters):
        names = [i.name for i in onnx.load(self.case.model, load_external_data=False).graph.input]
        args = [torch.from_numpy(value) for value in self.case.feeds(names).values()]
        with torch.no_grad():
            return timed(lambda: self.net(*args), iters)


PEERS = {"onnxruntime": OnnxRuntime, "torch": Torch}


def find_dlc_run(path):
    if os.sep in path:
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    return shutil.which(path)


def number(name, text):
    match = re.search(rf"\b{name}\b\s*[:=]?\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*ms", text)
    return float(match.group(1)) if match else None


# Runs a command and reports its peak resident memory. A child's ru_maxrss
# starts from the memory of the process it was forked from (Linux keeps the
# pre-exec high-water mark), so the command is started from this small
# launcher rather than from the benchmark's own process with ONNX Runtime
# and torch loaded.
LAUNCHER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"peak-rss-kb {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(command):
    """Runs one measurement process: (min, median, p90 in ms, peak resident MB), or
    why it failed."""
    try:
        result = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *command],
                                capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    peak = re.search(r"^peak-rss-kb (\d+)$", result.stderr, re.MULTILINE)
    for line in result.stdout.splitlines():
        values = [number(name, line) for name in ("min", "median", "p90")]
        if all(v is not None for v in values) and result.returncode == 0 and peak:
            return (*values, int(peak.group(1)) / 1024.0)
    stderr = re.sub(r"^peak-rss-kb \d+\n?", "", result.stderr, flags=re.MULTILINE)
    reason = (stderr.strip() or result.stdout.strip() or "no output").splitlines()
    return f"exit {result.returncode}: {reason[-1] if reason else ''}"


def compile_dlc(dlc_compile, case, directory):
    """The case compiled by dlc-compile: (library path, seconds), or why it failed."""
    library = os.path.join(directory, re.sub(r"[^A-Za-z0-9]+", "_", case.label) + ".so")
    command = [dlc_compile, case.model, "-o", library]
    if not case.inputs:
        command += ["--shape", f"{case.input_name}={'x'.join(map(str, case.shape))}"]
    start = time.perf_counter()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if result.returncode != 0:
        reason = (result.stderr.strip() or "no output").splitlines()
        return f"exit {result.returncode}: {reason[-1]}"
    return library, time.perf_counter() - start


def bench_dlc(library, case, iters, threads):
    given = ([arg for path in case.inputs for arg in ("-i", path)] if case.inputs
             else ["--random-inputs"])
    return measure([library[0], library[1], *given, "--bench", str(iters),
                    "--threads", str(threads)])


def bench_peer(tool, case, iters, threads):
    return measure([sys.executable, os.path.abspath(__file__), "--worker", tool,
                    *case.worker_args(), "--iters", str(iters), "--threads", str(threads)])


def fma_peak(scratch):
    """One core's measured float32 FMA GFLOP/s (fma_peak.c), or None without a compiler."""
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fma_peak.c")
    binary = os.path.join(scratch, "fma_peak")
    for compiler in ("clang-19", "clang", "cc"):
        if shutil.which(compiler) and subprocess.run(
                [compiler, "-O2", "-march=native", source, "-o", binary],
                capture_output=True).returncode == 0:
            out = subprocess.run([binary], capture_output=True, text=True).stdout
            match = re.search(r"fma peak ([0-9.]+) GFLOP/s", out)
            return float(match.group(1)) if match else None
    return None


def worker(args):
    """One measurement in this process, printed the way dlc-run --bench prints it."""
    if args.inputs:
        case = Case("", args.model, inputs=args.inputs.split(","), zoo=args.zoo_module)
    else:
        case = Case("", args.model, args.input_name, [int(d) for d in args.shape.split("x")],
                    zoo=args.zoo_module)
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


def table_rows(cases, thread_counts, results, skipped, compile_seconds, peak):
    """(cells, is_dlc) per row: case, threads, tool, min, median, p90, ratios, GFLOP/s,
    % of peak, peak MB, compile s."""
    rows = []
    for case in cases:
        for threads in thread_counts:
            for tool in TOOLS:
                key = (case.label, threads, tool)
                cells = [case.label, str(threads or "default"), tool]
                if key not in results:
                    why = skipped.get(key, "n/a")
                    rows.append(cells + ["skipped" if tool == "dlc" else "n/a"]
                                + [""] * (len(HEADER) - 4) + ([why] if tool == "dlc" else []))
                    continue
                lo, med, p90, memory = results[key]
                ratios = ["", ""]
                if tool == "dlc":
                    for i, other in enumerate(("onnxruntime", "torch")):
                        if (case.label, threads, other) in results:
                            ratios[i] = f"{med / results[case.label, threads, other][1]:.2f}"
                gflops = case.flops / med / 1e6 if case.flops else None
                share = (f"{100 * gflops / (peak * (threads or os.cpu_count())):.0f}%"
                         if gflops and peak else "")
                compiled = (f"{compile_seconds[case.label]:.1f}"
                            if tool == "dlc" and case.label in compile_seconds else "")
                rows.append(cells + [f"{lo:.4f}", f"{med:.4f}", f"{p90:.4f}", *ratios,
                                     f"{gflops:.1f}" if gflops else "", share,
                                     f"{memory:.0f}", compiled])
    return rows


HEADER = ["case", "threads", "tool", "min ms", "median ms", "p90 ms", "dlc/ort", "dlc/torch",
          "GFLOP/s", "% peak", "peak MB", "compile s"]


def write_chart(path, cases, thread_counts, results):
    """Bars of dlc/onnxruntime per case, one colour per thread count; 1.0 marked."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"no chart: matplotlib is not installed (wanted {path})")
        return
    labels = [c.label for c in cases]
    width = 0.8 / max(1, len(thread_counts))
    figure, axes = plt.subplots(figsize=(max(6, 1.2 * len(labels)), 4))
    for i, threads in enumerate(thread_counts):
        ratios = [results[c.label, threads, "dlc"][1] / results[c.label, threads, "onnxruntime"][1]
                  if (c.label, threads, "dlc") in results else 0 for c in cases]
        axes.bar([x + i * width for x in range(len(labels))], ratios, width,
                 label=f"{threads or 'default'} thread(s)")
    axes.axhline(1.0, color="black", linewidth=0.8)
    axes.set_xticks([x + width * (len(thread_counts) - 1) / 2 for x in range(len(labels))])
    axes.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
    axes.set_ylabel("dlc / ONNX Runtime latency (lower is better)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dlc-run", default=os.path.join(ROOT, "build", "bin", "dlc-run"),
                        help="dlc-run to benchmark (default: build/bin/dlc-run)")
    parser.add_argument("--dlc-compile", help="dlc-compile (default: beside dlc-run)")
    parser.add_argument("--iters", type=int, default=200, help="timed runs per measurement")
    parser.add_argument("--batches", default="1,64", help="seed-CNN batch sizes ('' for none)")
    parser.add_argument("--zoo", default="resnet18,mobilenet_v2",
                        help="torchvision networks to export and time ('' for none; without "
                             "torchvision the stored quarter-width exports stand in)")
    parser.add_argument("--image-size", type=int, default=224, help="--zoo input size S")
    parser.add_argument("--transformer-batches", default="1,8",
                        help="batches of the transformer text classifier at sequence "
                             f"{SEQUENCE} ('' for none; needs torch)")
    parser.add_argument("--real-models", default="lstm2_ts17",
                        help="stored exports in test/models/real to time with their stored "
                             "inputs ('' for none)")
    parser.add_argument("--matmul", default="256,1024,2048",
                        help="MatMul sizes n (n x n by n x n; '' for none)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="measurements per tool and case, interleaved across tools")
    parser.add_argument("--threads", default="1,2",
                        help="thread counts for every tool (0: each one's default)")
    parser.add_argument("--markdown", help="also write the table to this Markdown file")
    parser.add_argument("--chart", help="also draw the dlc/onnxruntime ratios into this PNG")
    parser.add_argument("--worker", choices=sorted(PEERS), help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--input-name", help=argparse.SUPPRESS)
    parser.add_argument("--shape", help=argparse.SUPPRESS)
    parser.add_argument("--inputs", help=argparse.SUPPRESS)
    parser.add_argument("--zoo-module", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.threads = int(args.threads)
        worker(args)
        return 0
    batches = [int(b) for b in args.batches.split(",") if b]
    sizes = [int(n) for n in args.matmul.split(",") if n]
    thread_counts = [int(t) for t in args.threads.split(",") if t]
    real = [name for name in args.real_models.split(",") if name]
    zoo = [name for name in args.zoo.split(",") if name]
    transformer_batches = [int(b) for b in args.transformer_batches.split(",") if b]
    if transformer_batches and torch is None:
        print("torch is not installed: the stored 2x16 export stands in for the transformer "
              f"at sequence {SEQUENCE}")
        real = ["text_transformer_ts17"] + real
        transformer_batches = []
    if any(name not in ZOO for name in zoo):
        parser.error(f"--zoo takes {', '.join(ZOO)}")
    if zoo and (torch is None or torchvision is None):
        print("torchvision is not installed: the stored quarter-width exports stand in for "
              + ", ".join(zoo))
        real = [f"{name}_ts13" for name in zoo] + real
        zoo = []
    if (args.iters < 1 or args.repeats < 1
            or not (batches or sizes or real or zoo or transformer_batches)
            or not thread_counts or min(batches + sizes + transformer_batches, default=1) < 1
            or min(thread_counts) < 0):
        parser.error("--iters, --repeats, batches and sizes must be positive, threads >= 0")
    for name in real:
        if not os.path.isfile(os.path.join(REAL_MODELS, name, "model.onnx")):
            parser.error(f"no stored model {name} in {REAL_MODELS}")

    dlc_run = find_dlc_run(args.dlc_run)
    dlc_compile = find_dlc_run(args.dlc_compile or os.path.join(
        os.path.dirname(dlc_run or args.dlc_run), "dlc-compile"))
    scratch = tempfile.mkdtemp(prefix="dlc-bench-")
    cases = [Case(f"seed CNN b{b}", SEED_CNN, "input", [b, 3, 32, 32]) for b in batches]
    cases += [zoo_case(scratch, name, args.image_size) for name in zoo]
    cases += [transformer_case(scratch, batch) for batch in transformer_batches]
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

    peak = fma_peak(scratch)
    print(f"measured FMA peak: {peak:.1f} GFLOP/s per core" if peak else
          "FMA peak not measured (no C compiler)")

    results, skipped, compile_seconds, libraries = {}, {}, {}, {}
    for case in cases:
        if dlc_run and dlc_compile:
            compiled = compile_dlc(dlc_compile, case, scratch)
            if isinstance(compiled, str):
                for threads in thread_counts:
                    skipped[case.label, threads, "dlc"] = compiled
            else:
                libraries[case.label], compile_seconds[case.label] = compiled
        elif dlc_run:
            for threads in thread_counts:
                skipped[case.label, threads, "dlc"] = "dlc-compile not found"
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
                if case.label in libraries and (case.label, threads, "dlc") not in skipped:
                    dlc = bench_dlc((dlc_run, libraries[case.label]), case, iters, threads)
                    if isinstance(dlc, str):
                        skipped[case.label, threads, "dlc"] = dlc
                    else:
                        runs["dlc"].append(dlc)
            for tool, measured in runs.items():
                if measured:
                    ordered = sorted(measured, key=lambda r: r[1])
                    results[case.label, threads, tool] = ordered[len(ordered) // 2]
    shutil.rmtree(scratch, ignore_errors=True)

    rows = table_rows(cases, thread_counts, results, skipped, compile_seconds, peak)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER)]
    print()
    print("  ".join(h.rjust(w) for h, w in zip(HEADER, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)) + (
            f"  ({row[len(HEADER)]})" if len(row) > len(HEADER) else ""))
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
    if args.chart:
        write_chart(args.chart, [c for c in cases if not c.flops] + [c for c in cases if c.flops],
                    thread_counts, results)
    if not dlc_run:
        print(f"\ndlc skipped: {args.dlc_run} not found (pass --dlc-run PATH)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
