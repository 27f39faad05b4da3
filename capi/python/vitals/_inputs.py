"""The one place the package turns what a caller hands over into what the C ABI reads, and allocates
what it writes.

In: a 2-D numpy array, a pandas DataFrame or a sequence of rows becomes a :class:`Matrix` (a strided
float64 / float32 view, read in place when its layout allows); a 1-D array, a pandas Series or a
sequence becomes a :class:`Column`; text becomes C string arrays. Values that are not numbers are
refused with the column's name: text that does not parse, complex numbers (the imaginary part would
be dropped), datetime64 / timedelta64 (they would be read as nanosecond counts). Out: score buffers
and the vitals_score_output pointing at them, plain output columns.

Internal. numpy and pandas are optional: plain sequences work without them.
"""

from __future__ import annotations

import array
import ctypes
import math
from ctypes import c_char_p
from typing import Any, List, Mapping, Optional, Sequence

from . import _native

try:  # optional
    import numpy as _np
except ImportError:  # pragma: no cover - exercised by the no-numpy test in a subprocess
    _np = None


def numpy():
    """numpy, or None when it is not installed."""
    return _np


def need_numpy(what: str):
    """numpy, or ImportError naming the feature that needs it."""
    if _np is None:  # pragma: no cover - Debian's python3-numpy is a test dependency
        raise ImportError(f"vitals' {what} need numpy")
    return _np


def is_pandas(x: Any) -> bool:
    return (type(x).__module__ or "").startswith("pandas")


def is_frame(x: Any) -> bool:
    return is_pandas(x) and hasattr(x, "columns") and hasattr(x, "to_numpy")


def is_series(x: Any) -> bool:
    return is_pandas(x) and hasattr(x, "index") and hasattr(x, "to_numpy") and not hasattr(x, "columns")


def _is_ndarray(x: Any) -> bool:
    return _np is not None and isinstance(x, _np.ndarray)


def _array_like(x: Any) -> bool:
    return _np is not None and (isinstance(x, _np.ndarray) or hasattr(x, "__array_interface__"))


# ---- values as numbers ---------------------------------------------------------------------------

_REFUSED = {"c": "complex numbers would lose their imaginary part",
            "M": "dates would be read as nanosecond counts; convert them to numbers first (e.g. days)",
            "m": "durations would be read as nanosecond counts; convert them to numbers first (e.g. days)"}


def _refuse(dtype, where: str) -> None:
    """Raises TypeError for dtypes that convert to floats but change meaning on the way."""
    why = _REFUSED.get(getattr(dtype, "kind", "O"))
    if why is not None:
        raise TypeError(f"{where}: {dtype} values cannot be scored ({why})")


def number(v: Any, where: str) -> float:
    """One Python value as a float (None = missing); TypeError naming ``where`` otherwise."""
    if v is None:
        return math.nan
    if isinstance(v, complex) or (_np is not None and isinstance(v, (_np.complexfloating, _np.datetime64,
                                                                      _np.timedelta64))):
        raise TypeError(f"{where}: {v!r} is not a number")
    try:
        return float(v)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: {v!r} cannot be read as a number") from None


_number = number


def _as_floats(a, where: str, labels: Optional[Sequence[str]] = None, rows=None):
    """``a`` (an ndarray of any dtype) as float64, or TypeError naming the column and row of the
    first value that is not a number (``labels`` name a 2-D array's columns, ``rows`` its rows)."""
    np = _np
    if labels is not None and a.ndim == 2:  # one dtype for every column: name them all
        shown = ", ".join(repr(str(n)) for n in labels[:a.shape[1]][:6]) + (", ..." if a.shape[1] > 6 else "")
        _refuse(a.dtype, f"{where}, column{'s' if a.shape[1] > 1 else ''} {shown}")
    _refuse(a.dtype, where)
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.ComplexWarning)  # complex Python objects in an object array
            return a.astype(np.float64)
    except (TypeError, ValueError, np.ComplexWarning):
        pass
    flat = a.reshape(a.shape[0], -1) if a.ndim else a.reshape(1, 1)
    for (i, j), v in np.ndenumerate(flat):
        try:
            number(v, "")
        except TypeError:
            col = f", column {labels[j]!r}" if labels is not None and j < len(labels) else \
                (f", column {j}" if a.ndim == 2 else "")
            row = rows[i] if rows is not None else i
            raise TypeError(f"{where}{col}: cannot read the values as numbers: {v!r} in row {row!r} is not a "
                            f"number") from None
    raise TypeError(f"{where}: cannot read {a.dtype} values as numbers")  # pragma: no cover


