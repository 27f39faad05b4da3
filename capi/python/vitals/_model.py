"""fit and evaluate: scorecards fitted to churn outcomes, and back-tested side by side.

Both call the C ABI (vitals_scorecard_fit, vitals_scorecard_evaluate), which runs the same code as
``vitals fit`` and ``vitals evaluate``, so the three give the same numbers. See docs/python.md.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import math
from ctypes import byref, c_size_t
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _inputs, _native
from ._types import Data, Frame, PathLike, Values
from ._native import VitalsError
from ._scorecard import Scorecard

#: The first report buffer (bytes); a longer report is fetched with a second call.
_FIRST_BUFFER = 1 << 16


def _labels(labels, data, rows: int) -> _inputs.Column:
    """One outcome per account as a float64 column: numbers, booleans or yes/no text, or the name of
    a DataFrame column."""
    if isinstance(labels, str):
        if not _inputs.is_frame(data):
            raise TypeError(f"labels: a column name ({labels!r}) needs a pandas DataFrame as data")
        if labels not in data.columns:
            raise KeyError(f"labels: the DataFrame has no column {labels!r}")
        labels = data[labels]
    values = labels.tolist() if hasattr(labels, "tolist") else list(labels)
    if any(isinstance(v, str) for v in values):
        labels = [_label(v, i) for i, v in enumerate(values)]
    lab = _inputs.column(labels, "labels")
    if lab.n != rows:
        raise ValueError(f"labels: {lab.n} labels for {rows} accounts")
    return lab


def _label(v: Any, i: int) -> float:
    if isinstance(v, str):
        t = v.strip().lower()
        if t in ("1", "yes", "true"):
            return 1.0
        if t in ("0", "no", "false"):
            return 0.0
        raise ValueError(f"labels[{i}]: {v!r} is not 0/1, true/false or yes/no")
    if v is None:
        return math.nan  # the library names it: labels[i] must be 0 or 1
    return float(v)


def _non_finite(value: Any, where: str) -> Optional[str]:
    """The JSON-pointer-like place of the first inf or NaN in ``value`` (JSON has neither), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return where
    if isinstance(value, Mapping):
        for k, v in value.items():
            found = _non_finite(v, f"{where}.{k}")
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = _non_finite(v, f"{where}[{i}]")
            if found:
                return found
    return None


def _options_bytes(options: Mapping[str, Any]) -> bytes:
    place = _non_finite(options, "options")
    if place:
        raise ValueError(f"{place}: must be a finite number")
    return json.dumps(options, allow_nan=False).encode("utf-8")


def _with_buffer(call):
    """Runs ``call(buffer, size, needed)`` with a first buffer, and again with the size the library
    asked for when the text did not fit (the calls are deterministic)."""
    size = _FIRST_BUFFER
    for _ in range(2):
        buf = ctypes.create_string_buffer(size)
        needed = c_size_t(0)
        try:
            result = call(buf, size, needed)
        except VitalsError as e:
            if e.code == _native.ERR_SHAPE_MISMATCH and needed.value > size:
                size = needed.value
                continue
            raise
        return result, buf.value.decode("utf-8")
    raise RuntimeError("the report did not fit twice")  # pragma: no cover


def _matrix(data, columns, inputs, cards=()):
    m = _inputs.as_matrix(data, columns, inputs, levels=_inputs.levels_of(cards))
    names = m.names(inputs)
    if len(names) != m.cols:
        raise ValueError(f"data: {m.cols} columns, but {len(names)} names ({', '.join(names)}); "
                         f"pass columns=")
    return m, names


