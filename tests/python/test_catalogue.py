"""The bad-input catalogue of the Python package (issue 13): one row per hostile input to the Python
API -- dtypes that would change meaning (complex, datetime64, timedelta64), text and object columns,
wrong shapes, missing columns, missing or repeated ids, hostile scorecards, bad side inputs of a
session, bad fit / evaluate arguments, dates, overrides, portfolio views -- with the exception type
docs/python.md promises (and for VitalsError the status) and a piece of the message that names the
place: the Python argument or column, the row, the JSON pointer. The rows are counted (test_count)
and no label may appear twice."""

import os
from collections import namedtuple

import numpy as np
import pandas as pd
import pytest

import vitals

from conftest import REPO, make_accounts

EXAMPLES = os.path.join(REPO, "docs", "examples")
SEGMENTS = os.path.join(EXAMPLES, "segments.json")

VE = vitals.VitalsError
INVALID, SCORECARD, PARSE, IO = vitals.ERR_INVALID_ARGUMENT, vitals.ERR_INVALID_SCORECARD, vitals.ERR_PARSE, vitals.ERR_IO
SHAPE, UNKNOWN, RANGE = vitals.ERR_SHAPE_MISMATCH, vitals.ERR_UNKNOWN_COLUMN, vitals.ERR_OUT_OF_RANGE

#: label, call (of an Env), the exception type, the VitalsError code (None for other types), the
#: text the message must contain.
Case = namedtuple("Case", "label call exc code place")


class Env:
    """What the calls work on: the default scorecard, a frame of its inputs, the example set."""

    def __init__(self, card):
        self.card = card
        self.inputs = list(card.inputs)
        self.frame = pd.DataFrame(make_accounts(card.inputs, 12, seed=5), columns=card.inputs,
                                  index=[f"A{i}" for i in range(12)])
        self.labels = np.arange(12) % 2

    def with_col(self, name, values):
        return self.frame.assign(**{name: values})

    def text_col(self, name, row, text):
        df = self.frame.copy()
        df[name] = df[name].astype(object)
        df.iloc[row, df.columns.get_loc(name)] = text
        return df

    def book(self, **extra):
        """A book the example set can score: its inputs, a segment, an id column."""
        with vitals.ScorecardSet.from_file(SEGMENTS) as cards:
            inputs = list(cards.inputs)
        df = pd.DataFrame(make_accounts(inputs, 4, seed=2), columns=inputs)
        df["segment"] = ["SMB", "Mid-market", "SMB", "SMB"]
        df["account_id"] = ["A", "B", "C", "D"]
        for k, v in extra.items():
            df[k] = v
        return df

    def session_score(self, book, **kw):
        with vitals.Session(self.card, value_column=None) as s:
            return s.score(book, **kw)


def card_json(measure_fields, tail=""):
    return ('{"vitals_scorecard": 1, "name": "c", "measures": [{"name": "nps", "input": "nps", '
            + measure_fields + "}]" + tail + "}")


LINEAR = '"normaliser": {"kind": "linear", "worst": -100, "best": 100}'
CUSTOM = '"normaliser": {"kind": "custom", "name": "f"}'


def deep_json(depth):
    return '{"vitals_scorecard": 1, "description": ' + '{"a":' * depth + "1" + "}" * depth + "}"


def custom(fn):
    """Scores one present and one missing nps with a card whose normaliser is ``fn``."""
    with vitals.Scorecard.from_json(card_json('"weight": 1, ' + CUSTOM), normalisers={"f": fn}) as c:
        return c.score(np.array([[10.0], [np.nan]]), columns=["nps"])


def raise_in(_x):
    raise RuntimeError("boom")


def closed():
    c = vitals.Scorecard.default()
    c.close()
    return c


def history(**cols):
    base = {"account_id": ["A", "A", "B"], "period": ["2026-01", "2026-02", "2026-01"],
            "active_users": [1.0, 2.0, 3.0], "logins": [1.0, 2.0, 3.0], "days_late": [1.0, 2.0, 3.0],
            "revenue_projection": [1.0, 2.0, 3.0]}
    base.update(cols)
    return pd.DataFrame(base)


