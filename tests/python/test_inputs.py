"""Values that are not numbers are refused, naming the column, on every path into the library
(issue 13 items 5 and 9): complex numbers (the imaginary part would be dropped), datetime64 /
timedelta64 (they would be read as nanosecond counts), and text that does not parse."""

import os

import numpy as np
import pandas as pd
import pytest

import vitals

from conftest import REPO, make_accounts


@pytest.fixture(scope="module")
def frame(card):
    return pd.DataFrame(make_accounts(card.inputs, 50, seed=11), columns=card.inputs)


def test_a_complex_array_is_refused(card, frame):
    x = frame.to_numpy().astype(np.complex128)
    with pytest.raises(TypeError, match="complex128.*imaginary"):
        card.score(x)
    # also when the imaginary parts are all zero: the dtype is refused, not the values
    with pytest.raises(TypeError, match="complex"):
        card.score(frame.to_numpy() + 0j)


def test_a_complex_column_is_refused_by_name(card, frame):
    df = frame.astype({"nps": np.complex128})
    df["nps"] = df["nps"] + 1j
    with pytest.raises(TypeError, match="column 'nps'.*imaginary"):
        card.score(df)
    # a complex column the scorecard does not read is not read at all
    other = frame.assign(note=frame["nps"] + 1j)
    assert np.array_equal(card.score(other)["score"], card.score(frame)["score"], equal_nan=True)


@pytest.mark.parametrize("kind", ["datetime64", "datetime64 with a time zone", "timedelta64"])
def test_datetime_and_timedelta_columns_are_refused_by_name(card, frame, kind):
    days = pd.Series(np.arange(len(frame)), index=frame.index)
    values = {"datetime64": pd.to_datetime(days, unit="D"),
              "datetime64 with a time zone": pd.to_datetime(days, unit="D").dt.tz_localize("UTC"),
              "timedelta64": pd.to_timedelta(days, unit="D")}[kind]
    df = frame.assign(tenure_months=values)
    with pytest.raises(TypeError, match="column 'tenure_months'.*nanosecond"):
        card.score(df)
    # as an array (a time zone makes it an array of Timestamp objects: refused as not numbers)
    with pytest.raises(TypeError, match="column 'tenure_months'.*(nanosecond|not a number)"):
        card.score(np.asarray(values.to_numpy()).reshape(-1, 1), columns=["tenure_months"], allow_absent=True)


def test_a_text_column_names_the_column_and_the_row(card, frame):
    df = frame.assign(segment="Enterprise")  # read by nothing: ignored
    df["days_late"] = df["days_late"].astype(object)
    df.loc[7, "days_late"] = "late"
    with pytest.raises(TypeError) as e:
        card.score(df)
    assert "column 'days_late'" in str(e.value) and "'late' in row 7" in str(e.value)
    # a text ndarray names the column by the scorecard's input order, or by columns=
    text = frame.to_numpy().astype(object)
    text[3, 2] = "n/a"
    with pytest.raises(TypeError, match=f"column {card.inputs[2]!r}.*'n/a' in row 3"):
        card.score(text)
    with pytest.raises(TypeError, match="column 'c'.*'n/a' in row 3"):
        card.score(text[:, :3], columns=["a", "b", "c"], allow_absent=True)


def test_plain_rows_and_explain_name_the_column(card):
    row = [1.0] * len(card.inputs)
    row[4] = 2 + 1j
    with pytest.raises(TypeError, match=rf"data\[1\], column {card.inputs[4]!r}"):
        card.score([[1.0] * len(card.inputs), row])
    with pytest.raises(TypeError, match=f"column {card.inputs[4]!r}"):
        card.explain(row)
    with pytest.raises(TypeError, match="column 'nps'"):
        card.explain({"nps": np.datetime64("2026-01-01")})
    with pytest.raises(TypeError, match="column 'nps'"):
        card.score([{"nps": "ten"}])


def test_every_surface_uses_the_same_check(card, frame):
    when = pd.Series(pd.to_datetime(np.arange(len(frame)), unit="D"))
    with pytest.raises(TypeError, match="arr.*nanosecond"):
        vitals.classify(when, frame["nps"].abs())
    with pytest.raises(TypeError, match="score.*imaginary"):
        vitals.prioritise(frame["nps"].abs(), frame["nps"].abs() + 1j)
    with pytest.raises(TypeError, match="history, column 'p2'.*nanosecond"):
        vitals.trend(pd.DataFrame({"p1": np.ones(3), "p2": pd.to_datetime([1, 2, 3], unit="D")}), "slope", 2)
    with pytest.raises(TypeError, match="values, column 'contact_tenure_days'.*imaginary"):
        vitals.evaluate_alerts(card, {"contact_tenure_days": np.ones(2) + 1j}, [50.0, 60.0])
    with pytest.raises(TypeError, match="column 'nps'.*imaginary"):
        vitals.fit(frame.assign(nps=frame["nps"] + 1j), np.arange(len(frame)) % 2)
    with vitals.ScorecardSet.from_file(os.path.join(REPO, "docs", "examples", "segments.json")) as cards:
        df = pd.DataFrame(make_accounts(cards.inputs, 4, seed=1), columns=cards.inputs)
        df[cards.segment_column] = ["Enterprise", "SMB", "SMB", "Mid-market"]
        df["tenure_months"] = pd.to_timedelta(np.arange(4), unit="D")
        with pytest.raises(TypeError, match="column 'tenure_months'.*nanosecond"):
            cards.score(df)


def test_a_python_normaliser_that_fills_missing_values_fails_the_call():
    # missing in, missing out (issue 13 item 5): mapping NaN to a value would score no data as data
    spec = ('{"vitals_scorecard": 1, "measures": [{"name": "a", "input": "x", '
            '"normaliser": {"kind": "custom", "name": "fill"}}]}')
    with vitals.Scorecard.from_json(spec, normalisers={"fill": lambda x: np.nan_to_num(x, nan=0.5)}) as card:
        x = np.array([[0.2], [np.nan]])
        for call in (lambda: card.score(x), lambda: card.explain([np.nan]),
                     lambda: vitals.Session(card).score(pd.DataFrame({"x": x[:, 0]}, index=["a", "b"]))):
            with pytest.raises(vitals.VitalsError) as e:
                call()
            assert e.value.code == vitals.ERR_OUT_OF_RANGE and '"fill"' in e.value.message
            assert "NaN" in e.value.message
        assert abs(card.score(x[:1]).score[0] - 20.0) < 1e-9  # a present value is still scored: 100 x 0.2
