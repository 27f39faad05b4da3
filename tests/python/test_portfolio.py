"""The portfolio views and survey measures from Python (vitals/_portfolio.py): hand-checked
examples, the edges named in issue 6, errors, and a plain-Python reference on random inputs with
missing values (numpy, pandas and plain sequences)."""

import math
import random

import numpy as np
import pandas as pd
import pytest

import vitals
from conftest import PACKAGE_PARENT, run_python

NaN = math.nan


# ---- plain-Python references ----------------------------------------------------------------------

def _missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


def ref_high_value(arr, percent=50.0, cutoff=None):
    """High value per account: ARR >= cutoff; or (top revenue) ARR > 0 and the accounts with a
    strictly larger ARR hold less than P % of the revenue (so its tie group is needed)."""
    if cutoff is not None:
        return [not _missing(a) and a >= cutoff for a in arr]
    total = sum(a for a in arr if not _missing(a))
    out = []
    for a in arr:
        if _missing(a) or a <= 0:
            out.append(False)
            continue
        above = sum(b for b in arr if not _missing(b) and b > a)
        out.append(above < total * percent / 100.0)
    return out


def ref_quadrants(arr, score, percent=50.0, cutoff=None, threshold=70.0):
    high = ref_high_value(arr, percent, cutoff)
    out = []
    for a, s, h in zip(arr, score, high):
        if _missing(a) or _missing(s):
            out.append("unknown")
        elif h:
            out.append("committed" if s >= threshold else "at_risk")
        else:
            out.append("growth_candidate" if s >= threshold else "maintenance")
    return out


def ref_priority(arr, score, limit=None, high_value_only=False, percent=50.0):
    high = ref_high_value(arr, percent)
    keys, left_out = [], 0
    for i, (a, s) in enumerate(zip(arr, score)):
        if high_value_only and not high[i]:
            continue
        if _missing(a) or _missing(s):
            left_out += 1
            continue
        keys.append((-(a * (100.0 - s) / 100.0), -a, s, i))
    keys.sort()
    if limit is not None:
        keys = keys[:limit]
    return [k[3] for k in keys], [-k[0] for k in keys], left_out


def ref_roll_up(arr, score, parent):
    """Recursive: a parent's score is the ARR-weighted mean of its children's rolled scores, each
    weighing the ARR behind its own rolled score."""
    n = len(arr)
    children = [[] for _ in range(n)]
    for i, p in enumerate(parent):
        if p >= 0:
            children[p].append(i)

    def walk(i):  # (weighted sum, weight, known ARR, leaves, scored)
        if not children[i]:
            a, s = arr[i], score[i]
            known = 0.0 if _missing(a) else a
            if not _missing(a) and not _missing(s):
                return a * s, a, known, 1, 1
            return 0.0, 0.0, known, 1, 0
        ws = w = k = 0.0
        leaves = scored = 0
        for c in children[i]:
            cws, cw, ck, cl, cs = walk(c)
            if cw > 0:
                ws += cw * (cws / cw)
                w += cw
            k += ck
            leaves += cl
            scored += cs
        return ws, w, k, leaves, scored

    out = []
    for i in range(n):
        ws, w, k, leaves, scored = walk(i)
        if not children[i]:
            out.append((score[i], 1.0 if scored else 0.0, leaves, scored))
        else:
            out.append((ws / w if w > 0 else NaN, w / k if k > 0 else NaN, leaves, scored))
    return out


WEIGHTS = [3.0, 2.0, 1.5, 1.0, 0.5]


