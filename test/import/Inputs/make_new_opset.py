"""Writes models of IR version 10 and opsets 18-21 (which libonnx 1.12 cannot
check) with an input and the outputs numpy computes:
make_new_opset.py KIND DIR writes DIR/model.onnx, DIR/input_0.pb and
DIR/expected/output_N.pb."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(kind_dir, nodes, inputs, outputs, inits, opset, feeds, expected):
    graph = helper.make_graph(
        nodes, "new_opset",
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, value.shape)
         for name, value in inputs],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in outputs],
        [numpy_helper.from_array(value, name) for name, value in inits])
    # make_model, not the checker: libonnx 1.12 knows neither IR 10 nor these opsets.
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 10
    os.makedirs(os.path.join(kind_dir, "expected"), exist_ok=True)
    onnx.save(model, os.path.join(kind_dir, "model.onnx"))
    for i, value in enumerate(feeds):
        with open(os.path.join(kind_dir, f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(value).SerializeToString())
    for i, value in enumerate(expected):
        with open(os.path.join(kind_dir, "expected", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(value.astype(np.float32)).SerializeToString())


def conv2d(x, w, b):
    n, _, h, wd = x.shape
    m, c, kh, kw = w.shape
    out = np.zeros((n, m, h - kh + 1, wd - kw + 1), np.float32)
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            patch = x[:, :, i:i + kh, j:j + kw].reshape(n, -1)
            out[:, :, i, j] = patch @ w.reshape(m, -1).T + b
    return out


def cnn(kind_dir, opset=18):
    """Conv, Relu, MaxPool, Reshape, Gemm, and ReduceMean with axes as input."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 1, 6, 6)).astype(np.float32)
    w = rng.standard_normal((2, 1, 3, 3)).astype(np.float32)
    b = rng.standard_normal(2).astype(np.float32)
    fc = rng.standard_normal((8, 3)).astype(np.float32)
    fc_bias = rng.standard_normal(3).astype(np.float32)
    inits = [("w", w), ("b", b), ("fc", fc), ("fc_bias", fc_bias),
             ("flat_shape", np.array([2, 8], np.int64)),
             ("spatial_axes", np.array([2, -1], np.int64))]
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["conv"], name="conv"),
        helper.make_node("Relu", ["conv"], ["relu"], name="relu"),
        helper.make_node("MaxPool", ["relu"], ["pool"], name="pool", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Reshape", ["pool", "flat_shape"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "fc", "fc_bias"], ["logits"], name="fc"),
        helper.make_node("ReduceMean", ["relu", "spatial_axes"], ["mean"], name="mean",
                         keepdims=0),
    ]
    relu = np.maximum(conv2d(x, w, b), 0)
    pool = relu.reshape(2, 2, 2, 2, 2, 2).max(axis=(3, 5))
    logits = pool.reshape(2, 8) @ fc + fc_bias
    mean = relu.mean(axis=(2, 3))
    save(kind_dir, nodes, [("x", x)], ["logits", "mean"], inits, opset, [x], [logits, mean])


def reductions(kind_dir, opset):
    """Every Reduce* form dlc imports at opset 18 and later."""
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 10
    inits = [("axis1", np.array([1], np.int64)), ("axes_last", np.array([-1, 0], np.int64))]
    nodes = [
        helper.make_node("ReduceMax", ["x", "axis1"], ["max"], name="max", keepdims=0),
        helper.make_node("ReduceMean", ["x", "axes_last"], ["mean"], name="mean"),
        helper.make_node("ReduceSum", ["x"], ["sum_all"], name="sum_all", keepdims=0),
        helper.make_node("ReduceMax", ["x", ""], ["same"], name="noop",
                         noop_with_empty_axes=1),
        helper.make_node("AveragePool", ["x"], ["avg"], name="avg", kernel_shape=[2],
                         dilations=[1]),
    ]
    if opset < 19:
        nodes[-1] = helper.make_node("AveragePool", ["x"], ["avg"], name="avg",
                                     kernel_shape=[2])
    expected = [x.max(axis=1), x.mean(axis=(2, 0), keepdims=True), np.array(x.sum()), x,
                (x[:, :, :-1] + x[:, :, 1:]) / 2]
    save(kind_dir, nodes, [("x", x)], ["max", "mean", "sum_all", "same", "avg"], inits, opset,
         [x], expected)


KINDS = {
    "cnn18": cnn,
    "reductions18": lambda d: reductions(d, 18),
    "reductions20": lambda d: reductions(d, 20),
    "reductions21": lambda d: reductions(d, 21),
}

if __name__ == "__main__":
    KINDS[sys.argv[1]](sys.argv[2])
