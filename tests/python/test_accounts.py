"""Accounts in Python: dates, scorecard sets by segment, overrides with expiry."""

import datetime
import json
import math
import os
import re

import numpy as np
import pandas as pd
import pytest

import vitals
from vitals import _native

from conftest import REPO

DATA = os.path.join(REPO, "tests", "data", "accounts")
SET = os.path.join(DATA, "segments.json")
AS_OF = "2026-11-23"
NO_DEFAULT = ('{"vitals_scorecard_set": 1, "segment_column": "segment", '
              '"scorecards": {"SMB": "smb.json", "Enterprise": "enterprise.json"}}')


@pytest.fixture()
def accounts():
    return pd.read_csv(os.path.join(DATA, "accounts.csv"), index_col="account_id")


@pytest.fixture()
def card_set():
    with vitals.ScorecardSet.from_file(SET) as s:
        yield s


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


# ---- dates --------------------------------------------------------------------------------------------

def test_dates():
    assert vitals.parse_date("1970-01-01") == 0
    assert vitals.parse_date(AS_OF) == 20780
    assert vitals.format_date(20780) == AS_OF
    assert vitals.day_number(datetime.date(2026, 11, 23)) == 20780
    assert vitals.day_number(datetime.datetime(2026, 11, 23, 23, 59)) == 20780
    assert vitals.day_number(AS_OF) == vitals.day_number(20780) == 20780
    assert vitals.today() == vitals.day_number(datetime.datetime.now(datetime.timezone.utc).date())
    with pytest.raises(vitals.VitalsError) as e:
        vitals.parse_date("2026-02-29")
    assert e.value.name == "parse_error"
    assert "\"2026-02-29\" is not a date (YYYY-MM-DD): day 29 is not in 1-28 (2026-02 has 28 days)" in e.value.message
    for bad in ("2026-1-01", "2026/01/01", " 2026-01-01", "2026-01-01T00:00"):
        with pytest.raises(vitals.VitalsError):
            vitals.parse_date(bad)
    with pytest.raises(TypeError):
        vitals.day_number(True)


# ---- scorecard sets -----------------------------------------------------------------------------------

def test_set_from_file(card_set):
    assert not card_set.is_single
    assert card_set.segment_column == "segment"
    assert card_set.labels == ("SMB, Mid-market, default", "Enterprise")
    assert card_set.default_card == 0
    assert card_set.max_measures == 3
    assert card_set.inputs == ["active_users", "licensed_seats", "nps", "executive_sponsor"]
    assert [c.name for c in card_set.cards] == ["SMB", "Enterprise"]
    assert card_set.lookup("Enterprise") == 1
    assert card_set.lookup("Mid-market") == 0
    assert card_set.lookup("Startup") == 0  # the default
    assert "by 'segment'" in repr(card_set)


def test_segment_without_card_is_an_error_without_default_and_the_default_with_one(accounts, card_set):
    with vitals.ScorecardSet.from_json(NO_DEFAULT, base_dir=DATA) as s:
        assert s.default_card is None
        with pytest.raises(vitals.VitalsError) as e:
            s.lookup("Startup")
        assert e.value.name == "unknown_column"
        assert 'segment "Startup" (column segment) has no scorecard in the set, and the set has no default ' \
               "(known: SMB, Enterprise)" in e.value.message
        with pytest.raises(vitals.VitalsError) as e:
            s.score(accounts)
        assert e.value.name == "unknown_column"
        assert 'row 2: account "A-003": segment "Mid-market"' in e.value.message
        assert "(and 1 more rows without a scorecard)" in e.value.message
    scored = card_set.score(accounts)
    assert scored.loc["A-006", "scorecard"] == "SMB, Mid-market, default"
    assert scored.loc["A-006", "score"] == pytest.approx(100.0)


def test_dataframe_scores_by_segment(accounts, card_set):
    df = card_set.score(accounts, contributions=True, drivers=2)
    assert list(df.index) == list(accounts.index)
    assert list(df["scorecard"]) == ["SMB, Mid-market, default"] * 3 + ["Enterprise"] * 2 + \
        ["SMB, Mid-market, default"]
    assert df.loc["A-001", "score"] == pytest.approx((2 * 1.0 + 0.9) / 3 * 100)
    assert math.isnan(df.loc["A-001", "contribution.executive_sponsor"])  # not in the SMB card
    assert df.loc["A-005", "contribution.executive_sponsor"] == 0.0
    assert df.loc["A-005", "driver_2"] == "executive_sponsor"
    assert list(df["band_label"]) == ["green", "red", "yellow", "green", "red", "green"]


