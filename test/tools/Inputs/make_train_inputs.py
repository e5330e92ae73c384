"""Writes small models and data sets for the dlc-train tests (numpy and onnx only).

make_train_inputs.py data DIR    IDX files: DIR/train-images.idx (100 x 4x4 u8, plain),
                                 DIR/train-labels.idx.gz (gzipped), DIR/test-images.idx.gz,
                                 DIR/test-labels.idx (30), and DIR/train.bin, a CIFAR-10
                                 batch of 12 records
make_train_inputs.py mlp OUT     x [N, 16] -> Gemm 16->8 -> Relu -> Gemm 8->3 -> logits [N, 3]
make_train_inputs.py mlp_nll OUT the same with LogSoftmax at the end (for the nll loss)
make_train_inputs.py conv OUT    input [N, 3, 32, 32] -> Conv 3->2 3x3 stride 2 -> Relu
                                 -> Flatten -> Gemm 450->3 -> logits [N, 3] (CIFAR-10 images,
                                 and the 4x4 gray images padded)
make_train_inputs.py two_inputs OUT, no_head OUT, rank3_output OUT: models dlc-train rejects
"""
import gzip
import os
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(nodes, inits, inputs, outputs, path):
    graph = helper.make_graph(nodes, "train_test", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="make_train_inputs.py")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, path)


def uniform(rng, shape, fan_in):
    bound = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=shape).astype(np.float32)


def linear(rng, name, x, fan_in, fan_out, out):
    w = numpy_helper.from_array(uniform(rng, (fan_out, fan_in), fan_in), f"{name}.weight")
    b = numpy_helper.from_array(uniform(rng, (fan_out,), fan_in), f"{name}.bias")
    node = helper.make_node("Gemm", [x, w.name, b.name], [out], name=f"/{name}/Gemm", transB=1)
    return node, [w, b]


def mlp(path, log_softmax=False):
    rng = np.random.default_rng(3)
    n1, i1 = linear(rng, "fc1", "x", 16, 8, "h")
    relu = helper.make_node("Relu", ["h"], ["r"], name="/relu/Relu")
    n2, i2 = linear(rng, "fc2", "r", 8, 3, "logits" if not log_softmax else "z")
    nodes = [n1, relu, n2]
    out = "logits"
    if log_softmax:
        nodes.append(helper.make_node("LogSoftmax", ["z"], ["logits"], name="/LogSoftmax",
                                      axis=1))
    save(nodes, i1 + i2, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 16])],
         [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["N", 3])], path)


def bn_dropout(path):
    """x [N, 16] -> BatchNormalization -> fc1 -> Relu -> Dropout(0.3) -> fc2: train mode matters."""
    rng = np.random.default_rng(5)
    stats = [numpy_helper.from_array(rng.uniform(lo, hi, 16).astype(np.float32), name)
             for name, lo, hi in [("bn.weight", 0.5, 1.5), ("bn.bias", -0.1, 0.1),
                                  ("bn.running_mean", -0.2, 0.2),
                                  ("bn.running_var", 0.5, 1.5)]]
    bn = helper.make_node("BatchNormalization", ["x"] + [t.name for t in stats], ["n"],
                          name="/bn/BatchNormalization", epsilon=1e-5, momentum=0.9)
    n1, i1 = linear(rng, "fc1", "n", 16, 8, "h")
    relu = helper.make_node("Relu", ["h"], ["r"], name="/relu/Relu")
    ratio = numpy_helper.from_array(np.array(0.3, np.float32), "ratio")
    drop = helper.make_node("Dropout", ["r", "ratio"], ["d"], name="/dropout/Dropout")
    n2, i2 = linear(rng, "fc2", "d", 8, 3, "logits")
    save([bn, n1, relu, drop, n2], stats + i1 + i2 + [ratio],
         [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 16])],
         [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3])], path)


def conv(path):
    rng = np.random.default_rng(4)
    w = numpy_helper.from_array(uniform(rng, (2, 3, 3, 3), 27), "conv.weight")
    b = numpy_helper.from_array(uniform(rng, (2,), 27), "conv.bias")
    nodes = [helper.make_node("Conv", ["input", w.name, b.name], ["c"], name="/conv/Conv",
                              kernel_shape=[3, 3], strides=[2, 2]),
             helper.make_node("Relu", ["c"], ["r"], name="/relu/Relu"),
             helper.make_node("Flatten", ["r"], ["f"], name="/Flatten", axis=1)]
    n, inits = linear(rng, "fc", "f", 450, 3, "logits")
    save(nodes + [n], [w, b] + inits,
         [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, 32, 32])],
         [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3])], path)


def two_inputs(path):
    save([helper.make_node("Add", ["a", "b"], ["y"], name="add")], [],
         [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 16]),
          helper.make_tensor_value_info("b", TensorProto.FLOAT, ["N", 16])],
         [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 16])], path)


def no_head(path):
    save([helper.make_node("Tanh", ["x"], ["y"], name="/act/Tanh")], [],
         [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 16])],
         [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 16])], path)


def rank3_output(path):
    shape = numpy_helper.from_array(np.array([0, 4, 4], np.int64), "shape")
    save([helper.make_node("Reshape", ["x", "shape"], ["y"], name="/Reshape")], [shape],
         [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 16])],
         [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4, 4])], path)


def idx(array):
    codes = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C,
             np.float32: 0x0D, np.float64: 0x0E}
    code = codes[array.dtype.type]
    header = struct.pack(">BBBB", 0, 0, code, array.ndim)
    header += b"".join(struct.pack(">I", d) for d in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def blobs(rng, count):
    """Three classes of 4x4 images: a bright left column, middle rows or right column."""
    labels = rng.integers(0, 3, size=count).astype(np.uint8)
    images = rng.integers(0, 60, size=(count, 4, 4)).astype(np.int32)
    for i, label in enumerate(labels):
        if label == 0:
            images[i, :, 0] += 180
        elif label == 1:
            images[i, 1:3, :] += 180
        else:
            images[i, :, 3] += 180
    return np.clip(images, 0, 255).astype(np.uint8), labels


def data(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(5)
    images, labels = blobs(rng, 100)
    with open(os.path.join(out, "train-images.idx"), "wb") as f:
        f.write(idx(images))
    with gzip.open(os.path.join(out, "train-labels.idx.gz"), "wb") as f:
        f.write(idx(labels))
    images, labels = blobs(rng, 30)
    with gzip.open(os.path.join(out, "test-images.idx.gz"), "wb") as f:
        f.write(idx(images))
    with open(os.path.join(out, "test-labels.idx"), "wb") as f:
        f.write(idx(labels))
    # A CIFAR-10 batch: label byte + 3x32x32 pixels.
    with open(os.path.join(out, "train.bin"), "wb") as f:
        for i in range(12):
            f.write(bytes([i % 3]) + rng.integers(0, 256, 3072).astype(np.uint8).tobytes())


KINDS = {"mlp": mlp, "bn_dropout": bn_dropout, "mlp_nll": lambda p: mlp(p, True), "conv": conv, "data": data,
         "two_inputs": two_inputs, "no_head": no_head, "rank3_output": rank3_output}

if __name__ == "__main__":
    KINDS[sys.argv[1]](sys.argv[2])
