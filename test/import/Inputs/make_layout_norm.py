"""Writes models of opsets 18 and 21 (which libonnx 1.12 cannot check) for
the forms of GroupNormalization and Pad that only they have, with the
outputs numpy computes: make_layout_norm.py KIND DIR writes DIR/model.onnx,
DIR/input_0.pb and DIR/expected/output_N.pb."""
import sys

import numpy as np
from onnx import helper

from make_new_opset import save


def group_norm(x, scale, bias, groups, epsilon):
    """scale and bias per channel."""
    rows = x.reshape(x.shape[0], groups, -1)
    mean = rows.mean(axis=-1, keepdims=True)
    var = rows.var(axis=-1, keepdims=True)
    normalized = ((rows - mean) / np.sqrt(var + epsilon)).reshape(x.shape)
    channel = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    return normalized * scale.reshape(channel) + bias.reshape(channel)


def groups18(kind_dir):
    """GroupNormalization with scale and bias per group; Pad with axes,
    wrap mode and a crop."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 6, 3, 4)).astype(np.float32)
    scale = rng.standard_normal(3).astype(np.float32)
    bias = rng.standard_normal(3).astype(np.float32)
    inits = [("scale", scale), ("bias", bias),
             ("pads", np.array([2, 1, -1, 0], np.int64)),
             ("axes", np.array([-1, 1], np.int64))]
    nodes = [
        helper.make_node("GroupNormalization", ["x", "scale", "bias"], ["gn"], name="gn",
                         num_groups=3, epsilon=1e-3),
        helper.make_node("Pad", ["x", "pads", "", "axes"], ["wrapped"], name="pad",
                         mode="wrap"),
    ]
    expected_gn = group_norm(x, np.repeat(scale, 2), np.repeat(bias, 2), 3, 1e-3)
    cropped = x[:, :, :, :-1]
    wrapped = np.pad(cropped, ((0, 0), (1, 0), (0, 0), (2, 0)), mode="wrap")
    save(kind_dir, nodes, [("x", x)], ["gn", "wrapped"], inits, 18, [x],
         [expected_gn, wrapped])


def groups21(kind_dir):
    """GroupNormalization with scale and bias per channel."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 4, 5)).astype(np.float32)
    scale = rng.standard_normal(4).astype(np.float32)
    bias = rng.standard_normal(4).astype(np.float32)
    nodes = [helper.make_node("GroupNormalization", ["x", "scale", "bias"], ["gn"], name="gn",
                              num_groups=2)]
    save(kind_dir, nodes, [("x", x)], ["gn"], [("scale", scale), ("bias", bias)], 21, [x],
         [group_norm(x, scale, bias, 2, 1e-5)])


KINDS = {"groups18": groups18, "groups21": groups21}

if __name__ == "__main__":
    KINDS[sys.argv[1]](sys.argv[2])