def test_batch_by_segment_equals_each_account_alone(card_set):
    rng = np.random.default_rng(6)
    n = 2000
    x = np.column_stack([rng.integers(0, 100, n), rng.integers(1, 100, n), rng.uniform(-80, 80, n),
                         rng.integers(0, 2, n)]).astype(np.float64)
    x[rng.random(x.shape) < 0.15] = np.nan
    cols = ["nps", "licensed_seats", "active_users", "executive_sponsor"]  # not the set's order
    x = x[:, [2, 1, 0, 3]]
    segments = rng.choice(["SMB", "Mid-market", "Enterprise", "", "Startup"], n)
    segments = [None if s == "" else s for s in segments]
    got = card_set.score(np.asfortranarray(x), segments, cols, contributions=True, drivers=3, threads=2,
                         block_size=64)
    assert isinstance(got, vitals.SetScores)
    for c, card in enumerate(card_set.cards):
        rows = np.flatnonzero(got.card == c)
        assert len(rows) > 0
        alone = card.score(x[rows], cols, contributions=True, drivers=3)
        np.testing.assert_array_equal(got.score[rows], alone.score)
        np.testing.assert_array_equal(got.band[rows], alone.band)
        np.testing.assert_array_equal(got.coverage[rows], alone.coverage)
        k = len(card.measures)
        np.testing.assert_array_equal(got.contributions[rows][:, :k], alone.contributions)
        assert np.isnan(got.contributions[rows][:, k:]).all()
        np.testing.assert_array_equal(got.drivers[rows], alone.drivers)
    expected = [card_set.lookup("" if s is None else s) for s in segments]
    assert got.card.tolist() == expected


def test_plain_scorecard_file_is_a_single_card_set(accounts):
    with vitals.ScorecardSet.from_file(os.path.join(DATA, "smb.json")) as s:
        assert s.is_single
        assert s.segment_column == ""
        assert s.labels == ("default",)
        df = s.score(accounts.drop(columns=["segment"]))
        assert df["scorecard"].unique().tolist() == ["default"]


def test_set_file_problems_have_json_pointers(tmp_path):
    text = json.dumps({"vitals_scorecard_set": 1, "segment_column": "tier",
                       "scorecards": {"A": {"vitals_scorecard": 1, "measures": [
                           {"name": "x", "input": "x", "weight": -1, "normaliser": {"kind": "flag", "good_when": True}}]},
                           "B": "missing.json"}, "extra": 1})
    with pytest.raises(vitals.VitalsError) as e:
        vitals.ScorecardSet.from_json(text, base_dir=str(tmp_path))
    assert e.value.name == "invalid_scorecard"
    lines = e.value.message.split("\n")
    assert lines[0].endswith('/extra: unknown key "extra" (expected one of: vitals_scorecard_set, segment_column, '
                             "scorecards, default, description)")
    assert lines[1] == "/scorecards/A/measures/0/weight: must be a finite number >= 0"
    assert lines[2] == f"/scorecards/B: {tmp_path}/missing.json: cannot open for reading"


# ---- overrides ----------------------------------------------------------------------------------------

def test_override_book_from_csv():
    book = vitals.OverrideBook.from_csv(os.path.join(DATA, "overrides.csv"))
    assert len(book) == 3
    e = book.entries()[1]
    assert e["account_id"] == "A-005" and e["target"] == "executive_sponsor" and e["value"] == 100.0
    assert e["author"] == "sam@example.com" and e["expires"] == "2026-11-23"
    assert e["origin"].endswith("overrides.csv:3")
    book.check_conflicts(AS_OF)


