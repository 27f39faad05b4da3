#!/usr/bin/python3
"""One run, one command: what users get, beside the yardsticks, written into docs/performance.md.

Usage (from the repository root, after `cmake --preset bench && cmake --build --preset bench`):

    /usr/bin/python3 bench/report.py build/bench

In one run, on the anchor workload of ../shared/perf-anchor (N accounts x 16 measures: linear,
piecewise, logistic; 5 % missing; column-major float64):

1. the anchor itself (../shared/perf-anchor/run.sh, built and run in the work folder; nothing of it
   is copied here): the read-bandwidth probe (the read-only bound), its numpy reference written as
   well as numpy allows (chunked, no whole-array temporaries), and its hand-tuned SIMD loop with
   prefetch on 1 and 2 threads. It also writes the data and params.txt;
2. the shipped libvitals (the build's capi/libvitals.so, no machine flags: the library picks its
   kernels at load time) at every instruction-set level this CPU has (VITALS_ISA), on 1 and 2
   threads, through the C ABI (ctypes, preallocated outputs: bench/capi_isa.py) and through the
   Python package (`Scorecard.score` on a numpy array), scoring the anchor's own data with a
   scorecard generated from its params.txt; its scores must equal the anchor's numpy scores;
3. the CSV path: `vitals score` (the shipped CLI; all outputs, the quadrant on) on a
   `vitals sample` file of --csv-rows accounts, on 1 and 2 threads, against pandas `read_csv` of the
   same file alone and against reading the file once (`wc -l`), with each one's peak
   resident memory;
4. with --native, also the Google Benchmark binary bench/bench_batch (built with -march=native:
   no user gets that build; kept to show the kernels' own ceiling).

It replaces the part of docs/performance.md between the "generated" markers. No thresholds: it
reports, it does not pass or fail (except when Vitals and numpy disagree on the scores).
"""
import argparse
import json
import os
import pathlib
import platform
import re
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
BEGIN, END = "<!-- generated:begin -->", "<!-- generated:end -->"
LEVELS = ("baseline", "avx2", "avx512")
M = 16


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    fields = dict(re.findall(r"^([^:]+):\s+(.*)$", lscpu, re.M))
    flags = fields.get("Flags", "").split()
    simd = [f for f in ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512vl") if f in flags]
    cxx = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{fields.get('Model name', '?')}, {os.cpu_count()} logical CPUs, "
            f"L1d {fields.get('L1d cache', '?')}, L2 {fields.get('L2 cache', '?')}, L3 {fields.get('L3 cache', '?')}, "
            f"{mem:.0f} GiB RAM, SIMD: {' '.join(simd)}; {cxx}; {platform.platform()}")


