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


KINDS = {"add_relu": add_relu, "static_add_relu": lambda p: add_relu(p, 2),
         "unsupported": unsupported, "unnamed_mismatch": unnamed_mismatch}

if __name__ == "__main__":
    KINDS[sys.argv[1]](sys.argv[2])
