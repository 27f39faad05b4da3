"""vitals.Session: the whole pipeline in one call equals, column for column and bit for bit, an
independent composition of the package's building blocks (trend_columns, survey_measures,
ScorecardSet.score, OverrideBook.score, score_trend, evaluate_alerts, classify) on docs/examples
with every side input; bad input gets errors and warnings that name the place."""

import json
import math
import os
import subprocess
import warnings
from io import StringIO

import numpy as np
import pandas as pd
import pytest

import vitals

from conftest import REPO

EX = os.path.join(REPO, "docs", "examples")
AS_OF = "2026-11-30"


def csv(name, **kw):
    return pd.read_csv(os.path.join(EX, name), float_precision="round_trip", **kw)


@pytest.fixture(scope="module")
def book():
    return csv("accounts.csv", dtype={"account_id": str, "segment": str, "parent_id": str})


@pytest.fixture(scope="module")
def side():
    return {"history": csv("history.csv", dtype={"account_id": str, "period": str}),
            "previous": csv("previous.csv", dtype={"account_id": str, "period": str, "alerts": str}),
            "surveys": csv("surveys.csv", dtype={"account_id": str, "respondent": str, "role": str})}


@pytest.fixture(scope="module")
def overrides():
    with vitals.OverrideBook.from_csv(os.path.join(EX, "overrides.csv")) as b:
        yield b


@pytest.fixture(scope="module", params=["segments.json", "scorecard-default.json"])
def cards(request):
    path = os.path.join(EX, request.param)
    if request.param == "segments.json":
        with vitals.ScorecardSet.from_file(path) as s:
            yield s
    else:
        with vitals.Scorecard.from_file(path) as c:
            yield c


def card_list(cards):
    return list(cards.cards) if isinstance(cards, vitals.ScorecardSet) else [cards]


def period_order(labels):
    labels = sorted(set(labels))
    try:
        return sorted(labels, key=float)
    except ValueError:
        return labels


def by_account(long, ids, column):
    """A long side input as accounts (the book's, in its order) x periods (in order)."""
    wide = long.pivot(index="account_id", columns="period", values=column)
    return wide.reindex(index=ids, columns=period_order(long["period"]))


def describe(e):
    """An override's effect as the session writes it (docs/cli.md)."""
    if e["state"] == "lapsed":
        return (f"{e['target']} override to {e['value']:.1f} lapsed ({e['author']}, expired {e['expires']}): "
                f"{e['reason']}")
    computed = "(no data)" if math.isnan(e["computed"]) else f"{e['computed']:.1f}"
    return f"{e['target']} {computed} -> {e['value']:.1f} ({e['author']}, until {e['expires']}): {e['reason']}"


