#!/usr/bin/python3
"""Prepares test/gpu/check.sh's run on a GPU machine, which has no LLVM: compiles
the cases for CUDA here and writes, under OUT, each artifact with its inputs as
raw .bin files (what runtime/examples/run_model reads) and the outputs to expect
as .npy, plus manifest.json.

The cases: the ONNX conformance tests of required.txt (expected: ONNX's outputs),
the seed CNN at batch 64 (in float32, tf32 and bf16 products, and as a float16
network), ResNet-18 at batch
32 (benchmark_networks.py) and stored
PyTorch exports (expected: the CPU backend's outputs, or PyTorch's), the
transformer text classifier at 8 x 128 tokens (float32 and bf16 products) when
--torch names a Python with PyTorch to export it, and the seed CNN's training at batch 64 for a few epochs
(expected: the CPU backend's mean loss per epoch). Files over 1 MB are gzipped
for the trip (check.py unpacks them).

usage: prepare.py BUILD_DIR OUT [--emulate] [--torch PYTHON]
--emulate also builds each artifact's kernels for the CPU (dlc/cuda_emulation.h),
so that check.sh --emulate runs the whole check on a machine without a GPU.
Runs on Debian's /usr/bin/python3 (python3-onnx, python3-numpy).
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = "/usr/share/libonnx-testdata/data"
REAL = os.path.join(ROOT, "test", "models", "real")
REAL_MODELS = ["resnet18_dynamo", "mobilenet_v2_dynamo", "text_transformer_ts17",
               "lstm2_ts17", "vit_dynamo"]
TRAIN_BATCH, TRAIN_BATCHES, TRAIN_EPOCHS = 64, 8, 5
RESNET_BATCH, TRANSFORMER_BATCH = 32, 8
# --gpu-precision bf16 against float32 outputs: each product's operands keep 8
# significant bits (the seed CNN and the transformer differ by under 1e-2).
BF16_RTOL = 2e-2
PACKED = 1 << 20

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark_networks import resnet18_onnx  # noqa: E402


class Preparer:
    def __init__(self, build, out, emulate, torch_python):
        self.compile = os.path.join(build, "bin", "dlc-compile")
        self.run = os.path.join(build, "bin", "dlc-run")
        self.train_model = os.path.join(build, "runtime", "train_model")
        self.out = out
        self.emulate = emulate
        self.torch_python = torch_python
        self.cases = []

    def artifact(self, name, model, extra):
        """Compiles `model` for CUDA into OUT/name/model.so (and its emulation)."""
        folder = os.path.join(self.out, name)
        os.makedirs(folder, exist_ok=True)
        library = os.path.join(folder, "model.so")
        subprocess.run([self.compile, model, "--target", "cuda", "-o", library, *extra],
                       check=True, capture_output=True, text=True)
        if self.emulate:
            source = os.path.join(folder, "kernels.cu")
            subprocess.run([self.compile, model, "--target", "cuda", "--emit", "cuda",
                            "-o", source, *extra], check=True)
            subprocess.run(["c++", "-std=c++17", "-O1", "-shared", "-fPIC",
                            "-DDLC_CUDA_EMULATION", "-include",
                            os.path.join(ROOT, "runtime/include/dlc/cuda_emulation.h"),
                            "-x", "c++", source, "-o", os.path.join(folder, "emulated.so")],
                           check=True)
            os.remove(source)
        return folder

    def inference(self, name, model, inputs, expected, extra=(), kind="conformance", rtol=None):
        """A case: `inputs` and `expected` are lists of numpy arrays; `rtol`
        loosens check.py's tolerance (tf32 or bf16 products)."""
        try:
            folder = self.artifact(name, model, list(extra))
        except subprocess.CalledProcessError as e:
            print("skipped %s: %s" % (name, (e.stderr or "").strip().splitlines()[-1:]))
            return
        case = {"name": name, "kind": kind, "inputs": [], "outputs": []}
        if rtol:
            case["rtol"] = rtol
        for i, array in enumerate(inputs):
            path = "input_%d.bin" % i
            np.ascontiguousarray(array).tofile(os.path.join(folder, path))
            case["inputs"].append(path)
        for i, array in enumerate(expected):
            path = "expected_%d.npy" % i
            np.save(os.path.join(folder, path), array)
            case["outputs"].append(path)
        self.cases.append(case)
        pack(folder)

    def conformance(self):
        listed = [l.strip() for l in open(os.path.join(ROOT, "test/conformance/required.txt"))
                  if l.strip() and not l.startswith("#")]
        for test in listed:
            folder = os.path.join(DATA, test)
            data = os.path.join(folder, "test_data_set_0")
            def load(prefix):
                names = sorted((f for f in os.listdir(data) if f.startswith(prefix)),
                               key=lambda f: int(f[len(prefix):-3]))
                return [numpy_helper.to_array(onnx.load_tensor(os.path.join(data, f)))
                        for f in names]
            model = onnx.load(os.path.join(folder, "model.onnx"))
            # Only tensor inputs that stay inputs: run_model reads raw elements.
            if any(not v.type.HasField("tensor_type") for v in model.graph.input):
                continue
            self.inference("conformance/" + test.replace("/", "_"),
                           os.path.join(folder, "model.onnx"), load("input_"), load("output_"))

    def reference_outputs(self, model, inputs, extra, work):
        """The CPU backend's outputs for `inputs` (.npy files)."""
        subprocess.run([self.run, model, *sum((["-i", p] for p in inputs), []), *extra,
                        "--output-dir", work], check=True, capture_output=True)
        outputs, i = [], 0
        while os.path.exists(os.path.join(work, "output_%d.pb" % i)):
            outputs.append(numpy_helper.to_array(
                onnx.load_tensor(os.path.join(work, "output_%d.pb" % i))))
            i += 1
        return outputs

    def models(self):
        seed = os.path.join(ROOT, "models", "seed_cnn.onnx")
        work = os.path.join(self.out, "work")
        os.makedirs(work, exist_ok=True)
        x = np.random.default_rng(1).standard_normal((64, 3, 32, 32)).astype(np.float32)
        np.save(os.path.join(work, "x.npy"), x)
        shape = ["--shape", "input=64x3x32x32"]
        expected = self.reference_outputs(seed, [os.path.join(work, "x.npy")], shape, work)
        self.inference("seed_cnn_b64", seed, [x], expected, shape, kind="model")
        # One tf32 product per multiply, as PyTorch's cuDNN convolutions by default.
        self.inference("seed_cnn_b64_tf32", seed, [x], expected,
                       shape + ["--gpu-precision", "tf32"], kind="model", rtol=1e-2)
        # bfloat16 products, as PyTorch's autocast: 7 mantissa bits.
        self.inference("seed_cnn_b64_bf16", seed, [x], expected,
                       shape + ["--gpu-precision", "bf16"], kind="model", rtol=BF16_RTOL)
        # The whole network in float16 (PyTorch's module.half()); expected: the
        # CPU backend, whose convolutions sum in float16 where the GPU's sum
        # in float32.
        half = os.path.join(work, "seed_cnn_fp16.onnx")
        float16_model(seed, half)
        x16 = x.astype(np.float16)
        np.save(os.path.join(work, "x16.npy"), x16)
        self.inference("seed_cnn_b64_fp16", half, [x16],
                       self.reference_outputs(half, [os.path.join(work, "x16.npy")], shape, work),
                       shape, kind="model", rtol=BF16_RTOL)
        for name in REAL_MODELS:
            folder = os.path.join(REAL, name)
            inputs = sorted(f for f in os.listdir(folder) if f.startswith("input_"))
            arrays = [numpy_helper.to_array(onnx.load_tensor(os.path.join(folder, f)))
                      for f in inputs]
            outputs = sorted(os.listdir(os.path.join(folder, "expected")))
            expected = [numpy_helper.to_array(onnx.load_tensor(
                os.path.join(folder, "expected", f))) for f in outputs]
            self.inference(name, os.path.join(folder, "model.onnx"), arrays, expected,
                           kind="model")
        self.benchmarks(work)
        shutil.rmtree(work)

    def benchmarks(self, work):
        """ResNet-18 at batch 32, and the transformer classifier at 8 x 128 when
        PyTorch is there to export it; expected: the CPU backend's outputs."""
        resnet = os.path.join(work, "resnet18.onnx")
        resnet18_onnx(resnet, RESNET_BATCH)
        index = np.arange(RESNET_BATCH * 3 * 224 * 224)
        # A pattern, not noise, so that the 19 MB input packs small.
        x = (((index * 7919) % 17 - 8) / 4).astype(np.float32).reshape(RESNET_BATCH, 3, 224, 224)
        np.save(os.path.join(work, "resnet_x.npy"), x)
        expected = self.reference_outputs(resnet, [os.path.join(work, "resnet_x.npy")], [], work)
        self.inference("resnet18_b%d" % RESNET_BATCH, resnet, [x], expected, kind="model")
        if not self.torch_python:
            print("skipped transformer_%dx128: no --torch" % TRANSFORMER_BATCH)
            return
        subprocess.run([self.torch_python, os.path.join(ROOT, "test/gpu/benchmark_networks.py"),
                        "transformer", work, str(TRANSFORMER_BATCH)], check=True)
        inputs = [os.path.join(work, "transformer_%s.npy" % n) for n in ("tokens", "padding")]
        model = os.path.join(work, "transformer.onnx")
        expected = self.reference_outputs(model, inputs, [], work)
        for suffix, extra, rtol in (("", [], None),
                                    ("_bf16", ["--gpu-precision", "bf16"], BF16_RTOL)):
            self.inference("transformer_%dx128%s" % (TRANSFORMER_BATCH, suffix), model,
                           [np.load(p) for p in inputs], expected, extra, kind="model",
                           rtol=rtol)

    def training(self):
        seed = os.path.join(ROOT, "models", "seed_cnn.onnx")
        common = ["--shape", "input=%dx3x32x32" % TRAIN_BATCH, "--loss", "cross_entropy",
                  "--optimizer", "sgd:lr=0.001,momentum=0.9"]
        folder = self.artifact("seed_cnn_train", seed, common)
        rng = np.random.default_rng(2)
        count = TRAIN_BATCH * TRAIN_BATCHES
        rng.standard_normal((count, 3, 32, 32)).astype(np.float32).tofile(
            os.path.join(folder, "x.bin"))
        rng.integers(0, 10, count).astype(np.int64).tofile(os.path.join(folder, "labels.bin"))
        cpu = os.path.join(folder, "cpu.so")
        subprocess.run([self.compile, seed, *common, "-o", cpu], check=True)
        out = subprocess.run([self.train_model, cpu, "--epochs", str(TRAIN_EPOCHS),
                              os.path.join(folder, "x.bin"), os.path.join(folder, "labels.bin")],
                             check=True, capture_output=True, text=True).stdout
        os.remove(cpu)
        losses = [float(line.split()[-1]) for line in out.splitlines() if "mean loss" in line]
        self.cases.append({"name": "seed_cnn_train", "kind": "training",
                           "epochs": TRAIN_EPOCHS, "losses": losses,
                           "data": ["x.bin", "labels.bin"]})
        pack(folder)


