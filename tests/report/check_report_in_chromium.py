#!/usr/bin/python3
"""The report of the shipped sample, rendered in headless Chromium.

  check_report_in_chromium.py VITALS SOURCE_DIR WORK [--screenshot-to PATH]

Writes `vitals report` of docs/examples (the README's Quick start book, with every side file),
loads it in headless Chromium (--dump-dom and --screenshot) and fails on:
  - any console message (the page has no script, so any message is a problem; its
    Content-Security-Policy, default-src 'none', turns every attempt to load a resource — an image, a
    font, a style sheet, a script — into a console message, so a failed or forbidden load fails too);
  - an element in the rendered DOM that would load anything (src, href other than '#...', url(...));
  - the same with --max-points 100, where the quadrant plot is a density: its cells must add up to
    the plotted accounts of each band;
  - a section or chart element missing, or a count that differs from what `vitals score --format csv`
    and `vitals portfolio --format csv` give for the same book: accounts and revenue per band, the
    band mix of each earlier period (--previous) and now, the
    score histogram (20 bins, summing to the scored accounts), one point per plotted account with its
    band, the two quadrant lines, accounts and revenue per quadrant, the assessment list in
    portfolio's priority order with each row's band, trend and alerts, and "N more";
and saves a screenshot (WORK/report.png; also PATH with --screenshot-to, as docs/report.md's is made),
and one of the page with its first explanation opened (WORK/report-explanation.png; PATH-explanation.png).
First it checks itself: a page with a console error and a missing image must fail the same checks.
Exit 77 (ctest SKIP_RETURN_CODE) only when there is no chromium.
"""
import csv
from collections import Counter
import html.parser
import io
import math
import os
import shutil
import subprocess
import sys

SKIP = 77


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def find_all(self, tag=None, cls=None):
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())]

    def by_id(self, ident):
        for n in self.walk():
            if n.attrs.get("id") == ident:
                return n
        return None

    def all_text(self):
        return self.text + "".join(c.all_text() for c in self.children)


VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


class Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text += data


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def chromium(binary, url, *args):
    """(stdout, console lines) of one headless run."""
    cmd = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
           "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + os.environ["VITALS_CHROMIUM_PROFILE"],
           *args, url]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    console = [l for l in p.stderr.splitlines() if ":CONSOLE" in l or "Uncaught" in l or "net::ERR" in l]
    if p.returncode != 0:
        console.append(f"chromium exited with {p.returncode}: {p.stderr[-2000:]}")
    return p.stdout, console


def open_page(binary, path, shot, height):
    """Loads the page at `path` twice — --dump-dom, then a 1280 x `height` screenshot into `shot` —
    and returns (its DOM, Problems holding any console message and a missing screenshot)."""
    dom_text, console = chromium(binary, "file://" + path, "--dump-dom")
    if os.path.exists(shot):
        os.remove(shot)
    _, console2 = chromium(binary, "file://" + path, "--screenshot=" + shot, f"--window-size=1280,{height}",
                           "--hide-scrollbars", "--force-device-scale-factor=1")
    p = Problems()
    p.check(not console and not console2, f"console messages: {console + console2}")
    p.check(os.path.exists(shot) and os.path.getsize(shot) > 10000, "no screenshot")
    parser = Parser()
    parser.feed(dom_text)
    return parser.root, p


def loads_anything(dom):
    """Elements of the DOM that would fetch something."""
    bad = []
    for n in dom.walk():
        for k, v in n.attrs.items():
            v = v or ""
            if k in ("src", "srcset", "data", "poster", "xlink:href") or (k == "href" and not v.startswith("#")):
                bad.append(f"<{n.tag} {k}={v!r}>")
            if "url(" in v:
                bad.append(f"<{n.tag} {k}=...url(...)>")
        if n.tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio", "image", "use"):
            bad.append(f"<{n.tag}>")
        if n.tag == "style" and "url(" in n.text:
            bad.append("<style> with url(...)")
    return bad


class Problems(list):
    def check(self, ok, what):
        if not ok:
            self.append(what)


def self_test(binary, work):
    """The checks must catch a page that logs an error and loads a missing image."""
    bad = os.path.join(work, "broken.html")
    with open(bad, "w") as f:
        f.write('<!DOCTYPE html><html><head><meta charset="utf-8">'
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"><title>x</title></head>"
                '<body><img src="missing.png"><script>console.error("boom")</script></body></html>')
    dom_text, console = chromium(binary, "file://" + bad, "--dump-dom")
    dom = Parser()
    dom.feed(dom_text)
    if not console or not loads_anything(dom.root):
        sys.exit(f"self-test: a broken page passed (console {console}, loads {loads_anything(dom.root)})")


