"""vitals.fit and vitals.evaluate: against the CLI (the same C++ runner) on the Telco churn data,
numpy / pandas / plain sequences agreeing, labels in several spellings, and the errors."""

import json
import math
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

import vitals

from conftest import REPO

TELCO = os.path.join(REPO, "tests", "data", "telco_churn.csv")
SAMPLE = os.path.join(REPO, "docs", "examples", "accounts.csv")
CLI = os.environ.get("VITALS_CLI")

# The hand-made starting scorecard of tests/model/telco.hpp (telco_card()), as a file.
TELCO_CARD = {
    "vitals_scorecard": 1,
    "name": "telco-health",
    "groups": [{"name": g} for g in ("relationship", "support", "financial", "service")],
    "measures": [
        {"name": n, "input": n, "group": g, "normaliser": norm} for n, g, norm in [
            ("tenure", "relationship", {"kind": "linear", "worst": 0, "best": 72}),
            ("contract_months", "relationship", {"kind": "piecewise", "knots": [1, 12, 24], "scores": [0, 0.6, 1]}),
            ("dependents", "relationship", {"kind": "flag", "good_when": True}),
            ("online_security", "support", {"kind": "flag", "good_when": True}),
            ("tech_support", "support", {"kind": "flag", "good_when": True}),
            ("online_backup", "support", {"kind": "flag", "good_when": True}),
            ("monthly_charges", "financial", {"kind": "linear", "worst": 120, "best": 18}),
            ("electronic_check", "financial", {"kind": "flag", "good_when": False}),
            ("paperless_billing", "financial", {"kind": "flag", "good_when": False}),
            ("fiber_optic", "service", {"kind": "flag", "good_when": False}),
            ("no_internet", "service", {"kind": "flag", "good_when": True}),
            ("senior_citizen", "service", {"kind": "flag", "good_when": False}),
        ]
    ],
}


@pytest.fixture(scope="module")
def telco():
    """The Telco data as the numeric columns tests/model/telco.hpp makes, and the churn labels."""
    raw = pd.read_csv(TELCO, float_precision="round_trip")
    yes = lambda c: (raw[c] == "Yes").astype(np.float64)  # noqa: E731
    df = pd.DataFrame({
        "tenure": raw["tenure"].astype(np.float64),
        "contract_months": raw["contract"].map({"Two year": 24.0, "One year": 12.0}).fillna(1.0),
        "online_security": yes("online_security"),
        "tech_support": yes("tech_support"),
        "online_backup": yes("online_backup"),
        "monthly_charges": raw["monthly_charges"].astype(np.float64),
        "fiber_optic": (raw["internet_service"] == "Fiber optic").astype(np.float64),
        "no_internet": (raw["internet_service"] == "No").astype(np.float64),
        "electronic_check": (raw["payment_method"] == "Electronic check").astype(np.float64),
        "paperless_billing": raw["paperless_billing"].astype(np.float64),
        "senior_citizen": raw["senior_citizen"].astype(np.float64),
        "dependents": raw["dependents"].astype(np.float64),
    })
    return df, raw["churn"].map({"Yes": 1.0, "No": 0.0}).to_numpy()


@pytest.fixture(scope="module")
def telco_card():
    with vitals.Scorecard.from_json(json.dumps(TELCO_CARD)) as c:
        yield c


def write_csv(path, df, labels):
    with open(path, "w") as f:
        f.write(",".join(df.columns) + ",churn\n")
        for row, y in zip(df.itertuples(index=False), labels):
            f.write(",".join("" if math.isnan(v) else repr(float(v)) for v in row) + ("," + ("yes" if y else "no")) + "\n")


def weights(card):
    return [(m["name"], m["weight"]) for m in card.describe()["measures"]]


