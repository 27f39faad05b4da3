"""vitals.notebook: the notebook view of a scored book, parsed back from its HTML and checked against
what the session computed: the band counts, the revenue at risk, the assessment order (the
session's own priority column), the accounts left out, escaping of every data text."""

import math
import os
from html.parser import HTMLParser

import pandas as pd
import pytest

import vitals
import vitals.notebook as vn
from conftest import REPO

SAMPLE = os.path.join(REPO, "docs", "examples", "accounts.csv")


class Page(HTMLParser):
    """The view's elements: band spans (label, count), account rows (cell texts), the 'more' line."""

    def __init__(self, text):
        super().__init__()
        self.bands, self.rows, self.more, self.summary = {}, [], None, None
        self._in, self._cell, self._row = None, None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and a.get("class") == "band":
            self.bands[a["data-band"]] = int(a["data-count"])
        if tag == "tr" and a.get("class") == "account":
            self._row = []
        if tag == "td" and self._row is not None:
            self._cell = ""
        if tag == "p":
            self._in = a.get("class")
            if self._in in ("more", "summary"):
                setattr(self, self._in, "")

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        if tag == "p":
            self._in = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._in in ("more", "summary"):
            setattr(self, self._in, getattr(self, self._in) + data)


@pytest.fixture(scope="module")
def scored():
    book = pd.read_csv(SAMPLE, dtype={"account_id": str, "segment": str, "parent_id": str},
                       float_precision="round_trip")
    with vitals.Scorecard.default() as card, vitals.Session(card, as_of="2026-11-30") as s:
        return s.score(book), list(card.band_labels)


def test_summary_bands_and_order_are_the_sessions(scored):
    result, bands = scored
    v = vn.view(result, bands, top=7)
    page = Page(v._repr_html_())
    counts = result["band"].replace("", "no data").value_counts().to_dict()
    assert page.bands == counts == v.band_counts
    assert list(page.bands)[:len(bands)] == [b for b in bands if b in counts]   # lowest band first
    # the assessment order is the session's priority (1 = first)
    ranked = result[result["priority"] > 0].sort_values("priority")
    assert v.listed == list(ranked.index[:7])
    assert [row[0] for row in page.rows] == v.listed
    assert page.more.strip() == f"{len(result) - 7:,} more accounts not listed"
    assert v.revenue_at_risk == pytest.approx(result["at_risk"].sum())
    assert f"{result['at_risk'].sum():,.0f}" in page.summary
    header = f"{len(result):,} accounts, {int(result['score'].notna().sum()):,} scored"
    assert page.summary.startswith(header) and repr(v).startswith("<vitals book: " + header)
    # each listed row's band and score as the result has them
    for row, account in zip(page.rows, v.listed):
        assert row[1] == f"{result.loc[account, 'score']:.1f}"
        assert row[2] == (result.loc[account, "band"] or "no data")



def test_without_priority_column_prioritise_gives_the_same_order(scored):
    result, bands = scored
    with_priority = vn.view(result, bands, top=len(result))
    without = vn.view(result.drop(columns=["priority"]), bands, top=len(result))
    assert without.listed == with_priority.listed
    # the accounts the session did not list follow the listed ones, lowest score first
    unlisted = result[result["priority"] == 0]
    tail = with_priority.listed[len(result) - len(unlisted):]
    assert sorted(tail) == sorted(unlisted.index)
    tail_scores = [result.loc[a, "score"] for a in tail]
    shown = [s for s in tail_scores if not math.isnan(s)]
    assert shown == sorted(shown) and all(math.isnan(s) for s in tail_scores[len(shown):])

def test_every_account_and_none(scored):
    result, bands = scored
    whole = vn.view(result, bands, top=len(result) + 5)
    assert whole.left_out == 0 and sorted(whole.listed) == sorted(result.index)
    assert Page(whole._repr_html_()).more is None
    none = vn.view(result, bands, top=0)
    assert none.listed == [] and Page(none._repr_html_()).rows == []


def test_without_value_lowest_score_first_and_missing_last():
    ids = ["a", "b", "c", "d"]
    result = pd.DataFrame({"score": [55.0, math.nan, 12.5, 80.0], "band": ["amber", "", "red", "green"]},
                          index=pd.Index(ids, name="account_id"))
    v = vn.view(result, ["red", "amber", "green"])
    assert v.listed == ["c", "a", "d", "b"]
    assert v.band_counts == {"red": 1, "amber": 1, "green": 1, "no data": 1}
    assert math.isnan(v.revenue_at_risk)
    rows = Page(v._repr_html_()).rows
    assert [r[2] for r in rows] == ["red", "amber", "green", "no data"]
    assert rows[3][1] == ""  # no score shown as empty, not "nan"


def test_data_text_is_escaped():
    evil = '<script>alert("x")</script>'
    result = pd.DataFrame({"score": [10.0, 90.0], "band": ["r&d <low>", "ok"], "drivers": [evil, ""]},
                          index=pd.Index([evil, "b"], name="account_id"))
    text = vn.view(result, ["r&d <low>", "ok"])._repr_html_()
    assert "<script>" not in text and "&lt;script&gt;" in text
    page = Page(text)
    assert page.rows[0][0] == evil and page.rows[0][3] == evil   # parsed back, the texts are whole
    assert page.bands == {"r&d <low>": 1, "ok": 1}


def test_errors(scored):
    result, bands = scored
    with pytest.raises(ValueError, match="top"):
        vn.view(result, bands, top=-1)
    with pytest.raises(ValueError, match="band"):
        vn.view(result.drop(columns=["band"]))
    with pytest.raises(ValueError, match="does not name"):
        vn.view(result, ["red"])