def ref_survey(n_accounts, account, role, answer, weights=WEIGHTS, target=0.75):
    rows = []
    for a in range(n_accounts):
        mine = [(r, x) for acc, r, x in zip(account, role, answer) if acc == a]
        if not mine:
            rows.append([NaN] * 6 + [0.0, 0.0])
            continue
        answered = [(r, x) for r, x in mine if not _missing(x)]
        wsum = sum(weights[r] for r, _ in answered)
        wp = sum(weights[r] for r, x in answered if x >= 9)
        wd = sum(weights[r] for r, x in answered if x <= 6)
        nps = 100.0 * (wp - wd) / wsum if wsum > 0 else NaN
        part = len(answered) / len(mine)
        levels = {r for r, _ in answered}
        rows.append([nps, part, 1.0 if part < target else 0.0, float(sum(2 ** r for r in levels)),
                     len(levels) / 5.0, 0.0 if levels & {0, 1, 2} else 1.0, float(len(mine)),
                     float(len(answered))])
    return rows


def close(a, b, tol=1e-9):
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


# ---- quadrants ------------------------------------------------------------------------------------

def test_quadrants_by_hand():
    q = vitals.classify([400, 300, 200, 100, None, 250], [80, 30, 90, 10, 75, None])
    assert q.names == ["committed", "at_risk", "growth_candidate", "maintenance", "unknown", "unknown"]
    assert q.codes == [0, 1, 2, 3, 4, 4]
    s = q.summary
    assert s.counts == {"committed": 1, "at_risk": 1, "growth_candidate": 1, "maintenance": 1, "unknown": 2}
    assert s.revenue["unknown"] == 250.0 and s.total_revenue == 1250.0
    assert s.value_cutoff == 300.0 and s.health_threshold == 70.0 and s.high_value == 2
    assert vitals.QUADRANT_LABELS[vitals.QUADRANT_AT_RISK] == "At Risk"


def test_quadrant_ties():
    # an ARR exactly at the cut-off is high value; a score exactly at the threshold is healthy
    q = vitals.classify([1000, 999.5, 1000], [70, 70, 69.5], arr_cutoff=1000, health_threshold=70)
    assert q.names == ["committed", "growth_candidate", "at_risk"]
    # equal ARR straddling the 50 % boundary: the whole tie is in, in every input order
    arr = [30, 0, 40, 30]
    for k in range(4):
        rotated = arr[k:] + arr[:k]
        q = vitals.classify(rotated, [50] * 4)
        assert q.summary.value_cutoff == 30.0
        assert [n for a, n in zip(rotated, q.names) if a == 30] == ["at_risk", "at_risk"]
        assert q.summary.high_value == 3


def test_quadrant_health_threshold_from_a_scorecard(card):
    assert vitals.health_threshold_of(card) == 70.0
    q = vitals.classify([10, 10], [70, 69.9], health_threshold=card)
    assert q.summary.health_threshold == 70.0
    assert q.names == ["committed", "at_risk"]


def test_quadrant_zero_revenue_and_empty():
    q = vitals.classify([0, 0, None], [80, 20, 50])
    assert q.names == ["growth_candidate", "maintenance", "unknown"]
    assert math.isinf(q.summary.value_cutoff) and q.summary.high_value == 0
    e = vitals.classify([], [])
    assert e.codes == [] and sum(e.summary.counts.values()) == 0
    e = vitals.classify(np.array([]), np.array([]))
    assert len(e.codes) == 0


def test_quadrants_keep_the_pandas_index():
    idx = pd.Index(["acme", "beta", "gamma"], name="account_id")
    arr = pd.Series([100.0, 10.0, np.nan], index=idx)
    score = pd.Series([90, 20, 50], index=idx)  # ints: converted
    q = vitals.classify(arr, score)
    assert list(q.codes.index) == ["acme", "beta", "gamma"]
    assert q.names["beta"] == "maintenance"
    assert list(q.names.cat.categories) == list(vitals.QUADRANTS)
    with pytest.raises(ValueError, match="different indexes"):
        vitals.classify(arr, score.set_axis(["x", "y", "z"]))


