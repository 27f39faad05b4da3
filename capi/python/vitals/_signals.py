"""Signals: trend measures over histories, the score trend, derived trend columns, alerts.

numpy is required here (pandas optional): histories are 2-D arrays (accounts x periods, oldest
first, NaN = missing) or DataFrames with one column per period; results are numpy arrays, or
pandas objects with the input's index when the input was pandas. See docs/signals.md.
"""

from __future__ import annotations

import ctypes
import json
from ctypes import byref, c_char_p, c_double, c_int32, c_int64
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _inputs, _native
from ._types import Frame, Periods, Values
from ._scorecard import Scorecard

#: trend kinds (vitals.h VITALS_TREND_*)
TREND_KINDS = {"slope": 0, "percent_change": 1, "declines": 2}
#: score directions (VITALS_DIRECTION_*)
DIRECTION_DECLINING, DIRECTION_STABLE, DIRECTION_IMPROVING, DIRECTION_UNKNOWN = -1, 0, 1, 2
DIRECTION_NAMES = {-1: "declining", 0: "stable", 1: "improving", 2: "unknown"}
#: severities (VITALS_SEVERITY_*) and alert outcomes (VITALS_ALERT_*)
SEVERITY_NAMES = {0: "info", 1: "warning", 2: "critical"}
ALERT_QUIET, ALERT_FIRED, ALERT_SUPPRESSED = 0, 1, 2


def trend(history: Periods, kind: str, window: int) -> Values:
    """One trend measure per account over the last ``window`` periods (>= 2) of ``history``.

    ``history``: accounts x periods (oldest first, NaN = missing), a 2-D numpy array (float64 or
    float32, any layout, read without a copy) or a DataFrame with one column per period.
    ``kind``: "slope" (least-squares slope / |mean| per period), "percent_change" (newest vs oldest
    present value, %), "declines" (consecutive declines ending at the newest value). Returns a
    float64 array (a Series for a DataFrame); NaN where it cannot be told.
    """
    if kind not in TREND_KINDS:
        raise ValueError(f"kind: one of {', '.join(TREND_KINDS)}, got {kind!r}")
    h = _inputs.grid(history, "history", one_d="row", float32=True)
    out = _inputs.Out(h.rows, "d")
    _native.load().trend_compute(TREND_KINDS[kind], h.pointer, h.dtype, h.rows, h.cols, h.row_stride, h.col_stride,
                                 int(window), out.address, h.rows)
    out = out.data
    if _inputs.is_frame(history):
        import pandas as pd
        return pd.Series(out, index=history.index, name=kind)
    return out


def score_trend(score: Values, previous: Optional[Periods] = None, *, dead_band: float = 2.0,
                window: int = 1) -> Any:
    """The change of each account's score against its previous score(s), and its direction.

    ``score``: one score per account (NaN = not scored). ``previous``: accounts x earlier periods,
    oldest first (NaN = no score), or None. The reference is the mean of the newest ``window``
    present previous scores; change = score - reference; direction "improving" above
    ``dead_band``, "declining" below -dead_band, "stable" within, "unknown" without a reference.
    Returns (change, direction codes) as numpy arrays (a DataFrame with columns change, direction
    for pandas input). ``direction_names(codes)`` turns codes into words.
    """
    s = _scores(score)
    rows = s.n
    p = _previous(previous, rows)
    change, direction = _inputs.Out(rows, "d"), _inputs.Out(rows, "i")
    _native.load().score_trend_compute(s.address, rows, p.pointer, p.cols, p.row_stride, p.col_stride,
                                       float(dead_band), int(window), change.address, rows, direction.address, rows)
    change, direction = change.data, direction.data
    if _inputs.is_pandas(score) or _inputs.is_pandas(previous):
        import pandas as pd
        index = getattr(score, "index", None) if _inputs.is_pandas(score) else getattr(previous, "index", None)
        return pd.DataFrame({"change": change, "direction": direction_names(direction)}, index=index)
    return change, direction