# ---- matrices --------------------------------------------------------------------------------------

class Matrix:
    """A strided matrix as the C ABI takes it, plus what must stay alive while it is used."""

    __slots__ = ("pointer", "dtype", "rows", "cols", "row_stride", "col_stride", "columns", "keepalive",
                 "index", "kind", "copied")

    def __init__(self, pointer, dtype, rows, cols, row_stride, col_stride, columns, keepalive, kind,
                 index=None, copied=False):
        self.pointer = pointer or None  # int address (None when empty)
        self.dtype = dtype              # _native.DTYPE_*
        self.rows = rows
        self.cols = cols
        self.row_stride = row_stride    # elements
        self.col_stride = col_stride    # elements
        self.columns = columns          # list of str, or None = the scorecard's inputs in order
        self.keepalive = keepalive      # the object owning the memory (an ndarray for numpy / pandas)
        self.kind = kind                # "numpy", "pandas" or "python": decides the result type
        self.index = index              # a pandas index, for "pandas"
        self.copied = copied            # whether the data had to be converted or copied

    def names(self, inputs: Sequence[str]) -> List[str]:
        """The column names, by default ``inputs`` in order."""
        return list(inputs) if self.columns is None else self.columns


def _from_ndarray(a, columns: Optional[Sequence[str]], kind: str, index=None, what: str = "data",
                  float32: bool = True, labels: Optional[Sequence[str]] = None) -> Matrix:
    np = _np
    if a.ndim != 2:
        raise ValueError(f"{what}: a 2-D array (accounts x columns) is needed, got {a.ndim}-D with shape "
                         f"{a.shape}; for one account use explain(), or reshape(1, -1)")
    names = None if columns is None else [str(c) for c in columns]
    copied = False
    if a.dtype == np.float64 or (float32 and a.dtype == np.float32):
        if not a.dtype.isnative:
            a = a.astype(a.dtype.newbyteorder("="))
            copied = True
    else:
        a = _as_floats(a, what, names if names is not None else labels,
                       None if index is None else list(index))
        copied = True
    item = a.dtype.itemsize
    rs, cs = a.strides
    if rs < 0 or cs < 0 or rs % item or cs % item:
        # negative (reversed) or misaligned strides: the C ABI takes element strides >= 0
        a = np.ascontiguousarray(a)
        rs, cs = a.strides
        copied = True
    dtype = _native.DTYPE_FLOAT64 if a.dtype == np.float64 else _native.DTYPE_FLOAT32
    rows, cols = a.shape
    return Matrix(a.ctypes.data if a.size else 0, dtype, rows, cols, rs // item, cs // item, names, a, kind,
                  index, copied)


def account_index(df):
    """The index a result for the DataFrame ``df`` gets: its ``account_id`` column when there is one
    (named "account_id", as Session.score's), else its own index."""
    if "account_id" in df.columns:
        import pandas as pd
        return pd.Index(df["account_id"].to_numpy(), name="account_id")
    return df.index


def _frame_column(df, c, where: str):
    """One DataFrame column as float64 numbers, or TypeError naming it (and the row)."""
    np = _np
    s = df[c]
    _refuse(s.dtype, f"{where}, column {str(c)!r}")
    try:
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        return _as_floats(s.to_numpy(dtype=object), f"{where}, column {str(c)!r}", rows=list(df.index))


