"""Writes small ONNX models for the tool tests: make_model.py KIND OUT.onnx."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(graph, path, opset=13):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    onnx.save(model, path)


def add_relu(path, batch="N"):
    weight = numpy_helper.from_array(np.arange(4, dtype=np.float32), "fc.bias")
    graph = helper.make_graph(
        [helper.make_node("Add", ["input.1", "fc.bias"], ["sum"], name="/fc/Add"),
         helper.make_node("Relu", ["sum"], ["out"], name="/fc/Relu")],
        "add_relu",
        [helper.make_tensor_value_info("input.1", TensorProto.FLOAT, [batch, 4])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [batch, 4])],
        [weight])
    save(graph, path)


def unsupported(path):
    graph = helper.make_graph(
        [helper.make_node("LpNormalization", ["x"], ["y"], name="my_lp_norm")], "unsupported",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    save(graph, path)


def unnamed_mismatch(path):
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["r"]),
         helper.make_node("Add", ["r", "y"], ["z"])], "mismatch",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3]),
         helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, None)])
    save(graph, path)


def conv_bn_relu(path):
    rng = np.random.default_rng(0)
    inits = [numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)
             for name, shape in [("w", (4, 3, 3, 3)), ("scale", (4,)), ("bias", (4,)),
                                 ("mean", (4,))]]
    inits.append(numpy_helper.from_array(rng.uniform(0.5, 2, 4).astype(np.float32), "var"))
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
         helper.make_node("BatchNormalization", ["c", "scale", "bias", "mean", "var"], ["n"],
                          name="bn", epsilon=1e-3),
         helper.make_node("Relu", ["n"], ["y"], name="relu")],
        "conv_bn_relu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 6, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4, 4])], inits)
    save(graph, path)
    # Beside the model: an input and numpy's output for it (dlc-run --expect).
    x = rng.standard_normal((1, 3, 6, 6)).astype(np.float32)
    w, scale, bias, mean = (numpy_helper.to_array(t).astype(np.float64) for t in inits[:4])
    var = numpy_helper.to_array(inits[4]).astype(np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(x[0].astype(np.float64), (3, 3),
                                                       axis=(1, 2))
    conv = np.einsum("cijkl,mckl->mij", windows, w)
    norm = (conv - mean[:, None, None]) / np.sqrt(var[:, None, None] + 1e-3)
    y = np.maximum(norm * scale[:, None, None] + bias[:, None, None], 0)[None]
    save_reference(path, x, y)


def save_reference(path, x, y):
    """Writes input x as <stem>.x.npy and numpy's output y as <stem>.expected/."""
    stem = path[:-len(".onnx")] if path.endswith(".onnx") else path
    np.save(stem + ".x.npy", x)
    os.makedirs(stem + ".expected", exist_ok=True)
    onnx.save_tensor(numpy_helper.from_array(y.astype(np.float32), "y"),
                     os.path.join(stem + ".expected", "output_0.pb"))