def float16_model(source, out):
    """`source` with its float32 initializers, inputs and outputs as float16."""
    model = onnx.load(source)
    graph = model.graph
    for i, tensor in enumerate(graph.initializer):
        if tensor.data_type == onnx.TensorProto.FLOAT:
            graph.initializer[i].CopyFrom(numpy_helper.from_array(
                numpy_helper.to_array(tensor).astype(np.float16), tensor.name))
    for value in list(graph.input) + list(graph.output):
        if value.type.tensor_type.elem_type == onnx.TensorProto.FLOAT:
            value.type.tensor_type.elem_type = onnx.TensorProto.FLOAT16
    del graph.value_info[:]
    onnx.save(model, out)


def pack(folder):
    """Gzips the files of `folder` over PACKED bytes (check.py unpacks them)."""
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.getsize(path) > PACKED:
            with open(path, "rb") as raw, gzip.open(path + ".gz", "wb") as packed:
                shutil.copyfileobj(raw, packed)
            os.remove(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build")
    ap.add_argument("out")
    ap.add_argument("--emulate", action="store_true")
    ap.add_argument("--torch", metavar="PYTHON",
                    help="a Python with PyTorch, to export the transformer classifier")
    args = ap.parse_args()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    prep = Preparer(os.path.abspath(args.build), os.path.abspath(args.out), args.emulate,
                    args.torch)
    prep.conformance()
    prep.models()
    prep.training()
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump({"emulated": args.emulate, "cases": prep.cases}, f, indent=1)
    print("prepared %d cases in %s" % (len(prep.cases), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
