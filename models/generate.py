#!/usr/bin/python3
"""Writes dlc's seed models, deterministically: models/{seed_cnn,mlp,attention}.onnx.

Uses only Debian's python3-onnx and python3-numpy, so anyone can regenerate them:
    /usr/bin/python3 models/generate.py
Weights are drawn from a fixed seed with PyTorch's default initialisation bounds
(uniform in +-1/sqrt(fan_in)); node and weight names follow PyTorch's exporter.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
HERE = os.path.dirname(os.path.abspath(__file__))


def uniform(rng, shape, fan_in):
    bound = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=shape).astype(np.float32)


class Builder:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits = [], []

    def weight(self, name, shape, fan_in):
        self.inits.append(numpy_helper.from_array(uniform(self.rng, shape, fan_in), name))
        return name

    def node(self, op, inputs, name, **attrs):
        output = name + "_output_0"
        self.nodes.append(helper.make_node(op, inputs, [output], name=name, **attrs))
        return output

    def save(self, name, inputs, outputs, path):
        # The last node writes the graph output directly.
        self.nodes[-1].output[0] = outputs[0].name
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        model = helper.make_model(graph, producer_name="dlc models/generate.py",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 7
        onnx.checker.check_model(model, full_check=True)
        onnx.save(model, path)


def linear(b, x, name, fan_in, fan_out):
    w = b.weight(f"{name}.weight", (fan_out, fan_in), fan_in)
    bias = b.weight(f"{name}.bias", (fan_out,), fan_in)
    return b.node("Gemm", [x, w, bias], f"/{name}/Gemm", alpha=1.0, beta=1.0, transB=1)


def seed_cnn(path):
    """LeNet-style CIFAR-10 CNN: conv 3->6 5x5, pool, conv 6->16 5x5, pool, fc 400-120-84-10."""
    b = Builder(seed=0)
    x = "input"
    for name, cin, cout in [("conv1", 3, 6), ("conv2", 6, 16)]:
        w = b.weight(f"{name}.weight", (cout, cin, 5, 5), cin * 25)
        bias = b.weight(f"{name}.bias", (cout,), cin * 25)
        x = b.node("Conv", [x, w, bias], f"/{name}/Conv", kernel_shape=[5, 5],
                   pads=[0, 0, 0, 0], strides=[1, 1], dilations=[1, 1], group=1)
        x = b.node("Relu", [x], f"/{name}/Relu")
        x = b.node("MaxPool", [x], f"/pool{name[-1]}/MaxPool", kernel_shape=[2, 2],
                   strides=[2, 2], pads=[0, 0, 0, 0], ceil_mode=0)
    x = b.node("Flatten", [x], "/Flatten", axis=1)
    x = b.node("Relu", [linear(b, x, "fc1", 400, 120)], "/fc1/Relu")
    x = b.node("Relu", [linear(b, x, "fc2", 120, 84)], "/fc2/Relu")
    linear(b, x, "fc3", 84, 10)
    b.save("seed_cnn",
           [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, 32, 32])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])], path)


def mlp(path):
    """784 -> 256 -> ReLU -> 10."""
    b = Builder(seed=1)
    x = b.node("Relu", [linear(b, "x", "fc1", 784, 256)], "/fc1/Relu")
    linear(b, x, "fc2", 256, 10)
    b.save("mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 784])],
           [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 10])], path)


def attention(path):
    """Two-head self-attention with an output projection and a residual: x [1, 8, 16]."""
    b = Builder(seed=2)
    seq, dim, heads = 8, 16, 2
    head_dim = dim // heads
    heads_shape = numpy_helper.from_array(np.array([1, seq, heads, head_dim], np.int64),
                                          "heads_shape")
    merged_shape = numpy_helper.from_array(np.array([1, seq, dim], np.int64), "merged_shape")
    scale = numpy_helper.from_array(np.array(np.sqrt(head_dim), np.float32), "scale")
    b.inits += [heads_shape, merged_shape, scale]

    def project(name, x):
        w = b.weight(f"{name}.weight", (dim, dim), dim)
        bias = b.weight(f"{name}.bias", (dim,), dim)
        y = b.node("MatMul", [x, w], f"/{name}/MatMul")
        return b.node("Add", [y, bias], f"/{name}/Add")

    def split_heads(name, x, perm):
        x = b.node("Reshape", [x, "heads_shape"], f"/{name}/Reshape")
        return b.node("Transpose", [x], f"/{name}/Transpose", perm=perm)

    q = split_heads("q", project("q_proj", "x"), [0, 2, 1, 3])   # [1, h, s, d]
    k = split_heads("k", project("k_proj", "x"), [0, 2, 3, 1])   # [1, h, d, s]
    v = split_heads("v", project("v_proj", "x"), [0, 2, 1, 3])   # [1, h, s, d]
    scores = b.node("MatMul", [q, k], "/attn/MatMul")
    scores = b.node("Div", [scores, "scale"], "/attn/Div")
    probs = b.node("Softmax", [scores], "/attn/Softmax", axis=-1)
    ctx = b.node("MatMul", [probs, v], "/attn/MatMul_1")
    ctx = b.node("Transpose", [ctx], "/attn/Transpose", perm=[0, 2, 1, 3])
    ctx = b.node("Reshape", [ctx, "merged_shape"], "/attn/Reshape")
    out = project("out_proj", ctx)
    b.node("Add", [out, "x"], "/residual/Add")
    b.save("attention", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, seq, dim])],
           [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, seq, dim])], path)


MODELS = {"seed_cnn": seed_cnn, "mlp": mlp, "attention": attention}

if __name__ == "__main__":
    out_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    for name, build in MODELS.items():
        build(os.path.join(out_dir, name + ".onnx"))
        print(f"wrote {os.path.join(out_dir, name + '.onnx')}")