def reference_conv(x, w, b, strides, pads, dilations, group):
    """ONNX Conv in float64: pads [top, left, bottom, right]."""
    m, group_channels, kh, kw = w.shape
    padded = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    out_h = (padded.shape[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    out_w = (padded.shape[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((x.shape[0], m, out_h, out_w)) + b[None, :, None, None]
    for f in range(m):
        first = f // (m // group) * group_channels
        for c in range(group_channels):
            for i in range(kh):
                for j in range(kw):
                    rows = slice(i * dilations[0], i * dilations[0] + strides[0] * (out_h - 1) + 1,
                                 strides[0])
                    columns = slice(j * dilations[1],
                                    j * dilations[1] + strides[1] * (out_w - 1) + 1, strides[1])
                    y[:, f] += w[f, c, i, j] * padded[:, first + c, rows, columns]
    return y


def depthwise(path):
    """Depthwise convolutions whose borders, strides, dilations, channel
    multipliers, widths (beyond one tile of columns) and paddings (one too
    large to read around) cover the depthwise kernel's cases."""
    rng = np.random.default_rng(0)
    layers = [  # filters, kernel, strides, pads, dilations, activation
        (4, 3, [1, 1], [1, 1, 1, 1], [1, 1], "Relu"),
        (8, 5, [2, 2], [2, 1, 2, 3], [1, 1], None),
        (8, 3, [1, 1], [2, 2, 2, 2], [2, 2], "Clip"),
        (8, 3, [1, 1], [0, 0, 0, 0], [1, 1], None),
        (8, 3, [1, 2], [10, 10, 10, 10], [1, 1], None),
    ]
    x = rng.standard_normal((1, 4, 37, 150)).astype(np.float32)
    nodes, inits = [], [numpy_helper.from_array(np.array(0, np.float32), "lo"),
                        numpy_helper.from_array(np.array(6, np.float32), "hi")]
    name, value = "x", x.astype(np.float64)
    for i, (filters, kernel, strides, pads, dilations, activation) in enumerate(layers):
        channels = value.shape[1]
        w = rng.standard_normal((filters, 1, kernel, kernel)).astype(np.float32)
        b = rng.standard_normal(filters).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        nodes.append(helper.make_node("Conv", [name, f"w{i}", f"b{i}"], [f"c{i}"], name=f"dw{i}",
                                      group=channels, strides=strides, pads=pads,
                                      dilations=dilations, kernel_shape=[kernel, kernel]))
        value = reference_conv(value, w.astype(np.float64), b.astype(np.float64), strides, pads,
                               dilations, channels)
        name = f"c{i}"
        if activation == "Relu":
            nodes.append(helper.make_node("Relu", [name], [f"a{i}"], name=f"relu{i}"))
            value = np.maximum(value, 0)
        elif activation == "Clip":
            nodes.append(helper.make_node("Clip", [name, "lo", "hi"], [f"a{i}"], name=f"clip{i}"))
            value = np.clip(value, 0, 6)
        name = f"a{i}" if activation else name
    nodes.append(helper.make_node("Identity", [name], ["y"], name="out"))
    graph = helper.make_graph(
        nodes, "depthwise", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, value.shape)], inits)
    save(graph, path)
    save_reference(path, x, value)


def contractions(path):
    """Contractions the CUDA backend tiles for the tensor cores, at sizes
    that are no multiples of its tiles: a 3-D by 2-D MatMul with a bias and
    a Relu after it, a batched MatMul by a transpose, a convolution (padded,
    strided) with its bias and a Sigmoid."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 5, 13, 13)).astype(np.float32)
    w = rng.standard_normal((19, 5, 3, 3)).astype(np.float32)
    b = rng.standard_normal(19).astype(np.float32)
    w1 = rng.standard_normal((49, 70)).astype(np.float32) / 7
    b1 = rng.standard_normal(70).astype(np.float32)
    shape = numpy_helper.from_array(np.array([2, 19, 49], np.int64), "shape")
    conv = reference_conv(x.astype(np.float64), w.astype(np.float64), b.astype(np.float64),
                          [2, 2], [1, 1, 1, 1], [1, 1], 1)
    c = 1 / (1 + np.exp(-conv))
    h = np.maximum(c.reshape(2, 19, 49) @ w1.astype(np.float64) + b1, 0)
    y = h @ h.transpose(0, 2, 1)
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["conv"], name="conv", strides=[2, 2],
                         pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("Sigmoid", ["conv"], ["c"], name="sigmoid"),
        helper.make_node("Reshape", ["c", "shape"], ["r"], name="reshape"),
        helper.make_node("MatMul", ["r", "w1"], ["m"], name="fc"),
        helper.make_node("Add", ["m", "b1"], ["mb"], name="fc_bias"),
        helper.make_node("Relu", ["mb"], ["h"], name="relu"),
        helper.make_node("Transpose", ["h"], ["t"], name="transpose", perm=[0, 2, 1]),
        helper.make_node("MatMul", ["h", "t"], ["y"], name="gram")]
    inits = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b"),
             numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"), shape]
    graph = helper.make_graph(
        nodes, "contractions", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y.shape)], inits)
    save(graph, path)
    save_reference(path, x, y)


def deep_matmul(path):
    """A deep contraction with one output tile (10 x 20, 3000 deep), as a
    weight gradient: the CUDA backend splits its depth across blocks that
    add their parts atomically; the bias and Relu run after."""
    rng = np.random.default_rng(9)
    x = rng.standard_normal((10, 3000)).astype(np.float32)
    w = rng.standard_normal((3000, 20)).astype(np.float32) / 50
    b = rng.standard_normal(20).astype(np.float32)
    y = np.maximum(x.astype(np.float64) @ w.astype(np.float64) + b, 0)
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w", "b"], ["g"], name="fc"),
         helper.make_node("Relu", ["g"], ["y"], name="relu")],
        "deep_matmul", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y.shape)],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    save(graph, path)
    save_reference(path, x, y)


def row_reductions(path, shape=(6, 40, 48)):
    """Rows the CUDA backend computes a warp per row: a layer norm, a softmax
    over it, plus each row's maximum (ReduceMax, kept as a dim), over rows
    of 48 elements (no multiple of a warp's 32 lanes); or, with another
    `shape`, of more."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal(shape).astype(np.float32) * 3
    scale = rng.standard_normal(shape[-1]).astype(np.float32)
    bias = rng.standard_normal(shape[-1]).astype(np.float32)
    axes = numpy_helper.from_array(np.array([-1], np.int64), "axes")
    v = x.astype(np.float64)
    mean = v.mean(-1, keepdims=True)
    normed = (v - mean) / np.sqrt(((v - mean) ** 2).mean(-1, keepdims=True) + 1e-5) * scale + bias
    e = np.exp(normed - normed.max(-1, keepdims=True))
    y = e / e.sum(-1, keepdims=True) + v.max(-1, keepdims=True)
    nodes = [
        helper.make_node("LayerNormalization", ["x", "scale", "bias"], ["ln"], name="ln",
                         axis=-1, epsilon=1e-5),
        helper.make_node("Softmax", ["ln"], ["sm"], name="softmax", axis=-1),
        helper.make_node("ReduceMax", ["x", "axes"], ["mx"], name="max", keepdims=1),
        helper.make_node("Add", ["sm", "mx"], ["y"], name="add")]
    inits = [numpy_helper.from_array(scale, "scale"), numpy_helper.from_array(bias, "bias"), axes]
    graph = helper.make_graph(
        nodes, "row_reductions",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y.shape)], inits)
    save(graph, path, opset=18)
    save_reference(path, x, y)


def composed(path):
    axes = numpy_helper.from_array(np.array([1], np.int64), "axes")
    graph = helper.make_graph(
        [helper.make_node("Dropout", ["x"], ["d"], name="drop"),
         helper.make_node("Unsqueeze", ["d", "axes"], ["u"], name="unsqueeze"),
         helper.make_node("ReduceMean", ["u"], ["m"], name="mean", axes=[3], keepdims=1),
         helper.make_node("Squeeze", ["m", "axes"], ["y"], name="squeeze")],
        "composed",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3, 1])], [axes])
    save(graph, path)


