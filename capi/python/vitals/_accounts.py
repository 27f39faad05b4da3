"""Accounts: dates, scorecard sets by segment, and overrides with expiry, over the C ABI.

* :class:`ScorecardSet` picks a scorecard per account by a segment column (SMB / Mid-market /
  Enterprise, or onboarding / adopted / renewal), with an optional default.
* :class:`OverrideBook` holds a person's overrides of an account's score or of one measure, each
  with a reason, an author and an expiry date; :meth:`OverrideBook.score` scores accounts and
  applies the overrides as of a date, keeping the computed and the overridden values side by side.

These need numpy (pandas for DataFrames).
"""

from __future__ import annotations

import csv
import ctypes
import datetime
import os
from ctypes import byref, c_char_p, c_int32, c_int64
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _inputs, _native
from ._types import Data, Frame, PathLike
from ._native import VitalsError
from ._scorecard import Scorecard, Scores, _Calls, _create, band_labels, json_text

DateLike = Union[str, int, datetime.date]

_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


# ---- dates ------------------------------------------------------------------------------------------

def parse_date(text: str) -> int:
    """The day number (days since 1970-01-01) of exactly ``YYYY-MM-DD``. Raises VitalsError
    (``parse_error``) for anything else, saying what is wrong."""
    data = str(text).encode("utf-8")
    day = c_int32(0)
    _native.load().date_parse(data, len(data), byref(day))
    return day.value


def format_date(day: int) -> str:
    """A day number as ``YYYY-MM-DD``."""
    return _native.string_out(_native.load().date_format, int(day))


def today() -> int:
    """Today's day number in UTC."""
    return int(_native.load().date_today())


def day_number(value: DateLike) -> int:
    """A day number from an int (itself), a ``datetime.date`` or a ``YYYY-MM-DD`` string."""
    if isinstance(value, bool):
        raise TypeError("a date is a day number, a datetime.date or a 'YYYY-MM-DD' string, not a bool")
    if isinstance(value, int):
        return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.toordinal() - _EPOCH_ORDINAL
    if isinstance(value, str):
        return parse_date(value)
    np = _inputs.numpy()
    if np is not None and isinstance(value, np.integer):
        return int(value)
    raise TypeError(f"a date is a day number, a datetime.date or a 'YYYY-MM-DD' string, not {type(value).__name__}")


# ---- scorecard sets -----------------------------------------------------------------------------------

class SetScores(Scores):
    """Scores of :meth:`ScorecardSet.score` for numpy input: as :class:`vitals.Scores`, plus
    ``card`` (the card index per account). ``contributions`` / ``points_lost`` are accounts x
    ``max_measures`` and driver indices refer to each account's card (``card_measures[card]``)."""

    __slots__ = ("card", "card_labels", "card_measures", "card_bands")

    def __init__(self, buffers: "_inputs.ScoreBuffers", card: Any, card_labels: Sequence[str],
                 card_measures: Sequence[Sequence[str]], card_bands: Sequence[Sequence[str]]) -> None:
        super().__init__(buffers.score, buffers.band, buffers.coverage, buffers.status, buffers.contributions,
                         buffers.points_lost, buffers.drivers, (), ())
        self.card = card
        self.card_labels = card_labels
        self.card_measures = card_measures
        self.card_bands = card_bands

    def labels(self) -> List[str]:
        """The band label of every account, from its own card ("no data" when not scored)."""
        return band_labels(self.card.tolist(), self.band.tolist(), self.card_bands)

    def to_pandas(self, index: Any = None) -> Frame:
        """A DataFrame: ``score``, ``band``, ``band_label`` (from each account's card),
        ``coverage``, ``status``, ``scorecard`` (the card's label), then ``contribution.<measure>``
        and ``points_lost.<measure>`` over every card's measures (NaN where an account's card lacks
        the measure) and ``driver_1`` ... (measure names)."""
        import pandas as pd
        np = _inputs.need_numpy("accounts features")
        cols: Dict[str, Any] = {
            "score": self.score, "band": self.band, "band_label": self.labels(), "coverage": self.coverage,
            "status": self.status,
            "scorecard": np.array(self.card_labels, dtype=object)[self.card] if len(self.card) else [],
        }
        if self.contributions is not None:
            cols.update(by_measure("contribution", self.contributions, self.card, self.card_measures))
            cols.update(by_measure("points_lost", self.points_lost, self.card, self.card_measures))
        if self.drivers is not None:
            for k in range(self.drivers.shape[1]):
                cols[f"driver_{k + 1}"] = [self.card_measures[c][d] if d >= 0 else None
                                           for c, d in zip(self.card.tolist(), self.drivers[:, k].tolist())]
        return pd.DataFrame(cols, index=index)


