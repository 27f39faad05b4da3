"""Portfolio views and stakeholder survey measures over libvitals.

* ``classify(arr, score)``: the value x health quadrant of every account, with counts and revenue
  per quadrant;
* ``prioritise(arr, score)``: the accounts ordered by revenue at risk, ARR x (100 - score) / 100;
* ``roll_up(arr, score, parent)``: a parent account's score as the ARR-weighted mean of its
  children's (recursively);
* ``population_stability(expected, actual)``: the PSI between two periods of a measure or the
  score, with its verdict; ``propose_bands(card, scores, targets)``: band cut-offs giving the share
  wanted per band;
* ``survey_measures(...)``: NPS weighted by respondent seniority, participation, seniority coverage
  and the senior-voices-missing flag per account, as named columns for scorecard measures.

Inputs are numpy arrays (float64 contiguous ones pass without a copy), pandas Series (the result
keeps their index) or plain sequences (None is missing); NaN means missing. The definitions, tie
rules included, are those of docs/portfolio.md.
"""

from __future__ import annotations

import math
from ctypes import Structure, byref, c_char_p, c_double, c_int32, c_int64, c_size_t, c_void_p, sizeof
from typing import Any, List, Mapping, Optional, Sequence, Union

from . import _inputs, _native
from ._types import Frame, Values

# ---- constants (vitals.h) -------------------------------------------------------------------------

QUADRANT_COMMITTED = 0
QUADRANT_AT_RISK = 1
QUADRANT_GROWTH_CANDIDATE = 2
QUADRANT_MAINTENANCE = 3
QUADRANT_UNKNOWN = 4
#: Quadrant names by code.
QUADRANTS = ("committed", "at_risk", "growth_candidate", "maintenance", "unknown")
#: Display labels by code.
QUADRANT_LABELS = ("Committed", "At Risk", "Growth Candidate", "Maintenance", "Unknown")

VALUE_TOP_REVENUE = 0
VALUE_ARR_CUTOFF = 1
NO_PARENT = -1

#: Respondent roles by code, most senior first.
ROLES = ("c_suite", "vp", "director", "manager", "user")
#: The default role weights of the survey NPS.
DEFAULT_ROLE_WEIGHTS = {"c_suite": 3.0, "vp": 2.0, "director": 1.5, "manager": 1.0, "user": 0.5}
#: The default participation target.
DEFAULT_PARTICIPATION_TARGET = 0.75
#: The survey output columns, in the C ABI's order.
SURVEY_COLUMNS = ("survey_nps", "survey_participation", "survey_participation_below_target",
                  "survey_seniority_levels", "survey_seniority_coverage", "survey_senior_voices_missing",
                  "survey_invited", "survey_answered")


# ---- ctypes structs (vitals.h) --------------------------------------------------------------------

class QuadrantRule(Structure):
    """vitals_quadrant_rule (versioned)."""
    _fields_ = [("struct_size", c_size_t), ("value_rule", c_int64), ("revenue_percent", c_double),
                ("arr_cutoff", c_double), ("health_threshold_set", c_int64), ("health_threshold", c_double)]


class QuadrantSummaryStruct(Structure):
    """vitals_quadrant_summary (versioned)."""
    _fields_ = [("struct_size", c_size_t), ("counts", c_int64 * 5), ("revenue", c_double * 5),
                ("total_revenue", c_double), ("value_cutoff", c_double), ("health_threshold", c_double),
                ("high_value", c_int64)]


class PriorityOptions(Structure):
    """vitals_priority_options (versioned)."""
    _fields_ = [("struct_size", c_size_t), ("limit", c_int64), ("high_value_only", c_int64),
                ("value_rule", c_int64), ("revenue_percent", c_double), ("arr_cutoff", c_double)]


class PrioritySummaryStruct(Structure):
    """vitals_priority_summary (versioned)."""
    _fields_ = [("struct_size", c_size_t), ("listed", c_int64), ("eligible", c_int64), ("left_out", c_int64),
                ("value_cutoff", c_double)]


class RollupOutput(Structure):
    """vitals_rollup_output (versioned)."""
    _fields_ = [("struct_size", c_size_t),
                ("score", c_void_p), ("score_length", c_int64),
                ("coverage", c_void_p), ("coverage_length", c_int64),
                ("leaves", c_void_p), ("leaves_length", c_int64),
                ("scored_leaves", c_void_p), ("scored_leaves_length", c_int64)]


