#!/usr/bin/python3
"""Writes PyTorch's gradients of the seed models into test/models/<model>/gradients/.

For each model: a fixed input batch and labels, the mean loss (cross-entropy for the
classifiers, MSE against a fixed target for the attention block), and the loss's
gradient with respect to every weight, computed in float64 by PyTorch from the ONNX
initializers (networks rebuilt as in make_reference.py). The tests compare dlc's
gradients (dlc-autodiff, compiled) with these; no PyTorch at test time.
Needs numpy, onnx and torch (Debian's python3-torch is enough):
    /usr/bin/python3 models/make_gradient_reference.py
"""
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

from torch_networks import attention_torch, mlp_torch, seed_cnn_torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# model -> (network, input shape, loss kind)
CASES = {
    "seed_cnn": (seed_cnn_torch, (4, 3, 32, 32), "cross_entropy"),
    "mlp": (mlp_torch, (3, 784), "cross_entropy"),
    "attention": (attention_torch, (1, 8, 16), "mse"),
}


def save(path, array, name):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(array, name).SerializeToString())


def main():
    rng = np.random.default_rng(7)
    for name, (network, shape, loss_kind) in CASES.items():
        model = onnx.load(os.path.join(ROOT, "models", name + ".onnx"))
        trainable = [t.name for t in model.graph.initializer
                     if t.data_type == onnx.TensorProto.FLOAT and len(t.dims) > 0]
        weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).astype(np.float64))
                   for t in model.graph.initializer}
        for w in trainable:
            weights[w].requires_grad_(True)
        x = rng.uniform(-1, 1, size=shape).astype(np.float32)
        y = network(weights, torch.from_numpy(x.astype(np.float64)))
        if loss_kind == "cross_entropy":
            labels = rng.integers(0, y.shape[1], size=(shape[0],)).astype(np.int64)
            loss = F.cross_entropy(y, torch.from_numpy(labels))
        else:
            labels = rng.uniform(-1, 1, size=tuple(y.shape)).astype(np.float32)
            loss = F.mse_loss(y, torch.from_numpy(labels.astype(np.float64)))
        loss.backward()
        out_dir = os.path.join(ROOT, "test", "models", name, "gradients")
        os.makedirs(out_dir, exist_ok=True)
        save(os.path.join(out_dir, "input_0.pb"), x, model.graph.input[0].name)
        save(os.path.join(out_dir, "labels.pb"), labels, "labels")
        save(os.path.join(out_dir, "loss.pb"), np.array(loss.item(), np.float32), "loss")
        for w in trainable:
            save(os.path.join(out_dir, f"grad_{w}.pb"),
                 weights[w].grad.numpy().astype(np.float32), w)
        print(f"{name}: {loss_kind} loss {loss.item():.6f}, {len(trainable)} gradients")
    print(f"torch {torch.__version__}")


if __name__ == "__main__":
    main()