def by_measure(prefix: str, values, card, card_measures) -> Dict[str, Any]:
    """``<prefix>.<measure>`` columns over every card's measures from accounts x max_measures
    ``values`` whose column m is measure m of each row's card (NaN where a row's card lacks it)."""
    np = _inputs.need_numpy("accounts features")
    names: List[str] = []
    for ms in card_measures:
        names += [m for m in ms if m not in names]
    out = np.full((len(card), len(names)), np.nan)
    for k, ms in enumerate(card_measures):
        rows = card == k
        for m, name in enumerate(ms):
            out[rows, names.index(name)] = values[rows, m]
    return {f"{prefix}.{name}": out[:, j] for j, name in enumerate(names)}


class ScorecardSet(_Calls):
    """Scorecards by segment value, owned through a libvitals handle.

    Create one with :meth:`from_file` or :meth:`from_json`, which read a scorecard set file
    (``"vitals_scorecard_set": 1``) or a plain scorecard file (a single card for everyone:
    :attr:`is_single`). Immutable and usable from many threads; free it with :meth:`close` or a
    ``with`` block (the :attr:`cards` stay usable).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("use ScorecardSet.from_file() or ScorecardSet.from_json()")

    def _describe(self) -> "ScorecardSet":
        lib = self._lib
        with self._handle as h:
            s = c_char_p()
            lib.scorecard_set_segment_column(h, byref(s))
            self._column = s.value.decode("utf-8")
            self._labels = _native.names(lib.scorecard_set_card_count, lib.scorecard_set_card_label, h)
            n = c_int64(0)
            lib.scorecard_set_default_card(h, byref(n))
            self._default = None if n.value < 0 else n.value
            lib.scorecard_set_max_measures(h, byref(n))
            self._max_measures = n.value
            self._inputs = _native.names(lib.scorecard_set_input_count, lib.scorecard_set_input_name, h)
            self._cards = tuple(Scorecard._wrap(lambda lib_, options, out, i=i: lib_.scorecard_set_card(h, i, byref(out)),
                                                None) for i in range(len(self._labels)))
        return self

    @classmethod
    def from_file(cls, path: PathLike, normalisers: Optional[Mapping[str, Any]] = None) -> "ScorecardSet":
        """A set from a scorecard set file (scorecard paths inside are relative to its folder), or
        a single-card set from a plain scorecard file. Raises VitalsError (``io_error``,
        ``parse_error``, ``invalid_scorecard`` with every problem and its JSON pointer)."""
        p = os.fsencode(path)
        return cls._create(lambda lib, options, out: lib.scorecard_set_create_from_file(p, options, byref(out)),
                           normalisers)

    @classmethod
    def from_json(cls, text: Union[str, bytes], base_dir: Optional[PathLike] = None,
                  normalisers: Optional[Mapping[str, Any]] = None) -> "ScorecardSet":
        """A set from set-file (or plain scorecard) JSON; scorecard paths are relative to
        ``base_dir`` (default: the current folder)."""
        data = json_text(text)
        base = None if base_dir is None else os.fsencode(base_dir)
        return cls._create(lambda lib, options, out: lib.scorecard_set_create_from_json(data, len(data), base, options,
                                                                                        byref(out)), normalisers)

    @classmethod
    def _create(cls, create, normalisers) -> "ScorecardSet":
        self = _create(cls, create, normalisers, "scorecard_set_destroy", "scorecard set")
        self._describe()
        for c in self._cards:
            c._normalisers = self._normalisers
        return self

    def __repr__(self) -> str:
        if self.closed:
            return "<vitals.ScorecardSet: closed>"
        return f"<vitals.ScorecardSet by {self._column!r}: {', '.join(self._labels)}>"

    # ---- what it is -----------------------------------------------------------------------------

    @property
    def is_single(self) -> bool:
        """True when made from a plain scorecard file: one card for everyone, no segment column."""
        return self._column == ""

    @property
    def segment_column(self) -> str:
        """The column whose value picks the card ("" for a single card)."""
        return self._column

    @property
    def cards(self) -> Tuple[Scorecard, ...]:
        """The distinct scorecards (segments naming one file share it)."""
        return self._cards

    @property
    def labels(self) -> Tuple[str, ...]:
        """Each card's label: its segment values joined by ", ", plus "default"."""
        return self._labels

    @property
    def default_card(self) -> Optional[int]:
        """The default card's index, or None."""
        return self._default

    @property
    def max_measures(self) -> int:
        """The largest measure count of the cards."""
        return self._max_measures

    @property
    def inputs(self) -> List[str]:
        """Every input column some card reads (a new list each call)."""
        return list(self._inputs)

    def lookup(self, segment: str) -> int:
        """The card index of a segment value (its own card, else the default). Raises
        VitalsError (``unknown_column``) when there is neither, naming the value."""
        c = c_int64(-1)
        with self._handle as h:
            self._lib.scorecard_set_lookup(h, str(segment).encode("utf-8"), byref(c))
        return c.value

    # ---- scoring --------------------------------------------------------------------------------

    def score(self, data: Data, segments: Optional[Sequence[Any]] = None, columns: Optional[Sequence[str]] = None,
              *, ids: Optional[Sequence[Any]] = None, contributions: bool = False, drivers: int = 0, threads: int = 0,
              block_size: int = 0) -> Union[SetScores, Frame]:
        """Scores accounts, each with the card its segment value picks.

        ``data`` as for :meth:`vitals.Scorecard.score` (columns by name; the default column order is
        :attr:`inputs`). ``segments`` gives each account's segment value; for a DataFrame it
        defaults to its :attr:`segment_column` column. None / NaN is the empty value (the default
        card's). ``ids`` name accounts in error messages (default: a DataFrame's ``account_id``
        column when there is one, else its index).

        Returns a DataFrame for a DataFrame (see :meth:`SetScores.to_pandas`; indexed by the
        ``account_id`` column when there is one, else with the input's index), else
        :class:`SetScores`. Raises VitalsError: ``unknown_column`` for a segment value with no card
        and no default (naming the value, the row and the account), and as Scorecard.score.
        """
        scores, m = self._run(data, segments, columns, ids, contributions, drivers, threads, block_size)[:2]
        return scores.to_pandas(index=_inputs.account_index(data)) if m.kind == "pandas" else scores

    def _run(self, data, segments, columns, ids, contributions, drivers, threads, block_size):
        np = _inputs.need_numpy("accounts features")
        m = _inputs.as_matrix(data, columns, numpy_only=True, inputs=self._inputs)
        if segments is None and not self.is_single:
            segments = list(data[self._column]) if _inputs.is_frame(data) and self._column in data.columns else None
            if segments is None:
                raise ValueError(f"segments: give each account's segment value (or a DataFrame with a "
                                 f"{self._column!r} column)")
        if ids is None and m.kind == "pandas":
            ids = [str(i) for i in _inputs.account_index(data)]
        seg, n_seg = _inputs.strings(segments, m.rows, "segments")
        cid, _ = _inputs.strings(ids, m.rows, "ids")
        buffers = _inputs.ScoreBuffers(m.rows, self._max_measures, contributions, drivers)
        card = np.empty(m.rows, dtype=np.int32)
        names, n_names = _inputs.names_array(m.columns)
        opts = _inputs.score_options(threads, drivers, block_size)
        with self._calling() as h:
            self._lib.scorecard_set_score(h, m.pointer or None, m.dtype, m.rows, m.cols, m.row_stride, m.col_stride,
                                          names, n_names, seg, n_seg, cid, byref(opts), byref(buffers.out),
                                          card.ctypes.data, m.rows)
        result = SetScores(buffers, card, self._labels, [c.measures for c in self._cards],
                           [c.band_labels for c in self._cards])
        return result, m, buffers, names, n_names, opts


