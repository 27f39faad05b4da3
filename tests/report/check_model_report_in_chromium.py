#!/usr/bin/python3
"""The model page of `vitals evaluate --report`, rendered in headless Chromium.

  check_model_report_in_chromium.py VITALS SOURCE_DIR WORK [--screenshot-to PATH]

Fits a binned card on the shipped sample (docs/examples/accounts.csv, churned_next_quarter), writes
`vitals evaluate --report` of the built-in card beside it (with --format json for the numbers),
loads the page in headless Chromium (--dump-dom and --screenshot) and fails on:
  - any console message or an element that would load anything (the health report's checks,
    check_report_in_chromium.py, which also checks itself first);
  - a section missing, or a chart or table that disagrees with the report's JSON: a curve per
    scorecard in the ROC and precision-recall charts with the JSON's point count, a marker per
    non-empty calibration bin, a lift column per scorecard and decile with the JSON's lift, the
    lift rows' accounts and churned, a weights row per measure of each scorecard file;
  - the built-in card's ROC AUC on the page differing from a Mann-Whitney count in plain Python
    over `vitals score --format csv` and the labels (risk = 100 - score, ties counted one half);
and saves a screenshot (WORK/model.png; also PATH with --screenshot-to, as docs/report.md's is made).
Exit 77 (ctest SKIP_RETURN_CODE) only when there is no chromium.
"""
import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_report_in_chromium import SKIP, loads_anything, open_page, start  # noqa: E402


def mann_whitney_auc(risk, labels):
    pos = [r for r, y in zip(risk, labels) if y == 1]
    neg = [r for r, y in zip(risk, labels) if y == 0]
    wins = 0.0
    neg.sort()
    import bisect
    for r in pos:
        below = bisect.bisect_left(neg, r)
        ties = bisect.bisect_right(neg, r) - below
        wins += below + 0.5 * ties
    return wins / (len(pos) * len(neg))


