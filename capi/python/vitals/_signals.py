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
from ._scorecard import Scorecard, _Use

#: trend kinds (vitals.h VITALS_TREND_*)
TREND_KINDS = {"slope": 0, "percent_change": 1, "declines": 2}
#: score directions (VITALS_DIRECTION_*)
DIRECTION_DECLINING, DIRECTION_STABLE, DIRECTION_IMPROVING, DIRECTION_UNKNOWN = -1, 0, 1, 2
DIRECTION_NAMES = {-1: "declining", 0: "stable", 1: "improving", 2: "unknown"}
#: severities (VITALS_SEVERITY_*) and alert outcomes (VITALS_ALERT_*)
SEVERITY_NAMES = {0: "info", 1: "warning", 2: "critical"}
ALERT_QUIET, ALERT_FIRED, ALERT_SUPPRESSED = 0, 1, 2


def _np():
    np = _inputs.numpy()
    if np is None:  # pragma: no cover - numpy is there in every supported setup
        raise ImportError("vitals signals need numpy")
    return np


def _is_pandas(x) -> bool:
    return _inputs._is_dataframe(x) or (type(x).__module__ or "").startswith("pandas")


def _matrix(data, name: str, dtypes=("float64",)):
    """A 2-D float array over ``data`` (no copy when it already is one) and its element strides."""
    np = _np()
    a = data.to_numpy(copy=False) if _inputs._is_dataframe(data) else np.asarray(data)
    if a.ndim == 1:
        a = a.reshape(-1, 1) if name != "history" else a.reshape(1, -1)
    if a.ndim != 2:
        raise ValueError(f"{name}: a 2-D array is needed, got shape {a.shape}")
    if a.dtype.name not in dtypes or not a.dtype.isnative:
        a = a.astype(np.float64)
    item = a.dtype.itemsize
    rs, cs = a.strides
    if rs < 0 or cs < 0 or rs % item or cs % item:
        a = np.ascontiguousarray(a)
        rs, cs = a.strides
    return a, rs // item, cs // item


def _ptr(a):
    return a.ctypes.data if a.size else None


def trend(history, kind: str, window: int):
    """One trend measure per account over the last ``window`` periods (>= 2) of ``history``.

    ``history``: accounts x periods (oldest first, NaN = missing), a 2-D numpy array (float64 or
    float32, any layout, read without a copy) or a DataFrame with one column per period.
    ``kind``: "slope" (least-squares slope / |mean| per period), "percent_change" (newest vs oldest
    present value, %), "declines" (consecutive declines ending at the newest value). Returns a
    float64 array (a Series for a DataFrame); NaN where it cannot be told.
    """
    np = _np()
    if kind not in TREND_KINDS:
        raise ValueError(f"kind: one of {', '.join(TREND_KINDS)}, got {kind!r}")
    a, rs, cs = _matrix(history, "history", ("float64", "float32"))
    rows, periods = a.shape
    out = np.empty(rows, dtype=np.float64)
    dtype = _native.DTYPE_FLOAT64 if a.dtype == np.float64 else _native.DTYPE_FLOAT32
    _native.load().trend_compute(TREND_KINDS[kind], _ptr(a), dtype, rows, periods, rs, cs, int(window),
                                 out.ctypes.data, rows)
    if _inputs._is_dataframe(history):
        import pandas as pd
        return pd.Series(out, index=history.index, name=kind)
    return out


def score_trend(score, previous=None, *, dead_band: float = 2.0, window: int = 1):
    """The change of each account's score against its previous score(s), and its direction.

    ``score``: one score per account (NaN = not scored). ``previous``: accounts x earlier periods,
    oldest first (NaN = no score), or None. The reference is the mean of the newest ``window``
    present previous scores; change = score - reference; direction "improving" above
    ``dead_band``, "declining" below -dead_band, "stable" within, "unknown" without a reference.
    Returns (change, direction codes) as numpy arrays (a DataFrame with columns change, direction
    for pandas input). ``direction_names(codes)`` turns codes into words.
    """
    np = _np()
    s = np.ascontiguousarray(np.asarray(score, dtype=np.float64).reshape(-1))
    rows = s.shape[0]
    if previous is None:
        p, rs, cs, periods = np.empty((rows, 0)), 0, 0, 0
    else:
        p, rs, cs = _matrix(previous, "previous")
        if p.shape[0] != rows:
            raise ValueError(f"previous: {p.shape[0]} accounts, score has {rows}")
        periods = p.shape[1]
    change = np.empty(rows, dtype=np.float64)
    direction = np.empty(rows, dtype=np.int32)
    _native.load().score_trend_compute(_ptr(s), rows, _ptr(p), periods, rs, cs, float(dead_band), int(window),
                                       change.ctypes.data, rows, direction.ctypes.data, rows)
    if _is_pandas(score) or _is_pandas(previous):
        import pandas as pd
        index = getattr(score, "index", None) if _is_pandas(score) else getattr(previous, "index", None)
        return pd.DataFrame({"change": change, "direction": direction_names(direction)}, index=index)
    return change, direction


