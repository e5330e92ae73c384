"""Writes an opset-18 model (IR 10, which libonnx 1.12 cannot check) of the
Reduce* ops that take their axes as an input, with an input and the outputs
numpy computes: make_reductions18.py DIR writes DIR/model.onnx,
DIR/input_0.pb and DIR/expected/output_N.pb."""
import os
import sys
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out_dir = sys.argv[1]
x = np.random.default_rng(7).uniform(0.5, 2.0, (2, 3, 4)).astype(np.float32)
axes = {"last": np.array([-1], np.int64), "outer": np.array([0, 2], np.int64),
        "none": np.array([], np.int64)}
cases = [  # op, axes, keepdims, noop_with_empty_axes, numpy
    ("ReduceMin", "outer", 1, 0, lambda v: v.min(axis=(0, 2), keepdims=True)),
    ("ReduceProd", "last", 0, 0, lambda v: v.prod(axis=-1)),
    ("ReduceL1", "none", 0, 0, lambda v: np.abs(v).sum()),
    ("ReduceL2", "last", 1, 0, lambda v: np.sqrt((v * v).sum(axis=-1, keepdims=True))),
    ("ReduceSumSquare", "outer", 0, 0, lambda v: (v * v).sum(axis=(0, 2))),
    ("ReduceLogSum", "none", 1, 1, lambda v: v),
    ("ReduceLogSumExp", "last", 0, 0, lambda v: np.log(np.exp(v).sum(axis=-1))),
    ("ReduceMean", "outer", 1, 0, lambda v: v.mean(axis=(0, 2), keepdims=True)),
]
nodes, outputs, expected = [], [], []
for i, (op, which, keepdims, noop, ref) in enumerate(cases):
    name = f"y{i}"
    nodes.append(helper.make_node(op, ["x", which], [name], name=f"{op}#{i}",
                                  keepdims=keepdims, noop_with_empty_axes=noop))
    outputs.append(name)
    expected.append(np.asarray(ref(x), np.float32))
graph = helper.make_graph(
    nodes, "reductions18", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
    [helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in outputs],
    [numpy_helper.from_array(value, name) for name, value in axes.items()])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
model.ir_version = 10
os.makedirs(os.path.join(out_dir, "expected"), exist_ok=True)
onnx.save(model, os.path.join(out_dir, "model.onnx"))
with open(os.path.join(out_dir, "input_0.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x).SerializeToString())
for i, value in enumerate(expected):
    with open(os.path.join(out_dir, "expected", f"output_{i}.pb"), "wb") as f:
        f.write(numpy_helper.from_array(value).SerializeToString())