def _from_dataframe(df, columns: Optional[Sequence[str]], inputs: Optional[Sequence[str]], what: str = "data",
                    float32: bool = True, levels: Optional[Mapping[str, Levels]] = None) -> Matrix:
    """The DataFrame's columns named in ``inputs`` (all of them for None), by name; a column of
    levels (``levels``) that holds text (object, string or category) is encoded to level codes."""
    np = _np
    if columns is not None:
        raise TypeError("columns: a DataFrame names its own columns; select or rename them instead")
    names = [str(c) for c in df.columns]
    levels = levels or {}
    text = {n for c, n in zip(df.columns, names) if n in levels and df[c].dtype.kind not in "fiub"}
    dtypes = set(df.dtypes) if not text else {np.dtype(object)}  # text to encode: the converting path
    floats = (np.dtype(np.float64), np.dtype(np.float32)) if float32 else (np.dtype(np.float64),)
    if len(dtypes) == 1 and next(iter(dtypes)) in floats:
        # one float dtype: one strided view when pandas holds the columns in one block
        return _from_ndarray(df.to_numpy(copy=False), names, "pandas", df.index, what, float32)
    # mixed or non-float columns (ids, ints, nullable types): convert the ones that are read
    wanted = set(names if inputs is None else inputs)
    keep = [(c, n) for c, n in zip(df.columns, names) if n in wanted]
    a = np.empty((len(keep), len(df)), dtype=np.float64).T  # column-major: one column per copy
    for j, (c, n) in enumerate(keep):
        if n in text:
            a[:, j] = levels[n].codes(df[c].astype(object).to_numpy(), f"{what}, column {n!r}", rows=list(df.index))
        else:
            a[:, j] = _frame_column(df, c, what)
    m = _from_ndarray(a, [n for _, n in keep], "pandas", df.index, what, float32)
    m.copied = True
    return m


def _from_sequences(rows: Sequence[Any], columns: Optional[Sequence[str]], inputs: Sequence[str],
                    what: str = "data", levels: Optional[Mapping[str, Levels]] = None) -> Matrix:
    rows = list(rows)
    levels = levels or {}

    def number(v, where, n=None):  # a column of levels reads its text as level codes
        return levels[n].code(v, where) if n in levels else _number(v, where)
    flat = array.array("d")
    if rows and isinstance(rows[0], Mapping):
        # records: read the scorecard's inputs by name; absent keys are missing
        if columns is not None:
            raise TypeError("columns: records (mappings) name their own columns")
        names = list(inputs)
        for i, r in enumerate(rows):
            if not isinstance(r, Mapping):
                raise TypeError(f"{what}[{i}]: expected a mapping like the first row, got {type(r).__name__}")
            flat.extend(number(r.get(n), f"{what}[{i}], column {n!r}", n) for n in names)
    else:
        names = list(inputs) if columns is None else [str(c) for c in columns]
        for i, r in enumerate(rows):
            if isinstance(r, (str, bytes)) or not hasattr(r, "__len__"):
                raise TypeError(f"{what}[{i}]: expected a sequence of values, got {type(r).__name__}")
            if len(r) != len(names):
                raise ValueError(f"{what}[{i}]: {len(r)} values for {len(names)} columns")
            flat.extend(number(v, f"{what}[{i}], column {n!r}", n) for n, v in zip(names, r))
    n, k = len(rows), len(names)
    return Matrix(flat.buffer_info()[0] if len(flat) else 0, _native.DTYPE_FLOAT64, n, k, k, 1, names, flat,
                  "python", copied=True)