def main():
    args = start(__doc__)
    if args is None:
        return SKIP
    vitals, source, work, screenshot_to, binary = args

    sample = os.path.join(source, "docs", "examples", "accounts.csv")
    fitted = os.path.join(work, "fitted.json")
    subprocess.run([vitals, "fit", sample, "-l", "churned_next_quarter", "--bin", "--name", "fitted", "--out", fitted, "-q"],
                   check=True)
    page_path, json_path = os.path.join(work, "model.html"), os.path.join(work, "model.json")
    r = subprocess.run([vitals, "evaluate", sample, "-l", "churned_next_quarter", "-s", "default", "-s", fitted, "--name", "built-in",
                        "--name", "fitted (binned)", "--format", "json", "--out", json_path, "--report", page_path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"vitals evaluate failed ({r.returncode}): {r.stderr}")
    with open(json_path) as f:
        report = json.load(f)

    shot = os.path.join(work, "model.png")
    dom, p = open_page(binary, page_path, shot, 2400)
    p.check(not loads_anything(dom), f"elements that load something: {loads_anything(dom)[:5]}")
    for s in ("model-summary", "comparison", "roc", "precision-recall", "calibration", "lift", "weights"):
        p.check(dom.by_id(s) is not None, f"section #{s} missing")
    if p:
        print("\n".join(p))
        return 1

    cards = report["scorecards"]
    names = ["built-in", "fitted (binned)"]
    p.check([c["name"] for c in cards] == names, f"scorecards {[c['name'] for c in cards]}")
    rows = dom.by_id("comparison").find_all("tr", "card-row")
    p.check([r.attrs.get("data-card") for r in rows] == names, "comparison rows")
    for row, card in zip(rows, cards):
        p.check(abs(float(row.attrs["data-roc-auc"]) - card["roc_auc"]) <= 1e-6, f"{card['name']}: ROC AUC on the page")

    for chart, key in (("roc-chart", ("roc_curve", "fpr")), ("pr-chart", ("pr_curve", "recall"))):
        node = dom.by_id(chart)
        p.check(node is not None, f"svg#{chart} missing")
        if node is None:
            continue
        curves = node.find_all("polyline", "curve")
        p.check(len(curves) == 2, f"{chart}: {len(curves)} curves")
        for k, c in enumerate(curves):
            p.check(c.attrs.get("data-series") == str(k), f"{chart}: curve {k} series")
            p.check(int(c.attrs.get("data-points", -1)) == len(cards[k][key[0]][key[1]]), f"{chart}: curve {k} points")
            p.check(len(c.attrs.get("points", "").split()) >= 2, f"{chart}: curve {k} drawn")
        p.check(len(node.find_all("line", "reference")) == 1, f"{chart}: reference line")
        p.check(len(node.find_all("g", "legend-item")) == 2, f"{chart}: legend")

    markers = dom.by_id("calibration-chart").find_all("circle", "marker")
    expected = [(k, b) for k, c in enumerate(cards) for b in c["calibration"] if b["accounts"] > 0]
    p.check(len(markers) == len(expected), f"calibration: {len(markers)} markers for {len(expected)} non-empty bins")
    for m, (k, b) in zip(markers, expected):
        p.check(m.attrs.get("data-series") == str(k) and int(m.attrs["data-count"]) == b["accounts"], "calibration marker")

    columns = dom.by_id("lift-chart").find_all("rect", "group-column")
    expected = [(k, d, g) for k, c in enumerate(cards) for d, g in enumerate(c["lift_by_group"]) if g["lift"] is not None]
    p.check(len(columns) == len(expected), f"lift: {len(columns)} columns for {len(expected)}")
    for col, (k, d, g) in sorted(zip(sorted(columns, key=lambda c: (int(c.attrs["data-series"]), int(c.attrs["data-group"]))), expected),
                                 key=lambda t: (t[1][0], t[1][1])):
        p.check(int(col.attrs["data-group"]) == d + 1 and abs(float(col.attrs["data-value"]) - g["lift"]) <= 1e-6,
                f"lift column {k}/{d + 1}")
    lift_rows = dom.by_id("lift").find_all("tr", "lift-row")
    p.check(len(lift_rows) == 20, f"{len(lift_rows)} lift rows")
    for row, (k, d, g) in zip(lift_rows, [(k, d, g) for k, c in enumerate(cards) for d, g in enumerate(c["lift_by_group"])]):
        p.check(row.attrs["data-card"] == names[k] and int(row.attrs["data-group"]) == d + 1 and
                int(row.attrs["data-accounts"]) == g["accounts"] and int(row.attrs["data-churned"]) == g["churned"],
                f"lift row {k}/{d + 1}")
    for k, c in enumerate(cards):
        p.check(sum(g["accounts"] for g in c["lift_by_group"]) == c["scored"], f"{c['name']}: deciles hold every scored account")

    with open(os.path.join(source, "docs", "examples", "scorecard-default.json")) as f:
        default_measures = [m["name"] for m in json.load(f)["measures"]]
    with open(fitted) as f:
        fitted_measures = [m["name"] for m in json.load(f)["measures"]]
    blocks = dom.by_id("weights").find_all("div", "card-weights")
    p.check(len(blocks) == 2, f"{len(blocks)} weights blocks")
    for block, measures in zip(blocks, (default_measures, fitted_measures)):
        got = [r.attrs.get("data-measure") for r in block.find_all("tr", "weight-row")]
        p.check(got == measures, f"weights of {block.attrs.get('data-card')}: {got}")
        shares = sum(float(r.attrs["data-share"]) for r in block.find_all("tr", "weight-row"))
        p.check(abs(shares - 1.0) <= 1e-9, f"weights of {block.attrs.get('data-card')}: shares add to {shares}")
    p.check(len(blocks[1].find_all("table", "bins")) > 0, "the binned card has no bins table")

    # the built-in card's ROC AUC, counted independently from its scores
    scores = list(csv.DictReader(io.StringIO(subprocess.run([vitals, "score", sample, "--format", "csv", "-q"], check=True,
                                                            capture_output=True, text=True).stdout)))
    with open(sample) as f:
        label = {row["account_id"]: int(row["churned_next_quarter"]) for row in csv.DictReader(f)}
    risk, y = [], []
    for s in scores:
        if s["score"] not in ("", "nan"):
            risk.append(100.0 - float(s["score"]))
            y.append(label[s["account_id"]])
    auc = mann_whitney_auc(risk, y)
    p.check(len(risk) == cards[0]["scored"], f"scored {len(risk)} vs {cards[0]['scored']}")
    p.check(abs(float(rows[0].attrs["data-roc-auc"]) - auc) <= 1e-6, f"ROC AUC {rows[0].attrs['data-roc-auc']} vs Mann-Whitney {auc}")

    if screenshot_to and os.path.exists(shot):
        import shutil
        shutil.copyfile(shot, screenshot_to)
    if p:
        print("\n".join(p))
        return 1
    print(f"model page: {len(cards)} scorecards, {sum(len(c['roc_curve']['fpr']) for c in cards)} ROC points, "
          f"{os.path.getsize(page_path)} bytes; screenshot {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