def set_session(**kw):
    with vitals.Session(SEGMENTS, as_of="2026-11-30", **kw):
        pass


def overrides_file(tmp, text):
    path = os.path.join(tmp, "o.csv")
    with open(path, "w") as f:
        f.write("account_id,target,value,reason,author,expires\n" + text)
    return path



CATALOGUE = [
    # ---- Scorecard.score: values that are not numbers -------------------------------------------
    Case("score: a complex array", lambda e: e.card.score(e.frame.to_numpy() + 1j), TypeError, None,
         "data, columns 'active_users'"),
    Case("score: a complex column", lambda e: e.card.score(e.with_col("nps", e.frame["nps"] + 1j)), TypeError, None,
         "column 'nps'"),
    Case("score: a datetime64 column", lambda e: e.card.score(e.with_col("tenure_months", pd.to_datetime(np.arange(12), unit="D"))),
         TypeError, None, "column 'tenure_months'"),
    Case("score: a datetime64 column with a time zone",
         lambda e: e.card.score(e.with_col("tenure_months", pd.to_datetime(np.arange(12), unit="D").tz_localize("UTC"))),
         TypeError, None, "column 'tenure_months'"),
    Case("score: a timedelta64 column", lambda e: e.card.score(e.with_col("days_late", pd.to_timedelta(np.arange(12), unit="D"))),
         TypeError, None, "column 'days_late'"),
    Case("score: a datetime64 array", lambda e: e.card.score(np.zeros((3, 12), dtype="datetime64[D]")), TypeError, None,
         "data, columns"),
    Case("score: a text cell in an object column", lambda e: e.card.score(e.text_col("days_late", 7, "late")), TypeError,
         None, "column 'days_late': cannot read the values as numbers: 'late' in row 'A7'"),
    Case("score: a pandas string column", lambda e: e.card.score(e.with_col("nps", pd.array(["1", "ten"] * 6, dtype="string"))),
         TypeError, None, "column 'nps'"),
    Case("score: a categorical text column", lambda e: e.card.score(e.with_col("nps", pd.Categorical(["hi", "lo"] * 6))),
         TypeError, None, "column 'nps'"),
    Case("score: a text ndarray", lambda e: e.card.score(np.array([["x"] * 12] * 2, dtype=object)), TypeError, None,
         "column 'active_users'"),
    Case("score: a text ndarray with columns=", lambda e: e.card.score(np.array([["1", "n/a"]], dtype=object),
                                                                       columns=["nps", "days_late"], allow_absent=True),
         TypeError, None, "column 'days_late'"),
    Case("score: a bytes column", lambda e: e.card.score(e.with_col("nps", [b"one"] * 12)), TypeError, None, "column 'nps'"),
    Case("score: a text cell in plain rows", lambda e: e.card.score([[1.0] * 12, [1.0] * 11 + ["x"]]), TypeError, None,
         "data[1], column 'seat_change_pct'"),
    Case("score: a complex value in records", lambda e: e.card.score([{"nps": 1 + 2j}]), TypeError, None,
         "data[0], column 'nps'"),
    Case("score: a datetime64 value in records", lambda e: e.card.score([{"nps": np.datetime64("2026-01-01")}]), TypeError,
         None, "data[0], column 'nps'"),
    # ---- Scorecard.score: shapes and columns ----------------------------------------------------
    Case("score: a 1-D array", lambda e: e.card.score(np.ones(12)), ValueError, None, "data: a 2-D array"),
    Case("score: a 3-D array", lambda e: e.card.score(np.ones((2, 3, 12))), ValueError, None, "data: a 2-D array"),
    Case("score: an array one column short", lambda e: e.card.score(np.ones((2, 11))), VE, SHAPE, "cols"),
    Case("score: columns= one short of the array", lambda e: e.card.score(np.ones((2, 3)), columns=["nps", "days_late"]),
         VE, SHAPE, "n_columns"),
    Case("score: a column the card reads is missing", lambda e: e.card.score(e.frame.drop(columns=["nps"])), VE, UNKNOWN,
         "nps"),
    Case("score: a column named twice in columns=",
         lambda e: e.card.score(np.ones((1, 13)), columns=e.inputs + ["nps"]), VE, INVALID, "nps"),
    Case("score: a frame with a column twice",
         lambda e: e.card.score(pd.concat([e.frame, e.frame[["nps"]]], axis=1)), VE, INVALID, "nps"),
    Case("score: columns= with a frame", lambda e: e.card.score(e.frame, columns=e.inputs), TypeError, None, "columns"),
    Case("score: a row of the wrong length", lambda e: e.card.score([[1.0] * 12, [1.0] * 11]), ValueError, None,
         "data[1]: 11 values for 12 columns"),
    Case("score: a text row", lambda e: e.card.score(["abc"]), TypeError, None, "data[0]"),
    Case("score: a record after a row", lambda e: e.card.score([{"nps": 1}, [1.0] * 12]), TypeError, None, "data[1]"),
    Case("score: data a string", lambda e: e.card.score("accounts.csv"), TypeError, None, "data"),
    Case("score: drivers 65", lambda e: e.card.score(e.frame, drivers=65), ValueError, None, "drivers"),
    Case("score: threads -1", lambda e: e.card.score(e.frame, threads=-1), VE, INVALID, "threads"),
    Case("score: block_size 65537", lambda e: e.card.score(e.frame, block_size=65537), VE, INVALID, "block_size"),
    Case("score: a closed scorecard", lambda e: closed().score(e.frame), ValueError, None, "closed"),
    # ---- explain -------------------------------------------------------------------------------
    Case("explain: a text value", lambda e: e.card.explain({"nps": "ten"}), TypeError, None, "column 'nps'"),
    Case("explain: a timedelta value", lambda e: e.card.explain({"nps": np.timedelta64(3, "D")}), TypeError, None,
         "column 'nps'"),
    Case("explain: a row of the wrong length", lambda e: e.card.explain([1.0] * 3), VE, SHAPE, "n_values: 3"),
    Case("explain: a 2-D array", lambda e: e.card.explain(np.ones((2, 12))), ValueError, None, "row: a 1-D array"),
    # ---- scorecards ----------------------------------------------------------------------------
    Case("from_json: not JSON", lambda e: vitals.Scorecard.from_json("{ nope"), VE, PARSE, "<text>:1:4"),
    Case("from_json: nested 100,000 deep", lambda e: vitals.Scorecard.from_json(deep_json(100000)), VE, PARSE,
         "/description"),
    Case("from_json: weight 1e999", lambda e: vitals.Scorecard.from_json(card_json('"weight": 1e999, ' + LINEAR)), VE,
         PARSE, "/measures/0/weight"),
    Case("from_json: weight twice", lambda e: vitals.Scorecard.from_json(card_json('"weight": 1, "weight": 5, ' + LINEAR)),
         VE, PARSE, "/measures/0/weight"),
    Case("from_json: weight NaN (not JSON)", lambda e: vitals.Scorecard.from_json(card_json('"weight": NaN, ' + LINEAR)),
         VE, PARSE, "<text>:1:"),
    Case("from_json: weights summing past a double",
         lambda e: vitals.Scorecard.from_json(
             '{"vitals_scorecard": 1, "name": "c", "measures": ['
             '{"name": "a", "input": "a", "weight": 1e308, ' + LINEAR + '},'
             '{"name": "b", "input": "b", "weight": 1e308, ' + LINEAR + '}]}'),
         VE, SCORECARD, "the top-level weights"),
    Case("from_json: normaliser kind unknown",
         lambda e: vitals.Scorecard.from_json(card_json('"weight": 1, "normaliser": {"kind": "magic"}')), VE, SCORECARD,
         "/measures/0/normaliser"),
    Case("from_json: min_coverage 2", lambda e: vitals.Scorecard.from_json(card_json('"weight": 1, ' + LINEAR,
                                                                                     ', "min_coverage": 2')),
         VE, SCORECARD, "/min_coverage"),
    Case("from_json: a custom normaliser not given", lambda e: vitals.Scorecard.from_json(card_json('"weight": 1, ' + CUSTOM)),
         VE, SCORECARD, "/measures/0/normaliser"),
    Case("from_json: not text", lambda e: vitals.Scorecard.from_json(12), TypeError, None, "text: scorecard JSON"),
    Case("from_file: no such file", lambda e: vitals.Scorecard.from_file("no/such/card.json"), VE, IO, "no/such/card.json"),
    Case("normaliser: fills a missing value", lambda e: custom(lambda x: np.nan_to_num(x, nan=0.5)), VE, RANGE, '"f"'),
    Case("normaliser: raises", lambda e: custom(raise_in), VE, RANGE, '"f"'),
    Case("normaliser: returns the wrong length", lambda e: custom(lambda x: np.zeros(len(x) + 1)), VE, RANGE, '"f"'),
    Case("normaliser: returns 2", lambda e: custom(lambda x: np.where(np.isnan(x), np.nan, 2.0)), VE, RANGE,
         "/measures/0 (nps)"),
    # ---- scorecard sets ------------------------------------------------------------------------
    Case("ScorecardSet.from_json: an inline card's bad weight",
         lambda e: vitals.ScorecardSet.from_json(
             '{"vitals_scorecard_set": 1, "segment_column": "segment", "scorecards": {"SMB": '
             + card_json('"weight": -1, ' + LINEAR) + "}}", base_dir=EXAMPLES),
         VE, SCORECARD, "/scorecards/SMB/measures/0/weight"),
    Case("ScorecardSet.lookup: a segment with no card",
         lambda e: vitals.ScorecardSet.from_json(
             '{"vitals_scorecard_set": 1, "segment_column": "segment", "scorecards": {"SMB": "scorecard-default.json"}}',
             base_dir=EXAMPLES).lookup("Public sector"),
         VE, UNKNOWN, "Public sector"),
    Case("ScorecardSet.score: a datetime64 column",
         lambda e: vitals.ScorecardSet.from_file(SEGMENTS).score(
             e.book(tenure_months=pd.to_timedelta(np.arange(4), unit="D"))),
         TypeError, None, "column 'tenure_months'"),
    # ---- the session: its arguments ------------------------------------------------------------
    Case("Session: card a number", lambda e: vitals.Session(5), TypeError, None, "card"),
    Case("Session: drivers 0", lambda e: vitals.Session(e.card, drivers=0), ValueError, None, "drivers"),
    Case("Session: revenue_percent and arr_cutoff", lambda e: vitals.Session(e.card, revenue_percent=40, arr_cutoff=9),
         ValueError, None, "revenue_percent or arr_cutoff"),
    Case("Session: revenue_percent 150", lambda e: vitals.Session(e.card, revenue_percent=150), VE, INVALID,
         "revenue_percent"),
    Case("Session: arr_cutoff -1", lambda e: vitals.Session(e.card, arr_cutoff=-1), VE, INVALID, "arr_cutoff"),
    Case("Session: health_threshold 101", lambda e: vitals.Session(e.card, health_threshold=101), VE, INVALID,
         "health_threshold"),
    Case("Session: threads -1", lambda e: vitals.Session(e.card, threads=-1), VE, INVALID, "threads"),
    Case("Session: as_of not a date", lambda e: vitals.Session(e.card, as_of="2026-02-30"), VE, PARSE, "2026-02-30"),
    Case("Session: as_of a bool", lambda e: vitals.Session(e.card, as_of=True), TypeError, None, "bool"),
    # ---- the session: side inputs --------------------------------------------------------------
    Case("history: an account's period twice",
         lambda e: set_session(history=history(period=["2026-01", "2026-01", "2026-01"])), VE, INVALID, "history:2"),
    Case("history: no account_id column", lambda e: set_session(history=history().drop(columns=["account_id"])),
         ValueError, None, "history: no column 'account_id'"),
    Case("history: a metric column of text", lambda e: set_session(history=history(days_late=["1", "x", "2"])), TypeError,
         None, "column 'days_late'"),
    Case("history: a metric column of dates",
         lambda e: set_session(history=history(days_late=pd.to_datetime([1, 2, 3], unit="D"))), TypeError, None,
         "column 'days_late'"),
    Case("history: a metric the trends read is missing", lambda e: set_session(history=history().drop(columns=["days_late"])),
         VE, UNKNOWN, "days_late"),
    Case("history: a missing period", lambda e: set_session(history=history(period=["2026-01", None, "2026-03"])), VE,
         INVALID, "periods[1] is NULL"),
    Case("history: not a frame", lambda e: set_session(history=[1, 2]), TypeError, None, "history"),
    Case("history: a file that does not exist", lambda e: set_session(history="no/such/history.csv"), FileNotFoundError,
         None, "no/such/history.csv"),
    Case("previous: a score of 150",
         lambda e: set_session(previous=pd.DataFrame({"account_id": ["A", "B"], "period": ["p1", "p1"],
                                                      "score": [50.0, 150.0]})), VE, INVALID, "previous:2"),
    Case("previous: a period twice",
         lambda e: set_session(previous=pd.DataFrame({"account_id": ["A", "A"], "period": ["p1", "p1"],
                                                      "score": [50.0, 60.0]})), VE, INVALID, "previous:2"),
    Case("previous: no score column",
         lambda e: set_session(previous=pd.DataFrame({"account_id": ["A"], "period": ["p1"]})), ValueError, None,
         "previous: no column 'score'"),
    Case("previous: a score of text",
         lambda e: set_session(previous=pd.DataFrame({"account_id": ["A"], "period": ["p1"], "score": ["high"]})),
         TypeError, None, "previous, column 'score'"),
    Case("previous: a complex score",
         lambda e: set_session(previous=pd.DataFrame({"account_id": ["A"], "period": ["p1"], "score": [50 + 1j]})),
         TypeError, None, "previous, column 'score'"),
    Case("surveys: a role that is none",
         lambda e: set_session(surveys=pd.DataFrame({"account_id": ["A", "B"], "role": ["vp", "intern"],
                                                     "answer": [9.0, 5.0]})), VE, PARSE, "surveys:2"),
    Case("surveys: an answer of 11",
         lambda e: set_session(surveys=pd.DataFrame({"account_id": ["A"], "role": ["vp"], "answer": [11.0]})), VE,
         INVALID, "surveys:1"),
    Case("surveys: an answer of 5.5",
         lambda e: set_session(surveys=pd.DataFrame({"account_id": ["A"], "role": ["vp"], "answer": [5.5]})), VE,
         INVALID, "surveys:1"),
    Case("surveys: a timedelta answer",
         lambda e: set_session(surveys=pd.DataFrame({"account_id": ["A"], "role": ["vp"],
                                                     "answer": pd.to_timedelta([1], unit="D")})),
         TypeError, None, "surveys, column 'answer'"),
    Case("surveys: no role column",
         lambda e: set_session(surveys=pd.DataFrame({"account_id": ["A"], "answer": [5.0]})), ValueError, None,
         "surveys: no column 'role'"),
    Case("overrides: a measure no card has",
         lambda e: set_session(overrides=overrides_file(e.tmp, "A,happiness,50,why,sam,2099-01-01\n")), VE, UNKNOWN,
         "o.csv:2"),
    Case("overrides: a value of 150", lambda e: set_session(overrides=overrides_file(e.tmp, "A,score,150,why,sam,2099-01-01\n")),
         VE, INVALID, "o.csv:2"),
    Case("overrides: a value of text", lambda e: set_session(overrides=overrides_file(e.tmp, "A,score,fifty,why,sam,2099-01-01\n")),
         VE, PARSE, "o.csv:2: column value"),
    Case("overrides: two active for one account",
         lambda e: set_session(overrides=overrides_file(e.tmp, "A,score,50,why,sam,2099-01-01\nA,score,60,why,sam,2099-01-01\n")),
         VE, INVALID, "o.csv:3"),
    Case("overrides: not a book", lambda e: set_session(overrides=[("A", "score", 50)]), TypeError, None, "overrides"),
    # ---- the session: the book -----------------------------------------------------------------
    Case("Session.score: not a frame", lambda e: e.session_score(e.frame.to_numpy()), TypeError, None, "book"),
    Case("Session.score: a column the card reads is missing", lambda e: e.session_score(e.frame.drop(columns=["nps"])), VE,
         UNKNOWN, "nps"),
    Case("Session.score: a text cell", lambda e: e.session_score(e.text_col("nps", 3, "ten")), TypeError, None,
         "column 'nps': cannot read the values as numbers: 'ten' in row 'A3'"),
    Case("Session.score: a datetime64 column",
         lambda e: e.session_score(e.with_col("nps", pd.to_datetime(np.arange(12), unit="D"))), TypeError, None,
         "column 'nps'"),
    Case("Session.score: a complex column", lambda e: e.session_score(e.with_col("nps", e.frame["nps"] + 1j)), TypeError,
         None, "column 'nps'"),
    Case("Session.score: a NaN account id", lambda e: e.session_score(e.frame.assign(account_id=[np.nan] + ["x"] * 11)),
         ValueError, None, "account_id[0]: the account id of row 1 is missing"),
    Case("Session.score: a None account id", lambda e: e.session_score(e.frame, ids=[None] + [str(i) for i in range(11)]),
         ValueError, None, "ids[0]"),
    Case("Session.score: ids of the wrong length", lambda e: e.session_score(e.frame, ids=["a", "b"]), ValueError, None,
         "ids"),
    Case("Session.score: ids a column it lacks", lambda e: e.session_score(e.frame, ids="customer"), ValueError, None,
         "ids: no column 'customer'"),
    Case("Session.score: unmatched maybe", lambda e: e.session_score(e.frame, unmatched="maybe"), ValueError, None,
         "unmatched"),
    Case("Session.score: row_offset -1", lambda e: e.session_score(e.frame, row_offset=-1), VE, INVALID, "row_offset"),
    Case("Session.score: a negative value (arr)",
         lambda e: vitals.Session(e.card).score(e.with_col("arr", [-5.0] + [1.0] * 11), source="book.csv"),
         VE, INVALID, "row 1"),
    Case("Session.score: an override for an account not in the book",
         lambda e: vitals.Session(e.card, overrides=overrides_file(e.tmp, "ZZ,score,50,why,sam,2099-01-01\n"),
                                  value_column=None).score(e.frame, unmatched="error"),
         VE, INVALID, "overrides: 1 account(s) not in the book: ZZ"),
    Case("Session.score: a segment with no card",
         lambda e: vitals.Session(vitals.ScorecardSet.from_json(
             '{"vitals_scorecard_set": 1, "segment_column": "segment", "scorecards": {"SMB": "scorecard-default.json"}}',
             base_dir=EXAMPLES), value_column=None).score(e.book(segment=["SMB", "SMB", "Public sector", "SMB"])),
         VE, UNKNOWN, "Public sector"),
    # ---- dates and overrides -------------------------------------------------------------------
    Case("parse_date: 2026-02-30", lambda e: vitals.parse_date("2026-02-30"), VE, PARSE, '"2026-02-30"'),
    Case("parse_date: 30/11/2026", lambda e: vitals.parse_date("30/11/2026"), VE, PARSE, '"30/11/2026"'),
    Case("format_date: past year 9999", lambda e: vitals.format_date(3000000), VE, INVALID, "day"),
    Case("day_number: a bool", lambda e: vitals.day_number(False), TypeError, None, "bool"),
    Case("OverrideBook.add: value 150", lambda e: vitals.OverrideBook().add("A", "score", 150, "why", "sam", "2099-01-01"),
         VE, INVALID, "value"),
    Case("OverrideBook.add: reason empty", lambda e: vitals.OverrideBook().add("A", "score", 50, "", "sam", "2099-01-01"),
         VE, INVALID, "reason"),
    Case("OverrideBook.add: expires not a date",
         lambda e: vitals.OverrideBook().add("A", "score", 50, "why", "sam", "someday"), VE, PARSE, "someday"),
    Case("OverrideBook.add_row: value fifty",
         lambda e: vitals.OverrideBook().add_row("A", "score", "fifty", "why", "sam", "2099-01-01", origin="o.csv:4"),
         VE, PARSE, "o.csv:4: column value"),
    Case("OverrideBook.from_csv: a bad expiry", lambda e: vitals.OverrideBook.from_csv(
        overrides_file(e.tmp, "A,score,50,why,sam,2099-13-01\n")), VE, PARSE, "o.csv:2: column expires"),
    Case("OverrideBook.from_csv: no such file", lambda e: vitals.OverrideBook.from_csv("no/such/o.csv"), OSError, None,
         "no/such/o.csv"),
    Case("OverrideBook.validate: a measure the card lacks",
         lambda e: vitals.OverrideBook.from_csv(overrides_file(e.tmp, "A,happiness,50,why,sam,2099-01-01\n")).validate(e.card),
         VE, UNKNOWN, "o.csv:2"),
    # ---- portfolio, surveys, signals -----------------------------------------------------------
    Case("classify: a negative ARR", lambda e: vitals.classify([100.0, -5.0], [50.0, 60.0]), VE, INVALID, "arr[1]"),
    Case("classify: a score of 101", lambda e: vitals.classify([100.0, 5.0], [50.0, 101.0]), VE, INVALID, "score[1]"),
    Case("classify: a complex score", lambda e: vitals.classify(np.ones(2), np.ones(2) + 1j), TypeError, None, "score"),
    Case("classify: a datetime64 ARR", lambda e: vitals.classify(pd.Series(pd.to_datetime([1, 2], unit="D")), [1.0, 2.0]),
         TypeError, None, "arr"),
    Case("classify: revenue_percent 150", lambda e: vitals.classify([1.0], [50.0], revenue_percent=150), ValueError, None,
         "revenue_percent: must lie in (0, 100]"),
    Case("prioritise: limit -1", lambda e: vitals.prioritise([1.0], [50.0], limit=-1), (VE, ValueError), None, "limit"),
    Case("resolve_parents: an id twice", lambda e: vitals.resolve_parents(["A", "B", "A"], [None, "A", None]), VE, INVALID,
         '"A"'),
    Case("resolve_parents: a parent no account has", lambda e: vitals.resolve_parents(["A", "B"], [None, "NOBODY"]), VE,
         UNKNOWN, "NOBODY"),
    Case("roll_up: a cycle", lambda e: vitals.roll_up([1.0, 2.0], [50.0, 60.0], [1, 0], ids=["A", "B"]), VE, INVALID,
         "cycle"),
    Case("roll_up: a parent out of range", lambda e: vitals.roll_up([1.0, 2.0], [50.0, 60.0], [-1, 7]), VE, INVALID,
         "parent[1]"),
    Case("parse_role: ceo", lambda e: vitals.parse_role("ceo"), VE, PARSE, '"ceo"'),
    Case("survey_measures: an answer of 11",
         lambda e: vitals.survey_measures(pd.DataFrame({"account_id": ["A"], "role": ["vp"], "answer": [11.0]})), VE,
         INVALID, "row 0"),
    Case("trend: kind magic", lambda e: vitals.trend(np.ones((2, 3)), "magic", 2), ValueError, None, "kind"),
    Case("trend: window 1", lambda e: vitals.trend(np.ones((2, 3)), "slope", 1), VE, INVALID, "window"),
    Case("trend: a text history", lambda e: vitals.trend(pd.DataFrame({"p1": ["a", "b"], "p2": [1.0, 2.0]}), "slope", 2),
         TypeError, None, "history, column 'p1'"),
    Case("score_trend: dead_band -1", lambda e: vitals.score_trend([50.0], [[40.0]], dead_band=-1), VE, INVALID,
         "dead_band"),
    Case("evaluate_alerts: a complex column",
         lambda e: vitals.evaluate_alerts(e.card, {"contact_tenure_days": np.ones(2) + 1j}, [50.0, 60.0]), TypeError, None,
         "values, column 'contact_tenure_days'"),
    # ---- fit and evaluate ----------------------------------------------------------------------
    Case("fit: a label of 2", lambda e: vitals.fit(e.frame, np.r_[e.labels[:-1], 2]), VE, INVALID, "labels[11]"),
    Case("fit: labels one short", lambda e: vitals.fit(e.frame, e.labels[:-1]), ValueError, None,
         "labels: 11 labels for 12 accounts"),
    Case("fit: a label column it lacks", lambda e: vitals.fit(e.frame, "churned"), (ValueError, KeyError), None, "churned"),
    Case("fit: weights magic", lambda e: vitals.fit(e.frame, e.labels, weights="magic"), VE, INVALID, "options.weights"),
    Case("fit: l2 -1", lambda e: vitals.fit(e.frame, e.labels, l2=-1), VE, INVALID, "options.l2"),
    Case("fit: l2 inf", lambda e: vitals.fit(e.frame, e.labels, l2=float("inf")), ValueError, None, "options.l2"),
    Case("fit: an unknown option", lambda e: vitals.fit(e.frame, e.labels, options={"frobnicate": 1}), VE, INVALID,
         "frobnicate"),
    Case("fit: a complex column", lambda e: vitals.fit(e.with_col("nps", e.frame["nps"] + 1j), e.labels), TypeError, None,
         "column 'nps'"),
    Case("fit: a text label", lambda e: vitals.fit(e.frame, ["maybe"] * 12), (VE, TypeError, ValueError), None,
         "labels[0]"),
    Case("evaluate: fixed_card_folds 1", lambda e: vitals.evaluate(e.frame, e.labels, e.card, fixed_card_folds=1), VE,
         INVALID, "options.fixed_card_folds"),
    Case("evaluate: folds, renamed", lambda e: vitals.evaluate(e.frame, e.labels, e.card, folds=5), TypeError, None,
         "folds: renamed"),
    Case("evaluate: cv 1", lambda e: vitals.evaluate(e.frame, e.labels, e.card, cv=1), VE, INVALID, "options.cv"),
    Case("evaluate: top 2", lambda e: vitals.evaluate(e.frame, e.labels, e.card, top=(2,)), VE, INVALID, "options.top"),
    Case("evaluate: confidence 1.5", lambda e: vitals.evaluate(e.frame, e.labels, e.card, confidence=1.5), VE, INVALID,
         "options.confidence"),
    Case("evaluate: not a scorecard", lambda e: vitals.evaluate(e.frame, e.labels, ["default"]), TypeError, None,
         "scorecards"),
]


@pytest.fixture(scope="module")
def env(card, tmp_path_factory):
    e = Env(card)
    e.tmp = str(tmp_path_factory.mktemp("catalogue"))
    return e


def _case(row):
    return row.values[0] if hasattr(row, "values") else row


LABELS = [_case(c).label for c in CATALOGUE]


@pytest.mark.parametrize("case", CATALOGUE, ids=LABELS)
def test_bad_input(env, case):
    with pytest.raises(case.exc) as info:
        case.call(env)
    err = info.value
    if case.code is not None:
        assert isinstance(err, VE), f"{type(err).__name__}: {err}"
        assert err.code == case.code, f"[{err.name}] {err.message}"
    assert case.place in str(err), str(err)


def test_count():
    labels = LABELS
    twice = sorted({x for x in labels if labels.count(x) > 1})
    assert not twice, f"listed twice: {twice}"
    print(f"Python bad-input catalogue: {len(CATALOGUE)} cases")
    assert len(CATALOGUE) >= 50
