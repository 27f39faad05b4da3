"""matplotlib figures of a scored book: what the one-page report (``vitals report``) draws, for a
notebook.

Each function takes the DataFrame ``vitals.Session.score`` returns (or any frame with its columns:
``score``, ``band``, ``value``) and draws on ``ax`` (a new figure's axes when None), returning the
axes. Bands are coloured as in the report: the Okabe-Ito colour-blind-safe palette, lowest band
first, grey for accounts not scored; every bar and point is labelled as well as coloured. Needs
matplotlib (Debian: python3-matplotlib); importing ``vitals`` does not.

* ``band_counts(result, bands)``: accounts (or revenue) per band, with the count on each bar;
* ``score_distribution(result, card)``: a histogram of the scores coloured by band, with the cut-offs;
* ``quadrants(result)``: value against score with the quadrant lines (the high-value cut-off from
  ``vitals.classify``, the health threshold) and the accounts and revenue per quadrant.
"""

from __future__ import annotations

import math
from typing import Any, List, Optional, Sequence

from ._portfolio import QUADRANT_LABELS, classify

#: The report's palette (src/report/palette.cpp): vermillion, orange, yellow, sky blue, blue.
_OKABE_ITO = {"vermillion": "#d55e00", "orange": "#e69f00", "yellow": "#f0e442", "sky_blue": "#56b4e9",
              "blue": "#0072b2"}
#: Accounts without a score.
NO_DATA_COLOUR = "#999999"
_BY_COUNT = {
    1: ("blue",),
    2: ("vermillion", "blue"),
    3: ("vermillion", "orange", "blue"),
    4: ("vermillion", "orange", "sky_blue", "blue"),
    5: ("vermillion", "orange", "yellow", "sky_blue", "blue"),
}


def band_colours(n: int) -> List[str]:
    """The colours of n bands, lowest first, as the report draws them (more than five repeat)."""
    if n <= 0:
        return []
    if n in _BY_COUNT:
        return [_OKABE_ITO[c] for c in _BY_COUNT[n]]
    five = _BY_COUNT[5]
    return [_OKABE_ITO[five[k % 5]] for k in range(n)]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - matplotlib is installed where the tests run
        raise ImportError("vitals.plots needs matplotlib (Debian: apt install python3-matplotlib)") from e
    return plt


def _axes(ax):
    if ax is not None:
        return ax
    _, ax = _pyplot().subplots(figsize=(6.4, 4.0))
    return ax


def _need(result: Any, *columns: str) -> None:
    missing = [c for c in columns if c not in getattr(result, "columns", ())]
    if missing:
        raise ValueError(f"result: no column {', '.join(repr(c) for c in missing)} (score the book with "
                         f"vitals.Session; columns: {', '.join(str(c) for c in getattr(result, 'columns', ()))})")


def _band_order(result: Any, bands: Optional[Sequence[str]]) -> List[str]:
    if bands is not None:
        return [str(b) for b in bands]
    if hasattr(result, "band") and hasattr(result.band, "cat"):
        return [str(b) for b in result.band.cat.categories if str(b)]
    seen = sorted({str(b) for b in result["band"] if str(b)},
                  key=lambda b: result.loc[result["band"] == b, "score"].min())
    return seen  # lowest scores first: the band order when the frame does not carry it


