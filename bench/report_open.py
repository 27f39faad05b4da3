#!/usr/bin/python3
"""How long headless Chromium takes to open the report of a big book, and how big the file is.

  bench/report_open.py VITALS [--accounts 1000000] [--runs 5] [--work DIR] [--screenshot-to PNG]

Writes `vitals sample --accounts N` and `vitals report` of it, then opens the report in headless
Chromium (--screenshot: the page loaded, laid out and painted) `runs` times, and a blank page as many
times; prints the medians and their difference (Chromium's own start-up is in both) as the lines
docs/report.md quotes. A measurement, not a test: nothing here passes or fails on time.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def chromium(url, out_png, profile):
    cmd = ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
           "--user-data-dir=" + profile, "--window-size=1280,3000", "--force-device-scale-factor=1",
           "--screenshot=" + out_png, url]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vitals")
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/vitals-report-bench")
    ap.add_argument("--screenshot-to")
    a = ap.parse_args()
    if not shutil.which("chromium"):
        sys.exit("no chromium (apt-get install chromium)")
    os.makedirs(a.work, exist_ok=True)
    book = os.path.join(a.work, f"accounts-{a.accounts}.csv")
    report = os.path.join(a.work, f"report-{a.accounts}.html")
    blank = os.path.join(a.work, "blank.html")
    with open(blank, "w") as f:
        f.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>blank</title></head><body></body></html>\n")
    if not os.path.exists(book):
        subprocess.run([a.vitals, "sample", "--accounts", str(a.accounts), "--seed", "1", "--out", book, "--no-progress"], check=True)
    t = time.perf_counter()
    subprocess.run([a.vitals, "report", book, "--out", report, "-q"], check=True)
    write_s = time.perf_counter() - t
    size = os.path.getsize(report)
    profile = os.path.join(a.work, "profile")
    png = os.path.join(a.work, "shot.png")
    chromium("file://" + blank, png, profile)  # a first start fills the profile
    page, empty = [], []
    for _ in range(a.runs):
        page.append(chromium("file://" + report, png, profile))
        empty.append(chromium("file://" + blank, os.path.join(a.work, "blank.png"), profile))
    if a.screenshot_to:
        chromium("file://" + report, a.screenshot_to, profile)
    mp, me = statistics.median(page), statistics.median(empty)
    print(f"accounts: {a.accounts:,}; report file: {size:,} bytes ({size / 1024:.0f} KB); vitals report: {write_s:.2f} s")
    print(f"chromium --headless --screenshot, median of {a.runs}: report {mp:.2f} s (runs {', '.join(f'{x:.2f}' for x in page)}), "
          f"blank page {me:.2f} s; the report's own load, layout and paint: {mp - me:.2f} s")


if __name__ == "__main__":
    main()
