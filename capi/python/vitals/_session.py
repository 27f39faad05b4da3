"""Session: the whole account pipeline in one object, over the C ABI's vitals_session_*.

A session is made once from a scorecard (or a scorecard set) and the side inputs (metric history,
previous scores, stakeholder surveys, overrides, the as-of date), then scores account books:
derived columns (trends, survey measures) -> score with each row's card -> overrides -> score trend
and alerts -> quadrant, exactly as ``vitals score`` does. See docs/python.md.
"""

from __future__ import annotations

import ctypes
import math
import os
import threading
import warnings
from ctypes import byref, c_char_p, c_int64
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _inputs, _native
from ._types import Frame, PathLike
from ._accounts import DateLike, OverrideBook, ScorecardSet, by_measure, day_number
from ._native import VitalsError
from ._scorecard import Scorecard, _Calls
from ._signals import history_metrics

#: Text columns of the side-input files; every other column is numeric.
_TEXT_COLUMNS = ("account_id", "period", "alerts", "respondent", "role")


class VitalsWarning(UserWarning):
    """Something a user should see that changes no result: side-input rows for accounts not in the
    book (an override for a mistyped id never applies), an alert whose column the book lacks."""


def _read_csv(path):
    """A side-input CSV file as a DataFrame: ``account_id``, ``period``, ``alerts``, ``respondent``
    and ``role`` as text, every other column as numbers (empty = NaN) parsed exactly as ``vitals``
    parses them (the shortest decimal that reads back as the double does). ``attrs["source"]`` holds
    the path, for messages; a value that is not a number raises TypeError naming the file, line and
    column."""
    import pandas as pd
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for c in df.columns:
        if c not in _TEXT_COLUMNS:
            df[c] = [_inputs.number(v, f"{path}:{i + 2}: column {c}") if v.strip() else math.nan
                     for i, v in enumerate(df[c])]
    df.attrs["source"] = str(path)
    return df


def _frame(x, what: str):
    """A side input as a DataFrame (a path is read with read_csv)."""
    if isinstance(x, (str, os.PathLike)):
        return _read_csv(x)
    if not _inputs.is_frame(x):
        raise TypeError(f"{what}: a pandas DataFrame or the path of a CSV file, not {type(x).__name__}")
    return x


def _need(df, what: str, names: Sequence[str]) -> None:
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise ValueError(f"{what}: no column {', '.join(repr(n) for n in missing)} (columns: "
                         f"{', '.join(str(c) for c in df.columns)})")


def _source(df, what: str) -> bytes:
    return str(df.attrs.get("source", what)).encode("utf-8")


def _strings(df, what: str, column: str):
    """A text column as a C string array (NULL for None / NaN; NULL itself for an absent column)."""
    if column not in df.columns:
        return None
    return _inputs.strings(df[column], len(df), f"{what}, column {column!r}")[0]


def _umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_whole(path: PathLike, text: str) -> None:
    """``text`` into ``path`` (through a symbolic link to its target) as ``vitals report --out``
    writes it: a temporary file in the same folder, then one rename; the file keeps an existing
    file's permissions, else gets those open(2) would give it. On failure nothing is left."""
    import tempfile
    target = os.path.realpath(os.fspath(path))
    if os.path.isdir(target):
        raise IsADirectoryError(f"{os.fspath(path)}: is a directory")
    try:
        mode = os.stat(target).st_mode & 0o7777
        if not os.access(target, os.W_OK):  # as `vitals report --out` (and the shell's >) refuses it
            raise PermissionError(f"{os.fspath(path)}: cannot write: permission denied")
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".tmp-", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())  # the rename never publishes a file whose bytes a crash could lose
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


