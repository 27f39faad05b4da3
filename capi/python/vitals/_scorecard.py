"""Scorecard and Scores: the public Python API over the C ABI."""

from __future__ import annotations

import ctypes
import json
import os
from ctypes import byref, c_char_p, c_double, c_int32, c_int64
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _inputs, _native
from ._types import Data, Frame, PathLike
from ._native import VitalsError

Normaliser = Callable[[Any], Any]


class _PythonNormaliser:
    """A Python callable registered as a user-defined normaliser through the C callback."""

    def __init__(self, name: str, fn: Normaliser):
        if not callable(fn):
            raise TypeError(f"normalisers[{name!r}]: expected a callable, got {type(fn).__name__}")
        self.name = name
        self.fn = fn
        self.error: Optional[BaseException] = None
        self.c_apply = _native.NORMALISER_FN(self._apply)  # kept alive as long as this object

    def _apply(self, user, inp, out, n) -> int:
        # Called by the library, possibly from its worker threads, with whole chunks. Never lets
        # an exception escape into C: it is kept and reported by the scoring call.
        try:
            np = _inputs.numpy()
            if np is not None:
                x = np.ctypeslib.as_array(inp, shape=(n,)).copy()  # the caller may keep it
                y = np.asarray(self.fn(x), dtype=np.float64)
                if y.shape != (n,):
                    raise ValueError(f"normaliser {self.name!r} returned shape {y.shape} for {n} values")
                np.ctypeslib.as_array(out, shape=(n,))[:] = y
            else:
                y = list(self.fn([inp[i] for i in range(n)]))
                if len(y) != n:
                    raise ValueError(f"normaliser {self.name!r} returned {len(y)} values for {n}")
                for i, v in enumerate(y):
                    out[i] = float(v)
            return 0
        except BaseException as e:  # noqa: BLE001 - reported through the scoring call
            self.error = e
            return 1


class _LoadOptions:
    """``with _LoadOptions(lib, normalisers) as options:`` load options holding Python normalisers
    for one create call (None when there are none); ``.python`` must outlive the created handle."""

    def __init__(self, lib, normalisers: Optional[Mapping[str, Normaliser]]):
        self.lib = lib
        self.python = [_PythonNormaliser(str(k), v) for k, v in (normalisers or {}).items()]
        self.options = ctypes.c_void_p()

    def __enter__(self):
        if not self.python:
            return None
        self.lib.load_options_create(byref(self.options))
        for n in self.python:
            self.lib.load_options_add_normaliser(self.options, n.name.encode("utf-8"), n.c_apply, None,
                                                 _native.RELEASE_FN())
        return self.options

    def __exit__(self, *exc):
        self.lib.load_options_destroy(self.options)


def json_text(text) -> bytes:
    """Scorecard (set) JSON as bytes: a ``str`` (UTF-8) or bytes-like; TypeError naming ``text``
    for anything else (``bytes(12)`` would be twelve NUL bytes, not the text "12")."""
    if isinstance(text, str):
        return text.encode("utf-8")
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError(f"text: scorecard JSON as a str or bytes, not {type(text).__name__}")


def _create(cls, create, normalisers, destroy: str, what: str):
    """A new ``cls`` owning the handle ``create(lib, options, out)`` makes (Scorecard, ScorecardSet);
    its Python normalisers stay alive with it."""
    lib = _native.load()
    ptr = ctypes.c_void_p()
    keep = _LoadOptions(lib, normalisers)
    with keep as options:
        create(lib, options, ptr)
    self = object.__new__(cls)
    self._lib = lib
    self._handle = _native.Handle(ptr.value, getattr(lib, destroy), what)
    self._normalisers = keep.python  # the Python callbacks must outlive the handle
    return self


def band_labels(card: Sequence[int], band: Sequence[int], card_bands) -> List[str]:
    """Each account's band label from its own card's labels ("no data" when not scored)."""
    return [card_bands[c][b] if 0 <= b < len(card_bands[c]) else "no data" for c, b in zip(card, band)]