def as_matrix(data: Any, columns: Optional[Sequence[str]], inputs: Sequence[str], *,
              numpy_only: bool = False, float32: bool = True, what: str = "data",
              levels: Optional[Mapping[str, Levels]] = None) -> Matrix:
    """A Matrix over ``data``, without copying when its layout allows (see Scorecard.score): a
    DataFrame's columns named in ``inputs``, an array's columns named ``columns`` (default:
    ``inputs`` in order). ``numpy_only``: plain rows are read into a numpy array (kind "numpy");
    ``float32``: float32 is read as it is (else converted to float64)."""
    if is_frame(data):
        return _from_dataframe(data, columns, inputs, what, float32, levels)
    if _array_like(data):
        return _from_ndarray(_np.asarray(data), columns, "numpy", None, what, float32, inputs)
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        raise TypeError(f"data: expected a 2-D numpy array, a pandas DataFrame or a sequence of rows, "
                        f"got {type(data).__name__}")
    m = _from_sequences(data, columns, inputs, levels=levels)
    if numpy_only:
        np = need_numpy("accounts features")
        a = np.frombuffer(m.keepalive, dtype=np.float64).reshape(m.rows, m.cols) if m.rows else \
            np.empty((0, m.cols))
        m = _from_ndarray(a, m.columns, "numpy")
    return m


def grid(data: Any, what: str, *, one_d: str = "column", float32: bool = False) -> Matrix:
    """A numeric 2-D array over ``data`` (a DataFrame: every column; an array; nested sequences),
    float64 (and float32 with ``float32``) read in place. 1-D data is one column (``one_d`` =
    "column") or one row ("row")."""
    np = need_numpy(what)
    if is_frame(data):
        return _from_dataframe(data, None, None, what, float32)
    a = np.asarray(data)
    if a.ndim == 1:
        a = a.reshape(-1, 1) if one_d == "column" else a.reshape(1, -1)
    if a.ndim != 2:
        raise ValueError(f"{what}: a 2-D array is needed, got shape {a.shape}")
    return _from_ndarray(a, None, "numpy", None, what, float32)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_MISSING_MARKERS = ("", "na", "n/a", "null", "nan")


def _level_key(text: str) -> str:
    """A text as levels match it: surrounding spaces and tabs removed, ASCII letters lowered."""
    return text.strip(" \t").translate(_ASCII_LOWER)


class Levels:
    """The levels of a column a categories measure reads (Scorecard.levels): text -> code."""

    def __init__(self, names: Sequence[str], unseen_error: bool):
        self.names = tuple(names)
        self.unseen_error = unseen_error
        self._code = {_level_key(n): float(i) for i, n in enumerate(self.names)}

    def code(self, v: Any, where: str) -> float:
        """One value as its level code: a text by its level (ignoring case and surrounding spaces);
        None, NaN and the missing markers are missing; a number is taken as a code already."""
        if _missing(v):
            return math.nan
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        if isinstance(v, str):
            key = _level_key(v)
            if key in self._code:
                return self._code[key]
            if key in _MISSING_MARKERS or not self.unseen_error:
                return math.nan
            raise ValueError(f"{where}: {v!r} is not one of the levels ({', '.join(self.names)})")
        return number(v, where)

    def codes(self, values, where: str, rows=None):
        """A 1-D sequence of values (any objects) as float64 codes; the error names the row."""
        np = _np
        out = np.empty(len(values), dtype=np.float64)
        seen: dict = {}
        for i, v in enumerate(values):
            k = (type(v), v) if isinstance(v, (str, bytes)) else None
            if k is not None and k in seen:
                out[i] = seen[k]
                continue
            try:
                c = self.code(None if _missing(v) else v, where)
            except ValueError as e:
                row = rows[i] if rows is not None else i
                raise ValueError(f"{e} (row {row!r})") from None
            if k is not None:
                seen[k] = c
            out[i] = c
        return out


def levels_of(cards) -> dict:
    """The columns of levels the cards read (Scorecard._levels), merged: text is encoded by them."""
    out: dict = {}
    for c in cards:
        out.update(c._levels)
    return out