def direction_names(codes) -> List[str]:
    """Direction codes as words: "declining", "stable", "improving", "unknown"."""
    return [DIRECTION_NAMES.get(int(c), "unknown") for c in codes]


def score_trend_settings(card: Scorecard) -> Tuple[float, int]:
    """The scorecard's "score_trend" settings: (dead_band, window)."""
    d, w = c_double(0), c_int64(0)
    with _Use(card._handle) as h:
        card._lib.scorecard_score_trend_settings(h, byref(d), byref(w))
    return d.value, w.value


def trends_of(card: Scorecard) -> List[Dict[str, Any]]:
    """The scorecard's derived trend columns: [{"name", "metric", "kind", "window"}, ...]."""
    kinds = {v: k for k, v in TREND_KINDS.items()}
    out = []
    n = c_int64(0)
    with _Use(card._handle) as h:
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


def trend_columns(card: Scorecard, histories: Mapping[str, Any], *, allow_absent: bool = False):
    """The scorecard's derived trend columns from per-metric histories.

    ``histories`` maps a metric name to its history (accounts x periods, as for :func:`trend`;
    every history has the same accounts in the same order). Returns {column name: array}, or a
    DataFrame (columns in declaration order, the first history's index) when the histories are
    DataFrames. A metric the scorecard needs and ``histories`` lacks raises KeyError, unless
    ``allow_absent`` (its columns are then NaN).
    """
    np = _np()
    out: Dict[str, Any] = {}
    rows = None
    index = None
    for h in histories.values():
        rows = len(h) if not hasattr(h, "shape") else (h.shape[0] if len(h.shape) == 2 else 1)
        if _inputs._is_dataframe(h):
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

    def __init__(self, outcome, value, threshold, since_fired, names, severities, reasons, index):
        self.outcome, self.value, self.threshold, self.since_fired = outcome, value, threshold, since_fired
        self.names, self.severities, self.reasons, self.index = names, severities, reasons, index

    def __len__(self) -> int:
        return self.outcome.shape[0]

    def __repr__(self) -> str:
        return f"<vitals.Alerts: {len(self)} accounts x {len(self.names)} rules, {int((self.outcome == 1).sum())} fired>"

    @property
    def fired(self):
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

    def to_pandas(self):
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
    with _Use(card._handle) as h:
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
    """The data columns the alert rules read (threshold columns, inputs of tested measures)."""
    spec = json.loads(card.to_json())
    measures = {m["name"]: m["input"] for m in spec.get("measures", [])}
    cols: List[str] = []
    for a in spec.get("alerts", []):
        names = []
        if a.get("column"):
            names.append(a["column"])
        if a.get("measure"):
            i = measures[a["measure"]]
            names += [i["numerator"], i["denominator"]] if isinstance(i, dict) else [i]
        cols += [c for c in names if c not in cols]
    return cols


