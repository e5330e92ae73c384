#!/usr/bin/python3
"""Checks models/*.onnx and test/models/ against their sources, with Debian's python only.

    /usr/bin/python3 test/models/check_models.py reproducible [WORKDIR]
        models/generate.py, run into WORKDIR (default: a temporary folder), writes files
        byte-identical to the committed models/*.onnx.
    /usr/bin/python3 test/models/check_models.py data
        every test/models/<model>/test_data_set_<k> matches its model: TensorProto names
        equal the graph input/output names, float32, shapes agree with the graph (the
        symbolic N the same in input and output), values finite; the raw .bin copies hold
        exactly the .pb tensors' bytes; and the outputs equal a plain numpy
        re-implementation of each network (weights read from the .onnx) within 1e-4, so
        data left stale by a changed generator is caught without onnxruntime.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = ("seed_cnn", "mlp", "attention")
TOLERANCE = 1e-4


def reproducible(workdir):
    subprocess.run([sys.executable, os.path.join(ROOT, "models", "generate.py"), workdir],
                   check=True, stdout=subprocess.DEVNULL)
    bad = []
    for name in MODELS:
        with open(os.path.join(workdir, name + ".onnx"), "rb") as f:
            fresh = f.read()
        with open(os.path.join(ROOT, "models", name + ".onnx"), "rb") as f:
            committed = f.read()
        if fresh != committed:
            bad.append(name)
    if bad:
        sys.exit(f"models/generate.py (onnx {onnx.__version__}, numpy {np.__version__}) no "
                 f"longer reproduces models/{{{','.join(bad)}}}.onnx; regenerate them, then "
                 f"rerun models/make_reference.py")
    print(f"models/generate.py reproduces {', '.join(MODELS)} byte for byte")


# Plain numpy versions of the three networks, for the data check.
def conv2d(x, w, b):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    oh, ow = h - kh + 1, wd - kw + 1
    cols = np.empty((n, c, kh, kw, oh, ow), np.float64)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + oh, j:j + ow]
    return np.einsum("nckluv,ockl->nouv", cols, w) + b[None, :, None, None]


def maxpool2(x):
    n, c, h, w = x.shape
    return x[:, :, :h // 2 * 2, :w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def relu(x):
    return np.maximum(x, 0)


def linear(w, name, x):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def seed_cnn(w, x):
    x = maxpool2(relu(conv2d(x, w["conv1.weight"], w["conv1.bias"])))
    x = maxpool2(relu(conv2d(x, w["conv2.weight"], w["conv2.bias"])))
    x = x.reshape(x.shape[0], -1)
    return linear(w, "fc3", relu(linear(w, "fc2", relu(linear(w, "fc1", x)))))


def mlp(w, x):
    return linear(w, "fc2", relu(linear(w, "fc1", x)))


def attention(w, x):
    heads, head_dim = int(w["heads_shape"][2]), int(w["heads_shape"][3])

    def project(name, t):
        return t @ w[name + ".weight"] + w[name + ".bias"]

    def split(t):
        return t.reshape(w["heads_shape"]).transpose(0, 2, 1, 3)

    q, k, v = (split(project(n, x)) for n in ("q_proj", "k_proj", "v_proj"))
    scores = q @ k.transpose(0, 1, 3, 2) / w["scale"]
    probs = np.exp(scores - scores.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(w["merged_shape"])
    assert ctx.shape[-1] == heads * head_dim
    return project("out_proj", ctx) + x


NUMPY = {"seed_cnn": seed_cnn, "mlp": mlp, "attention": attention}


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def load_pb(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return tensor


def check_tensor(path, tensor, value_info, bound):
    errors = []
    array = numpy_helper.to_array(tensor)
    if tensor.name != value_info.name:
        errors.append(f"{path}: named '{tensor.name}', the graph says '{value_info.name}'")
    if tensor.data_type != onnx.TensorProto.FLOAT:
        errors.append(f"{path}: data type {tensor.data_type}, expected FLOAT")
    shape = dims(value_info)
    if len(shape) != array.ndim:
        errors.append(f"{path}: shape {list(array.shape)}, graph {shape}")
    else:
        for want, got in zip(shape, array.shape):
            if isinstance(want, str):
                want = bound.setdefault(want, got)
            if want != got:
                errors.append(f"{path}: shape {list(array.shape)}, graph {shape} ({bound})")
                break
    if not np.all(np.isfinite(array)):
        errors.append(f"{path}: non-finite values")
    return array, errors


def data():
    errors, sets = [], 0
    for name in MODELS:
        model = onnx.load(os.path.join(ROOT, "models", name + ".onnx"))
        weights = {t.name: numpy_helper.to_array(t).astype(np.float64)
                   for t in model.graph.initializer}
        weights.update({t.name: numpy_helper.to_array(t) for t in model.graph.initializer
                        if t.data_type == onnx.TensorProto.INT64})
        inits = {t.name for t in model.graph.initializer}
        inputs = [i for i in model.graph.input if i.name not in inits]
        folder = os.path.join(ROOT, "test", "models", name)
        found = sorted(d for d in os.listdir(folder) if d.startswith("test_data_set_"))
        if not found:
            errors.append(f"{folder}: no test_data_set_*")
        for set_dir in found:
            sets += 1
            d = os.path.join(folder, set_dir)
            bound = {}
            x_pb = load_pb(os.path.join(d, "input_0.pb"))
            y_pb = load_pb(os.path.join(d, "output_0.pb"))
            x, e1 = check_tensor(os.path.join(d, "input_0.pb"), x_pb, inputs[0], bound)
            y, e2 = check_tensor(os.path.join(d, "output_0.pb"), y_pb, model.graph.output[0],
                                 bound)
            errors += e1 + e2
            for stem, array in (("input_0", x), ("output_0", y)):
                raw = os.path.join(d, stem + ".bin")
                if os.path.exists(raw):
                    with open(raw, "rb") as f:
                        if f.read() != array.astype("<f4").tobytes():
                            errors.append(f"{raw}: not the bytes of {stem}.pb")
            if e1 or e2:
                continue
            expected = NUMPY[name](weights, x.astype(np.float64))
            diff = float(np.max(np.abs(expected - y)))
            if diff > TOLERANCE:
                errors.append(f"{d}: output_0.pb differs from the network by {diff:.2e}; "
                              f"rerun models/make_reference.py")
    if not os.path.exists(os.path.join(ROOT, "test", "models", "seed_cnn", "test_data_set_0",
                                       "input_0.bin")):
        errors.append("test/models/seed_cnn/test_data_set_0/input_0.bin missing")
    if errors:
        sys.exit("\n".join(errors))
    print(f"{sets} data sets match models/*.onnx")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "reproducible":
        if len(sys.argv) > 2:
            os.makedirs(sys.argv[2], exist_ok=True)
            reproducible(sys.argv[2])
        else:
            with tempfile.TemporaryDirectory() as tmp:
                reproducible(tmp)
    elif mode == "data":
        data()
    else:
        sys.exit(__doc__)