def row_values(row: Any, columns: Optional[Sequence[str]], inputs: Sequence[str],
               levels: Optional[Mapping[str, Levels]] = None):
    """One account for explain(): (values as array('d'), column names or None)."""
    if hasattr(row, "keys") and hasattr(row, "__getitem__") and not _is_ndarray(row):
        if columns is not None:
            raise TypeError("columns: a mapping (or pandas Series) names its own columns")
        wanted = set(inputs)
        names = [str(k) for k in row.keys() if str(k) in wanted]  # other columns are not read at all
        levels = levels or {}
        values = array.array("d", ((levels[str(k)].code if str(k) in levels else number)(row[k], f"row, column {str(k)!r}")
                                   for k in row.keys() if str(k) in wanted))
        return values, names
    if isinstance(row, (str, bytes)) or not hasattr(row, "__len__"):
        raise TypeError(f"row: expected a mapping, a sequence or a 1-D array, got {type(row).__name__}")
    if _is_ndarray(row) and row.ndim != 1:
        raise ValueError(f"row: a 1-D array is needed, got shape {row.shape}")
    names = list(inputs) if columns is None else [str(c) for c in columns]
    levels = levels or {}
    values = array.array("d", ((levels[names[i]].code if i < len(names) and names[i] in levels else number)(
                                   v, f"row, column {names[i] if i < len(names) else i!r}")
                               for i, v in enumerate(row)))
    if columns is None:
        return values, None
    if len(names) != len(values):
        raise ValueError(f"row: {len(values)} values for {len(names)} columns")
    return values, names


# ---- columns ---------------------------------------------------------------------------------------

class Column:
    """A 1-D column as the C ABI reads it: address, length, and what keeps the memory alive."""

    __slots__ = ("address", "n", "keep", "kind", "index")

    def __init__(self, address, n, keep, kind, index=None):
        self.address = address or None  # None for an empty column
        self.n = n
        self.keep = keep
        self.kind = kind      # "pandas", "numpy" or "python": decides the result type
        self.index = index    # a pandas index for "pandas"


_TYPECODES = {"d": "float64", "q": "int64", "i": "int32"}


def int32_typecode() -> str:
    """The array module's typecode for int32_t."""
    for code in ("i", "l"):
        if array.array(code).itemsize == 4:
            return code
    raise RuntimeError("no 32-bit integer array type")  # pragma: no cover


def column(x: Any, what: str, typecode: str = "d") -> Column:
    """float64 ("d"; None = NaN), int64 ("q") or int32 ("i"; None = -1) values, contiguous."""
    np = _np
    if np is not None and (is_series(x) or _array_like(x)):
        index = x.index if is_series(x) else None
        if typecode == "d":
            if is_series(x):
                _refuse(x.dtype, what)
                try:
                    a = x.to_numpy(dtype=np.float64, na_value=np.nan)
                except (TypeError, ValueError):
                    a = _as_floats(x.to_numpy(dtype=object), what, rows=list(x.index))
            else:
                a = np.asarray(x)
                if a.dtype != np.float64:
                    a = _as_floats(a, what)
        else:
            a = x.to_numpy() if is_series(x) else np.asarray(x)
            if a.dtype.kind not in "iu":
                raise TypeError(f"{what}: integers are needed, got {a.dtype}")
        if a.ndim != 1:
            raise ValueError(f"{what}: a 1-D array is needed, got shape {a.shape}")
        a = np.ascontiguousarray(a, dtype=_TYPECODES[typecode])  # no copy when it already is
        return Column(a.ctypes.data, len(a), a, "pandas" if index is not None else "numpy", index)
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        raise TypeError(f"{what}: expected a 1-D array, a pandas Series or a sequence, got {type(x).__name__}")
    if typecode == "d":
        out = array.array("d", (number(v, f"{what}[{i}]") for i, v in enumerate(x)))
    else:
        out = array.array("q" if typecode == "q" else int32_typecode())
        for i, v in enumerate(x):
            if v is not None and (isinstance(v, bool) or not hasattr(v, "__index__")):
                raise TypeError(f"{what}[{i}]: {v!r} is not an integer")
            out.append(-1 if v is None else int(v))
    return Column(out.buffer_info()[0] if len(out) else 0, len(out), out, "python")