# ---- overrides ---------------------------------------------------------------------------------------

_OVERRIDE_COLUMNS = ("account_id", "target", "value", "reason", "author", "expires")


class OverriddenScores:
    """What :meth:`OverrideBook.score` returns.

    * ``scores``: the scores with the applied overrides (a DataFrame for a DataFrame, with the extra
      columns ``computed_score``, ``computed_band_label`` and ``override`` = "applied", "lapsed" or
      ""; else :class:`vitals.Scores` / :class:`SetScores`);
    * ``computed``: the computed score of every account (numpy), before overrides;
    * ``overrides``: one dict per account with overrides (applied or lapsed), in row order:
      ``row``, ``account_id``, ``computed_score``, ``computed_band``, ``computed_status``,
      ``score``, ``band``, ``status``, ``score_overridden`` and ``effects``, a list of dicts with
      ``target``, ``measure`` (index in the account's card, -1 for the score), ``state``
      ("applied" or "lapsed"), ``computed`` and ``value`` (0-100), ``reason``, ``author``,
      ``expires`` (YYYY-MM-DD) and ``origin``.
    """

    __slots__ = ("scores", "computed", "overrides")

    def __init__(self, scores: Any, computed: Any, overrides: List[Dict[str, Any]]) -> None:
        self.scores = scores
        self.computed = computed
        self.overrides = overrides

    def __repr__(self) -> str:
        applied = sum(1 for o in self.overrides if any(e["state"] == "applied" for e in o["effects"]))
        return f"<vitals.OverriddenScores: {len(self.computed)} accounts, {applied} overridden, " \
               f"{len(self.overrides) - applied} with lapsed overrides only>"