def _scores(score) -> _inputs.Column:
    """One score per account (any array shape is flattened)."""
    np = _inputs.need_numpy("signals")
    return _inputs.column(score.reshape(-1) if isinstance(score, np.ndarray) else score, "score")


def _previous(previous, rows: int) -> _inputs.Matrix:
    """Earlier scores, accounts x periods (an empty matrix for None)."""
    np = _inputs.need_numpy("signals")
    p = _inputs.grid(np.empty((rows, 0)) if previous is None else previous, "previous")
    if p.rows != rows:
        raise ValueError(f"previous: {p.rows} accounts, score has {rows}")
    return p


def direction_names(codes: Values) -> List[str]:
    """Direction codes as words: "declining", "stable", "improving", "unknown"."""
    return [DIRECTION_NAMES.get(int(c), "unknown") for c in codes]


def score_trend_settings(card: Scorecard) -> Tuple[float, int]:
    """The scorecard's "score_trend" settings: (dead_band, window)."""
    d, w = c_double(0), c_int64(0)
    with card._handle as h:
        card._lib.scorecard_score_trend_settings(h, byref(d), byref(w))
    return d.value, w.value


def trends_of(card: Scorecard) -> List[Dict[str, Any]]:
    """The scorecard's derived trend columns: [{"name", "metric", "kind", "window"}, ...]."""
    kinds = {v: k for k, v in TREND_KINDS.items()}
    out = []
    n = c_int64(0)
    with card._handle as h:
        card._lib.scorecard_trend_count(h, byref(n))
        for i in range(n.value):
            name, metric, kind, window = c_char_p(), c_char_p(), c_int32(0), c_int64(0)
            card._lib.scorecard_trend_info(h, i, byref(name), byref(metric), byref(kind), byref(window))
            out.append({"name": name.value.decode("utf-8"), "metric": metric.value.decode("utf-8"),
                        "kind": kinds[kind.value], "window": window.value})
    return out


def history_metrics(card: Scorecard) -> List[str]:
    """The history metrics the scorecard's trends read, in order of first use."""
    seen: List[str] = []
    for t in trends_of(card):
        if t["metric"] not in seen:
            seen.append(t["metric"])
    return seen


def trend_columns(card: Scorecard, histories: Mapping[str, Any], *, allow_absent: bool = False) -> Any:
    """The scorecard's derived trend columns from per-metric histories.

    ``histories`` maps a metric name to its history (accounts x periods, as for :func:`trend`;
    every history has the same accounts in the same order). Returns {column name: array}, or a
    DataFrame (columns in declaration order, the first history's index) when the histories are
    DataFrames. A metric the scorecard needs and ``histories`` lacks raises KeyError, unless
    ``allow_absent`` (its columns are then NaN).
    """
    np = _inputs.need_numpy("signals")
    out: Dict[str, Any] = {}
    rows = None
    index = None
    for h in histories.values():
        rows = len(h) if not hasattr(h, "shape") else (h.shape[0] if len(h.shape) == 2 else 1)
        if _inputs.is_frame(h):
            index = h.index
        break
    trends = trends_of(card)
    missing = [m for m in history_metrics(card) if m not in histories]
    if missing and not allow_absent:
        raise KeyError(f"histories: the scorecard's trends read metrics that are not given: {', '.join(missing)}")
    for t in trends:
        if t["metric"] in histories:
            out[t["name"]] = np.asarray(trend(histories[t["metric"]], t["kind"], t["window"]))
        else:
            out[t["name"]] = np.full(rows or 0, np.nan)
    if index is not None:
        import pandas as pd
        return pd.DataFrame(out, index=index)
    return out


