"""A notebook view of a scored book: the summary and the accounts to assess first, as HTML.

``vitals.notebook.view(result)`` takes the DataFrame ``vitals.Session.score`` returns and gives an
object that Jupyter (and any front end that calls ``_repr_html_``) shows as a small table in the
report's style: the accounts, how many were scored, the revenue and the revenue at risk, the
accounts per band (a colour swatch *and* the band's label, in the report's colour-blind-safe
palette), then the ``top`` accounts in assessment order — the session's ``priority`` column when the
result has one, else ``vitals.prioritise`` over ``value`` and ``score``; the accounts those do not
list follow, lowest score first, accounts without a score last — and a line saying how many were
left out.
Every text from the data (account ids, band labels, drivers, alerts) is escaped. ``repr()`` gives
the same summary as plain text. Needs only pandas.

    with vitals.Session(card, as_of="2026-11-30") as s:
        result = s.score(book)
    vitals.notebook.view(result, bands=card.band_labels, top=10)   # the last line of a cell
"""

from __future__ import annotations

import html
import math
from typing import Any, List, Optional, Sequence

from .plots import NO_DATA_COLOUR, _band_order, _need, band_colours

_ARROWS = {"declining": "\u2193", "stable": "\u2192", "improving": "\u2191"}
_STYLE = ("<style>.vitals-book{font-family:system-ui,sans-serif;font-size:13px}"
          ".vitals-book table{border-collapse:collapse}.vitals-book td,.vitals-book th{padding:2px 8px;"
          "text-align:left;border-bottom:1px solid #ddd}.vitals-book td.num{text-align:right}"
          ".vitals-book .chip{display:inline-block;width:.85em;height:.85em;border-radius:2px;margin-right:5px;"
          "vertical-align:-1px;border:1px solid rgba(0,0,0,.25)}.vitals-book .bands span.band{margin-right:14px}"
          "</style>")