class SurveyOptions(Structure):
    """vitals_survey_options (versioned)."""
    _fields_ = [("struct_size", c_size_t), ("role_weights", c_double * 5), ("participation_target", c_double)]


def _value_rule(revenue_percent: Optional[float], arr_cutoff: Optional[float]):
    if revenue_percent is not None and arr_cutoff is not None:
        raise ValueError("give revenue_percent or arr_cutoff, not both")
    if arr_cutoff is not None:
        return VALUE_ARR_CUTOFF, 0.0, float(arr_cutoff)
    p = 50.0 if revenue_percent is None else float(revenue_percent)
    if not 0.0 < p <= 100.0:  # 0 would mean "the default" in the C struct: refuse it here
        raise ValueError(f"revenue_percent: must lie in (0, 100], not {revenue_percent!r}")
    return VALUE_TOP_REVENUE, p, 0.0


def _arr_and_score(arr, score):
    """The two columns every portfolio view reads, checked to agree in length and index."""
    a, s = _inputs.column(arr, "arr"), _inputs.column(score, "score")
    if a.n != s.n:
        raise ValueError(f"arr has {a.n} values, score {s.n}")
    _inputs.like(a, s)  # checks that pandas indexes agree
    return a, s


def health_threshold_of(card: Any) -> float:
    """The lower cutoff of a Scorecard's top band (70 with the default bands): the default health
    threshold of the quadrants."""
    t = c_double(0.0)
    with card._handle as h:
        card._lib.scorecard_health_threshold(h, byref(t))
    return t.value


# ---- quadrants ------------------------------------------------------------------------------------

class QuadrantSummary:
    """Counts and revenue per quadrant (dicts keyed by QUADRANTS), the total revenue, the effective
    high-value ARR cut-off (``inf`` when no account is high value), the health threshold used, and
    the number of high-value accounts."""

    __slots__ = ("counts", "revenue", "total_revenue", "value_cutoff", "health_threshold", "high_value")

    def __init__(self, s: QuadrantSummaryStruct) -> None:
        self.counts = {QUADRANTS[k]: int(s.counts[k]) for k in range(5)}
        self.revenue = {QUADRANTS[k]: float(s.revenue[k]) for k in range(5)}
        self.total_revenue = float(s.total_revenue)
        self.value_cutoff = float(s.value_cutoff)
        self.health_threshold = float(s.health_threshold)
        self.high_value = int(s.high_value)

    def __repr__(self) -> str:
        return (f"QuadrantSummary(counts={self.counts}, revenue={self.revenue}, total_revenue={self.total_revenue}, "
                f"value_cutoff={self.value_cutoff}, health_threshold={self.health_threshold}, "
                f"high_value={self.high_value})")


class Quadrants:
    """The result of classify(): ``codes`` (QUADRANT_* per account: a numpy int32 array, a pandas
    Series with the input's index, or a list), ``names`` (the codes as QUADRANTS names: a pandas
    categorical Series for pandas input, else a list) and ``summary`` (a QuadrantSummary)."""

    __slots__ = ("codes", "summary", "_index")

    def __init__(self, codes: Any, summary: "QuadrantSummary", index: Any = None) -> None:
        self.codes = codes
        self.summary = summary
        self._index = index

    @property
    def names(self) -> Any:
        names = [QUADRANTS[int(c)] for c in self.codes]
        if self._index is None:
            return names
        import pandas as pd
        return pd.Series(pd.Categorical(names, categories=QUADRANTS), index=self._index, name="quadrant")


def classify(arr: Values, score: Values, *, revenue_percent: Optional[float] = None,
             arr_cutoff: Optional[float] = None, health_threshold: Union[None, float, Any] = None) -> Quadrants:
    """The value x health quadrant of every account.

    ``arr`` is each account's value (NaN / None = unknown), ``score`` its 0-100 score (NaN = not
    scored). High value: the smallest set of accounts holding ``revenue_percent`` % of the revenue
    (default 50; equal ARRs at the boundary are all in), or ARR >= ``arr_cutoff``. Healthy: score >=
    ``health_threshold`` (a number, or a Scorecard for its top band's lower cutoff; default 70).
    Raises VitalsError for values out of their domain (the message names the index).
    """
    a, s = _arr_and_score(arr, score)
    kind, p, cut = _value_rule(revenue_percent, arr_cutoff)
    rule = QuadrantRule(struct_size=sizeof(QuadrantRule), value_rule=kind, revenue_percent=p, arr_cutoff=cut)
    if health_threshold is not None:
        t = health_threshold if isinstance(health_threshold, (int, float)) else health_threshold_of(health_threshold)
        rule.health_threshold_set = 1
        rule.health_threshold = float(t)
    codes = _inputs.Out(a.n, "i")
    summary = QuadrantSummaryStruct(struct_size=sizeof(QuadrantSummaryStruct))
    _native.load().portfolio_classify(a.address, s.address, a.n, byref(rule), codes.address, a.n, byref(summary))
    like = _inputs.like(a, s)
    result = codes.result(like, index=like.index)
    if like.kind == "pandas":
        result.name = "quadrant"
    return Quadrants(result, QuadrantSummary(summary), like.index)