class OverrideBook(_native.Owner):
    """Overrides of account scores (or of one measure's sub-score, 0-100 points), each with a
    reason, an author and an expiry date; held by account id. An override holds through its expiry
    date and lapses by itself the day after.

    Fill it with :meth:`add`, :meth:`add_row` or :meth:`from_csv`; then :meth:`score`. Adding is not
    thread-safe; a filled book may be read from many threads.
    """

    def __init__(self) -> None:
        lib = _native.load()
        ptr = ctypes.c_void_p()
        lib.override_book_create(byref(ptr))
        self._lib = lib
        self._handle = _native.Handle(ptr.value, lib.override_book_destroy, "override book")

    @classmethod
    def from_csv(cls, path: PathLike) -> "OverrideBook":
        """Reads an overrides file: CSV with the header ``account_id,target,value,reason,author,expires``
        (``expires`` is YYYY-MM-DD). Every row is checked strictly; an error names the file, the line
        and the column (VitalsError ``parse_error`` or ``invalid_argument``)."""
        book = cls()
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None or [h.strip() for h in header] != list(_OVERRIDE_COLUMNS):
                raise VitalsError(_native.ERR_PARSE, f"{path}:1: the header must be {','.join(_OVERRIDE_COLUMNS)}, "
                                                     f"not {','.join(header or [])!r}")
            for row in reader:
                line = reader.line_num
                if not row:
                    continue
                if len(row) != len(_OVERRIDE_COLUMNS):
                    raise VitalsError(_native.ERR_PARSE, f"{path}:{line}: {len(row)} fields, "
                                                         f"{len(_OVERRIDE_COLUMNS)} expected")
                book.add_row(*row, origin=f"{path}:{line}")
        return book

    def __len__(self) -> int:
        n = c_int64(0)
        with self._handle as h:
            self._lib.override_book_count(h, byref(n))
        return n.value

    def __repr__(self) -> str:
        return "<vitals.OverrideBook: closed>" if self._handle.closed else f"<vitals.OverrideBook: {len(self)} overrides>"

    def add(self, account_id: str, target: str, value: float, reason: str, author: str, expires: DateLike,
            origin: Optional[str] = None) -> None:
        """Adds an override: ``target`` is "score" or a measure name, ``value`` 0-100 points,
        ``expires`` a date (``YYYY-MM-DD``, ``datetime.date`` or day number); it holds through that
        day. ``origin`` names it in messages. Raises VitalsError (``invalid_argument``)."""
        with self._handle as h:
            self._lib.override_book_add(h, str(account_id).encode("utf-8"), str(target).encode("utf-8"),
                                        float(value), str(reason).encode("utf-8"), str(author).encode("utf-8"),
                                        day_number(expires), None if origin is None else str(origin).encode("utf-8"))

    def add_row(self, account_id: str, target: str, value: str, reason: str, author: str, expires: str,
                origin: Optional[str] = None) -> None:
        """Adds an override from the text fields of an overrides file row, checked strictly (value a
        plain decimal number, expires exactly YYYY-MM-DD). Every problem of the row is reported as
        ``<origin>: column <name>: <what>``."""
        args = [str(x).encode("utf-8") for x in (account_id, target, value, reason, author, expires)]
        with self._handle as h:
            self._lib.override_book_add_text(h, *args, None if origin is None else str(origin).encode("utf-8"))

    def entries(self) -> List[Dict[str, Any]]:
        """Every override, in the order added: account_id, target, value, reason, author, expires
        (YYYY-MM-DD), origin."""
        out = []
        with self._handle as h:
            for i in range(len(self)):
                e = _native.OverrideEntry()
                e.struct_size = ctypes.sizeof(e)
                self._lib.override_book_entry(h, i, byref(e))
                out.append({"account_id": e.account_id.decode("utf-8"), "target": e.target.decode("utf-8"),
                            "value": e.value, "reason": e.reason.decode("utf-8"), "author": e.author.decode("utf-8"),
                            "expires": format_date(e.expires), "origin": e.origin.decode("utf-8")})
        return out

    def validate(self, card: Scorecard) -> None:
        """Checks every measure target against a scorecard; raises VitalsError
        (``unknown_column``, one line per override, naming its row)."""
        with self._handle as h, card._handle as c:
            self._lib.override_book_validate(h, c)

    def check_conflicts(self, as_of: Optional[DateLike] = None) -> None:
        """Raises VitalsError (``invalid_argument``) when an account has two overrides of one target
        active on ``as_of`` (default: today, UTC)."""
        with self._handle as h:
            self._lib.override_book_check_conflicts(h, today() if as_of is None else day_number(as_of))

    def score(self, card: Union[Scorecard, ScorecardSet], data: Data, ids: Optional[Union[str, Sequence[Any]]] = None,
              as_of: Optional[DateLike] = None, *, segments: Optional[Sequence[Any]] = None,
              columns: Optional[Sequence[str]] = None, contributions: bool = False, drivers: int = 0,
              threads: int = 0, block_size: int = 0) -> OverriddenScores:
        """Scores accounts with ``card`` (a Scorecard or a ScorecardSet) and applies the overrides as
        of ``as_of`` (default: today, UTC).

        ``ids``: each account's id: a sequence, the name of a DataFrame column, or (default) a
        DataFrame's ``account_id`` column when there is one, else its index. ``data``, ``segments`` and the options are those of
        :meth:`vitals.Scorecard.score` / :meth:`ScorecardSet.score`. A measure override re-scores
        the account with that sub-score forced (a measure without data then counts as present); a
        score override sets the score and band. An expired override is reported as lapsed.

        Returns :class:`OverriddenScores`. Raises VitalsError: ``unknown_column`` (an override of a
        measure the account's card lacks), ``invalid_argument`` (two active overrides of one
        target), each naming the row and account; and as the scoring call.
        """
        np = _inputs.need_numpy("accounts features")
        day = today() if as_of is None else day_number(as_of)
        if isinstance(ids, str):
            if not _inputs.is_frame(data) or ids not in data.columns:
                raise ValueError(f"ids: {ids!r} is not a column of the data")
            ids = list(data[ids])
        elif ids is None:
            if not _inputs.is_frame(data):
                raise ValueError("ids: give each account's id (a DataFrame's index is used by default)")
            ids = [str(i) for i in _inputs.account_index(data)]
        if isinstance(card, ScorecardSet):
            scores, m, buffers, names, n_names, opts = card._run(data, segments, columns, ids, contributions, drivers,
                                                                 threads, block_size)
            cards, each = scores.card, card.cards
        elif isinstance(card, Scorecard):
            scores, m, buffers, names, n_names, opts = card._run(data, columns, contributions, drivers, threads,
                                                                 block_size, numpy_only=True)
            cards, each = None, [card]
        else:
            raise TypeError(f"card: a Scorecard or a ScorecardSet, not {type(card).__name__}")
        bands, measures = [c.band_labels for c in each], [c.measures for c in each]
        computed = buffers.score.copy()
        computed_band = buffers.band.copy()
        cid, n_ids = _inputs.strings(ids, m.rows, "ids")
        report = ctypes.c_void_p()
        with self._handle as b, card._handle as h:
            if cards is None:
                self._lib.override_book_apply(b, h, day, cid, n_ids, m.pointer or None, m.dtype, m.rows, m.cols,
                                              m.row_stride, m.col_stride, names, n_names, byref(opts),
                                              byref(buffers.out), byref(report))
            else:
                self._lib.override_book_apply_set(b, h, day, cid, n_ids, m.pointer or None, m.dtype, m.rows, m.cols,
                                                  m.row_stride, m.col_stride, names, n_names, cards.ctypes.data,
                                                  m.rows, byref(opts), byref(buffers.out), byref(report))
        try:
            rows = self._read_report(report, ids, cards, measures)
        finally:
            self._lib.override_report_destroy(report)
        if m.kind != "pandas":
            return OverriddenScores(scores, computed, rows)
        df = scores.to_pandas(index=_inputs.account_index(data))
        df["computed_score"] = computed
        which = np.zeros(m.rows, dtype=np.int64) if cards is None else cards
        df["computed_band_label"] = band_labels(which.tolist(), computed_band.tolist(), bands)
        state = [""] * m.rows
        for r in rows:
            state[r["row"]] = "applied" if any(e["state"] == "applied" for e in r["effects"]) else "lapsed"
        df["override"] = state
        return OverriddenScores(df, computed, rows)

    def _read_report(self, report, ids, cards, measures) -> List[Dict[str, Any]]:
        entries = self.entries()
        n = c_int64(0)
        self._lib.override_report_row_count(report, byref(n))
        rows = []
        for i in range(n.value):
            r = _native.OverriddenRow()
            r.struct_size = ctypes.sizeof(r)
            self._lib.override_report_row(report, i, byref(r))
            effects = []
            for k in range(r.effect_count):
                e = _native.OverrideEffect()
                e.struct_size = ctypes.sizeof(e)
                self._lib.override_report_effect(report, i, k, byref(e))
                entry = entries[e.entry]
                effects.append({"target": entry["target"], "measure": e.measure,
                                "state": "applied" if e.state == _native.OVERRIDE_APPLIED else "lapsed",
                                "computed": e.computed, "value": e.value, "reason": entry["reason"],
                                "author": entry["author"], "expires": entry["expires"], "origin": entry["origin"]})
            rows.append({"row": r.row, "account_id": str(ids[r.row]), "computed_score": r.computed_score,
                         "computed_band": r.computed_band, "computed_status": r.computed_status, "score": r.score,
                         "band": r.band, "status": r.status, "score_overridden": bool(r.score_overridden),
                         "effects": effects})
        return rows