def test_quadrant_errors():
    with pytest.raises(vitals.VitalsError, match=r"arr\[1\]") as e:
        vitals.classify([1, -2], [1, 2])
    assert e.value.name == "invalid_argument"
    with pytest.raises(vitals.VitalsError, match=r"score\[0\]"):
        vitals.classify([1, 2], [101, 2])
    with pytest.raises(ValueError, match="revenue_percent"):
        vitals.classify([1], [1], revenue_percent=0)
    with pytest.raises(ValueError, match="not both"):
        vitals.classify([1], [1], revenue_percent=10, arr_cutoff=3)
    with pytest.raises(ValueError, match="arr has 2 values, score 1"):
        vitals.classify([1, 2], [1])
    with pytest.raises(vitals.VitalsError, match="health_threshold"):
        vitals.classify([1], [1], health_threshold=120)


@pytest.mark.parametrize("form", ["numpy", "pandas", "list"])
def test_quadrants_match_the_reference(form):
    rng = random.Random(11)
    for _ in range(150):
        n = rng.randrange(0, 40)
        arr = [NaN if rng.random() < 0.15 else float(rng.randrange(0, 8)) for _ in range(n)]
        score = [NaN if rng.random() < 0.15 else rng.uniform(0, 100) for _ in range(n)]
        percent = rng.choice([100.0, 50.0, float(rng.randrange(1, 100))])
        threshold = float(rng.randrange(0, 101))
        if form == "numpy":
            a, s = np.array(arr), np.array(score)
        elif form == "pandas":
            a, s = pd.Series(arr, dtype=float), pd.Series(score, dtype=float)
        else:
            a, s = [None if math.isnan(v) else v for v in arr], score
        q = vitals.classify(a, s, revenue_percent=percent, health_threshold=threshold)
        names = list(q.names)
        assert names == ref_quadrants(arr, score, percent, None, threshold)
        for k, name in enumerate(vitals.QUADRANTS):
            assert q.summary.counts[name] == names.count(name)
            assert q.summary.revenue[name] == pytest.approx(
                sum(a_ for a_, nm in zip(arr, names) if nm == name and not math.isnan(a_)))
        cut = rng.uniform(0, 8)
        assert list(vitals.classify(a, s, arr_cutoff=cut).names) == ref_quadrants(arr, score, cutoff=cut)


# ---- the prioritised list -------------------------------------------------------------------------

def test_priority_by_hand():
    arr = np.array([100, 200, 50, np.nan, 100, 0, 0, 300.0])
    score = np.array([50, 80, 0, 10, 50, 90, 20, np.nan])
    p = vitals.prioritise(arr, score)
    assert list(p.order) == [0, 4, 2, 1, 6, 5]
    assert list(p.at_risk) == [50.0, 50.0, 50.0, 40.0, 0.0, 0.0]
    assert (p.listed, p.eligible, p.left_out) == (6, 6, 2)
    top = vitals.prioritise(arr, score, limit=2)
    assert list(top.order) == [0, 4] and top.eligible == 6
    hv = vitals.prioritise(arr, score, high_value_only=True)
    assert hv.value_cutoff == 200.0 and list(hv.order) == [1] and hv.left_out == 1


def test_priority_pandas_accounts_and_frame():
    idx = pd.Index(["a", "b", "c"])
    p = vitals.prioritise(pd.Series([10.0, 1000.0, 100.0], index=idx), pd.Series([0.0, 95.0, 50.0], index=idx))
    assert p.accounts == ["b", "c", "a"]  # 50, 50 (ARR 1000 first), 10
    f = p.to_frame()
    assert list(f["account"]) == ["b", "c", "a"] and list(f["revenue_at_risk"]) == [50.0, 50.0, 10.0]


def test_priority_edges_and_errors():
    p = vitals.prioritise([], [])
    assert p.listed == 0 and list(p.order) == []
    z = vitals.prioritise([0, 0, 0], [60, 10, 90])
    assert list(z.order) == [1, 0, 2]  # all at 0 at risk: lowest score first
    assert vitals.prioritise([0, 0], [1, 2], high_value_only=True).listed == 0
    with pytest.raises(ValueError, match="limit"):
        vitals.prioritise([1], [1], limit=0)
    with pytest.raises(vitals.VitalsError, match=r"score\[1\]"):
        vitals.prioritise([1, 2], [1, -3])