def peak_of(cmd, env=None):
    """Runs cmd under /usr/bin/time to get its own peak RSS (RUSAGE_CHILDREN is a running maximum)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "VITALS_PEAK_KB %M"] + [str(c) for c in cmd], env=env,
                       capture_output=True, text=True)
    took = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    kb = int(re.search(r"VITALS_PEAK_KB (\d+)", p.stderr).group(1))
    return p.stdout, took, kb / 1024


# ---- 1. the anchor -----------------------------------------------------------------------------

def run_anchor(anchor: pathlib.Path, work: pathlib.Path, rows):
    env = dict(os.environ, WORK=str(work), KEEP_DATA="1", OUTDIR="results")
    subprocess.run(["bash", str(anchor / "run.sh")] + [str(n) for n in rows], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    res = {}
    for name in ("numpy.txt", "cpp.txt"):
        for line in (work / "results" / name).read_text().splitlines():
            if line.startswith("RESULT,"):  # RESULT,impl,N,M,median_s,min_s,max_s,maxabs_diff,band_mismatches
                _, impl, n, m, med, mn, mx, diff, bm = line.split(",")
                res[(impl, int(n))] = {"median": float(med), "best": float(mn)}
    bw = {}
    for phase in ("start", "end"):
        for line in (work / "results" / f"stream_{phase}.txt").read_text().splitlines():
            if line.startswith("STREAM,") and ",read_sum," in line:
                _, t, _k, best, *_ = line.split(",")
                bw[int(t)] = max(bw.get(int(t), 0.0), float(best.split("=")[1]))
    return res, bw


# ---- 2. the shipped library --------------------------------------------------------------------

def run_vitals(lib: pathlib.Path, data: pathlib.Path, n: int, threads: int, level: str, api: str, repeat: int):
    env = dict(os.environ, VITALS_ISA=level, VITALS_LIBRARY=str(lib))
    out = subprocess.run([sys.executable, str(HERE / "capi_isa.py"), "--child", "--api", api, "--rows", str(n),
                          "--repeat", str(repeat), "--threads", str(threads), "--data", str(data)],
                         env=env, check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r if f"; isa {level};" in r["build_info"] else None


# ---- 3. the CSV path ---------------------------------------------------------------------------

def count_lines(path: pathlib.Path) -> int:
    return int(subprocess.run(["wc", "-l", str(path)], check=True, capture_output=True, text=True).stdout.split()[0])


def csv_child(args):
    """--csv-child FILE: pandas read_csv of FILE, timed in a process of its own (import not timed)."""
    import pandas as pd
    t0 = time.perf_counter()
    frame = pd.read_csv(args.csv_child)
    print(json.dumps({"seconds": time.perf_counter() - t0, "rows": len(frame)}))


def run_csv(cli: pathlib.Path, work: pathlib.Path, rows: int):
    book = work / f"book_{rows}.csv"
    if not book.exists():
        subprocess.run([str(cli), "sample", "--accounts", str(rows), "--seed", "7", "--out", str(book)], check=True,
                       stdout=subprocess.DEVNULL)
    size = book.stat().st_size
    count_lines(book)  # every reader below then finds the file in the page cache
    out = {"bytes": size, "rows": rows}
    text, took, peak = peak_of(["wc", "-l", book])  # the floor: GNU wc reads the file once, vectorised
    assert int(text.split()[0]) == rows + 1, text
    out["floor"] = {"seconds": took, "peak_mib": peak}
    text, took, peak = peak_of([sys.executable, str(HERE / "report.py"), "--csv-child", str(book)])
    r = json.loads(text.strip().splitlines()[-1])
    assert r["rows"] == rows, r
    out["pandas"] = {"seconds": r["seconds"], "peak_mib": peak}
    scored = work / "scored.csv"
    for threads in (1, 2):
        _, took, peak = peak_of([str(cli), "score", str(book), "--threads", str(threads), "--out", str(scored)])
        lines = count_lines(scored)
        assert lines == rows + 1, f"vitals score wrote {lines} lines for {rows} accounts"
        out[f"vitals_{threads}"] = {"seconds": took, "peak_mib": peak}
    scored.unlink()
    return out


# ---- 4. the native benchmark binaries (optional) ----------------------------------------------

def run_native(build: pathlib.Path):
    path = build / "bench" / "bench_batch.json"
    subprocess.run([str(build / "bench" / "bench_batch"), f"--benchmark_out={path}", "--benchmark_out_format=json",
                    "--benchmark_filter=BM_batch<double>/(1000000|10000000)/16/"], check=True,
                   stdout=subprocess.DEVNULL)
    data = json.loads(path.read_text())
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    return {b["name"].split("/min_time")[0].replace("/real_time", ""): b["real_time"] * unit[b["time_unit"]]
            for b in data["benchmarks"]}


# ---- the page ----------------------------------------------------------------------------------

def ms(s: float) -> str:
    return f"{s * 1e3:,.0f} ms" if s >= 0.1 else f"{s * 1e3:,.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build", nargs="?", default="build/bench", help="a build folder with capi/ and src/cli/")
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--csv-rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--anchor", default=str(ROOT.parent / "shared" / "perf-anchor"))
    ap.add_argument("--work", default=None, help="data and results (default: <build>/perf-report)")
    ap.add_argument("--doc", default=str(ROOT / "docs" / "performance.md"), help="the page to rewrite")
    ap.add_argument("--native", action="store_true", help="also run bench/bench_batch (-march=native)")
    ap.add_argument("--csv-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.csv_child:
        return csv_child(args)

    build = pathlib.Path(args.build).resolve()
    lib = build / "capi" / "libvitals.so"
    cli = build / "src" / "cli" / "vitals"
    work = pathlib.Path(args.work).resolve() if args.work else build / "perf-report"
    work.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = open("/proc/loadavg").read().split()[:3]

    print("[anchor] ../shared/perf-anchor/run.sh " + " ".join(map(str, args.rows)), flush=True)
    anchor, bw = run_anchor(pathlib.Path(args.anchor).resolve(), work / "anchor", args.rows)
    data = work / "anchor" / "data"

    runs = {}  # (api, level, threads, n) -> result
    for n in args.rows:
        for level in LEVELS:
            for threads in (1, 2):
                for api in ("capi", "python"):
                    print(f"[vitals] {api} {level} {threads} thr N={n}", flush=True)
                    r = run_vitals(lib, data, n, threads, level, api, args.repeat)
                    if r is None:
                        break
                    runs[(api, level, threads, n)] = r
    levels = [lv for lv in LEVELS if ("capi", lv, 1, args.rows[0]) in runs]
    for n in args.rows:  # the same bits everywhere, and equal to numpy
        digests = {r["sha256"] for k, r in runs.items() if k[3] == n}
        if len(digests) != 1:
            raise SystemExit(f"N={n}: scores differ between levels, threads or APIs")
        r = runs[("capi", "baseline", 1, n)]
        if r["nan_mismatches_numpy"] != 0 or r["max_abs_diff_numpy"] > 1e-9:
            raise SystemExit(f"N={n}: Vitals and the anchor's numpy disagree: {r}")

    print(f"[csv] vitals score on {args.csv_rows} accounts", flush=True)
    csv = run_csv(cli, work, args.csv_rows)
    native = run_native(build) if args.native else {}
    load_after = open("/proc/loadavg").read().split()[:3]

    best = levels[-1]
    bi = runs[("capi", best, 1, args.rows[0])]["build_info"]
    lines = [BEGIN, "",
             f"Run {started} on: {machine()}.", "",
             f"Library: `{lib.relative_to(ROOT) if lib.is_relative_to(ROOT) else lib}`, `vitals_build_info()`: "
             f"`{bi}`. Load average before / after the run: {' '.join(load_before)} / {' '.join(load_after)}.", "",
             f"Read-only bound: the anchor's `read_sum` probe, best of its runs: {bw[1]:.1f} GB/s on 1 thread, "
             f"{bw[2]:.1f} GB/s on 2; the bound of a scorer is the time to read N x 16 doubles and write N scores "
             "at that rate.", ""]

    for n in args.rows:
        npy = anchor[("numpy_chunked64k", n)]["best"]
        tuned1 = anchor[("simd8_colmajor_pf", n)]["best"]
        tuned2 = anchor[("simd8_colmajor_pf_omp2", n)]["best"]
        nbytes = n * M * 8 + n * 8
        bound = {1: nbytes / (bw[1] * 1e9), 2: nbytes / (bw[2] * 1e9)}
        tuned = {1: tuned1, 2: tuned2}
        lines += [f"**{n:,} accounts x 16 measures** (best of {args.repeat} calls; ratios are time / yardstick, "
                  "so 1.00 is as fast, below 1 faster):", "",
                  "| what | ISA | threads | time | M accounts/s | / numpy (chunked) | / hand-tuned loop | "
                  "/ read-only bound | 2 thr speed-up |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for api in ("capi", "python"):
            for level in levels:
                for threads in (1, 2):
                    r = runs[(api, level, threads, n)]
                    t = r["best"]
                    up = f"{runs[(api, level, 1, n)]['best'] / t:.2f}x" if threads == 2 else ""
                    label = "libvitals, C ABI" if api == "capi" else "libvitals, Python `Scorecard.score`"
                    lines.append(f"| {label} | {level} | {threads} | {ms(t)} | {n / t / 1e6:,.1f} | {t / npy:.2f} | "
                                 f"{t / tuned[threads]:.2f} | {t / bound[threads]:.2f} | {up} |")
        for name, t, thr in ((f"numpy {anchor_numpy_version(work)}, chunked (the anchor's)", npy, 1),
                             ("numpy, whole-array (the anchor's)", anchor[("numpy", n)]["best"], 1),
                             ("hand-tuned SIMD loop with prefetch (the anchor's, -march=native)", tuned1, 1),
                             ("hand-tuned SIMD loop with prefetch (the anchor's, -march=native)", tuned2, 2),
                             ("read-only bound", bound[1], 1), ("read-only bound", bound[2], 2)):
            lines.append(f"| {name} | native | {thr} | {ms(t)} | {n / t / 1e6:,.1f} | {t / npy:.2f} | "
                         f"{t / tuned[thr]:.2f} | {t / bound[thr]:.2f} | |")
        if native:
            for thr in (1, 2):
                key = f"BM_batch<double>/{n}/16/{thr}"
                if key in native:
                    t = native[key]
                    lines.append(f"| bench_batch (header-only core, -march=native; its own book) | native | {thr} | "
                                 f"{ms(t)} | {n / t / 1e6:,.1f} | {t / npy:.2f} | {t / tuned[thr]:.2f} | "
                                 f"{t / bound[thr]:.2f} | |")
        r = runs[("capi", "baseline", 1, n)]
        lines += ["", f"Every row of libvitals above gave the same score and band bits (one SHA-256 for all levels, "
                      f"thread counts and both APIs); against the anchor's numpy scores the largest difference is "
                      f"{r['max_abs_diff_numpy']:.3g} and no account differs in being scored.", ""]

    mb = csv["bytes"] / 1e6
    floor, pandas = csv["floor"], csv["pandas"]
    lines += [f"**The CSV path**: `vitals score book.csv --threads T --out scored.csv` on `vitals sample --accounts "
              f"{csv['rows']:,}` ({mb:,.0f} MB; the default scorecard, every output column, the quadrant on since the "
              "book has `arr`), the file in the page cache. pandas `read_csv` of the same file does only the "
              "parsing (its import not timed); the floor is `wc -l` of the file (GNU wc: one vectorised read). "
              "Each is its own process; "
              "peak memory is its maximum resident set.", "",
              "| what | time | MB/s of input | / pandas read_csv | / read floor | peak memory |",
              "|---|---|---|---|---|---|"]
    for name, r in ((f"vitals score, 1 thread", csv["vitals_1"]), (f"vitals score, 2 threads", csv["vitals_2"]),
                    ("pandas `read_csv` alone", pandas), ("read the file once (floor)", floor)):
        lines.append(f"| {name} | {r['seconds']:.2f} s | {mb / r['seconds']:,.0f} | {r['seconds'] / pandas['seconds']:.2f} | "
                     f"{r['seconds'] / floor['seconds']:.1f} | {r['peak_mib']:,.0f} MiB |")
    lines += ["", END]

    doc = pathlib.Path(args.doc)
    text = doc.read_text() if doc.exists() else f"{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(head + "\n".join(lines) + tail)
    print("\n".join(lines))
    print(f"wrote {doc}")


def anchor_numpy_version(work: pathlib.Path) -> str:
    m = re.search(r"# numpy (\S+),", (work / "anchor" / "results" / "numpy.txt").read_text())
    return m.group(1) if m else ""


if __name__ == "__main__":
    main()