def fit(data: Data, labels: Values, scorecard: Optional[Scorecard] = None, weights: str = "learned",
        bin: bool = False, *, columns: Optional[Sequence[str]] = None, pairwise: Union[None, PathLike, Any] = None,
        l2: Optional[float] = None,
        missing: Optional[str] = None, name: Optional[str] = None, source: Optional[str] = None,
        options: Optional[Mapping[str, Any]] = None, segment_by: Optional[str] = None,
        segments: Optional[Sequence[Any]] = None, min_segment_accounts: Optional[int] = None,
        min_segment_churners: Optional[int] = None) -> Union[Scorecard, "ScorecardSet"]:
    """Fits a scorecard's weights (and with ``bin=True`` its thresholds) to churn outcomes.

    ``data`` is what :meth:`Scorecard.score` takes (numpy array with ``columns`` or the starting
    scorecard's inputs in order, pandas DataFrame by column name, or a sequence of rows or
    records); ``labels`` has one outcome per account: 1 = churned, 0 = stayed (numbers, booleans,
    or "yes"/"no" text), or, with a DataFrame, the name of its label column. ``scorecard`` is the
    starting scorecard (default: the built-in one).

    ``weights``: ``"learned"`` (L2 logistic regression on the sub-scores, non-negative; measures
    whose healthy side goes with more churn are held at 0 and reported), ``"entropy"``,
    ``"equal"`` or ``"ahp"`` (with ``pairwise``, the comparison matrix over the measures in
    scorecard order, as nested lists or a 2-D array). ``l2``, ``missing`` ("complete_rows" or
    "impute"), ``name`` and ``source`` are passed on; ``options`` adds any other key of
    vitals_scorecard_fit's options (e.g. ``{"max_bins": 4}``).

    ``segment_by`` (as ``vitals fit --segment-by``): fit a card per value of that column (of a
    DataFrame, or ``segments``, one value per account) into a :class:`ScorecardSet` — the default
    card on every account, and a card per segment with at least ``min_segment_accounts`` accounts
    and ``min_segment_churners`` churners (defaults 200 and 20; below them a segment falls back to
    the default card, and ``fit_report["segments"]`` says so). Every card stores its calibration,
    so the set's churn probabilities are on one scale.

    Returns a new :class:`Scorecard` (or with ``segment_by`` a :class:`ScorecardSet`; close it when done); its ``fit_report`` attribute holds the
    fit report (a dict: training ROC AUC, churn probability, wrong-way measures, AHP consistency
    ratio, shares, bins). Raises VitalsError (``invalid_argument`` for a bad label, one class only,
    an inconsistent AHP matrix; ``unknown_column``; ``not_supported`` for weakest-link groups).
    """
    own = scorecard is None
    start = Scorecard.default() if own else scorecard
    try:
        opts: Dict[str, Any] = {"weights": weights, "bin": bool(bin)}
        if pairwise is not None:
            opts["pairwise"] = [[float(v) for v in row] for row in (pairwise.tolist() if hasattr(pairwise, "tolist")
                                                                    else pairwise)]
        for key, value in (("l2", l2), ("missing", missing), ("name", name), ("source", source)):
            if value is not None:
                opts[key] = value
        opts.update(options or {})
        text = _options_bytes(opts)
        m, names = _matrix(data, columns, start.inputs, [start])
        lab = _labels(labels, data, m.rows)
        cnames, n_names = _inputs.names_array(names)
        lib = _native.load()
        fitted = ctypes.c_void_p()
        if segment_by is not None:
            return _fit_segments(lib, start, m, cnames, n_names, lab, text, data, segment_by, segments,
                                 min_segment_accounts, min_segment_churners)
        if segments is not None or min_segment_accounts is not None or min_segment_churners is not None:
            raise ValueError("segments, min_segment_accounts, min_segment_churners: given without segment_by")

        with start._handle as h:
            def call(buf, size, needed):
                return lib.scorecard_fit(h, m.pointer, m.dtype, m.rows, m.cols, m.row_stride, m.col_stride,
                                         cnames, n_names, lab.address, lab.n, text, len(text), buf, size,
                                         byref(needed), byref(fitted))
            _, report = _with_buffer(call)
        def adopt(lib_, options_, out):
            out.value = fitted.value
        card = Scorecard._wrap(adopt, None)
        # user-defined (Python) normalisers of the start scorecard must outlive the fitted one too
        card._normalisers = list(start._normalisers)
        card._normaliser_fns = start._normaliser_fns
        card.fit_report = json.loads(report)
        return card
    finally:
        if own:
            start.close()