# Tensor names that are C keywords, standard names, dlc's own or the header's
# generated names, and one that tries to close the header's comment.
HOSTILE_NAMES = ["inputs", "a", "a_dims", "A", "int64_t", "size_t", "NULL", "and", "class",
                 "dlc_tensor", "DLC_DTYPE_F32", "model_run", "MODEL_NUM_INPUTS", "session",
                 "dlc_in", "uintptr_t", "INT64_MAX", "a/*b", "__x", "1x",
                 "*/\n#error injected\n/*", "x\\"]


def hostile_names(path):
    inputs = HOSTILE_NAMES[: len(HOSTILE_NAMES) // 2]
    outputs = HOSTILE_NAMES[len(HOSTILE_NAMES) // 2:]
    graph = helper.make_graph(
        [helper.make_node("Relu", [i], [o], name=o) for i, o in zip(inputs, outputs)],
        "hostile_names",
        [helper.make_tensor_value_info(i, TensorProto.FLOAT, [2]) for i in inputs],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, [2]) for o in outputs])
    save(graph, path)


# One op on an empty tensor (a zero dim), or on a zero-length reduction.
def zero_sized(op, path):
    rng = np.random.default_rng(0)
    cases = {
        "matmul": ([0, 4], [0, 3], [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
                   [("w", (4, 3))]),
        "matmul_k": ([2, 0], [2, 3], [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
                     [("w", (0, 3))]),
        "conv": ([0, 3, 6, 6], [0, 4, 4, 4],
                 [helper.make_node("Conv", ["x", "w"], ["y"], name="conv")], [("w", (4, 3, 3, 3))]),
        "maxpool": ([0, 2, 4, 4], [0, 2, 2, 2],
                    [helper.make_node("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 2],
                                      strides=[2, 2])], []),
        "gap": ([0, 2, 3, 3], [0, 2, 1, 1],
                [helper.make_node("GlobalAveragePool", ["x"], ["y"], name="gap")], []),
        "gap_spatial": ([1, 2, 0, 0], [1, 2, 1, 1],
                        [helper.make_node("GlobalAveragePool", ["x"], ["y"], name="gap")], []),
        "conv_channels": ([1, 0, 6, 6], [1, 4, 4, 4],
                          [helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
                          [("w", (4, 0, 3, 3))]),
    }
    x, y, nodes, weights = cases[op]
    inits = [numpy_helper.from_array(rng.standard_normal(s).astype(np.float32), n)
             for n, s in weights]
    graph = helper.make_graph(
        nodes, "zero_" + op, [helper.make_tensor_value_info("x", TensorProto.FLOAT, x)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y)], inits)
    save(graph, path)


# Integer Div by a divisor that is an input, or a literal holding a zero.
def int_div(path, divisor=None):
    inputs = [helper.make_tensor_value_info("x", TensorProto.INT32, [4])]
    inits = []
    if divisor is None:
        inputs.append(helper.make_tensor_value_info("d", TensorProto.INT32, [4]))
    else:
        inits.append(numpy_helper.from_array(np.array(divisor, np.int32), "d"))
    graph = helper.make_graph(
        [helper.make_node("Div", ["x", "d"], ["y"], name="int_div")], "int_div", inputs,
        [helper.make_tensor_value_info("y", TensorProto.INT32, [4])], inits)
    save(graph, path)


# A Relu of a large input: 2.4 GB, or 4 TiB.
def large_relu(path, dims):
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"], name="relu")], "large_relu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, dims)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, dims)])
    save(graph, path)


