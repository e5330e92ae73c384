#!/usr/bin/python3
"""ONNX conformance runner for dlc over Debian's libonnx-testdata.

For every selected test directory (model.onnx + test_data_set_*/{input,output}_N.pb) and each
of its data sets it runs

    DLC_RUN model.onnx -i input_0.pb -i input_1.pb ... --output-dir TMP

(inputs in file-index order = graph-input order, initializers excluded, empty tensors passed as
they are) and compares every output_N.pb that dlc-run wrote with the expected one: dtype,
shape, NaN positions, then values with np.isclose(got, expected, rtol=1e-3, atol=1e-5)
semantics for floating-point and complex tensors and exact equality for everything else.

Tests come from a list file (--list, default required.txt next to this script) or, with
--tests REGEX and no --list, from every test folder under the data root whose path relative to
it ('node/test_relu') matches REGEX (re.search). --tests together with --list filters the list;
the listed tests it leaves out are "not attempted".

Output: one line per failed test (`FAIL <test>: <reason>`), then exactly
    N passed, M failed
    K not attempted
Exit status 0 only if nothing failed and, for a --list run, nothing was left unattempted.
Needs only Debian's python3 with python3-onnx and python3-numpy.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

import onnx
from onnx import MapProto, OptionalProto, SequenceProto, TensorProto, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA_ROOT = "/usr/share/libonnx-testdata/data"
DEFAULT_LIST = os.path.join(HERE, "required.txt")
RTOL = 1e-3
ATOL = 1e-5

_FILE_RX = re.compile(r"^(input|output)_(\d+)\.pb$")
INTERRUPTED = "interrupted"


# ----------------------------------------------------------------------------------------------
# Comparison (importable: selftest.py calls these directly)
# ----------------------------------------------------------------------------------------------

def _dtype_name(code):
    try:
        return TensorProto.DataType.Name(code)
    except ValueError:
        return "dtype#%d" % code


def _fmt_index(shape, flat):
    return str(tuple(int(i) for i in np.unravel_index(flat, shape))) if shape else "()"


def _fmt_value(v):
    if isinstance(v, (bytes, np.bytes_)):
        return repr(bytes(v))
    if isinstance(v, (float, np.floating)):
        return "%.9g" % v
    return str(v)


def compare_arrays(got, exp, rtol=RTOL, atol=ATOL):
    """Compares two numpy arrays of the same shape; returns None or a one-line reason."""
    if got.shape != exp.shape:
        return "shape %s, expected %s" % (list(got.shape), list(exp.shape))
    if exp.size == 0:
        return None
    g = got.reshape(-1)
    e = exp.reshape(-1)
    if exp.dtype.kind in "fc":
        g = g.astype(np.complex128 if exp.dtype.kind == "c" else np.float64)
        e = e.astype(np.complex128 if exp.dtype.kind == "c" else np.float64)
        gnan = np.isnan(g)
        enan = np.isnan(e)
        if (gnan != enan).any():
            i = int(np.argmax(gnan != enan))
            return ("NaN positions differ (%d place(s)); first at index %s: got %s, expected %s"
                    % (int((gnan != enan).sum()), _fmt_index(exp.shape, i),
                       _fmt_value(g[i]), _fmt_value(e[i])))
        with np.errstate(invalid="ignore", over="ignore"):
            ok = np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
            # inf == inf is a match; anything else involving inf is an infinite error.
            diff = np.where((g == e) | enan, 0.0, np.abs(g - e))
            diff = np.where(np.isnan(diff), np.inf, diff)
            mag = np.abs(e)
            rel = np.where((diff == 0) | np.isinf(diff), diff,
                           np.divide(diff, mag, out=np.full(diff.shape, np.inf),
                                     where=mag > 0))
    else:
        ok = g == e
        if not isinstance(ok, np.ndarray):  # numpy gave up on elementwise comparison
            ok = np.array([a == b for a, b in zip(g.tolist(), e.tolist())], dtype=bool)
        diff = rel = None
        if exp.dtype.kind in "iub":
            gi = g.astype(np.float64)
            ei = e.astype(np.float64)
            diff = np.abs(gi - ei)
            mag = np.abs(ei)
            rel = np.where(diff == 0, 0.0,
                           np.divide(diff, mag, out=np.full(diff.shape, np.inf), where=mag > 0))
    if ok.all():
        return None
    bad = np.flatnonzero(~ok)
    i = int(bad[0])
    msg = "%d of %d values differ" % (bad.size, e.size)
    if exp.dtype.kind in "fc":
        msg += " (rtol=%g, atol=%g)" % (rtol, atol)
    else:
        msg += " (exact)"
    if diff is not None:
        msg += ", max abs err %.4g, max rel err %.4g" % (float(diff.max()), float(rel.max()))
    msg += "; first bad index %s: got %s, expected %s" % (
        _fmt_index(exp.shape, i), _fmt_value(g[i]), _fmt_value(e[i]))
    return msg


def compare_tensors(got, exp, rtol=RTOL, atol=ATOL):
    """Compares two TensorProtos; returns None or a one-line reason."""
    # numpy has no bfloat16: ONNX 1.12 stores expected bf16 outputs as their
    # uint16 bits, which are compared as the bf16 values they encode.
    bf16_bits = got.data_type == TensorProto.BFLOAT16 and exp.data_type == TensorProto.UINT16
    if got.data_type != exp.data_type and not bf16_bits:
        return "dtype %s, expected %s" % (_dtype_name(got.data_type), _dtype_name(exp.data_type))
    if list(got.dims) != list(exp.dims):
        return "shape %s, expected %s" % (list(got.dims), list(exp.dims))
    try:
        e = numpy_helper.to_array(exp)
    except Exception as ex:  # noqa: BLE001 - report, never crash the runner
        return "cannot decode expected tensor: %s" % str(ex).splitlines()[0]
    try:
        g = numpy_helper.to_array(got)
    except Exception as ex:  # noqa: BLE001
        return "cannot decode tensor written by dlc-run: %s" % (str(ex).splitlines() or ["?"])[0]
    if bf16_bits:
        e = _bf16_to_float32(np.asarray(e, np.uint16))
        g = _bf16_to_float32(np.frombuffer(got.raw_data, np.uint16).reshape(e.shape)
                             if got.raw_data else np.asarray(got.int32_data, np.uint16))
    return compare_arrays(np.asarray(g), np.asarray(e), rtol, atol)


def _bf16_to_float32(bits):
    """bf16 values, given as their uint16 bits, as float32."""
    return (bits.astype(np.uint32) << 16).view(np.float32)


def compare_values(kind, got, exp, rtol=RTOL, atol=ATOL):
    """Compares two parsed protos of the same kind (tensor/sequence/optional/map)."""
    if kind == "tensor":
        return compare_tensors(got, exp, rtol, atol)
    if kind == "sequence":
        if got.elem_type != exp.elem_type:
            return "sequence elem_type %d, expected %d" % (got.elem_type, exp.elem_type)
        for field, sub in (("tensor_values", "tensor"), ("sequence_values", "sequence"),
                           ("map_values", "map"), ("optional_values", "optional")):
            ga, ea = getattr(got, field), getattr(exp, field)
            if len(ga) != len(ea):
                return "sequence length %d, expected %d" % (len(ga), len(ea))
            for i, (a, b) in enumerate(zip(ga, ea)):
                r = compare_values(sub, a, b, rtol, atol)
                if r:
                    return "element %d: %s" % (i, r)
        return None
    if kind == "optional":
        if got.elem_type != exp.elem_type:
            return "optional elem_type %d, expected %d" % (got.elem_type, exp.elem_type)
        for field, sub in (("tensor_value", "tensor"), ("sequence_value", "sequence"),
                           ("map_value", "map"), ("optional_value", "optional")):
            if got.HasField(field) != exp.HasField(field):
                return "optional %s present=%s, expected %s" % (
                    field, got.HasField(field), exp.HasField(field))
            if exp.HasField(field):
                return compare_values(sub, getattr(got, field), getattr(exp, field), rtol, atol)
        return None
    if kind == "map":
        if got.key_type != exp.key_type:
            return "map key_type %d, expected %d" % (got.key_type, exp.key_type)
        if list(got.keys) != list(exp.keys) or list(got.string_keys) != list(exp.string_keys):
            return "map keys differ"
        r = compare_values("sequence", got.values, exp.values, rtol, atol)
        return "map values: " + r if r else None
    return "cannot compare values of kind %r" % kind


_PROTO = {"tensor": TensorProto, "sequence": SequenceProto, "optional": OptionalProto,
          "map": MapProto}


def parse_value(path, kind):
    """Parses a .pb file as a proto of `kind`; raises on error."""
    proto = _PROTO[kind]()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    return proto


def compare_output_file(got_path, exp_path, kind="tensor", rtol=RTOL, atol=ATOL):
    """Returns None or a one-line reason (without the output's name)."""
    try:
        exp = parse_value(exp_path, kind)
    except Exception as ex:  # noqa: BLE001
        return "cannot parse expected %s: %s" % (os.path.basename(exp_path), ex)
    try:
        got = parse_value(got_path, kind)
    except Exception as ex:  # noqa: BLE001
        return "cannot parse the file dlc-run wrote as a %s: %s" % (_PROTO[kind].__name__, ex)
    return compare_values(kind, got, exp, rtol, atol)


# ----------------------------------------------------------------------------------------------
# Running tests
# ----------------------------------------------------------------------------------------------

class Result:
    __slots__ = ("name", "status", "detail", "seconds", "datasets")

    def __init__(self, name, status, detail="", seconds=0.0, datasets=0):
        self.name = name
        self.status = status      # pass | fail | missing | not-attempted
        self.detail = detail
        self.seconds = seconds
        self.datasets = datasets

    @property
    def failed(self):
        return self.status in ("fail", "missing")


def _indexed_files(directory, prefix):
    """{index: path} of prefix_N.pb files, so input_10 sorts after input_9."""
    out = {}
    for f in os.listdir(directory):
        m = _FILE_RX.match(f)
        if m and m.group(1) == prefix:
            out[int(m.group(2))] = os.path.join(directory, f)
    return out


def _datasets(test_dir):
    def key(d):
        m = re.search(r"(\d+)$", d)
        return (int(m.group(1)) if m else -1, d)
    return sorted((d for d in os.listdir(test_dir)
                   if d.startswith("test_data_set_") and os.path.isdir(os.path.join(test_dir, d))),
                  key=key)


def _output_kinds(model_path):
    """Kind of each graph output ('tensor', 'sequence', ...); [] if the model cannot be read."""
    try:
        m = onnx.load(model_path, load_external_data=False)
    except Exception:  # noqa: BLE001 - dlc-run will report the broken model itself
        return []
    kinds = []
    for o in m.graph.output:
        k = o.type.WhichOneof("value")
        kinds.append({"tensor_type": "tensor", "sequence_type": "sequence",
                      "optional_type": "optional", "map_type": "map"}.get(k, "tensor"))
    return kinds


def _reason_from_stderr(stderr, rc):
    lines = [l.strip() for l in stderr.decode("utf-8", "replace").splitlines() if l.strip()]
    # dlc-run may print notes first (e.g. about inputs bound as constants): prefer the error.
    line = next((l for l in lines if re.search(r"\berror\b", l, re.I)), lines[0] if lines else "")
    if rc < 0:
        try:
            sig = signal.Signals(-rc).name
        except ValueError:
            sig = "signal %d" % -rc
        what = "dlc-run killed by %s" % sig
    else:
        what = "dlc-run exit %d" % rc
    return "%s: %s" % (what, line) if line else what + " (no message on stderr)"


class Runner:
    def __init__(self, args):
        self.dlc_run = args.dlc_run
        self.dlc_run_args = args.dlc_run_arg
        self.data_root = args.data_root
        self.timeout = args.timeout
        self.verbose = args.verbose
        self.workdir = tempfile.mkdtemp(prefix="dlc-conformance-")
        self.keep = args.keep
        self.rtol = args.rtol
        self.atol = args.atol
        self._procs = set()
        self._lock = threading.Lock()
        self.interrupted = False

    def cleanup(self):
        if self.keep:
            print("outputs kept in %s" % self.workdir)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def kill_all(self):
        with self._lock:
            self.interrupted = True
            procs = list(self._procs)
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass

    def _exec(self, cmd, cwd):
        """Runs cmd in its own process group; returns (rc, stdout, stderr, timed_out)."""
        p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
        with self._lock:
            self._procs.add(p)
            if self.interrupted:  # kill_all() ran while this one was starting
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
        try:
            try:
                out, err = p.communicate(timeout=self.timeout)
                return p.returncode, out, err, False
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)  # dlc-run and whatever it started
                except OSError:
                    pass
                out, err = p.communicate()
                return p.returncode, out, err, True
        finally:
            with self._lock:
                self._procs.discard(p)

    def run_dataset(self, name, test_dir, ds, kinds, log):
        """Returns None (pass) or a one-line reason."""
        ds_dir = os.path.join(test_dir, ds)
        inputs = _indexed_files(ds_dir, "input")
        expected = _indexed_files(ds_dir, "output")
        if sorted(inputs) != list(range(len(inputs))):
            return "input files are not numbered 0..%d" % (len(inputs) - 1)
        if sorted(expected) != list(range(len(expected))):
            return "expected output files are not numbered 0..%d" % (len(expected) - 1)
        if not expected:
            return "no expected output_N.pb in %s" % ds
        outdir = tempfile.mkdtemp(prefix=re.sub(r"\W", "_", name) + "-" + ds + "-",
                                  dir=self.workdir)
        cmd = [self.dlc_run, os.path.join(test_dir, "model.onnx")] + self.dlc_run_args
        for i in range(len(inputs)):
            cmd += ["-i", inputs[i]]
        cmd += ["--output-dir", outdir]
        log.append("$ " + " ".join(cmd))
        t0 = time.monotonic()
        rc, out, err, timed_out = self._exec(cmd, outdir)
        log.append("  exit %s after %.2fs" % (rc, time.monotonic() - t0))
        for stream, text in (("stdout", out), ("stderr", err)):
            text = text.decode("utf-8", "replace").rstrip()
            if text:
                log.append("  %s:\n    %s" % (stream, text.replace("\n", "\n    ")))
        if self.interrupted:
            return INTERRUPTED
        if timed_out:
            return "timeout: dlc-run ran longer than %gs" % self.timeout
        if rc != 0:
            return _reason_from_stderr(err, rc)
        written = _indexed_files(outdir, "output")
        for i in range(len(expected)):
            oname = "output_%d" % i
            if i not in written:
                return "%s: output_%d.pb not written by dlc-run (it wrote %s)" % (
                    oname, i, ", ".join("output_%d.pb" % k for k in sorted(written)) or "none")
            kind = kinds[i] if i < len(kinds) else "tensor"
            r = compare_output_file(written[i], expected[i], kind, self.rtol, self.atol)
            if r:
                return "%s: %s" % (oname, r)
        extra = sorted(k for k in written if k not in expected)
        if extra:
            return "dlc-run wrote %d output(s), expected %d (extra: %s)" % (
                len(written), len(expected), ", ".join("output_%d.pb" % k for k in extra))
        return None

    def run_test(self, name):
        t0 = time.monotonic()
        test_dir = os.path.join(self.data_root, name)
        log = []
        if not os.path.isdir(test_dir):
            return Result(name, "missing", "missing: no directory %s" % test_dir), log
        model = os.path.join(test_dir, "model.onnx")
        if not os.path.isfile(model):
            return Result(name, "fail", "no model.onnx in %s" % test_dir), log
        datasets = _datasets(test_dir)
        if not datasets:
            return Result(name, "fail", "no test_data_set_* in %s" % test_dir), log
        kinds = _output_kinds(model)
        for ds in datasets:
            r = None if self.interrupted else self.run_dataset(name, test_dir, ds, kinds, log)
            if self.interrupted:
                return Result(name, "not-attempted", INTERRUPTED), log
            if r:
                if len(datasets) > 1:
                    r = "%s: %s" % (ds, r)
                return Result(name, "fail", r, time.monotonic() - t0, len(datasets)), log
        return Result(name, "pass", "", time.monotonic() - t0, len(datasets)), log


