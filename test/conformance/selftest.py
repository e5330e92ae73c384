#!/usr/bin/python3
"""Self-test of run_conformance.py: a broken comparison must not go unnoticed.

It copies a few required tests (plus two synthetic ones) into a temporary data root and runs
the runner against a fake dlc-run written by this script: a stand-in that does not compile
anything but copies the expected outputs from a pristine copy of the test (or, in its broken
modes, alters them, fails, crashes, hangs ...). So the runner's comparison and bookkeeping are
tested independently of the compiler:

  * the fake in copy mode passes everything, also over the whole required list;
  * altering ONE expected value (float, int64 index, a second data set) makes exactly that test
    fail, and the failure line names the output and the first bad index;
  * every broken mode of the fake makes every test fail with the right reason;
  * missing tests count as failed, filtered-out listed tests as "not attempted";
  * required.txt is what make_required.py generates.

With --dlc-run PATH it also runs the real tool on node/test_relu: it must pass unaltered and
fail once an expected value is altered.

Exit status 0 if all checks pass, 1 otherwise, 77 (skip) if libonnx-testdata is missing.
"""

import argparse
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "run_conformance.py")
MAKE_REQUIRED = os.path.join(HERE, "make_required.py")
REQUIRED = os.path.join(HERE, "required.txt")
DEFAULT_DATA_ROOT = "/usr/share/libonnx-testdata/data"

SAMPLES = [
    "node/test_relu",                                      # one float output
    "node/test_maxpool_with_argmax_2d_precomputed_strides",  # float + int64 outputs
    "node/test_reshape_allowzero_reordered",               # empty tensors in and out
    "node/test_constant",                                  # no inputs at all
    "node/test_add_uint8",                                 # exact integer comparison
    "pytorch-converted/test_Conv1d",                       # initializers listed in graph.input
]
SYNTHETIC = [
    "synthetic/test_many_inputs",   # 11 inputs (input_10 after input_9), 2 data sets
    "synthetic/test_nan_inf",       # expected output holds NaN and +-inf
]