def compose(cards, book, side, overrides, as_of, drivers=3):
    """The session's result from the building blocks, stage by stage (session.hpp's order)."""
    each = card_list(cards)
    ids = list(book["account_id"])
    n = len(ids)
    # derived columns: each card's trends over the history, the survey measures, by account id
    frame = book.set_index("account_id", drop=False)
    metrics = {m for c in each for m in vitals.history_metrics(c)}
    histories = {m: by_account(side["history"], ids, m).to_numpy() for m in metrics}
    for c in each:
        for name, values in vitals.trend_columns(c, histories).items():
            if name not in frame.columns:
                frame[name] = values
    measures = vitals.survey_measures(side["surveys"]).reindex(ids)
    for name in vitals.SURVEY_COLUMNS:
        frame[name] = measures[name].to_numpy()
    # score with each row's card, then the overrides as of the date
    if isinstance(cards, vitals.ScorecardSet):
        r = overrides.score(cards, frame, ids=ids, as_of=as_of, segments=list(book["segment"]), drivers=drivers)
        card = r.scores["scorecard"].map({label: k for k, label in enumerate(cards.labels)}).to_numpy()
        labels = list(r.scores["scorecard"])
    else:
        r = overrides.score(cards, frame, ids=ids, as_of=as_of, drivers=drivers)
        with vitals.ScorecardSet.from_json(cards.to_json()) as single:  # a card is a set of one
            card, labels = np.zeros(n, dtype=np.int64), list(single.labels) * n
    s = r.scores
    score = s["score"].to_numpy()
    out = {"score": score,
           "band": [b if b != "no data" else "" for b in s["band_label"]],
           "coverage": s["coverage"].to_numpy(),
           "status": ["ok" if v == vitals.ACCOUNT_OK else "insufficient_data" for v in s["status"]],
           "drivers": [";".join(d for d in row if d is not None)
                       for row in s[[f"driver_{k + 1}" for k in range(drivers)]].itertuples(index=False)]}
    out["card"] = labels
    out["computed_score"] = r.computed
    text = [""] * n
    for o in r.overrides:
        text[o["row"]] = "; ".join(describe(e) for e in o["effects"])
    out["override"] = text
    # the score trend and the alerts, each with its row's card
    prev = by_account(side["previous"], ids, "score").to_numpy()
    raised = by_account(side["previous"].fillna({"alerts": ""}), ids, "alerts").fillna("").to_numpy()
    change, direction = np.full(n, np.nan), np.full(n, 2)  # 2: unknown
    fired, held = [""] * n, [""] * n
    P = prev.shape[1]
    for k, c in enumerate(each):
        rows = card == k
        dead_band, window = vitals.score_trend_settings(c)
        ch, d = vitals.score_trend(score, prev, dead_band=dead_band, window=window)
        change[rows], direction[rows] = ch[rows], d[rows]
        rules = [a["name"] for a in vitals.alert_rules(c)]
        since = np.full((n, len(rules)), -1, dtype=np.int32)
        for i in range(n):
            for a, name in enumerate(rules):
                for j in range(P - 1, -1, -1):
                    if name in [x.strip() for x in raised[i, j].split(";")]:
                        since[i, a] = P - j
                        break
        alerts = vitals.evaluate_alerts(c, frame, score, prev, since, allow_absent=True)
        for i, row in enumerate(alerts.lists(include_suppressed=True)):
            if rows[i]:
                fired[i] = ";".join(a["name"] for a in row if not a["suppressed"])
                held[i] = ";".join(a["name"] for a in row if a["suppressed"])
    out["change"] = change
    out["direction"] = vitals.direction_names(direction)
    out["alerts"], out["alerts_held"] = fired, held
    # quadrants: the book's high-value cut-off, each card's health threshold
    value = book["arr"].to_numpy()
    cutoff = vitals.classify(value, score).summary.value_cutoff
    quadrant = np.full(n, vitals.QUADRANT_UNKNOWN)
    for k, c in enumerate(each):
        rows = card == k
        if rows.any():
            quadrant[rows] = vitals.classify(value[rows], score[rows], arr_cutoff=cutoff,
                                             health_threshold=vitals.health_threshold_of(c)).codes
    out["value"] = value
    out["quadrant"] = [vitals.QUADRANTS[q] for q in quadrant]
    # the assessment list: revenue at risk, and each account's place in the prioritised order
    ranked = vitals.prioritise(value, score)
    out["at_risk"] = value * (100.0 - score) / 100.0
    place = np.zeros(n, dtype=np.int32)
    place[np.asarray(ranked.order, dtype=np.int64)] = np.arange(1, ranked.listed + 1, dtype=np.int32)
    out["priority"] = place
    return pd.DataFrame({k: v for k, v in out.items() if v is not None}, index=pd.Index(ids, name="account_id"))


def assert_frames_equal(got, expected):
    assert list(got.columns) == list(expected.columns)
    assert got.index.equals(expected.index)
    for name in expected.columns:
        a, b = got[name].to_numpy(), expected[name].to_numpy()
        if b.dtype.kind == "f":
            assert a.dtype == np.float64 and np.array_equal(a, b, equal_nan=True), name  # bit for bit
        else:
            mismatch = [i for i in range(len(a)) if a[i] != b[i]]
            assert not mismatch, (name, [(got.index[i], a[i], b[i]) for i in mismatch[:3]])


def assert_parts_equal(got, whole):
    """A part of the book scored alone equals the whole book's rows, except `priority`: that is the
    row's place in the assessment list of the table it was scored in, so it is checked against the
    part's own ranking."""
    ranked = vitals.prioritise(got["value"].to_numpy(), got["score"].to_numpy())
    place = np.zeros(len(got), dtype=np.int32)
    place[np.asarray(ranked.order, dtype=np.int64)] = np.arange(1, ranked.listed + 1, dtype=np.int32)
    assert np.array_equal(got["priority"].to_numpy(), place)
    assert_frames_equal(got.drop(columns="priority"), whole.drop(columns="priority"))


# ---- the session equals the building blocks ---------------------------------------------------------