# ----------------------------------------------------------------------------------------------
# Selection, reporting, main
# ----------------------------------------------------------------------------------------------

def read_list(path):
    """Test paths from a list file: one per line, '#' starts a comment. Raises on error."""
    tests = []
    seen = set()
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            line = line.rstrip("/")
            if os.path.isabs(line) or ".." in line.split("/"):
                raise ValueError("%s:%d: test paths must be relative to the data root: %r"
                                 % (path, lineno, line))
            if line in seen:
                sys.stderr.write("warning: %s:%d: %s listed twice\n" % (path, lineno, line))
                continue
            seen.add(line)
            tests.append(line)
    return tests


def scan_data_root(root, rx):
    """(runnable, skipped): 'suite/test' dirs under root matching rx; skipped = (name, why)."""
    runnable, skipped = [], []
    for suite in sorted(os.listdir(root)):
        sdir = os.path.join(root, suite)
        if not os.path.isdir(sdir):
            continue
        for t in sorted(os.listdir(sdir)):
            name = suite + "/" + t
            tdir = os.path.join(sdir, t)
            if not os.path.isdir(tdir) or not rx.search(name):
                continue
            if not os.path.isfile(os.path.join(tdir, "model.onnx")):
                skipped.append((name, "no model.onnx"))
            elif not _datasets(tdir):
                skipped.append((name, "no test_data_set_*"))
            else:
                runnable.append(name)
    return runnable, skipped