# ---- the prioritised list -------------------------------------------------------------------------

class Priority:
    """The result of prioritise(): ``order`` (account positions, most revenue at risk first),
    ``at_risk`` (their revenue at risk), ``accounts`` (their index labels for pandas input, else
    the positions again), and the counts ``listed``, ``eligible`` (before the limit) and
    ``left_out`` (no ARR or no score), and ``value_cutoff`` (when high_value_only)."""

    __slots__ = ("order", "at_risk", "accounts", "listed", "eligible", "left_out", "value_cutoff")

    def to_frame(self) -> Frame:
        """A pandas DataFrame: account, position, revenue_at_risk, one row per listed account."""
        import pandas as pd
        return pd.DataFrame({"account": list(self.accounts), "position": list(self.order),
                             "revenue_at_risk": list(self.at_risk)})


def prioritise(arr: Values, score: Values, *, limit: Optional[int] = None, high_value_only: bool = False,
               revenue_percent: Optional[float] = None, arr_cutoff: Optional[float] = None) -> Priority:
    """Accounts ordered by revenue at risk, ARR x (100 - score) / 100, largest first; ties by ARR
    (largest first), then score (lowest first), then position. Accounts without an ARR or a score
    are not listed (``left_out`` counts them). ``limit``: at most that many; ``high_value_only``:
    only the high-value accounts (by ``revenue_percent`` or ``arr_cutoff``, as classify())."""
    a, s = _arr_and_score(arr, score)
    if limit is not None and (not isinstance(limit, int) or limit <= 0):
        raise ValueError(f"limit: a positive integer or None, not {limit!r}")
    kind, p, cut = _value_rule(revenue_percent, arr_cutoff)
    opts = PriorityOptions(struct_size=sizeof(PriorityOptions), limit=limit or 0,
                           high_value_only=1 if high_value_only else 0, value_rule=kind, revenue_percent=p,
                           arr_cutoff=cut)
    cap = a.n if limit is None else min(a.n, limit)
    order = _inputs.Out(cap, "q", -1)
    risk = _inputs.Out(cap, "d", math.nan)
    summary = PrioritySummaryStruct(struct_size=sizeof(PrioritySummaryStruct))
    _native.load().portfolio_prioritise(a.address, s.address, a.n, byref(opts), order.address, risk.address, cap,
                                        byref(summary))
    r = Priority()
    r.listed = int(summary.listed)
    r.eligible = int(summary.eligible)
    r.left_out = int(summary.left_out)
    r.value_cutoff = float(summary.value_cutoff)
    like = _inputs.like(a, s)
    plain = like.kind == "python" or _inputs.numpy() is None
    r.order = list(order.data[:r.listed]) if plain else order.data[:r.listed]
    r.at_risk = list(risk.data[:r.listed]) if plain else risk.data[:r.listed]
    if like.kind == "pandas":
        r.accounts = list(like.index[list(r.order)])
    else:
        r.accounts = list(r.order)
    return r


# ---- roll-up --------------------------------------------------------------------------------------

def resolve_parents(ids: Sequence[Any], parent_ids: Sequence[Any]) -> Values:
    """Parent positions from text ids: ``parent_ids[i]`` names account i's parent (None, NaN or ""
    for none). Raises VitalsError naming an unknown parent or a duplicate id."""
    ids = [str(v) for v in ids]
    pids = [None if _blank(v) else str(v) for v in parent_ids]
    n = len(ids)
    if len(pids) != n:
        raise ValueError(f"ids has {n} entries, parent_ids {len(pids)}")
    id_arr = (c_char_p * max(n, 1))(*[v.encode("utf-8") for v in ids])
    pid_arr = (c_char_p * max(n, 1))(*[None if v is None else v.encode("utf-8") for v in pids])
    out = _inputs.Out(n, "q", -1)
    _native.load().portfolio_resolve_parents(id_arr, pid_arr, n, out.address, n)
    return list(out.data) if _inputs.numpy() is None else out.data


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""