def test_priority_matches_the_reference():
    rng = random.Random(5)
    for _ in range(200):
        n = rng.randrange(0, 50)
        arr = [NaN if rng.random() < 0.2 else float(rng.randrange(0, 6)) for _ in range(n)]
        score = [NaN if rng.random() < 0.2 else float(rng.randrange(0, 5)) for _ in range(n)]
        limit = rng.choice([None, rng.randrange(1, 10)])
        hv = rng.random() < 0.3
        p = vitals.prioritise(np.array(arr), np.array(score), limit=limit, high_value_only=hv)
        order, risk, left_out = ref_priority(arr, score, limit, hv)
        assert list(p.order) == order
        assert list(p.at_risk) == risk
        assert p.left_out == left_out


# ---- roll-up --------------------------------------------------------------------------------------

def test_roll_up_by_hand_with_text_parents():
    ids = ["group", "parent", "a", "b", "c", "d", "solo"]
    r = vitals.roll_up([0, 999, 100, 300, 50, 100, 20], [10, 10, 80, 40, None, 90, 55],
                       ["", "group", "parent", "parent", "parent", "group", None], ids=ids)
    assert r.score[1] == pytest.approx(50.0) and r.coverage[1] == pytest.approx(400 / 450)
    assert r.score[0] == pytest.approx(58.0) and r.leaves[0] == 4 and r.scored_leaves[0] == 3
    assert math.isnan(r.score[4]) and r.coverage[4] == 0.0
    f = r.to_frame()
    assert list(f.index) == ids and f.loc["group", "rollup_score"] == pytest.approx(58.0)


def test_roll_up_edges_and_errors():
    z = vitals.roll_up([0, 0, 0], [50, 80, 20], [-1, 0, 0])
    assert math.isnan(z.score[0]) and math.isnan(z.coverage[0])
    e = vitals.roll_up([], [], [])
    assert list(e.score) == []
    with pytest.raises(vitals.VitalsError, match=r'cycle: "x" -> "z" -> "y" -> "x"') as err:
        vitals.roll_up([1, 1, 1], [1, 1, 1], [2, 0, 1], ids=["x", "y", "z"])
    assert err.value.name == "invalid_argument"
    with pytest.raises(vitals.VitalsError, match='account "z" names an unknown parent "nobody"') as err:
        vitals.roll_up([1, 1, 1], [1, 1, 1], ["", "x", "nobody"], ids=["x", "y", "z"])
    assert err.value.name == "unknown_column"
    with pytest.raises(vitals.VitalsError, match=r"parent\[1\]: account 1 has parent index 5"):
        vitals.roll_up([1, 1], [1, 1], [-1, 5])
    with pytest.raises(vitals.VitalsError, match='duplicate account id "x"'):
        vitals.resolve_parents(["x", "x"], ["", ""])


def test_roll_up_matches_the_reference():
    rng = random.Random(3)
    for _ in range(100):
        n = rng.randrange(0, 50)
        arr = [NaN if rng.random() < 0.1 else rng.uniform(0, 1000) for _ in range(n)]
        score = [NaN if rng.random() < 0.25 else rng.uniform(0, 100) for _ in range(n)]
        tmp = [-1] + [rng.randrange(i) if rng.random() < 0.75 else -1 for i in range(1, n)]
        perm = list(range(n))
        rng.shuffle(perm)
        pos = {old: k for k, old in enumerate(perm)}
        a = [arr[old] for old in perm]
        s = [score[old] for old in perm]
        parent = [pos[tmp[old]] if tmp[old] >= 0 else -1 for old in perm]
        r = vitals.roll_up(np.array(a), np.array(s), np.array(parent))
        for i, (rs, rc, rl, rsl) in enumerate(ref_roll_up(a, s, parent)):
            assert close(r.score[i], rs) and close(r.coverage[i], rc)
            assert r.leaves[i] == rl and r.scored_leaves[i] == rsl


