"""Writes GridSample models: make_grid_sample.py OPSET MODE OUT.onnx.

The image [1, 2, 4, 5] and the grid [1, 3, 2, 2] are inputs; opset 16 spells
the modes bilinear and bicubic, opset 20 linear and cubic."""
import sys

import onnx
from onnx import TensorProto, helper

opset, mode, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
graph = helper.make_graph(
    [helper.make_node("GridSample", ["x", "grid"], ["y"], name="sample", mode=mode,
                      padding_mode="reflection")],
    "grid_sample",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 5]),
     helper.make_tensor_value_info("grid", TensorProto.FLOAT, [1, 3, 2, 2])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 3, 2])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
model.ir_version = 8
onnx.save(model, path)