def test_override_rows_name_the_row_and_column(tmp_path):
    p = tmp_path / "o.csv"
    p.write_text("account_id,target,value,reason,author,expires\nA-1,score,50,why,who,2026-12-01\n"
                 "A-2,score,50,why,who,2026-02-30\n")
    with pytest.raises(vitals.VitalsError) as e:
        vitals.OverrideBook.from_csv(p)
    assert e.value.name == "parse_error"
    assert e.value.message == f'vitals_override_book_add_text: {p}:3: column expires: "2026-02-30" is not a date ' \
                              "(YYYY-MM-DD): day 30 is not in 1-28 (2026-02 has 28 days)"
    p.write_text("account_id,target,value,reason,author,expires\nA-1,score,150,why,who,2026-12-01\n")
    with pytest.raises(vitals.VitalsError) as e:
        vitals.OverrideBook.from_csv(p)
    assert e.value.name == "invalid_argument"
    assert f"{p}:2: column value: 150 is not in 0-100 (points)" in e.value.message
    p.write_text("account,target,value\n")
    with pytest.raises(vitals.VitalsError, match="the header must be"):
        vitals.OverrideBook.from_csv(p)


def test_unknown_measure_and_clashes(card_set, accounts):
    book = vitals.OverrideBook()
    book.add("A-001", "executive_sponsor", 100, "sponsor found", "dana", "2026-12-31", origin="overrides.csv:7")
    with pytest.raises(vitals.VitalsError) as e:
        book.validate(card_set.cards[0])
    assert e.value.name == "unknown_column"
    assert 'overrides.csv:7: column target: unknown measure "executive_sponsor" for account "A-001"' in e.value.message
    with pytest.raises(vitals.VitalsError) as e:
        book.score(card_set, accounts, as_of=AS_OF)
    assert 'row 0: account "A-001": overrides.csv:7' in e.value.message
    book.validate(card_set.cards[1])
    clash = vitals.OverrideBook()
    clash.add("A-002", "score", 60, "a", "b", "2026-12-31", origin="r2")
    clash.add("A-002", "score", 70, "c", "d", AS_OF, origin="r3")
    with pytest.raises(vitals.VitalsError) as e:
        clash.check_conflicts(AS_OF)
    assert 'r3: account "A-002" has two active overrides of "score" on 2026-11-23' in e.value.message
    clash.check_conflicts("2026-11-24")
    with pytest.raises(vitals.VitalsError):
        clash.add("A-3", "score", 101, "a", "b", AS_OF)
    assert len(clash) == 2


def test_expired_yesterday_lapses_expires_today_applies(card_set, accounts):
    book = vitals.OverrideBook.from_csv(os.path.join(DATA, "overrides.csv"))
    r = book.score(card_set, accounts, as_of=AS_OF, contributions=True)
    df = r.scores
    # A-004's score override expired yesterday: lapsed, the computed score stands
    assert df.loc["A-004", "override"] == "lapsed"
    assert df.loc["A-004", "score"] == df.loc["A-004", "computed_score"]
    a004 = [o for o in r.overrides if o["account_id"] == "A-004"][0]
    assert a004["effects"][0]["state"] == "lapsed" and a004["effects"][0]["value"] == 95.0
    # A-005's measure override expires today: it applies, and the account is re-scored
    assert df.loc["A-005", "override"] == "applied"
    assert df.loc["A-005", "score"] == pytest.approx((0 + 20 / 70 + 1) / 3 * 100)
    assert df.loc["A-005", "computed_score"] == pytest.approx((0 + 20 / 70 + 0) / 3 * 100)
    assert df.loc["A-005", "contribution.executive_sponsor"] == pytest.approx(100 / 3)
    # A-002's score override: both values and who/why are kept
    assert df.loc["A-002", "score"] == 65.0 and df.loc["A-002", "band_label"] == "yellow"
    assert df.loc["A-002", "computed_score"] == pytest.approx(10.0)
    assert df.loc["A-002", "computed_band_label"] == "red"
    a002 = [o for o in r.overrides if o["account_id"] == "A-002"][0]
    assert a002["score_overridden"] and a002["effects"][0]["author"] == "dana@example.com"
    assert a002["effects"][0]["reason"].startswith("Renewal signed")
    assert list(df["override"]) == ["", "applied", "", "lapsed", "applied", ""]
    # the next day the measure override has lapsed by itself
    later = book.score(card_set, accounts, as_of="2026-11-24").scores
    assert later.loc["A-005", "override"] == "lapsed"
    assert later.loc["A-005", "score"] == later.loc["A-005", "computed_score"]


