#!/usr/bin/python3
"""Run the benchmarks in one go and write the measured tables into docs/performance.md.

Usage (from the repository root, after `cmake --preset bench && cmake --build --preset bench`):

    /usr/bin/python3 bench/report.py build/bench

It runs bench/bench_batch (Google Benchmark: batch scorer, plain scalar loop, read-only bound,
reference path), the idiomatic numpy scorer on the same book (bench/numpy_batch.py), and
bench/peak_memory, checks that numpy and C++ agree on the scores, and replaces the part of
docs/performance.md between the "generated" markers. Nothing is copied by hand.
"""
import json
import os
import pathlib
import platform
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import numpy_batch  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- generated:begin -->", "<!-- generated:end -->"


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    fields = dict(re.findall(r"^([^:]+):\s+(.*)$", lscpu, re.M))
    flags = fields.get("Flags", "").split()
    simd = [f for f in ("sse4_2", "avx", "avx2", "fma", "avx512f") if f in flags]
    cxx = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{fields.get('Model name', '?')}, {os.cpu_count()} logical CPUs, "
            f"L1d {fields.get('L1d cache', '?')}, L2 {fields.get('L2 cache', '?')}, L3 {fields.get('L3 cache', '?')}, "
            f"{mem:.0f} GiB RAM, SIMD: {' '.join(simd)}; {cxx}; {platform.platform()}")


def run_google_benchmark(build: pathlib.Path) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    subprocess.run([str(build / "bench" / "bench_batch"), f"--benchmark_out={path}", "--benchmark_out_format=json"],
                   check=True, stdout=subprocess.DEVNULL)
    data = json.loads(pathlib.Path(path).read_text())
    os.unlink(path)
    results = {}
    for b in data["benchmarks"]:
        name = b["name"].split("/min_time")[0].replace("/real_time", "")
        results[name] = b
    return results


def seconds(b: dict) -> float:
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
    return b["real_time"] * unit


def rate(n: int, s: float) -> str:
    r = n / s
    return f"{r / 1e6:,.1f} M/s" if r >= 1e6 else f"{r / 1e3:,.0f} k/s"


def main() -> None:
    build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench").resolve()
    gb = run_google_benchmark(build)
    numpy = {}
    for n, m in [(10_000, 16), (100_000, 16), (1_000_000, 8), (1_000_000, 16), (1_000_000, 64), (10_000_000, 16)]:
        numpy[(n, m)] = numpy_batch.time_numpy(n, m)
    peaks = [json.loads(subprocess.run([str(build / "bench" / "peak_memory"), "10000000", "16", str(t)],
                                       check=True, capture_output=True, text=True).stdout) for t in (1, 2)]
    for p in peaks:  # numpy and C++ must agree on the same book before any ratio means anything
        ref = numpy[(10_000_000, 16)]
        assert p["scored"] == ref["scored"], (p, ref)
        assert abs(p["score_sum"] - ref["score_sum"]) <= 1e-9 * abs(ref["score_sum"]), (p, ref)

    lines = [BEGIN, "", f"Machine: {machine()}.", "",
             "Scoring throughput (accounts per second; column-major input, 5 % missing; mixed linear / steps / "
             "logistic normalisers in four groups; outputs score, band, coverage, status). Ratios are against "
             "the batch scorer on one thread with double input, all from this one run.", "",
             "| accounts x measures | batch double 1 thr | batch double 2 thr | 2 thr / 1 thr | batch float 1 thr | "
             "batch float 2 thr | x numpy | x scalar loop | read-only bound (double) | batch / bound |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for m in (8, 16, 64):
        for n in (10_000, 100_000, 1_000_000, 10_000_000):
            key = f"{n}/{m}"
            d1, d2 = gb[f"BM_batch<double>/{key}/1"], gb[f"BM_batch<double>/{key}/2"]
            f1, f2 = gb[f"BM_batch<float>/{key}/1"], gb[f"BM_batch<float>/{key}/2"]
            scalar, bound = gb[f"BM_scalar_loop<double>/{key}/1"], gb[f"BM_read_bound<double>/{key}/1"]
            np_s = numpy.get((n, m), {}).get("seconds")
            x_numpy = f"{np_s / seconds(d1):.1f}x" if np_s else "–"
            lines.append(
                f"| {n:,} x {m} | {rate(n, seconds(d1))} | {rate(n, seconds(d2))} | {seconds(d1) / seconds(d2):.2f} | "
                f"{rate(n, seconds(f1))} | {rate(n, seconds(f2))} | {x_numpy} | {seconds(scalar) / seconds(d1):.1f}x | "
                f"{rate(n, seconds(bound))} | {seconds(d1) / seconds(bound):.1f}x slower |")
    e1, e2 = gb["BM_batch_explain/1000000/16/1"], gb["BM_batch_explain/1000000/16/2"]
    ref = gb["BM_reference/10000/16"]
    lines += ["", "Times behind the ratios for the goal case (10,000,000 x 16, double):", "",
              "| implementation | time |", "|---|---|"]
    key = "10000000/16"
    lines += [f"| numpy {numpy[(10_000_000, 16)]['numpy']}, idiomatic whole-array code | "
              f"{numpy[(10_000_000, 16)]['seconds']:.3f} s |",
              f"| plain scalar C++ loop | {seconds(gb[f'BM_scalar_loop<double>/{key}/1']):.3f} s |",
              f"| vitals::score_batch, 1 thread | {seconds(gb[f'BM_batch<double>/{key}/1']):.3f} s |",
              f"| vitals::score_batch, 2 threads | {seconds(gb[f'BM_batch<double>/{key}/2']):.3f} s |",
              f"| read-only pass over the input (bound) | {seconds(gb[f'BM_read_bound<double>/{key}/1']):.3f} s |",
              "", f"With contributions, points lost and top-3 drivers as well (1,000,000 x 16): "
                  f"{rate(1_000_000, seconds(e1))} on 1 thread, {rate(1_000_000, seconds(e2))} on 2.",
              f"The one-account reference path (`score_account`, 16 measures): {ref['real_time']:.0f} ns per account.",
              "", "Peak memory scoring 10,000,000 x 16 doubles (`bench/peak_memory`, resident set size):", "",
              "| threads | input | outputs | peak before scoring | peak after scoring | added by scoring | seconds |",
              "|---|---|---|---|---|---|---|"]
    for p in peaks:
        lines.append(f"| {p['threads']} | {p['input_mib']:.0f} MiB | {p['output_mib']:.0f} MiB | "
                     f"{p['peak_rss_before_mib']:.0f} MiB | {p['peak_rss_after_mib']:.0f} MiB | "
                     f"{p['scoring_overhead_mib']:.1f} MiB | {p['seconds']:.3f} |")
    lines += ["", f"numpy and the batch scorer agree on this book: {peaks[0]['scored']:,} accounts scored, "
                  f"score sums equal to 1e-9 relative.", "", END]

    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text() if doc.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(head + "\n".join(lines) + tail)
    print(f"wrote {doc}")


if __name__ == "__main__":
    main()
