"""Writes RNN, GRU and LSTM models in the forms ONNX's node tests leave out
(reverse and bidirectional directions, sequence_lens, layout 1, initial
states, peepholes, clip, activations with parameters) with their inputs and
the outputs of a plain numpy implementation of ONNX's equations:
make_recurrent.py KIND DIR writes DIR/model.onnx, DIR/input_N.pb and
DIR/expected/output_N.pb."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ACTIVATIONS = {
    "Sigmoid": lambda x, a, b: 1 / (1 + np.exp(-x)),
    "Tanh": lambda x, a, b: np.tanh(x),
    "Relu": lambda x, a, b: np.maximum(x, 0),
    "LeakyRelu": lambda x, a, b: np.where(x >= 0, x, a * x),
    "ScaledTanh": lambda x, a, b: a * np.tanh(b * x),
    "HardSigmoid": lambda x, a, b: np.clip(a * x + b, 0, 1),
    "Affine": lambda x, a, b: a * x + b,
}


def run_direction(kind, x, w, r, bias, h0, c0, peep, lengths, reverse, acts, clip, lbr):
    """One direction over x [S, B, I]; returns Y [S, B, H], the last H and C."""
    steps, batch, _ = x.shape
    hidden = r.shape[1]
    h, c = h0.copy(), c0.copy()
    y = np.zeros((steps, batch, hidden), np.float64)
    wb, rb = bias[:len(bias) // 2], bias[len(bias) // 2:]
    fn = [lambda v, act=act: ACTIVATIONS[act[0]](v, act[1], act[2]) for act in acts]
    cl = (lambda v: np.clip(v, -clip, clip)) if clip else (lambda v: v)
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        live = (t < lengths)[:, None]
        xw = x[t] @ w.T + wb
        if kind == "RNN":
            new_h, new_c = fn[0](cl(xw + h @ r.T + rb)), c
        elif kind == "GRU":
            gates = lambda v, k: v[:, k * hidden:(k + 1) * hidden]
            hr = h @ r[:2 * hidden].T + rb[:2 * hidden]
            z = fn[0](cl(gates(xw, 0) + gates(hr, 0)))
            rs = fn[0](cl(gates(xw, 1) + gates(hr, 1)))
            rh, rbh = r[2 * hidden:], rb[2 * hidden:]
            rec = rs * (h @ rh.T + rbh) if lbr else (rs * h) @ rh.T + rbh
            cand = fn[1](cl(gates(xw, 2) + rec))
            new_h, new_c = (1 - z) * cand + z * h, c
        else:
            pre = xw + h @ r.T + rb
            g = lambda k: pre[:, k * hidden:(k + 1) * hidden]
            p = lambda k: peep[k * hidden:(k + 1) * hidden]
            i = fn[0](cl(g(0) + p(0) * c))
            f = fn[0](cl(g(2) + p(2) * c))
            new_c = f * c + i * fn[1](cl(g(3)))
            o = fn[0](cl(g(1) + p(1) * new_c))
            new_h = o * fn[2](new_c)
        y[t] = np.where(live, new_h, 0)
        h, c = np.where(live, new_h, h), np.where(live, new_c, c)
    return y, h, c


CASES = {
    # name: (kind, direction, layout, with sequence_lens, with initial states,
    #        activations [(name, alpha, beta)] per direction, clip, extra attrs)
    "lstm_bidirectional_lengths": ("LSTM", "bidirectional", 0, True, True, None, None, {}),
    "lstm_reverse_layout1_peepholes_clip": ("LSTM", "reverse", 1, False, True, None, 0.8, {}),
    "gru_bidirectional_lengths": ("GRU", "bidirectional", 0, True, False, None, None, {}),
    "gru_linear_before_reset_layout1": ("GRU", "forward", 1, True, True, None, None,
                                        {"linear_before_reset": 1}),
    "rnn_reverse_activations": ("RNN", "bidirectional", 0, False, True,
                                [("LeakyRelu", 0.3, 0), ("ScaledTanh", 0.7, 1.5)], None, {}),
}


def make(name, out_dir):
    kind, direction, layout, use_lengths, use_states, acts, clip, extra = CASES[name]
    rng = np.random.default_rng(7)
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]
    steps, batch, inputs, hidden = 4, 3, 2, 3
    dirs = 2 if direction == "bidirectional" else 1
    rand = lambda *shape: rng.uniform(-1, 1, shape).astype(np.float32)
    x = rand(steps, batch, inputs)
    w, r, bias = rand(dirs, gates * hidden, inputs), rand(dirs, gates * hidden, hidden), \
        rand(dirs, 2 * gates * hidden)
    h0, c0 = rand(dirs, batch, hidden), rand(dirs, batch, hidden)
    peep = rand(dirs, 3 * hidden) if "peepholes" in name else None
    lengths = np.array([4, 2, 3], np.int32) if use_lengths else np.full(batch, steps, np.int32)
    default = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"],
               "LSTM": ["Sigmoid", "Tanh", "Tanh"]}[kind]
    if acts:
        dir_acts = [acts[d * len(default):(d + 1) * len(default)] for d in range(dirs)]
    else:
        dir_acts = [[(a, 0, 0) for a in default]] * dirs

    ys, hs, cs = [], [], []
    for d in range(dirs):
        y, h, c = run_direction(
            kind, x.astype(np.float64), w[d], r[d], bias[d],
            h0[d] if use_states else np.zeros((batch, hidden)),
            c0[d] if use_states else np.zeros((batch, hidden)),
            peep[d] if peep is not None else np.zeros(3 * hidden), lengths,
            direction == "reverse" or d == 1, dir_acts[d], clip,
            extra.get("linear_before_reset", 0))
        ys.append(y), hs.append(h), cs.append(c)
    y = np.stack(ys, 1)
    yh, yc = np.stack(hs), np.stack(cs)

    feeds = {"X": x.transpose(1, 0, 2) if layout else x}
    node_inputs = ["X", "W", "R", "B", "", "", "", ""]
    inits = [numpy_helper.from_array(w, "W"), numpy_helper.from_array(r, "R"),
             numpy_helper.from_array(bias, "B")]
    if use_lengths:
        node_inputs[4] = "sequence_lens"
        feeds["sequence_lens"] = lengths
    if use_states:
        node_inputs[5] = "initial_h"
        feeds["initial_h"] = h0.transpose(1, 0, 2) if layout else h0
        if kind == "LSTM":
            node_inputs[6] = "initial_c"
            feeds["initial_c"] = c0.transpose(1, 0, 2) if layout else c0
    if peep is not None:
        node_inputs[7] = "P"
        inits.append(numpy_helper.from_array(peep, "P"))
    while not node_inputs[-1]:
        node_inputs.pop()
    attrs = dict(hidden_size=hidden, direction=direction, **extra)
    if layout:
        attrs["layout"] = 1
    if clip:
        attrs["clip"] = clip
    if acts:
        attrs["activations"] = [a[0] for a in acts]
        with_beta = ("ScaledTanh", "Affine", "HardSigmoid")
        attrs["activation_alpha"] = [a[1] for a in acts if a[0] in with_beta + ("LeakyRelu",)]
        attrs["activation_beta"] = [a[2] for a in acts if a[0] in with_beta]
    outputs = ["Y", "Y_h"] + (["Y_c"] if kind == "LSTM" else [])
    if layout:
        y, yh, yc = y.transpose(2, 0, 1, 3), yh.transpose(1, 0, 2), yc.transpose(1, 0, 2)
    results = [y, yh, yc][:len(outputs)]
    node = helper.make_node(kind, node_inputs, outputs, name=name, **attrs)
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(k, TensorProto.INT32 if k == "sequence_lens"
                                       else TensorProto.FLOAT, v.shape)
         for k, v in feeds.items()],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, v.shape)
         for o, v in zip(outputs, results)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 7
    os.makedirs(os.path.join(out_dir, "expected"), exist_ok=True)
    onnx.save(model, os.path.join(out_dir, "model.onnx"))
    for i, value in enumerate(feeds.values()):
        with open(os.path.join(out_dir, f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(value).SerializeToString())
    for i, value in enumerate(results):
        with open(os.path.join(out_dir, "expected", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(value.astype(np.float32)).SerializeToString())


if __name__ == "__main__":
    make(sys.argv[1], sys.argv[2])