def residual_maps(path):
    """relu(x + skip) * scale over 7x7 maps (rows of 7: no multiple of 4), a
    scale per sample: the CUDA backend's float4 loops take the maps'
    contiguous run of channels, rows and columns, along which the scale is
    the same."""
    rng = np.random.default_rng(8)
    x = rng.standard_normal((2, 8, 7, 7)).astype(np.float32)
    skip = rng.standard_normal((2, 8, 7, 7)).astype(np.float32)
    scale = rng.standard_normal((2, 1, 1, 1)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "skip"], ["sum"], name="add"),
         helper.make_node("Relu", ["sum"], ["r"], name="relu"),
         helper.make_node("Mul", ["r", "scale"], ["y"], name="scale")], "residual_maps",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, x.shape)],
        [numpy_helper.from_array(skip, "skip"), numpy_helper.from_array(scale, "scale")])
    save(graph, path)
    save_reference(path, x, np.maximum(x + skip, 0) * scale)


def half_mlp(path):
    """softmax(relu(x @ w + b)) with float16 input, weights and output, and
    the square of x as bfloat16: the CUDA backend stores 16-bit floats as
    their bits and computes in float, rounding each result; the MatMul is
    large enough for the tensor cores. Expected: softmax's output in
    float64."""
    rng = np.random.default_rng(9)
    x = rng.standard_normal((32, 64)).astype(np.float16)
    w = (rng.standard_normal((64, 32)) * 0.2).astype(np.float16)
    b = (rng.standard_normal(32) * 0.1).astype(np.float16)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"], name="fc"),
         helper.make_node("Add", ["h", "b"], ["hb"], name="fc_bias"),
         helper.make_node("Relu", ["hb"], ["r"], name="relu"),
         helper.make_node("Softmax", ["r"], ["y"], name="softmax", axis=-1),
         helper.make_node("Cast", ["x"], ["xb"], name="to_bf16", to=TensorProto.BFLOAT16),
         helper.make_node("Mul", ["xb", "xb"], ["square"], name="square")],
        "half_mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT16, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT16, [32, 32]),
         helper.make_tensor_value_info("square", TensorProto.BFLOAT16, x.shape)],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    save(graph, path)
    h = np.maximum(x.astype(np.float64) @ w.astype(np.float64) + b.astype(np.float64), 0)
    e = np.exp(h - h.max(axis=1, keepdims=True))
    save_reference(path, x, e / e.sum(axis=1, keepdims=True))


