#!/usr/bin/env python3
"""Writes reference data for the seed models into test/models/<model>/.

Outputs come from ONNX Runtime and are cross-checked against PyTorch, which
rebuilds each network from the same ONNX weights. This is the one script that
needs PyPI packages (onnxruntime, torch, onnx, numpy); the tests only read its
output. Run (see models/README.md):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install onnxruntime torch onnx numpy
    /tmp/venv/bin/python models/make_reference.py
ONNX Runtime runs with default session options on the CPU; its outputs are what is
written. The run fails unless PyPI's torch agrees within TOLERANCE.
"""
import os

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import numpy_helper

from torch_networks import attention_torch, mlp_torch, seed_cnn_torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOLERANCE = 1e-5


def weights(model):
    return {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
            for t in model.graph.initializer}


CASES = {
    "seed_cnn": (seed_cnn_torch, [(1, 3, 32, 32), (4, 3, 32, 32)]),
    "mlp": (mlp_torch, [(2, 784)]),
    "attention": (attention_torch, [(1, 8, 16)]),
}


def save(path, array, name):
    tensor = numpy_helper.from_array(array, name)
    with open(path, "wb") as f:
        f.write(tensor.SerializeToString())


def main():
    rng = np.random.default_rng(2024)
    for name, (reference, shapes) in CASES.items():
        path = os.path.join(ROOT, "models", name + ".onnx")
        model = onnx.load(path)
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        w = weights(model)
        in_name = model.graph.input[0].name
        out_name = model.graph.output[0].name
        for k, shape in enumerate(shapes):
            x = rng.uniform(-1, 1, size=shape).astype(np.float32)
            (y,) = session.run(None, {in_name: x})
            with torch.no_grad():
                y_torch = reference(w, torch.from_numpy(x)).numpy()
            assert y.shape == y_torch.shape and np.all(np.isfinite(y)), f"{name}: bad output"
            diff = float(np.max(np.abs(y - y_torch)))
            assert diff < TOLERANCE, f"{name}: ONNX Runtime and PyTorch differ by {diff}"
            out_dir = os.path.join(ROOT, "test", "models", name, f"test_data_set_{k}")
            os.makedirs(out_dir, exist_ok=True)
            save(os.path.join(out_dir, "input_0.pb"), x, in_name)
            save(os.path.join(out_dir, "output_0.pb"), y, out_name)
            if name == "seed_cnn" and k == 0:
                x.tofile(os.path.join(out_dir, "input_0.bin"))
                y.tofile(os.path.join(out_dir, "output_0.bin"))
            print(f"{name} set {k} {shape}: max |ORT - torch| = {diff:.2e}")
    print(f"onnxruntime {ort.__version__}, torch {torch.__version__}")


if __name__ == "__main__":
    main()
