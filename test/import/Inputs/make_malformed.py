"""Writes malformed ONNX models that libonnx crashes, hangs or miscompiles on
unless dlc rejects them first: make_malformed.py KIND OUT.onnx."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(nodes, inputs, outputs, path, opset=13, inits=()):
    graph = helper.make_graph(nodes, "malformed", inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    onnx.save(model, path)


def tensor(name, dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)


def relu(path, inp="x", out="y", graph_output="y", opset=13, dims=(2,)):
    save([helper.make_node("Relu", [inp], [out], name="relu")], [tensor("x", list(dims))],
         [tensor(graph_output, list(dims))], path, opset)


def ir_11(path):
    relu(path)
    model = onnx.load(path)
    model.ir_version = 11
    onnx.save(model, path)


def window(op, dims, opset=13, **attrs):
    def make(path):
        inits = []
        inputs = ["x"]
        if op == "Conv":
            kernel = [1] * (len(dims) - 2)
            inits = [numpy_helper.from_array(np.ones([1, dims[1]] + kernel, np.float32), "w")]
            inputs.append("w")
        else:
            attrs.setdefault("kernel_shape", [1] * (len(dims) - 2))
        save([helper.make_node(op, inputs, ["y"], name="window", **attrs)], [tensor("x", dims)],
             [tensor("y", [f"d{i}" for i in range(len(dims))])], path, opset, inits)
    return make


def duplicate_output(path):
    save([helper.make_node("Relu", ["x"], ["y"], name="first"),
          helper.make_node("Relu", ["x"], ["y"], name="second")],
         [tensor("x", [2])], [tensor("y", [2])], path)


def cycle(path):
    save([helper.make_node("Relu", ["b"], ["a"], name="uses_later"),
          helper.make_node("Relu", ["a"], ["b"], name="defines_later")],
         [tensor("x", [2])], [tensor("b", [2])], path)


KINDS = {
    # Finding 1: libonnx's converter dereferences values nothing defines.
    "undefined_graph_output": lambda p: relu(p, graph_output="nowhere"),
    "undefined_node_input": lambda p: relu(p, inp="nowhere"),
    "duplicate_output": duplicate_output,
    "cycle": cycle,
    # Finding 2: libonnx's shape inference divides by the strides.
    "conv_stride0": window("Conv", [1, 1, 4, 4], strides=[0, 1]),
    "maxpool_stride0": window("MaxPool", [1, 1, 4, 4], strides=[1, 0]),
    "averagepool_stride0": window("AveragePool", [1, 1, 4, 4], strides=[0, 0]),
    # Finding 3: SAME padding loops over the dim in steps of the stride.
    "same_upper_huge": window("MaxPool", [1, 1, 1 << 40], auto_pad="SAME_UPPER",
                              strides=[2]),
    "same_upper_largest": window("MaxPool", [1, 1, (1 << 31) - 1], auto_pad="SAME_UPPER",
                                 strides=[2]),
    # Finding 4: dims truncated to 32 bits; window sizes overflowing 64 bits.
    "batch_2_40": lambda p: save([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                                 [tensor("x", [1 << 40, 4])], [tensor("y", [1 << 40, 4])],
                                 p, opset=11),
    "negative_dim": lambda p: save([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                                   [tensor("x", [-3, 4])], [tensor("y", [-3, 4])], p),
    "dilation_2_62": window("Conv", [1, 1, 4, 4], dilations=[1 << 62, 1]),
    "symbolic_batch": lambda p: relu(p, dims=("N", 2)),
    "opset_22": lambda p: relu(p, opset=22),
    "ir_11": ir_11,
    # libonnx's LayerNormalization inference indexes dims with an unchecked axis.
    "layer_norm_axis_2_31": lambda p: save(
        [helper.make_node("LayerNormalization", ["x", "scale"], ["y"], name="norm",
                          axis=1 << 31)],
        [tensor("x", [2, 3]), tensor("scale", [3])], [tensor("y", [2, 3])], p, opset=17),
    # libonnx's ConvTranspose inference crashed on an input of rank 2
    # (found by dlc-import-fuzzer).
    "conv_transpose_rank_2": lambda p: save(
        [helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="deconv")],
        [tensor("x", [1, 3]), tensor("w", [1, 2, 3])], [tensor("y", [1, 2, 5])], p, opset=11),
    "conv_weight_rank": lambda p: save(
        [helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
        [tensor("x", [1, 1, 4, 4]), tensor("w", [1, 1, 3])], [tensor("y", [1, 1, 2, 2])], p),
    # ... and on a scalar with the default axis -1 (found by dlc-import-fuzzer).
    "layer_norm_scalar": lambda p: save(
        [helper.make_node("LayerNormalization", ["x", "scale"], ["y"], name="norm")],
        [tensor("x", []), tensor("scale", [1])], [tensor("y", [])], p, opset=17),
    # libonnx's Shape inference, propagating data, read the shape a failed
    # Squeeze left out (found by dlc-import-fuzzer).
    "squeeze_then_shape": lambda p: save(
        [helper.make_node("Relu", ["x"], ["r"], name="relu"),
         helper.make_node("Squeeze", ["r", "axes"], ["s"], name="squeeze"),
         helper.make_node("Shape", ["s"], ["y"], name="shape")],
        [tensor("x", [2, 3])], [helper.make_tensor_value_info("y", TensorProto.INT64, [1])], p,
        inits=[numpy_helper.from_array(np.array([1], np.int64), "axes")]),
    # A requantization scale that broadcasts against nothing (found by
    # dlc-import-fuzzer): a failed type inference inside an importer.
    "qlinear_matmul_scale": lambda p: save(
        [helper.make_node("QLinearMatMul", ["a", "a_scale", "a_zero", "b", "b_scale", "b_zero",
                                            "y_scale", "y_zero"], ["y"], name="qmm")],
        [helper.make_tensor_value_info("a", TensorProto.UINT8, [2, 4]), tensor("a_scale", []),
         helper.make_tensor_value_info("a_zero", TensorProto.UINT8, []),
         helper.make_tensor_value_info("b", TensorProto.UINT8, [4, 3]), tensor("b_scale", []),
         helper.make_tensor_value_info("b_zero", TensorProto.UINT8, []),
         tensor("y_scale", [90]), helper.make_tensor_value_info("y_zero", TensorProto.UINT8, [])],
        [helper.make_tensor_value_info("y", TensorProto.UINT8, [2, 3])], p, opset=10),
    # Two inputs that are not compile-time literals: one error, the first.
    "slice_runtime_bounds": lambda p: save(
        [helper.make_node("Slice", ["x", "starts", "ends"], ["y"], name="slice")],
        [tensor("x", [4]), helper.make_tensor_value_info("starts", TensorProto.INT64, [1]),
         helper.make_tensor_value_info("ends", TensorProto.INT64, [1])],
        [tensor("y", [None])], p),
}

if __name__ == "__main__":
    KINDS[sys.argv[1]](sys.argv[2])