def _restore(text: str, normalisers: Optional[Dict[str, Normaliser]]) -> "Scorecard":
    """Unpickles a Scorecard from its JSON form."""
    return Scorecard.from_json(text, normalisers=normalisers)


class Scores:
    """The results of Scorecard.score for numpy or plain-sequence input.

    Attributes (numpy arrays for numpy input, lists for plain sequences):

    * ``score``: 0-100 per account, NaN when not scored;
    * ``band``: band index per account (into ``band_labels``), -1 when not scored;
    * ``coverage``: share of the scorecard's weight with data, 0-1;
    * ``status``: 0 = scored, 1 = insufficient data;
    * ``contributions``, ``points_lost``: accounts x measures (None unless asked for);
    * ``drivers``: accounts x k measure indices losing the most points, -1 padded (None unless
      asked for);
    * ``measures``, ``band_labels``: names for the columns of the above and for band indices.
    """

    __slots__ = ("score", "band", "coverage", "status", "contributions", "points_lost", "drivers",
                 "measures", "band_labels")

    def __init__(self, score: Any, band: Any, coverage: Any, status: Any, contributions: Any, points_lost: Any,
                 drivers: Any, measures: Sequence[str], band_labels: Sequence[str]) -> None:
        self.score = score
        self.band = band
        self.coverage = coverage
        self.status = status
        self.contributions = contributions
        self.points_lost = points_lost
        self.drivers = drivers
        self.measures = measures
        self.band_labels = band_labels

    def __len__(self) -> int:
        return len(self.score)

    def __repr__(self) -> str:
        return f"<vitals.Scores: {len(self)} accounts>"

    def labels(self) -> List[str]:
        """The band label of every account ("no data" when not scored)."""
        np = _inputs.numpy()
        if np is not None and isinstance(self.band, np.ndarray):
            return np.array(list(self.band_labels) + ["no data"], dtype=object)[self._band_codes()].tolist()
        return band_labels([0] * len(self.band), self.band, [self.band_labels])

    def _band_codes(self):
        """Band indices with "not scored" as the index after the last label (numpy)."""
        np = _inputs.numpy()
        band = np.asarray(self.band)
        n = len(self.band_labels)
        return np.where((band >= 0) & (band < n), band, n)

    def to_pandas(self, index: Any = None) -> Frame:
        """The scores as a pandas DataFrame (see Scorecard.score for its columns)."""
        import pandas as pd
        np = _inputs.numpy()
        cols: Dict[str, Any] = {
            "score": np.asarray(self.score, dtype=np.float64),
            "band": np.asarray(self.band, dtype=np.int32),
            "band_label": pd.Categorical.from_codes(self._band_codes(),
                                                    categories=list(self.band_labels) + ["no data"]),
            "coverage": np.asarray(self.coverage, dtype=np.float64),
            "status": np.asarray(self.status, dtype=np.int32),
        }
        if self.contributions is not None:
            c = np.asarray(self.contributions, dtype=np.float64)
            p = np.asarray(self.points_lost, dtype=np.float64)
            for m, name in enumerate(self.measures):
                cols[f"contribution.{name}"] = c[:, m]
            for m, name in enumerate(self.measures):
                cols[f"points_lost.{name}"] = p[:, m]
        if self.drivers is not None:
            d = np.asarray(self.drivers, dtype=np.int32)
            names = np.array(list(self.measures) + [None], dtype=object)  # -1 -> None
            for k in range(d.shape[1] if d.ndim == 2 else 0):
                cols[f"driver_{k + 1}"] = names[d[:, k]]
        return pd.DataFrame(cols, index=index, copy=False)


class _Calls(_native.Owner):
    """An owner of a handle whose calls may run Python normalisers (``self._normalisers``)."""

    _normalisers: List[_PythonNormaliser] = []

    def _calling(self) -> "_Call":
        """``with self._calling() as h:`` holds the handle for one call, reporting a Python
        normaliser's exception with the library's message."""
        for n in self._normalisers:
            n.error = None
        return _Call(self)