class Session(_Calls):
    """The account pipeline: a scorecard or scorecard set with its side inputs, scoring books.

    ``card``: a :class:`Scorecard`, a :class:`ScorecardSet` or the path of a scorecard (set) file.
    Side inputs, each optional, in long form as DataFrames (or paths of CSV files in the layout of
    ``vitals score``'s ``--history`` / ``--previous`` / ``--surveys``):

    * ``history``: ``account_id``, ``period`` and one column per metric (the trends' columns);
    * ``previous``: ``account_id``, ``period``, ``score`` and optionally ``alerts`` ("a;b");
    * ``surveys``: ``account_id``, ``role``, ``answer`` (0-10, NaN = invited, no answer);
    * ``overrides``: an :class:`OverrideBook`, or an overrides file's path;

    and ``as_of``, the date overrides are judged on (default: today, UTC). ``value_column`` is the
    account value for quadrants (None: no quadrants); ``revenue_percent`` / ``arr_cutoff`` pick the
    high-value accounts, ``health_threshold`` the healthy ones (default: each card's top band);
    ``allow_absent`` lets inputs the book lacks be missing; ``drivers`` per account (1-64).

    Raises VitalsError naming the side input and its row (an account with a period twice, a score
    outside 0-100, an unknown role, an override of a measure no card has, ...). Calls from several
    threads take turns (scoring itself runs on ``threads`` worker threads); free it with
    :meth:`close` or a ``with`` block.
    """

    def __init__(self, card: Union[Scorecard, ScorecardSet, PathLike], *,
                 history: Union[None, Frame, PathLike] = None,
                 previous: Union[None, Frame, PathLike] = None, surveys: Union[None, Frame, PathLike] = None,
                 overrides: Union[None, OverrideBook, PathLike] = None, as_of: Optional[DateLike] = None,
                 value_column: Optional[str] = "arr",
                 revenue_percent: Optional[float] = None, arr_cutoff: Optional[float] = None,
                 health_threshold: Optional[float] = None, allow_absent: bool = False, threads: int = 0,
                 drivers: int = 3) -> None:
        lib = _native.load()
        self._lib = lib
        self._lock = threading.Lock()
        self._notices_seen = 0
        owned = isinstance(card, (str, os.PathLike))
        if owned:
            card = ScorecardSet.from_file(card)
        if isinstance(card, ScorecardSet):
            self._cards, self._segment_column = card.cards, None if card.is_single else card.segment_column
        elif isinstance(card, Scorecard):
            self._cards, self._segment_column = (card,), None
        else:
            raise TypeError(f"card: a Scorecard, a ScorecardSet or a path, not {type(card).__name__}")
        self._card = card
        self._normalisers = card._normalisers  # Python normalisers run during scoring
        if not isinstance(drivers, int) or isinstance(drivers, bool) or not 1 <= drivers <= _native.MAX_TOP_K:
            raise ValueError(f"drivers: an int in [1, {_native.MAX_TOP_K}], got {drivers!r}")
        if revenue_percent is not None and arr_cutoff is not None:
            raise ValueError("give revenue_percent or arr_cutoff, not both")
        opts = _native.SessionOptions(
            struct_size=ctypes.sizeof(_native.SessionOptions), as_of_set=as_of is not None,
            as_of=0 if as_of is None else day_number(as_of),
            value_column=b"" if value_column is None else str(value_column).encode("utf-8"),
            value_rule=1 if arr_cutoff is not None else 0,
            revenue_percent=0.0 if revenue_percent is None else float(revenue_percent),
            arr_cutoff=0.0 if arr_cutoff is None else float(arr_cutoff),
            health_threshold_set=health_threshold is not None,
            health_threshold=0.0 if health_threshold is None else float(health_threshold),
            allow_absent_columns=bool(allow_absent), threads=int(threads), top_k=drivers)
        ptr = ctypes.c_void_p()
        with card._handle as c:
            if isinstance(card, Scorecard):
                single = ctypes.c_void_p()
                lib.scorecard_set_create_single(c, byref(single))
                try:
                    lib.session_create(single, byref(opts), byref(ptr))
                finally:
                    lib.scorecard_set_destroy(single)
            else:
                lib.session_create(c, byref(opts), byref(ptr))
        self._handle = _native.Handle(ptr.value, lib.session_destroy, "session")
        if owned:
            card.close()  # the session holds a copy; the cards stay usable
        try:
            if history is not None:
                self._set_history(_frame(history, "history"))
            if previous is not None:
                self._set_previous(_frame(previous, "previous"))
            if surveys is not None:
                self._set_surveys(_frame(surveys, "surveys"))
            if overrides is not None:
                self._set_overrides(overrides)
            with self._handle as h:
                self._columns = _native.names(lib.session_column_count, lib.session_column_name, h)
        except BaseException:
            self.close()  # a bad side input: free the session now, not at garbage collection
            raise

    # ---- side inputs ----------------------------------------------------------------------------

    def _set_history(self, df) -> None:
        _need(df, "history", ("account_id", "period"))
        metrics = {m for c in self._cards for m in history_metrics(c)}
        values = df.drop(columns=["account_id", "period"])
        m = _inputs.as_matrix(values, None, [str(c) for c in values.columns if str(c) in metrics], what="history")
        t = _inputs.table(m, df["account_id"], source=df.attrs.get("source", "history"))
        with self._handle as h:
            self._lib.session_set_history(h, byref(t), _strings(df, "history", "period"), len(df),
                                          _source(df, "history"))

    def _set_previous(self, df) -> None:
        _need(df, "previous", ("account_id", "period", "score"))
        if "alerts" in df.columns:
            df = df.assign(alerts=df["alerts"].fillna(""))
        ids, periods, alerts = (_strings(df, "previous", c) for c in ("account_id", "period", "alerts"))
        scores = _inputs.column(df["score"], "previous, column 'score'")
        with self._handle as h:
            self._lib.session_set_previous(h, ids, periods, scores.address, alerts, len(df), _source(df, "previous"))

    def _set_surveys(self, df) -> None:
        _need(df, "surveys", ("account_id", "role", "answer"))
        ids, roles = (_strings(df, "surveys", c) for c in ("account_id", "role"))
        answers = _inputs.column(df["answer"], "surveys, column 'answer'")
        with self._handle as h:
            self._lib.session_set_surveys(h, ids, roles, answers.address, len(df), _source(df, "surveys"))

    def _set_overrides(self, overrides) -> None:
        source = "overrides"
        if isinstance(overrides, (str, os.PathLike)):
            source = str(overrides)
            overrides = OverrideBook.from_csv(overrides)
        if not isinstance(overrides, OverrideBook):
            raise TypeError(f"overrides: an OverrideBook or the path of an overrides file, not "
                            f"{type(overrides).__name__}")
        with self._handle as h, overrides._handle as b:
            self._lib.session_set_overrides(h, b, source.encode("utf-8"))

    def set_value_cutoff(self, cutoff: float) -> None:
        """Sets the quadrants' high-value cut-off (a value at least this is high value; ``inf``:
        none is). Without it (or ``arr_cutoff=``), the first score() takes it from the book it
        scores and later calls keep it: a book scored in chunks needs the whole book's, e.g.
        ``classify(all_values, all_scores).summary.value_cutoff``."""
        with self._handle as h:
            self._lib.session_set_value_cutoff(h, float(cutoff))

    # ---- what it is -----------------------------------------------------------------------------

    @property
    def columns(self) -> Tuple[str, ...]:
        """The columns the session reads from a book (the cards' inputs and alert columns no side
        input derives, and the value column); a book may have others, which are not read."""
        return self._columns

    @property
    def notices(self) -> List[str]:
        """The notices so far: warnings that change no result (an alert column the book lacks)."""
        out = []
        with self._handle as h:
            n = c_int64(0)
            self._lib.session_notice_count(h, byref(n))
            for i in range(n.value):
                out.append(_native.string_out(self._lib.session_notice, h, i))
        return out

    def unmatched(self) -> Dict[str, List[str]]:
        """Per side input ("history", "previous", "surveys", "overrides"), the accounts it names
        that no book scored so far held (call after the last chunk): an override of such an
        account never applied."""
        with self._handle as h:
            found = {name: _native.names(self._lib.session_unmatched_count, self._lib.session_unmatched_id, h, code)
                     for code, name in enumerate(_native.SESSION_INPUTS)}
        return {name: list(ids) for name, ids in found.items() if ids}

    def __repr__(self) -> str:
        if self.closed:
            return "<vitals.Session: closed>"
        return f"<vitals.Session: {len(self._cards)} scorecard(s), reading {len(self._columns)} columns>"

    # ---- scoring --------------------------------------------------------------------------------

    # ---- the one-page report --------------------------------------------------------------------

    def keep_report(self, *, title: str = "Account health", source: Optional[str] = None,
                    scorecard: Optional[str] = None, top: int = 200, max_points: int = 5000) -> None:
        """Keeps the one-page HTML health report (docs/report.md) of every book this session
        scores from now on, chunk by chunk; call it before the first :meth:`score`, and read the
        page with :meth:`report` or :meth:`save_report` after the last. ``source`` and
        ``scorecard`` name the book and the scorecard on the page; ``top``: accounts in the
        assessment list (0 = every account); ``max_points``: the value x health plot draws one
        point per account up to this many, else a density (0 = always the density). The page is
        the one ``vitals report`` writes for the same book, side inputs and options, byte for byte.
        Raises VitalsError when a book was scored already, ValueError for a bad option."""
        for name, v in (("top", top), ("max_points", max_points)):
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 1 << 20:
                raise ValueError(f"{name}: an int in [0, {1 << 20}], not {v!r}")

        def text(v: Optional[str]) -> Optional[bytes]:
            return None if v is None else str(v).encode("utf-8")
        opts = _native.ReportOptions(struct_size=ctypes.sizeof(_native.ReportOptions), title=text(title),
                                     source=text(source), scorecard=text(scorecard),
                                     top=-1 if top == 0 else top, max_points=-1 if max_points == 0 else max_points)
        with self._lock, self._handle as h:
            self._lib.session_keep_report(h, byref(opts))

    def report(self) -> str:
        """The report (:meth:`keep_report`) of the books scored so far, as one self-contained
        HTML document. Raises VitalsError when no report is kept or no book was scored."""
        with self._lock, self._handle as h:
            return _native.string_out(self._lib.session_report, h)

    def save_report(self, path: PathLike) -> str:
        """Writes :meth:`report` to ``path``, whole or not at all (a file beside it, then a
        rename: a failure leaves no partial file and no stray one). Returns the HTML."""
        page = self.report()
        _write_whole(path, page)
        return page

    def score(self, book: Frame, *, ids: Union[None, str, Sequence[Any]] = None, unmatched: str = "warn",
              points_lost: bool = False, source: str = "book", row_offset: int = 0) -> Frame:
        """Scores a book of accounts (a pandas DataFrame; columns by name, others are not read).

        ``ids``: each account's id: a column name, a sequence, or (default) the ``account_id``
        column when there is one, else the index. A scorecard set reads each row's segment from
        its segment column. ``source`` and ``row_offset`` name rows in messages (a chunk's place
        in its book). ``unmatched``: "warn" (a VitalsWarning listing side-input accounts that no
        book scored so far held), "error" (VitalsError) or "ignore" -- when scoring a book in
        chunks, use "ignore" and call :meth:`unmatched` after the last one.

        Returns a DataFrame indexed by account id with every column the session computed, in
        this order and under these names: ``score``, ``band`` (its label, "" when not scored),
        ``coverage``, ``status`` ("ok", "insufficient_data"), ``drivers`` (the measures losing the
        most points, joined by ";"), ``card`` (the set's card label), then with overrides
        ``computed_score`` and ``override`` (each override's effect, joined by "; "); with previous
        scores ``change`` and ``direction``; when a card has alerts ``alerts`` and ``alerts_held``
        (names, most severe first, joined by ";"); with the value column ``value``, then with
        quadrants ``quadrant``, ``at_risk`` (revenue at risk) and ``priority`` (the place in this
        book's assessment list, 1 = first; 0 = not listed; a book scored in pieces is ranked with
        ``vitals.prioritise`` over all of them). ``points_lost`` adds ``points_lost.<measure>``
        columns.

        Raises VitalsError naming the place: a column the cards read is missing
        (``unknown_column``), a segment with no card and no default (the row and account), a
        column also derived from a side input, a value that is not a number (TypeError naming
        the column).
        """
        import pandas as pd
        if not _inputs.is_frame(book):
            raise TypeError(f"book: a pandas DataFrame, not {type(book).__name__}")
        if unmatched not in ("warn", "error", "ignore"):
            raise ValueError(f"unmatched: 'warn', 'error' or 'ignore', not {unmatched!r}")
        what = "ids"
        if isinstance(ids, str):
            _need(book, "ids", (ids,))
            what = f"ids, column {ids!r}"
            ids = book[ids]
        elif ids is None:
            what = "account_id" if "account_id" in book.columns else "index"
            ids = book["account_id"] if "account_id" in book.columns else book.index
        ids = list(ids)
        for k, i in enumerate(ids):
            if _inputs._missing(i):  # str() would make the account "nan" or "None"
                raise ValueError(f"{what}[{k}]: the account id of row {k + 1} is missing ({i!r})")
        ids = [str(i) for i in ids]
        segments = None
        if self._segment_column is not None and self._segment_column in book.columns:
            segments = book[self._segment_column]
        m = _inputs.as_matrix(book, None, self._columns, what=source, levels=_inputs.levels_of(self._cards))
        table = _inputs.table(m, ids, segments, source, row_offset)
        with self._lock:
            result = ctypes.c_void_p()
            self._lib.session_result_create(byref(result))
            try:
                with self._calling() as h:
                    self._lib.session_score(h, byref(table), result)
                columns = self._read(result, points_lost)
            finally:
                self._lib.session_result_destroy(result)
            self._report(unmatched)
        return pd.DataFrame(columns, index=pd.Index(ids, name="account_id"))

    def _read(self, result, points_lost: bool) -> Dict[str, Any]:
        """Every column the result has, by name: text where it reads as text, else numbers."""
        lib = self._lib
        rows = c_int64(0)
        lib.session_result_row_count(result, byref(rows))
        n = rows.value
        out: Dict[str, Any] = {}
        for code, (kind, text) in enumerate(_native.SESSION_COLUMNS):
            width = c_int64(0)
            lib.session_result_width(result, code, byref(width))
            if width.value == 0 or (code == _native.COLUMN_POINTS_LOST and not points_lost):
                continue
            p = c_char_p()
            lib.session_result_column_name(code, byref(p))
            name = p.value.decode("utf-8")
            if text:
                out[name] = _native.string_out(lib.session_result_texts, result, code, raw=True).split("\0")[:n]
                continue
            values = _inputs.Out(n * width.value, "d" if kind == "f64" else "i")
            getattr(lib, "session_result_" + kind)(result, code, values.address, n * width.value)
            out[name] = values.data.reshape(n, width.value) if width.value > 1 else values.data
        if points_lost:
            card = _inputs.Out(n, "i")
            lib.session_result_i32(result, _native.COLUMN_CARD, card.address, n)
            out.update(by_measure("points_lost", out.pop("points_lost"), card.data, [c.measures for c in self._cards]))
        return out

    def _report(self, unmatched: str) -> None:
        notices = self.notices
        for text in notices[self._notices_seen:]:
            warnings.warn(text, VitalsWarning, stacklevel=3)
        self._notices_seen = len(notices)
        if unmatched == "ignore":
            return
        found = self.unmatched()
        if not found:
            return
        text = "; ".join(f"{name}: {len(ids)} account(s) not in the book: {', '.join(ids[:10])}"
                         + (", ..." if len(ids) > 10 else "") for name, ids in found.items())
        if unmatched == "error":
            raise VitalsError(_native.ERR_INVALID_ARGUMENT, text)
        warnings.warn(text, VitalsWarning, stacklevel=3)


def report(card: Union[Scorecard, ScorecardSet, PathLike], book: Frame, path: Optional[PathLike] = None, *,
           title: str = "Account health", source: Optional[str] = None, scorecard: Optional[str] = None,
           top: int = 200, max_points: int = 5000, unmatched: str = "warn", **session: Any) -> str:
    """The one-page HTML health report of ``book`` in one call: a :class:`Session` of ``card``
    with the side inputs and options in ``session`` (``history=``, ``previous=``, ``surveys=``,
    ``overrides=``, ``as_of=``, ...), :meth:`Session.keep_report` with ``title``, ``source``,
    ``scorecard`` (default: ``card`` when it is a path), ``top`` and ``max_points``, the book
    scored whole (``unmatched`` as :meth:`Session.score`). Returns the page and, with ``path``,
    writes it there whole or not at all. For a book in chunks, use a Session."""
    if scorecard is None and isinstance(card, (str, os.PathLike)):
        scorecard = os.fspath(card)
    with Session(card, **session) as s:
        s.keep_report(title=title, source=source, scorecard=scorecard, top=top, max_points=max_points)
        s.score(book, unmatched=unmatched)
        page = s.report()
    if path is not None:
        _write_whole(path, page)
    return page
