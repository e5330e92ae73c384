"""Writes opset-18 models (IR 10, which libonnx 1.12 cannot check) of the
gather/scatter family, Einsum and NonZero, with inputs and the outputs numpy
computes: make_indexing18.py CASE DIR writes DIR/model.onnx, DIR/input_N.pb
and DIR/expected/output_N.pb. CASE is "ops" (every form in one model),
"max_opset16" (reduction "max" before opset 18 has it) or "nonzero_input"
(NonZero of a graph input, whose output shape is only known once the input
is)."""
import os
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper


def scatter_elements(data, indices, updates, axis, reduction):
    out = data.copy()
    combine = {"none": lambda a, u: u, "add": np.add, "mul": np.multiply,
               "max": np.maximum, "min": np.minimum}[reduction]
    for pos in np.ndindex(*indices.shape):
        target = list(pos)
        target[axis] = indices[pos] % data.shape[axis]
        out[tuple(target)] = combine(out[tuple(target)], updates[pos])
    return out


def scatter_nd(data, indices, updates, reduction):
    out = data.copy()
    combine = {"none": lambda a, u: u, "add": np.add, "mul": np.multiply,
               "max": np.maximum, "min": np.minimum}[reduction]
    for pos in np.ndindex(*indices.shape[:-1]):
        target = tuple(int(i) % n for i, n in zip(indices[pos], data.shape))
        out[target] = combine(out[target], updates[pos])
    return out


def gather_nd(data, indices, batch_dims):
    batch = int(np.prod(indices.shape[:batch_dims]))
    flat_data = data.reshape((batch,) + data.shape[batch_dims:])
    flat_indices = indices.reshape((batch, -1, indices.shape[-1]))
    rows = [[flat_data[b][tuple(t)] for t in flat_indices[b]] for b in range(batch)]
    k = indices.shape[-1]
    return np.array(rows).reshape(indices.shape[:-1] + data.shape[batch_dims + k:])


rng = np.random.default_rng(11)
case, out_dir = sys.argv[1], sys.argv[2]
inputs, initializers, nodes, outputs = {}, {}, [], []
if case == "ops":
    a = rng.uniform(-1, 1, (3, 4)).astype(np.float32)
    b = rng.uniform(-1, 1, (2, 3, 4)).astype(np.float32)
    c = rng.uniform(-1, 1, (4, 5)).astype(np.float32)
    d = rng.uniform(-1, 1, (2, 3, 3)).astype(np.float32)
    e = rng.uniform(-1, 1, (3, 5)).astype(np.float32)
    inputs = {"a": a, "b": b, "c": c, "d": d, "e": e}
    initializers = {
        "ie": np.array([[0, -1], [2, 2], [-4, 1]], np.int64),
        "ue": rng.uniform(-1, 1, (3, 2)).astype(np.float32),
        "in": np.array([[2], [0], [-3]], np.int64),
        "un": rng.uniform(-1, 1, (3, 4)).astype(np.float32),
        "ib": np.array([[[1], [-1]], [[0], [0]]], np.int32),
        "nz": np.array([[1, 0, 0], [0, 5, -2]], np.int32),
    }
    v = initializers
    cases = [  # node, numpy
        (helper.make_node("ScatterElements", ["a", "ie", "ue"], ["y0"], axis=1,
                          reduction="max"),
         scatter_elements(a, v["ie"], v["ue"], 1, "max")),
        (helper.make_node("ScatterElements", ["a", "ie", "ue"], ["y1"], axis=1,
                          reduction="min"),
         scatter_elements(a, v["ie"], v["ue"], 1, "min")),
        (helper.make_node("ScatterND", ["a", "in", "un"], ["y2"], reduction="max"),
         scatter_nd(a, v["in"], v["un"], "max")),
        (helper.make_node("ScatterND", ["a", "in", "un"], ["y3"], reduction="mul"),
         scatter_nd(a, v["in"], v["un"], "mul")),
        (helper.make_node("GatherND", ["b", "ib"], ["y4"], batch_dims=1),
         gather_nd(b, v["ib"], 1)),
        (helper.make_node("Einsum", ["b", "c"], ["y5"], equation="...ij,jk"),
         np.einsum("...ij,jk", b, c)),
        (helper.make_node("Einsum", ["d"], ["y6"], equation="...ii->...i"),
         np.einsum("...ii->...i", d)),
        (helper.make_node("Einsum", ["a", "c", "e"], ["y7"], equation="ij,jk,ik->k"),
         np.einsum("ij,jk,ik->k", a, c, e)),
        (helper.make_node("NonZero", ["nz"], ["y8"]), np.array(np.nonzero(v["nz"]))),
    ]
    nodes = [node for node, _ in cases]
    outputs = [(node.output[0], value) for node, value in cases]
elif case == "max_opset16":
    x = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
    inputs = {"x": x}
    initializers = {"i": np.array([[0], [2]], np.int64), "u": np.ones((2, 1), np.float32)}
    nodes = [helper.make_node("ScatterElements", ["x", "i", "u"], ["y"], axis=1,
                              reduction="max")]
    outputs = [("y", x)]
elif case == "nonzero_input":
    x = np.array([[0, 2], [3, 0]], np.float32)
    inputs = {"x": x}
    nodes = [helper.make_node("NonZero", ["x"], ["y"])]
    outputs = [("y", np.array(np.nonzero(x)))]
else:
    sys.exit(f"unknown case {case}")

for i, node in enumerate(nodes):
    node.name = f"{node.op_type}#{i}"


def info(name, value):
    return helper.make_tensor_value_info(
        name, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[value.dtype], value.shape)


graph = helper.make_graph(
    nodes, case, [info(n, v) for n, v in inputs.items()],
    [info(n, v) for n, v in outputs],
    [numpy_helper.from_array(v, n) for n, v in initializers.items()])
opset = 16 if case == "max_opset16" else 18
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
model.ir_version = 8 if opset < 18 else 10
os.makedirs(os.path.join(out_dir, "expected"), exist_ok=True)
onnx.save(model, os.path.join(out_dir, "model.onnx"))
for i, value in enumerate(inputs.values()):
    with open(os.path.join(out_dir, f"input_{i}.pb"), "wb") as f:
        f.write(numpy_helper.from_array(value).SerializeToString())
for i, (_, value) in enumerate(outputs):
    with open(os.path.join(out_dir, "expected", f"output_{i}.pb"), "wb") as f:
        f.write(numpy_helper.from_array(value).SerializeToString())
