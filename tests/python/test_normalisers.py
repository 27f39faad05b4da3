"""User-defined normalisers written in Python, through the C ABI's callback."""

import pickle

import numpy as np
import pytest

import vitals

from conftest import assert_same

CARD = ('{"vitals_scorecard": 1, "name": "custom", "min_coverage": 0.5, "measures": ['
        '{"name": "a", "input": "x", "normaliser": {"kind": "custom", "name": "halve"}},'
        '{"name": "b", "input": "y", "normaliser": {"kind": "linear", "worst": 0, "best": 1}}]}')


def halve(x):
    """Module-level, so scorecards using it pickle."""
    return np.clip(x, 0, 1) / 2


def test_python_normaliser_scores_and_round_trips():
    with vitals.Scorecard.from_json(CARD, normalisers={"halve": halve}) as card:
        x = np.array([[0.4, 1.0], [np.nan, 0.5], [1.0, np.nan]])
        got = card.score(x, contributions=True)
        assert got.score[0] == 100 * (0.2 + 1.0) / 2
        assert got.score[1] == 50.0  # a missing: b alone
        assert got.score[2] == 50.0
        e = card.explain({"x": 0.4, "y": 1.0})
        assert e["measures"][0]["sub_score"] == 0.2
        text = card.to_json()
        assert '"kind": "custom"' in text and '"name": "halve"' in text
        assert card.describe()["measures"][0]["normaliser"] == "custom"
        again = pickle.loads(pickle.dumps(card))
        assert_same(again.score(x).score, got.score)
        again.close()


def test_unknown_custom_normaliser_is_an_invalid_scorecard():
    with pytest.raises(vitals.VitalsError) as e:
        vitals.Scorecard.from_json(CARD)
    assert e.value.code == vitals.ERR_INVALID_SCORECARD
    assert "/measures/0/normaliser/name" in e.value.message
    with pytest.raises(TypeError):
        vitals.Scorecard.from_json(CARD, normalisers={"halve": 3})


def test_a_raising_normaliser_fails_the_call_with_its_exception():
    def broken(x):
        raise RuntimeError("no model loaded")

    with vitals.Scorecard.from_json(CARD, normalisers={"halve": broken}) as card:
        with pytest.raises(vitals.VitalsError) as e:
            card.score(np.ones((1000, 2)))
        assert e.value.code == vitals.ERR_OUT_OF_RANGE
        assert '"halve" failed' in e.value.message and "RuntimeError: no model loaded" in e.value.message
        assert isinstance(e.value.__cause__, RuntimeError)
        with pytest.raises(vitals.VitalsError) as e:
            card.explain([1.0, 1.0])
        assert e.value.code == vitals.ERR_OUT_OF_RANGE and "no model loaded" in e.value.message


def test_bad_normaliser_results():
    with vitals.Scorecard.from_json(CARD, normalisers={"halve": lambda x: x[:-1]}) as card:
        with pytest.raises(vitals.VitalsError) as e:
            card.score(np.ones((10, 2)))
        assert e.value.code == vitals.ERR_OUT_OF_RANGE and "shape" in e.value.message
    with vitals.Scorecard.from_json(CARD, normalisers={"halve": lambda x: x + 5}) as card:
        with pytest.raises(vitals.VitalsError) as e:
            card.score(np.ones((10, 2)))
        assert e.value.code == vitals.ERR_OUT_OF_RANGE and "must lie in [0, 1]" in e.value.message
        card.score(np.full((10, 2), np.nan))  # NaN in, NaN + 5 out: missing, fine


def test_a_lambda_normaliser_does_not_pickle():
    with vitals.Scorecard.from_json(CARD, normalisers={"halve": lambda x: x / 2}) as card:
        with pytest.raises(Exception):
            pickle.dumps(card)