def _fit_segments(lib, start, m, cnames, n_names, lab, text, data, segment_by, segments, min_accounts, min_churners):
    from ._accounts import ScorecardSet
    if segments is None:
        if not _inputs.is_frame(data) or segment_by not in data.columns:
            raise ValueError(f"segment_by: no column {segment_by!r} in the data (pass segments= for other data)")
        segments = data[segment_by]
    values = [None if _inputs._missing(v) else str(v) for v in list(segments)]
    if len(values) != m.rows:
        raise ValueError(f"segments: {len(values)} values for {m.rows} accounts")
    seg = (ctypes.c_char_p * max(1, len(values)))(*[None if v is None else v.encode("utf-8") for v in values])
    fitted = ctypes.c_void_p()
    column = str(segment_by).encode("utf-8")

    def count(v, what):
        if v is None:
            return -1
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{what}: a whole number >= 1, got {v!r}")
        return v
    mins = (count(min_accounts, "min_segment_accounts"), count(min_churners, "min_segment_churners"))
    with start._handle as h:
        def call(buf, size, needed):
            return lib.scorecard_fit_segments(h, m.pointer, m.dtype, m.rows, m.cols, m.row_stride, m.col_stride,
                                              cnames, n_names, lab.address, lab.n, column, seg, len(values), mins[0],
                                              mins[1], text, len(text), buf, size, byref(needed), byref(fitted))
        _, report = _with_buffer(call)

    def adopt(lib_, options_, out):
        out.value = fitted.value
    out = ScorecardSet._create(adopt, None)
    out._normalisers = list(start._normalisers)
    for c in out.cards:
        c._normalisers = out._normalisers
    out.fit_report = json.loads(report)
    return out


class Evaluation(dict):
    """The comparison report (a dict, as vitals_scorecard_evaluate's JSON), with a table view."""

    def to_pandas(self) -> Frame:
        """One row per scorecard (index: its name): scored, unscored, roc_auc, roc_auc_lower,
        roc_auc_upper, average_precision, precision@<k>%, lift@<k>% for each top share, brier and,
        with fixed_card_folds, roc_auc_fold_mean and roc_auc_fold_sd. Needs pandas."""
        import pandas as pd
        return pd.DataFrame([_row(s) for s in self["scorecards"]]).set_index("name")

    def cross_validation(self) -> Frame:
        """With ``cv``: one row per scorecard x refit recipe (index: name, refit) with the mean and
        sd over the folds of roc_auc, average_precision and brier. Needs pandas."""
        import pandas as pd
        if "cross_validation" not in self:
            raise ValueError("cross_validation: evaluate() was called without cv=")
        keys = ("roc_auc", "average_precision", "brier")
        rows = [{"name": c["name"], "refit": c["refit"],
                 **{f"{k}_{s}": (math.nan if c[f"{k}_{s}"] is None else c[f"{k}_{s}"])
                    for k in keys for s in ("mean", "sd")}}
                for c in self["cross_validation"]["candidates"]]
        return pd.DataFrame(rows).set_index(["name", "refit"])

    def table(self) -> List[Dict[str, Any]]:
        """The same rows as plain dicts (no pandas needed)."""
        return [_row(s) for s in self["scorecards"]]


def _row(s: Mapping[str, Any]) -> Dict[str, Any]:
    nan = math.nan

    def num(v):
        return nan if v is None else v

    r: Dict[str, Any] = {"name": s["name"], "scored": s["scored"], "unscored": s["unscored"],
                         "roc_auc": num(s["roc_auc"])}
    ci = s.get("roc_auc_interval")
    r["roc_auc_lower"] = num(ci["lower"]) if ci else nan
    r["roc_auc_upper"] = num(ci["upper"]) if ci else nan
    r["average_precision"] = num(s["average_precision"])
    for t in s["top"]:
        k = f"{100 * t['fraction']:g}%"
        r[f"precision@{k}"] = num(t["precision"])
        r[f"lift@{k}"] = num(t["lift"])
    r["brier"] = num(s["brier"])
    if "fixed_card_folds" in s:
        r["roc_auc_fold_mean"] = num(s["fixed_card_folds"]["roc_auc_mean"])
        r["roc_auc_fold_sd"] = num(s["fixed_card_folds"]["roc_auc_sd"])
    return r