# The fake dlc-run. Copy mode needs no onnx/numpy so that it is cheap over the whole list.
FAKE_DLC_RUN = r'''
import os, shutil, signal, subprocess, sys, time

def fail(msg, code=1):
    sys.stderr.write("error: fake dlc-run: %s\n" % msg)
    sys.exit(code)

def index(f):
    return int(f[f.index("_") + 1:-3])

def main(argv):
    mode = os.environ.get("FAKE_DLC_MODE", "copy")
    golden = os.environ["FAKE_DLC_GOLDEN"]
    work = os.environ["FAKE_DLC_WORK"]
    model, inputs, outdir = None, [], None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-i", "--output-dir"):
            if i + 1 >= len(argv):
                fail("%s needs a value" % a, 2)
            if a == "-i":
                inputs.append(argv[i + 1])
            else:
                outdir = argv[i + 1]
            i += 2
        elif a.startswith("-"):
            fail("unknown option %s" % a, 2)
        elif model is None:
            model = a
            i += 1
        else:
            fail("two models given", 2)
    if model is None or outdir is None or not os.path.isdir(outdir):
        fail("usage: dlc-run MODEL [-i IN.pb ...] --output-dir DIR", 2)
    test_dir = os.path.dirname(os.path.abspath(model))
    rel = os.path.relpath(test_dir, os.path.abspath(work))
    if rel.startswith(".."):
        fail("model %s is not under FAKE_DLC_WORK" % model)
    if inputs:
        dirs = set(os.path.dirname(os.path.abspath(p)) for p in inputs)
        if len(dirs) != 1:
            fail("inputs from several directories")
        ds = os.path.basename(dirs.pop())
    else:
        sets = sorted(d for d in os.listdir(test_dir) if d.startswith("test_data_set_"))
        if len(sets) != 1:
            fail("no inputs and %d data sets: cannot tell which" % len(sets))
        ds = sets[0]
    ds_dir = os.path.join(test_dir, ds)
    n_in = len([f for f in os.listdir(ds_dir) if f.startswith("input_")])
    got = [os.path.basename(p) for p in inputs]
    if got != ["input_%d.pb" % k for k in range(n_in)]:
        fail("inputs not complete and in order: %s" % got)
    src = os.path.join(golden, rel, ds)
    outs = sorted((f for f in os.listdir(src) if f.startswith("output_")), key=index)

    if mode == "fail":
        sys.stderr.write("note: binding input as a constant\n")
        fail("node 'X' (Foo): unsupported on purpose")
    if mode == "crash":
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGSEGV)
    if mode == "hang":
        child = subprocess.Popen(["sleep", "300"])
        with open(os.environ["FAKE_DLC_PIDFILE"], "w") as f:
            f.write("%d\n" % child.pid)
        time.sleep(300)
    if mode == "missing":
        return 0
    if mode == "garbage":
        for f in outs:
            with open(os.path.join(outdir, f), "wb") as g:
                g.write(b"\xff\xff\xff\xff not a protobuf")
        return 0
    for f in outs:
        shutil.copyfile(os.path.join(src, f), os.path.join(outdir, f))
    if mode == "copy":
        return 0
    if mode == "extra":
        shutil.copyfile(os.path.join(src, outs[0]),
                        os.path.join(outdir, "output_%d.pb" % len(outs)))
        return 0

    import numpy as np
    from onnx import TensorProto, numpy_helper
    target = os.path.join(outdir, outs[-1])
    t = TensorProto()
    with open(target, "rb") as f:
        t.ParseFromString(f.read())
    a = numpy_helper.to_array(t).copy()
    flat = a.reshape(-1)
    if mode == "dtype":
        a = a.astype(np.float64 if a.dtype != np.float64 else np.float32)
    elif mode == "shape":
        a = a.reshape(a.shape + (1,))
    elif a.size == 0 and mode in ("perturb", "nan"):  # nothing to alter: change the shape
        a = a.reshape(a.shape + (1,))
    elif mode == "perturb":    # one value, the last: first bad index is not trivially 0
        if a.dtype.kind in "fc":
            v = flat[-1]
            flat[-1] = v + (0.01 * abs(v) + 1e-3) if np.isfinite(v) else 0.5
        elif a.dtype.kind == "b":
            flat[-1] = not flat[-1]
        elif a.dtype.kind in "iu":
            flat[-1] = flat[-1] + 1
        else:
            flat[-1] = flat[-1] + b"x"
    elif mode == "tiny":       # within tolerance: must still pass
        if a.dtype.kind == "f":
            flat[...] = flat * (1 + 1e-4)
    elif mode == "nan":
        if a.dtype.kind in "fc":
            flat[-1] = np.nan if not np.isnan(flat[-1]) else 0.0
        else:
            flat[-1] = flat[-1] + 1
    else:
        fail("unknown FAKE_DLC_MODE %s" % mode, 2)
    with open(target, "wb") as f:
        f.write(numpy_helper.from_array(a, t.name).SerializeToString())
    return 0

sys.exit(main(sys.argv[1:]))
'''


class Checker:
    def __init__(self):
        self.failures = []
        self.count = 0

    def check(self, cond, what, detail=""):
        self.count += 1
        if cond:
            print("ok   %s" % what)
        else:
            self.failures.append(what)
            print("FAIL %s" % what)
            if detail:
                print("     " + detail.rstrip().replace("\n", "\n     "))


def _summary(out):
    m = re.search(r"^(\d+) passed, (\d+) failed$", out, re.M)
    k = re.search(r"^(\d+) not attempted$", out, re.M)
    if not m or not k:
        return None
    return int(m.group(1)), int(m.group(2)), int(k.group(1))


def _fail_lines(out):
    return dict(re.findall(r"^FAIL (\S+): (.*)$", out, re.M))


# ----------------------------------------------------------------------------------------------