@pytest.mark.skipif(CLI is None, reason="VITALS_CLI (the vitals binary) not set")
def test_telco_fit_and_auc_equal_the_cli(tmp_path, telco, telco_card):
    df, y = telco
    write_csv(tmp_path / "telco.csv", df, y)
    (tmp_path / "start.json").write_text(telco_card.to_json())
    for extra, out in (([], "learned.json"), (["--bin"], "binned.json")):
        subprocess.run([CLI, "fit", "telco.csv", "-l", "churn", "-s", "start.json", "-o", out, "--report",
                        out + ".report", "-q"] + extra, cwd=tmp_path, check=True)
    ev_cli = json.loads(subprocess.run([CLI, "evaluate", "telco.csv", "-l", "churn", "-s", "learned.json", "-s",
                                        "binned.json", "--format", "json", "--bootstrap", "200"],
                                       cwd=tmp_path, check=True, capture_output=True, text=True).stdout)

    with vitals.fit(df, y, telco_card) as learned, vitals.fit(df, y, telco_card, bin=True) as binned:
        for card, out in ((learned, "learned.json"), (binned, "binned.json")):
            with vitals.Scorecard.from_file(tmp_path / out) as from_cli:
                assert weights(card) == weights(from_cli)  # exactly: the same runner, numbers written exactly
            report = json.loads((tmp_path / (out + ".report")).read_text())
            assert card.fit_report["training"] == report["training"]
            assert card.fit_report["churn_probability"] == report["churn_probability"]
        ev = vitals.evaluate(df, y, {"learned": learned, "binned": binned}, bootstrap=200)
    for mine, theirs in zip(ev["scorecards"], ev_cli["scorecards"]):
        assert mine["name"] == theirs["name"]
        for key in ("roc_auc", "roc_auc_interval", "average_precision", "top", "brier", "calibration", "scored"):
            assert mine[key] == theirs[key], key
    learned_auc, binned_auc = ev["scorecards"][0]["roc_auc"], ev["scorecards"][1]["roc_auc"]
    assert learned_auc > 0.83 and binned_auc >= learned_auc


def test_telco_numbers(telco, telco_card):
    df, y = telco
    with vitals.fit(df, y, telco_card) as learned:
        r = learned.fit_report
        assert r["accounts"] == 7043 and r["churned"] == 1869 and r["rows_used"] == 7043
        assert r["training"]["roc_auc"] > 0.83
        assert r["churn_probability"]["slope"] < 0
        assert abs(sum(m["share"] for m in r["measures"]) - 1) < 1e-12
        ev = vitals.evaluate(df, y, learned, bootstrap=0)
        assert ev["scorecards"][0]["roc_auc"] == r["training"]["roc_auc"]
        assert "[vitals fit: learned weights" in learned.describe()["description"]


def test_numpy_pandas_and_lists_agree(telco, telco_card):
    df, y = telco
    small, ys = df.iloc[:800], y[:800]
    names = list(small.columns)
    x = small.to_numpy()
    fits = [
        vitals.fit(small, ys, telco_card),                                     # pandas, by name
        vitals.fit(x, ys, telco_card, columns=names),                          # numpy C order
        vitals.fit(np.asfortranarray(x), list(ys), telco_card, columns=names),  # Fortran order, list labels
        vitals.fit(x, ys.astype(bool), telco_card, columns=names),             # boolean labels
        vitals.fit(x.tolist(), [int(v) for v in ys], telco_card, columns=names),  # plain lists
        vitals.fit([dict(zip(names, r)) for r in x.tolist()], ["Yes" if v else "no" for v in ys], telco_card),
    ]
    frame = small.assign(churned=ys)
    fits.append(vitals.fit(frame, "churned", telco_card))                     # the label column by name
    try:
        first = fits[0].to_json()
        for f in fits[1:]:
            assert f.to_json() == first
            assert f.fit_report == fits[0].fit_report
        # float32 data (monthly charges such as 29.85 round): the same fit to float precision
        with vitals.fit(x.astype(np.float32), ys, telco_card, columns=names) as f32:
            for a, b in zip(f32.fit_report["measures"], fits[0].fit_report["measures"]):
                assert a["share"] == pytest.approx(b["share"], abs=1e-5)
    finally:
        for f in fits:
            f.close()


def test_weighting_models_and_report(telco, telco_card):
    df, y = telco
    with vitals.fit(df, y, telco_card, weights="equal") as eq:
        shares = [m["share"] for m in eq.describe()["measures"]]
        assert all(abs(s - 1 / 12) < 1e-12 for s in shares)
    with vitals.fit(df, y, telco_card, weights="entropy") as ent:
        assert all("entropy" in m for m in ent.fit_report["measures"])
    with vitals.fit(df, y, telco_card, bin=True, options={"max_bins": 3}) as b:
        assert all(len(m["bins"]) <= 3 for m in b.fit_report["measures"])


