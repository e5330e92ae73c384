"""Writes LpPool and GlobalLpPool models with an input and the outputs numpy
computes: make_lp_pool.py CASE DIR writes DIR/model.onnx, DIR/input_0.pb and
DIR/expected/output_N.pb. CASE is "opset17" (LpPool p=2 and p=3 with pads and
strides, GlobalLpPool p=1; libonnx checks it) or "opset18" (LpPool with
dilations and ceil_mode, IR 10, which only dlc's own checks see)."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def lp_pool(x, kernel, strides, pads, dilations, ceil_mode, p):
    """ONNX LpPool: (sum |x|^p)^(1/p) over each window, pads adding nothing."""
    k = len(kernel)
    padded = np.pad(np.abs(x) ** p,
                    [(0, 0), (0, 0)] + [(pads[i], pads[k + i]) for i in range(k)])
    out_shape = []
    for i in range(k):
        extent = dilations[i] * (kernel[i] - 1) + 1
        steps = x.shape[2 + i] + pads[i] + pads[k + i] - extent
        size = (-(-steps // strides[i]) if ceil_mode else steps // strides[i]) + 1
        if ceil_mode and (size - 1) * strides[i] >= x.shape[2 + i] + pads[i]:
            size -= 1
        out_shape.append(size)
    # Windows that ceil_mode adds may run past the end padding: pad more.
    extra = [max(0, (out_shape[i] - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1
                 - padded.shape[2 + i]) for i in range(k)]
    padded = np.pad(padded, [(0, 0), (0, 0)] + [(0, e) for e in extra])
    out = np.zeros(x.shape[:2] + tuple(out_shape), x.dtype)
    for pos in np.ndindex(*out_shape):
        window = padded[(slice(None), slice(None)) + tuple(
            slice(pos[i] * strides[i], pos[i] * strides[i] + dilations[i] * (kernel[i] - 1) + 1,
                  dilations[i]) for i in range(k))]
        out[(slice(None), slice(None)) + pos] = window.sum(axis=tuple(range(2, 2 + k)))
    return (out ** (1.0 / p)).astype(x.dtype)


rng = np.random.default_rng(5)
case, out_dir = sys.argv[1], sys.argv[2]
x = rng.uniform(-2, 2, (2, 3, 7, 6)).astype(np.float32)
nodes, outputs, expected = [], [], []


def add(op, name, **attrs):
    nodes.append(helper.make_node(op, ["x"], [name], **attrs))
    k = 2
    if op == "GlobalLpPool":
        y = lp_pool(x, x.shape[2:], [1] * k, [0] * 2 * k, [1] * k, False, attrs.get("p", 2))
    else:
        y = lp_pool(x, attrs["kernel_shape"], attrs.get("strides", [1] * k),
                    attrs.get("pads", [0] * 2 * k), attrs.get("dilations", [1] * k),
                    attrs.get("ceil_mode", 0), attrs.get("p", 2))
    outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, y.shape))
    expected.append(y)


if case == "opset17":
    add("LpPool", "p2", kernel_shape=[3, 2], strides=[2, 1], pads=[1, 0, 1, 1])
    add("LpPool", "p3", kernel_shape=[2, 2], strides=[2, 2], p=3)
    add("GlobalLpPool", "global_p1", p=1)
    opset, ir = 17, 8
else:
    add("LpPool", "dilated", kernel_shape=[2, 2], dilations=[2, 1], strides=[2, 2],
        ceil_mode=1, p=2)
    add("LpPool", "ceil", kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1, p=3)
    add("GlobalLpPool", "global_p2")
    opset, ir = 18, 10
graph = helper.make_graph(nodes, case,
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
                          outputs)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
model.ir_version = ir
os.makedirs(os.path.join(out_dir, "expected"), exist_ok=True)
onnx.save(model, os.path.join(out_dir, "model.onnx"))
onnx.save_tensor(numpy_helper.from_array(x), os.path.join(out_dir, "input_0.pb"))
for i, y in enumerate(expected):
    onnx.save_tensor(numpy_helper.from_array(y), os.path.join(out_dir, "expected", f"output_{i}.pb"))
