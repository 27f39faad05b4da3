"""Turning what a caller hands to Scorecard.score into a strided matrix the C ABI reads.

Internal. numpy and pandas are optional: plain sequences work without them.
"""

from __future__ import annotations

import array
import math
from typing import Any, List, Mapping, Optional, Sequence

from . import _native

try:  # optional
    import numpy as _np
except ImportError:  # pragma: no cover - exercised by the no-numpy test in a subprocess
    _np = None


def numpy():
    """numpy, or None when it is not installed."""
    return _np


class Matrix:
    """A strided matrix as the C ABI takes it, plus what must stay alive while it is used."""

    __slots__ = ("pointer", "dtype", "rows", "cols", "row_stride", "col_stride", "columns", "keepalive",
                 "index", "kind", "copied")

    def __init__(self, pointer, dtype, rows, cols, row_stride, col_stride, columns, keepalive, kind,
                 index=None, copied=False):
        self.pointer = pointer          # int address
        self.dtype = dtype              # _native.DTYPE_*
        self.rows = rows
        self.cols = cols
        self.row_stride = row_stride    # elements
        self.col_stride = col_stride    # elements
        self.columns = columns          # list of str, or None = the scorecard's inputs in order
        self.keepalive = keepalive      # the object owning the memory
        self.kind = kind                # "numpy", "pandas" or "python": decides the result type
        self.index = index              # a pandas index, for "pandas"
        self.copied = copied            # whether the data had to be converted or copied


def _is_dataframe(data: Any) -> bool:
    mod = type(data).__module__ or ""
    return mod.startswith("pandas") and hasattr(data, "columns") and hasattr(data, "to_numpy")


def _is_ndarray(data: Any) -> bool:
    return _np is not None and isinstance(data, _np.ndarray)


def _from_ndarray(a, columns: Optional[Sequence[str]], kind: str, index=None) -> Matrix:
    np = _np
    if a.ndim != 2:
        raise ValueError(f"data: a 2-D array (accounts x columns) is needed, got {a.ndim}-D with shape "
                         f"{a.shape}; for one account use explain(), or reshape(1, -1)")
    copied = False
    if a.dtype == np.float64 or a.dtype == np.float32:
        if not a.dtype.isnative:
            a = a.astype(a.dtype.newbyteorder("="))
            copied = True
    else:
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError) as e:
            raise TypeError(f"data: cannot read {a.dtype} values as numbers: {e}") from None
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
    return Matrix(a.ctypes.data, dtype, rows, cols, rs // item, cs // item,
                  None if columns is None else [str(c) for c in columns], a, kind, index, copied)


def _from_dataframe(df, columns: Optional[Sequence[str]], inputs: Sequence[str]) -> Matrix:
    np = _np
    if columns is not None:
        raise TypeError("columns: a DataFrame names its own columns; select or rename them instead")
    names = [str(c) for c in df.columns]
    dtypes = set(df.dtypes)
    if len(dtypes) == 1 and next(iter(dtypes)) in (np.dtype(np.float64), np.dtype(np.float32)):
        # one float dtype: one strided view when pandas holds the columns in one block
        a = df.to_numpy(copy=False)
        return _from_ndarray(a, names, "pandas", df.index)
    # mixed or non-float columns (ids, ints, nullable types): convert the ones the scorecard reads
    wanted = set(inputs)
    keep = [c for c, n in zip(df.columns, names) if n in wanted]
    try:
        a = df[keep].to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as e:
        raise TypeError(f"data: cannot read the scorecard's columns as numbers: {e}") from None
    m = _from_ndarray(a, [str(c) for c in keep], "pandas", df.index)
    m.copied = True
    return m


def _number(v: Any) -> float:
    if v is None:
        return math.nan
    return float(v)


def _from_sequences(rows: Sequence[Any], columns: Optional[Sequence[str]], inputs: Sequence[str]) -> Matrix:
    rows = list(rows)
    if rows and isinstance(rows[0], Mapping):
        # records: read the scorecard's inputs by name; absent keys are missing
        if columns is not None:
            raise TypeError("columns: records (mappings) name their own columns")
        names = list(inputs)
        flat = array.array("d")
        for i, r in enumerate(rows):
            if not isinstance(r, Mapping):
                raise TypeError(f"data[{i}]: expected a mapping like the first row, got {type(r).__name__}")
            for n in names:
                flat.append(_number(r.get(n)))
    else:
        names = list(inputs) if columns is None else [str(c) for c in columns]
        flat = array.array("d")
        for i, r in enumerate(rows):
            if isinstance(r, (str, bytes)) or not hasattr(r, "__len__"):
                raise TypeError(f"data[{i}]: expected a sequence of values, got {type(r).__name__}")
            if len(r) != len(names):
                raise ValueError(f"data[{i}]: {len(r)} values for {len(names)} columns")
            for v in r:
                flat.append(_number(v))
    n = len(rows)
    k = len(names)
    address = flat.buffer_info()[0] if len(flat) else 0
    return Matrix(address, _native.DTYPE_FLOAT64, n, k, k, 1, names, flat, "python", copied=True)


def as_matrix(data: Any, columns: Optional[Sequence[str]], inputs: Sequence[str]) -> Matrix:
    """A Matrix over ``data``, without copying when its layout allows (see Scorecard.score)."""
    if _is_dataframe(data):
        return _from_dataframe(data, columns, inputs)
    if _is_ndarray(data):
        return _from_ndarray(data, columns, "numpy")
    if _np is not None and hasattr(data, "__array_interface__"):
        return _from_ndarray(_np.asarray(data), columns, "numpy")
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        raise TypeError(f"data: expected a 2-D numpy array, a pandas DataFrame or a sequence of rows, "
                        f"got {type(data).__name__}")
    return _from_sequences(data, columns, inputs)


def int32_typecode() -> str:
    """The array module's typecode for int32_t."""
    for code in ("i", "l"):
        if array.array(code).itemsize == 4:
            return code
    raise RuntimeError("no 32-bit integer array type")  # pragma: no cover


def row_values(row: Any, columns: Optional[Sequence[str]], inputs: Sequence[str]):
    """One account for explain(): (values as array('d'), column names or None)."""
    if hasattr(row, "keys") and hasattr(row, "__getitem__") and not _is_ndarray(row):
        if columns is not None:
            raise TypeError("columns: a mapping (or pandas Series) names its own columns")
        wanted = set(inputs)
        names: List[str] = []
        values = array.array("d")
        for k in row.keys():
            name = str(k)
            if name in wanted:  # columns the scorecard does not read are not read at all
                names.append(name)
                values.append(_number(row[k]))
        return values, names
    if isinstance(row, (str, bytes)) or not hasattr(row, "__len__"):
        raise TypeError(f"row: expected a mapping, a sequence or a 1-D array, got {type(row).__name__}")
    if _is_ndarray(row) and row.ndim != 1:
        raise ValueError(f"row: a 1-D array is needed, got shape {row.shape}")
    values = array.array("d", (_number(v) for v in row))
    if columns is None:
        return values, None
    names = [str(c) for c in columns]
    if len(names) != len(values):
        raise ValueError(f"row: {len(values)} values for {len(names)} columns")
    return values, names