# ---- survey measures ------------------------------------------------------------------------------

def column(table, name, i):
    return table[name][i]


def test_survey_by_hand_from_a_dataframe():
    df = pd.DataFrame({"account_id": ["a", "a", "a", "a", "b", "b", "b", "b", "c", "c"],
                       "respondent": list("pqrstuvwxy"),
                       "role": ["C-Suite", "director", "manager", "user", "manager", "MANAGER", "vp", "c_suite",
                                "vp", "user"],
                       "answer": [10, 5, 8, None, 9, 10, None, "", np.nan, None]})
    t = vitals.survey_measures(df, accounts=["a", "b", "c", "d"])
    assert list(t.columns) == list(vitals.SURVEY_COLUMNS)
    assert t.loc["a", "survey_nps"] == pytest.approx(100 * 1.5 / 5.5)
    assert t.loc["a", "survey_participation"] == 0.75 and t.loc["a", "survey_participation_below_target"] == 0
    assert t.loc["a", "survey_seniority_levels"] == 13 and t.loc["a", "survey_senior_voices_missing"] == 0
    # only managers answered
    assert t.loc["b", "survey_nps"] == 100 and t.loc["b", "survey_senior_voices_missing"] == 1
    assert t.loc["b", "survey_seniority_coverage"] == pytest.approx(0.2)
    # invited, none answered
    assert math.isnan(t.loc["c", "survey_nps"]) and t.loc["c", "survey_participation"] == 0
    assert t.loc["c", "survey_senior_voices_missing"] == 1 and t.loc["c", "survey_invited"] == 2
    # no survey rows: missing, not zero
    assert t.loc["d"][:6].isna().all() and t.loc["d", "survey_invited"] == 0


def test_survey_options_and_no_rows():
    kw = dict(accounts=1, account=[0, 0, 0], role=[0, 2, 3], answer=[10, 5, 8])
    t = vitals.survey_measures(**kw, role_weights={"c_suite": 1, "director": 1, "manager": 1})
    assert t["survey_nps"][0] == pytest.approx(0.0)
    t = vitals.survey_measures(**kw, participation_target=1.0)
    assert t["survey_participation_below_target"][0] == 0.0
    t = vitals.survey_measures(accounts=3, account=[], role=[], answer=[])
    assert np.isnan(t["survey_nps"]).all() and list(t["survey_invited"]) == [0, 0, 0]
    f = vitals.survey_measures(accounts=2, account=[1], role=["vp"], answer=[7], as_frame=True)
    assert list(f.index) == [0, 1] and f.loc[1, "survey_nps"] == 0.0


def test_survey_errors():
    with pytest.raises(vitals.VitalsError, match=r"role\[1\]: unknown role 'ceo'") as e:
        vitals.survey_measures(accounts=1, account=[0, 0], role=["vp", "ceo"], answer=[1, 2])
    assert e.value.name == "parse_error"
    with pytest.raises(vitals.VitalsError, match="row 1: answer 11"):
        vitals.survey_measures(accounts=1, account=[0, 0], role=[1, 1], answer=[1, 11])
    with pytest.raises(vitals.VitalsError, match="row 0: answer 7.5"):
        vitals.survey_measures(accounts=1, account=[0], role=[1], answer=[7.5])
    with pytest.raises(vitals.VitalsError, match="row 0: account index 3"):
        vitals.survey_measures(accounts=2, account=[3], role=[1], answer=[1])
    with pytest.raises(vitals.VitalsError, match="row 0: role code 7"):
        vitals.survey_measures(accounts=2, account=[0], role=[7], answer=[1])
    with pytest.raises(ValueError, match=r"account\[0\]: 'zz' is not one of the accounts"):
        vitals.survey_measures(accounts=["a"], account=["zz"], role=[1], answer=[1])
    with pytest.raises(ValueError, match="all weights are zero"):
        vitals.survey_measures(accounts=1, account=[0], role=[1], answer=[1], role_weights=[0] * 5)
    with pytest.raises(ValueError, match="participation_target"):
        vitals.survey_measures(accounts=1, account=[0], role=[1], answer=[1], participation_target=0)
    assert vitals.parse_role(" Director ") == 2
    with pytest.raises(vitals.VitalsError, match='unknown role "boss"'):
        vitals.parse_role("boss")


