"""The examples in docs/python.md show what the package really returns."""

import os

import pandas as pd
import pytest

import vitals

from conftest import REPO

ROW = {"active_users": 40, "licensed_seats": 50, "nps": 10, "days_late": 3, "tenure_months": 30,
       "contact_tenure_days": 400, "executive_sponsor": 1, "training_completion": 0.7,
       "tickets_per_seat": 0.1, "ticket_sentiment": 0.2, "logins_trend": -0.05, "seat_change_pct": 0.0}


def test_explain_example(card):
    text = open(os.path.join(REPO, "docs", "python.md")).read()
    e = card.explain(ROW)
    assert f"({e['score']!r}, {e['band_label']!r})" in text
    m = e["measures"][0]
    assert f"'raw': {m['raw']!r}, 'sub_score': {m['sub_score']!r}" in text
    assert repr([card.measures[d] for d in e["drivers"]][:3]) in text


def test_error_example(card):
    text = open(os.path.join(REPO, "docs", "python.md")).read()
    df = pd.DataFrame([ROW], index=["acme"])
    with pytest.raises(vitals.VitalsError) as e:
        card.score(df.drop(columns=["nps"]))
    assert e.value.code == vitals.ERR_UNKNOWN_COLUMN
    assert str(e.value) in text


def test_session_example():
    text = open(os.path.join(REPO, "docs", "python.md")).read()
    ex = os.path.join(REPO, "docs", "examples")
    book = pd.read_csv(os.path.join(ex, "accounts.csv"), dtype={"account_id": str, "segment": str, "parent_id": str},
                       float_precision="round_trip")
    with vitals.Session(os.path.join(ex, "segments.json"), as_of="2026-11-30",
                        **{k: os.path.join(ex, f"{k}.csv") for k in ("history", "previous", "surveys", "overrides")}) as s:
        result = s.score(book)
    table = result[["score", "band", "card", "change", "direction", "quadrant"]].head(3).to_string()
    assert "\n".join("# " + line.rstrip() for line in table.splitlines()) in text
    assert f"# {result.loc['ACC-00000002', 'override']!r}" in text
    assert f"# {result.loc['ACC-00000010', ['alerts', 'alerts_held']].tolist()!r}" in text
    assert "| `" + "`, `".join(["score", "coverage"]) + "` |" in text
    documented = set()
    for line in text.split("## The account session")[1].split("# The building blocks")[0].splitlines():
        if line.startswith("| `"):
            documented.update(c.strip("` ") for c in line.split("|")[1].split(","))
    assert set(result.columns) <= documented


def test_drift_and_band_examples():
    """docs/history.md, "Drift and band proposals from C and Python": the lines it shows."""
    text = open(os.path.join(REPO, "docs", "history.md")).read()
    card = vitals.Scorecard.default()
    book = pd.read_csv(os.path.join(REPO, "docs", "examples", "accounts.csv"), dtype={"account_id": str},
                       float_precision="round_trip").set_index("account_id")
    score = card.score(book).score
    assert repr(vitals.population_stability(book.nps, book.nps - 40)) in text
    assert repr(vitals.propose_bands(card, score, {"red": 0.20})) in text