class Alerts:
    """The result of :func:`evaluate_alerts`: accounts x alert rules.

    * ``outcome``: int32, 0 quiet, 1 fired, 2 suppressed by the cooldown;
    * ``value``, ``threshold``: what was tested, against what (NaN when missing);
    * ``since_fired``: the ``since_fired`` input for the next period;
    * ``names``, ``severities``, ``reasons``: per rule; ``index``: the accounts' pandas index or None.
    """

    __slots__ = ("outcome", "value", "threshold", "since_fired", "names", "severities", "reasons", "index")

    def __init__(self, outcome: Any, value: Any, threshold: Any, since_fired: Any, names: Sequence[str],
                 severities: Sequence[Any], reasons: Sequence[str], index: Any) -> None:
        self.outcome, self.value, self.threshold, self.since_fired = outcome, value, threshold, since_fired
        self.names, self.severities, self.reasons, self.index = names, severities, reasons, index

    def __len__(self) -> int:
        return self.outcome.shape[0]

    def __repr__(self) -> str:
        return f"<vitals.Alerts: {len(self)} accounts x {len(self.names)} rules, {int((self.outcome == 1).sum())} fired>"

    @property
    def fired(self) -> Any:
        """Boolean accounts x rules: the alert was raised."""
        return self.outcome == ALERT_FIRED

    def lists(self, include_suppressed: bool = False) -> List[List[Dict[str, Any]]]:
        """Per account, the raised alerts, most severe first then in rule order:
        [{"name", "severity", "reason", "value", "threshold", "suppressed"}, ...]."""
        order = sorted(range(len(self.names)), key=lambda r: -self.severities[r])
        wanted = (ALERT_FIRED, ALERT_SUPPRESSED) if include_suppressed else (ALERT_FIRED,)
        out = []
        for i in range(len(self)):
            row = []
            for r in order:
                o = int(self.outcome[i, r])
                if o in wanted:
                    row.append({"name": self.names[r], "severity": SEVERITY_NAMES[self.severities[r]],
                                "reason": self.reasons[r], "value": float(self.value[i, r]),
                                "threshold": float(self.threshold[i, r]), "suppressed": o == ALERT_SUPPRESSED})
            out.append(row)
        return out

    def to_pandas(self) -> Frame:
        """A long DataFrame of the raised alerts: account (the index value or row number), name,
        severity, reason, value, threshold."""
        import pandas as pd
        recs = []
        for i, row in enumerate(self.lists()):
            acc = self.index[i] if self.index is not None else i
            for a in row:
                recs.append({"account": acc, **{k: a[k] for k in ("name", "severity", "reason", "value", "threshold")}})
        return pd.DataFrame(recs, columns=["account", "name", "severity", "reason", "value", "threshold"])


def alert_rules(card: Scorecard) -> List[Dict[str, Any]]:
    """The scorecard's alert rules: [{"name", "severity", "reason"}, ...] in rule order."""
    out = []
    n = c_int64(0)
    with card._handle as h:
        card._lib.scorecard_alert_count(h, byref(n))
        for i in range(n.value):
            name, reason, sev = c_char_p(), c_char_p(), c_int32(0)
            card._lib.scorecard_alert_name(h, i, byref(name))
            card._lib.scorecard_alert_reason(h, i, byref(reason))
            card._lib.scorecard_alert_severity(h, i, byref(sev))
            out.append({"name": name.value.decode("utf-8"), "severity": SEVERITY_NAMES[sev.value],
                        "reason": reason.value.decode("utf-8")})
    return out


def _alert_columns(card: Scorecard) -> List[str]:
    """The data columns the alert rules read (threshold columns, inputs of tested measures). A
    derived column (the card's "derived") is computed from input columns: for one, every input of
    the card is wanted (a superset of those it reads; only the columns present are passed)."""
    spec = json.loads(card.to_json())
    measures = {m["name"]: m["input"] for m in spec.get("measures", [])}
    derived = {d["name"] for d in spec.get("derived", [])}
    cols: List[str] = []
    for a in spec.get("alerts", []):
        names = []
        if a.get("column"):
            names.append(a["column"])
        if a.get("measure"):
            i = measures[a["measure"]]
            names += [i["numerator"], i["denominator"]] if isinstance(i, dict) else [i]
        if any(c in derived for c in names):
            names = [c for c in names if c not in derived] + list(card.inputs)
        cols += [c for c in names if c not in cols]
    return cols