def test_survey_matches_the_reference():
    rng = random.Random(8)
    for _ in range(100):
        n_acc = rng.randrange(0, 12)
        n = rng.randrange(0, 60) if n_acc else 0
        account = [rng.randrange(n_acc) for _ in range(n)]
        role = [rng.randrange(5) for _ in range(n)]
        answer = [NaN if rng.random() < 0.3 else float(rng.randrange(11)) for _ in range(n)]
        weights = [float(rng.randrange(4)) for _ in range(5)]
        weights[rng.randrange(5)] = 1.0
        target = rng.choice([0.25, 0.5, 0.75, 1.0])
        t = vitals.survey_measures(accounts=n_acc, account=np.array(account, dtype=np.int64),
                                   role=np.array(role, dtype=np.int32), answer=np.array(answer),
                                   role_weights=weights, participation_target=target)
        for a, want in enumerate(ref_survey(n_acc, account, role, answer, weights, target)):
            got = [t[c][a] for c in vitals.SURVEY_COLUMNS]
            assert all(close(g, w) for g, w in zip(got, want)), (a, got, want)


def test_without_numpy():
    code = (
        "import sys\n"
        "sys.modules['numpy'] = None\n"
        "sys.modules['pandas'] = None\n"
        "import vitals, math\n"
        "q = vitals.classify([400, 300, None], [80, 30, 50])\n"
        "assert q.names == ['committed', 'maintenance', 'unknown'] and q.codes == [0, 3, 4], q.codes\n"
        "p = vitals.prioritise([100, 50], [50, 0], limit=1)\n"
        "assert p.order == [0] and p.at_risk == [50.0], (p.order, p.at_risk)\n"
        "r = vitals.roll_up([0, 100, 300], [None, 80, 40], [None, 0, 0])\n"
        "assert r.score[0] == 50.0 and r.leaves == [2, 1, 1], (r.score, r.leaves)\n"
        "t = vitals.survey_measures(accounts=2, account=[0], role=['manager'], answer=[9])\n"
        "assert t['survey_nps'][0] == 100.0 and math.isnan(t['survey_nps'][1]), t\n"
        "assert t['survey_senior_voices_missing'][0] == 1.0\n"
        "print('ok')\n")
    p = run_python(code, env={"PYTHONPATH": PACKAGE_PARENT})
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "ok"


# ---- docs/portfolio.md shows what the package really prints -----------------------------------------