def band_counts(result: Any, bands: Optional[Sequence[str]] = None, *, revenue: bool = False, ax=None):
    """A bar per band (``bands``: the card's ``band_labels``, lowest first; default: the bands in
    ``result`` ordered by their lowest score), plus "no data" when some accounts have no score;
    the number of accounts (or, with ``revenue=True``, the sum of ``value``) on each bar."""
    _need(result, "band", "score", *(("value",) if revenue else ()))
    order = _band_order(result, bands)
    unknown = sorted({str(b) for b in result["band"] if str(b) and str(b) not in order})
    if unknown:
        raise ValueError(f"band_counts: result has bands {unknown} that bands={order} does not name")
    labels, heights = [], []
    for b in order + ["no data"]:
        rows = result["band"].astype(str) == ("" if b == "no data" else b)
        if b == "no data" and not rows.any():
            continue
        labels.append(b)
        heights.append(float(result.loc[rows, "value"].sum()) if revenue else int(rows.sum()))
    colours = band_colours(len(order)) + [NO_DATA_COLOUR]
    ax = _axes(ax)
    bars = ax.bar(labels, heights, color=colours[:len(labels)], edgecolor="#1b1b1b", linewidth=0.5)
    ax.bar_label(bars, labels=[f"{h:,.0f}" for h in heights], padding=2)
    ax.set_ylabel("revenue (value)" if revenue else "accounts")
    ax.set_title("Revenue per band" if revenue else "Accounts per band")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def score_distribution(result: Any, card: Any = None, *, bins: int = 20, ax=None):
    """A histogram of the scores over 0-100 (``bins`` equal bins); with ``card`` (a Scorecard),
    each bar coloured by the band its scores fall in and the cut-offs drawn as labelled lines."""
    _need(result, "score")
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins: a positive integer is needed, not {bins!r}")
    scores = [float(s) for s in result["score"] if not math.isnan(float(s))]
    edges = [100.0 * k / bins for k in range(bins + 1)]
    ax = _axes(ax)
    cutoffs: List[float] = []
    colours = [band_colours(1)[0]] * bins
    if card is not None:
        cutoffs = [float(c) for c in card.describe()["bands"]["cutoffs"]]
        palette = band_colours(len(card.band_labels))
        colours = [palette[sum(1 for c in cutoffs if (edges[k] + edges[k + 1]) / 2 >= c)] for k in range(bins)]
    counts, _, patches = ax.hist(scores, bins=edges, edgecolor="#1b1b1b", linewidth=0.5)
    for p, c in zip(patches, colours):
        p.set_facecolor(c)
    for c in cutoffs:
        ax.axvline(c, color="#1b1b1b", linestyle="--", linewidth=1)
        ax.annotate(f"{c:g}", (c, max(counts, default=0)), textcoords="offset points", xytext=(3, -10))
    ax.set_xlim(0, 100)
    ax.set_xlabel("score")
    ax.set_ylabel("accounts")
    ax.set_title(f"Score distribution ({len(scores):,} accounts scored)")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def quadrants(result: Any, *, revenue_percent: Optional[float] = None, arr_cutoff: Optional[float] = None,
              health_threshold: Any = None, ax=None):
    """Value (``value``, log scale) against score, a point per account with both, the quadrant
    lines — the high-value cut-off and the health threshold, computed by ``vitals.classify`` with
    the same arguments — and each quadrant's label with its accounts and revenue."""
    _need(result, "value", "score")
    q = classify(result["value"], result["score"], revenue_percent=revenue_percent, arr_cutoff=arr_cutoff,
                 health_threshold=health_threshold)
    known = (q.codes != 4)
    ax = _axes(ax)
    palette = {0: _OKABE_ITO["blue"], 1: _OKABE_ITO["vermillion"], 2: _OKABE_ITO["sky_blue"],
               3: _OKABE_ITO["orange"]}
    for code, colour in palette.items():
        rows = known & (q.codes == code)
        ax.scatter(result.loc[rows, "score"], result.loc[rows, "value"], s=8, color=colour,
                   label=f"{QUADRANT_LABELS[code]}: {q.summary.counts[_key(code)]:,} accounts, "
                         f"{q.summary.revenue[_key(code)]:,.0f} revenue")
    t, v = q.summary.health_threshold, q.summary.value_cutoff
    ax.axvline(t, color="#1b1b1b", linestyle="--", linewidth=1)
    if math.isfinite(v):
        ax.axhline(v, color="#1b1b1b", linestyle="--", linewidth=1)
    positive = result.loc[known, "value"]
    if (positive > 0).all() and len(positive):
        ax.set_yscale("log")
    ax.set_xlim(0, 100)
    ax.set_xlabel("score")
    ax.set_ylabel("value")
    ax.set_title("Value x health")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.14), fontsize="small", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _key(code: int) -> str:
    from ._portfolio import QUADRANTS
    return QUADRANTS[code]
