"""Scoring a Dask DataFrame, partition by partition, on a Dask cluster (docs/python.md, "Dask").

``import vitals.dask`` needs dask (with dask.dataframe) and, for a cluster, distributed: Debian's
python3-dask and python3-distributed, or ``pip install 'vitals[dask]'``.

* :func:`score` scores every partition with a :class:`vitals.Scorecard` (what ``card.score(df)``
  returns, partition by partition). The scorecard travels to the workers pickled as its JSON; each
  worker loads libvitals from its own installed package.
* :func:`score_session` runs the whole account pipeline (what :class:`vitals.Session` does) on every
  partition. What needs the whole book is computed over the whole book, not per partition: the
  quadrants' high-value cut-off (the smallest set of accounts holding ``revenue_percent`` % of the
  revenue) in a first pass over the value column, given to every partition's session; and
  ``priority``, the place in the book's assessment list, ranked over every partition's value and
  score once they are scored. The result equals ``Session(...).score(whole_book)`` bit for bit.
* :func:`roll_up` rolls scores up the account hierarchy over the whole book (a parent's children
  may be in any partition).

Everything returned is lazy (a Dask DataFrame with the right ``meta``) until computed.
"""

from __future__ import annotations

import os
import threading
import uuid
from typing import Any, Dict, List, Optional, Tuple, Union

try:
    import dask
    import dask.dataframe as dd
    import numpy as np
    import pandas as pd
except ImportError as e:  # pragma: no cover - exercised by test_dask's subprocess without dask
    raise ImportError(f"vitals.dask needs dask with dask.dataframe (and numpy and pandas): {e}. Install Debian's "
                      "python3-dask and python3-distributed, or pip install 'vitals[dask]'.") from e

from . import _inputs
from ._accounts import ScorecardSet
from ._portfolio import classify, prioritise
from ._portfolio import roll_up as _roll_up
from ._scorecard import Scorecard
from ._session import Session
from ._types import PathLike

__all__ = ["score", "score_session", "roll_up", "SessionSpec"]


def _dask_frame(ddf: Any, what: str = "ddf") -> None:
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"{what}: a dask.dataframe.DataFrame, not {type(ddf).__name__}")


# ---- a scorecard, partition by partition -----------------------------------------------------------

def _score_partition(part: pd.DataFrame, card: Scorecard, options: Dict[str, Any]) -> pd.DataFrame:
    return card.score(part, **options)


def score(ddf: Any, card: Scorecard, *, contributions: bool = False, drivers: int = 0, threads: int = 1,
          allow_absent: bool = False) -> Any:
    """Scores every partition of ``ddf`` with ``card``: a Dask DataFrame of what
    :meth:`vitals.Scorecard.score` returns for a DataFrame (``score``, ``band``, ``band_label``,
    ``coverage``, ``status``, then the contribution / points-lost / driver columns asked for),
    indexed by the ``account_id`` column when there is one, else by ``ddf``'s index. ``threads``
    per partition (default 1: Dask runs partitions in parallel already). Scorecards with Python
    normalisers travel only if the normalisers pickle."""
    _dask_frame(ddf)
    if not isinstance(card, Scorecard):
        raise TypeError(f"card: a vitals.Scorecard, not {type(card).__name__} (a session: score_session)")
    options = {"contributions": contributions, "drivers": drivers, "threads": threads, "allow_absent": allow_absent}
    meta = card.score(ddf._meta, **options)
    card_key = dask.delayed(card, pure=True)  # one copy of the scorecard in the graph, not one per partition
    out = ddf.map_partitions(_score_partition, card_key, options, meta=meta)
    # indexed by account id when there is that column: ddf's divisions no longer hold
    return out.clear_divisions() if "account_id" in ddf.columns else out


# ---- a session, partition by partition ------------------------------------------------------------