def test_session_equals_the_composition_of_the_building_blocks(cards, book, side, overrides):
    with vitals.Session(cards, history=side["history"], previous=side["previous"], surveys=side["surveys"],
                        overrides=overrides, as_of=AS_OF) as s:
        got = s.score(book)
    expected = compose(cards, book, side, overrides, AS_OF)
    assert_frames_equal(got, expected)
    # the example data exercises every stage: overrides applied and lapsed, trends, alerts held back
    assert (got["override"] != "").sum() >= 3 and (got["alerts_held"] != "").any()
    assert set(got["direction"]) >= {"improving", "declining", "stable"}
    assert got["quadrant"].nunique() == 5 and (got["band"] == "").sum() == 10


def test_paths_are_read_as_the_frames(book, side):
    paths = {k: os.path.join(EX, f"{k}.csv") for k in ("history", "previous", "surveys", "overrides")}
    with vitals.Session(os.path.join(EX, "segments.json"), as_of=AS_OF, **paths) as s:
        from_paths = s.score(book)
    with vitals.ScorecardSet.from_file(os.path.join(EX, "segments.json")) as cards, \
            vitals.OverrideBook.from_csv(paths["overrides"]) as b:
        expected = compose(cards, book, side, b, AS_OF)
    assert_frames_equal(from_paths, expected)


def test_chunks_equal_the_whole_book(book, side, overrides):
    with vitals.Session(os.path.join(EX, "segments.json"), as_of=AS_OF, arr_cutoff=50000.0, **side,
                        overrides=overrides) as s:
        whole = s.score(book)
        parts = [s.score(book.iloc[k:k + 300], row_offset=k, unmatched="ignore") for k in range(0, len(book), 300)]
        assert s.unmatched() == {}
    for k, part in enumerate(parts):
        assert_parts_equal(part, whole.iloc[300 * k:300 * (k + 1)])


def test_points_lost_and_ids(book):
    path = os.path.join(EX, "segments.json")
    with vitals.Session(vitals.ScorecardSet.from_file(path)) as s:
        got = s.score(book.set_index("account_id"), points_lost=True)
    assert got.index.name == "account_id" and list(got.index) == list(book["account_id"])
    # the survey columns are missing without surveys, as ScorecardSet.score reads them
    frame = book.assign(**{c: np.nan for c in vitals.SURVEY_COLUMNS})
    with vitals.ScorecardSet.from_file(path) as cards:
        expected = cards.score(frame, ids=list(book["account_id"]), contributions=True)
    lost = [c for c in expected.columns if c.startswith("points_lost.")]
    assert lost and [c for c in got.columns if c.startswith("points_lost.")] == lost
    for c in lost + ["score"]:
        assert np.array_equal(got[c].to_numpy(), expected[c].to_numpy(), equal_nan=True), c


def test_a_calibrated_card_gives_each_account_its_churn_probability(tmp_path, book):
    spec = json.load(open(os.path.join(EX, "scorecard-default.json")))
    with vitals.Session(vitals.Scorecard.from_file(os.path.join(EX, "scorecard-default.json"))) as s:
        assert "churn_probability" not in s.score(book).columns
    spec["calibration"] = {"intercept": 1.75, "slope": -0.0625}
    path = tmp_path / "calibrated.json"
    path.write_text(json.dumps(spec))
    with vitals.Session(str(path)) as s:
        got = s.score(book)
    scored = got["score"].notna()
    assert scored.sum() > 900 and got.loc[~scored, "churn_probability"].isna().all()
    want = 1.0 / (1.0 + np.exp(-(1.75 - 0.0625 * got.loc[scored, "score"].to_numpy())))
    assert np.allclose(got.loc[scored, "churn_probability"].to_numpy(), want, rtol=1e-15, atol=0)


# ---- bad input names the place ----------------------------------------------------------------------

def test_side_input_accounts_not_in_the_book_are_reported(book, side):
    history = pd.concat([side["history"], pd.DataFrame({"account_id": ["GHOST-1"], "period": ["2026-01"]})])
    ob = vitals.OverrideBook()
    ob.add("NOPE-7", "score", 50, "typo'd id", "sam", "2027-01-01")
    with vitals.Session(vitals.Scorecard.default(), history=history, overrides=ob, as_of=AS_OF,
                        allow_absent=True) as s:
        with pytest.warns(vitals.VitalsWarning) as w:
            s.score(book)
        text = " ".join(str(x.message) for x in w)
        assert "history" in text and "GHOST-1" in text and "overrides" in text and "NOPE-7" in text
        assert s.unmatched() == {"history": ["GHOST-1"], "overrides": ["NOPE-7"]}
        with pytest.raises(vitals.VitalsError, match="NOPE-7"):
            s.score(book, unmatched="error")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            s.score(book, unmatched="ignore")