class RollUp:
    """The result of roll_up(): per account ``score`` (rolled), ``coverage`` (ARR share of the leaf
    descendants behind it), ``leaves`` and ``scored_leaves``."""

    __slots__ = ("score", "coverage", "leaves", "scored_leaves", "_index")

    def to_frame(self) -> Frame:
        """A pandas DataFrame with the four columns (rollup_score, rollup_coverage, rollup_leaves,
        rollup_scored_leaves), indexed by the input Series' index or the ids given."""
        import pandas as pd
        index = self._index
        return pd.DataFrame({"rollup_score": list(self.score), "rollup_coverage": list(self.coverage),
                             "rollup_leaves": list(self.leaves), "rollup_scored_leaves": list(self.scored_leaves)},
                            index=index)


def roll_up(arr: Values, score: Values, parent: Values, *, ids: Optional[Sequence[Any]] = None) -> RollUp:
    """Parent scores as the ARR-weighted mean of their children's, recursively.

    ``parent`` holds each account's parent position (-1 or None for a top-level account), or, when
    ``ids`` are given, the parent's id (None, NaN or "" for none). ``ids`` also name the accounts
    in errors. Raises VitalsError for a cycle (listing its accounts) or an unknown parent.
    """
    a, s = _arr_and_score(arr, score)
    plist = parent.tolist() if hasattr(parent, "tolist") else list(parent)
    if len(plist) != a.n:
        raise ValueError(f"parent has {len(plist)} entries for {a.n} accounts")
    id_list = None if ids is None else [str(v) for v in ids]
    if id_list is not None and len(id_list) != a.n:
        raise ValueError(f"ids has {len(id_list)} entries for {a.n} accounts")
    if id_list is not None and any(isinstance(v, str) for v in plist):
        p = _inputs.column(resolve_parents(id_list, plist), "parent", "q")
    else:
        p = _inputs.column([None if _blank(v) else v for v in plist], "parent", "q")
    n = a.n
    outs = {k: _inputs.Out(n, t, f) for k, t, f in (("score", "d", math.nan), ("coverage", "d", math.nan),
                                              ("leaves", "q", 0), ("scored_leaves", "q", 0))}
    o = RollupOutput(struct_size=sizeof(RollupOutput),
                     score=outs["score"].address, score_length=n,
                     coverage=outs["coverage"].address, coverage_length=n,
                     leaves=outs["leaves"].address, leaves_length=n,
                     scored_leaves=outs["scored_leaves"].address, scored_leaves_length=n)
    id_arr = None
    if id_list is not None and n:
        id_arr = (c_char_p * n)(*[v.encode("utf-8") for v in id_list])
    _native.load().portfolio_roll_up(a.address, s.address, p.address, n, id_arr, byref(o))
    like = _inputs.like(a, s)
    r = RollUp()
    r._index = like.index if like.kind == "pandas" else id_list
    for k, out in outs.items():
        setattr(r, k, out.result(like, index=like.index))
    return r


# ---- drift and calibration ------------------------------------------------------------------------

#: Verdicts of the population stability index by code (VITALS_STABLE ...): PSI < 0.10, < 0.25, above.
STABILITY = ("stable", "moderate shift", "significant shift")


class Stability:
    """The result of population_stability(): ``psi`` and its ``verdict`` (one of STABILITY)."""

    __slots__ = ("psi", "verdict")

    def __init__(self, psi: float, verdict: str) -> None:
        self.psi = psi
        self.verdict = verdict

    def __repr__(self) -> str:
        return f"Stability(psi={self.psi!r}, verdict={self.verdict!r})"


def population_stability(expected: Values, actual: Values, *, bins: int = 10) -> Stability:
    """The population stability index of ``actual`` against ``expected`` (a measure or the score in
    two periods), over ``bins`` bins at the quantiles of expected's known values; NaN / None is
    missing and a bin of its own. Raises VitalsError for an empty population or an infinite value
    (the message names its index). Definition: docs/history.md, "Drift"."""
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 2:
        raise ValueError(f"bins: an integer of at least 2 is needed, not {bins!r}")
    e, a = _inputs.column(expected, "expected"), _inputs.column(actual, "actual")
    psi, verdict = c_double(0.0), c_int32(0)
    _native.load().population_stability(e.address, e.n, a.address, a.n, bins, byref(psi), byref(verdict))
    return Stability(psi.value, STABILITY[verdict.value])