class SessionSpec:
    """What a worker needs to make the session: the arguments of :class:`vitals.Session`, pickled
    (a Scorecard as its JSON; a scorecard (set) file, side inputs and overrides as DataFrames or
    paths every worker can read). Each worker process makes the session once and reuses it."""

    def __init__(self, card: Union[Scorecard, PathLike], kwargs: Dict[str, Any]):
        if isinstance(card, ScorecardSet):
            raise TypeError("card: a ScorecardSet does not travel to workers; give the path of its file")
        if not isinstance(card, (Scorecard, str, os.PathLike)):
            raise TypeError(f"card: a Scorecard or the path of a scorecard (set) file, not {type(card).__name__}")
        overrides = kwargs.get("overrides")
        if overrides is not None and not isinstance(overrides, (str, os.PathLike)):
            raise TypeError(f"overrides: the path of an overrides file (an OverrideBook does not travel to "
                            f"workers), not {type(overrides).__name__}")
        self.card = card if isinstance(card, Scorecard) else os.fspath(card)
        self.kwargs = dict(kwargs)
        self.token = uuid.uuid4().hex

    def make(self) -> Session:
        return Session(self.card, **self.kwargs)


#: How many sessions (of the latest score_session calls) a process keeps.
_KEEP = 4
_sessions: Dict[str, Tuple[Session, threading.Lock]] = {}
_sessions_lock = threading.Lock()


def _session_for(spec: SessionSpec) -> Tuple[Session, threading.Lock]:
    """This process's session for ``spec`` (made on first use; a worker's threads share it, in turn)."""
    with _sessions_lock:
        found = _sessions.get(spec.token)
        if found is None:
            while len(_sessions) >= _KEEP:  # the oldest spec's session goes (dicts keep insertion order)
                _sessions.pop(next(iter(_sessions)))[0].close()
            found = _sessions[spec.token] = (spec.make(), threading.Lock())
        return found


def _value_cutoff(values: List[pd.Series], revenue_percent: Optional[float]) -> float:
    """The high-value cut-off of the whole book (every partition's value column, in order)."""
    v = np.concatenate([s.to_numpy(dtype=np.float64, na_value=np.nan) for s in values]) if values else np.empty(0)
    return classify(v, np.full(len(v), np.nan), revenue_percent=revenue_percent).summary.value_cutoff


def _score_session_partition(part: pd.DataFrame, spec: SessionSpec, cutoff: Optional[float],
                             offset: int, options: Dict[str, Any]) -> pd.DataFrame:
    session, lock = _session_for(spec)
    with lock:  # set_value_cutoff and score as one step per partition
        if cutoff is not None:
            session.set_value_cutoff(cutoff)
        return session.score(part, unmatched="ignore", row_offset=offset, **options)


def _places(pairs: List[Tuple[np.ndarray, np.ndarray]]) -> List[np.ndarray]:
    """Each partition's ``priority``: the place of its accounts in the whole book's assessment list."""
    value = np.concatenate([p[0] for p in pairs]) if pairs else np.empty(0)
    score_ = np.concatenate([p[1] for p in pairs]) if pairs else np.empty(0)
    ranked = prioritise(value, score_)
    place = np.zeros(len(value), dtype=np.int32)
    place[np.asarray(ranked.order, dtype=np.int64)] = np.arange(1, ranked.listed + 1, dtype=np.int32)
    out, start = [], 0
    for p in pairs:
        out.append(place[start:start + len(p[0])])
        start += len(p[0])
    return out


def _value_and_score(part: pd.DataFrame) -> Tuple[np.ndarray, np.ndarray]:
    return part["value"].to_numpy(dtype=np.float64), part["score"].to_numpy(dtype=np.float64)


def _with_priority(part: pd.DataFrame, places: List[np.ndarray], k: int) -> pd.DataFrame:
    part = part.copy(deep=False)
    part["priority"] = places[k]
    return part


def _lengths(ddf: Any) -> List[int]:
    return list(ddf.map_partitions(len, meta=(None, "int64")).compute())


