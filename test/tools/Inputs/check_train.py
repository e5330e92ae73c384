"""Checks what dlc-train wrote (numpy and onnx only).

check_train.py losses LOG MIN_ACCURACY
    the last epoch's train loss is below the first's, and the final accuracy >= MIN_ACCURACY
check_train.py gradient LOSS INITIAL.onnx SAVED.onnx IMAGES.idx LABELS.idx[.gz] BATCH [STEPS]
    SAVED = INITIAL - gradient of the mean LOSS (cross_entropy, nll or mse) of the first
    BATCH samples (then of the next batch, the last one partial, for STEPS steps: SGD with
    lr 1, file order), for the make_train_inputs.py mlp / mlp_nll models
check_train.py same A.onnx B.onnx [REGEX]
    the initializers (those matching REGEX) are bit-identical
check_train.py changed A.onnx B.onnx REGEX
    every initializer matching REGEX differs
check_train.py shape MODEL.onnx NAME DIMS   (DIMS like 4x16)
"""
import gzip
import re
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def fail(message):
    print("check_train.py: " + message)
    sys.exit(1)


def initializers(path):
    model = onnx.load(path)
    return {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    _, _, code, rank = struct.unpack(">BBBB", data[:4])
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    dtype = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}[code]
    return np.frombuffer(data[4 + 4 * rank:], dtype=dtype).reshape(dims)


def losses(log, min_accuracy):
    text = open(log).read()
    train = [float(x) for x in re.findall(r"^epoch \d+/\d+: train loss ([0-9.]+)", text, re.M)]
    if len(train) < 2:
        fail("fewer than two epoch lines in " + log)
    if not train[-1] < train[0]:
        fail(f"the train loss did not go down: {train}")
    last = text.strip().splitlines()[-1]
    match = re.fullmatch(r"(test|train) accuracy: (\d\.\d{4})", last)
    if not match:
        fail("the last line is not 'test accuracy: 0.xxxx': " + last)
    if float(match.group(2)) < float(min_accuracy):
        fail(f"accuracy {match.group(2)} < {min_accuracy}")
    print(f"ok: train loss {train[0]:.4f} -> {train[-1]:.4f}, {last}")


def gradient(loss, initial, saved, images, labels, batch, steps="1"):
    batch, steps = int(batch), int(steps)
    w0 = initializers(initial)
    w1 = initializers(saved)
    all_x = read_idx(images).reshape(-1, 16).astype(np.float32) / np.float32(255)
    all_y = read_idx(labels).astype(np.int64)
    weights = {k: w0[k].astype(np.float64) for k in
               ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]}
    for step in range(steps):
        x = all_x[step * batch:(step + 1) * batch].astype(np.float64)
        y = all_y[step * batch:(step + 1) * batch]
        grads = gradients(loss, weights, x, y)
        for name, grad in grads.items():
            if not np.any(grad != 0):
                fail(f"{name}: the gradient is zero, the check proves nothing")
            weights[name] = weights[name] - grad
    worst = 0.0
    for name, expected in weights.items():
        diff = np.abs(w1[name].astype(np.float64) - expected)
        bound = 1e-5 + 1e-4 * np.abs(expected)
        if (diff > bound).any():
            i = np.unravel_index(np.argmax(diff - bound), diff.shape)
            fail(f"{name}{list(i)}: saved {w1[name][i]}, expected {expected[i]} "
                 f"(initial {w0[name][i]})")
        worst = max(worst, float(diff.max()))
    print(f"ok: saved = initial - gradient of the mean {loss} loss, {steps} step(s) "
          f"(max diff {worst:.2e})")


def running_stats(initial, saved, images, batch):
    """One training step on the first batch updated the running statistics as PyTorch does."""
    w0, w1 = initializers(initial), initializers(saved)
    x = read_idx(images).reshape(-1, 16)[:int(batch)].astype(np.float64) / 255
    expected = {"bn.running_mean": 0.9 * w0["bn.running_mean"] + 0.1 * x.mean(axis=0),
                "bn.running_var": 0.9 * w0["bn.running_var"] + 0.1 * x.var(axis=0, ddof=1)}
    for name, want in expected.items():
        diff = np.abs(w1[name].astype(np.float64) - want)
        if (diff > 1e-5 + 1e-5 * np.abs(want)).any():
            fail(f"{name}: saved {w1[name]}, expected {want}")
    print("ok: running mean and unbiased variance updated with momentum 0.1 (PyTorch's)")


def gradients(loss, w, x, y):
    """The gradients of the mean loss of batch (x, y) for the mlp models."""
    count = x.shape[0]
    h = x @ w["fc1.weight"].T + w["fc1.bias"]
    r = np.maximum(h, 0)
    z = r @ w["fc2.weight"].T + w["fc2.bias"]
    onehot = np.eye(z.shape[1])[y]
    if loss == "cross_entropy":
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        dz = (p - onehot) / count
    elif loss == "nll":
        # The model ends in LogSoftmax: z above is its input.
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        dlogp = -onehot / count
        dz = dlogp - p * dlogp.sum(axis=1, keepdims=True)
    elif loss == "mse":
        # torch.nn.MSELoss: the mean over every element.
        dz = 2 * (z - onehot) / z.size
    else:
        fail("unknown loss " + loss)
    grads = {"fc2.weight": dz.T @ r, "fc2.bias": dz.sum(axis=0)}
    dh = (dz @ w["fc2.weight"]) * (h > 0)
    grads["fc1.weight"] = dh.T @ x
    grads["fc1.bias"] = dh.sum(axis=0)
    return grads


def same(a, b, pattern=None):
    wa, wb = initializers(a), initializers(b)
    names = [n for n in wa if pattern is None or re.search(pattern, n)]
    if not names:
        fail("no initializer matches")
    for name in names:
        if name not in wb:
            fail(f"{name} is missing from {b}")
        if wa[name].dtype != wb[name].dtype or wa[name].shape != wb[name].shape or \
                wa[name].tobytes() != wb[name].tobytes():
            fail(f"{name} differs between {a} and {b}")
    print(f"ok: {len(names)} initializers are bit-identical")


def changed(a, b, pattern):
    wa, wb = initializers(a), initializers(b)
    names = [n for n in wa if re.search(pattern, n)]
    if not names:
        fail("no initializer matches")
    for name in names:
        if wa[name].shape == wb[name].shape and wa[name].tobytes() == wb[name].tobytes():
            fail(f"{name} did not change")
    print(f"ok: {len(names)} initializers changed")


def shape(path, name, dims):
    weights = initializers(path)
    want = tuple(int(d) for d in dims.split("x"))
    if weights[name].shape != want:
        fail(f"{name} is {weights[name].shape}, expected {want}")
    print(f"ok: {name} is {dims}")


if __name__ == "__main__":
    {"losses": losses, "gradient": gradient, "same": same, "changed": changed,
     "shape": shape, "running_stats": running_stats}[sys.argv[1]](*sys.argv[2:])