def test_ahp_on_a_small_scorecard():
    df = pd.read_csv(SAMPLE)
    card_json = {"vitals_scorecard": 1, "name": "three", "measures": [
        {"name": "tenure_months", "input": "tenure_months", "normaliser": {"kind": "linear", "worst": 0, "best": 36}},
        {"name": "days_late", "input": "days_late", "normaliser": {"kind": "linear", "worst": 60, "best": 0}},
        {"name": "nps", "input": "nps", "normaliser": {"kind": "linear", "worst": -50, "best": 60}}]}
    with vitals.Scorecard.from_json(json.dumps(card_json)) as start:
        w = np.array([1.0, 2.0, 5.0])
        with vitals.fit(df, "churned_next_quarter", start, weights="ahp", pairwise=w[:, None] / w[None, :]) as a:
            assert abs(a.fit_report["ahp"]["consistency_ratio"]) < 1e-9
            assert [round(m["share"], 12) for m in a.fit_report["measures"]] == [0.125, 0.25, 0.625]
        with pytest.raises(vitals.VitalsError) as e:
            vitals.fit(df, "churned_next_quarter", start, weights="ahp",
                       pairwise=[[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
        assert e.value.code == vitals.ERR_INVALID_ARGUMENT
        assert "consistency ratio" in str(e.value) and "exceeds 0.10" in str(e.value)


def test_evaluate_table_and_folds():
    df = pd.read_csv(SAMPLE)
    with vitals.Scorecard.default() as d, vitals.fit(df, "churned_next_quarter", bin=True, missing="impute") as f:
        ev = vitals.evaluate(df, "churned_next_quarter", {"default": d, "fitted": f}, top=(0.1, 0.2), bootstrap=100)
        table = ev.to_pandas()
        assert list(table.index) == ["default", "fitted"]
        assert table.loc["fitted", "roc_auc"] == ev["scorecards"][1]["roc_auc"]
        assert table.loc["fitted", "roc_auc"] > table.loc["default", "roc_auc"]
        assert "lift@20%" in table.columns
        assert ev.table()[0]["name"] == "default"
        fixed = vitals.evaluate(df, "churned_next_quarter", [d, f], fixed_card_folds=5, bootstrap=0)
        assert fixed["probability"] == "out_of_fold"
        assert [s["name"] for s in fixed["scorecards"]] == ["vitals-default", "vitals-default"]
        assert len(fixed["scorecards"][1]["fixed_card_folds"]["roc_auc"]) == 5
        assert not math.isnan(fixed.to_pandas()["roc_auc_fold_sd"].iloc[0])


def test_cross_validation_refits_and_the_fixed_card_leak(telco, telco_card):
    df, y = telco
    recipes = ["none", {"weights": "learned", "bin": True}]
    ev = vitals.evaluate(df, y, {"start": telco_card}, cv=5, refit=recipes, bootstrap=0, seed=7)
    cv = ev.cross_validation()
    assert list(cv.index) == [("start", "none"), ("start", "learned+bin")]
    folds = ev["cross_validation"]["candidates"][1]["folds"]
    assert len(folds) == 5 and sum(f["accounts"] for f in folds) == len(df)
    assert cv.loc[("start", "learned+bin"), "roc_auc_sd"] > 0
    # a card fitted on all of the data, scored on folds of that same data, looks better than its
    # honest cross-validated figure: the leak the old "folds" option hid
    with vitals.fit(df, y, telco_card, bin=True) as fitted:
        leak = vitals.evaluate(df, y, fitted, fixed_card_folds=5, bootstrap=0, seed=7)
    assert leak["scorecards"][0]["fixed_card_folds"]["roc_auc_mean"] > cv.loc[("start", "learned+bin"), "roc_auc_mean"]
    with pytest.raises(ValueError, match="without cv"):
        vitals.evaluate(df, y, telco_card, bootstrap=0).cross_validation()


def test_errors(telco, telco_card):
    df, y = telco
    bad = y.copy()
    bad[3] = 2
    with pytest.raises(vitals.VitalsError) as e:
        vitals.fit(df, bad, telco_card)
    assert e.value.code == vitals.ERR_INVALID_ARGUMENT and "labels[3]: must be 0 or 1" in str(e.value)
    with pytest.raises(ValueError, match=r"labels\[1\]: 'maybe' is not 0/1"):
        vitals.fit(df.iloc[:3], ["yes", "maybe", "no"], telco_card)
    with pytest.raises(ValueError, match="labels: 5 labels for 7043 accounts"):
        vitals.fit(df, y[:5], telco_card)
    with pytest.raises(vitals.VitalsError) as e:
        vitals.fit(df.drop(columns=["tenure"]), y, telco_card)
    assert e.value.code == vitals.ERR_UNKNOWN_COLUMN
    with pytest.raises(vitals.VitalsError) as e:
        vitals.fit(df, y, telco_card, weights="magic")
    assert "options.weights" in str(e.value)
    with pytest.raises(vitals.VitalsError) as e:
        vitals.fit(df, np.zeros(len(y)), telco_card)
    assert "only one class" in str(e.value)
    with pytest.raises(KeyError):
        vitals.fit(df, "churn", telco_card)
    with pytest.raises(TypeError, match="folds: renamed"):
        vitals.evaluate(df, y, telco_card, folds=5)
    with pytest.raises(vitals.VitalsError) as e:
        vitals.evaluate(df, y, telco_card, cv=1)
    assert "options.cv: 0 (none) or at least 2" in str(e.value)
    with pytest.raises(vitals.VitalsError) as e:
        vitals.evaluate(df, y, telco_card, cv=3, refit=["sometimes"])
    assert 'options.refit[0]: must be "none" or a fit options object' in str(e.value)
    with pytest.raises(vitals.VitalsError) as e:
        vitals.evaluate(df, y, telco_card, cv=3, refit=[{"weights": "magic"}])
    assert "options.refit[0].weights" in str(e.value)
    with pytest.raises(ValueError, match="none given"):
        vitals.evaluate(df, y, [])


def test_evaluate_curves_against_direct_counts():
    df = pd.read_csv(SAMPLE)
    y = df["churned_next_quarter"].to_numpy()
    with vitals.fit(df, "churned_next_quarter", bin=True, missing="impute") as f:
        plain = vitals.evaluate(df, "churned_next_quarter", f, bootstrap=0)
        assert "roc_curve" not in plain["scorecards"][0]
        ev = vitals.evaluate(df, "churned_next_quarter", f, bootstrap=0, curves=True, lift_groups=5)
        s = ev["scorecards"][0]
        risk = 100.0 - f.score(df)["score"].to_numpy()
        with pytest.raises(vitals.VitalsError) as e:
            vitals.evaluate(df, "churned_next_quarter", f, bootstrap=0, curves=True, lift_groups=0)
        assert "lift_groups" in str(e.value)
    known = ~np.isnan(risk)
    risk, y = risk[known], y[known]
    pos, neg = int(y.sum()), int((1 - y).sum())
    # one point per distinct risk, from the riskiest down: the counts at or above it
    thresholds = sorted(set(risk.tolist()), reverse=True)
    fpr = [0.0] + [float(((risk >= t) & (y == 0)).sum()) / neg for t in thresholds]
    tpr = [0.0] + [float(((risk >= t) & (y == 1)).sum()) / pos for t in thresholds]
    assert s["roc_curve"]["fpr"] == pytest.approx(fpr, abs=1e-12)
    assert s["roc_curve"]["tpr"] == pytest.approx(tpr, abs=1e-12)
    area = sum((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2 for i in range(1, len(fpr)))
    assert area == pytest.approx(s["roc_auc"], abs=1e-12)
    # Mann-Whitney: the share of (churner, stayer) pairs ranked right, ties half
    p, n = risk[y == 1], risk[y == 0]
    mw = ((p[:, None] > n[None, :]).sum() + 0.5 * (p[:, None] == n[None, :]).sum()) / (pos * neg)
    assert area == pytest.approx(mw, abs=1e-12)
    # precision and recall at each threshold (no leading point): AP = sum of recall steps x precision
    recall, precision = s["pr_curve"]["recall"], s["pr_curve"]["precision"]
    assert recall == pytest.approx(tpr[1:], abs=1e-12)
    assert precision == pytest.approx([float(((risk >= t) & (y == 1)).sum()) / float((risk >= t).sum())
                                       for t in thresholds], abs=1e-12)
    ap = sum((r - q) * v for r, q, v in zip(recall, [0.0] + recall[:-1], precision))
    assert ap == pytest.approx(s["average_precision"], abs=1e-12)
    groups = s["lift_by_group"]
    assert 1 <= len(groups) <= 5
    assert sum(g["accounts"] for g in groups) == len(risk)
    assert sum(g["churned"] for g in groups) == pos
    assert groups[-1]["cumulative_capture"] == pytest.approx(1.0)
