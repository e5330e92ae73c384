"""Writes a QuantizeLinear -> DequantizeLinear round trip with per-axis int8
scales and zero points (a form ONNX's node tests leave out), its input and
numpy's output: make_quantization.py DIR writes DIR/model.onnx,
DIR/input_0.pb and DIR/expected/output_{0,1}.pb (the int8 tensor and the
dequantized one)."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
x = np.array([[-3.0, 0.25, 7.5, 1.0], [2.5, -0.75, -100.0, 0.5], [0.0, 1.5, 3.75, -2.5]],
             np.float32)
scale = np.array([0.5, 0.25, 0.05], np.float32)
zero_point = np.array([-3, 10, 0], np.int8)
q = np.clip(np.round(x / scale[:, None]) + zero_point[:, None], -128, 127).astype(np.int8)
y = ((q.astype(np.float32) - zero_point[:, None]) * scale[:, None]).astype(np.float32)
nodes = [helper.make_node("QuantizeLinear", ["x", "scale", "zero_point"], ["q"], axis=0),
         helper.make_node("DequantizeLinear", ["q", "scale", "zero_point"], ["y"], axis=0)]
graph = helper.make_graph(
    nodes, "qdq", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
    [helper.make_tensor_value_info("q", TensorProto.INT8, x.shape),
     helper.make_tensor_value_info("y", TensorProto.FLOAT, x.shape)],
    [numpy_helper.from_array(scale, "scale"), numpy_helper.from_array(zero_point, "zero_point")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 7
os.makedirs(os.path.join(out, "expected"), exist_ok=True)
onnx.save(model, os.path.join(out, "model.onnx"))
with open(os.path.join(out, "input_0.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x).SerializeToString())
for i, value in enumerate([q, y]):
    with open(os.path.join(out, "expected", f"output_{i}.pb"), "wb") as f:
        f.write(numpy_helper.from_array(value).SerializeToString())
