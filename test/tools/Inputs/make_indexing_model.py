"""Writes a model in the shape of what exporters emit for x.view(x.size(0), -1)
followed by slices and gathers, with an input and numpy's expected output:
make_indexing_model.py OUT_DIR (writes model.onnx and test_data_set_0/)."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main(out):
    os.makedirs(os.path.join(out, "test_data_set_0"), exist_ok=True)
    const = lambda name, value: numpy_helper.from_array(np.array(value, np.int64), name)
    inits = [const("zero", 0), const("axes0", [0]), const("minus_one", [-1]),
             const("starts", [1]), const("ends", [-1]), const("axes1", [1]), const("steps", [2]),
             const("picks", [0, 11, -12])]
    nodes = [
        helper.make_node("Shape", ["x"], ["shape"], name="/Shape"),
        helper.make_node("Gather", ["shape", "zero"], ["n"], name="/Gather", axis=0),
        helper.make_node("Unsqueeze", ["n", "axes0"], ["n1"], name="/Unsqueeze"),
        helper.make_node("Concat", ["n1", "minus_one"], ["target"], name="/Concat", axis=0),
        helper.make_node("Reshape", ["x", "target"], ["flat"], name="/Reshape"),
        helper.make_node("Slice", ["flat", "starts", "ends", "axes1", "steps"], ["odd"],
                         name="/Slice"),
        helper.make_node("Gather", ["flat", "picks"], ["ends_of_row"], name="/Gather_1", axis=1),
        helper.make_node("Concat", ["odd", "ends_of_row"], ["y"], name="/Concat_1", axis=-1),
    ]
    graph = helper.make_graph(
        nodes, "view_slice_gather",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 2, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 8])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(out, "model.onnx"))

    x = np.arange(2 * 12, dtype=np.float32).reshape(2, 3, 2, 2)
    flat = x.reshape(2, -1)
    y = np.concatenate([flat[:, 1:-1:2], flat[:, [0, 11, -12]]], axis=-1)
    for name, value in [("input_0", x), ("output_0", y)]:
        tensor = numpy_helper.from_array(value, "x" if name == "input_0" else "y")
        with open(os.path.join(out, "test_data_set_0", name + ".pb"), "wb") as f:
            f.write(tensor.SerializeToString())


if __name__ == "__main__":
    main(sys.argv[1])