def unit_checks(c):
    sys.path.insert(0, HERE)
    import numpy as np
    from onnx import numpy_helper
    import run_conformance as rc

    f32 = np.float32
    ca = rc.compare_arrays
    c.check(ca(np.array([1.0], f32), np.array([1.0], f32)) is None, "compare: equal floats")
    c.check(ca(np.array([1.0009], f32), np.array([1.0], f32)) is None,
            "compare: rel error 9e-4 within rtol 1e-3")
    c.check(ca(np.array([1.002], f32), np.array([1.0], f32)) is not None,
            "compare: rel error 2e-3 beyond rtol 1e-3")
    c.check(ca(np.array([9e-6], f32), np.array([0.0], f32)) is None,
            "compare: abs error 9e-6 within atol 1e-5 near zero")
    c.check(ca(np.array([3e-5], f32), np.array([0.0], f32)) is not None,
            "compare: abs error 3e-5 beyond atol 1e-5 near zero")
    c.check(ca(np.array([1.0, 1.0], f32), np.array([1.0, 1.2], f32)) is not None,
            "compare: asymmetric tolerance uses |expected| (np.isclose(got, expected))")
    c.check(ca(np.array([np.nan, 1], f32), np.array([np.nan, 1], f32)) is None,
            "compare: NaN at the same place passes")
    r = ca(np.array([np.nan, 1], f32), np.array([0.0, 1], f32))
    c.check(r is not None and "NaN" in r, "compare: NaN where a number is expected fails", r or "")
    r = ca(np.array([0.0, 1], f32), np.array([np.nan, 1], f32))
    c.check(r is not None and "NaN" in r, "compare: a number where NaN is expected fails", r or "")
    c.check(ca(np.array([np.inf, -np.inf], f32), np.array([np.inf, -np.inf], f32)) is None,
            "compare: matching infinities pass")
    c.check(ca(np.array([-np.inf], f32), np.array([np.inf], f32)) is not None,
            "compare: -inf vs +inf fails")
    c.check(ca(np.array([1e30], f32), np.array([np.inf], f32)) is not None,
            "compare: finite vs inf fails")
    c.check(ca(np.array([3], np.int64), np.array([3], np.int64)) is None, "compare: equal ints")
    r = ca(np.array([[1, 2], [3, 5]], np.int64), np.array([[1, 2], [3, 4]], np.int64))
    c.check(r is not None and "(1, 1)" in r and "exact" in r,
            "compare: int off by one fails, index reported", r or "")
    c.check(ca(np.array([2**40 + 1], np.int64), np.array([2**40], np.int64)) is not None,
            "compare: ints compared exactly, not with rtol")
    c.check(ca(np.array([True]), np.array([False])) is not None, "compare: bools exact")
    c.check(ca(np.zeros((0, 3), f32), np.zeros((0, 3), f32)) is None, "compare: empty tensors")
    c.check(ca(np.zeros((3, 0), f32), np.zeros((0, 3), f32)) is not None,
            "compare: empty tensors of different shape")
    c.check(ca(np.array(1.0, f32), np.array(1.0, f32)) is None, "compare: scalars")
    c.check(ca(np.array([b"a"], object), np.array([b"b"], object)) is not None,
            "compare: strings exact")
    r = ca(np.array([1.0, 2.0, 3.5], f32), np.array([1.0, 2.0, 3.0], f32))
    c.check(r is not None and "(2,)" in r and "max abs err 0.5" in r,
            "compare: message has first bad index and max abs error", r or "")

    ct = rc.compare_tensors
    a = numpy_helper.from_array(np.ones((2, 3), f32))
    c.check(ct(a, a) is None, "tensors: identical")
    r = ct(numpy_helper.from_array(np.ones((2, 3), np.float64)), a)
    c.check(r is not None and "dtype" in r, "tensors: DOUBLE vs FLOAT fails on dtype", r or "")
    r = ct(numpy_helper.from_array(np.ones((3, 2), f32)), a)
    c.check(r is not None and "shape" in r, "tensors: shape [3,2] vs [2,3] fails", r or "")
    r = ct(numpy_helper.from_array(np.ones((1, 2, 3), f32)), a)
    c.check(r is not None and "shape" in r, "tensors: no silent broadcast of [1,2,3]", r or "")
    raw = numpy_helper.from_array(np.arange(6, dtype=f32).reshape(2, 3))
    typed = numpy_helper.from_array(np.arange(6, dtype=f32).reshape(2, 3))
    typed.ClearField("raw_data")
    typed.float_data.extend(np.arange(6, dtype=f32).tolist())
    c.check(ct(raw, typed) is None, "tensors: raw_data vs float_data encodings compare equal")


# ----------------------------------------------------------------------------------------------

