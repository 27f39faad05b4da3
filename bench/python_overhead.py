#!/usr/bin/python3
"""The cost of the Python path against the C++ path: 1e6 accounts x 16 measures.

Times, best of --repeat runs each, on the same data (float64, column-major as pandas holds it,
5 % missing, mixed linear / piecewise / logistic normalisers in four groups):

  cpp        vitals::score_batch called directly from C++ (tests/python/vitals_reference)
  c_abi      vitals_scorecard_score through ctypes with preallocated outputs (the C ABI alone)
  numpy      Scorecard.score(ndarray): conversion checks, output allocation, the call
  pandas     Scorecard.score(DataFrame): as numpy, plus building the result DataFrame

and prints each path's overhead over the C++ path. Use a Release build:

  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release
  cmake --build build/release --target vitals_capi vitals_reference
  VITALS_LIBRARY=build/release/capi/libvitals.so.1 PYTHONPATH=capi/python \\
      /usr/bin/python3 bench/python_overhead.py --reference build/release/tests/python/vitals_reference

No timing thresholds: this reports; it does not pass or fail.
"""

import argparse
import ctypes
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "capi", "python"))

import vitals  # noqa: E402
from vitals import _native  # noqa: E402


def scorecard_json(measures):
    groups = [{"name": f"g{g}", "weight": 1 + g} for g in range(4)]
    ms = []
    for m in range(measures):
        kind = m % 3
        if kind == 0:
            norm = {"kind": "linear", "worst": 0.1, "best": 0.9}
        elif kind == 1:
            norm = {"kind": "piecewise", "knots": [0.1, 0.4, 0.8], "scores": [0, 0.6, 1]}
        else:
            norm = {"kind": "logistic", "midpoint": 0.5, "steepness": 8}
        ms.append({"name": f"m{m}", "input": f"c{m}", "group": f"g{m % 4}", "weight": 1 + m % 3,
                   "normaliser": norm})
    return json.dumps({"vitals_scorecard": 1, "name": "bench16", "min_coverage": 0.5,
                       "groups": groups, "measures": ms})


def best_of(repeat, fn):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def find_reference(given):
    if given:
        return given
    if os.environ.get("VITALS_REFERENCE"):
        return os.environ["VITALS_REFERENCE"]
    found = sorted(glob.glob(os.path.join(REPO, "build", "*", "tests", "python", "vitals_reference")),
                   key=os.path.getmtime, reverse=True)
    return found[0] if found else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--measures", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--threads", type=int, default=0, help="0 = one per core")
    ap.add_argument("--reference", help="the vitals_reference program (C++ path)")
    args = ap.parse_args()

    card = vitals.Scorecard.from_json(scorecard_json(args.measures))
    rng = np.random.default_rng(0)
    base = rng.random((args.measures, args.rows))  # C order of the transpose: column-major accounts
    base[rng.random(base.shape) < 0.05] = np.nan
    x = base.T  # accounts x measures, Fortran order, no copy
    names = list(card.inputs)
    print(f"libvitals {vitals.library_version()} at {vitals.library_path()}")
    print(f"{args.rows} accounts x {args.measures} measures, float64 column-major, threads={args.threads}, "
          f"best of {args.repeat}")

    results = {}
    ref = find_reference(args.reference)
    if ref and os.path.exists(ref):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "x.f64")
            base.tofile(data)
            cardfile = os.path.join(tmp, "card.json")
            with open(cardfile, "w") as f:
                f.write(card.to_json())
            out = subprocess.run([ref, cardfile, data, "f64", str(args.rows), str(args.measures), "0", "1",
                                  str(args.rows), ",".join(names), os.path.join(tmp, "out"), "3",
                                  str(args.threads), str(args.repeat)],
                                 check=True, capture_output=True, text=True).stdout
            results["cpp"] = float(out.split("best_seconds=")[1].split()[0])
    else:
        print("(no vitals_reference found: the C++ path is not timed; pass --reference)")

    lib = _native.load()
    score = np.empty(args.rows)
    band = np.empty(args.rows, dtype=np.int32)
    coverage = np.empty(args.rows)
    status = np.empty(args.rows, dtype=np.int32)
    o = _native.ScoreOutput()
    o.struct_size = ctypes.sizeof(o)
    for f, b in (("score", score), ("band", band), ("coverage", coverage), ("status", status)):
        setattr(o, f, b.ctypes.data)
        setattr(o, f + "_length", args.rows)
    opts = _native.ScoreOptions()
    opts.struct_size = ctypes.sizeof(opts)
    opts.threads = args.threads
    cnames = (ctypes.c_char_p * len(names))(*[n.encode() for n in names])
    handle = card._handle.acquire()
    try:
        results["c_abi"] = best_of(args.repeat, lambda: lib.scorecard_score(
            handle, x.ctypes.data, _native.DTYPE_FLOAT64, args.rows, args.measures, 1, args.rows, cnames,
            len(names), ctypes.byref(opts), ctypes.byref(o)))
    finally:
        card._handle.release()

    results["numpy"] = best_of(args.repeat, lambda: card.score(x, columns=names, threads=args.threads))
    try:
        import pandas as pd
        df = pd.DataFrame(x, columns=names, copy=False)
        results["pandas"] = best_of(args.repeat, lambda: card.score(df, threads=args.threads))
    except ImportError:
        pass

    check = card.score(x, columns=names, threads=args.threads).score
    assert np.array_equal(check, score, equal_nan=True)

    base_t = results.get("cpp")
    print(f"{'path':<8} {'seconds':>9} {'M accounts/s':>13} {'overhead vs C++':>16}")
    for k, t in results.items():
        over = f"{100 * (t - base_t) / base_t:+.1f} %" if base_t else "n/a"
        print(f"{k:<8} {t:9.4f} {args.rows / t / 1e6:13.1f} {over:>16}")

    # The fixed cost of one call, on one account (the per-call part of the overhead, free of
    # the noise a loaded machine adds to the 1e6-account timings above).
    one = np.ascontiguousarray(x[:1])
    one_df = df.iloc[:1] if "pandas" in results else None
    handle = card._handle.acquire()
    try:
        for f, b in (("score", score), ("band", band), ("coverage", coverage), ("status", status)):
            setattr(o, f + "_length", 1)
        opts.threads = 1
        fixed = {"c_abi": best_of(2000, lambda: lib.scorecard_score(
            handle, one.ctypes.data, _native.DTYPE_FLOAT64, 1, args.measures, args.measures, 1, cnames,
            len(names), ctypes.byref(opts), ctypes.byref(o)))}
    finally:
        card._handle.release()
    fixed["numpy"] = best_of(2000, lambda: card.score(one, columns=names, threads=1))
    if one_df is not None:
        fixed["pandas"] = best_of(500, lambda: card.score(one_df, threads=1))
    print("one account per call (fixed cost per call):")
    for k, t in fixed.items():
        print(f"{k:<8} {t * 1e6:9.1f} us")
    card.close()


if __name__ == "__main__":
    main()