def like(*cols: Column) -> Column:
    """The column that decides the result type: the first pandas one, else the first numpy one.
    pandas columns must share one index (they are read by position, not aligned)."""
    indexed = [c for c in cols if c.kind == "pandas"]
    for c in indexed[1:]:
        if not c.index.equals(indexed[0].index):
            raise ValueError("the pandas Series have different indexes; align them first (values are read by "
                             "position)")
    for k in ("pandas", "numpy"):
        for c in cols:
            if c.kind == k:
                return c
    return cols[0]


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or type(v).__name__ == "NAType"


def strings(values: Optional[Sequence[Any]], rows: int, what: str):
    """A C array of ``rows`` UTF-8 strings (None / NaN / pd.NA -> NULL, which the library reads as
    "") and ``rows``; (None, 0) for None. With numpy, the texts go into one buffer at once."""
    if values is None:
        return None, 0
    missing = values.isna().tolist() if is_series(values) else None
    values = values.tolist() if hasattr(values, "tolist") else list(values)
    if len(values) != rows:
        raise ValueError(f"{what}: {len(values)} values for {rows} rows")
    missing = missing or [_missing(v) for v in values]
    if _np is None or rows == 0:
        encoded = [None if m else str(v).encode("utf-8") for v, m in zip(values, missing)]
        return (c_char_p * max(1, rows))(*encoded), rows
    blob = ctypes.create_string_buffer("\0".join("" if m else str(v) for v, m in zip(values, missing))
                                       .encode("utf-8"))
    ends = _np.flatnonzero(_np.frombuffer(blob, dtype=_np.uint8) == 0)
    if len(ends) != rows:
        k = next(i for i, (v, m) in enumerate(zip(values, missing)) if not m and "\0" in str(v))
        raise ValueError(f"{what}[{k}]: {values[k]!r} holds a NUL character")
    pointers = _np.empty(rows, dtype=_np.uintp)
    pointers[0], pointers[1:] = 0, ends[:-1] + 1
    pointers += ctypes.addressof(blob)
    pointers[_np.array(missing, dtype=bool)] = 0
    array_ = pointers.ctypes.data_as(ctypes.POINTER(c_char_p))
    array_.keep = (pointers, blob)
    return array_, rows


def names_array(names: Optional[Sequence[str]]):
    """A C array of names and its length (None, 0 for None)."""
    if names is None:
        return None, 0
    encoded = [str(n).encode("utf-8") for n in names]
    return (c_char_p * max(1, len(encoded)))(*encoded), len(encoded)


def table(m: Matrix, ids: Sequence[Any], segments: Optional[Sequence[Any]] = None, source: Optional[str] = None,
          row_offset: int = 0):
    """A vitals_table over ``m`` (its columns named), one id per row and optionally one segment per
    row; the struct keeps everything it points at alive."""
    names, n_names = names_array(m.columns)
    cids, _ = strings(ids, m.rows, "ids")
    segs, _ = strings(segments, m.rows, "segments")
    src = None if source is None else str(source).encode("utf-8")
    t = _native.Table(struct_size=ctypes.sizeof(_native.Table), data=m.pointer, dtype=m.dtype, rows=m.rows,
                      cols=m.cols, row_stride=m.row_stride, col_stride=m.col_stride,
                      columns=ctypes.cast(names, ctypes.c_void_p), n_columns=n_names,
                      ids=ctypes.cast(cids, ctypes.c_void_p), segments=ctypes.cast(segs, ctypes.c_void_p),
                      source=src, row_offset=int(row_offset))
    t.keep = (m, names, cids, segs)
    return t