class _Call:
    __slots__ = ("_owner",)

    def __init__(self, owner: _Calls):
        self._owner = owner

    def __enter__(self) -> int:
        return self._owner._handle.acquire()

    def __exit__(self, kind, e, tb) -> None:
        self._owner._handle.release()
        if isinstance(e, VitalsError) and e.code == _native.ERR_OUT_OF_RANGE:
            for n in self._owner._normalisers:
                if n.error is not None:
                    err, n.error = n.error, None
                    raise VitalsError(e.code, f"{e.message}: {type(err).__name__}: {err}") from err


class Scorecard(_Calls):
    """A validated, immutable scorecard, owned through a libvitals handle.

    Create one with :meth:`default`, :meth:`from_json` or :meth:`from_file`. A scorecard may be
    used from many threads at once (scoring releases the GIL). Free it with :meth:`close` or a
    ``with`` block; otherwise it is freed when garbage-collected. It pickles through its JSON form
    (with its user-defined normalisers, which must then be picklable themselves), so it travels to
    worker processes and scores identically there.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("use Scorecard.default(), Scorecard.from_json() or Scorecard.from_file()")

    @classmethod
    def _wrap(cls, create: Callable[[Any], Any], normalisers: Optional[Mapping[str, Normaliser]]) -> "Scorecard":
        self = _create(cls, create, normalisers, "scorecard_destroy", "scorecard")
        self._normaliser_fns = {n.name: n.fn for n in self._normalisers} or None
        lib = self._lib
        with self._handle as h:
            self._inputs = _native.names(lib.scorecard_input_count, lib.scorecard_input_name, h)
            self._measures = _native.names(lib.scorecard_measure_count, lib.scorecard_measure_name, h)
            self._bands = _native.names(lib.scorecard_band_count, lib.scorecard_band_label, h)
            self._levels = {}
            for i, name in enumerate(self._inputs):
                n, unseen = c_int64(0), c_int32(0)
                lib.scorecard_input_levels(h, i, byref(n), byref(unseen))
                if n.value:
                    texts = []
                    for k in range(n.value):
                        text = c_char_p()
                        lib.scorecard_input_level(h, i, k, byref(text))
                        texts.append(text.value.decode("utf-8"))
                    self._levels[name] = _inputs.Levels(texts, bool(unseen.value))
        return self

    # ---- construction ---------------------------------------------------------------------------

    @classmethod
    def default(cls) -> "Scorecard":
        """The built-in default scorecard (eight dimensions of B2B account health)."""
        return cls._wrap(lambda lib, options, out: lib.scorecard_create_default(byref(out)), None)

    @classmethod
    def from_json(cls, text: Union[str, bytes], normalisers: Optional[Mapping[str, Normaliser]] = None) -> "Scorecard":
        """A scorecard from scorecard-file JSON (``str`` or ``bytes``).

        ``normalisers`` maps names to Python callables a file may use as
        ``{"kind": "custom", "name": "<name>"}``: each takes a 1-D float64 array of raw values (a
        list without numpy) and returns sub-scores in [0, 1] of the same length, NaN for missing.
        It is called with chunks of accounts, possibly from several threads at once.

        Raises VitalsError: ``parse_error`` (not JSON) or ``invalid_scorecard`` (every problem, one
        per line, with its JSON pointer).
        """
        data = json_text(text)
        return cls._wrap(lambda lib, options, out: lib.scorecard_create_from_json(data, len(data), options,
                                                                                  byref(out)), normalisers)

    @classmethod
    def from_file(cls, path: PathLike, normalisers: Optional[Mapping[str, Normaliser]] = None) -> "Scorecard":
        """A scorecard from a scorecard file. Raises VitalsError (``io_error`` and as
        :meth:`from_json`)."""
        p = os.fsencode(path)
        return cls._wrap(lambda lib, options, out: lib.scorecard_create_from_file(p, options, byref(out)),
                         normalisers)

    def __reduce__(self):
        return (_restore, (self.to_json(), self._normaliser_fns))

    def __repr__(self) -> str:
        if self.closed:
            return "<vitals.Scorecard: closed>"
        return f"<vitals.Scorecard {self.name!r}: {len(self._measures)} measures over {len(self._inputs)} inputs>"

    # ---- what it is -----------------------------------------------------------------------------

    @property
    def inputs(self) -> List[str]:
        """The input columns the scorecard reads, in the order it reads them (a new list each call)."""
        return list(self._inputs)

    @property
    def measures(self) -> Tuple[str, ...]:
        """The measures' names (the columns of contributions; driver indices point here)."""
        return self._measures

    @property
    def levels(self) -> Dict[str, List[str]]:
        """The columns of levels (text categories a ``categories`` measure reads) with their levels,
        in code order. Such a column may be passed as text (object, string or category dtype;
        matched ignoring case and surrounding spaces) or as codes (the level's index)."""
        return {k: list(v.names) for k, v in self._levels.items()}

    @property
    def band_labels(self) -> Tuple[str, ...]:
        """The bands' labels, lowest band first."""
        return self._bands

    @property
    def name(self) -> str:
        """The scorecard's name."""
        return self.describe()["name"]

    def describe(self) -> Dict[str, Any]:
        """A summary: name, description, min_coverage, inputs, measures (with group, inputs,
        normaliser kind, weight and share of the score), groups, bands."""
        with self._handle as h:
            return json.loads(_native.string_out(self._lib.scorecard_describe, h))

    def to_json(self) -> str:
        """The scorecard in the scorecard file format (what :meth:`from_json` reads)."""
        with self._handle as h:
            return _native.string_out(self._lib.scorecard_to_json, h)

    # ---- scoring --------------------------------------------------------------------------------

    def score(self, data: Data, columns: Optional[Sequence[str]] = None, *, contributions: bool = False,
              drivers: int = 0, threads: int = 0, allow_absent: bool = False,
              block_size: int = 0) -> Union[Scores, Frame]:
        """Scores many accounts at once.

        ``data`` is one of:

        * a 2-D numpy array, accounts x columns, float64 or float32, in C or Fortran order or any
          slice of one: passed to the library without a copy (other dtypes, byte-swapped or
          reversed arrays are converted first). ``columns`` names its columns; by default they are
          the scorecard's :attr:`inputs` in order. Returns :class:`Scores` of numpy arrays.
        * a pandas DataFrame: columns are matched by name (columns the scorecard does not read are
          ignored). Returns a DataFrame indexed by the ``account_id`` column when there is one (else
          with the input's index) and the columns ``score``, ``band``,
          ``band_label``, ``coverage``, ``status`` (0 = scored, 1 = insufficient data), then
          ``contribution.<measure>`` and ``points_lost.<measure>`` (with ``contributions``) and
          ``driver_1`` ... (measure names, with ``drivers``). A DataFrame of one float dtype in
          one block is read without a copy.
        * a sequence of rows, each a sequence of values (in ``columns`` order, by default the
          scorecard's inputs) or a mapping from column name to value (absent = missing). Works
          without numpy. Returns :class:`Scores` of lists.

        NaN or None means missing. ``contributions`` adds each measure's points added and lost;
        ``drivers`` (0-64) adds that many measures losing the most points per account.
        ``threads`` = 0 uses every core; results do not depend on it. ``allow_absent`` lets
        columns the scorecard reads be absent (missing for every account) instead of raising
        ``unknown_column``.

        Raises VitalsError with the library's code and message (``shape_mismatch``,
        ``unknown_column``, ``out_of_range`` when a user-defined normaliser fails, ...).
        """
        scores, m = self._run(data, columns, contributions, drivers, threads, block_size, allow_absent)[:2]
        return scores.to_pandas(index=_inputs.account_index(data)) if m.kind == "pandas" else scores

    def _run(self, data, columns, contributions, drivers, threads, block_size, allow_absent=False,
             numpy_only=False):
        """Scores; returns (Scores, the Matrix, the ScoreBuffers, column names, their count, options)."""
        opts = _inputs.score_options(threads, drivers, block_size, allow_absent)
        m = _inputs.as_matrix(data, columns, self._inputs, numpy_only=numpy_only, levels=self._levels)
        out = _inputs.ScoreBuffers(m.rows, len(self._measures), contributions, drivers, m.kind != "python")
        names, n_names = _inputs.names_array(m.columns)
        with self._calling() as h:
            self._lib.scorecard_score(h, m.pointer, m.dtype, m.rows, m.cols, m.row_stride, m.col_stride, names,
                                      n_names, byref(opts), byref(out.out))
        fields = [getattr(out, f) if out.numpy else out.plain(f) for f in out.FIELDS]
        return Scores(*fields, self._measures, self._bands), m, out, names, n_names, opts

    def explain(self, row: Any, columns: Optional[Sequence[str]] = None) -> Dict[str, Any]:
        """Explains one account's score.

        ``row`` is a mapping from column name to value (a dict, a pandas Series such as
        ``df.loc[id]``; columns the scorecard does not read are ignored, absent ones are missing),
        or a sequence / 1-D array of values in ``columns`` order (by default the scorecard's
        :attr:`inputs`). NaN or None means missing.

        Returns a dict: ``status`` ("ok" or "insufficient_data"), ``score`` (None when not
        scored), ``band``, ``band_label``, ``coverage``, ``measures`` (for each, in scorecard
        order: ``index``, ``name``, ``group``, ``raw`` value, ``sub_score``, ``weight``,
        ``effective_weight``, ``contribution``, ``points_lost``; None = missing), ``groups``,
        ``drivers`` (measure indices losing points, most first) and ``driver_names``,
        ``scorecard`` (its name), ``derived`` (only when the scorecard declares derived columns:
        ``name``, ``expression``, ``value``) and ``breakdown`` (the group tree, as
        ``vitals explain --format json`` prints it). Every key is described in docs/c-api.md
        ("The explanation JSON"). The numbers are those the batch scorer gives, bit for bit.
        """
        values, names = _inputs.row_values(row, columns, self._inputs, self._levels)
        n = len(values)
        buf = (c_double * max(1, n)).from_buffer(values) if n else (c_double * 1)()
        cnames, _ = _inputs.names_array(names)
        with self._calling() as h:
            text = _native.string_out(self._lib.scorecard_explain, h, buf, cnames, n)
        return json.loads(text)

    def path_to_green(self, row: Any, columns: Optional[Sequence[str]] = None, *,
                      target: Optional[str] = None, not_actionable: Sequence[str] = ()) -> Dict[str, Any]:
        """The smallest changes that lift one account into a better band.

        ``row`` and ``columns`` as for :meth:`explain`. ``target`` is a band label (default: the
        band above the account's); ``not_actionable`` names measures to leave alone (tenure).
        Returns a dict: ``single`` (for each measure that can do it alone, least effort first:
        ``changes`` with the ``column``, ``value_from`` and ``value_to`` to set, the raw value and
        sub-score before and after, then the re-scored ``score`` and ``band_label``), ``pair``
        (two changes, only when no single measure is enough; else None), ``blocked`` (the measures
        not offered, each with its ``reason``), the account's ``score`` and ``band_label``, the
        ``target_label`` and its ``cutoff``, and a ``note`` when there is nothing to reach.
        Keys as in docs/c-api.md ("The path to green JSON").
        """
        values, names = _inputs.row_values(row, columns, self._inputs, self._levels)
        n = len(values)
        buf = (c_double * max(1, n)).from_buffer(values) if n else (c_double * 1)()
        cnames, _ = _inputs.names_array(names)
        band = -1
        if target is not None:
            labels = list(self.band_labels)
            if target not in labels:
                raise ValueError(f"target: the scorecard has no band {target!r} (its bands: {', '.join(labels)})")
            band = labels.index(target)
        fixed = [str(m) for m in not_actionable]
        cfixed, _ = _inputs.names_array(fixed)
        with self._calling() as h:
            text = _native.string_out(self._lib.scorecard_path_to_green, h, buf, cnames, n, band, cfixed, len(fixed))
        return json.loads(text)
