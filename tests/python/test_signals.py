"""Signals from Python: trend measures, the score trend, derived trend columns and alerts, each
compared with a plain-Python reference on random inputs with missing values, plus the edges of
issue 6 (history shorter than the window, all-NaN history, an alert in cooldown)."""

import math

import numpy as np
import pandas as pd
import pytest

import vitals

CARD = """{
  "vitals_scorecard": 1, "name": "py-signals",
  "measures": [
    {"name": "adoption", "input": {"numerator": "active_users", "denominator": "seats"},
     "normaliser": {"kind": "linear", "worst": 0.2, "best": 0.8}},
    {"name": "usage_trend", "input": "active_users_slope",
     "normaliser": {"kind": "linear", "worst": -0.2, "best": 0.1}}
  ],
  "trends": [
    {"name": "active_users_slope", "metric": "active_users", "kind": "slope", "window": 6},
    {"name": "active_users_declines", "metric": "active_users", "kind": "declines", "window": 6},
    {"name": "days_late_slope", "metric": "days_late", "kind": "slope", "window": 4}
  ],
  "score_trend": {"dead_band": 3, "window": 1},
  "alerts": [
    {"name": "band_downgrade", "kind": "band_downgrade", "severity": "warning", "cooldown": 2,
     "reason": "Fell into a lower band."},
    {"name": "score_drop", "kind": "score_drop", "points": 10, "window": 3, "severity": "critical",
     "cooldown": 3, "reason": "Down 10 points within 3 periods."},
    {"name": "new_contact", "kind": "threshold", "column": "contact_tenure_days", "when": "below",
     "threshold": 90, "severity": "info", "reason": "New point of contact."},
    {"name": "usage_declining", "kind": "threshold", "column": "active_users_declines", "when": "at_least",
     "threshold": 3, "severity": "warning", "reason": "Users fell 3 periods in a row.", "cooldown": 1},
    {"name": "days_late_rising", "kind": "threshold", "column": "days_late_slope", "when": "above",
     "threshold": 0, "severity": "warning", "reason": "Paying later and later."},
    {"name": "low_adoption", "kind": "threshold", "measure": "adoption", "when": "at_most",
     "threshold": 50, "severity": "critical", "reason": "Adoption at half its points or less."}
  ]
}"""


@pytest.fixture(scope="module")
def card():
    with vitals.Scorecard.from_json(CARD) as c:
        yield c


# ---- the plain-Python reference -------------------------------------------------------------------

def ref_trend(values, kind, window):
    last = list(values)[-window:] if window <= len(values) else list(values)
    pts = [(j, v) for j, v in enumerate(last) if not math.isnan(v)]
    if len(pts) < 2:
        return math.nan
    ys = [v for _, v in pts]
    if kind == "slope":
        if all(y == ys[0] for y in ys):
            return 0.0
        mx = sum(x for x, _ in pts) / len(pts)
        my = sum(ys) / len(ys)
        sxy = sum((x - mx) * (y - my) for x, y in pts)
        sxx = sum((x - mx) ** 2 for x, _ in pts)
        return math.nan if my == 0 else sxy / sxx / abs(my)
    if kind == "percent_change":
        if ys[0] == 0:
            return 0.0 if ys[-1] == 0 else math.nan
        return (ys[-1] - ys[0]) / abs(ys[0]) * 100
    run = 0
    for a, b in zip(ys, ys[1:]):
        run = run + 1 if b < a else 0
    return float(run)