def score_session(ddf: Any, card: Union[Scorecard, PathLike], *, points_lost: bool = False,
                  **session_args: Any) -> Any:
    """Scores every partition of ``ddf`` (a book of accounts) with the session
    ``vitals.Session(card, **session_args)``: a Dask DataFrame indexed by account id with the
    columns :meth:`vitals.Session.score` gives, equal to scoring the whole book in one session.

    ``card``: a Scorecard or the path of a scorecard (set) file; ``session_args`` as for
    :class:`vitals.Session` (side inputs as DataFrames or paths; ``overrides`` as a path). The
    quadrants' high-value cut-off is the whole book's (a first pass reads the value column, unless
    ``arr_cutoff`` is given) and ``priority`` is the place in the whole book's assessment list.
    Side-input rows for accounts not in the book are not reported here (each partition holds a part
    of the book): check them with a :class:`vitals.Session` over the book's ids if needed.

    The partition lengths are computed first (rows are numbered in messages as in the whole book).
    """
    _dask_frame(ddf)
    spec = SessionSpec(card, session_args)
    local = spec.make()  # checks the arguments here, and gives the columns (meta)
    try:
        meta = local.score(ddf._meta_nonempty, unmatched="ignore", points_lost=points_lost).iloc[:0]
    finally:
        local.close()
    spec_key = dask.delayed(spec, pure=True)
    value_column = session_args.get("value_column", "arr")
    quadrants = value_column is not None and "quadrant" in meta.columns
    cutoff: Any = None
    if quadrants and session_args.get("arr_cutoff") is None:
        cutoff = dask.delayed(_value_cutoff)(ddf[value_column].to_delayed(), session_args.get("revenue_percent"))
    lengths = _lengths(ddf)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int).tolist() if lengths else []
    options = {"points_lost": points_lost}
    parts = [dask.delayed(_score_session_partition)(p, spec_key, cutoff, offsets[k], options)
             for k, p in enumerate(ddf.to_delayed())]
    if "priority" in meta.columns:
        places = dask.delayed(_places)([dask.delayed(_value_and_score)(p) for p in parts])
        parts = [dask.delayed(_with_priority)(p, places, k) for k, p in enumerate(parts)]
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


# ---- roll-ups over the whole book ----------------------------------------------------------------

def _roll_up_all(ids: List[pd.Series], parents: List[pd.Series], values: List[pd.Series],
                 scores: List[pd.Series]) -> pd.DataFrame:
    def cat(xs):
        return pd.concat(xs) if xs else pd.Series([], dtype=object)
    id_list = [str(i) for i in cat(ids)]
    parent = [None if _inputs._missing(p) or p == "" else str(p) for p in cat(parents)]
    r = _roll_up(cat(values).to_numpy(dtype=np.float64), cat(scores).to_numpy(dtype=np.float64), parent,
                 ids=id_list)
    frame = r.to_frame()
    frame.index = pd.Index(id_list, name="account_id")
    return frame


def roll_up(scored: Any, book: Any, *, parent_column: str = "parent_id", value: str = "value",
            score_column: str = "score") -> Any:
    """Parent scores as the value-weighted mean of their children's, recursively, over the whole
    book (as :func:`vitals.roll_up`): ``scored`` is what :func:`score_session` returned (its
    ``value`` and ``score`` columns, indexed by account id), ``book`` the book it scored (its
    ``parent_column``, the parent's account id, empty for none; partitioned as ``scored``).
    Returns a one-partition Dask DataFrame indexed by account id: rollup_score, rollup_coverage,
    rollup_leaves, rollup_scored_leaves."""
    _dask_frame(scored, "scored")
    _dask_frame(book, "book")
    if parent_column not in book.columns:
        raise ValueError(f"book: no column {parent_column!r} (columns: {', '.join(map(str, book.columns))})")
    for c in (value, score_column):
        if c not in scored.columns:
            raise ValueError(f"scored: no column {c!r} (columns: {', '.join(map(str, scored.columns))})")
    ids = scored.index.to_series().to_delayed()
    parents = book[parent_column].to_delayed()
    if len(ids) != len(parents):
        raise ValueError(f"scored has {len(ids)} partitions, book {len(parents)}: give the book scored")
    meta = pd.DataFrame({"rollup_score": pd.Series(dtype=np.float64), "rollup_coverage": pd.Series(dtype=np.float64),
                         "rollup_leaves": pd.Series(dtype=np.int64),
                         "rollup_scored_leaves": pd.Series(dtype=np.int64)},
                        index=pd.Index([], dtype=object, name="account_id"))
    part = dask.delayed(_roll_up_all)(ids, parents, scored[value].to_delayed(), scored[score_column].to_delayed())
    return dd.from_delayed([part], meta=meta, verify_meta=False)