def test_an_alert_column_the_book_lacks_is_a_warning(book):
    spec = json.loads(open(os.path.join(EX, "scorecard-default.json")).read())
    spec["alerts"].append({"name": "renewal_risk", "kind": "threshold", "severity": "warning", "column": "risk_flag",
                           "when": "at_least", "threshold": 1, "reason": "The CRM flags the renewal."})
    with vitals.Session(vitals.Scorecard.from_json(json.dumps(spec))) as s:
        with pytest.warns(vitals.VitalsWarning, match="risk_flag.*never fires"):
            s.score(book)
        assert len(s.notices) == 1 and "risk_flag" in s.notices[0]
        fired = s.score(book.assign(risk_flag=(book["days_late"] > 30).astype(float)))
    assert fired["alerts"].str.contains("renewal_risk").sum() == (book["days_late"] > 30).sum()


def test_a_segment_with_no_card_names_the_row_and_account(tmp_path, book):
    spec = {"vitals_scorecard_set": 1, "segment_column": "segment",
            "scorecards": {"SMB": os.path.join(EX, "scorecard-default.json"),
                           "Mid-market": os.path.join(EX, "scorecard-default.json")}}
    path = tmp_path / "no-default.json"
    path.write_text(json.dumps(spec))
    first = int(np.flatnonzero(book["segment"] == "Enterprise")[0])
    with vitals.Session(str(path), value_column=None) as s:
        with pytest.raises(vitals.VitalsError) as e:
            s.score(book)
        assert e.value.code == vitals.ERR_UNKNOWN_COLUMN
        assert "Enterprise" in e.value.message and f'account "{book["account_id"][first]}"' in e.value.message
        with pytest.raises(vitals.VitalsError, match="segment"):
            s.score(book.drop(columns=["segment"]))


def test_a_column_of_the_wrong_type_is_named(book):
    with vitals.Session(vitals.Scorecard.default()) as s:
        bad = book.astype({"nps": object})
        bad.loc[4, "nps"] = "ten"
        with pytest.raises(TypeError, match="column 'nps'.*'ten' in row 4"):
            s.score(bad)
        with pytest.raises(TypeError, match="column 'days_late'.*nanosecond"):
            s.score(book.assign(days_late=pd.to_timedelta(book["days_late"].fillna(0), unit="D")))
        with pytest.raises(TypeError, match="column 'tenure_months'.*imaginary"):
            s.score(book.assign(tenure_months=book["tenure_months"] + 0j))
        with pytest.raises(vitals.VitalsError, match="nps") as e:
            s.score(book.drop(columns=["nps"]))
        assert e.value.code == vitals.ERR_UNKNOWN_COLUMN


def test_bad_side_input_rows_are_named(side):
    twice = pd.concat([side["previous"], side["previous"].iloc[[0]]])
    with pytest.raises(vitals.VitalsError, match="period .* twice"):
        vitals.Session(vitals.Scorecard.default(), previous=twice)
    roles = side["surveys"].copy()
    roles.loc[5, "role"] = "intern"
    with pytest.raises(vitals.VitalsError, match="intern"):
        vitals.Session(vitals.Scorecard.default(), surveys=roles)
    with pytest.raises(ValueError, match="'score'"):
        vitals.Session(vitals.Scorecard.default(), previous=side["previous"].drop(columns=["score"]))


def test_the_session_owns_its_handle():
    s = vitals.Session(vitals.Scorecard.default())
    assert not s.closed and "reading" in repr(s)
    s.close()
    s.close()
    assert s.closed and repr(s) == "<vitals.Session: closed>"
    with pytest.raises(ValueError, match="session is closed"):
        s.score(pd.DataFrame({"nps": [1.0]}, index=["a"]))


def test_columns_match_the_header():
    import re
    from vitals import _native
    text = open(os.path.join(REPO, "capi", "include", "vitals", "vitals.h")).read()
    cols = {m[0]: int(m[1]) for m in re.findall(r"#define VITALS_COLUMN_([A-Z_]+) (\d+)", text)}
    assert cols.pop("COUNT") == len(_native.SESSION_COLUMNS)
    assert cols["POINTS_LOST"] == _native.COLUMN_POINTS_LOST and cols["CARD"] == _native.COLUMN_CARD
    body = re.search(r"typedef struct vitals_table \{(.*?)\} vitals_table;", text, re.S).group(1)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    assert [f[0] for f in _native.Table._fields_] == re.findall(r"\b(\w+);", body)
    body = re.search(r"typedef struct vitals_session_options \{(.*?)\} vitals_session_options;", text, re.S).group(1)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    assert [f[0] for f in _native.SessionOptions._fields_] == re.findall(r"\b(\w+);", body)


