#!/usr/bin/python3
"""The shipped libvitals at each instruction-set level, through the C ABI, on the anchor workload.

The workload is the one of ../shared/perf-anchor (N accounts x 16 measures: linear, piecewise,
logistic; 5 % missing; column-major float64): its generator writes the data and params.txt, and
this script scores that data with a Vitals scorecard generated from params.txt. Each level runs in
its own process with VITALS_ISA set (the level is chosen when the library loads), calling
vitals_scorecard_score through ctypes with preallocated outputs (score, band, coverage, status),
on one thread by default; best and median of --repeat calls. The scores must be the same bits at
every level; when the anchor's numpy reference scores are in the data folder, the largest
difference from them is printed too.

    cmake --preset ci && cmake --build build/ci --target vitals_capi
    VITALS_LIBRARY=build/ci/capi/libvitals.so.1 /usr/bin/python3 bench/capi_isa.py --rows 10000000

No timing thresholds: this reports; it does not pass or fail.
"""

import argparse
import ctypes
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "capi", "python"))

import vitals  # noqa: E402
from vitals import _native  # noqa: E402

LEVELS = ("baseline", "avx2", "avx512")


def scorecard_json(params_path):
    """A Vitals scorecard equal to the anchor's params.txt (kind 0 linear, 1 piecewise, 2 logistic)."""
    with open(params_path) as f:
        m, c1, c2 = f.readline().split()
        measures = []
        for j, line in enumerate(f):
            t = line.split()
            kind, w, p = int(t[0]), float(t[1]), [float(v) for v in t[2:]]
            if kind == 0:
                norm = {"kind": "linear", "worst": p[0], "best": p[1]}
            elif kind == 1:
                norm = {"kind": "piecewise", "knots": p[:4], "scores": p[4:]}
            else:  # 1 / (1 + exp(-k (x - x0))), p = [k, x0]
                norm = {"kind": "logistic", "midpoint": p[1], "steepness": p[0]}
            measures.append({"name": f"m{j}", "input": f"x{j}", "weight": w, "normaliser": norm})
    assert len(measures) == int(m)
    return json.dumps({"vitals_scorecard": 1, "name": "perf-anchor", "min_coverage": 0.0,
                       "bands": {"cutoffs": [float(c1), float(c2)], "labels": ["red", "yellow", "green"]},
                       "measures": measures})


def child(args):
    """Runs in a process of its own, VITALS_ISA already set: times the C ABI call."""
    card = vitals.Scorecard.from_json(scorecard_json(os.path.join(args.data, "params.txt")))
    M = len(card.inputs)
    N = args.rows
    x = np.fromfile(os.path.join(args.data, f"X_{N}.bin"), dtype=np.float64)
    assert x.size == N * M, "X_<N>.bin does not hold N x 16 doubles"
    lib = _native.load()
    score = np.empty(N)
    band = np.empty(N, dtype=np.int32)
    coverage = np.empty(N)
    status = np.empty(N, dtype=np.int32)
    o = _native.ScoreOutput()
    o.struct_size = ctypes.sizeof(o)
    for f, b in (("score", score), ("band", band), ("coverage", coverage), ("status", status)):
        setattr(o, f, b.ctypes.data)
        setattr(o, f + "_length", N)
    opts = _native.ScoreOptions()
    opts.struct_size = ctypes.sizeof(opts)
    opts.threads = args.threads
    names = list(card.inputs)
    cnames = (ctypes.c_char_p * M)(*[n.encode() for n in names])
    times = []
    if args.api == "python":  # the package's own call on an accounts x columns (Fortran-order) view
        frame = x.reshape(M, N).T
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = card.score(frame, names, threads=args.threads)
            times.append(time.perf_counter() - t0)
        score[:], band[:] = r.score, r.band
    else:
        handle = card._handle.acquire()
        try:
            for _ in range(args.repeat):  # column j is x[j * N : (j + 1) * N]: row stride 1, column stride N
                t0 = time.perf_counter()
                lib.scorecard_score(handle, x.ctypes.data, _native.DTYPE_FLOAT64, N, M, 1, N, cnames, M,
                                    ctypes.byref(opts), ctypes.byref(o))
                times.append(time.perf_counter() - t0)
        finally:
            card._handle.release()
    result = {"build_info": vitals.build_info(), "best": min(times), "median": statistics.median(times),
              "sha256": hashlib.sha256(score.tobytes() + band.tobytes()).hexdigest()}
    ref = os.path.join(args.data, f"ref_{N}_score.bin")
    if os.path.exists(ref):
        r = np.fromfile(ref, dtype=np.float64)
        both = ~np.isnan(r) & ~np.isnan(score)
        result["max_abs_diff_numpy"] = float(np.max(np.abs(r[both] - score[both]))) if both.any() else 0.0
        result["nan_mismatches_numpy"] = int(np.sum(np.isnan(r) != np.isnan(score)))
    print(json.dumps(result))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1, help="0 = one per core")
    ap.add_argument("--api", choices=("capi", "python"), default="capi",
                    help="time vitals_scorecard_score through ctypes, or the package's Scorecard.score")
    ap.add_argument("--anchor", default=os.path.join(os.path.dirname(REPO), "shared", "perf-anchor"),
                    help="the perf-anchor folder (its src/bench_numpy.py generates the data)")
    ap.add_argument("--data", default=os.path.join(REPO, "build", "perf-anchor-data"),
                    help="where params.txt and X_<rows>.bin are (generated when absent)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    if not os.path.exists(os.path.join(args.data, f"X_{args.rows}.bin")):
        os.makedirs(args.data, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
        subprocess.run([sys.executable, os.path.join(args.anchor, "src", "bench_numpy.py"), "gen", args.data,
                        str(args.rows)], check=True, env=env)
    print(f"libvitals at {vitals.library_path()}")
    print(f"anchor workload: {args.rows} accounts x 16 measures, float64 column-major, 5 % missing; "
          f"threads={args.threads}; best / median of {args.repeat} calls of vitals_scorecard_score")
    runs = {}
    for level in LEVELS:
        env = dict(os.environ, VITALS_ISA=level)
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", "--api", args.api,
                              "--rows", str(args.rows),
                              "--repeat", str(args.repeat), "--threads", str(args.threads), "--data", args.data],
                             check=True, capture_output=True, text=True, env=env).stdout
        r = json.loads(out.strip().splitlines()[-1])
        if f"; isa {level};" not in r["build_info"]:
            print(f"VITALS_ISA={level}: not on this CPU ({r['build_info']}); skipped")
            continue
        runs[level] = r
    base = runs["baseline"]["best"]
    print(f"{'level':<9} {'best s':>8} {'median s':>9} {'M accounts/s':>13} {'x baseline':>11}")
    for level, r in runs.items():
        print(f"{level:<9} {r['best']:8.3f} {r['median']:9.3f} {args.rows / r['best'] / 1e6:13.1f} "
              f"{base / r['best']:11.2f}")
    print("build: " + next(iter(runs.values()))["build_info"].split("; cpu ", 1)[1].replace("; ", ", "))
    same = len({r["sha256"] for r in runs.values()}) == 1
    print("scores and bands: " + ("the same bits at every level" if same else "DIFFER between levels"))
    r = runs["baseline"]
    if "max_abs_diff_numpy" in r:
        print(f"against the anchor's numpy scores: max |diff| {r['max_abs_diff_numpy']:.3g}, "
              f"missing-score mismatches {r['nan_mismatches_numpy']}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