def make_synthetic(root):
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper
    import onnx

    def save(path, arr):
        with open(path, "wb") as f:
            f.write(numpy_helper.from_array(arr).SerializeToString())

    # 11 inputs: input_10.pb must come after input_9.pb, not after input_1.pb.
    d = os.path.join(root, SYNTHETIC[0])
    os.makedirs(d)
    names = ["x%d" % i for i in range(11)]
    g = helper.make_graph(
        [helper.make_node("Sum", names, ["y"])], "many_inputs",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [2]) for n in names],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]),
              os.path.join(d, "model.onnx"))
    for s in range(2):
        ds = os.path.join(d, "test_data_set_%d" % s)
        os.makedirs(ds)
        xs = [np.array([i + s, -i], np.float32) for i in range(11)]
        for i, x in enumerate(xs):
            save(os.path.join(ds, "input_%d.pb" % i), x)
        save(os.path.join(ds, "output_0.pb"), np.sum(xs, axis=0).astype(np.float32))

    d = os.path.join(root, SYNTHETIC[1])
    os.makedirs(os.path.join(d, "test_data_set_0"))
    g = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])], "nan_inf",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]),
              os.path.join(d, "model.onnx"))
    v = np.array([np.nan, np.inf, -np.inf, 1.5], np.float32)
    save(os.path.join(d, "test_data_set_0", "input_0.pb"), v)
    save(os.path.join(d, "test_data_set_0", "output_0.pb"), v)


def alter_expected(path):
    """Changes one value of the tensor in `path` (the last one, beyond any tolerance)."""
    from onnx import TensorProto, numpy_helper
    t = TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    a = numpy_helper.to_array(t).copy()
    flat = a.reshape(-1)
    if a.dtype.kind == "f":
        flat[-1] = flat[-1] + (0.01 * abs(flat[-1]) + 1e-3)  # never cancels out
    else:
        flat[-1] = flat[-1] + 1
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(a, t.name).SerializeToString())


class Env:
    def __init__(self, tmp, data_root):
        self.tmp = tmp
        self.golden = os.path.join(tmp, "golden")
        self.work = os.path.join(tmp, "work")
        self.fake = os.path.join(tmp, "fake-dlc-run")
        self.pidfile = os.path.join(tmp, "hang.pid")
        for t in SAMPLES:
            shutil.copytree(os.path.join(data_root, t), os.path.join(self.golden, t))
        make_synthetic(self.golden)
        shutil.copytree(self.golden, self.work)
        with open(self.fake, "w") as f:
            f.write("#!%s\n%s" % (sys.executable, FAKE_DLC_RUN))
        os.chmod(self.fake, os.stat(self.fake).st_mode | stat.S_IXUSR | stat.S_IXGRP)
        self.all_tests = SAMPLES + SYNTHETIC
        self.list_all = self.write_list("all.txt", self.all_tests)

    def write_list(self, name, tests):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write("# selftest list\n" + "\n".join(tests) + "\n")
        return path

    def restore(self, test):
        shutil.rmtree(os.path.join(self.work, test))
        shutil.copytree(os.path.join(self.golden, test), os.path.join(self.work, test))

    def run(self, *args, mode="copy", dlc_run=None, data_root=None, golden=None, timeout=600):
        env = dict(os.environ, FAKE_DLC_MODE=mode, FAKE_DLC_GOLDEN=golden or self.golden,
                   FAKE_DLC_WORK=data_root or self.work, FAKE_DLC_PIDFILE=self.pidfile)
        cmd = [sys.executable, RUNNER, "--dlc-run", dlc_run or self.fake,
               "--data-root", data_root or self.work] + list(args)
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace")