class BandProposal:
    """The result of propose_bands(): the proposed ``cutoffs`` (one fewer than the bands, lowest
    first) and ``counts``, the accounts each band would hold under them (a dict keyed by label)."""

    __slots__ = ("cutoffs", "counts")

    def __init__(self, cutoffs: List[float], counts: dict) -> None:
        self.cutoffs = cutoffs
        self.counts = counts

    def __repr__(self) -> str:
        return f"BandProposal(cutoffs={self.cutoffs!r}, counts={self.counts!r})"


def propose_bands(card: Any, scores: Values, targets: Mapping[str, float]) -> BandProposal:
    """Band cut-offs for the Scorecard ``card`` that give the accounts scored ``scores`` (NaN = not
    scored) the share wanted per band: ``targets`` maps band labels to shares in [0, 1] (e.g.
    ``{"red": 0.2}``). A target for a band moves the cut-off above it (the top band's, the one below
    it); the others stay. The roundest cut-off giving the count nearest the one wanted, within one
    account unless equal scores stand at it. Raises ValueError for a label the card lacks and
    VitalsError for a target a kept cut-off blocks (the message names the band to give a target
    too). Definition: docs/history.md, "Calibrating the bands"."""
    labels = list(card.band_labels)
    share = [math.nan] * len(labels)
    for label, value in targets.items():
        if label not in labels:
            raise ValueError(f"targets: the scorecard has no band {label!r} (its bands: {', '.join(labels)})")
        share[labels.index(label)] = _inputs.number(value, f"targets[{label!r}]")
    s = _inputs.column(scores, "scores")
    t = (c_double * len(labels))(*share)
    cut = (c_double * max(1, len(labels) - 1))()
    counts = (c_int64 * len(labels))()
    with card._handle as h:
        _native.load().scorecard_propose_bands(h, s.address, s.n, t, len(labels), cut, len(labels) - 1, counts,
                                               len(labels))
    return BandProposal([cut[i] for i in range(len(labels) - 1)],
                        {labels[i]: int(counts[i]) for i in range(len(labels))})


# ---- survey measures ------------------------------------------------------------------------------

def parse_role(text: str) -> int:
    """A role code from text (c_suite, vp, director, manager, user; case-insensitive; "c-suite"
    accepted). Raises VitalsError (parse_error) for anything else."""
    b = str(text).encode("utf-8")
    code = c_int32(-1)
    _native.load().survey_parse_role(b, len(b), byref(code))
    return code.value


def _role_codes(role: Any) -> _inputs.Column:
    values = role.tolist() if hasattr(role, "tolist") else list(role)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return _inputs.column(values, "role", "i")
    codes = []
    for k, v in enumerate(values):
        if isinstance(v, int) and not isinstance(v, bool):
            codes.append(v)
            continue
        try:
            codes.append(parse_role(v))
        except _native.VitalsError as e:
            raise _native.VitalsError(e.code, f"role[{k}]: unknown role {str(v)!r} (expected c_suite, vp, "
                                              f"director, manager or user)") from None
    return _inputs.column(codes, "role", "i")


def _weights(role_weights: Union[None, Mapping[str, float], Sequence[float]]) -> List[float]:
    if role_weights is None:
        return [DEFAULT_ROLE_WEIGHTS[r] for r in ROLES]
    if isinstance(role_weights, Mapping):
        unknown = set(role_weights) - set(ROLES)
        if unknown:
            raise ValueError(f"role_weights: unknown role(s) {sorted(unknown)} (expected {', '.join(ROLES)})")
        w = [float(role_weights.get(r, DEFAULT_ROLE_WEIGHTS[r])) for r in ROLES]
    else:
        w = [float(v) for v in role_weights]
        if len(w) != 5:
            raise ValueError(f"role_weights: 5 weights (c_suite, vp, director, manager, user), not {len(w)}")
    if all(v == 0.0 for v in w):  # all zero would mean "the defaults" in the C struct: refuse it here
        raise ValueError("role_weights: all weights are zero")
    return w