def close(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9 * (1 + abs(b))


def random_history(rng, rows, periods, missing=0.25):
    h = np.round(rng.uniform(0, 50, (rows, periods)))
    h[rng.random((rows, periods)) < missing] = np.nan
    h[:5] = 7.0           # constant
    h[5:8] = np.nan       # all missing
    return h


# ---- trends -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["slope", "percent_change", "declines"])
@pytest.mark.parametrize("window", [2, 5, 12, 20])
def test_trend_matches_reference(kind, window):
    rng = np.random.default_rng(window)
    h = random_history(rng, 400, 12)
    expected = [ref_trend(row, kind, window) for row in h.tolist()]
    for layout in (h, np.asfortranarray(h), h.astype(np.float32), pd.DataFrame(h)):
        got = vitals.trend(layout, kind, window)
        got = np.asarray(got)
        assert all(close(g, e) for g, e in zip(got.tolist(), expected))
    assert sum(not math.isnan(e) for e in expected) > 100


def test_trend_edges():
    # history shorter than the window: as if padded with missing periods
    short = np.array([[12.0, 10.0, np.nan, 9.0]])
    padded = np.hstack([np.full((1, 8), np.nan), short])
    for kind in ("slope", "percent_change", "declines"):
        a = vitals.trend(short, kind, 12)[0]
        assert close(a, vitals.trend(padded, kind, 12)[0])
        assert close(a, ref_trend(short[0].tolist(), kind, 12))
        # all-NaN history: NaN
        assert math.isnan(vitals.trend(np.full((2, 6), np.nan), kind, 3)[1])
    assert vitals.trend(short, "declines", 12)[0] == 2.0
    # a DataFrame gives a Series with its index
    s = vitals.trend(pd.DataFrame(short, index=["acme"]), "declines", 4)
    assert list(s.index) == ["acme"] and s["acme"] == 2.0
    with pytest.raises(vitals.VitalsError) as e:
        vitals.trend(short, "slope", 1)
    assert e.value.name == "invalid_argument" and "window: must be at least 2" in e.value.message
    with pytest.raises(ValueError):
        vitals.trend(short, "wiggle", 3)


def test_score_trend_matches_reference():
    rng = np.random.default_rng(3)
    prev = np.round(rng.uniform(0, 100, (300, 4)))
    prev[rng.random(prev.shape) < 0.3] = np.nan
    score = np.round(rng.uniform(0, 100, 300))
    score[rng.random(300) < 0.1] = np.nan
    for window in (1, 2):
        change, direction = vitals.score_trend(score, prev, dead_band=2.5, window=window)
        for i in range(300):
            present = [v for v in prev[i].tolist() if not math.isnan(v)][-window:]
            ref = score[i] - sum(present) / len(present) if present else math.nan
            assert close(change[i], ref)
            want = ("unknown" if math.isnan(ref) else "improving" if ref > 2.5 else
                    "declining" if ref < -2.5 else "stable")
            assert vitals.direction_names([direction[i]])[0] == want
    # no history: unknown; pandas in, DataFrame out
    _, d = vitals.score_trend([50.0, 60.0])
    assert vitals.direction_names(d) == ["unknown", "unknown"]
    df = vitals.score_trend(pd.Series([70.0, 50.0], index=["a", "b"]), np.array([[60.0], [51.0]]))
    assert list(df["direction"]) == ["improving", "stable"] and list(df.index) == ["a", "b"]


def test_trend_columns_from_histories(card):
    assert vitals.history_metrics(card) == ["active_users", "days_late"]
    assert vitals.score_trend_settings(card) == (3.0, 1)
    assert [t["name"] for t in vitals.trends_of(card)] == ["active_users_slope", "active_users_declines",
                                                           "days_late_slope"]
    rng = np.random.default_rng(5)
    users, late = random_history(rng, 200, 12), random_history(rng, 200, 5)
    cols = vitals.trend_columns(card, {"active_users": users, "days_late": late})
    assert list(cols) == ["active_users_slope", "active_users_declines", "days_late_slope"]
    for i in range(200):
        assert close(cols["active_users_slope"][i], ref_trend(users[i].tolist(), "slope", 6))
        assert close(cols["active_users_declines"][i], ref_trend(users[i].tolist(), "declines", 6))
        assert close(cols["days_late_slope"][i], ref_trend(late[i].tolist(), "slope", 4))
    with pytest.raises(KeyError):
        vitals.trend_columns(card, {"active_users": users})
    partial = vitals.trend_columns(card, {"active_users": users}, allow_absent=True)
    assert np.isnan(partial["days_late_slope"]).all()
    df = vitals.trend_columns(card, {"active_users": pd.DataFrame(users), "days_late": pd.DataFrame(late)})
    assert isinstance(df, pd.DataFrame) and list(df.columns) == list(cols)


# ---- alerts ---------------------------------------------------------------------------------------

def ref_alert(rule, row, score, prev):
    """(condition, value, threshold) of one rule for one account, from the rule's definition."""
    bands = [40, 70]
    band = lambda s: sum(s >= c for c in bands)  # noqa: E731
    kind = rule["kind"]
    if kind == "band_downgrade":
        present = [p for p in prev if not math.isnan(p)]
        latest = present[-1] if present else math.nan
        cond = not math.isnan(score) and not math.isnan(latest) and band(score) < band(latest)
        return cond, score, latest
    if kind == "score_drop":
        recent = [p for p in prev[-rule["window"]:] if not math.isnan(p)]
        v = max(recent) - score if recent else math.nan
        return (not math.isnan(v) and v >= rule["points"]), v, rule["points"]
    if "column" in rule:
        v = row.get(rule["column"], math.nan)
    else:
        u, s = row["active_users"], row["seats"]
        raw = math.nan if (math.isnan(s) or s == 0) else u / s
        v = math.nan if math.isnan(raw) else min(1.0, max(0.0, (raw - 0.2) / 0.6)) * 100
    ops = {"below": lambda a, b: a < b, "above": lambda a, b: a > b, "at_most": lambda a, b: a <= b,
           "at_least": lambda a, b: a >= b}
    return (not math.isnan(v) and ops[rule["when"]](v, rule["threshold"])), v, rule["threshold"]


def test_alerts_match_reference(card):
    import json
    rules = json.loads(CARD)["alerts"]
    R = len(rules)
    rng = np.random.default_rng(11)
    n = 600

    def maybe(a):
        a = np.asarray(a, dtype=float)
        a[rng.random(a.shape) < 0.15] = np.nan
        return a

    values = pd.DataFrame({
        "account_id": [f"acc{i}" for i in range(n)],   # not numeric, not read
        "active_users": maybe(rng.integers(0, 100, n)),
        "seats": maybe(np.where(rng.random(n) < 0.1, 0, 100)),
        "contact_tenure_days": maybe(rng.integers(0, 400, n)),
        "active_users_declines": maybe(rng.integers(0, 6, n)),
        "days_late_slope": maybe(np.round(rng.uniform(-2, 2, n)) / 2),
    }).set_index("account_id", drop=False)
    score = maybe(np.round(rng.uniform(0, 100, n)))
    prev = maybe(np.round(rng.uniform(0, 100, (n, 4))))
    since = rng.integers(-1, 5, (n, R)).astype(np.int32)
    res = vitals.evaluate_alerts(card, values, score, prev, since)
    assert res.outcome.shape == (n, R) and res.names == tuple(r["name"] for r in rules)
    counts = {0: 0, 1: 0, 2: 0}
    rows = values.to_dict("records")
    for i in range(n):
        for r, rule in enumerate(rules):
            cond, v, t = ref_alert(rule, rows[i], score[i], prev[i].tolist())
            s = int(since[i, r])
            cooling = 0 <= s < rule.get("cooldown", 0)
            want = (2 if cooling else 1) if cond else 0
            assert res.outcome[i, r] == want, (i, rule["name"])
            assert close(res.value[i, r], v) and close(res.threshold[i, r], t)
            assert res.since_fired[i, r] == (1 if want == 1 else (s + 1 if s >= 0 else -1))
            counts[want] += 1
    assert counts[1] > 300 and counts[2] > 50
    # lists: most severe first; the long DataFrame names the accounts by the index
    lists = res.lists()
    sev = {"critical": 2, "warning": 1, "info": 0}
    for row in lists:
        assert [sev[a["severity"]] for a in row] == sorted((sev[a["severity"]] for a in row), reverse=True)
    long = res.to_pandas()
    assert len(long) == int(res.fired.sum())
    assert set(long["account"]) <= set(values.index)


def test_alert_in_cooldown_and_absent_columns(card):
    values = {"active_users": [10.0], "seats": [100.0], "contact_tenure_days": [30.0],
              "active_users_declines": [4.0], "days_late_slope": [0.5]}
    prev = np.array([[80.0, 75.0, 72.0]])
    first = vitals.evaluate_alerts(card, values, [35.0], prev)
    assert first.fired.all()
    assert [a["name"] for a in first.lists()[0]] == ["score_drop", "low_adoption", "band_downgrade",
                                                     "usage_declining", "days_late_rising", "new_contact"]
    # the next period, the same conditions: alerts with a cooldown are held back
    second = vitals.evaluate_alerts(card, values, [35.0], prev, first.since_fired)
    names = dict(zip(second.names, second.outcome[0].tolist()))
    assert names["score_drop"] == 2 and names["band_downgrade"] == 2 and names["usage_declining"] == 1
    assert names["new_contact"] == 1
    held = [a["name"] for a in second.lists(include_suppressed=True)[0] if a["suppressed"]]
    assert held == ["score_drop", "band_downgrade"]
    # absent columns
    with pytest.raises(vitals.VitalsError) as e:
        vitals.evaluate_alerts(card, {"active_users": [1.0]}, [50.0])
    assert e.value.name == "unknown_column" and "contact_tenure_days" in e.value.message
    quiet = vitals.evaluate_alerts(card, {"active_users": [1.0]}, [50.0], allow_absent=True)
    assert not quiet.fired.any()
    rules = vitals.alert_rules(card)
    assert rules[1] == {"name": "score_drop", "severity": "critical", "reason": "Down 10 points within 3 periods."}


def test_alerts_on_derived_columns_and_scoring_with_them():
    card_json = """{"vitals_scorecard": 1, "name": "py-derived",
      "derived": [{"name": "bill", "expression": "base + usage"},
                  {"name": "bill_per_seat", "expression": "bill / seats"}],
      "measures": [{"name": "per_seat", "input": "bill_per_seat",
                    "normaliser": {"kind": "linear", "worst": 0, "best": 100}}],
      "alerts": [{"name": "cheap", "kind": "threshold", "severity": "info", "column": "bill_per_seat",
                  "when": "below", "threshold": 10}]}"""
    with vitals.Scorecard.from_json(card_json) as c:
        assert c.inputs == ["base", "usage", "seats"]
        values = pd.DataFrame({"base": [100.0, 500.0, math.nan, 1.0], "usage": [50.0, 500.0, 1.0, 1.0],
                               "seats": [30.0, 10.0, 5.0, 0.0], "other": [1.0, 2.0, 3.0, 4.0]})
        res = vitals.evaluate_alerts(c, values, [50.0] * 4)
        # 150 / 30 = 5 fires; 1000 / 10 = 100 does not; a missing input or / 0 is missing: quiet
        assert res.outcome[:, 0].tolist() == [1, 0, 0, 0]
        assert res.value[0, 0] == 5.0 and res.value[1, 0] == 100.0
        assert math.isnan(res.value[2, 0]) and math.isnan(res.value[3, 0])
        scored = c.score(values)
        assert scored.score[1] == pytest.approx(100.0)
        assert scored.score[0] == pytest.approx(5.0)
