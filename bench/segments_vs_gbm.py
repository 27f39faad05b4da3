"""A synthetic book whose churn follows a *sum* of columns (the whole monthly bill, not its four
parts) and differs between two segments, with a seeded train / test split: the plain learned
scorecard, the one with a derived input (the bill), and a scorecard set fitted per segment with
the derived input and bins (`vitals fit --segment-by`), each held out, beside scikit-learn's
GradientBoostingClassifier on the same split, in one run (issue 15's "What it must show").

    /usr/bin/python3 bench/segments_vs_gbm.py build/ci/src/cli/vitals [accounts] [seed]

Needs python3-sklearn (Debian). Prints a Markdown table of held-out ROC AUC; docs/models.md quotes it.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

vitals = sys.argv[1] if len(sys.argv) > 1 else "build/ci/src/cli/vitals"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 11
rng = np.random.default_rng(seed)

segment = rng.choice(["smb", "enterprise"], size=n, p=[0.6, 0.4])
ent = segment == "enterprise"
parts = {f"charge_{k}": rng.gamma(2.0, 10.0, n) for k in "abcd"}  # four parts of the monthly bill
bill = sum(parts.values())
usage = rng.uniform(0, 1, n)
tenure = rng.integers(1, 72, n).astype(float)
nps = rng.uniform(-100, 100, n)
# smb churns when the whole bill passes 95 (a threshold on the sum: no single charge shows it) and
# on tenure; enterprise on usage and NPS, hardly on the bill
logit = np.where(ent,
                 -1.2 - 3.0 * (usage - 0.5) - 0.012 * nps - 0.004 * (bill - 80),
                 -1.8 + 2.5 * (bill > 95) - 0.03 * (tenure - 36) - 0.5 * (usage - 0.5))
churned = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
book = pd.DataFrame({"account_id": [f"A{i}" for i in range(n)], "segment": segment, **parts, "usage": usage,
                     "tenure": tenure, "nps": nps, "churned": churned})
test = rng.random(n) < 0.3


def measure(name, column, worst, best):
    return {"name": name, "input": column, "normaliser": {"kind": "linear", "worst": worst, "best": best}}


plain = {"vitals_scorecard": 1, "name": "plain", "measures": [
    *[measure(c, c, 60, 0) for c in parts], measure("usage", "usage", 0, 1), measure("tenure", "tenure", 0, 72),
    measure("nps", "nps", -100, 100)]}
derived = {"vitals_scorecard": 1, "name": "derived",
           "derived": [{"name": "bill", "expression": "charge_a + charge_b + charge_c + charge_d"}],
           "measures": [measure("bill", "bill", 200, 20), measure("usage", "usage", 0, 1),
                        measure("tenure", "tenure", 0, 72), measure("nps", "nps", -100, 100)]}

with tempfile.TemporaryDirectory() as tmp:
    p = lambda f: os.path.join(tmp, f)
    book[~test].to_csv(p("train.csv"), index=False)
    book[test].to_csv(p("test.csv"), index=False)
    for name, card in (("plain", plain), ("derived", derived)):
        with open(p(f"{name}.json"), "w") as f:
            json.dump(card, f)

    def run(*args):
        t = time.perf_counter()
        subprocess.run([vitals, *args], check=True, capture_output=True)
        return time.perf_counter() - t

    timing = {}
    timing["plain learned"] = run("fit", p("train.csv"), "-l", "churned", "-s", p("plain.json"), "-o", p("plain_fit.json"), "-q")
    timing["derived learned"] = run("fit", p("train.csv"), "-l", "churned", "-s", p("derived.json"), "-o", p("derived_fit.json"), "-q")
    timing["derived binned"] = run("fit", p("train.csv"), "-l", "churned", "-s", p("derived.json"), "--bin", "-o",
                                   p("derived_bin.json"), "-q")
    timing["derived binned, per segment"] = run("fit", p("train.csv"), "-l", "churned", "-s", p("derived.json"), "--bin",
                                                "--segment-by", "segment", "-o", p("set.json"), "-q")
    out = subprocess.run([vitals, "evaluate", p("test.csv"), "-l", "churned", "-s", p("plain_fit.json"), "-s",
                          p("derived_fit.json"), "-s", p("derived_bin.json"), "-s", p("set.json"), "--bootstrap", "0",
                          "--format", "json"], check=True, capture_output=True, text=True).stdout
    rows = json.loads(out)["scorecards"]

from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score

X = pd.get_dummies(book.drop(columns=["account_id", "churned"]), columns=["segment"], drop_first=True).to_numpy(float)
t = time.perf_counter()
gbm = GradientBoostingClassifier(random_state=0).fit(X[~test], churned[~test])
gbm_time = time.perf_counter() - t
gbm_auc = roc_auc_score(churned[test], gbm.predict_proba(X[test])[:, 1])

names = ["plain learned card (the four charges as measures)", "derived input `bill` = sum of the charges, learned",
         "derived input, binned + learned", "derived input, binned + learned, a card per segment (--segment-by)"]
print(f"synthetic book: {n:,} accounts (seed {seed}), {int(test.sum()):,} held out, churn {churned.mean():.3f}\n")
print("| model | held-out ROC AUC | gap to GBM | fit time |")
print("|---|---|---|---|")
for name, row, (label, secs) in zip(names, rows, timing.items()):
    print(f"| {name} | {row['roc_auc']:.4f} | {row['roc_auc'] - gbm_auc:+.4f} | {secs:.2f} s (whole command) |")
print(f"| scikit-learn GradientBoostingClassifier (default, raw columns + segment) | {gbm_auc:.4f} | 0 | {gbm_time:.2f} s |")