def _values(values, columns: Optional[Sequence[str]], wanted: Sequence[str]):
    """(float64 2-D array, its strides, column names, pandas index or None)."""
    np = _np()
    if _inputs._is_dataframe(values):
        if columns is not None:
            raise TypeError("columns: a DataFrame names its own columns")
        names = [str(c) for c in values.columns if str(c) in set(wanted)]
        a = values[names].to_numpy(dtype=np.float64, na_value=np.nan) if names else np.empty((len(values), 0))
        a, rs, cs = _matrix(a, "values")
        return a, rs, cs, names, values.index
    if isinstance(values, Mapping):
        names = [str(k) for k in values if str(k) in set(wanted)]
        cols = [np.asarray(values[k], dtype=np.float64).reshape(-1) for k in values if str(k) in set(wanted)]
        if not cols:
            return None, 0, 0, names, None
        a, rs, cs = _matrix(np.column_stack(cols), "values")
        return a, rs, cs, names, None
    if columns is None:
        raise TypeError("columns: name the columns of a 2-D array")
    a, rs, cs = _matrix(values, "values")
    if a.shape[1] != len(columns):
        raise ValueError(f"columns: {len(columns)} names for {a.shape[1]} columns")
    return a, rs, cs, [str(c) for c in columns], None


def evaluate_alerts(card: Scorecard, values, score, previous=None, since_fired=None, *,
                    columns: Optional[Sequence[str]] = None, allow_absent: bool = False) -> Alerts:
    """Evaluates the scorecard's alert rules for every account.

    ``values``: the columns the rules read (input columns and derived trend columns), as a
    DataFrame, a mapping of column name to array, or a 2-D array with ``columns``. ``score``: the
    current score per account. ``previous``: accounts x earlier periods of scores (oldest first,
    NaN = none) or None. ``since_fired``: accounts x rules, periods since each alert last fired
    (-1 = never) or None (never). Raises VitalsError (``unknown_column`` when a column the rules
    read is absent, unless ``allow_absent``).
    """
    np = _np()
    rules = alert_rules(card)
    R = len(rules)
    s = np.ascontiguousarray(np.asarray(score, dtype=np.float64).reshape(-1))
    rows = s.shape[0]
    a, rs, cs, names, index = _values(values, columns, _alert_columns(card) if columns is None else columns)
    if a is None:
        a, rs, cs = np.empty((rows, 0)), 0, 0
    if a.shape[0] != rows and a.shape[1] != 0:
        raise ValueError(f"values: {a.shape[0]} accounts, score has {rows}")
    if index is None and _is_pandas(score):
        index = score.index
    inp = _native.AlertInput()
    inp.struct_size = ctypes.sizeof(inp)
    inp.values, inp.rows, inp.cols, inp.row_stride, inp.col_stride = _ptr(a), rows, a.shape[1], rs, cs
    encoded = [n.encode("utf-8") for n in names]
    c_names = (c_char_p * max(1, len(encoded)))(*encoded)
    inp.columns, inp.n_columns = ctypes.cast(c_names, ctypes.c_void_p), len(encoded)
    inp.score, inp.score_length = _ptr(s), rows
    if previous is not None:
        p, prs, pcs = _matrix(previous, "previous")
        if p.shape[0] != rows:
            raise ValueError(f"previous: {p.shape[0]} accounts, score has {rows}")
        inp.previous, inp.periods, inp.previous_row_stride, inp.previous_col_stride = _ptr(p), p.shape[1], prs, pcs
    if since_fired is not None:
        st = np.ascontiguousarray(np.asarray(since_fired, dtype=np.int32))
        if st.shape != (rows, R):
            raise ValueError(f"since_fired: shape {st.shape}, expected ({rows}, {R}) (accounts x rules)")
        inp.since_fired, inp.since_fired_length = _ptr(st), st.size
    inp.allow_absent_columns = 1 if allow_absent else 0
    outcome = np.empty((rows, R), dtype=np.int32)
    value = np.empty((rows, R), dtype=np.float64)
    threshold = np.empty((rows, R), dtype=np.float64)
    since = np.empty((rows, R), dtype=np.int32)
    out = _native.AlertOutput()
    out.struct_size = ctypes.sizeof(out)
    for field, buf in (("outcome", outcome), ("value", value), ("threshold", threshold), ("since_fired", since)):
        setattr(out, field, _ptr(buf))
        setattr(out, field + "_length", buf.size)
    with _Use(card._handle) as h:
        card._lib.scorecard_evaluate_alerts(h, byref(inp), byref(out))
    return Alerts(outcome, value, threshold, since, tuple(r["name"] for r in rules),
                  tuple({v: k for k, v in SEVERITY_NAMES.items()}[r["severity"]] for r in rules),
                  tuple(r["reason"] for r in rules), index)