def half_conv(path):
    """relu(conv(x, w) + b), 3x3 with pads of 1, all float16; expected in
    float64."""
    rng = np.random.default_rng(10)
    x = rng.standard_normal((2, 8, 16, 16)).astype(np.float16)
    w = (rng.standard_normal((16, 8, 3, 3)) * 0.2).astype(np.float16)
    b = rng.standard_normal(16).astype(np.float16)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv", pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["c"], ["y"], name="relu")], "half_conv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT16, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT16, [2, 16, 16, 16])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    save(graph, path)
    y = reference_conv(x.astype(np.float64), w.astype(np.float64), b.astype(np.float64),
                       [1, 1], [1, 1, 1, 1], [1, 1], 1)
    save_reference(path, x, np.maximum(y, 0))


# x[70, 300] @ w1[300, 50] + b, relu, then Gemm with transB by w2[40, 50]:
# whole microkernel tiles with leftover rows, columns and reduction steps.
def matmuls(path):
    rng = np.random.default_rng(7)
    w1 = numpy_helper.from_array(rng.standard_normal((300, 50)).astype(np.float32), "w1")
    b1 = numpy_helper.from_array(rng.standard_normal(50).astype(np.float32), "b1")
    w2 = numpy_helper.from_array(rng.standard_normal((40, 50)).astype(np.float32), "w2")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w1"], ["h"], name="fc1"),
         helper.make_node("Add", ["h", "b1"], ["hb"], name="fc1_bias"),
         helper.make_node("Relu", ["hb"], ["r"], name="relu1"),
         helper.make_node("Gemm", ["r", "w2"], ["y"], name="fc2", transB=1)],
        "matmuls",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [70, 300])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [70, 40])],
        [w1, b1, w2])
    save(graph, path)


# Strings: StringNormalizer of x[4] (upper case, "monday" ignoring case)
# declared to keep 3, and numbers to text and back.
def strings(path, declared=(3,)):
    graph = helper.make_graph(
        [helper.make_node("StringNormalizer", ["x"], ["y"], name="normalize",
                          case_change_action="UPPER", stopwords=["monday"]),
         helper.make_node("Cast", ["f"], ["text"], name="to_text", to=TensorProto.STRING),
         helper.make_node("Cast", ["text"], ["back"], name="to_float", to=TensorProto.FLOAT),
         helper.make_node("Cast", ["digits"], ["n"], name="to_int8", to=TensorProto.INT8)],
        "strings",
        [helper.make_tensor_value_info("x", TensorProto.STRING, [4]),
         helper.make_tensor_value_info("f", TensorProto.FLOAT, [3]),
         helper.make_tensor_value_info("digits", TensorProto.STRING, [2])],
        [helper.make_tensor_value_info("y", TensorProto.STRING, declared),
         helper.make_tensor_value_info("text", TensorProto.STRING, [3]),
         helper.make_tensor_value_info("back", TensorProto.FLOAT, [3]),
         helper.make_tensor_value_info("n", TensorProto.INT8, [2])])
    save(graph, path)