def _values(values, columns: Optional[Sequence[str]], wanted: Sequence[str]) -> _inputs.Matrix:
    """The columns the alert rules read as a float64 Matrix (names in ``.columns``)."""
    np = _inputs.need_numpy("signals")
    if isinstance(values, Mapping):
        names = [str(k) for k in values if str(k) in set(wanted)]
        cols = [_inputs.column(np.asarray(values[k]).reshape(-1), f"values, column {str(k)!r}").keep
                for k in values if str(k) in set(wanted)]
        values, columns = (np.column_stack(cols) if cols else np.empty((0, 0))), names
    elif columns is None and not _inputs.is_frame(values):
        raise TypeError("columns: name the columns of a 2-D array")
    elif columns is not None and _inputs.is_frame(values):
        raise TypeError("columns: a DataFrame names its own columns")
    m = _inputs.as_matrix(values, columns, wanted, float32=False, what="values")
    if m.cols != len(m.columns):
        raise ValueError(f"columns: {len(m.columns)} names for {m.cols} columns")
    return m


def evaluate_alerts(card: Scorecard, values: Any, score: Values, previous: Optional[Periods] = None,
                    since_fired: Optional[Any] = None, *,
                    columns: Optional[Sequence[str]] = None, allow_absent: bool = False) -> Alerts:
    """Evaluates the scorecard's alert rules for every account.

    ``values``: the columns the rules read (input columns and derived trend columns), as a
    DataFrame, a mapping of column name to array, or a 2-D array with ``columns``. ``score``: the
    current score per account. ``previous``: accounts x earlier periods of scores (oldest first,
    NaN = none) or None. ``since_fired``: accounts x rules, periods since each alert last fired
    (-1 = never) or None (never). Raises VitalsError (``unknown_column`` when a column the rules
    read is absent, unless ``allow_absent``).
    """
    np = _inputs.need_numpy("signals")
    rules = alert_rules(card)
    R = len(rules)
    s = _scores(score)
    rows = s.n
    v = _values(values, columns, _alert_columns(card) if columns is None else columns)
    if v.rows != rows and v.cols != 0:
        raise ValueError(f"values: {v.rows} accounts, score has {rows}")
    index = v.index if v.index is not None else (score.index if _inputs.is_pandas(score) else None)
    names, n_names = _inputs.names_array(v.columns)
    p = _previous(previous, rows)
    inp = _native.AlertInput(struct_size=ctypes.sizeof(_native.AlertInput), values=v.pointer, rows=rows,
                             cols=v.cols, row_stride=v.row_stride, col_stride=v.col_stride,
                             columns=ctypes.cast(names, ctypes.c_void_p), n_columns=n_names, score=s.address,
                             score_length=rows, previous=p.pointer, periods=p.cols,
                             previous_row_stride=p.row_stride, previous_col_stride=p.col_stride)
    if since_fired is not None:
        st = np.ascontiguousarray(np.asarray(since_fired, dtype=np.int32))
        if st.shape != (rows, R):
            raise ValueError(f"since_fired: shape {st.shape}, expected ({rows}, {R}) (accounts x rules)")
        inp.since_fired, inp.since_fired_length = st.ctypes.data if st.size else None, st.size
    inp.allow_absent_columns = 1 if allow_absent else 0
    out = _native.AlertOutput(struct_size=ctypes.sizeof(_native.AlertOutput))
    bufs = []
    for field, code in (("outcome", "i"), ("value", "d"), ("threshold", "d"), ("since_fired", "i")):
        b = _inputs.Out(rows * R, code, shape=(rows, R))
        setattr(out, field, b.address)
        setattr(out, field + "_length", rows * R)
        bufs.append(b.data)
    outcome, value, threshold, since = bufs
    with card._handle as h:
        card._lib.scorecard_evaluate_alerts(h, byref(inp), byref(out))
    return Alerts(outcome, value, threshold, since, tuple(r["name"] for r in rules),
                  tuple({v: k for k, v in SEVERITY_NAMES.items()}[r["severity"]] for r in rules),
                  tuple(r["reason"] for r in rules), index)
