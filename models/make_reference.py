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
import torch.nn.functional as F
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOLERANCE = 1e-5


def weights(model):
    return {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
            for t in model.graph.initializer}


def seed_cnn_torch(w, x):
    x = F.max_pool2d(F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"])), 2)
    x = F.max_pool2d(F.relu(F.conv2d(x, w["conv2.weight"], w["conv2.bias"])), 2)
    x = torch.flatten(x, 1)
    x = F.relu(F.linear(x, w["fc1.weight"], w["fc1.bias"]))
    x = F.relu(F.linear(x, w["fc2.weight"], w["fc2.bias"]))
    return F.linear(x, w["fc3.weight"], w["fc3.bias"])


def mlp_torch(w, x):
    return F.linear(F.relu(F.linear(x, w["fc1.weight"], w["fc1.bias"])),
                    w["fc2.weight"], w["fc2.bias"])


def attention_torch(w, x):
    def project(name, t):
        return t @ w[f"{name}.weight"] + w[f"{name}.bias"]

    def heads(t):
        return t.reshape(1, 8, 2, 8).permute(0, 2, 1, 3)

    q, k, v = (heads(project(n, x)) for n in ("q_proj", "k_proj", "v_proj"))
    probs = torch.softmax(q @ k.transpose(-1, -2) / np.sqrt(8.0), dim=-1)
    ctx = (probs @ v).permute(0, 2, 1, 3).reshape(1, 8, 16)
    return project("out_proj", ctx) + x


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