def _number(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def _assessment_order(result: Any, scores: List[float], values: Optional[List[float]]) -> List[int]:
    """Row positions in assessment order, computed once, below this view: the session's own
    ``priority`` column when the result has it, else ``vitals.prioritise`` over ``value`` and
    ``score``; the accounts neither lists follow, lowest score first, unscored last, book order."""
    listed: List[int] = []
    if "priority" in result.columns:
        place = [_number(p) for p in result["priority"]]
        listed = sorted((i for i, p in enumerate(place) if p > 0), key=lambda i: place[i])
    elif values is not None:
        from ._portfolio import prioritise
        listed = [int(i) for i in prioritise(values, scores).order]
    seen = set(listed)
    rest = sorted((i for i in range(len(scores)) if i not in seen),
                  key=lambda i: (math.isnan(scores[i]), 0.0 if math.isnan(scores[i]) else scores[i], i))
    return listed + rest


class BookView:
    """What :func:`view` returns: ``_repr_html_()`` for notebooks, ``repr()`` as text, and the
    figures it shows as attributes (``accounts``, ``scored``, ``revenue``, ``revenue_at_risk``,
    ``band_counts`` (label -> accounts, lowest band first, then "no data"), ``listed`` (the account
    ids shown, in order) and ``left_out``)."""

    def __init__(self, result: Any, bands: Optional[Sequence[str]], top: int) -> None:
        _need(result, "score", "band")
        if isinstance(top, bool) or not isinstance(top, int) or top < 0:
            raise ValueError(f"top: an int >= 0 (the accounts listed), not {top!r}")
        self._result = result
        self.order: List[str] = _band_order(result, bands)
        labels = [_text(b) for b in result["band"]]
        unknown = sorted({b for b in labels if b and b not in self.order})
        if unknown:
            raise ValueError(f"view: result has bands {unknown} that bands={self.order} does not name")
        self.band_counts = {b: labels.count(b) for b in self.order}
        if labels.count(""):
            self.band_counts["no data"] = labels.count("")
        scores = [_number(s) for s in result["score"]]
        self.accounts = len(scores)
        self.scored = sum(1 for s in scores if not math.isnan(s))
        values = [_number(v) for v in result["value"]] if "value" in result.columns else None
        risk = [_number(v) for v in result["at_risk"]] if "at_risk" in result.columns else None
        self.revenue = math.fsum(v for v in values if not math.isnan(v)) if values is not None else math.nan
        self.revenue_at_risk = math.fsum(v for v in risk if not math.isnan(v)) if risk is not None else math.nan

        ranked = _assessment_order(result, scores, values)[:top]
        self._rows = ranked
        self.listed = [str(result.index[i]) for i in ranked]
        self.left_out = self.accounts - len(ranked)

    # ---- text -----------------------------------------------------------------------------------

    def __repr__(self) -> str:
        head = f"{self.accounts:,} accounts, {self.scored:,} scored"
        if not math.isnan(self.revenue_at_risk):
            head += f", revenue {self.revenue:,.0f}, at risk {self.revenue_at_risk:,.0f}"
        bands = ", ".join(f"{b} {n:,}" for b, n in self.band_counts.items())
        return f"<vitals book: {head}; {bands}; listing {len(self.listed):,}, {self.left_out:,} left out>"

    # ---- HTML -----------------------------------------------------------------------------------

    def _repr_html_(self) -> str:
        r = self._result
        colours = dict(zip(self.order, band_colours(len(self.order))))
        colours["no data"] = NO_DATA_COLOUR
        colours[""] = NO_DATA_COLOUR
        out = [_STYLE, '<div class="vitals-book">']
        summary = f"{self.accounts:,} accounts, {self.scored:,} scored"
        if not math.isnan(self.revenue_at_risk):
            summary += f"; revenue {self.revenue:,.0f}, revenue at risk {self.revenue_at_risk:,.0f}"
        out.append(f'<p class="summary">{html.escape(summary)}</p><p class="bands">')
        for b, n in self.band_counts.items():
            out.append(f'<span class="band" data-band="{html.escape(b, quote=True)}" data-count="{n}">'
                       f'<span class="chip" style="background:{colours[b]}"></span>{html.escape(b)}: {n:,}</span>')
        out.append("</p>")
        columns = [c for c in ("score", "band", "coverage", "drivers", "direction", "alerts", "value", "at_risk")
                   if c in r.columns]
        out.append("<table><thead><tr><th>account</th>" + "".join(
            f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in columns) + "</tr></thead><tbody>")
        for i in self._rows:
            cells = [f"<td>{html.escape(str(r.index[i]))}</td>"]
            for c in columns:
                v = r[c].iloc[i]
                if c == "band":
                    b = _text(v)
                    cells.append(f'<td><span class="chip" style="background:{colours.get(b, NO_DATA_COLOUR)}">'
                                 f'</span>{html.escape(b or "no data")}</td>')
                elif c == "direction":
                    d = _text(v)
                    change = _number(r["change"].iloc[i]) if "change" in r.columns else math.nan
                    arrow = _ARROWS.get(d, "")
                    shown = f"{arrow} {d} {change:+.1f}" if arrow and not math.isnan(change) else d
                    cells.append(f"<td>{html.escape(shown)}</td>")
                elif c in ("drivers", "alerts"):
                    cells.append(f"<td>{html.escape(_text(v).replace(';', ', '))}</td>")
                else:
                    x = _number(v)
                    shown = "" if math.isnan(x) else (f"{100 * x:.0f}%" if c == "coverage" else
                                                      f"{x:.1f}" if c == "score" else f"{x:,.0f}")
                    cells.append(f'<td class="num">{shown}</td>')
            out.append(f'<tr class="account">{"".join(cells)}</tr>')
        out.append("</tbody></table>")
        if self.left_out:
            out.append(f'<p class="more">{self.left_out:,} more account{"" if self.left_out == 1 else "s"} '
                       f"not listed</p>")
        out.append("</div>")
        return "".join(out)


def view(result: Any, bands: Optional[Sequence[str]] = None, *, top: int = 20) -> BookView:
    """The notebook view of a scored book (see the module's text). ``bands``: the card's
    ``band_labels``, lowest first (default: the bands in ``result`` ordered by their lowest score);
    ``top``: the accounts listed (0 = only the summary)."""
    return BookView(result, bands, top)
