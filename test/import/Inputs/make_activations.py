"""Writes one-node models of activations newer than libonnx 1.12's opsets
(Mish, 18; Gelu, 20), with an input and the outputs numpy computes:
make_activations.py KIND DIR writes DIR/model.onnx, DIR/input_0.pb and
DIR/expected/output_N.pb."""
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(kind_dir, node, opset, x, y):
    graph = helper.make_graph(
        [node], "activation",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    # make_model, not the checker: libonnx 1.12 knows neither IR 10 nor these opsets.
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 10
    os.makedirs(os.path.join(kind_dir, "expected"), exist_ok=True)
    onnx.save(model, os.path.join(kind_dir, "model.onnx"))
    with open(os.path.join(kind_dir, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x).SerializeToString())
    with open(os.path.join(kind_dir, "expected", "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(y.astype(np.float32)).SerializeToString())


def sample():
    # Wide enough that softplus's and erf's tails both matter.
    return np.random.default_rng(0).uniform(-12, 12, (3, 7)).astype(np.float32)


def gelu(kind_dir, approximate):
    x = sample()
    x64 = x.astype(np.float64)
    if approximate == "tanh":
        y = 0.5 * x64 * (1 + np.tanh(math.sqrt(2 / math.pi) * (x64 + 0.044715 * x64**3)))
    else:
        y = 0.5 * x64 * (1 + np.vectorize(math.erf)(x64 / math.sqrt(2)))
    attrs = {} if approximate == "none" else {"approximate": approximate}
    save(kind_dir, helper.make_node("Gelu", ["x"], ["y"], **attrs), 20, x, y)


def mish(kind_dir):
    x = sample()
    x64 = x.astype(np.float64)
    y = x64 * np.tanh(np.logaddexp(0, x64))
    save(kind_dir, helper.make_node("Mish", ["x"], ["y"]), 18, x, y)


KINDS = {
    "gelu": lambda d: gelu(d, "none"),
    "gelu_tanh": lambda d: gelu(d, "tanh"),
    "mish": mish,
}

if __name__ == "__main__":
    KINDS[sys.argv[1]](sys.argv[2])