def write_report(path, results):
    rows = sorted(results, key=lambda r: r.name)
    with open(path, "w") as f:
        if path.endswith(".md"):
            f.write("| test | status | data sets | seconds | detail |\n")
            f.write("| --- | --- | --- | --- | --- |\n")
            for r in rows:
                f.write("| %s | %s | %d | %.2f | %s |\n" % (
                    r.name, r.status, r.datasets, r.seconds, r.detail.replace("|", "\\|")))
        else:
            f.write("test\tstatus\tdatasets\tseconds\tdetail\n")
            for r in rows:
                f.write("%s\t%s\t%d\t%.2f\t%s\n" % (
                    r.name, r.status, r.datasets, r.seconds,
                    r.detail.replace("\t", " ").replace("\n", " ")))


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Run dlc-run over ONNX conformance tests (libonnx-testdata) and compare "
                    "its outputs with the expected ones.")
    ap.add_argument("--dlc-run", required=True, metavar="PATH", help="the dlc-run executable")
    ap.add_argument("--dlc-run-arg", action="append", default=[], metavar="ARG",
                    help="pass ARG to every dlc-run (repeatable), e.g. --dlc-run-arg=--target=cuda")
    ap.add_argument("--data-root", default=DEFAULT_DATA_ROOT,
                    help="libonnx-testdata root (default: %(default)s)")
    ap.add_argument("--list", metavar="FILE",
                    help="tests to run, one 'suite/test' per line (default: required.txt "
                         "next to this script, unless --tests is given)")
    ap.add_argument("--tests", metavar="REGEX",
                    help="without --list: run every test under the data root whose "
                         "'suite/test' path matches (re.search); with --list: only the listed "
                         "tests that match (the others are 'not attempted')")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="parallel dlc-run invocations (default: %(default)s)")
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="seconds per dlc-run invocation (default: %(default)s)")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print every result as it completes, with commands and dlc-run's output "
                         "for failures")
    ap.add_argument("--report", metavar="FILE",
                    help="write a per-test result table (tab-separated; markdown if FILE ends "
                         "in .md)")
    ap.add_argument("--keep", action="store_true", help="keep dlc-run's outputs (prints where)")
    ap.add_argument("--rtol", type=float, default=RTOL, help=argparse.SUPPRESS)
    ap.add_argument("--atol", type=float, default=ATOL, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error("-j must be at least 1")
    if args.timeout <= 0:
        ap.error("--timeout must be positive")
    return args


def main(argv=None):
    args = parse_args(argv)

    exe = args.dlc_run
    if os.sep not in exe:
        exe = shutil.which(exe) or exe
    exe = os.path.abspath(exe)
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        sys.stderr.write("run_conformance.py: error: --dlc-run %s is not an executable file\n"
                         % args.dlc_run)
        return 2
    args.dlc_run = exe
    args.data_root = os.path.abspath(args.data_root)
    if not os.path.isdir(args.data_root):
        sys.stderr.write("run_conformance.py: error: data root %s does not exist "
                         "(install libonnx-testdata)\n" % args.data_root)
        return 2

    rx = None
    if args.tests is not None:
        try:
            rx = re.compile(args.tests)
        except re.error as e:
            sys.stderr.write("run_conformance.py: error: bad --tests regex: %s\n" % e)
            return 2

    not_attempted = []          # (name, why)
    list_mode = args.list is not None or rx is None
    if list_mode:
        list_path = args.list or DEFAULT_LIST
        try:
            listed = read_list(list_path)
        except (OSError, ValueError) as e:
            sys.stderr.write("run_conformance.py: error: %s\n" % e)
            return 2
        if rx is not None:
            tests = [t for t in listed if rx.search(t)]
            not_attempted = [(t, "filtered out by --tests") for t in listed if not rx.search(t)]
        else:
            tests = listed
        if not listed:
            sys.stderr.write("run_conformance.py: error: %s lists no tests\n" % list_path)
            return 2
    else:
        tests, not_attempted = scan_data_root(args.data_root, rx)
        if not tests and not not_attempted:
            sys.stderr.write("run_conformance.py: error: no test under %s matches %r\n"
                             % (args.data_root, args.tests))
            return 2

    runner = Runner(args)
    results = {}

    def on_term(signum, frame):  # CTest's timeout, kill: stop like Ctrl-C, kill our dlc-runs
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)

    def handle(res, log):
        results[res.name] = res
        if args.verbose:
            tag = {"pass": "PASS", "missing": "FAIL"}.get(res.status, res.status.upper())
            line = "[%d/%d] %s %s (%.2fs)" % (len(results), len(tests), tag, res.name,
                                              res.seconds)
            if res.detail:
                line += ": " + res.detail
            print(line, flush=True)
            if res.failed and log:
                print("    " + "\n    ".join("\n".join(log).splitlines()), flush=True)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(runner.run_test, t) for t in tests]
            try:
                for fut in concurrent.futures.as_completed(futures):
                    res, log = fut.result()
                    if res.status != "not-attempted":
                        handle(res, log)
            except KeyboardInterrupt:
                sys.stderr.write("interrupted: stopping dlc-run processes\n")
                for f in futures:
                    f.cancel()
                runner.kill_all()
        # Tests finished between the interrupt and the shutdown still count.
        for f in futures:
            if f.done() and not f.cancelled():
                res, log = f.result()
                if res.name not in results and res.status != "not-attempted":
                    handle(res, log)
    finally:
        runner.cleanup()

    for t in tests:
        if t not in results:
            not_attempted.append((t, INTERRUPTED))
    all_results = list(results.values()) + [Result(n, "not-attempted", why)
                                            for n, why in not_attempted]
    if args.report:
        write_report(args.report, all_results)

    failed = sorted((r for r in results.values() if r.failed), key=lambda r: r.name)
    passed = sum(1 for r in results.values() if r.status == "pass")
    for r in failed:
        print("FAIL %s: %s" % (r.name, r.detail))
    if args.verbose:
        for n, why in sorted(not_attempted):
            print("NOT ATTEMPTED %s: %s" % (n, why))
    print("%d passed, %d failed" % (passed, len(failed)))
    print("%d not attempted" % len(not_attempted))
    sys.stdout.flush()
    if list_mode and not_attempted:
        sys.stderr.write("run_conformance.py: %d listed test(s) were not attempted; a list run "
                         "counts that as a failure\n" % len(not_attempted))
    if runner.interrupted:
        return 130
    return 1 if failed or (list_mode and not_attempted) else 0


if __name__ == "__main__":
    sys.exit(main())
