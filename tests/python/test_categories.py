"""Text categories from Python: a column of levels passed as text (object, string, category dtype,
records, one row) scores exactly as its level codes do; the unseen-level policy; explain names the
level; fit learns level sub-scores from a raw text column."""
import json
import math

import numpy as np
import pandas as pd
import pytest

import vitals

CARD = """{"vitals_scorecard": 1, "name": "cat", "measures": [
  {"name": "contract", "input": "contract",
   "normaliser": {"kind": "categories", "levels": ["Month-to-month", "One year", "Two year"], "scores": [0, 0.6, 1]}},
  {"name": "nps", "input": "nps", "normaliser": {"kind": "linear", "worst": -100, "best": 100}}]}"""


@pytest.fixture
def card():
    with vitals.Scorecard.from_json(CARD) as c:
        yield c


def test_levels_and_text_equal_codes(card):
    assert card.levels == {"contract": ["Month-to-month", "One year", "Two year"]}
    text = ["Month-to-month", " one YEAR", "Two year", None, "Weekly", "NA", "two year"]
    codes = [0.0, 1.0, 2.0, math.nan, math.nan, math.nan, 2.0]
    nps = [10.0, -20.0, 30.0, 40.0, 50.0, 0.0, 5.0]
    by_code = card.score(pd.DataFrame({"contract": codes, "nps": nps}))
    for frame in (pd.DataFrame({"contract": text, "nps": nps}),
                  pd.DataFrame({"contract": pd.Series(text, dtype="string"), "nps": nps}),
                  pd.DataFrame({"contract": pd.Series(text, dtype="category"), "nps": nps})):
        got = card.score(frame)
        assert np.array_equal(got.score, by_code.score, equal_nan=True)
        assert np.array_equal(got.coverage, by_code.coverage)
    records = [{"contract": t, "nps": n} for t, n in zip(text, nps)]
    assert np.array_equal(card.score(records).score, by_code.score, equal_nan=True)
    assert card.explain({"contract": "Two year", "nps": 0})["measures"][0]["level"] == "Two year"
    assert card.explain({"contract": 1, "nps": 0})["measures"][0]["level"] == "One year"  # a code is a code


def test_unseen_level_error_names_column_and_row():
    strict = CARD.replace('"scores": [0, 0.6, 1]}', '"scores": [0, 0.6, 1], "unseen": "error"}')
    with vitals.Scorecard.from_json(strict) as c:
        df = pd.DataFrame({"contract": ["One year", "Montly"], "nps": [1.0, 2.0]}, index=["A-1", "A-2"])
        with pytest.raises(ValueError, match=r"column 'contract': 'Montly' is not one of the levels "
                                             r"\(Month-to-month, One year, Two year\) \(row 'A-2'\)"):
            c.score(df)
        with pytest.raises(ValueError, match="not one of the levels"):
            c.explain({"contract": "Montly", "nps": 0})
        # empty and missing markers stay missing under "error" too
        assert list(c.score(pd.DataFrame({"contract": ["", "n/a"], "nps": [1.0, 2.0]})).coverage) == [0.5, 0.5]


def test_path_to_green_names_the_level(card):
    p = card.path_to_green({"contract": "Month-to-month", "nps": 20}, target="yellow")
    change = next(g["changes"][0] for g in p["single"] if g["changes"][0]["name"] == "contract")
    assert change["level_from"] == "Month-to-month" and change["level_to"] == "One year"


def test_fit_learns_level_sub_scores_from_text():
    rng = np.random.default_rng(3)
    n = 3000
    contract = rng.choice(["Month-to-month", "One year", "Two year"], size=n, p=[0.5, 0.3, 0.2])
    rate = np.select([contract == "Month-to-month", contract == "One year"], [0.45, 0.15], 0.03)
    churned = (rng.random(n) < rate).astype(int)
    df = pd.DataFrame({"contract": contract, "nps": rng.uniform(-100, 100, n), "churned": churned})
    with vitals.Scorecard.from_json(CARD) as start:
        fitted = vitals.fit(df, "churned", scorecard=start, bin=True)
    with fitted:
        contract_card = next(m for m in json.loads(fitted.to_json())["measures"] if m["name"] == "contract")
        scores = contract_card["normaliser"]["scores"]
        # by hand: (r_max - r) / (r_max - r_min) over the observed churn rates, 3 decimals
        r = [churned[contract == lv].mean() for lv in ("Month-to-month", "One year", "Two year")]
        want = [round(1000 * (max(r) - x) / (max(r) - min(r))) / 1000 for x in r]
        assert scores == pytest.approx(want, abs=1e-12)
        report = fitted.fit_report["measures"][0]
        assert [b["level"] for b in report["bins"]] == ["Month-to-month", "One year", "Two year"]
        assert [b["accounts"] for b in report["bins"]] == [float((contract == lv).sum())
                                                           for lv in ("Month-to-month", "One year", "Two year")]


def test_fit_by_segment_gives_a_set_on_one_probability_scale():
    """vitals.fit(..., segment_by=) is `vitals fit --segment-by`: a card per segment with enough
    accounts and churners, the default card for the rest; every card calibrated."""
    rng = np.random.default_rng(5)
    n = 4000
    plan = rng.choice(["smb", "enterprise", "tiny"], size=n, p=[0.55, 0.43, 0.02])
    nps = rng.uniform(-100, 100, n)
    contract = rng.choice(["Month-to-month", "One year", "Two year"], size=n)
    # smb churns on NPS, enterprise on the contract
    logit = np.where(plan == "smb", -1 - 0.02 * nps, np.select([contract == "Month-to-month"], [0.5], -2.5))
    churned = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    df = pd.DataFrame({"plan": plan, "contract": contract, "nps": nps, "churned": churned})
    with vitals.Scorecard.from_json(CARD) as start:
        fitted = vitals.fit(df, "churned", scorecard=start, bin=True, segment_by="plan", min_segment_accounts=300)
    with fitted:
        assert isinstance(fitted, vitals.ScorecardSet) and fitted.segment_column == "plan"
        segs = {s["value"]: s for s in fitted.fit_report["segments"]}
        assert segs["smb"]["card"] == "own" and segs["enterprise"]["card"] == "own"
        assert segs["tiny"]["card"] == "default" and "300" in segs["tiny"]["why"]
        for c in fitted.cards:  # every card stores its calibration: one probability scale
            assert json.loads(c.to_json())["calibration"]["slope"] < 0
        with pytest.raises(ValueError, match="segment_by: no column 'region'"):
            vitals.fit(df, "churned", segment_by="region")
        with pytest.raises(ValueError, match="min_segment_accounts"):
            vitals.fit(df, "churned", segment_by="plan", min_segment_accounts=0)
