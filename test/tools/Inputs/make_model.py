"""Writes small ONNX models for the tool tests: make_model.py KIND OUT.onnx."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(graph, path, opset=13):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    onnx.save(model, path)


def add_relu(path, batch="N"):
    weight = numpy_helper.from_array(np.arange(4, dtype=np.float32), "fc.bias")
    graph = helper.make_graph(
        [helper.make_node("Add", ["input.1", "fc.bias"], ["sum"], name="/fc/Add"),
         helper.make_node("Relu", ["sum"], ["out"], name="/fc/Relu")],
        "add_relu",
        [helper.make_tensor_value_info("input.1", TensorProto.FLOAT, [batch, 4])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [batch, 4])],
        [weight])
    save(graph, path)


def unsupported(path):
    graph = helper.make_graph(
        [helper.make_node("Celu", ["x"], ["y"], name="my_celu")], "unsupported",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    save(graph, path)


def unnamed_mismatch(path):
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["r"]),
         helper.make_node("Add", ["r", "y"], ["z"])], "mismatch",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3]),
         helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, None)])
    save(graph, path)


def conv_bn_relu(path):
    rng = np.random.default_rng(0)
    inits = [numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)
             for name, shape in [("w", (4, 3, 3, 3)), ("scale", (4,)), ("bias", (4,)),
                                 ("mean", (4,))]]
    inits.append(numpy_helper.from_array(rng.uniform(0.5, 2, 4).astype(np.float32), "var"))
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
         helper.make_node("BatchNormalization", ["c", "scale", "bias", "mean", "var"], ["n"],
                          name="bn", epsilon=1e-3),
         helper.make_node("Relu", ["n"], ["y"], name="relu")],
        "conv_bn_relu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 6, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4, 4])], inits)
    save(graph, path)


def composed(path):
    axes = numpy_helper.from_array(np.array([1], np.int64), "axes")
    graph = helper.make_graph(
        [helper.make_node("Dropout", ["x"], ["d"], name="drop"),
         helper.make_node("Unsqueeze", ["d", "axes"], ["u"], name="unsqueeze"),
         helper.make_node("ReduceMean", ["u"], ["m"], name="mean", axes=[3], keepdims=1),
         helper.make_node("Squeeze", ["m", "axes"], ["y"], name="squeeze")],
        "composed",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3, 1])], [axes])
    save(graph, path)


KINDS = {"composed": composed, "conv_bn_relu": conv_bn_relu, "add_relu": add_relu, "static_add_relu": lambda p: add_relu(p, 2),
         "unsupported": unsupported, "unnamed_mismatch": unnamed_mismatch}

if __name__ == "__main__":
    KINDS[sys.argv[1]](sys.argv[2])