def test_docs_examples():
    import os
    from conftest import REPO
    text = open(os.path.join(REPO, "docs", "portfolio.md")).read()
    accounts = pd.DataFrame({
        "account_id": ["acme", "acme-eu", "acme-us", "beta", "gamma", "delta", "epsilon", "zeta"],
        "parent_id": ["", "acme", "acme", "", "", "", "", ""],
        "arr": [0.0, 120000, 80000, 90000, 40000, 40000, 15000, None],
        "score": [None, 82.5, 41.0, 55.0, 91.0, 35.0, None, 60.0],
    }).set_index("account_id")
    q = vitals.classify(accounts["arr"], accounts["score"])
    assert q.names.to_string() + "\n" + repr(q.summary) in text
    t = vitals.classify(accounts["arr"], accounts["score"], revenue_percent=80)
    assert f"{t.summary.value_cutoff} {t.summary.high_value}\n" + t.names[["gamma", "delta"]].to_string() in text
    p = vitals.prioritise(accounts["arr"], accounts["score"])
    hv = vitals.prioritise(accounts["arr"], accounts["score"], high_value_only=True)
    assert (p.to_frame().to_string(index=False) + f"\n{p.listed} {p.eligible} {p.left_out}\n{hv.accounts}") in text
    r = vitals.roll_up(accounts["arr"], accounts["score"], accounts["parent_id"].tolist(), ids=accounts.index)
    assert r.to_frame().loc[["acme", "acme-eu", "acme-us"]].to_string() in text
    with pytest.raises(vitals.VitalsError) as e:
        vitals.roll_up([1.0, 1.0], [50.0, 60.0], ["b", "a"], ids=["a", "b"])
    assert str(e.value) in text
    surveys = pd.DataFrame({
        "account_id": ["acme-eu"] * 4 + ["beta"] * 4 + ["gamma"] * 2,
        "respondent": ["ceo", "vp-ops", "it-manager", "analyst", "ops-mgr", "fin-mgr", "cfo", "vp-sales", "cto",
                       "admin"],
        "role": ["C-Suite", "vp", "manager", "user", "manager", "manager", "c_suite", "VP", "c_suite", "user"],
        "answer": [9, 7, 10, None, 9, 10, None, None, None, None],
    })
    m = vitals.survey_measures(surveys, accounts=accounts.index)
    with pd.option_context("display.width", 200):
        assert m.T.to_string() in text


# ---- drift and calibration ------------------------------------------------------------------------

def ref_psi(expected, actual, bins=10):
    """The PSI as docs/history.md defines it, written from the definition: quantile cut-offs of
    expected's known values (ranks floor(k n / B), repeats and the minimum merged), a value at a
    cut-off in the bin above, missing values a bin of their own, 1e-4 for an empty share."""
    known = sorted(v for v in expected if not _missing(v))
    cut = []
    for k in range(1, bins):
        c = known[k * len(known) // bins]
        if c > known[0] and (not cut or c > cut[-1]):
            cut.append(c)

    def bin_of(v):
        return len(cut) + 1 if _missing(v) else sum(1 for c in cut if v >= c)

    psi = 0.0
    for b in range(len(cut) + 2):
        e = sum(1 for v in expected if bin_of(v) == b) / len(expected)
        a = sum(1 for v in actual if bin_of(v) == b) / len(actual)
        if e == 0 and a == 0:
            continue
        e, a = e or 1e-4, a or 1e-4
        psi += (a - e) * math.log(a / e)
    return psi


def test_population_stability_by_hand():
    expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]       # 5 bins: cut-offs 2, 4, 6, 8, 0.2 of the book each
    actual = [0, 0, 0, 0, 0, 5, 5, 7, 9, None]     # 0.5, 0 (-> 1e-4), 0.2, 0.1, 0.1 and 0.1 missing
    by_hand = ((0.5 - 0.2) * math.log(0.5 / 0.2) + (1e-4 - 0.2) * math.log(1e-4 / 0.2) + 0.0
               + 2 * (0.1 - 0.2) * math.log(0.1 / 0.2) + (0.1 - 1e-4) * math.log(0.1 / 1e-4))
    s = vitals.population_stability(expected, actual, bins=5)
    assert s.psi == pytest.approx(by_hand, rel=1e-12)
    assert s.verdict == "significant shift"
    assert vitals.population_stability(expected, expected, bins=5).psi == 0.0
    assert vitals.population_stability(expected, expected).verdict == "stable"


