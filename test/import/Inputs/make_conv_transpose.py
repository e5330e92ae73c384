"""Writes ConvTranspose models in forms ONNX's node tests leave out (groups
with bias and output_padding, SAME_LOWER, an output_shape, 1-D
with dilations) with an input and the output of a plain numpy scatter
implementation: make_conv_transpose.py KIND DIR writes DIR/model.onnx,
DIR/input_0.pb and DIR/expected/output_0.pb."""
import itertools
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def conv_transpose(x, w, strides, dilations, pads, output_padding, group):
    """The full transposed conv, then cropped by pads (ONNX's definition)."""
    n, c_in = x.shape[:2]
    k = w.shape[2:]
    rank = len(k)
    c_out = w.shape[1] * group
    full = [strides[i] * (x.shape[2 + i] - 1) + output_padding[i] + (k[i] - 1) * dilations[i] + 1
            for i in range(rank)]
    y = np.zeros((n, c_out, *full))
    per_in, per_out = c_in // group, w.shape[1]
    for ci in range(c_in):
        g = ci // per_in
        for pos in itertools.product(*[range(d) for d in x.shape[2:]]):
            for kk in itertools.product(*[range(d) for d in k]):
                out = tuple(pos[i] * strides[i] + kk[i] * dilations[i] for i in range(rank))
                y[(slice(None), slice(g * per_out, (g + 1) * per_out)) + out] += \
                    x[(slice(None), ci) + pos][:, None] * w[(ci, slice(None)) + kk][None, :]
    crop = tuple(slice(pads[i], full[i] - pads[rank + i]) for i in range(rank))
    return y[(slice(None), slice(None)) + crop]


CASES = {
    # name: (x shape, w shape, node attrs, explicit pads for the reference, output_padding)
    "grouped_bias_output_padding": ((1, 4, 3, 2), (4, 3, 3, 2),
                                    dict(group=2, strides=[2, 3], pads=[1, 0, 0, 1],
                                         output_padding=[1, 2]),
                                    [1, 0, 0, 1], [1, 2]),
    # output 6 of a full 7: SAME_LOWER crops the begin.
    "same_lower": ((1, 1, 3, 3), (1, 2, 3, 3), dict(auto_pad="SAME_LOWER", strides=[2, 2]),
                   [1, 1, 0, 0], [0, 0]),
    # output_shape [9, 7] of a full [8, 6]: zeros after the end.
    "output_shape_larger": ((2, 2, 3, 3), (2, 1, 2, 2),
                            dict(strides=[3, 2], output_shape=[9, 7]), [0, 0, -1, -1],
                            [0, 0]),
    # Beyond stride - 1 more: no input size gives it.
    "output_shape_too_large": ((2, 2, 3, 3), (2, 1, 2, 2),
                               dict(strides=[3, 2], output_shape=[9, 8]), [0, 0, -1, -2],
                               [0, 0]),
    "dilated_1d": ((1, 2, 5), (2, 2, 3), dict(dilations=[2], strides=[2], pads=[2, 1]),
                   [2, 1], [0]),
}


def make(name, out_dir):
    x_shape, w_shape, attrs, pads, output_padding = CASES[name]
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, x_shape).astype(np.float32)
    w = rng.uniform(-1, 1, w_shape).astype(np.float32)
    group = attrs.get("group", 1)
    b = rng.uniform(-1, 1, w_shape[1] * group).astype(np.float32)
    rank = len(x_shape) - 2
    strides = attrs.get("strides", [1] * rank)
    dilations = attrs.get("dilations", [1] * rank)
    # Negative end pads stand for zeros added after the end.
    grow = [max(0, -p) for p in pads[rank:]]
    y = conv_transpose(x.astype(np.float64), w.astype(np.float64), strides,
                       dilations, [max(0, p) for p in pads],
                       [o + g for o, g in zip(output_padding, grow)], group)
    y += b.reshape(1, -1, *([1] * rank))
    node = helper.make_node("ConvTranspose", ["x", "w", "b"], ["y"], name=name, **attrs)
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y.shape)],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    os.makedirs(os.path.join(out_dir, "expected"), exist_ok=True)
    onnx.save(model, os.path.join(out_dir, "model.onnx"))
    with open(os.path.join(out_dir, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x).SerializeToString())
    with open(os.path.join(out_dir, "expected", "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(y.astype(np.float32)).SerializeToString())


if __name__ == "__main__":
    make(sys.argv[1], sys.argv[2])