# Ops that only move elements take strings: x[2, 3] transposed, reshaped,
# sliced, gathered, concatenated, unsqueezed, expanded and flattened to
# f[2, 6]; tiled; split; one part squeezed; x itself through Identity; and
# Where picks from x or that part.
def string_moves(path):
    S = TensorProto.STRING
    ints = lambda name, values: numpy_helper.from_array(np.array(values, np.int64), name)
    graph = helper.make_graph(
        [helper.make_node("Transpose", ["x"], ["t"], perm=[1, 0]),
         helper.make_node("Reshape", ["t", "shape"], ["r"]),
         helper.make_node("Slice", ["r", "starts", "ends"], ["s"]),
         helper.make_node("Gather", ["s", "indices"], ["g"], axis=0),
         helper.make_node("Concat", ["g", "s"], ["c"], axis=0),
         helper.make_node("Unsqueeze", ["c", "axis0"], ["u"]),
         helper.make_node("Expand", ["u", "expanded"], ["e"]),
         helper.make_node("Flatten", ["e"], ["f"], axis=1),
         helper.make_node("Tile", ["x", "repeats"], ["tiled"]),
         helper.make_node("Split", ["x", "splits"], ["first", "rest"], axis=1),
         helper.make_node("Squeeze", ["first", "axis1"], ["column"]),
         helper.make_node("Identity", ["x"], ["same"]),
         helper.make_node("Unsqueeze", ["column", "axis1"], ["column2"]),
         helper.make_node("Where", ["pick", "x", "column2"], ["picked"])],
        "string_moves", [helper.make_tensor_value_info("x", S, [2, 3])],
        [helper.make_tensor_value_info("f", S, [2, 6]),
         helper.make_tensor_value_info("tiled", S, [2, 6]),
         helper.make_tensor_value_info("rest", S, [2, 2]),
         helper.make_tensor_value_info("column", S, [2]),
         helper.make_tensor_value_info("same", S, [2, 3]),
         helper.make_tensor_value_info("picked", S, [2, 3])],
        [ints("shape", [6]), ints("starts", [1]), ints("ends", [5]), ints("indices", [3, 0]),
         ints("axis0", [0]), ints("expanded", [2, 6]), ints("repeats", [1, 2]),
         ints("splits", [1, 2]), ints("axis1", [1]),
         numpy_helper.from_array(np.array([[1, 0, 1], [0, 1, 0]], bool), "pick")])
    save(graph, path)


# What dlc refuses about strings, each with the node or value at fault.
def string_errors(kind, path):
    inits, nodes = [], []
    inputs = [helper.make_tensor_value_info("x", TensorProto.STRING, [4])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.STRING, [4])]
    if kind == "undeclared":
        nodes.append(helper.make_node("StringNormalizer", ["x"], ["y"], name="normalize"))
        outputs = [helper.make_tensor_value_info("y", TensorProto.STRING, ["K"])]
    elif kind == "bool":
        nodes.append(helper.make_node("Cast", ["x"], ["y"], name="to_bool", to=TensorProto.BOOL))
        outputs = [helper.make_tensor_value_info("y", TensorProto.BOOL, [4])]
    else:
        inits.append(helper.make_tensor("words", TensorProto.STRING, [4], [b"a", b"b", b"c", b"d"]))
        nodes.append(helper.make_node("Identity", ["words"], ["y"], name="copy"))
    save(helper.make_graph(nodes, "string_" + kind, inputs, outputs, inits), path)


KINDS = {"composed": composed, "matmuls": matmuls, "conv_bn_relu": conv_bn_relu, "depthwise": depthwise,
         "add_relu": add_relu, "static_add_relu": lambda p: add_relu(p, 2),
         "unsupported": unsupported, "unnamed_mismatch": unnamed_mismatch,
         "hostile_names": hostile_names, "int_div": int_div,
         "large_input": lambda p: large_relu(p, [600000000]),
         "huge_input": lambda p: large_relu(p, [1024, 1024, 1024, 1024]),
         "int_div_zero": lambda p: int_div(p, [1, 0, 2, 3]),
         "strings": strings, "strings_keep_two": lambda p: strings(p, (2,)),
         "string_moves": string_moves, "contractions": contractions,
         "row_reductions": row_reductions, "deep_matmul": deep_matmul,
         "long_rows": lambda p: row_reductions(p, (2, 3, 9000)), "residual_maps": residual_maps,
         "half_mlp": half_mlp, "half_conv": half_conv}
KINDS.update({"zero_" + op: (lambda op: lambda p: zero_sized(op, p))(op)
              for op in ["matmul", "matmul_k", "conv", "maxpool", "gap", "gap_spatial",
                         "conv_channels"]})
KINDS.update({"string_" + kind: (lambda kind: lambda p: string_errors(kind, p))(kind)
              for kind in ["undeclared", "bool", "literal"]})

if __name__ == "__main__":
    KINDS[sys.argv[1]](sys.argv[2])