def evaluate(data: Data, labels: Values, scorecards: Any, *, columns: Optional[Sequence[str]] = None,
             top: Sequence[float] = (0.1,),
             bootstrap: int = 1000, confidence: float = 0.95, seed: int = 42, cv: int = 0,
             refit: Optional[Sequence[Any]] = None, fixed_card_folds: int = 0,
             calibration_bins: int = 10, curves: bool = False, lift_groups: int = 10, threads: int = 0,
             **renamed: Any) -> Evaluation:
    """Back-tests scorecards side by side on labelled accounts (risk = 100 - score).

    ``scorecards`` is one :class:`Scorecard`, a sequence of them (named by their own names), or a
    mapping name -> Scorecard. ``data`` and ``labels`` as for :func:`fit`; a numpy array without
    ``columns`` holds the scorecards' inputs in the order of :func:`inputs_of` (their union).
    ``top`` are the shares of riskiest accounts for precision and lift; ``bootstrap`` resamples
    give the AUC's confidence interval (0 = none). ``cv`` >= 2 cross-validates: each scorecard is
    refitted on k - 1 stratified folds and scored on the held-out one, once per ``refit`` recipe
    ("none", or a dict of :func:`fit` options such as ``{"weights": "learned", "bin": True}``;
    default ``[{"weights": "learned"}]``); see :meth:`Evaluation.cross_validation`.
    ``fixed_card_folds`` >= 2 scores each scorecard *as given* on each fold (not refitted: a
    spread, not cross-validation) and fits its churn probability out of fold.
    ``curves`` adds to each scorecard its ``roc_curve`` ({"fpr", "tpr"}), ``pr_curve`` ({"recall",
    "precision"}), a point per distinct risk (their areas are roc_auc and average_precision), and
    ``lift_by_group`` over ``lift_groups`` risk groups (deciles by default; ties never split): what
    ``vitals evaluate --report`` draws.

    Returns an :class:`Evaluation`: the report as a dict (accounts, churned, churn_rate and one
    entry per scorecard under "scorecards": roc_auc, roc_auc_interval, average_precision, top,
    brier, calibration, ...), with ``to_pandas()`` for the comparison table.
    """
    if "folds" in renamed:
        raise TypeError("folds: renamed, as it never refitted the scorecard: cv= cross-validates (refits on each "
                        "training part), fixed_card_folds= scores the scorecard as given on each fold")
    if renamed:
        raise TypeError(f"evaluate() got an unexpected keyword argument {next(iter(renamed))!r}")
    if isinstance(scorecards, Scorecard):
        scorecards = [scorecards]
    if isinstance(scorecards, Mapping):
        named = [(str(k), v) for k, v in scorecards.items()]
    else:
        named = [(None, v) for v in scorecards]
    if not named:
        raise ValueError("scorecards: none given")
    for n, c in named:
        if not isinstance(c, Scorecard):
            raise TypeError(f"scorecards: expected Scorecard objects, got {type(c).__name__}")
    cards = [c for _, c in named]
    opts = {"top": [float(t) for t in top], "bootstrap": int(bootstrap), "confidence": float(confidence),
            "seed": int(seed), "fixed_card_folds": int(fixed_card_folds), "cv": int(cv),
            "calibration_bins": int(calibration_bins), "threads": int(threads)}
    if curves:
        opts["curves"] = True
        opts["lift_groups"] = int(lift_groups)
    if refit is not None:
        opts["refit"] = list(refit)
    text = _options_bytes(opts)
    m, names = _matrix(data, columns, inputs_of(cards), cards)
    lab = _labels(labels, data, m.rows)
    cnames, n_names = _inputs.names_array(names)
    lib = _native.load()
    with contextlib.ExitStack() as held:
        ptrs = [held.enter_context(c._handle) for c in cards]
        arr = (ctypes.c_void_p * len(ptrs))(*ptrs)
        if named[0][0] is not None:
            keep = [n.encode("utf-8") for n, _ in named]
            label_names = (ctypes.c_char_p * len(keep))(*keep)
        else:
            label_names = None

        def call(buf, size, needed):
            return lib.scorecard_evaluate(arr, label_names, len(ptrs), m.pointer, m.dtype, m.rows, m.cols,
                                          m.row_stride, m.col_stride, cnames, n_names, lab.address, lab.n,
                                          text, len(text), buf, size, byref(needed))
        _, report = _with_buffer(call)
    return Evaluation(json.loads(report))


def inputs_of(scorecards: Sequence[Scorecard]) -> List[str]:
    """The input columns the scorecards read together: the first one's inputs in order, then each
    further input of the others in their order."""
    out: List[str] = []
    for c in scorecards:
        for i in c.inputs:
            if i not in out:
                out.append(i)
    return out
