#!/usr/bin/python3
"""vitals.dask on a 2-worker LocalCluster against the single-process Python call (issue 18).

The book: the shipped 1,000-account sample tiled to --accounts rows (fresh account ids), scored by
the built-in scorecard through the whole session (quadrants and the book-wide priority). Times, one
run each, from one process:

  single     vitals.Session(card).score(book): one process, the whole book in one call
  persist    dd.from_pandas(book, npartitions=P) shipped to the workers and held there (the cost of
             getting an in-memory frame onto the cluster; a real deployment reads its partitions
             on the workers instead)
  dask       vitals.dask.score_session(ddf, card).compute() on the persisted partitions: the
             value cut-off pass, the per-partition sessions, the book-wide priority, and bringing
             the result back to this process

and checks that the two results are equal (bit for bit on the number columns, equal on the text
ones): the point of the cluster is that it is correct and that its overhead is known, not that one
machine with two cores scores faster on it.

  cmake --preset ci && cmake --build build/ci --target vitals_capi
  VITALS_LIBRARY=$PWD/build/ci/capi/libvitals.so PYTHONPATH=capi/python \\
      /usr/bin/python3 bench/dask_scale.py --accounts 10000000 --partitions 20

No timing thresholds: this reports; it does not pass or fail.
"""

import argparse
import os
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "docs", "examples", "accounts.csv")


def book_of(n: int) -> pd.DataFrame:
    sample = pd.read_csv(SAMPLE, dtype={"account_id": str, "segment": str, "parent_id": str},
                         float_precision="round_trip")
    reps = -(-n // len(sample))
    book = pd.concat([sample] * reps, ignore_index=True).iloc[:n].copy()
    book["account_id"] = [f"B-{i:09d}" for i in range(n)]
    book = book.drop(columns=["parent_id"])  # the tiled hierarchy would not be one
    return book


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=10_000_000)
    ap.add_argument("--partitions", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()

    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import vitals
    import vitals.dask

    t = time.perf_counter()
    book = book_of(a.accounts)
    print(f"book: {len(book):,} accounts x {book.shape[1]} columns, {book.memory_usage(deep=True).sum() / 2**20:,.0f} MiB "
          f"in memory ({time.perf_counter() - t:.1f} s to build)")
    card = vitals.Scorecard.default()

    t = time.perf_counter()
    with vitals.Session(card) as s:
        single = s.score(book)
    t_single = time.perf_counter() - t
    print(f"single     {t_single:8.2f} s   vitals.Session(card).score(book)")

    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        t = time.perf_counter()
        ddf = dd.from_pandas(book, npartitions=a.partitions).persist()
        from distributed import wait
        wait(ddf)
        t_persist = time.perf_counter() - t
        print(f"persist    {t_persist:8.2f} s   {ddf.npartitions} partitions onto {a.workers} worker processes")
        t = time.perf_counter()
        got = vitals.dask.score_session(ddf, card).compute()
        t_dask = time.perf_counter() - t
        print(f"dask       {t_dask:8.2f} s   vitals.dask.score_session(ddf, card).compute()")

    same = list(got.columns) == list(single.columns) and got.index.equals(single.index)
    for c in single.columns:
        x, y = single[c].to_numpy(), got[c].to_numpy()
        if x.dtype.kind == "f":
            same = same and np.array_equal(x.view(np.uint64), y.view(np.uint64))
        else:
            same = same and bool((x == y).all())
    print(f"ratio      {t_dask / t_single:8.2f}   dask / single ({(t_persist + t_dask) / t_single:.2f} with persist); "
          f"per partition {1000 * (t_dask - t_single / a.workers) / a.partitions:.0f} ms over a perfect split")
    print(f"equal      {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
