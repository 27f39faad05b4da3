#!/usr/bin/python3
"""Compute the model test fixtures ONCE with Debian's scikit-learn (python3-sklearn 1.2.1).

Run from the repository root:  /usr/bin/python3 tests/model/make_fixtures.py
Writes tests/data/model_metrics.txt, tests/data/model_logistic.txt, tests/data/model_telco_split.txt.
The tests read these files; they never need scikit-learn at run time.
Numbers are written with repr() (shortest round-trip form), so the C++ side reads them exactly.
"""
import pathlib

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def nums(xs):
    return " ".join(repr(float(x)) for x in xs)


def metrics_fixture():
    rng = np.random.default_rng(20261122)
    cases = []
    # hand-made: ties across classes, a constant score, perfect and reversed rankings
    cases.append(("ties", [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.1, 0.9], [0, 0, 1, 1, 1, 0, 1, 1]))
    cases.append(("constant", [0.3] * 7, [0, 1, 0, 0, 1, 1, 0]))
    cases.append(("perfect", [0.1, 0.2, 0.3, 0.7, 0.8], [0, 0, 0, 1, 1]))
    cases.append(("reversed", [0.9, 0.8, 0.3, 0.2, 0.1], [0, 0, 1, 1, 1]))
    cases.append(("one_positive", [0.5, 0.2, 0.2, 0.9, 0.2], [0, 0, 1, 0, 0]))
    # random with heavy ties: scores rounded to one decimal
    s = np.round(rng.uniform(0, 1, 500), 1)
    y = (rng.uniform(0, 1, 500) < 0.2 + 0.5 * s).astype(int)
    cases.append(("rounded_500", s, y))
    # random continuous, imbalanced
    s = rng.beta(2, 5, 2000)
    y = (rng.uniform(0, 1, 2000) < s * 0.6).astype(int)
    cases.append(("beta_2000", s, y))
    lines = [f"# scikit-learn {sklearn.__version__}: roc_auc_score, average_precision_score, "
             "brier_score_loss(labels, scores) per case; scores double as probabilities"]
    for name, s, y in cases:
        s = np.asarray(s, dtype=float)
        y = np.asarray(y, dtype=int)
        lines.append(f"case {name}")
        lines.append("scores " + nums(s))
        lines.append("labels " + " ".join(str(int(v)) for v in y))
        lines.append("auc " + repr(float(roc_auc_score(y, s))))
        lines.append("ap " + repr(float(average_precision_score(y, s))))
        lines.append("brier " + repr(float(brier_score_loss(y, s))))
    (DATA / "model_metrics.txt").write_text("\n".join(lines) + "\n")


def logistic_fixture():
    rng = np.random.default_rng(7)
    n, p = 300, 5
    X = rng.normal(size=(n, p)) @ np.diag([1.0, 2.0, 0.5, 1.0, 3.0]) + rng.normal(size=p)
    beta = np.array([1.0, -0.5, 2.0, 0.0, 0.3])
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(X - X.mean(0)) @ beta + 0.4))).astype(int)
    Xs = StandardScaler().fit_transform(X)
    lines = [f"# scikit-learn {sklearn.__version__}: LogisticRegression(penalty='l2', C=C, solver='newton-cg', "
             "tol=1e-10, max_iter=100000) on the standardised matrix below (StandardScaler); "
             "objective sum(log-loss) + ||w||^2 / (2C), intercept not penalised"]
    lines.append(f"shape {n} {p}")
    for i in range(n):
        lines.append("row " + nums(Xs[i]) + " " + str(int(y[i])))
    for C in (1.0, 0.05, 100.0):
        # newton-cg reaches a gradient of ~1e-9; lbfgs stops at ~1e-4 (scipy's ftol), too loose for 1e-6
        m = LogisticRegression(penalty="l2", C=C, solver="newton-cg", tol=1e-10, max_iter=100000).fit(Xs, y)
        p_ = 1 / (1 + np.exp(-(Xs @ m.coef_[0] + m.intercept_[0])))
        grad = np.r_[np.sum(p_ - y), Xs.T @ (p_ - y) + m.coef_[0] / C]
        lines.append(f"# C={C!r}: max |gradient| of the penalised objective at sklearn's solution {np.abs(grad).max():.1e}")
        lines.append(f"fit {C!r} {m.intercept_[0]!r} " + nums(m.coef_[0]))
    (DATA / "model_logistic.txt").write_text("\n".join(lines) + "\n")


def telco_split():
    df = pd.read_csv(DATA / "telco_churn.csv")
    keep = df["total_charges"].notna().to_numpy()
    rows = np.flatnonzero(keep)  # data-row indices (0-based, header excluded) of the 7,032 kept rows
    d = df[keep].reset_index(drop=True)
    y = (d["churn"] == "Yes").astype(int).to_numpy()
    X = pd.get_dummies(d.drop(columns=["churn"]), drop_first=True).astype(float)
    idx = np.arange(len(d))
    tr, te = train_test_split(idx, test_size=0.25, random_state=42, stratify=y)
    sc = StandardScaler().fit(X.iloc[tr])
    m = LogisticRegression(C=1.0, max_iter=10000).fit(sc.transform(X.iloc[tr]), y[tr])
    p = m.predict_proba(sc.transform(X.iloc[te]))[:, 1]
    auc = roc_auc_score(y[te], p)
    lines = [f"# Protocol A of /work/shared/data/README.md (scikit-learn {sklearn.__version__}): drop the 11 rows "
             "with total_charges NA, train_test_split(test_size=0.25, random_state=42, stratify=churn).",
             "# 'test' lists the held-out rows as 0-based data-row indices of tests/data/telco_churn.csv "
             "(header not counted); every other kept row is training data.",
             f"# sklearn LogisticRegression(C=1) on the one-hot, standardised columns: held-out ROC AUC {auc!r}",
             f"sklearn_auc {auc!r}",
             "test " + " ".join(str(int(rows[i])) for i in sorted(te))]
    (DATA / "model_telco_split.txt").write_text("\n".join(lines) + "\n")
    print("protocol A sklearn AUC", auc, "test rows", len(te))


if __name__ == "__main__":
    metrics_fixture()
    logistic_fixture()
    telco_split()