# ---- the same numbers as `vitals score` -------------------------------------------------------------

def cli_or_skip():
    cli = os.environ.get("VITALS_CLI")
    if not cli:
        pytest.skip("VITALS_CLI is not set; run through ctest")
    return cli


def assert_same_as_vitals_score(got, folder, book_path, card_path):
    """``got`` equals the CSV `vitals score` writes for the same files, bit for bit."""
    args = [cli_or_skip(), "score", book_path, "--scorecard", card_path, "--format", "csv", "-q", "--as-of", AS_OF]
    args += [a for k in ("history", "previous", "surveys", "overrides") for a in (f"--{k}", os.path.join(folder, f"{k}.csv"))]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    written = pd.read_csv(StringIO(out), dtype=str, keep_default_na=False)
    assert list(written["account_id"]) == list(got.index)
    number = lambda col: np.array([float(v) if v else np.nan for v in written[col]])  # noqa: E731
    for name, theirs in (("score", "score"), ("coverage", "coverage"), ("computed_score", "computed_score"),
                         ("change", "score_change")):
        assert np.array_equal(got[name].to_numpy(), number(theirs), equal_nan=True), name
    for name, theirs in (("band", "band"), ("status", "status"), ("override", "override"), ("alerts", "alerts"),
                         ("card", "scorecard"), ("quadrant", "quadrant"), ("direction", "trend")):
        expected = [v or "unknown" for v in written[theirs]] if name == "direction" else list(written[theirs])
        assert list(got[name]) == expected, name
    assert list(got["drivers"]) == [";".join(x for x in r if x) for r in
                                    written[["driver_1", "driver_2", "driver_3"]].itertuples(index=False)]


def test_the_session_gives_what_vitals_score_writes(book, side, overrides):
    with vitals.Session(os.path.join(EX, "segments.json"), as_of=AS_OF, overrides=overrides, **side) as s:
        got = s.score(book)
    assert_same_as_vitals_score(got, EX, os.path.join(EX, "accounts.csv"), os.path.join(EX, "segments.json"))


def test_a_random_book_of_100000_accounts(tmp_path):
    """`vitals sample` makes the book and every side file; the session equals the composition and
    `vitals score`, bit for bit."""
    files = {k: str(tmp_path / f"{k}.csv") for k in ("accounts", "history", "previous", "surveys", "overrides")}
    subprocess.run([cli_or_skip(), "sample", "--accounts", "100000", "--seed", "7", "--segments", "--as-of", AS_OF,
                    "--out", files["accounts"]] + [a for k in ("history", "previous", "surveys", "overrides")
                                                   for a in (f"--{k}", files[k])], check=True, capture_output=True)
    read = lambda k, **kw: pd.read_csv(files[k], float_precision="round_trip", **kw)  # noqa: E731
    book = read("accounts", dtype={"account_id": str, "segment": str, "parent_id": str})
    side = {"history": read("history", dtype={"account_id": str, "period": str}),
            "previous": read("previous", dtype={"account_id": str, "period": str, "alerts": str}),
            "surveys": read("surveys", dtype={"account_id": str, "respondent": str, "role": str})}
    path = os.path.join(EX, "segments.json")
    with vitals.ScorecardSet.from_file(path) as cards, vitals.OverrideBook.from_csv(files["overrides"]) as ob:
        with vitals.Session(cards, overrides=ob, as_of=AS_OF, **side) as s:
            got = s.score(book)
        assert_frames_equal(got, compose(cards, book, side, ob, AS_OF))
    assert len(got) == 100_000 and got["card"].nunique() == 2 and (got["alerts_held"] != "").sum() > 100
    assert_same_as_vitals_score(got, str(tmp_path), files["accounts"], path)


def test_calls_from_several_threads_take_turns(book, side, overrides):
    import concurrent.futures
    with vitals.Session(os.path.join(EX, "segments.json"), as_of=AS_OF, overrides=overrides, **side) as s:
        alone = s.score(book, unmatched="ignore")
        halves = [book.iloc[:500], book.iloc[500:]]
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            parts = list(pool.map(lambda k: s.score(halves[k % 2], unmatched="ignore"), range(16)))
    for k, part in enumerate(parts):
        assert_parts_equal(part, alone.iloc[:500] if k % 2 == 0 else alone.iloc[500:])
