"""Writes a model that calls a local function twice, once leaving its
attribute to the function's default: make_function_defaults.py OUT.onnx.
The default lives in FunctionProto.attribute_proto (IR 9, field 11), which
the onnx package this runs with may predate, so it is appended as raw
protobuf bytes."""
import sys

import onnx
from onnx import TensorProto, helper


def length_delimited(field, payload):
    key, size = (field << 3) | 2, len(payload)
    varint = bytearray()
    while True:
        byte, size = size & 0x7F, size >> 7
        varint.append(byte | (0x80 if size else 0))
        if not size:
            break
    return bytes([key]) + bytes(varint) + payload


def main():
    scale = onnx.AttributeProto(name="value_float", ref_attr_name="alpha",
                                type=onnx.AttributeProto.FLOAT)
    function = helper.make_function(
        "local", "Scaled", ["a"], ["b"],
        [helper.make_node("Constant", [], ["s"]), helper.make_node("Mul", ["a", "s"], ["b"])],
        [helper.make_opsetid("", 17)], ["alpha"])
    function.node[0].attribute.append(scale)
    default = helper.make_attribute("alpha", 3.0)
    raw = function.SerializeToString() + length_delimited(11, default.SerializeToString())
    function = onnx.FunctionProto()
    function.ParseFromString(raw)
    graph = helper.make_graph(
        [helper.make_node("Scaled", ["x"], ["y"], domain="local"),
         helper.make_node("Scaled", ["x"], ["z"], domain="local", alpha=5.0)],
        "defaults", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2]),
         helper.make_tensor_value_info("z", TensorProto.FLOAT, [2])])
    model = helper.make_model(graph, ir_version=9, functions=[function],
                              opset_imports=[helper.make_opsetid("", 17),
                                             helper.make_opsetid("local", 1)])
    with open(sys.argv[1], "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    main()
