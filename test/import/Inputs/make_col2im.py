"""Writes an opset-18 Col2Im model (IR 10, which libonnx 1.12 cannot check)
with an input and the output numpy computes: make_col2im.py DIR writes
DIR/model.onnx, DIR/input_0.pb and DIR/expected/output_0.pb. Two nodes: a
5x5 image from 3x3 blocks with stride 1 and one pad, and a 4x6 image from
2x2 blocks with stride 2, dilation (1, 2) and uneven pads."""
import itertools
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def col2im(cols, image, block, strides, dilations, pads):
    """ONNX Col2Im: each column entry summed into the position it covers."""
    k = len(image)
    counts = [(image[d] + pads[d] + pads[k + d] - dilations[d] * (block[d] - 1) - 1)
              // strides[d] + 1 for d in range(k)]
    n, ck, _ = cols.shape
    c = ck // int(np.prod(block))
    out = np.zeros((n, c) + tuple(image), cols.dtype)
    for ch in range(c):
        for bi, offset in enumerate(itertools.product(*[range(b) for b in block])):
            for li, pos in enumerate(itertools.product(*[range(m) for m in counts])):
                at = [pos[d] * strides[d] - pads[d] + offset[d] * dilations[d] for d in range(k)]
                if all(0 <= at[d] < image[d] for d in range(k)):
                    out[(slice(None), ch) + tuple(at)] += cols[:, ch * int(np.prod(block)) + bi, li]
    return out


rng = np.random.default_rng(3)
out_dir = sys.argv[1]
cases = [
    ("a", [5, 5], [3, 3], dict(strides=[1, 1], dilations=[1, 1], pads=[1, 1, 1, 1]), 2),
    ("b", [4, 6], [2, 2], dict(strides=[2, 2], dilations=[1, 2], pads=[0, 1, 1, 0]), 3),
]
nodes, inputs, outputs, feeds, expected, inits = [], [], [], [], [], []
for name, image, block, attrs, channels in cases:
    k = len(image)
    counts = [(image[d] + attrs["pads"][d] + attrs["pads"][k + d]
               - attrs["dilations"][d] * (block[d] - 1) - 1) // attrs["strides"][d] + 1
              for d in range(k)]
    cols = rng.uniform(-1, 1, (2, channels * int(np.prod(block)), int(np.prod(counts))))
    cols = cols.astype(np.float32)
    inits += [numpy_helper.from_array(np.array(image, np.int64), name + "_image"),
              numpy_helper.from_array(np.array(block, np.int64), name + "_block")]
    nodes.append(helper.make_node("Col2Im", [name, name + "_image", name + "_block"],
                                  [name + "_out"], **attrs))
    inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, cols.shape))
    y = col2im(cols, image, block, attrs["strides"], attrs["dilations"], attrs["pads"])
    outputs.append(helper.make_tensor_value_info(name + "_out", TensorProto.FLOAT, y.shape))
    feeds.append(cols)
    expected.append(y)
graph = helper.make_graph(nodes, "col2im", inputs, outputs, inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
model.ir_version = 10
os.makedirs(os.path.join(out_dir, "expected"), exist_ok=True)
onnx.save(model, os.path.join(out_dir, "model.onnx"))
for i, x in enumerate(feeds):
    onnx.save_tensor(numpy_helper.from_array(x), os.path.join(out_dir, f"input_{i}.pb"))
for i, y in enumerate(expected):
    onnx.save_tensor(numpy_helper.from_array(y), os.path.join(out_dir, "expected", f"output_{i}.pb"))