def test_a_measure_override_of_missing_data_counts_as_present():
    with vitals.Scorecard.from_file(os.path.join(DATA, "smb.json")) as card:
        x = np.array([[np.nan, np.nan, 10.0]])  # only nps: coverage 1/3 < 0.5, not scored
        book = vitals.OverrideBook()
        book.add("A", "seat_utilisation", 50, "seats are being reassigned", "dana", datetime.date(2026, 12, 1))
        r = book.score(card, x, ids=["A"], as_of=AS_OF, columns=["active_users", "licensed_seats", "nps"])
        assert math.isnan(r.computed[0])
        assert r.scores.score[0] == pytest.approx((2 * 0.5 + 0.6) / 3 * 100)
        assert r.scores.coverage[0] == 1.0
        assert r.scores.status[0] == vitals.ACCOUNT_OK
        assert math.isnan(r.overrides[0]["effects"][0]["computed"])


def test_random_overrides_match_a_python_reference():
    """Flat weighted means: the expected score is easy to compute by hand in Python."""
    rng = np.random.default_rng(20261123)
    with vitals.Scorecard.from_file(os.path.join(DATA, "enterprise.json")) as card:
        n = 500
        x = np.column_stack([rng.integers(0, 100, n), rng.integers(1, 100, n), rng.uniform(-60, 60, n),
                             rng.integers(0, 2, n)]).astype(np.float64)
        x[rng.random(x.shape) < 0.2] = np.nan
        cols = ["active_users", "licensed_seats", "nps", "executive_sponsor"]
        ids = [f"acct-{i}" for i in range(n)]
        as_of = vitals.parse_date(AS_OF)
        book = vitals.OverrideBook()
        forced = {}
        for i in range(n):
            if rng.random() < 0.6:
                continue
            target = rng.choice(["score", "seat_utilisation", "nps", "executive_sponsor"])
            lapsed = rng.random() < 0.3
            value = float(rng.integers(0, 101))
            book.add(ids[i], target, value, "r", "a", as_of + (-1 if lapsed else int(rng.integers(0, 10))))
            if not lapsed:
                forced[i] = (target, value)
        r = book.score(card, x, ids, as_of=as_of)
        base = card.score(x, cols)
        np.testing.assert_array_equal(r.computed, base.score)
        for i in range(n):
            expl = card.explain(x[i], cols)
            subs = [m["sub_score"] for m in expl["measures"]]
            target, value = forced.get(i, (None, None))
            if target is not None and target != "score":
                subs[[m["name"] for m in expl["measures"]].index(target)] = value / 100
            present = [s for s in subs if s is not None]
            coverage = len(present) / 3
            expected = 100 * sum(present) / len(present) if present and coverage >= 0.5 else math.nan
            if target == "score":
                expected = value
            assert same(r.scores.score[i], expected) or abs(r.scores.score[i] - expected) < 1e-9, i
        assert {o["row"] for o in r.overrides} == {i for i in range(n) if ids[i] in
                                                   {e["account_id"] for e in book.entries()}}


# ---- the Python table agrees with vitals.h -----------------------------------------------------------

def test_accounts_structs_and_constants_match_the_header():
    text = open(os.path.join(REPO, "capi", "include", "vitals", "vitals.h")).read()
    for struct, cls in (("vitals_override_entry", _native.OverrideEntry),
                        ("vitals_overridden_row", _native.OverriddenRow),
                        ("vitals_override_effect", _native.OverrideEffect)):
        body = re.search(r"typedef struct " + struct + r" \{(.*?)\} " + struct + ";", text, re.S).group(1)
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        assert [f[0] for f in cls._fields_] == re.findall(r"\b(\w+);", body), struct
    defines = {m[0]: int(m[1]) for m in re.findall(r"#define (VITALS_OVERRIDE_[A-Z_]+) \(?(-?\d+)\)?\s", text)}
    assert defines == {"VITALS_OVERRIDE_APPLIED": _native.OVERRIDE_APPLIED,
                       "VITALS_OVERRIDE_LAPSED": _native.OVERRIDE_LAPSED,
                       "VITALS_OVERRIDE_SCORE": _native.OVERRIDE_SCORE}