def survey_measures(responses: Optional[Frame] = None, *, accounts: Union[int, Sequence[Any], None] = None,
                    account: Optional[Values] = None, role: Optional[Values] = None, answer: Optional[Values] = None,
                    role_weights: Optional[Mapping[str, float]] = None, participation_target: Optional[float] = None,
                    as_frame: Optional[bool] = None) -> Any:
    """Survey measures per account from one row per invited stakeholder.

    Either ``responses`` (a pandas DataFrame with columns account_id, role, answer, the --surveys
    CSV layout) or the three columns ``account``, ``role`` and ``answer``. ``accounts`` is the
    number of accounts (then ``account`` holds positions) or their ids (then ``account`` holds
    ids; with a DataFrame and no ``accounts``, the distinct account_ids in order of appearance).
    ``role``: codes 0..4 or text; ``answer``: 0..10, or NaN / None / "" for invited without an
    answer. ``role_weights``: a mapping role -> weight (others keep their default) or 5 weights.

    Returns the columns SURVEY_COLUMNS: a pandas DataFrame indexed by the account ids (when
    ``responses`` is a DataFrame or ``as_frame`` is true), else a dict of numpy arrays (lists
    without numpy). Accounts without rows get NaN (missing) in every measure and 0 in the counts.
    """
    if responses is not None:
        if not _inputs.is_frame(responses):
            raise TypeError(f"responses: a pandas DataFrame (account_id, role, answer), got "
                            f"{type(responses).__name__}")
        missing = [c for c in ("account_id", "role", "answer") if c not in responses.columns]
        if missing:
            raise ValueError(f"responses: missing column(s) {missing}")
        if account is not None or role is not None or answer is not None:
            raise TypeError("give responses or account / role / answer, not both")
        account = responses["account_id"].tolist()
        role = responses["role"].tolist()
        answer = responses["answer"].tolist()
        if accounts is None:
            accounts = list(dict.fromkeys(str(a) for a in account))
        if as_frame is None:
            as_frame = True
    if account is None or role is None or answer is None:
        raise TypeError("account, role and answer are needed (or responses)")
    if accounts is None:
        raise TypeError("accounts: the number of accounts, or their ids")
    if isinstance(accounts, int):
        n_accounts, ids = accounts, None
        acc = _inputs.column(account.tolist() if hasattr(account, "tolist") else list(account), "account", "q")
    else:
        ids = [str(a) for a in accounts]
        position = {a: i for i, a in enumerate(ids)}
        if len(position) != len(ids):
            raise ValueError("accounts: duplicate account ids")
        n_accounts = len(ids)
        positions = []
        for k, a in enumerate(account.tolist() if hasattr(account, "tolist") else list(account)):
            p = position.get(str(a))
            if p is None:
                raise ValueError(f"account[{k}]: {str(a)!r} is not one of the accounts")
            positions.append(p)
        acc = _inputs.column(positions, "account", "q")
    rl = _role_codes(role)
    ans_values = answer.tolist() if hasattr(answer, "tolist") else list(answer)
    ans = _inputs.column([None if _blank(v) else v for v in ans_values], "answer")
    if not (acc.n == rl.n == ans.n):
        raise ValueError(f"account has {acc.n} entries, role {rl.n}, answer {ans.n}")
    opts = SurveyOptions(struct_size=sizeof(SurveyOptions))
    for k, w in enumerate(_weights(role_weights)):
        opts.role_weights[k] = w
    t = DEFAULT_PARTICIPATION_TARGET if participation_target is None else float(participation_target)
    if not 0.0 < t <= 1.0:
        raise ValueError(f"participation_target: must lie in (0, 1], not {participation_target!r}")
    opts.participation_target = t
    total = n_accounts * len(SURVEY_COLUMNS)
    out = _inputs.Out(total, "d", math.nan)
    _native.load().survey_measures(n_accounts, acc.address, rl.address, ans.address, acc.n, byref(opts),
                                   out.address, total)
    columns = {name: out.data[c * n_accounts:(c + 1) * n_accounts] for c, name in enumerate(SURVEY_COLUMNS)}
    if as_frame:
        import pandas as pd
        return pd.DataFrame({k: list(v) if _inputs.numpy() is None else v for k, v in columns.items()},
                            index=pd.Index(ids if ids is not None else range(n_accounts), name="account_id"))
    if _inputs.numpy() is None:
        return {k: list(v) for k, v in columns.items()}
    return columns
