"""Writes a model whose weights lie in an external data file, correct or with
the given fault: make_external.py KIND DIR writes DIR/model/model.onnx (with
its data beside it), DIR/model/input_0.pb and DIR/model/expected/output_0.pb."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.external_data_helper import set_external_data


def external(name, value, location, offset, length=None):
    tensor = numpy_helper.from_array(value, name)
    set_external_data(tensor, location, offset, value.nbytes if length is None else length)
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    return tensor


def write(root, kind):
    folder = os.path.join(root, "model")
    os.makedirs(os.path.join(folder, "expected"), exist_ok=True)
    x = np.arange(4, dtype=np.float32)
    scale = np.array([2, 3, 4, 5], np.float32)
    bias = np.array([0.5, -1, 1.5, -2], np.float32)
    data = os.path.join(folder, "weights.bin")
    with open(data, "wb") as f:
        f.write(scale.tobytes() + bias.tobytes())
    location, offset, length = "weights.bin", scale.nbytes, None
    if kind == "absolute":
        location = os.path.abspath(data)
    elif kind == "dotdot":
        location = "../model/weights.bin"
    elif kind == "symlink":
        outside = os.path.join(root, "outside.bin")
        with open(outside, "wb") as f:
            f.write(scale.tobytes() + bias.tobytes())
        os.symlink(os.path.abspath(outside), os.path.join(folder, "link.bin"))
        location = "link.bin"
    elif kind == "offset_past_end":
        offset = 64
    elif kind == "length_past_end":
        length = 32
    elif kind == "missing":
        location = "nowhere.bin"
    inits = [external("scale", scale, "weights.bin", 0), external("bias", bias, location, offset,
                                                                   length)]
    graph = helper.make_graph(
        [helper.make_node("Mul", ["x", "scale"], ["scaled"], name="scale"),
         helper.make_node("Add", ["scaled", "bias"], ["y"], name="shift")],
        "external", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, os.path.join(folder, "model.onnx"))
    with open(os.path.join(folder, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x).SerializeToString())
    with open(os.path.join(folder, "expected", "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x * scale + bias).SerializeToString())


if __name__ == "__main__":
    write(sys.argv[2], sys.argv[1])
