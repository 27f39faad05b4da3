"""Scorecard.score and .explain: every layout, pandas, plain sequences, errors, and results equal
to the C++ batch scorer's bit for bit."""

import math

import numpy as np
import pandas as pd
import pytest

import vitals
from vitals import _inputs

from conftest import PACKAGE_PARENT, assert_same, make_accounts, run_python


# ---- equal to the C++ batch scorer -----------------------------------------------------------------

def _compare(card, reference, base, view, columns=None, top_k=3):
    cols = list(card.inputs) if columns is None else list(columns)
    got = card.score(view, columns=columns, contributions=True, drivers=top_k)
    ref = reference.score(base, view, cols, top_k=top_k)
    assert_same(got.score, ref["score"])
    assert_same(got.band, ref["band"])
    assert_same(got.coverage, ref["coverage"])
    assert_same(got.status, ref["status"])
    assert_same(got.contributions, ref["contributions"])
    assert_same(got.points_lost, ref["points_lost"])
    assert_same(got.drivers, ref["drivers"])
    return got


LAYOUTS = {
    # name: (make base array from accounts (rows x 12), view of it as accounts x 12)
    "c_order": (lambda x: np.ascontiguousarray(x), lambda b: b),
    "fortran_order": (lambda x: np.ascontiguousarray(x.T), lambda b: b.T),
    "row_slice": (lambda x: np.ascontiguousarray(np.repeat(x, 3, axis=0)), lambda b: b[1::3]),
    "column_slice": (lambda x: np.ascontiguousarray(np.hstack([x, x[:, :5]])), lambda b: b[:, :12]),
    "interleaved": (lambda x: np.ascontiguousarray(np.hstack([x, x]).reshape(len(x), 2, 12).transpose(0, 2, 1)
                                                   .reshape(len(x), 24)), lambda b: b[:, ::2]),
    "fortran_sliced": (lambda x: np.ascontiguousarray(np.vstack([x, x]).T), lambda b: b.T[5:5 + 4000]),
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layouts_equal_the_cpp_batch_scorer_without_copying(card, reference, accounts, layout, dtype):
    make_base, make_view = LAYOUTS[layout]
    base = make_base(accounts).astype(dtype)
    view = make_view(base)
    assert view.shape == (len(accounts) if layout != "fortran_sliced" else 4000, 12)
    m = _inputs.as_matrix(view, None, card.inputs)
    assert m.pointer == view.ctypes.data and not m.copied  # no copy on the way in
    got = _compare(card, reference, base, view)
    assert got.score.dtype == np.float64 and got.band.dtype == np.int32


def test_layouts_give_the_same_scores(card, accounts):
    expected = card.score(accounts).score
    for layout, (make_base, make_view) in LAYOUTS.items():
        view = make_view(make_base(accounts))
        got = card.score(view[:len(accounts)]).score
        n = min(len(got), len(expected))
        if layout in ("c_order", "fortran_order", "column_slice", "interleaved"):
            assert_same(got[:n], expected[:n])


def test_named_columns_in_any_order_with_extras(card, reference, accounts):
    order = list(card.inputs)[::-1] + ["account_id"]
    base = np.ascontiguousarray(np.hstack([accounts[:, ::-1], np.arange(len(accounts))[:, None]]))
    _compare(card, reference, base, base, columns=order)


def test_other_scorecards_and_top_k(reference):
    small = vitals.Scorecard.from_json(
        '{"vitals_scorecard": 1, "name": "t", "min_coverage": 0.3, "groups": ['
        '{"name": "g", "aggregation": "weakest_link", "weight": 2}],'
        '"measures": ['
        '{"name": "a", "input": "x", "group": "g", "normaliser": {"kind": "linear", "worst": 0, "best": 1}},'
        '{"name": "b", "input": "y", "group": "g", "normaliser": {"kind": "logistic", "midpoint": 0.5, "steepness": 9}},'
        '{"name": "c", "input": {"numerator": "x", "denominator": "y"}, "normaliser": {"kind": "steps", "cutoffs": [0.5, 1], "scores": [0, 0.5, 1]}}]}')
    rng = np.random.default_rng(3)
    x = rng.random((3000, 2))
    x[rng.random(x.shape) < 0.2] = np.nan
    got = small.score(x, contributions=True, drivers=2)
    ref = reference.score(np.ascontiguousarray(x), x, list(small.inputs), scorecard=small, top_k=2)
    for k in ("score", "band", "coverage", "status", "contributions", "points_lost", "drivers"):
        assert_same(getattr(got, k), ref[k])
    small.close()


def test_threads_and_block_size_do_not_change_results(card, accounts):
    one = card.score(accounts, threads=1, contributions=True, drivers=4)
    for threads, block in ((2, 0), (8, 7), (0, 1), (3, 65536)):
        other = card.score(accounts, threads=threads, block_size=block, contributions=True, drivers=4)
        for k in ("score", "band", "coverage", "status", "contributions", "points_lost", "drivers"):
            assert_same(getattr(other, k), getattr(one, k))


# ---- conversions -------------------------------------------------------------------------------------

def test_converted_inputs(card, accounts):
    expected = card.score(accounts).score
    # reversed rows (negative strides): copied, same scores
    rev = accounts[::-1]
    m = _inputs.as_matrix(rev, None, card.inputs)
    assert m.copied
    assert_same(card.score(rev).score[::-1], expected)
    # non-native byte order
    swapped = accounts.astype(accounts.dtype.newbyteorder(">"))
    assert _inputs.as_matrix(swapped, None, card.inputs).copied
    assert_same(card.score(swapped).score, expected)
    # integers
    ints = np.nan_to_num(accounts).astype(np.int64)
    assert_same(card.score(ints).score, card.score(ints.astype(np.float64)).score)
    # read-only arrays are fine (nothing is written to the input)
    ro = accounts.copy()
    ro.flags.writeable = False
    assert_same(card.score(ro).score, expected)


def test_wrong_shapes_raise(card, accounts):
    with pytest.raises(ValueError, match="2-D"):
        card.score(accounts[0])
    with pytest.raises(vitals.VitalsError) as e:
        card.score(accounts[:, :5])
    assert e.value.code == vitals.ERR_SHAPE_MISMATCH
    assert "cols: 5 given without column names" in e.value.message
    with pytest.raises(vitals.VitalsError) as e:
        card.score(accounts[:, :5], columns=["a", "b"])
    assert e.value.code == vitals.ERR_SHAPE_MISMATCH and "n_columns: 2 names for 5 columns" in e.value.message
    with pytest.raises(TypeError):
        card.score(42)
    with pytest.raises(TypeError):
        card.score("abc")
    with pytest.raises(ValueError, match="drivers"):
        card.score(accounts, drivers=65)
    with pytest.raises(ValueError, match="drivers"):
        card.score(accounts, drivers=True)


def test_errors_carry_codes(card, accounts):
    cols = list(card.inputs)
    cols[0] = "active_user"  # a typo: the scorecard's column is absent
    with pytest.raises(vitals.VitalsError) as e:
        card.score(accounts, columns=cols)
    assert e.value.code == vitals.ERR_UNKNOWN_COLUMN and e.value.name == "unknown_column"
    assert "not given: active_users" in e.value.message
    got = card.score(accounts, columns=cols, allow_absent=True)  # absent = missing everywhere
    assert np.all(got.coverage <= card.score(accounts).coverage + 1e-12)

    dup = list(card.inputs) + ["nps"]
    with pytest.raises(vitals.VitalsError) as e:
        card.score(np.hstack([accounts, accounts[:, :1]]), columns=dup)
    assert e.value.code == vitals.ERR_INVALID_ARGUMENT and "appears more than once" in e.value.message

    with pytest.raises(vitals.VitalsError) as e:
        card.score(accounts, threads=-1)
    assert e.value.code == vitals.ERR_INVALID_ARGUMENT and "options->threads" in e.value.message
    with pytest.raises(vitals.VitalsError) as e:
        card.score(accounts, block_size=10 ** 9)
    assert e.value.code == vitals.ERR_INVALID_ARGUMENT and "options->block_size" in e.value.message


def test_block_size_is_bounded_by_scratch_memory():
    import json
    measures = [{"name": f"m{i}", "input": f"c{i}", "normaliser": {"kind": "linear", "worst": 0, "best": 1}}
                for i in range(50)]
    with vitals.Scorecard.from_json(json.dumps({"vitals_scorecard": 1, "measures": measures})) as wide:
        x = np.random.default_rng(1).random((100, 50))
        with pytest.raises(vitals.VitalsError) as e:
            wide.score(x, block_size=65536)  # 65536 x (50 + 150 + 3) doubles > 64 MiB per thread
        assert e.value.code == vitals.ERR_INVALID_ARGUMENT and "MiB per thread" in e.value.message
        assert_same(wide.score(x, block_size=4096).score, wide.score(x).score)


def test_empty_input(card):
    got = card.score(np.empty((0, 12)))
    assert len(got) == 0 and got.score.shape == (0,)
    got = card.score([], columns=list(card.inputs))
    assert got.score == []


# ---- results -------------------------------------------------------------------------------------------

def test_results(card, accounts):
    got = card.score(accounts, contributions=True, drivers=3)
    ok = got.status == vitals.ACCOUNT_OK
    assert ok.any() and (~ok).any()
    assert np.all((got.score[ok] >= 0) & (got.score[ok] <= 100))
    assert np.all(np.isnan(got.score[~ok])) and np.all(got.band[~ok] == vitals.BAND_NONE)
    assert np.allclose(got.contributions[ok].sum(axis=1), got.score[ok], atol=1e-9)
    assert np.allclose(got.points_lost[ok].sum(axis=1), 100 - got.score[ok], atol=1e-9)
    assert got.drivers.shape == (len(accounts), 3)
    assert got.measures == card.measures and got.band_labels == card.band_labels
    labels = got.labels()
    assert labels[int(np.argmax(~ok))] == "no data"
    assert repr(got) == f"<vitals.Scores: {len(accounts)} accounts>"
    plain = card.score(accounts)
    assert plain.contributions is None and plain.points_lost is None and plain.drivers is None


def test_explain_equals_the_batch(card, accounts):
    got = card.score(accounts[:50], contributions=True, drivers=11)
    for i in range(50):
        e = card.explain(accounts[i])
        if got.status[i] == vitals.ACCOUNT_OK:
            assert e["status"] == "ok" and e["score"] == got.score[i] and e["band"] == got.band[i]
            assert [m["contribution"] for m in e["measures"]] == list(got.contributions[i])
            assert [m["points_lost"] for m in e["measures"]] == list(got.points_lost[i])
            assert e["drivers"] == [d for d in got.drivers[i] if d >= 0]
        else:
            assert e["status"] == "insufficient_data" and e["score"] is None and e["band_label"] == "no data"
        assert e["coverage"] == got.coverage[i]


def test_explain_fields(card):
    row = {"active_users": 40, "licensed_seats": 50, "nps": 10, "days_late": 3, "tenure_months": 30,
           "contact_tenure_days": 400, "executive_sponsor": 1, "training_completion": 0.7,
           "tickets_per_seat": 0.1, "ticket_sentiment": 0.2, "logins_trend": 0.05, "seat_change_pct": None,
           "account_id": "ACME-1"}  # ignored: the scorecard does not read it
    e = card.explain(row)
    assert e["status"] == "ok" and 0 <= e["score"] <= 100
    m = {x["name"]: x for x in e["measures"]}
    assert m["adoption_rate"]["raw"] == 40 / 50
    assert m["seat_change_pct"]["raw"] is None and m["seat_change_pct"]["contribution"] == 0
    for x in e["measures"]:
        assert set(x) == {"index", "name", "group", "raw", "sub_score", "weight", "effective_weight",
                          "contribution", "points_lost"}
    assert abs(sum(x["contribution"] for x in e["measures"]) - e["score"]) < 1e-9
    assert e["groups"][0]["name"] == "" and e["groups"][0]["score"] == e["score"]
    # the keys `vitals explain --format json` has too (docs/c-api.md, "The explanation JSON")
    assert list(e) == ["status", "score", "band", "band_label", "coverage", "measures", "groups", "drivers",
                       "driver_names", "scorecard", "breakdown"]
    assert e["driver_names"] == [card.measures[d] for d in e["drivers"]] and e["scorecard"] == card.name
    adoption = e["breakdown"]["members"][0]["members"][0]
    assert adoption["measure"] == "adoption_rate" and (adoption["numerator"], adoption["denominator"]) == (40, 50)
    assert e["breakdown"]["contribution"] == pytest.approx(e["score"])
    # the same account as a Series, and as values with names
    s = pd.Series(row)
    assert card.explain(s) == e
    names = [k for k in row if k != "account_id"]
    assert card.explain([row[k] for k in names], columns=names) == e
    with pytest.raises(vitals.VitalsError) as err:
        card.explain([1.0, 2.0])
    assert err.value.code == vitals.ERR_SHAPE_MISMATCH
    with pytest.raises(ValueError):
        card.explain([1.0, 2.0], columns=["nps"])
    with pytest.raises(TypeError):
        card.explain(3.0)


def test_path_to_green_lands_in_the_band(card, accounts):
    """Every proposed change, applied to the account and re-scored by the batch scorer, reaches the
    target band; tenure_months marked not actionable is never proposed."""
    got = card.score(accounts[:300])
    inputs = list(card.inputs)
    tried = reached = 0
    for i in range(300):
        if got.status[i] != vitals.ACCOUNT_OK or got.band[i] == len(card.band_labels) - 1:
            continue
        p = card.path_to_green(accounts[i], not_actionable=["tenure_months"])
        assert p["band"] == got.band[i] and p["score"] == got.score[i]
        assert p["target_band"] == got.band[i] + 1 and p["target_label"] == card.band_labels[got.band[i] + 1]
        assert all(g["changes"][0]["name"] != "tenure_months" for g in p["single"])
        assert any(b["name"] == "tenure_months" and b["reason"] == "marked not actionable" for b in p["blocked"])
        efforts = [g["effort"] for g in p["single"]]
        assert efforts == sorted(efforts)
        paths = p["single"] + ([p["pair"]] if p["pair"] else [])
        for g in paths:
            row = np.array(accounts[i], dtype=float)
            for c in g["changes"]:
                assert row[inputs.index(c["column"])] == c["value_from"] or math.isnan(row[inputs.index(c["column"])])
                row[inputs.index(c["column"])] = c["value_to"]
            after = card.score(row[None, :])
            tried += 1
            assert after.band[0] >= p["target_band"] and after.score[0] >= p["cutoff"]
            assert after.score[0] == g["score"]
            reached += 1
    assert tried > 100 and reached == tried
    # a chosen band, and the mistakes
    row = {"active_users": 5, "licensed_seats": 50, "nps": -80, "days_late": 40, "tenure_months": 30,
           "contact_tenure_days": 400, "executive_sponsor": 0, "training_completion": 0.1,
           "tickets_per_seat": 0.5, "ticket_sentiment": -0.5, "logins_trend": -0.2, "seat_change_pct": -0.1}
    p = card.path_to_green(row, target="green")
    assert p["band_label"] == "red" and p["target_label"] == "green" and p["cutoff"] == 70
    assert p["single"] == [] and p["note"] == ""  # from red to green no single measure is enough
    with pytest.raises(ValueError, match="no band 'blue'"):
        card.path_to_green(row, target="blue")
    with pytest.raises(vitals.VitalsError) as err:
        card.path_to_green(row, not_actionable=["no_such"])
    assert err.value.code == vitals.ERR_UNKNOWN_COLUMN and "no_such" in str(err.value)


# ---- pandas --------------------------------------------------------------------------------------------

def test_dataframe_in_and_out(card, accounts):
    idx = pd.Index([f"acct-{i}" for i in range(len(accounts))], name="account")
    df = pd.DataFrame(accounts, columns=card.inputs, index=idx)
    m = _inputs.as_matrix(df, None, card.inputs)
    assert not m.copied  # one float64 block: read in place
    out = card.score(df, contributions=True, drivers=2)
    assert isinstance(out, pd.DataFrame)
    assert out.index.equals(df.index)
    expected = card.score(accounts, contributions=True, drivers=2)
    assert_same(out["score"].to_numpy(), expected.score)
    assert_same(out["band"].to_numpy(), expected.band)
    assert_same(out["coverage"].to_numpy(), expected.coverage)
    assert_same(out["status"].to_numpy(), expected.status)
    assert list(out.columns[:5]) == ["score", "band", "band_label", "coverage", "status"]
    assert_same(out[f"contribution.{card.measures[3]}"].to_numpy(), expected.contributions[:, 3])
    assert_same(out[f"points_lost.{card.measures[0]}"].to_numpy(), expected.points_lost[:, 0])
    first = expected.drivers[:, 0]
    assert list(out["driver_1"]) == [card.measures[d] if d >= 0 else None for d in first]
    assert list(out["band_label"]) == expected.labels()


def test_dataframe_columns_by_name_mixed_dtypes(card, accounts):
    df = pd.DataFrame(accounts, columns=card.inputs)
    df = df[list(card.inputs)[::-1]]  # another order
    df.insert(0, "account_id", [f"a{i}" for i in range(len(df))])  # a string column
    df["executive_sponsor"] = pd.array(np.where(np.isnan(accounts[:, 10]), None, accounts[:, 10]), dtype="Int64")
    df.index = pd.RangeIndex(100, 100 + len(df))
    out = card.score(df)
    # indexed by the account id column when there is one (as Session.score's result), else df.index
    assert out.index.name == "account_id" and list(out.index) == list(df["account_id"])
    assert card.score(df.drop(columns="account_id")).index.equals(df.index)
    assert_same(out["score"].to_numpy(), card.score(accounts).score)


def test_dataframe_float32_and_errors(card, accounts):
    df = pd.DataFrame(accounts.astype(np.float32), columns=card.inputs)
    assert_same(card.score(df)["score"].to_numpy(), card.score(accounts.astype(np.float32)).score)
    with pytest.raises(vitals.VitalsError) as e:
        card.score(df.drop(columns=["nps"]))
    assert e.value.code == vitals.ERR_UNKNOWN_COLUMN and "nps" in e.value.message
    with pytest.raises(TypeError):
        card.score(df, columns=list(card.inputs))
    bad = df.astype(object)
    bad.iloc[0, 0] = "many"
    with pytest.raises(TypeError, match="as numbers"):
        card.score(bad)


# ---- plain Python ----------------------------------------------------------------------------------------

def test_plain_sequences(card, accounts):
    expected = card.score(accounts[:20], contributions=True, drivers=2)
    rows = [[None if math.isnan(v) else float(v) for v in r] for r in accounts[:20]]
    got = card.score(rows, contributions=True, drivers=2)
    assert isinstance(got.score, list) and isinstance(got.band[0], int)
    assert np.array_equal(np.array(got.score), expected.score, equal_nan=True)
    assert got.band == expected.band.tolist() and got.status == expected.status.tolist()
    assert np.array_equal(np.array(got.contributions), expected.contributions, equal_nan=True)
    assert got.drivers == expected.drivers.tolist()
    records = [{k: v for k, v in zip(card.inputs, r) if v is not None} for r in rows]
    assert np.array_equal(np.array(card.score(records).score), expected.score, equal_nan=True)
    tuples = tuple(tuple(r) for r in rows)
    assert np.array_equal(np.array(card.score(tuples).score), expected.score, equal_nan=True)
    with pytest.raises(ValueError, match="values for"):
        card.score([[1.0, 2.0]])
    with pytest.raises(TypeError):
        card.score([{"nps": 1}, [1.0]])


def test_without_numpy():
    code = (
        "import sys\n"
        "sys.modules['numpy'] = None\n"  # importing numpy now fails
        "sys.modules['pandas'] = None\n"
        "import vitals\n"
        "from vitals import _inputs\n"
        "assert _inputs.numpy() is None\n"
        "card = vitals.Scorecard.default()\n"
        "rows = [[90, 100, 0.15, 0.8, 0.04, 0.6, 55, 0, 40, 400, 1, 0.12], [None] * 12]\n"
        "s = card.score(rows, drivers=2, contributions=True)\n"
        "assert isinstance(s.score, list) and s.status == [0, 1], s.status\n"
        "assert s.band[0] == 2 and s.band[1] == -1 and s.labels() == ['green', 'no data']\n"
        "assert len(s.contributions[0]) == 11 and len(s.drivers[1]) == 2\n"
        "e = card.explain(rows[0])\n"
        "assert e['score'] == s.score[0]\n"
        "half = vitals.Scorecard.from_json('{\"vitals_scorecard\": 1, \"measures\": [{\"name\": \"a\", "
        "\"input\": \"x\", \"normaliser\": {\"kind\": \"custom\", \"name\": \"h\"}}]}',"
        " normalisers={'h': lambda xs: [x / 2 for x in xs]})\n"
        "assert half.score([[0.5]]).score == [25.0]\n"
        "print('ok')\n")
    p = run_python(code, env={"PYTHONPATH": PACKAGE_PARENT})
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "ok"


def test_a_plain_sequence_of_floats_is_not_a_matrix(card):
    with pytest.raises(TypeError):
        card.score([1.0, 2.0, 3.0])


def test_big_batch_float32_fortran(card):
    x = np.asfortranarray(make_accounts(card.inputs, 100_000, seed=5).astype(np.float32))
    got = card.score(x)
    assert_same(got.score[:1000], card.score(x[:1000]).score)