def number(s):
    return float(s) if s not in ("", None) else math.nan


def start(usage):
    """(vitals, source, work, screenshot_to, chromium) from the command line, the work folder made and
    the checks checked on a broken page; None when there is no chromium (skip)."""
    if len(sys.argv) < 4:
        sys.exit(usage)
    vitals, source, work = sys.argv[1:4]
    screenshot_to = sys.argv[sys.argv.index("--screenshot-to") + 1] if "--screenshot-to" in sys.argv else None
    binary = chromium_binary()
    if binary is None:
        print("no chromium: skipped (apt-get install chromium)")
        return None
    os.makedirs(work, exist_ok=True)
    os.environ["VITALS_CHROMIUM_PROFILE"] = os.path.join(work, "chromium-profile")
    self_test(binary, work)
    return vitals, source, work, screenshot_to, binary


def main():
    args = start(__doc__)
    if args is None:
        return SKIP
    vitals, source, work, screenshot_to, binary = args

    ex = os.path.join(source, "docs", "examples")
    book = [os.path.join(ex, "accounts.csv"), "--history", os.path.join(ex, "history.csv"), "--previous",
            os.path.join(ex, "previous.csv"), "--overrides", os.path.join(ex, "overrides.csv"), "--surveys",
            os.path.join(ex, "surveys.csv"), "--as-of", "2026-11-30"]
    report = os.path.join(work, "report.html")
    r = subprocess.run([vitals, "report", *book, "--out", report], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"vitals report failed ({r.returncode}): {r.stderr}")
    scores = list(csv.DictReader(io.StringIO(subprocess.run([vitals, "score", *book, "--format", "csv", "-q"], check=True,
                                                            capture_output=True, text=True).stdout)))
    ranks = list(csv.DictReader(io.StringIO(subprocess.run([vitals, "portfolio", *book, "--format", "csv", "--top", "0", "-q"],
                                                           check=True, capture_output=True, text=True).stdout)))
    with open(os.path.join(ex, "accounts.csv")) as f:
        arr = {row["account_id"]: number(row["arr"]) for row in csv.DictReader(f)}

    shot = os.path.join(work, "report.png")
    dom, p = open_page(binary, report, shot, 3000)
    p.check(not loads_anything(dom), f"elements that load something: {loads_anything(dom)[:5]}")

    sections = {s: dom.by_id(s) for s in ("summary", "bands", "band-mix", "distribution", "quadrant", "assessment", "measures", "coverage")}
    for name, node in sections.items():
        p.check(node is not None, f"section #{name} missing")
    if any(n is None for n in sections.values()):
        print("\n".join(p))
        return 1

    n = len(scores)
    scored = [s for s in scores if s["status"] == "ok"]
    p.check(sections["summary"].attrs.get("data-accounts") == str(n), f"summary: {sections['summary'].attrs} for {n} accounts")
    p.check(sections["summary"].attrs.get("data-scored") == str(len(scored)), "summary: scored accounts")

    # bands: accounts and revenue per band, as vitals score gives them
    rows = {r.attrs["data-band"]: r for r in sections["bands"].find_all("tr", "band-row")}
    want = {}
    for s in scores:
        band = s["band"] if s["status"] == "ok" else "no data"
        c, rev = want.get(band, (0, 0.0))
        want[band] = (c + 1, rev + (arr[s["account_id"]] if not math.isnan(arr[s["account_id"]]) else 0.0))
    for band, (count, revenue) in want.items():
        row = rows.get(band)
        p.check(row is not None, f"bands: no row for {band}")
        if row is not None:
            p.check(row.attrs["data-accounts"] == str(count), f"bands: {band} {row.attrs['data-accounts']} accounts, want {count}")
            p.check(abs(float(row.attrs["data-revenue"]) - revenue) < 0.01, f"bands: {band} revenue")
    p.check(set(rows) == set(want) | {"no data"} or set(rows) == set(want), f"bands: rows {sorted(rows)}")
    band_bars = dom.by_id("band-chart").find_all("g", "bar")
    p.check(len(band_bars) == len(rows), f"band chart: {len(band_bars)} bars for {len(rows)} bands")
    p.check(all(b.all_text().strip() for b in band_bars), "band chart: a bar without its label")

    # the band mix over time: each earlier period's scores in the default bands, then now
    with open(os.path.join(ex, "previous.csv")) as f:
        earlier = [row for row in csv.DictReader(f) if row["account_id"] in arr]
    def band_of(score):
        return "no data" if math.isnan(score) else "red" if score < 40 else "yellow" if score < 70 else "green"
    mix_want = Counter((row["period"], band_of(number(row["score"]))) for row in earlier)
    for band, (count, _) in want.items():
        mix_want[("now", band)] = count
    chart = dom.by_id("band-mix-chart")
    columns = chart.find_all("g", "mix-column")
    p.check([c.attrs["data-period"] for c in columns] == sorted({row["period"] for row in earlier}) + ["now"],
            f"band mix: columns {[c.attrs['data-period'] for c in columns]}")
    got = Counter()
    for r in chart.find_all("rect", "mix"):
        got[(r.attrs["data-period"], r.attrs["data-band"])] += int(r.attrs["data-count"])
    p.check(got == mix_want, f"band mix: {sorted(got.items())} != {sorted(mix_want.items())}")

    # the score distribution
    bins = dom.by_id("score-histogram").find_all("rect", "bin")
    p.check(len(bins) == 20, f"histogram: {len(bins)} bins")
    p.check(sum(int(b.attrs["data-count"]) for b in bins) == len(scored), "histogram: counts do not add up to the scored accounts")
    for b in bins:
        lo, hi = float(b.attrs["data-from"]), float(b.attrs["data-to"])
        inside = sum(1 for s in scored if lo <= float(s["score"]) < hi or (hi == 100 and float(s["score"]) == 100))
        p.check(int(b.attrs["data-count"]) == inside, f"histogram: bin {lo}-{hi} has {b.attrs['data-count']}, want {inside}")

    # value x health
    plot = dom.by_id("quadrant-plot")
    points = plot.find_all("circle", "pt")
    plotted = [s for s in scored if arr[s["account_id"]] > 0]
    p.check(len(points) == len(plotted), f"quadrant plot: {len(points)} points for {len(plotted)} accounts")
    p.check(Counter(pt.attrs["data-band"] for pt in points) == Counter(s["band"] for s in plotted), "quadrant plot: points per band")
    lines = plot.find_all("line", "quadrant-line")
    p.check(sorted(l.attrs["data-line"] for l in lines) == ["health", "value"], f"quadrant lines: {[l.attrs for l in lines]}")
    labels = plot.find_all("text", "quadrant-label")
    p.check(len(labels) == 4, f"quadrant labels: {len(labels)}")
    qrows = {r.attrs["data-quadrant"]: r for r in sections["quadrant"].find_all("tr", "quadrant-row")}
    qwant = Counter(s["quadrant"] for s in scores)
    for q in ("committed", "at_risk", "growth_candidate", "maintenance", "unknown"):
        p.check(q in qrows and qrows[q].attrs["data-accounts"] == str(qwant.get(q, 0)),
                f"quadrant {q}: {qrows[q].attrs if q in qrows else None}, want {qwant.get(q, 0)}")
        revenue = sum(arr[s["account_id"]] for s in scores if s["quadrant"] == q and not math.isnan(arr[s["account_id"]]))
        p.check(q in qrows and abs(float(qrows[q].attrs["data-revenue"]) - revenue) < 0.01, f"quadrant {q}: revenue")

    # the assessment list: portfolio's order, with band, trend and alerts as vitals score gives them
    items = dom.by_id("assessment-list").find_all("li", "account")
    ranked = sorted((r for r in ranks if r["priority"]), key=lambda r: int(r["priority"]))
    top = ranked[:200]
    p.check(len(items) == len(top), f"assessment: {len(items)} accounts, want {len(top)}")
    p.check([i.attrs["data-id"] for i in items] == [r["account_id"] for r in top], "assessment: not portfolio's priority order")
    by_id = {s["account_id"]: s for s in scores}
    direction = {"declining": "declining", "stable": "stable", "improving": "improving", "unknown": "unknown", "": "unknown"}
    for i in items:
        s = by_id[i.attrs["data-id"]]
        p.check(i.attrs["data-band"] == s["band"], f"assessment: {s['account_id']} band")
        trend = i.find_all("span", "trend")
        p.check(len(trend) == 1 and trend[0].attrs["data-direction"] == direction[s["trend"]], f"assessment: {s['account_id']} trend")
        fired = [a for a in s["alerts"].split(";") if a]
        p.check(i.attrs["data-alerts"] == str(len(fired)), f"assessment: {s['account_id']} alerts {i.attrs['data-alerts']}, want {len(fired)}")
        details = i.find_all("details")
        p.check(len(details) == 1 and details[0].find_all("summary"), f"assessment: {s['account_id']} has no <details>")
        p.check(len(i.find_all("tr", "measure")) >= 5, f"assessment: {s['account_id']} explanation has no measures")
        p.check(len(i.find_all("span", "driver")) == len([d for d in (s["driver_1"], s["driver_2"], s["driver_3"]) if d]),
                f"assessment: {s['account_id']} drivers")
    more = sections["assessment"].find_all("p", "more")
    p.check(len(more) == 1 and more[0].attrs["data-more"] == str(len(ranked) - len(top)), "assessment: the 'N more' line")
    p.check(len(more) == 1 and f"{len(ranked) - len(top):,} more" in more[0].all_text(), "assessment: 'N more' not stated")

    # the measures that cost the most, coverage
    bars = dom.by_id("measure-chart").find_all("g", "bar")
    values = [float(b.attrs["data-value"]) for b in bars]
    p.check(len(bars) >= 5 and values == sorted(values, reverse=True), "measures: not sorted by points lost")
    cov = dom.by_id("coverage-histogram").find_all("rect", "bin")
    p.check(len(cov) == 10 and sum(int(b.attrs["data-count"]) for b in cov) == len(scored), "coverage histogram")
    p.check(len(sections["coverage"].find_all("tr", "measure-coverage")) == len(bars), "coverage: one row per measure")

    if p:
        print("\n".join(p))
        return 1
    # the same book with --max-points 100: the quadrant plot becomes a density whose cells add up to the
    # plotted accounts, band by band (a cell is 2.5 points high, so no cell straddles 40 or 70)
    dense = os.path.join(work, "report-density.html")
    r = subprocess.run([vitals, "report", *book, "--max-points", "100", "--out", dense, "-q"], capture_output=True, text=True)
    p.check(r.returncode == 0, f"vitals report --max-points 100 failed: {r.stderr}")
    dense_dom, console4 = chromium(binary, "file://" + dense, "--dump-dom")
    p.check(not console4, f"console messages (density page): {console4}")
    parser = Parser()
    parser.feed(dense_dom)
    dplot = parser.root.by_id("quadrant-plot")
    cells = dplot.find_all("rect", "cell") if dplot is not None else []
    p.check(cells and not dplot.find_all("circle", "pt"), "density: no cells, or points as well")
    per_band = Counter()
    for c in cells:
        per_band[c.attrs["data-band"]] += int(c.attrs["data-count"])
    p.check(per_band == Counter(s["band"] for s in plotted), f"density: {dict(per_band)} per band")
    p.check(dplot is not None and len(dplot.find_all("line", "quadrant-line")) == 2, "density: quadrant lines")
    if p:
        print("\n".join(p))
        return 1

    # a second picture: the same page with the first account's explanation opened (what a click on
    # its row shows) and the sections above the list folded away, so the explanation is in view
    with open(report, encoding="utf-8") as f:
        page = f.read()
    page = page.replace("<details>", "<details open>", 1).replace(
        "</style>", "#bands,#band-mix,#distribution,#quadrant{display:none}</style>", 1)
    opened = os.path.join(work, "report-explanation.html")
    with open(opened, "w", encoding="utf-8") as f:
        f.write(page)
    opened_shot = os.path.join(work, "report-explanation.png")
    _, console3 = chromium(binary, "file://" + opened, "--screenshot=" + opened_shot, "--window-size=1280,1000",
                           "--hide-scrollbars", "--force-device-scale-factor=1")
    if console3:
        print(f"console messages (explanation page): {console3}")
        return 1
    if screenshot_to:
        shutil.copyfile(shot, screenshot_to)
        shutil.copyfile(opened_shot, screenshot_to.replace(".png", "-explanation.png"))
    print(f"ok: {n} accounts, {len(items)} listed, {len(points)} points; {os.path.getsize(report):,} bytes; screenshot {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