# ---- outputs ---------------------------------------------------------------------------------------

class Out:
    """A caller-owned output buffer: numpy (``use_numpy`` and numpy installed), else array.array."""

    def __init__(self, n: int, typecode: str, fill=None, use_numpy: bool = True, shape=None):
        """``n`` values of ``typecode`` ("d", "q", "i") filled with ``fill`` (None: left as they
        are with numpy, which the library overwrites, zeros otherwise), numpy of ``shape``."""
        if use_numpy and _np is not None:
            shape = n if shape is None else shape
            dtype = _TYPECODES[typecode]
            self.data = _np.empty(shape, dtype=dtype) if fill is None else _np.full(shape, fill, dtype=dtype)
            self.address = self.data.ctypes.data if n else None
        else:
            code = int32_typecode() if typecode == "i" else typecode
            self.data = array.array(code, [0 if fill is None else fill]) * n
            self.address = self.data.buffer_info()[0] if n else None

    def result(self, like_: Column, n: Optional[int] = None, index=None):
        data = self.data if n is None else self.data[:n]
        if like_.kind == "pandas" and index is not None:
            import pandas as pd
            return pd.Series(data, index=index)
        if like_.kind == "python" or _np is None:
            return list(data)
        return data


def score_options(threads: int = 0, drivers: int = 0, block_size: int = 0, allow_absent: bool = False):
    """A vitals_score_options; ValueError for a drivers count out of [0, MAX_TOP_K]."""
    if not isinstance(drivers, int) or isinstance(drivers, bool) or not 0 <= drivers <= _native.MAX_TOP_K:
        raise ValueError(f"drivers: an int in [0, {_native.MAX_TOP_K}], got {drivers!r}")
    return _native.ScoreOptions(struct_size=ctypes.sizeof(_native.ScoreOptions), threads=int(threads),
                                top_k=int(drivers), allow_absent_columns=1 if allow_absent else 0,
                                block_size=int(block_size))


class ScoreBuffers:
    """The output buffers of one scoring call (numpy, or array.array without ``use_numpy``) and the
    vitals_score_output pointing at them; contributions / points_lost are rows x ``width``."""

    FIELDS = ("score", "band", "coverage", "status", "contributions", "points_lost", "drivers")

    def __init__(self, rows: int, width: int, contributions: bool, drivers: int, use_numpy: bool = True):
        self.numpy = use_numpy and _np is not None
        self.rows, self.width, self.k = rows, width, drivers
        shapes = {"score": ("d", (rows,)), "band": ("i", (rows,)), "coverage": ("d", (rows,)),
                  "status": ("i", (rows,)), "contributions": ("d", (rows, width) if contributions else None),
                  "points_lost": ("d", (rows, width) if contributions else None),
                  "drivers": ("i", (rows, drivers) if drivers else None)}
        members = {}
        for field, (code, shape) in shapes.items():
            buf = None
            if shape is not None:
                n = math.prod(shape)
                if self.numpy:
                    buf = _np.empty(shape, dtype=_TYPECODES[code])
                    address = buf.ctypes.data if n else None
                else:
                    buf = array.array(int32_typecode() if code == "i" else code, [0]) * n
                    address = buf.buffer_info()[0] if n else None
                members[field], members[field + "_length"] = address, n
            setattr(self, field, buf)
        self.out = _native.ScoreOutput(struct_size=ctypes.sizeof(_native.ScoreOutput), **members)

    def plain(self, field: str):
        """A field as Python lists (rows of lists for the 2-D ones)."""
        buf = getattr(self, field)
        if buf is None:
            return None
        flat = buf.tolist()
        if field in ("score", "band", "coverage", "status"):
            return flat
        width = self.k if field == "drivers" else self.width
        return [flat[i * width:(i + 1) * width] for i in range(self.rows)]
