#!/usr/bin/python3
"""The benchmark's scoring in idiomatic whole-array numpy, on the same book as bench/bench_card.hpp.

Run with Debian's interpreter (/usr/bin/python3, python3-numpy). As a script it times the numpy
scorer and prints JSON; bench/report.py imports it to put numpy beside the C++ numbers.
"""
import json
import sys
import time

import numpy as np

MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix64_uniform(seed: int, start: int, count: int) -> np.ndarray:
    """Draws start+1 .. start+count of splitmix64(seed) as doubles in [0, 1), as in bench_card.hpp."""
    i = np.arange(start + 1, start + count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + i * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def bench_book(n: int, m: int, dtype=np.float64, seed: int = 1) -> np.ndarray:
    """The N x M book, Fortran order (column-major), 5 % NaN, values uniform on [-0.2, 1.2)."""
    out = np.empty(n * m, dtype=dtype)
    chunk = 1 << 22
    for c0 in range(0, n * m, chunk):
        c = min(chunk, n * m - c0)
        d = splitmix64_uniform(seed, 2 * c0, 2 * c)
        u, v = d[0::2], -0.2 + 1.4 * d[1::2]
        out[c0:c0 + c] = np.where(u < 0.05, np.nan, v)
    return out.reshape((m, n)).T  # column j is contiguous: Fortran order


def score_numpy(x: np.ndarray):
    """Score, band and coverage of every row: the bench scorecard, idiomatic numpy."""
    n, m = x.shape
    j = np.arange(m)
    kind, weight, group = j % 3, 1.0 + (j % 3), j % 4
    sub = np.empty((n, m))
    for c in range(m):
        col = x[:, c]
        if kind[c] == 0:
            sub[:, c] = np.clip(col, 0.0, 1.0)                          # linear 0 -> 1
        elif kind[c] == 1:
            sub[:, c] = np.select([col >= 0.6, col >= 0.2], [1.0, 0.5], 0.0)  # steps
            sub[np.isnan(col), c] = np.nan
        else:
            sub[:, c] = 1.0 / (1.0 + np.exp(-8.0 * (col - 0.5)))      # logistic
    present = ~np.isnan(sub)
    w_in_group = np.zeros((m, 4))
    w_in_group[j, group] = weight
    group_sum = np.nan_to_num(sub) @ w_in_group
    group_w = present @ w_in_group
    with np.errstate(invalid="ignore", divide="ignore"):
        group_score = group_sum / group_w                          # NaN where a group is empty
    top = np.nanmean(group_score, axis=1) if m else np.full(n, np.nan)
    share = (weight / np.bincount(group, weights=weight, minlength=4)[group]) / 4.0
    coverage = present @ share
    score = np.where(coverage >= 0.5, 100.0 * top, np.nan)
    band = np.where(np.isnan(score), -1, np.digitize(score, [40.0, 70.0]))
    return score, band, coverage


def time_numpy(n: int, m: int, repeats: int = 3) -> dict:
    x = bench_book(n, m)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        score, _, _ = score_numpy(x)
        best = min(best, time.perf_counter() - t0)
    ok = ~np.isnan(score)
    return {"accounts": n, "measures": m, "seconds": best, "numpy": np.__version__,
            "scored": int(ok.sum()), "score_sum": float(score[ok].sum())}


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    print(json.dumps(time_numpy(n, m)))
