"""Scorecard: creation, what it describes, lifetime (close, with, __del__), pickling, errors."""

import gc
import json
import os
import pickle

import numpy as np
import pytest

import vitals

from conftest import CAPI_DATA, make_accounts

SMALL = os.path.join(CAPI_DATA, "small.json")


def test_default(card):
    assert card.name == "vitals-default"
    assert card.inputs[:2] == ["active_users", "licensed_seats"]
    assert isinstance(card.inputs, list)
    card.inputs.append("x")  # a copy: the scorecard is unchanged
    assert "x" not in card.inputs
    assert len(card.inputs) == 12
    assert len(card.measures) == 11 and card.measures[0] == "adoption_rate"
    assert card.band_labels == ("red", "yellow", "green")
    assert repr(card) == "<vitals.Scorecard 'vitals-default': 11 measures over 12 inputs>"


def test_describe(card):
    d = card.describe()
    assert d["name"] == "vitals-default"
    assert d["inputs"] == list(card.inputs)
    assert [m["name"] for m in d["measures"]] == list(card.measures)
    assert d["measures"][0]["inputs"] == ["active_users", "licensed_seats"]
    assert d["measures"][0]["normaliser"] == "piecewise"
    assert abs(sum(m["share"] for m in d["measures"]) - 1) < 1e-12
    assert {g["name"] for g in d["groups"]} >= {"adoption", "support"}
    assert d["bands"] == {"cutoffs": [40, 70], "labels": ["red", "yellow", "green"]}
    assert d["min_coverage"] == 0.6


def test_json_round_trip(card, accounts):
    text = card.to_json()
    assert json.loads(text)["vitals_scorecard"] == 1
    with vitals.Scorecard.from_json(text) as again, vitals.Scorecard.from_json(text.encode()) as from_bytes:
        assert again.to_json() == text
        assert np.array_equal(again.score(accounts).score, card.score(accounts).score, equal_nan=True)
        assert from_bytes.inputs == card.inputs


def test_from_file(tmp_path):
    with vitals.Scorecard.from_file(SMALL) as c:
        assert c.name == "small"
        assert c.inputs == ["active_users", "licensed_seats", "nps"]
    path = tmp_path / "card.json"
    path.write_text(vitals.Scorecard.default().to_json())
    with vitals.Scorecard.from_file(path) as c:  # a path-like works too
        assert c.name == "vitals-default"


def test_creation_errors_carry_codes_and_messages(tmp_path):
    with pytest.raises(vitals.VitalsError) as e:
        vitals.Scorecard.from_json("{not json")
    assert e.value.code == vitals.ERR_PARSE and e.value.name == "parse_error"
    assert "vitals_scorecard_create_from_json: <text>:1:" in e.value.message
    assert "not valid JSON" in e.value.message

    with pytest.raises(vitals.VitalsError) as e:
        vitals.Scorecard.from_json('{"vitals_scorecard": 1, "measures": [{"name": "a", "input": "x", '
                                   '"normaliser": {"kind": "linear", "worst": 1, "best": 1}, "weight": -1}]}')
    assert e.value.code == vitals.ERR_INVALID_SCORECARD
    assert "/measures/0/weight" in e.value.message
    assert str(e.value).startswith("[invalid_scorecard] ")

    with pytest.raises(vitals.VitalsError) as e:
        vitals.Scorecard.from_file(tmp_path / "absent.json")
    assert e.value.code == vitals.ERR_IO and "cannot open" in e.value.message

    with pytest.raises(TypeError):
        vitals.Scorecard()


def test_close_and_with():
    c = vitals.Scorecard.default()
    assert not c.closed
    c.close()
    c.close()  # idempotent
    assert c.closed and repr(c) == "<vitals.Scorecard: closed>"
    with pytest.raises(ValueError, match="closed"):
        c.score([[1.0] * 12])
    with pytest.raises(ValueError):
        c.to_json()
    with vitals.Scorecard.default() as d:
        assert not d.closed
    assert d.closed


def test_del_frees_and_is_guarded():
    c = vitals.Scorecard.default()
    handle = c._handle
    del c
    gc.collect()
    assert handle.closed
    # a half-constructed object (no handle) must not raise from __del__
    obj = object.__new__(vitals.Scorecard)
    obj.__del__()


def test_close_while_scoring_waits_for_the_call():
    # The handle is held for the duration of a call: close() from another thread then defers the
    # destroy until the call ends, instead of freeing memory the call is reading.
    c = vitals.Scorecard.default()
    h = c._handle
    ptr = h.acquire()
    c.close()
    assert h.closed and h._ptr == ptr  # not yet destroyed
    h.release()
    assert h._ptr is None


def test_pickle_round_trip(card, accounts):
    data = pickle.dumps(card)
    again = pickle.loads(data)
    assert again.to_json() == card.to_json()
    a = again.score(accounts)
    b = card.score(accounts)
    assert np.array_equal(a.score, b.score, equal_nan=True)
    again.close()
    with pytest.raises(ValueError):
        pickle.dumps(again)  # a closed scorecard has no JSON form


def _score_in_worker(args):
    card, x = args
    return card.score(x).score


def test_pickled_scorecard_scores_identically_in_worker_processes(card):
    import concurrent.futures
    import multiprocessing

    x = make_accounts(card.inputs, 2000, seed=7)
    chunks = np.array_split(x, 4)
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        parts = list(pool.map(_score_in_worker, [(card, c) for c in chunks]))
    assert np.array_equal(np.concatenate(parts), card.score(x).score, equal_nan=True)
