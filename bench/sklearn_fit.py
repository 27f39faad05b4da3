#!/usr/bin/python3
"""Fit time: vitals' learned-weights fit against scikit-learn's LogisticRegression, same matrices,
same run.

Usage (after building bench_fit, e.g. `cmake --preset bench && cmake --build --preset bench --target bench_fit`):

    /usr/bin/python3 bench/sklearn_fit.py build/bench/bench/bench_fit

Runs bench_fit --dump (it writes the sub-score matrices it fits: Telco, 7,032 x 12, and a synthetic
1,000,000 x 8 book), fits sklearn.linear_model.LogisticRegression(C=1) on the same matrices (lbfgs,
its default solver, default tolerance; and newton-cg, the exact-solution counterpart), checks the
intercepts agree, and prints a table with the ratios sklearn time / vitals time.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.linear_model import LogisticRegression


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2], out


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else "build/bench/bench/bench_fit"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as d:
        run = subprocess.run([exe, "--dump", d, "--repeats", str(repeats)], capture_output=True, text=True, check=True)
        rows = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
        print("| data | accounts x measures | vitals fit_logistic | vitals learn_weights (2 fits + scorecard) "
              "| sklearn lbfgs | sklearn newton-cg | lbfgs / fit_logistic | newton-cg / fit_logistic |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            n, p = r["rows"], r["cols"]
            x = np.fromfile(pathlib.Path(d) / f"{r['data']}_x.f64").reshape((p, n)).T  # column-major
            y = np.fromfile(pathlib.Path(d) / f"{r['data']}_y.f64")
            reps = repeats if n < 100000 else max(1, repeats // 2)
            t_lbfgs, m1 = median_time(lambda: LogisticRegression(C=1.0).fit(x, y), reps)
            t_ncg, m2 = median_time(lambda: LogisticRegression(C=1.0, solver="newton-cg", tol=1e-8,
                                                                  max_iter=1000).fit(x, y), reps)
            assert abs(m2.intercept_[0] - r["intercept"]) < 1e-5, (m2.intercept_[0], r["intercept"])
            print(f"| {r['data']} | {n:,} x {p} | {r['solver_s'] * 1e3:.1f} ms | {r['learn_s'] * 1e3:.1f} ms "
                  f"| {t_lbfgs * 1e3:.1f} ms | {t_ncg * 1e3:.1f} ms | {t_lbfgs / r['solver_s']:.1f}x "
                  f"| {t_ncg / r['solver_s']:.1f}x |")


if __name__ == "__main__":
    main()