def runner_checks(c, e):
    n = len(e.all_tests)

    rc, out = e.run("--list", e.list_all, "-j", "2")
    c.check(rc == 0 and _summary(out) == (n, 0, 0),
            "fake copy: all %d pass, exit 0" % n, out)
    c.check(out.rstrip().splitlines()[-2:] == ["%d passed, 0 failed" % n, "0 not attempted"],
            "summary is exactly the last two lines", out)

    rc, out = e.run("--list", e.list_all, mode="tiny")
    c.check(rc == 0 and _summary(out) == (n, 0, 0), "fake within tolerance (x(1+1e-4)): all pass",
            out)

    # The brief's core check: alter one expected value, that test (and only it) fails.
    alter_expected(os.path.join(e.work, "node/test_relu/test_data_set_0/output_0.pb"))
    rc, out = e.run("--list", e.list_all)
    fails = _fail_lines(out)
    c.check(rc == 1 and _summary(out) == (n - 1, 1, 0) and list(fails) == ["node/test_relu"]
            and "output_0" in fails["node/test_relu"]
            and "first bad index (2, 3, 4)" in fails["node/test_relu"],
            "altered float value in node/test_relu: only it fails, index (2, 3, 4) named", out)
    e.restore("node/test_relu")

    t = "node/test_maxpool_with_argmax_2d_precomputed_strides"
    alter_expected(os.path.join(e.work, t, "test_data_set_0/output_1.pb"))
    rc, out = e.run("--list", e.list_all)
    fails = _fail_lines(out)
    c.check(rc == 1 and list(fails) == [t] and "output_1" in fails[t] and "exact" in fails[t],
            "altered int64 index in MaxPool's 2nd output: fails on output_1", out)
    e.restore(t)

    t = SYNTHETIC[0]
    alter_expected(os.path.join(e.work, t, "test_data_set_1/output_0.pb"))
    rc, out = e.run("--list", e.list_all)
    fails = _fail_lines(out)
    c.check(rc == 1 and list(fails) == [t] and fails[t].startswith("test_data_set_1: output_0"),
            "altered value in the 2nd data set: fails naming test_data_set_1", out)
    e.restore(t)

    # Broken fakes: every test must fail, with the right reason.
    expect = {
        "perturb": r"output_\d: (\d+ of \d+ values differ|shape)",
        "nan": r"output_\d: (NaN positions differ|1 of \d+ values differ|shape)",
        "fail": r"dlc-run exit 1: error: fake dlc-run: node 'X' \(Foo\): unsupported",
        "crash": r"dlc-run killed by SIGSEGV",
        "missing": r"output_0: output_0\.pb not written by dlc-run",
        "extra": r"dlc-run wrote \d+ output\(s\), expected \d+ \(extra: output_\d\.pb\)",
        "dtype": r"output_\d: dtype DOUBLE, expected FLOAT|output_\d: dtype \w+, expected \w+",
        "shape": r"output_\d: shape \[.*\], expected \[.*\]",
        "garbage": r"output_0: cannot parse|output_0: cannot decode|output_0: dtype",
    }
    for mode, rx in expect.items():
        rc, out = e.run("--list", e.list_all, "-j", "2", mode=mode)
        fails = _fail_lines(out)
        bad = [t for t in e.all_tests if not re.search(rx, fails.get(t, ""))]
        c.check(rc == 1 and _summary(out) == (0, n, 0) and not bad,
                "broken fake '%s': all %d fail with the right reason" % (mode, n),
                out + ("\nwrong or no reason for: %s" % bad if bad else ""))

    # Timeout: dlc-run and what it started are killed.
    hang_list = e.write_list("hang.txt", ["node/test_relu"])
    t0 = time.monotonic()
    rc, out = e.run("--list", hang_list, "--timeout", "2", mode="hang", timeout=120)
    took = time.monotonic() - t0
    c.check(rc == 1 and "timeout" in _fail_lines(out).get("node/test_relu", "") and took < 60,
            "hanging dlc-run: timeout after --timeout 2 (took %.1fs)" % took, out)
    child_gone = True
    try:
        with open(e.pidfile) as f:
            pid = int(f.read())
        time.sleep(0.2)
        try:
            with open("/proc/%d/stat" % pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            if state not in ("Z", "X"):  # a zombie waiting to be reaped is dead
                child_gone = False
                os.kill(pid, signal.SIGKILL)  # our own fake's `sleep`: do not leave it behind
        except (OSError, IndexError):
            pass
    except (OSError, ValueError):
        pass
    c.check(child_gone, "hanging dlc-run: its child process was killed too")

    # Bookkeeping.
    lst = e.write_list("missing.txt", ["node/test_relu", "node/test_does_not_exist"])
    rc, out = e.run("--list", lst)
    c.check(rc == 1 and _summary(out) == (1, 1, 0)
            and "missing" in _fail_lines(out).get("node/test_does_not_exist", ""),
            "listed but missing test counts as failed ('missing')", out)

    rc, out = e.run("--list", e.list_all, "--tests", "^node/test_relu$")
    c.check(rc == 1 and _summary(out) == (1, 0, n - 1),
            "--list + --tests filter: others 'not attempted', list run fails", out)

    rc, out = e.run("--tests", "^node/test_re")
    c.check(rc == 0 and _summary(out) == (2, 0, 0),
            "--tests alone scans the data root: 2 matches, exit 0", out)

    os.makedirs(os.path.join(e.work, "real", "test_url_only"))
    rc, out = e.run("--tests", "^(real|node/test_relu$)")
    c.check(rc == 0 and _summary(out) == (1, 0, 1),
            "--tests scan: a folder without model.onnx is 'not attempted', not failed", out)
    shutil.rmtree(os.path.join(e.work, "real"))

    rc, out = e.run("--tests", "^no_such_suite/")
    c.check(rc == 2 and "no test" in out, "--tests matching nothing is an error", out)

    report = os.path.join(e.tmp, "report.tsv")
    alter_expected(os.path.join(e.work, "node/test_relu/test_data_set_0/output_0.pb"))
    rc, out = e.run("--list", e.list_all, "--tests", "node/", "--report", report)
    e.restore("node/test_relu")
    try:
        with open(report) as f:
            rows = [l.rstrip("\n").split("\t") for l in f]
    except OSError:
        rows = []
    status = {r[0]: r[1] for r in rows[1:]} if rows else {}
    c.check(rows and rows[0][:2] == ["test", "status"] and len(rows) == n + 1
            and status.get("node/test_relu") == "fail" and status.get("node/test_add_uint8") == "pass"
            and status.get(SYNTHETIC[0]) == "not-attempted",
            "--report writes one row per test with its status", "\n".join(map(str, rows)))

    rc, out = e.run("--list", e.list_all, "-v", "-j", "1")
    c.check(rc == 0 and out.count("] PASS ") == n, "--verbose prints one line per test", out)

    rc, out = e.run("--list", e.list_all, dlc_run=os.path.join(e.tmp, "no-such-dlc-run"))
    c.check(rc == 2 and "not an executable" in out, "a missing --dlc-run is an error", out)


def required_checks(c, data_root, tmp):
    rc = subprocess.run([sys.executable, MAKE_REQUIRED, "--check", "--data-root", data_root],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    c.check(rc.returncode == 0, "required.txt is what make_required.py generates",
            rc.stdout.decode())

    import run_conformance as rcmod
    tests = rcmod.read_list(REQUIRED)
    n = len(tests)
    c.check(sum(t.startswith("node/") for t in tests) == 112, "required.txt has 112 node tests")
    env = Env.__new__(Env)
    env.tmp, env.fake, env.pidfile = tmp, os.path.join(tmp, "fake-dlc-run"), os.path.join(tmp, "p")
    rc, out = env.run("-j", str(os.cpu_count() or 2), data_root=data_root, golden=data_root)
    c.check(rc == 0 and _summary(out) == (n, 0, 0),
            "whole required list with the fake (copy): all %d pass" % n, out)
    rc, out = env.run("-j", str(os.cpu_count() or 2), mode="fail", data_root=data_root,
                      golden=data_root)
    c.check(rc == 1 and _summary(out) == (0, n, 0),
            "whole required list with the fake (fail): all %d fail" % n, out[-2000:])


def real_checks(c, e, dlc_run):
    lst = e.write_list("relu.txt", ["node/test_relu"])
    rc, out = e.run("--list", lst, "-v", dlc_run=dlc_run)
    c.check(rc == 0 and _summary(out) == (1, 0, 0), "real dlc-run: node/test_relu passes", out)
    alter_expected(os.path.join(e.work, "node/test_relu/test_data_set_0/output_0.pb"))
    rc, out = e.run("--list", lst, dlc_run=dlc_run)
    e.restore("node/test_relu")
    c.check(rc == 1 and _summary(out) == (0, 1, 0)
            and "output_0" in _fail_lines(out).get("node/test_relu", ""),
            "real dlc-run: node/test_relu fails once an expected value is altered", out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-root", default=DEFAULT_DATA_ROOT)
    ap.add_argument("--dlc-run", metavar="PATH",
                    help="also check the real dlc-run on node/test_relu (pass, then fail altered)")
    ap.add_argument("--real-only", action="store_true",
                    help="with --dlc-run: skip the checks that use the fake dlc-run")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    if not all(os.path.isdir(os.path.join(args.data_root, t)) for t in SAMPLES):
        print("SKIP: libonnx-testdata not found under %s" % args.data_root)
        return 77

    c = Checker()
    tmp = tempfile.mkdtemp(prefix="dlc-conformance-selftest-")
    try:
        if args.real_only and not args.dlc_run:
            ap.error("--real-only needs --dlc-run")
        e = Env(tmp, args.data_root)
        if not args.real_only:
            unit_checks(c)
            runner_checks(c, e)
            required_checks(c, args.data_root, tmp)
        if args.dlc_run:
            real_checks(c, e, os.path.abspath(args.dlc_run))
    finally:
        if args.keep:
            print("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("%d checks, %d failed" % (c.count, len(c.failures)))
    for f in c.failures:
        print("  failed: %s" % f)
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
