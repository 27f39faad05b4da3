"""vitals.plots: the matplotlib figures of a scored book (Agg backend, no display). Each figure is
checked against what the library computed: bar heights against the band counts, histogram bars
and their colours against the scores and the card's cut-offs, scatter points against
vitals.classify, and the palette against the report's (src/report/palette.cpp)."""

import os
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

import vitals  # noqa: E402
import vitals.plots as vp  # noqa: E402
from conftest import REPO  # noqa: E402


@pytest.fixture(scope="module")
def result():
    book = pd.read_csv(os.path.join(REPO, "docs", "examples", "accounts.csv"),
                       dtype={"account_id": str, "segment": str, "parent_id": str}, float_precision="round_trip")
    with vitals.Session(vitals.Scorecard.default(), as_of="2026-11-30") as s:
        return s.score(book)


def _hex(c):
    return mcolors.to_hex(c)


def test_the_palette_is_the_reports():
    text = open(os.path.join(REPO, "src", "report", "palette.cpp")).read()
    rgb = {name: "#%02x%02x%02x" % tuple(int(v) for v in (r, g, b))
           for name, r, g, b in re.findall(r"(\w+)\{(\d+), (\d+), (\d+)\}", text)}
    rows = re.findall(r"\{((?:\w+, )*\w+)\},\n", text)   # band_colours' table, one row per band count
    table = [[rgb[c] for c in row.split(", ")] for row in rows if all(c in rgb for c in row.split(", "))]
    assert len(table) == 5
    for n, colours in enumerate(table, start=1):
        assert vp.band_colours(n) == colours
    assert vp.band_colours(7) == table[4] + table[4][:2]
    assert vp.NO_DATA_COLOUR == rgb["grey"]


def test_band_counts(result):
    card = vitals.Scorecard.default()
    ax = vp.band_counts(result, card.band_labels)
    bars = ax.patches
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["red", "yellow", "green", "no data"]
    want = [int((result.band == b).sum()) for b in ("red", "yellow", "green", "")]
    assert [int(b.get_height()) for b in bars] == want
    assert sum(want) == len(result) and want[3] == int(result.score.isna().sum()) > 0
    assert [_hex(b.get_facecolor()) for b in bars] == vp.band_colours(3) + [vp.NO_DATA_COLOUR]
    assert [t.get_text() for t in ax.texts] == [f"{w:,}" for w in want]  # the count on each bar
    # revenue per band; without bands given, the order is by each band's lowest score
    ax = vp.band_counts(result, revenue=True)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["red", "yellow", "green", "no data"]
    got = [b.get_height() for b in ax.patches]
    assert got == pytest.approx([result.value[result.band == b].sum() for b in ("red", "yellow", "green", "")])
    plt.close("all")


def test_score_distribution(result):
    card = vitals.Scorecard.default()
    ax = vp.score_distribution(result, card, bins=20)
    heights = [p.get_height() for p in ax.patches]
    want, _ = np.histogram(result.score.dropna(), bins=20, range=(0, 100))
    assert heights == list(want)
    red, yellow, green = vp.band_colours(3)
    colours = [_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == [red] * 8 + [yellow] * 6 + [green] * 6   # bins of 5 points; cut-offs 40 and 70
    assert sorted(line.get_xdata()[0] for line in ax.lines) == [40.0, 70.0]
    assert "990 accounts scored" in ax.get_title()
    plt.close("all")


def test_quadrants(result):
    ax = vp.quadrants(result)
    q = vitals.classify(result.value, result.score)
    points = [len(c.get_offsets()) for c in ax.collections]
    assert points == [q.summary.counts[k] for k in ("committed", "at_risk", "growth_candidate", "maintenance")]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == f"Committed: {q.summary.counts['committed']:,} accounts, " \
                        f"{q.summary.revenue['committed']:,.0f} revenue"
    lines = {(round(line.get_xdata()[0], 9) if line.get_xdata()[0] == line.get_xdata()[1] else None,
              line.get_ydata()[0] if line.get_ydata()[0] == line.get_ydata()[1] else None) for line in ax.lines}
    assert (70.0, None) in lines and (None, q.summary.value_cutoff) in lines
    assert ax.get_yscale() == "log"
    # the session's own quadrant column agrees with the points drawn
    assert int((result.quadrant == "committed").sum()) == points[0]
    plt.close("all")


def test_errors(result):
    with pytest.raises(ValueError, match="no column 'value'"):
        vp.quadrants(result.drop(columns=["value"]))
    with pytest.raises(ValueError, match="does not name"):
        vp.band_counts(result, ["red", "green"])
    with pytest.raises(ValueError, match="bins"):
        vp.score_distribution(result, bins=0)


def test_the_docs_figure_script(tmp_path):
    """docs/examples/python_plots.py (which made docs/images/python-plots.png) runs and writes a PNG."""
    import subprocess
    import sys
    out = tmp_path / "plots.png"
    subprocess.run([sys.executable, os.path.join("docs", "examples", "python_plots.py"), str(out)], cwd=REPO,
                   check=True, env=dict(os.environ))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000   # three charts, not an empty canvas