def test_population_stability_against_the_reference_on_random_books():
    rng = random.Random(17)
    for trial in range(40):
        n, m = rng.randint(1, 300), rng.randint(1, 300)
        shift, ties = rng.uniform(-2, 2), rng.random() < 0.3
        draw = (lambda mu: float(rng.randint(0, 5))) if ties else (lambda mu: rng.gauss(mu, 1))
        e = [None if rng.random() < 0.05 else draw(0.0) for _ in range(n)]
        a = [None if rng.random() < 0.1 * (trial % 3) else draw(shift) for _ in range(m)]
        if all(_missing(v) for v in e):
            e[0] = 0.0
        bins = rng.choice([2, 5, 10, 20])
        want = ref_psi(e, a, bins)
        got = vitals.population_stability(e, a, bins=bins)
        assert got.psi == pytest.approx(want, rel=1e-12, abs=1e-15), (trial, bins)
        assert got.verdict == vitals.STABILITY[(want >= 0.10) + (want >= 0.25)]
        # numpy and pandas give the same
        ea, aa = np.array(e, dtype=float), pd.Series(a, dtype=float)
        assert vitals.population_stability(ea, aa, bins=bins).psi == got.psi


def test_population_stability_errors():
    with pytest.raises(ValueError, match="bins"):
        vitals.population_stability([1, 2], [1, 2], bins=1)
    with pytest.raises(vitals.VitalsError, match="empty"):
        vitals.population_stability([], [1.0])
    with pytest.raises(vitals.VitalsError, match=r"actual\[1\] is infinite"):
        vitals.population_stability([1.0, 2.0], [1.0, math.inf])
    with pytest.raises(vitals.VitalsError, match="empty"):
        vitals.population_stability([1.0], [])


def test_propose_bands_hits_the_share_wanted():
    card = vitals.Scorecard.default()
    assert list(card.band_labels) == ["red", "yellow", "green"]
    scores = [i + 0.25 for i in range(200)]
    scores = [s / 2 for s in scores] + [None] * 7   # 0.125 .. 99.625, and 7 accounts not scored
    p = vitals.propose_bands(card, scores, {"red": 0.25})
    assert p.cutoffs[1] == 70.0                      # yellow/green kept
    assert p.counts == {"red": 50, "yellow": 90, "green": 60}
    assert p.cutoffs[0] == 25.0                      # the roundest cut-off with 50 scores below it
    rng = random.Random(5)
    for trial in range(30):
        xs = [round(rng.uniform(0, 100), rng.choice([0, 1, 3])) for _ in range(rng.randint(20, 400))]
        red, green = rng.uniform(0.05, 0.4), rng.uniform(0.05, 0.4)
        p = vitals.propose_bands(card, np.array(xs), {"red": red, "green": green})
        lo, hi = p.cutoffs
        counts = [sum(x < lo for x in xs), sum(lo <= x < hi for x in xs), sum(x >= hi for x in xs)]
        assert counts == [p.counts["red"], p.counts["yellow"], p.counts["green"]], trial
        # each count is the achievable one nearest the share wanted (equal scores are never split,
        # so only counts at a change of score can be had)
        below = {sum(x < v for x in xs) for v in xs} | {len(xs)}
        above = {sum(x >= v for x in xs) for v in xs} | {0}
        for want, got, can in ((red * len(xs), counts[0], below), (green * len(xs), counts[2], above)):
            assert got in can, trial
            assert abs(got - want) == pytest.approx(min(abs(k - want) for k in can)), (trial, want, got)


def test_propose_bands_errors():
    card = vitals.Scorecard.default()
    with pytest.raises(ValueError, match="no band 'amber'"):
        vitals.propose_bands(card, [1.0, 2.0], {"amber": 0.2})
    with pytest.raises(vitals.VitalsError, match="give a target for yellow too"):
        vitals.propose_bands(card, [i + 0.5 for i in range(100)], {"red": 0.9})
    with pytest.raises(vitals.VitalsError):
        vitals.propose_bands(card, [math.nan, math.nan], {"red": 0.2})
    with pytest.raises(vitals.VitalsError):
        vitals.propose_bands(card, [1.0, 2.0], {"red": 1.5})
